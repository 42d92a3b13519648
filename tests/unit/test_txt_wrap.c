/* Wrapping by display width for the txt backend. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "write/txt/wrap.h"

static char *wrap(const char *text, int width, const char *first, const char *rest)
{
	static char result[4096];
	struct qstr s = {0};
	cr_assert(txt_wrap(&s, text, strlen(text), width, first, rest));
	cr_assert_lt(s.len, sizeof(result));
	memcpy(result, s.data ? s.data : "", s.len + 1);
	qstr_free(&s);
	return result;
}

#define W(text, width) wrap(text, width, "", "")

Test(width, clusters)
{
	cr_assert_eq(txt_width("abc", 3), 3);
	cr_assert_eq(txt_width("漢字", strlen("漢字")), 4);
	/* e + COMBINING ACUTE ACCENT */
	cr_assert_eq(txt_width("e\xcc\x81", 3), 1);
	/* man ZWJ woman ZWJ girl: one cluster, two columns */
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
	cr_assert_eq(txt_width(family, strlen(family)), 2);
	/* a flag: two regional indicators */
	cr_assert_eq(txt_width("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 8), 2);
	/* heavy black heart + VS16 */
	cr_assert_eq(txt_width("\xe2\x9d\xa4\xef\xb8\x8f", 6), 2);
	cr_assert_eq(txt_width("", 0), 0);
}

Test(wrap, ascii)
{
	cr_assert_str_eq(W("the quick brown fox jumps over the lazy dog", 10),
	                 "the quick\nbrown fox\njumps over\nthe lazy\ndog\n");
	cr_assert_str_eq(W("  leading   and trailing  ", 40), "leading   and trailing\n");
	cr_assert_str_eq(W("", 10), "");
	cr_assert_str_eq(W("   ", 10), "");
}

Test(wrap, exact_fit)
{
	/* "aaaa bbbb" is 9 columns: fits in 9, not in 8. */
	cr_assert_str_eq(W("aaaa bbbb cc", 9), "aaaa bbbb\ncc\n");
	cr_assert_str_eq(W("aaaa bbbb cc", 8), "aaaa\nbbbb cc\n");
	cr_assert_str_eq(W("aaaa bbbb", 4), "aaaa\nbbbb\n");
}

Test(wrap, long_word_alone_and_unsplit)
{
	cr_assert_str_eq(W("a https://example.com/very/long/path b", 10),
	                 "a\nhttps://example.com/very/long/path\nb\n");
	cr_assert_str_eq(W("supercalifragilistic", 5), "supercalifragilistic\n");
}

Test(wrap, cjk_breaks_between_ideographs)
{
	/* Each ideograph is 2 columns: 3 fit in 6 and 7. */
	cr_assert_str_eq(W("漢字漢字漢字漢", 6), "漢字漢\n字漢字\n漢\n");
	cr_assert_str_eq(W("漢字漢字漢字漢", 7), "漢字漢\n字漢字\n漢\n");
	/* Mixed with Latin words: the Latin word is not split. */
	cr_assert_str_eq(W("日本語 text 日本", 10), "日本語\ntext 日本\n");
}

Test(wrap, cjk_punctuation)
{
	/* "。" never starts a line; a break is allowed after it. */
	cr_assert_str_eq(W("漢字。漢字", 4), "漢\n字。\n漢字\n");
	/* "「" never ends a line and "」" never starts one, so "「字」" is
	 * one unit, alone on its line when it does not fit. */
	cr_assert_str_eq(W("漢「字」漢", 4), "漢\n「字」\n漢\n");
	cr_assert_str_eq(W("漢「字」漢", 8), "漢「字」\n漢\n");
}

Test(wrap, combining_marks)
{
	/* "café" spelt with a combining accent is 4 columns, and the accent
	 * stays with its e. */
	cr_assert_str_eq(W("cafe\xcc\x81 cafe\xcc\x81", 9), "cafe\xcc\x81 cafe\xcc\x81\n");
	cr_assert_str_eq(W("cafe\xcc\x81 cafe\xcc\x81", 8), "cafe\xcc\x81\ncafe\xcc\x81\n");
	/* Between CJK: an ideograph with a combining mark is one cluster. */
	cr_assert_str_eq(W("漢\xcc\x81字", 2), "漢\xcc\x81\n字\n");
}

Test(wrap, emoji_clusters)
{
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
	char in[256], want[256];
	snprintf(in, sizeof(in), "ab %s %s", family, family);
	snprintf(want, sizeof(want), "ab %s\n%s\n", family, family);
	cr_assert_str_eq(W(in, 5), want);
	/* A run of flags without spaces is one word, never split inside. */
	const char *flags = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa";
	snprintf(want, sizeof(want), "%s\n", flags);
	cr_assert_str_eq(W(flags, 2), want);
}

Test(wrap, hard_breaks_and_glue)
{
	cr_assert_str_eq(W("one\ntwo three", 20), "one\ntwo three\n");
	/* A space before a hard break does not survive as a trailing space. */
	cr_assert_str_eq(W("one \ntwo", 20), "one\ntwo\n");
	/* Glue keeps "[1]" with its word. */
	cr_assert_str_eq(W("aaaa bbbb\x01[1]", 10), "aaaa\nbbbb [1]\n");
}

Test(wrap, prefix_width)
{
	/* The prefix counts against the width: 10 - 2 leaves 8. */
	cr_assert_str_eq(wrap("aaaa bbbb cccc", 10, "> ", "> "), "> aaaa\n> bbbb\n> cccc\n");
	cr_assert_str_eq(wrap("aaa bbb ccc ddd", 10, "- ", "  "), "- aaa bbb\n  ccc ddd\n");
	/* A wide prefix: "漢 " is 3 columns. */
	cr_assert_str_eq(wrap("aaa bbb ccc", 10, "漢 ", "   "), "漢 aaa bbb\n   ccc\n");
	/* Prefixes wider than the width still let one word per line through. */
	cr_assert_str_eq(wrap("a b", 2, "> > ", "> > "), "> > a\n> > b\n");
	/* Different first and continuation widths. */
	cr_assert_str_eq(wrap("aa bb cc dd", 8, "[10] ", ""), "[10] aa\nbb cc dd\n");
}

Test(wrap, soft_breaks)
{
	/* A source line end is a space between Latin words... */
	cr_assert_str_eq(W("one\x02two", 20), "one two\n");
	/* ...and nothing between CJK characters, but still a break. */
	cr_assert_str_eq(W("漢字\x02漢字", 20), "漢字漢字\n");
	cr_assert_str_eq(W("漢字。\x02漢字", 20), "漢字。漢字\n");
	cr_assert_str_eq(W("漢字\x02漢字", 4), "漢字\n漢字\n");
	cr_assert_str_eq(W("漢字\x02text", 20), "漢字 text\n");
}
