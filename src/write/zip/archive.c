/* The zip format as archive.h describes it (APPNOTE.TXT 6.3: 4.3.7 the
 * local header, 4.3.12 the central directory, 4.3.14 to 4.3.16 the end
 * records, 4.5.3 the ZIP64 extra field). Deflating is done here through
 * one stream: setting one up for each entry (256 KB, partly cleared) cost
 * as much as the compressing on a book of many chapters. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "archive.h"

/* The earliest and latest times a DOS date holds: 1980-01-01 00:00:00
 * and 2107-12-31 23:59:59 UTC. */
#define DOS_TIME_MIN 315532800LL
#define DOS_TIME_MAX 4354819199LL

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64 0x06064b50u
#define SIG_LOCATOR64 0x07064b50u

#define LOCAL_SIZE 30
#define CENTRAL_SIZE 46
#define END_SIZE 22
#define END64_SIZE 56
#define LOCATOR64_SIZE 20

/* Version made by: Unix (for the file modes), APPNOTE 4.5 (ZIP64). */
#define MADE_BY (3u << 8 | 45u)
/* Flag bit 11: the name is UTF-8. */
#define FLAG_UTF8 0x0800u
/* Unix mode 0100666, a plain file anyone may read and write, as libzip
 * gave; the user's umask decides on extraction. */
#define UNIX_FILE_ATTRS (0100666u << 16)

struct quire_zip {
	struct quire_sink *sink;
	struct quire_log *log;
	const char *what;
	enum quire_status failed; /* sticky: the first error */
	uint64_t offset;          /* bytes written so far */
	uint16_t dos_time, dos_date;

	/* The central directory's records, written at the end: held
	 * deflated (a sixth of their size: a book of 200,000 chapters had
	 * 13 MB of them), through a stream of their own. */
	z_stream cd;
	bool cd_ready;
	unsigned char *central;
	size_t central_len, central_cap;
	uint64_t central_size; /* the records' own size */
	uint64_t count;

	/* From these on, ZIP64 (quire_zip_test_limits lowers them). */
	uint64_t limit_offset, limit_count;

	z_stream z;
	bool z_ready;
	unsigned char *scratch; /* deflate output, reused */
	size_t scratch_cap;
	/* The entry being deflated: its bytes so far, CRC and bytes packed
	 * into scratch. */
	uint64_t size;
	uint32_t crc;
	size_t packed;
};

static unsigned char *put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8 & 0xff);
	return p + 2;
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
	return put16(put16(p, v & 0xffff), v >> 16);
}

static unsigned char *put64(unsigned char *p, uint64_t v)
{
	return put32(put32(p, (uint32_t)(v & 0xffffffffu)), (uint32_t)(v >> 32));
}

/* The DOS date and time of timestamp, in UTC, so that the bytes do not
 * depend on the time zone. */
static void dos_time(long long timestamp, uint16_t *date, uint16_t *time_of_day)
{
	time_t t = (time_t)(timestamp < DOS_TIME_MIN   ? DOS_TIME_MIN
	                    : timestamp > DOS_TIME_MAX ? DOS_TIME_MAX
	                                               : timestamp);
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	*date = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
	*time_of_day = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
}

enum quire_status quire_zip_open(struct quire_zip **out, long long timestamp,
                                 struct quire_sink *sink, struct quire_log *log, const char *what)
{
	struct quire_zip *zip = calloc(1, sizeof(*zip));

	*out = zip;
	if (zip == NULL)
		return QUIRE_ERR_NOMEM;
	zip->sink = sink;
	zip->log = log;
	zip->what = what;
	zip->limit_offset = 0xffffffffu;
	zip->limit_count = 0xffff;
	dos_time(timestamp, &zip->dos_date, &zip->dos_time);
	return QUIRE_OK;
}

void quire_zip_test_limits(struct quire_zip *zip, uint64_t offsets, uint64_t count)
{
	zip->limit_offset = offsets;
	zip->limit_count = count;
}

static enum quire_status fail(struct quire_zip *zip, enum quire_status st, const char *why)
{
	if (zip->failed == QUIRE_OK)
		zip->failed = st;
	if (why && zip->log)
		quire_log_report(zip->log, QUIRE_SEV_ERROR, NULL, 0, 0, "cannot write %s: %s",
		                 zip->what, why);
	return zip->failed;
}

static enum quire_status emit(struct quire_zip *zip, const void *data, size_t len)
{
	if (len == 0)
		return QUIRE_OK;
	enum quire_status st = zip->sink->write(zip->sink->ctx, data, len);
	if (st != QUIRE_OK)
		return fail(zip, st, NULL);
	zip->offset += len;
	return QUIRE_OK;
}

/* Runs deflate over what z's next_in holds, with flush, into *buf from
 * *len on, growing it by grow bytes whenever less than min_room is left. */
static enum quire_status deflate_into(struct quire_zip *zip, z_stream *z, int flush,
                                      unsigned char **buf, size_t *cap, size_t *len,
                                      size_t min_room, size_t grow)
{
	for (;;) {
		if (*cap - *len < min_room && !QUIRE_RESERVE(*buf, *cap, *len + grow))
			return fail(zip, QUIRE_ERR_NOMEM, NULL);
		size_t room = *cap - *len;
		z->next_out = *buf + *len;
		z->avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		uInt before = z->avail_out;
		int zst = deflate(z, flush);
		*len += before - z->avail_out;
		if (zst == Z_STREAM_END || (flush == Z_NO_FLUSH && z->avail_in == 0))
			return QUIRE_OK;
		if (zst != Z_OK && zst != Z_BUF_ERROR)
			return fail(zip, QUIRE_ERR_INTERNAL, "zlib cannot deflate");
	}
}

/* Adds bytes of the central directory to the deflated ones; flush is
 * Z_FINISH for the last. */
static enum quire_status keep_central(struct quire_zip *zip, const void *data, size_t len,
                                      int flush)
{
	if (!zip->cd_ready) {
		/* Level 1: the records repeat themselves, there is little to
		 * search for. */
		int zst = deflateInit2(&zip->cd, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
		if (zst == Z_MEM_ERROR)
			return fail(zip, QUIRE_ERR_NOMEM, NULL);
		if (zst != Z_OK)
			return fail(zip, QUIRE_ERR_INTERNAL, "zlib cannot start deflating");
		zip->cd_ready = true;
	}
	zip->cd.next_in = (Bytef *)data;
	zip->cd.avail_in = (uInt)len;
	enum quire_status st = deflate_into(zip, &zip->cd, flush, &zip->central, &zip->central_cap,
	                                    &zip->central_len, 256, 16384);
	if (st != QUIRE_OK)
		return st;
	zip->central_size += len;
	return QUIRE_OK;
}

/* Writes the central directory, inflating what keep_central held. */
static enum quire_status write_central(struct quire_zip *zip)
{
	enum quire_status st = QUIRE_OK;
	enum { CHUNK = 65536 };
	z_stream z = {0};
	unsigned char *buf = malloc(CHUNK);
	bool ready = false;

	if (buf == NULL) {
		st = fail(zip, QUIRE_ERR_NOMEM, NULL);
		goto out;
	}
	int zst = inflateInit2(&z, -15);
	if (zst != Z_OK) {
		st = fail(zip, zst == Z_MEM_ERROR ? QUIRE_ERR_NOMEM : QUIRE_ERR_INTERNAL,
		          zst == Z_MEM_ERROR ? NULL : "zlib cannot start inflating");
		goto out;
	}
	ready = true;
	z.next_in = zip->central;
	z.avail_in = (uInt)zip->central_len;
	do {
		z.next_out = buf;
		z.avail_out = CHUNK;
		zst = inflate(&z, Z_NO_FLUSH);
		if (zst != Z_OK && zst != Z_STREAM_END) {
			st = fail(zip, QUIRE_ERR_INTERNAL, "zlib cannot inflate the central directory");
			goto out;
		}
		TRY(emit(zip, buf, CHUNK - z.avail_out));
	} while (zst != Z_STREAM_END);
out:
	if (ready)
		inflateEnd(&z);
	free(buf);
	return st;
}

/* The fields a local header and its central record share, from the flags
 * to the name's length (APPNOTE 4.3.7, 4.3.12). */
static unsigned char *put_entry(unsigned char *p, const struct quire_zip *zip, uint16_t method,
                                uint32_t crc, size_t len, size_t size, size_t name_len)
{
	p = put16(p, FLAG_UTF8);
	p = put16(p, method);
	p = put16(p, zip->dos_time);
	p = put16(p, zip->dos_date);
	p = put32(p, crc);
	p = put32(p, (uint32_t)len);
	p = put32(p, (uint32_t)size);
	return put16(p, (uint32_t)name_len);
}

/* Writes one entry: its local header and bytes, and keeps its central
 * directory record. */
static enum quire_status add_entry(struct quire_zip *zip, const char *name, bool deflated,
                                   const void *data, size_t len, size_t size, uint32_t crc)
{
	size_t name_len = strlen(name);
	if (name_len > 0xffff)
		return fail(zip, QUIRE_ERR_INTERNAL, "an entry's name is longer than 65,535 bytes");
	uint16_t method = deflated ? 8 : 0;
	uint16_t needs = deflated ? 20 : 10;
	uint64_t at = zip->offset;
	bool wide = at >= zip->limit_offset;

	/* The record first: nothing is written unless it is kept. */
	unsigned char rec[CENTRAL_SIZE], extra[12], *p = rec;
	p = put32(p, SIG_CENTRAL);
	p = put16(p, MADE_BY);
	p = put16(p, wide ? 45 : needs);
	p = put_entry(p, zip, method, crc, len, size, name_len);
	p = put16(p, wide ? 12 : 0); /* extra field */
	p = put16(p, 0);             /* comment */
	p = put16(p, 0);             /* disk */
	p = put16(p, 0);             /* internal attributes */
	p = put32(p, UNIX_FILE_ATTRS);
	put32(p, wide ? 0xffffffffu : (uint32_t)at);
	/* Only the fields set to all ones above: here the offset. */
	put64(put16(put16(extra, 0x0001), 8), at);
	enum quire_status st = keep_central(zip, rec, sizeof(rec), Z_NO_FLUSH);
	if (st == QUIRE_OK)
		st = keep_central(zip, name, name_len, Z_NO_FLUSH);
	if (st == QUIRE_OK && wide)
		st = keep_central(zip, extra, sizeof(extra), Z_NO_FLUSH);
	if (st != QUIRE_OK)
		return st;

	unsigned char head[LOCAL_SIZE];
	p = head;
	p = put32(p, SIG_LOCAL);
	p = put16(p, needs);
	p = put_entry(p, zip, method, crc, len, size, name_len);
	put16(p, 0);
	st = emit(zip, head, sizeof(head));
	if (st == QUIRE_OK)
		st = emit(zip, name, name_len);
	if (st == QUIRE_OK)
		st = emit(zip, data, len);
	if (st != QUIRE_OK)
		return st;
	zip->count++;
	return QUIRE_OK;
}

enum quire_status quire_zip_add_stored(struct quire_zip *zip, const char *name, const void *data,
                                       size_t len)
{
	if (zip->failed != QUIRE_OK)
		return zip->failed;
	if (len >= 0xffffffffu)
		return fail(zip, QUIRE_ERR_NOMEM, NULL);
	uint32_t crc = (uint32_t)crc32_z(crc32_z(0, NULL, 0), data, len);
	return add_entry(zip, name, false, data, len, len, crc);
}

enum quire_status quire_zip_begin(struct quire_zip *zip)
{
	if (zip->failed != QUIRE_OK)
		return zip->failed;
	if (!zip->z_ready) {
		int zst = deflateInit2(&zip->z, QUIRE_ZIP_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
		if (zst == Z_MEM_ERROR)
			return fail(zip, QUIRE_ERR_NOMEM, NULL);
		if (zst != Z_OK)
			return fail(zip, QUIRE_ERR_INTERNAL, "zlib cannot start deflating");
		zip->z_ready = true;
	}
	if (deflateReset(&zip->z) != Z_OK)
		return fail(zip, QUIRE_ERR_INTERNAL, "zlib cannot deflate");
	zip->crc = (uint32_t)crc32_z(0, NULL, 0);
	zip->size = 0;
	zip->packed = 0;
	return QUIRE_OK;
}

/* Runs deflate over what next_in holds, with flush, growing the scratch
 * buffer as it fills. */
static enum quire_status pack(struct quire_zip *zip, int flush)
{
	return deflate_into(zip, &zip->z, flush, &zip->scratch, &zip->scratch_cap, &zip->packed, 4096,
	                    65536);
}

enum quire_status quire_zip_feed(struct quire_zip *zip, const void *data, size_t len)
{
	const unsigned char *p = data;
	if (zip->failed != QUIRE_OK)
		return zip->failed;
	if (len >= 0xffffffffu - zip->size)
		return fail(zip, QUIRE_ERR_NOMEM, NULL);
	zip->crc = (uint32_t)crc32_z(zip->crc, p, len);
	zip->size += len;
	while (len > 0) {
		size_t n = len > UINT_MAX ? UINT_MAX : len;
		zip->z.next_in = (Bytef *)p;
		zip->z.avail_in = (uInt)n;
		enum quire_status st = pack(zip, Z_NO_FLUSH);
		if (st != QUIRE_OK)
			return st;
		p += n;
		len -= n;
	}
	return QUIRE_OK;
}

enum quire_status quire_zip_end(struct quire_zip *zip, const char *name)
{
	if (zip->failed != QUIRE_OK)
		return zip->failed;
	zip->z.next_in = NULL;
	zip->z.avail_in = 0;
	enum quire_status st = pack(zip, Z_FINISH);
	if (st != QUIRE_OK)
		return st;
	if (zip->packed >= 0xffffffffu)
		return fail(zip, QUIRE_ERR_NOMEM, NULL);
	return add_entry(zip, name, true, zip->scratch, zip->packed, zip->size, zip->crc);
}

enum quire_status quire_zip_add_deflated(struct quire_zip *zip, const char *name, const void *data,
                                         size_t len)
{
	enum quire_status st = quire_zip_begin(zip);
	if (st != QUIRE_OK)
		return st;
	/* Room for all of it at once: deflate then runs in one call. */
	uLong bound = deflateBound(&zip->z, (uLong)(len < 0xffffffffu ? len : 0xffffffffu));
	if (!QUIRE_RESERVE(zip->scratch, zip->scratch_cap, (size_t)bound + 4096))
		return fail(zip, QUIRE_ERR_NOMEM, NULL);
	st = quire_zip_feed(zip, data, len);
	return st == QUIRE_OK ? quire_zip_end(zip, name) : st;
}

enum quire_status quire_zip_finish(struct quire_zip *zip)
{
	if (zip->failed != QUIRE_OK)
		return zip->failed;
	uint64_t at = zip->offset, size = zip->central_size;
	enum quire_status st = keep_central(zip, NULL, 0, Z_FINISH);
	if (st == QUIRE_OK)
		st = write_central(zip);
	if (st != QUIRE_OK)
		return st;
	bool wide = zip->count >= zip->limit_count || at >= zip->limit_offset ||
	            size >= zip->limit_offset;
	unsigned char end[END64_SIZE + LOCATOR64_SIZE + END_SIZE], *p = end;
	if (wide) {
		uint64_t end64 = zip->offset;
		p = put32(p, SIG_END64);
		p = put64(p, END64_SIZE - 12); /* what follows this field */
		p = put16(p, MADE_BY);
		p = put16(p, 45);
		p = put32(p, 0); /* this disk */
		p = put32(p, 0); /* the directory's disk */
		p = put64(p, zip->count);
		p = put64(p, zip->count);
		p = put64(p, size);
		p = put64(p, at);
		p = put32(p, SIG_LOCATOR64);
		p = put32(p, 0); /* the disk of the ZIP64 end record */
		p = put64(p, end64);
		p = put32(p, 1); /* disks */
	}
	p = put32(p, SIG_END);
	p = put16(p, 0);
	p = put16(p, 0);
	uint32_t count = wide ? 0xffff : (uint32_t)zip->count;
	p = put16(p, count);
	p = put16(p, count);
	p = put32(p, wide ? 0xffffffffu : (uint32_t)size);
	p = put32(p, wide ? 0xffffffffu : (uint32_t)at);
	p = put16(p, 0); /* comment */
	return emit(zip, end, (size_t)(p - end));
}

void quire_zip_free(struct quire_zip *zip)
{
	if (zip == NULL)
		return;
	if (zip->z_ready)
		deflateEnd(&zip->z);
	if (zip->cd_ready)
		deflateEnd(&zip->cd);
	free(zip->central);
	free(zip->scratch);
	free(zip);
}
