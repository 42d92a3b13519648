/* What quire_read() does to every input before a reader sees it
 * (src/core/input.c). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "quire/quire.h"

static char last[1200];

static void keep(const struct quire_message *msg, void *user)
{
	(void)user;
	quire_message_format(msg, last, sizeof(last));
}

/* Normalises len bytes of in; returns the status, the text in *text. */
static enum quire_status norm(const char *in, size_t len, char **text, size_t *text_len,
                              struct quire_log *log)
{
	const char *src = in;
	char *owned = NULL;
	last[0] = '\0';
	log->fn = keep;
	enum quire_status st = quire_input_normalize(&src, &len, "in.md", log, &owned);
	*text = st == QUIRE_OK ? strndup(src, len) : NULL;
	*text_len = len;
	free(owned);
	return st;
}

Test(input, utf8_passes_untouched)
{
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm("a\r\nb\n", 5, &t, &n, &log), QUIRE_OK);
	cr_assert_str_eq(t, "a\r\nb\n");
	cr_assert_eq(log.warnings, 0);
	free(t);
}

Test(input, utf16_both_orders)
{
	static const char le[] = "\xFF\xFE" "a\0\xE9\0\x3D\xD8\x00\xDE\n\0";
	static const char be[] = "\xFE\xFF" "\0a\0\xE9\xD8\x3D\xDE\x00\0\n";
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm(le, sizeof(le) - 1, &t, &n, &log), QUIRE_OK);
	cr_assert_str_eq(t, "a\xC3\xA9\xF0\x9F\x98\x80\n");
	cr_assert(strstr(last, "UTF-16 (little-endian) text converted to UTF-8"), "%s", last);
	free(t);
	cr_assert_eq(norm(be, sizeof(be) - 1, &t, &n, &log), QUIRE_OK);
	cr_assert_str_eq(t, "a\xC3\xA9\xF0\x9F\x98\x80\n");
	cr_assert(strstr(last, "big-endian"), "%s", last);
	free(t);
}

Test(input, utf16_lone_surrogate_and_odd_byte)
{
	static const char le[] = "\xFF\xFE" "\x00\xD8" "a\0" "b";
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm(le, sizeof(le) - 1, &t, &n, &log), QUIRE_OK);
	cr_assert_str_eq(t, "\xEF\xBF\xBD" "a" "\xEF\xBF\xBD");
	cr_assert(strstr(last, "invalid code units"), "%s", last);
	free(t);
}

Test(input, utf32_is_refused)
{
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm("\xFF\xFE\0\0a\0\0\0", 8, &t, &n, &log), QUIRE_ERR_INPUT);
	cr_assert_eq(log.errors, 1);
	cr_assert(strstr(last, "UTF-32 text is not supported"), "%s", last);
}

Test(input, bom_nul_and_lone_cr)
{
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm("\xEF\xBB\xBF" "a\rb\0c\r", 9, &t, &n, &log), QUIRE_OK);
	cr_assert_eq(n, 8);
	cr_assert_str_eq(t, "a\nb\xEF\xBF\xBD" "c\n");
	cr_assert_str_eq(last, "quire: in.md:2:2: warning: NUL byte replaced by U+FFFD (1 byte; first at 2:2)");
	free(t);
}

Test(input, invalid_utf8_and_nul_in_one_message)
{
	struct quire_log log = {0};
	char *t;
	size_t n;
	cr_assert_eq(norm("ok\nab\xff and \0", 12, &t, &n, &log), QUIRE_OK);
	cr_assert_str_eq(t, "ok\nab\xEF\xBF\xBD and \xEF\xBF\xBD");
	cr_assert_eq(log.warnings, 1);
	cr_assert_str_eq(last, "quire: in.md:2:3: warning: invalid UTF-8 and NUL bytes replaced by "
	                       "U+FFFD (2 bytes; first at 2:3)");
	free(t);
	cr_assert_eq(norm("\xc3\xa9\xff", 3, &t, &n, &log), QUIRE_OK);
	cr_assert(strstr(last, "warning: invalid UTF-8 replaced by U+FFFD (1 byte; first at 1:3)"),
	          "%s", last);
	free(t);
}

Test(input, detection_sees_converted_text)
{
	static const char le[] = "\xFF\xFE" "#\0 \0T\0\n\0";
	cr_assert_str_eq(quire_reader_detect(le, sizeof(le) - 1)->name, "markdown");
}
