/* Paper sizes, lengths, and the text strings of the PDF (bookmarks, the
 * document information). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "write/pdf/emit.h"
#include "write/pdf/paper.h"
#include "write/pdf/uri.h"

static double len(const char *s)
{
	double pt = -1;
	cr_assert(pdf_parse_length(s, strlen(s), &pt), "%s", s);
	return pt;
}

Test(paper, lengths)
{
	cr_assert_float_eq(len("72pt"), 72, 1e-9);
	cr_assert_float_eq(len("72"), 72, 1e-9);
	cr_assert_float_eq(len("1in"), 72, 1e-9);
	cr_assert_float_eq(len("25.4mm"), 72, 1e-9);
	cr_assert_float_eq(len("2.54cm"), 72, 1e-9);
	cr_assert_float_eq(len("10 MM"), 10 * 72 / 25.4, 1e-9);
	double pt;
	const char *bad[] = {"", "mm", "-5mm", "0", "5furlongs", "nan", "inf", "1e999mm"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(!pdf_parse_length(bad[i], strlen(bad[i]), &pt), "%s", bad[i]);
}

Test(paper, sizes)
{
	double w, h;
	cr_assert(pdf_parse_paper(NULL, &w, &h));
	cr_assert_float_eq(w, 595.276, 1e-3);
	cr_assert_float_eq(h, 841.890, 1e-3);
	cr_assert(pdf_parse_paper("Letter", &w, &h));
	cr_assert(w == 612 && h == 792);
	cr_assert(pdf_parse_paper("legal", &w, &h));
	cr_assert(w == 612 && h == 1008);
	cr_assert(pdf_parse_paper("a5", &w, &h));
	cr_assert_float_eq(w, 419.528, 1e-3);
	cr_assert(pdf_parse_paper("210x297mm", &w, &h));
	cr_assert_float_eq(w, 595.276, 1e-3);
	cr_assert_float_eq(h, 841.890, 1e-3);
	cr_assert(pdf_parse_paper("5inx8in", &w, &h));
	cr_assert(w == 360 && h == 576);
	cr_assert(pdf_parse_paper("400x600", &w, &h));
	cr_assert(w == 400 && h == 600);
	cr_assert(!pdf_parse_paper("a9", &w, &h));
	cr_assert(!pdf_parse_paper("x297mm", &w, &h));
	cr_assert(!pdf_parse_paper("210x", &w, &h));
}

Test(paper, uri_is_percent_encoded_ascii)
{
	char *u = pdf_uri_ascii("https://example.org/with space/caf\xc3\xa9?q=\"x\"");
	cr_assert_str_eq(u, "https://example.org/with%20space/caf%C3%A9?q=%22x%22");
	free(u);
	u = pdf_uri_ascii("http://a.b/%41(ok)");
	cr_assert_str_eq(u, "http://a.b/%41(ok)");
	free(u);
}

/* A character beyond the BMP stays (UTF-16 writes it as two units, and
 * counts two); controls become spaces. */
Test(paper, text_strings_keep_every_character)
{
	size_t chars;
	char *s = pdf_text_string("A\xf0\x9f\x98\x80" "B\tC\xce\xb1", &chars);
	cr_assert_str_eq(s, "A\xf0\x9f\x98\x80" "B C\xce\xb1");
	cr_assert_eq(chars, 7);
	free(s);
}

/* Past the limit the string ends in an ellipsis, cut between characters. */
Test(paper, long_text_strings_are_shortened)
{
	size_t n = PDF_MAX_TEXT_CHARS + 10, chars;
	char *in = malloc(2 * n + 1);
	cr_assert_not_null(in);
	for (size_t i = 0; i < n; i++)
		memcpy(in + 2 * i, "\xce\xb1", 2);
	in[2 * n] = '\0';
	char *s = pdf_text_string(in, &chars);
	cr_assert_eq(chars, n);
	size_t len = strlen(s);
	cr_assert_eq(len, 2 * (PDF_MAX_TEXT_CHARS - 1) + 3);
	cr_assert_str_eq(s + len - 5, "\xce\xb1\xe2\x80\xa6");
	free(s);
	s = pdf_text_string(in + 2 * 10, &chars);
	cr_assert_eq(chars, PDF_MAX_TEXT_CHARS);
	cr_assert_str_eq(s, in + 2 * 10);
	free(s);
	free(in);
}

Test(paper, long_uris)
{
	char *u = malloc(PDF_MAX_URI + 2);
	cr_assert_not_null(u);
	memset(u, 'a', PDF_MAX_URI + 1);
	u[PDF_MAX_URI + 1] = '\0';
	cr_assert(pdf_uri_too_long(u));
	u[PDF_MAX_URI] = '\0';
	cr_assert(!pdf_uri_too_long(u));
	/* Counted once encoded: a space is three bytes. */
	memset(u, ' ', PDF_MAX_URI / 3 + 1);
	u[PDF_MAX_URI / 3 + 1] = '\0';
	cr_assert(pdf_uri_too_long(u));
	free(u);
}

Test(paper, scripted_uris)
{
	cr_assert(pdf_uri_scripted("javascript:alert(1)"));
	cr_assert(pdf_uri_scripted(" JavaScript:x"));
	cr_assert(pdf_uri_scripted("java\tscript:x"));
	cr_assert(pdf_uri_scripted("data:text/html,x"));
	cr_assert(!pdf_uri_scripted("https://example.org/javascript:"));
	cr_assert(!pdf_uri_scripted("mailto:a@b"));
}
