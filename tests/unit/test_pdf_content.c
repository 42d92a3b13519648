/* The content-stream writer: number format, string escapes, words placed
 * by kerns in TJ arrays without drift, and the page's deflated stream. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "write/pdf/content.h"
#include "write/pdf/fonts.h"

static const struct pdf_rgb black = {0, 0, 0};

Test(content, numbers_and_operators)
{
	struct pdf_content ct;
	pdf_content_init(&ct, NULL);
	pdf_content_op(&ct, "re", 4, 1.0, 2.5, -0.1254, 0.0);
	pdf_content_op(&ct, "m", 2, -0.0001, 123456.0005);
	pdf_content_op(&ct, "w", 1, NAN);
	pdf_content_raw(&ct, "S");
	cr_assert_str_eq(ct.ops.data, "1 2.5 -0.125 0 re\n0 123456.001 m\n0 w\nS\n");
	pdf_content_free(&ct);
}

struct setup {
	struct quire_buffer out;
	struct quire_sink sink;
	struct pdf_file file;
	struct pdf_fonts fonts;
	int face;
};

static void setup_open(struct setup *s)
{
	struct quire_log log = {0};
	struct quire_pdf_options po = {0};
	memset(s, 0, sizeof(*s));
	s->sink = quire_buffer_sink(&s->out);
	pdf_file_init(&s->file, &s->sink);
	cr_assert_eq(pdf_fonts_init(&s->fonts, &s->file, &po, &log, NULL), QUIRE_OK);
	s->face = pdf_fonts_draw_face(&s->fonts, s->fonts.role_face[ROLE_REGULAR]);
}

static void setup_close(struct setup *s)
{
	pdf_fonts_free(&s->fonts);
	pdf_file_free(&s->file);
	quire_buffer_free(&s->out);
}

Test(content, string_escapes)
{
	struct setup s;
	struct pdf_content ct;
	char ascii[95];
	setup_open(&s);
	pdf_content_init(&ct, &s.fonts);
	pdf_content_begin_text(&ct);
	/* CIDs are given in the order characters are first drawn: "!" is 1,
	 * "-" 13 (0x0D: a bare CR inside a literal string would be read as a
	 * line feed), "H" 40 (0x28, "("), "I" 41 (")"), "|" 92 (0x5C, "\\"). */
	for (int k = 0; k < 94; k++)
		ascii[k] = (char)('!' + k);
	ascii[94] = 0;
	pdf_content_text(&ct, s.face, 12, black, 72, 700, ascii);
	pdf_content_end_text(&ct);
	static const char w0[] = "(\0\x01\0\x02", w1[] = "\0\x0c\0\\r\0\x0e",
	                  w2[] = "\0'\0\\(\0\\)\0*", w3[] = "\0[\0\\\\\0]";
	static const struct {
		const char *s;
		size_t n;
	} want[] = {{w0, sizeof(w0) - 1}, {w1, sizeof(w1) - 1}, {w2, sizeof(w2) - 1},
	            {w3, sizeof(w3) - 1}};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		cr_assert(memmem(ct.ops.data, ct.ops.len, want[k].s, want[k].n) != NULL, "%zu", k);
	cr_assert_eq(s.fonts.faces[s.face].ncids, 94);
	cr_assert_eq(s.fonts.faces[s.face].cids[39].cp, 'H');
	cr_assert(strstr(ct.ops.data, "/F0 12 Tf\n0 g\n1 0 0 1 72 700 Tm\n["), "%s", ct.ops.data);
	cr_assert(memmem(ct.ops.data, ct.ops.len, "] TJ\nET\n", 8) != NULL);
	pdf_content_free(&ct);
	setup_close(&s);
}

Test(content, fill_colours_by_value)
{
	struct setup s;
	struct pdf_content ct;
	struct pdf_rgb link = {0.05f, 0.25f, 0.55f}, gray = {0.45f, 0.45f, 0.45f};
	setup_open(&s);
	pdf_content_init(&ct, &s.fonts);
	pdf_content_begin_text(&ct);
	pdf_content_text(&ct, s.face, 12, link, 72, 700, "a");
	/* The same colour, another value of the type: not set again. */
	struct pdf_rgb link_again = link;
	pdf_content_text(&ct, s.face, 12, link_again, 80, 700, "b");
	pdf_content_text(&ct, s.face, 12, gray, 90, 700, "c");
	pdf_content_end_text(&ct);
	/* The stream holds glyph codes with NUL bytes: search by length. */
	const char *ops = ct.ops.data, *end = ops + ct.ops.len;
	const char *rg = memmem(ops, ct.ops.len, " Tf\n0.05 0.25 0.55 rg\n", 22);
	cr_assert_not_null(rg);
	cr_assert_null(memmem(rg + 22, (size_t)(end - rg - 22), " rg\n", 4), "set twice");
	cr_assert_not_null(memmem(ops, ct.ops.len, "\n0.45 g\n", 8));
	pdf_content_free(&ct);
	setup_close(&s);
}

static double advance(struct setup *s, const unsigned char *codes, size_t n, double size)
{
	double w = 0;
	const struct pdf_face *fc = &s->fonts.faces[s->face];
	for (size_t k = 0; k + 1 < n; k += 2) {
		unsigned cid = (unsigned)(codes[k] << 8 | codes[k + 1]);
		cr_assert(cid >= 1 && cid <= fc->ncids);
		w += fc->cids[cid - 1].width * size / 1000.0;
	}
	return w;
}

/* Reads the text back as a viewer would: Tm sets the pen, a number in a
 * TJ array moves it by thousandths of the size, a string advances it by
 * the font's widths. Returns where each string began. */
static size_t replay(struct setup *s, const char *ops, size_t len, double size, double *starts)
{
	size_t n = 0;
	double pen = 0, last = 0;
	for (size_t i = 0; i < len;) {
		if (ops[i] == '(') {
			unsigned char codes[256];
			size_t nc = 0;
			for (i++; ops[i] != ')'; i++) {
				unsigned char b = (unsigned char)ops[i];
				if (b == '\\') {
					i++;
					b = ops[i] == 'r' ? '\r' : (unsigned char)ops[i];
				}
				codes[nc++] = b;
			}
			i++;
			starts[n++] = pen;
			pen += advance(s, codes, nc, size);
		} else if (ops[i] == '-' || (ops[i] >= '0' && ops[i] <= '9')) {
			char *end;
			last = strtod(ops + i, &end);
			i = (size_t)(end - ops);
			if (strncmp(ops + i, " Tm", 3) != 0 && ops[i] == ' ' && ops[i + 1] == '(')
				pen -= last * size / 1000.0;
		} else if (strncmp(ops + i, " Tm", 3) == 0) {
			/* "1 0 0 1 x y Tm": x came two numbers back */
			const char *p = ops + i;
			int spaces = 0;
			while (spaces < 2)
				if (*--p == ' ')
					spaces++;
			pen = strtod(p + 1, NULL);
			i += 3;
		} else {
			i++;
		}
	}
	return n;
}

Test(content, words_on_a_line_do_not_drift)
{
	struct setup s;
	struct pdf_content ct;
	static const char *const words[] = {"justified", "text", "with", "uneven", "gaps", "and",
	                                    "some", "longer", "words", "in", "it"};
	enum { N = 400 };
	double want[N], got[N];
	double size = 10.5, x = 56.69; /* exact in a float, as sizes are */
	unsigned seed = 12345;
	setup_open(&s);
	/* Monospaced: no kerning or ligature inside a word, only the moves
	 * between words are under test here. */
	s.face = pdf_fonts_draw_face(&s.fonts, s.fonts.role_face[ROLE_MONO]);
	pdf_content_init(&ct, &s.fonts);
	pdf_content_begin_text(&ct);
	for (int k = 0; k < N; k++) {
		const char *w = words[k % 11];
		double width = 0;
		for (const char *c = w; *c; c++)
			width += pdf_fonts_width(&s.fonts, s.face, *c) * size / 1000.0;
		want[k] = x;
		pdf_content_text(&ct, s.face, (float)size, black, x, 500.25, w);
		seed = seed * 1103515245u + 12345u;
		x += width + 2.0 + (seed >> 16) % 1000 / 997.0;
	}
	pdf_content_end_text(&ct);
	/* One line of words far longer than a page: text matrices may start
	 * again, but positions hold everywhere. */
	size_t n = replay(&s, ct.ops.data, ct.ops.len, (float)size, got);
	cr_assert_eq(n, N);
	double worst = 0;
	for (int k = 0; k < N; k++)
		worst = fmax(worst, fabs(got[k] - want[k]));
	cr_assert_lt(worst, 0.0001, "worst error %g pt", worst);
	pdf_content_free(&ct);
	setup_close(&s);
}

Test(content, page_stream_is_deflated_once)
{
	struct setup s;
	struct pdf_content ct;
	setup_open(&s);
	pdf_content_init(&ct, &s.fonts);
	pdf_content_raw(&ct, "0.93 g");
	pdf_content_op(&ct, "re", 4, 10.0, 20.0, 30.0, 40.0);
	pdf_content_raw(&ct, "f");
	char *plain = strdup(ct.ops.data);
	size_t before = s.out.len;
	pdf_file_puts(&s.file, ""); /* nothing: the header is already counted */
	pdf_ref ref = pdf_file_reserve(&s.file);
	pdf_content_flush(&ct, &s.file, ref);
	cr_assert_not(ct.failed);
	cr_assert_eq(ct.ops.len, 0, "the buffer is ready for the next page");
	cr_assert_eq(pdf_file_finish(&s.file, ref, 0), QUIRE_OK);

	const char *file = s.out.data + before;
	size_t len = s.out.len - before;
	char head[64];
	snprintf(head, sizeof(head), "%lu 0 obj\n<< /Length ", (unsigned long)ref);
	const char *obj = memmem(file, len, head, strlen(head));
	cr_assert_not_null(obj);
	const char *dict = memmem(file, len, " /Filter /FlateDecode >>\nstream\n", 32);
	cr_assert_not_null(dict);
	unsigned long packed_len = strtoul(obj + strlen(head), NULL, 10);
	const unsigned char *packed = (const unsigned char *)dict + 32;
	unsigned char out[4096];
	uLongf outlen = sizeof(out);
	cr_assert_eq(uncompress(out, &outlen, packed, packed_len), Z_OK);
	cr_assert_eq(outlen, strlen(plain));
	cr_assert(memcmp(out, plain, outlen) == 0);
	cr_assert(memcmp(packed + packed_len, "\nendstream\nendobj\n", 18) == 0);
	free(plain);
	pdf_content_free(&ct);
	setup_close(&s);
}
