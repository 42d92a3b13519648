/* The zip container (src/write/zip/archive.c): archives written to memory
 * and read back here, through the end record (and the ZIP64 one), the
 * central directory and each entry's local header, with zlib inflating
 * the bytes at the offsets the directory gives. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/core.h"
#include "quire/quire.h"
#include "write/zip/archive.h"

#define STAMP 1700000000LL /* even: DOS times count in two seconds */
/* 2023-11-14 22:13:20 UTC as a DOS date and time. */
#define STAMP_DATE ((2023 - 1980) << 9 | 11 << 5 | 14)
#define STAMP_TIME (22 << 11 | 13 << 5 | 20 / 2)

static const char mimetype[] = "application/epub+zip";

/* Text that deflates well, and bytes that do not. */
static char *sample(size_t len, unsigned seed)
{
	char *s = malloc(len ? len : 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		s[i] = seed % 61 ? "abc def\n"[i % 8] : (char)(seed >> 16);
	}
	return s;
}

struct entry {
	const char *name;
	const char *data;
	size_t len;
};

/* An archive of the mimetype, stored, then the entries, deflated; ZIP64
 * from offset and count on when they are not 0. */
static void build(struct quire_buffer *out, long long stamp, const struct entry *e, size_t n,
                  uint64_t offset, uint64_t count)
{
	struct quire_zip *zip = NULL;
	struct quire_sink sink = quire_buffer_sink(out);

	cr_assert_eq(quire_zip_open(&zip, stamp, &sink, NULL, "the test archive"), QUIRE_OK);
	if (offset || count)
		quire_zip_test_limits(zip, offset, count);
	cr_assert_eq(quire_zip_add_stored(zip, "mimetype", mimetype, strlen(mimetype)), QUIRE_OK);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(quire_zip_add_deflated(zip, e[i].name, e[i].data, e[i].len), QUIRE_OK);
	cr_assert_eq(quire_zip_finish(zip), QUIRE_OK);
	quire_zip_free(zip);
}

static uint64_t get(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* One entry as the central directory and its local header give it. */
struct read_entry {
	char name[64];
	uint16_t flags, method, time, date, needs;
	uint32_t crc;
	uint64_t csize, size, offset;
	const unsigned char *bytes; /* csize of them, in the archive */
	bool zip64_extra;
};

struct read_archive {
	struct read_entry e[16];
	uint64_t count;
	bool zip64_end;
};

/* Reads buf as a zip reader would, from the end; fails the test on any
 * inconsistency. */
static void read_archive(const struct quire_buffer *buf, struct read_archive *a)
{
	const unsigned char *d = (const unsigned char *)buf->data;
	size_t len = buf->len;

	memset(a, 0, sizeof(*a));
	cr_assert_geq(len, 22);
	const unsigned char *end = d + len - 22;
	cr_assert_eq(get(end, 4), 0x06054b50u, "no end record where it ends (no comment)");
	uint64_t count = get(end + 10, 2), cd_size = get(end + 12, 4), cd_at = get(end + 16, 4);
	cr_assert_eq(get(end + 8, 2), count, "entries on this disk");
	if (count == 0xffff || cd_size == 0xffffffffu || cd_at == 0xffffffffu) {
		a->zip64_end = true;
		cr_assert_geq(len, 22 + 20 + 56);
		const unsigned char *loc = end - 20;
		cr_assert_eq(get(loc, 4), 0x07064b50u, "no ZIP64 locator");
		cr_assert_eq(get(loc + 16, 4), 1, "disks");
		uint64_t at64 = get(loc + 8, 8);
		cr_assert_eq(at64, len - 22 - 20 - 56, "the ZIP64 end record's offset");
		const unsigned char *e64 = d + at64;
		cr_assert_eq(get(e64, 4), 0x06064b50u, "no ZIP64 end record");
		cr_assert_eq(get(e64 + 4, 8), 44);
		cr_assert_eq(get(e64 + 24, 8), get(e64 + 32, 8));
		count = get(e64 + 32, 8);
		cd_size = get(e64 + 40, 8);
		cd_at = get(e64 + 48, 8);
		cr_assert_eq(cd_at + cd_size, at64, "the directory ends where the ZIP64 record starts");
	} else {
		cr_assert_eq(cd_at + cd_size, len - 22, "the directory ends where the end record starts");
	}
	cr_assert_leq(count, 16);
	a->count = count;
	const unsigned char *p = d + cd_at;
	uint64_t next_local = 0;
	for (uint64_t i = 0; i < count; i++) {
		struct read_entry *e = &a->e[i];
		cr_assert_eq(get(p, 4), 0x02014b50u, "directory record %zu", (size_t)i);
		e->needs = (uint16_t)get(p + 6, 2);
		e->flags = (uint16_t)get(p + 8, 2);
		e->method = (uint16_t)get(p + 10, 2);
		e->time = (uint16_t)get(p + 12, 2);
		e->date = (uint16_t)get(p + 14, 2);
		e->crc = (uint32_t)get(p + 16, 4);
		e->csize = get(p + 20, 4);
		e->size = get(p + 24, 4);
		size_t name_len = get(p + 28, 2), extra_len = get(p + 30, 2);
		size_t comment_len = get(p + 32, 2);
		e->offset = get(p + 42, 4);
		cr_assert_lt(name_len, sizeof(e->name));
		memcpy(e->name, p + 46, name_len);
		/* The ZIP64 extra field holds the fields set to all ones, in
		 * order: size, compressed size, offset. */
		for (const unsigned char *x = p + 46 + name_len; x < p + 46 + name_len + extra_len;) {
			size_t xl = get(x + 2, 2);
			if (get(x, 2) == 1) {
				const unsigned char *v = x + 4;
				e->zip64_extra = true;
				if (e->size == 0xffffffffu)
					e->size = get(v, 8), v += 8;
				if (e->csize == 0xffffffffu)
					e->csize = get(v, 8), v += 8;
				if (e->offset == 0xffffffffu)
					e->offset = get(v, 8), v += 8;
				cr_assert_eq(v, x + 4 + xl, "%s: ZIP64 field's length", e->name);
			}
			x += 4 + xl;
		}
		cr_assert_neq(e->offset, 0xffffffffu, "%s: offset without ZIP64 field", e->name);
		p += 46 + name_len + extra_len + comment_len;

		/* The local header agrees, and the entries follow each other. */
		cr_assert_eq(e->offset, next_local, "%s: a gap before it", e->name);
		const unsigned char *l = d + e->offset;
		cr_assert_eq(get(l, 4), 0x04034b50u, "%s: no local header at its offset", e->name);
		cr_assert_eq(get(l + 6, 2), e->flags);
		cr_assert_eq(get(l + 8, 2), e->method);
		cr_assert_eq(get(l + 10, 2), e->time);
		cr_assert_eq(get(l + 12, 2), e->date);
		cr_assert_eq(get(l + 14, 4), e->crc, "%s: local CRC", e->name);
		cr_assert_eq(get(l + 18, 4), e->csize, "%s: local compressed size", e->name);
		cr_assert_eq(get(l + 22, 4), e->size, "%s: local size", e->name);
		cr_assert_eq(get(l + 26, 2), name_len);
		cr_assert_eq(memcmp(l + 30, e->name, name_len), 0);
		size_t local_extra = get(l + 28, 2);
		e->bytes = l + 30 + name_len + local_extra;
		next_local = (uint64_t)(e->bytes - d) + e->csize;
	}
	cr_assert_eq(next_local, cd_at, "the directory follows the last entry");
	cr_assert_eq(p, d + cd_at + cd_size, "the directory's size");
}

/* The entry's bytes, inflated (or as stored), checked against its size
 * and CRC. */
static unsigned char *contents(const struct read_entry *e)
{
	unsigned char *out = malloc(e->size + 1);
	cr_assert_not_null(out);
	if (e->method == 0) {
		cr_assert_eq(e->csize, e->size);
		memcpy(out, e->bytes, e->size);
	} else {
		cr_assert_eq(e->method, 8, "%s: method %u", e->name, e->method);
		z_stream z = {0};
		cr_assert_eq(inflateInit2(&z, -15), Z_OK);
		z.next_in = (Bytef *)e->bytes;
		z.avail_in = (uInt)e->csize;
		z.next_out = out;
		z.avail_out = (uInt)e->size + 1;
		cr_assert_eq(inflate(&z, Z_FINISH), Z_STREAM_END, "%s: bad deflate data", e->name);
		cr_assert_eq(z.total_out, e->size, "%s: size", e->name);
		cr_assert_eq(z.avail_in, 0, "%s: compressed size", e->name);
		inflateEnd(&z);
	}
	cr_assert_eq(crc32_z(crc32_z(0, NULL, 0), out, e->size), e->crc, "%s: CRC", e->name);
	return out;
}

/* Each entry read back, in order, after the mimetype. */
static void check_entries(const struct read_archive *a, const struct entry *e, size_t n)
{
	cr_assert_eq(a->count, n + 1);
	for (size_t i = 0; i <= n; i++) {
		const struct read_entry *r = &a->e[i];
		const char *name = i == 0 ? "mimetype" : e[i - 1].name;
		const char *want = i == 0 ? mimetype : e[i - 1].data;
		size_t len = i == 0 ? strlen(mimetype) : e[i - 1].len;
		cr_assert_str_eq(r->name, name, "entry %zu", i);
		cr_assert_eq(r->method, i == 0 ? 0 : 8, "%s", name);
		cr_assert_eq(r->flags, 0x0800, "%s: flags %#x (UTF-8 names)", name, r->flags);
		cr_assert_eq(r->size, len, "%s", name);
		unsigned char *got = contents(r);
		cr_assert_eq(memcmp(got, want, len), 0, "%s changed on the way", name);
		free(got);
	}
}

Test(zip, layout_and_round_trip)
{
	char *big = sample(300000, 1), *noise = sample(5000, 2);
	for (size_t i = 0; i < 5000; i++)
		noise[i] = (char)(rand() & 0xff);
	struct entry e[] = {
		{"META-INF/container.xml", "<container/>\n", 13},
		{"EPUB/ch001.xhtml", big, 300000},
		{"EPUB/empty.css", "", 0},
		{"EPUB/images/n\xc3\xa9.bin", noise, 5000},
	};
	size_t n = sizeof(e) / sizeof(e[0]);
	struct quire_buffer buf = {0};
	build(&buf, STAMP, e, n, 0, 0);

	/* The mimetype first, stored, without an extra field: its name at
	 * offset 30 and its bytes right after, for readers that sniff. */
	cr_assert_gt(buf.len, 58);
	cr_assert_eq(memcmp(buf.data, "PK\3\4", 4), 0);
	cr_assert_eq(buf.data[28] | buf.data[29], 0, "the mimetype has an extra field");
	cr_assert_eq(memcmp(buf.data + 30, "mimetypeapplication/epub+zip", 28), 0);

	struct read_archive a;
	read_archive(&buf, &a);
	cr_assert_not(a.zip64_end, "ZIP64 in a small archive");
	check_entries(&a, e, n);
	for (size_t i = 0; i <= n; i++) {
		cr_assert_not(a.e[i].zip64_extra, "%s: ZIP64 field", a.e[i].name);
		cr_assert_eq(a.e[i].date, STAMP_DATE, "%s: date", a.e[i].name);
		cr_assert_eq(a.e[i].time, STAMP_TIME, "%s: time", a.e[i].name);
		cr_assert_eq(a.e[i].needs, i == 0 ? 10 : 20, "%s: version needed", a.e[i].name);
	}
	cr_assert_lt(a.e[2].csize, 300000 / 4, "text is deflated");
	quire_buffer_free(&buf);
	free(big);
	free(noise);
}

/* Past the limits (lowered for the test: 3 entries, offset 200), the
 * offsets from there on and the end go to ZIP64 records, and the archive
 * reads the same. */
Test(zip, zip64_past_the_limits)
{
	char *text = sample(20000, 4);
	struct entry e[] = {
		{"a.txt", text, 100}, {"b.txt", text, 20000}, {"c.txt", text + 7, 3000},
		{"d.txt", "", 0},
	};
	size_t n = sizeof(e) / sizeof(e[0]);
	struct quire_buffer buf = {0}, plain = {0};
	build(&buf, STAMP, e, n, 200, 3);
	build(&plain, STAMP, e, n, 0, 0);

	struct read_archive a, b;
	read_archive(&buf, &a);
	cr_assert(a.zip64_end, "no ZIP64 end record with 5 entries and a limit of 3");
	check_entries(&a, e, n);
	for (size_t i = 0; i <= n; i++) {
		bool wide = a.e[i].offset >= 200;
		cr_assert_eq(a.e[i].zip64_extra, wide, "%s at %llu", a.e[i].name,
		             (unsigned long long)a.e[i].offset);
		cr_assert_eq(a.e[i].needs, wide ? 45 : i == 0 ? 10 : 20, "%s", a.e[i].name);
	}
	cr_assert(a.e[n].zip64_extra, "the last entry's offset is past 200");
	read_archive(&plain, &b);
	cr_assert_not(b.zip64_end);
	/* The entries themselves are the same bytes either way. */
	cr_assert_eq(a.e[n].offset, b.e[n].offset);
	cr_assert_eq(memcmp(buf.data, plain.data, a.e[n].offset), 0);
	quire_buffer_free(&buf);
	quire_buffer_free(&plain);
	free(text);
}

/* An entry fed in pieces, some empty, reads back as the whole; the
 * buffer grows past its first 64 KB on bytes that do not deflate. */
Test(zip, fed_in_pieces)
{
	size_t len = 300000;
	char *noise = sample(len, 6);
	for (size_t i = 0; i < len; i++)
		noise[i] = (char)(rand() & 0xff);
	struct quire_buffer buf = {0};
	struct quire_sink sink = quire_buffer_sink(&buf);
	struct quire_zip *zip = NULL;
	cr_assert_eq(quire_zip_open(&zip, STAMP, &sink, NULL, "the test archive"), QUIRE_OK);
	cr_assert_eq(quire_zip_add_stored(zip, "mimetype", mimetype, strlen(mimetype)), QUIRE_OK);
	cr_assert_eq(quire_zip_begin(zip), QUIRE_OK);
	for (size_t at = 0, step = 1; at < len; at += step, step = step * 3 + 1) {
		size_t n = at + step > len ? len - at : step;
		cr_assert_eq(quire_zip_feed(zip, noise + at, n), QUIRE_OK);
		cr_assert_eq(quire_zip_feed(zip, noise, 0), QUIRE_OK);
	}
	cr_assert_eq(quire_zip_end(zip, "noise.bin"), QUIRE_OK);
	cr_assert_eq(quire_zip_begin(zip), QUIRE_OK);
	cr_assert_eq(quire_zip_end(zip, "empty"), QUIRE_OK);
	cr_assert_eq(quire_zip_add_deflated(zip, "after", "abc", 3), QUIRE_OK);
	cr_assert_eq(quire_zip_finish(zip), QUIRE_OK);
	quire_zip_free(zip);

	struct entry e[] = {{"noise.bin", noise, len}, {"empty", "", 0}, {"after", "abc", 3}};
	struct read_archive a;
	read_archive(&buf, &a);
	check_entries(&a, e, 3);
	quire_buffer_free(&buf);
	free(noise);
}

Test(zip, same_entries_same_bytes)
{
	char *text = sample(20000, 3);
	struct entry e[] = {{"a.txt", text, 20000}, {"b.txt", text + 100, 900}};
	struct quire_buffer one = {0}, two = {0}, later = {0};
	build(&one, STAMP, e, 2, 0, 0);
	build(&two, STAMP, e, 2, 0, 0);
	build(&later, STAMP + 86400, e, 2, 0, 0);
	cr_assert_eq(one.len, two.len);
	cr_assert_eq(memcmp(one.data, two.data, one.len), 0, "two runs differ");
	cr_assert(later.len != one.len || memcmp(one.data, later.data, one.len) != 0,
	          "the time changed nothing");
	quire_buffer_free(&one);
	quire_buffer_free(&two);
	quire_buffer_free(&later);
	free(text);
}

/* Times a zip cannot hold are clamped: 1980 at the earliest, 2107 at
 * the latest; the time zone changes nothing. */
Test(zip, times_out_of_range)
{
	struct entry e[] = {{"a", "x", 1}};
	long long stamps[] = {-5, 0, 99999999999LL, STAMP};
	uint16_t dates[] = {1 << 5 | 1, 1 << 5 | 1, 127 << 9 | 12 << 5 | 31, STAMP_DATE};
	uint16_t times[] = {0, 0, 23 << 11 | 59 << 5 | 29, STAMP_TIME};
	setenv("TZ", "Asia/Tokyo", 1);
	for (size_t i = 0; i < 4; i++) {
		struct quire_buffer buf = {0};
		struct read_archive a;
		build(&buf, stamps[i], e, 1, 0, 0);
		read_archive(&buf, &a);
		cr_assert_eq(a.e[1].date, dates[i], "%lld gave date %#x", stamps[i], a.e[1].date);
		cr_assert_eq(a.e[1].time, times[i], "%lld gave time %#x", stamps[i], a.e[1].time);
		quire_buffer_free(&buf);
	}
}

/* A sink that fails: its status comes back, from then on too. */
static enum quire_status full_disk(void *ctx, const void *data, size_t len)
{
	size_t *room = ctx;
	(void)data;
	if (len > *room)
		return QUIRE_ERR_IO;
	*room -= len;
	return QUIRE_OK;
}

Test(zip, failing_sink)
{
	size_t room = 100;
	struct quire_sink sink = {.write = full_disk, .ctx = &room};
	struct quire_zip *zip = NULL;
	char *text = sample(5000, 5);
	cr_assert_eq(quire_zip_open(&zip, STAMP, &sink, NULL, "the test archive"), QUIRE_OK);
	cr_assert_eq(quire_zip_add_stored(zip, "mimetype", mimetype, strlen(mimetype)), QUIRE_OK);
	cr_assert_eq(quire_zip_add_stored(zip, "a", text, 5000), QUIRE_ERR_IO);
	cr_assert_eq(quire_zip_add_deflated(zip, "b", "x", 1), QUIRE_ERR_IO);
	cr_assert_eq(quire_zip_finish(zip), QUIRE_ERR_IO);
	quire_zip_free(zip);
	quire_zip_free(NULL);
	free(text);
}
