/* The zip container (src/write/zip/archive.c): archives written to memory
 * and read back with libzip. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "core/core.h"
#include "quire/quire.h"
#include "write/zip/archive.h"

#define STAMP 1700000000LL /* even: DOS times count in two seconds */

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

/* An archive of the mimetype, stored, then the entries: the first one
 * deflated now, the others deflated at once and placed afterwards, as
 * EPUB does. */
static void build(struct quire_buffer *out, long long stamp, const struct entry *e, size_t n)
{
	struct quire_zip *zip = NULL;
	struct quire_zip_packed packed[8];
	struct quire_sink sink = quire_buffer_sink(out);

	cr_assert(n >= 1 && n <= 8);
	cr_assert_eq(quire_zip_open(&zip, stamp), QUIRE_OK);
	for (size_t i = 1; i < n; i++)
		cr_assert_eq(quire_zip_deflate(zip, e[i].data, e[i].len, &packed[i]), QUIRE_OK);
	cr_assert_eq(quire_zip_add_stored(zip, "mimetype", mimetype, strlen(mimetype)), QUIRE_OK);
	cr_assert_eq(quire_zip_add_deflated(zip, e[0].name, e[0].data, e[0].len), QUIRE_OK);
	for (size_t i = 1; i < n; i++) {
		cr_assert_eq(quire_zip_add_packed(zip, e[i].name, &packed[i]), QUIRE_OK);
		cr_assert_null(packed[i].data, "the archive took the bytes");
	}
	cr_assert_eq(quire_zip_finish(zip, &sink, NULL, "the test archive"), QUIRE_OK);
	quire_zip_free(zip);
}

static zip_t *reopen(const struct quire_buffer *buf)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf->data, buf->len, 0, &ze);
	cr_assert_not_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	cr_assert_not_null(za, "not a zip archive: %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return za;
}

static char *read_entry(zip_t *za, zip_uint64_t index, size_t len)
{
	char *data = malloc(len + 1);
	zip_file_t *f = zip_fopen_index(za, index, 0);
	cr_assert_not_null(f);
	cr_assert_eq(zip_fread(f, data, len + 1), (zip_int64_t)len);
	/* libzip checks the CRC at the end of the entry. */
	cr_assert_eq(zip_fread(f, data, 1), 0, "CRC or length wrong: %s", zip_strerror(za));
	zip_fclose(f);
	return data;
}

static void setup(void)
{
	/* libzip turns times into DOS dates in local time. */
	setenv("TZ", "UTC", 1);
	tzset();
}

Test(zip, layout_and_round_trip, .init = setup)
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
	build(&buf, STAMP, e, n);

	/* The mimetype first, stored, without an extra field: its name at
	 * offset 30 and its bytes right after, for readers that sniff. */
	cr_assert_gt(buf.len, 58);
	cr_assert_eq(memcmp(buf.data, "PK\3\4", 4), 0);
	cr_assert_eq(buf.data[28] | buf.data[29], 0, "the mimetype has an extra field");
	cr_assert_eq(memcmp(buf.data + 30, "mimetypeapplication/epub+zip", 28), 0);

	zip_t *za = reopen(&buf);
	cr_assert_eq(zip_get_num_entries(za, 0), (zip_int64_t)n + 1);
	for (zip_uint64_t i = 0; i <= n; i++) {
		zip_stat_t st;
		cr_assert_eq(zip_stat_index(za, i, 0, &st), 0);
		const char *name = i == 0 ? "mimetype" : e[i - 1].name;
		const char *want = i == 0 ? mimetype : e[i - 1].data;
		size_t len = i == 0 ? strlen(mimetype) : e[i - 1].len;
		cr_assert_str_eq(st.name, name, "entry %zu", (size_t)i);
		cr_assert_eq(st.comp_method, i == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE, "%s", name);
		cr_assert_eq(st.mtime, (time_t)STAMP, "%s has time %lld", name, (long long)st.mtime);
		cr_assert_eq(st.size, len, "%s", name);
		char *got = read_entry(za, i, len);
		cr_assert_eq(memcmp(got, want, len), 0, "%s changed on the way", name);
		free(got);
	}
	zip_stat_t st;
	cr_assert_eq(zip_stat_index(za, 2, 0, &st), 0);
	cr_assert_lt(st.comp_size, 300000 / 4, "text is deflated");
	zip_close(za);
	quire_buffer_free(&buf);
	free(big);
	free(noise);
}

Test(zip, same_entries_same_bytes, .init = setup)
{
	char *text = sample(20000, 3);
	struct entry e[] = {{"a.txt", text, 20000}, {"b.txt", text + 100, 900}};
	struct quire_buffer one = {0}, two = {0}, later = {0};
	build(&one, STAMP, e, 2);
	build(&two, STAMP, e, 2);
	build(&later, STAMP + 86400, e, 2);
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
 * the latest. */
Test(zip, times_out_of_range, .init = setup)
{
	struct entry e[] = {{"a", "x", 1}};
	long long stamps[] = {-5, 0, 99999999999LL};
	time_t want[] = {315532800, 315532800, 4354819198};
	for (size_t i = 0; i < 3; i++) {
		struct quire_buffer buf = {0};
		build(&buf, stamps[i], e, 1);
		zip_t *za = reopen(&buf);
		zip_stat_t st;
		cr_assert_eq(zip_stat_index(za, 1, 0, &st), 0);
		cr_assert_eq(st.mtime, want[i], "%lld gave %lld", stamps[i], (long long)st.mtime);
		zip_close(za);
		quire_buffer_free(&buf);
	}
}

/* A packed file that never reaches the archive is the caller's to free;
 * an archive never finished frees what it was given. */
Test(zip, abandoned, .init = setup)
{
	struct quire_zip *zip = NULL;
	struct quire_zip_packed packed;
	cr_assert_eq(quire_zip_open(&zip, STAMP), QUIRE_OK);
	cr_assert_eq(quire_zip_deflate(zip, "hello", 5, &packed), QUIRE_OK);
	cr_assert_eq(packed.size, 5);
	cr_assert_eq(packed.crc, 0x3610a686u, "CRC-32 of \"hello\"");
	free(packed.data);
	cr_assert_eq(quire_zip_add_deflated(zip, "a", "hello", 5), QUIRE_OK);
	quire_zip_free(zip);
	quire_zip_free(NULL);
}
