/* Hyphenation through libhyphen and Debian's patterns. */
#include <criterion/criterion.h>
#include <string.h>

#include "write/pdf/hyph.h"

static int points(struct hyph *h, const char *w, char *out)
{
	bool pts[256];
	size_t len = strlen(w), o = 0;
	int n = hyph_word(h, w, len, pts);
	for (size_t i = 0; i < len; i++) {
		out[o++] = w[i];
		if (pts[i])
			out[o++] = '-';
	}
	out[o] = 0;
	return n;
}

Test(hyph, english_words)
{
	struct hyph *h = hyph_open("en-US", NULL);
	char out[512];
	cr_assert_not_null(h);
	cr_assert_gt(points(h, "hyphenation", out), 0);
	cr_assert_str_eq(out, "hy-phen-ation");
	points(h, "Hyphenation", out);
	cr_assert_str_eq(out, "Hy-phen-ation");
	cr_assert_eq(points(h, "cat", out), 0);
	cr_assert_str_eq(out, "cat");
	hyph_close(h);
}

Test(hyph, margins_are_kept)
{
	struct hyph *h = hyph_open("en", NULL);
	const char *words[] = {"extraordinarily", "international", "typographical", "consideration",
	                       "incremental", "constructive"};
	cr_assert_not_null(h);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		bool pts[64];
		size_t len = strlen(words[i]);
		hyph_word(h, words[i], len, pts);
		cr_assert(!pts[0], "%s", words[i]);
		/* at least 3 letters after the last hyphen */
		cr_assert(!pts[len - 1] && !pts[len - 2] && !pts[len - 3], "%s", words[i]);
	}
	hyph_close(h);
}

Test(hyph, utf8_points_fall_on_character_ends)
{
	struct hyph *h = hyph_open("en-US", NULL);
	const char *w = "r\xc3\xa9sum\xc3\xa9writing";
	bool pts[64];
	cr_assert_not_null(h);
	hyph_word(h, w, strlen(w), pts);
	for (size_t i = 0; i < strlen(w); i++)
		if (pts[i])
			cr_assert(((unsigned char)w[i] & 0xC0) != 0xC0, "point inside a sequence at %zu", i);
	hyph_close(h);
}

Test(hyph, unknown_language_has_no_patterns)
{
	cr_assert_null(hyph_open("xx-YY", NULL));
	cr_assert_null(hyph_open("../etc", NULL));
	cr_assert_null(hyph_open("en-US", "/nonexistent"));
	/* a missing dictionary means no hyphenation, not a crash */
	bool pts[8];
	cr_assert_eq(hyph_word(NULL, "hyphen", 6, pts), 0);
}
