/* A zip archive built in memory by libzip and then copied to the sink,
 * because a sink cannot seek. Deflating is done here, not by libzip:
 * left to itself, libzip sets up a new deflate stream for each entry
 * (256 KB, partly cleared), which cost as much as the compressing on a
 * book of many chapters. The deflated bytes reach libzip through a source
 * function that gives their method, sizes and CRC. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include <zlib.h>

#include "archive.h"

/* The latest time a DOS date holds: 2107-12-31 23:59:59 UTC. */
#define DOS_TIME_MAX 4354819199LL

struct quire_zip {
	zip_source_t *mem; /* the archive's bytes */
	zip_t *za;
	time_t mtime;
	z_stream z;
	bool z_ready;
	unsigned char *scratch; /* deflate output, reused */
	size_t scratch_cap;
};

/* The reading side of a packed entry, for libzip. */
struct packed_reader {
	struct quire_zip_packed packed;
	time_t mtime;
	size_t pos;
	zip_error_t error;
};

enum quire_status quire_zip_open(struct quire_zip **out, long long timestamp)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	struct quire_zip *zip = calloc(1, sizeof(*zip));
	zip_error_t ze;

	zip_error_init(&ze);
	*out = zip;
	if (zip == NULL)
		goto out;
	/* libzip clamps times before 1980 itself. */
	zip->mtime = (time_t)(timestamp < 0 ? 0 : timestamp > DOS_TIME_MAX ? DOS_TIME_MAX : timestamp);
	zip->mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (zip->mem == NULL)
		goto out;
	/* Kept past zip_close(), to be read back. */
	zip_source_keep(zip->mem);
	zip->za = zip_open_from_source(zip->mem, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	st = zip->za ? QUIRE_OK : QUIRE_ERR_INTERNAL;
out:
	zip_error_fini(&ze);
	return st;
}

enum quire_status quire_zip_deflate(struct quire_zip *zip, const void *data, size_t len,
                                    struct quire_zip_packed *out)
{
	*out = (struct quire_zip_packed){.size = len};
	if (len > UINT_MAX)
		return QUIRE_ERR_NOMEM;
	if (!zip->z_ready) {
		if (deflateInit2(&zip->z, QUIRE_ZIP_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return QUIRE_ERR_NOMEM;
		zip->z_ready = true;
	}
	if (deflateReset(&zip->z) != Z_OK)
		return QUIRE_ERR_INTERNAL;
	uLong bound = deflateBound(&zip->z, (uLong)len);
	if (!QUIRE_RESERVE(zip->scratch, zip->scratch_cap, bound))
		return QUIRE_ERR_NOMEM;
	zip->z.next_in = (Bytef *)data;
	zip->z.avail_in = (uInt)len;
	zip->z.next_out = zip->scratch;
	zip->z.avail_out = (uInt)bound;
	if (deflate(&zip->z, Z_FINISH) != Z_STREAM_END)
		return QUIRE_ERR_INTERNAL;
	out->len = bound - zip->z.avail_out;
	out->data = malloc(out->len ? out->len : 1);
	if (out->data == NULL)
		return QUIRE_ERR_NOMEM;
	memcpy(out->data, zip->scratch, out->len);
	out->crc = (uint32_t)crc32_z(crc32_z(0, NULL, 0), data, len);
	return QUIRE_OK;
}

static zip_int64_t packed_stat(struct packed_reader *r, void *data, zip_uint64_t len)
{
	zip_stat_t *st = data;
	if (len < sizeof(*st)) {
		zip_error_set(&r->error, ZIP_ER_INVAL, 0);
		return -1;
	}
	zip_stat_init(st);
	st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
	            ZIP_STAT_MTIME;
	st->size = r->packed.size;
	st->comp_size = r->packed.len;
	st->comp_method = ZIP_CM_DEFLATE;
	st->crc = r->packed.crc;
	st->mtime = r->mtime;
	return sizeof(*st);
}

static zip_int64_t packed_source(void *user, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct packed_reader *r = user;
	if (cmd == ZIP_SOURCE_OPEN) {
		r->pos = 0;
		return 0;
	}
	if (cmd == ZIP_SOURCE_READ) {
		size_t left = r->packed.len - r->pos;
		size_t n = left < len ? left : (size_t)len;
		memcpy(data, r->packed.data + r->pos, n);
		r->pos += n;
		return (zip_int64_t)n;
	}
	if (cmd == ZIP_SOURCE_CLOSE)
		return 0;
	if (cmd == ZIP_SOURCE_STAT)
		return packed_stat(r, data, len);
	if (cmd == ZIP_SOURCE_ERROR)
		return zip_error_to_data(&r->error, data, len);
	if (cmd == ZIP_SOURCE_FREE) {
		zip_error_fini(&r->error);
		free(r->packed.data);
		free(r);
		return 0;
	}
	if (cmd == ZIP_SOURCE_SUPPORTS)
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
		                                      -1);
	zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
	return -1;
}

/* Adds src (taken, also on failure) as name, with the archive's time and
 * the method said explicitly, so that libzip never decides. */
static enum quire_status add_source(struct quire_zip *zip, const char *name, zip_source_t *src,
                                    bool deflated)
{
	if (src == NULL)
		return QUIRE_ERR_NOMEM;
	zip_int64_t idx = zip_file_add(zip->za, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return QUIRE_ERR_INTERNAL;
	}
	if (zip_set_file_compression(zip->za, (zip_uint64_t)idx,
	                             deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
	                             deflated ? QUIRE_ZIP_LEVEL : 0) < 0 ||
	    zip_file_set_mtime(zip->za, (zip_uint64_t)idx, zip->mtime, 0) < 0)
		return QUIRE_ERR_INTERNAL;
	return QUIRE_OK;
}

enum quire_status quire_zip_add_stored(struct quire_zip *zip, const char *name, const void *data,
                                       size_t len)
{
	/* Not handed over: libzip would free it even when it fails. */
	return add_source(zip, name, zip_source_buffer(zip->za, data, len, 0), false);
}

enum quire_status quire_zip_add_packed(struct quire_zip *zip, const char *name,
                                       struct quire_zip_packed *packed)
{
	zip_source_t *src = NULL;
	struct packed_reader *r = calloc(1, sizeof(*r));

	if (r != NULL) {
		zip_error_init(&r->error);
		r->packed = *packed;
		r->mtime = zip->mtime;
		src = zip_source_function(zip->za, packed_source, r);
		if (src == NULL) {
			zip_error_fini(&r->error);
			free(r);
		}
	}
	if (src == NULL)
		free(packed->data);
	*packed = (struct quire_zip_packed){0};
	return add_source(zip, name, src, true);
}

enum quire_status quire_zip_add_deflated(struct quire_zip *zip, const char *name, const void *data,
                                         size_t len)
{
	struct quire_zip_packed packed;
	enum quire_status st = quire_zip_deflate(zip, data, len, &packed);
	if (st != QUIRE_OK) {
		free(packed.data);
		return st;
	}
	return quire_zip_add_packed(zip, name, &packed);
}

/* Copies the closed archive's bytes to the sink. */
static enum quire_status copy_out(zip_source_t *mem, struct quire_sink *sink)
{
	enum quire_status st = QUIRE_OK;
	enum { CHUNK = 65536 };
	zip_stat_t zs;
	char *buf = NULL;

	if (zip_source_stat(mem, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(mem) < 0)
		return QUIRE_ERR_INTERNAL;
	buf = malloc(CHUNK);
	if (buf == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	for (zip_uint64_t done = 0; done < zs.size;) {
		zip_int64_t n = zip_source_read(mem, buf, CHUNK);
		if (n <= 0) {
			st = QUIRE_ERR_INTERNAL;
			break;
		}
		st = sink->write(sink->ctx, buf, (size_t)n);
		if (st != QUIRE_OK)
			break;
		done += (zip_uint64_t)n;
	}
out:
	zip_source_close(mem);
	free(buf);
	return st;
}

enum quire_status quire_zip_finish(struct quire_zip *zip, struct quire_sink *sink,
                                   struct quire_log *log, const char *what)
{
	if (zip_close(zip->za) < 0) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0, "cannot build %s: %s", what,
		                 zip_strerror(zip->za));
		return QUIRE_ERR_INTERNAL;
	}
	zip->za = NULL;
	return copy_out(zip->mem, sink);
}

void quire_zip_free(struct quire_zip *zip)
{
	if (zip == NULL)
		return;
	if (zip->za)
		zip_discard(zip->za);
	if (zip->mem)
		zip_source_free(zip->mem);
	if (zip->z_ready)
		deflateEnd(&zip->z);
	free(zip->scratch);
	free(zip);
}
