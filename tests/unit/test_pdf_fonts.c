/* Font files are checked before they are parsed; the fallback chain
 * finds glyphs the role's face lacks and warns once per missing one; a
 * drawn face is written cut down to its glyphs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write/pdf/fonts.h"

static char *font_path(const char *name)
{
	static char buf[8192];
	char dir[4096];
	cr_assert(pdf_font_dir(dir, sizeof(dir)), "the bundled fonts are found without configuration");
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

Test(fonts, file_validation)
{
	char tmp[] = "/tmp/quire-font-XXXXXX";
	int fd = mkstemp(tmp);
	cr_assert_geq(fd, 0);
	close(fd);

	cr_assert(pdf_font_file_ok(font_path("GentiumBookPlus-Regular.ttf"), 0));
	cr_assert(pdf_font_file_ok(font_path("DejaVuSansMono.ttf"), 0));
	cr_assert(!pdf_font_file_ok(font_path("DejaVuSansMono.ttf"), 1), "not a collection");
	cr_assert(!pdf_font_file_ok(font_path("README"), 0), "text is not a font");
	cr_assert(!pdf_font_file_ok("/nonexistent.ttf", 0));
	cr_assert(!pdf_font_file_ok("/tmp", 0), "a folder");

	/* A truncated font: its tables point past the end. */
	FILE *f = fopen(font_path("DejaVuSansMono.ttf"), "rb");
	cr_assert_not_null(f);
	static char head[65536];
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	write_file(tmp, head, n);
	cr_assert(!pdf_font_file_ok(tmp, 0), "truncated");

	/* CFF-flavoured OpenType: only TrueType outlines are embedded. */
	unsigned char otto[12 + 16] = {'O', 'T', 'T', 'O', 0, 1};
	memcpy(otto + 12, "CFF ", 4);
	write_file(tmp, otto, sizeof(otto));
	cr_assert(!pdf_font_file_ok(tmp, 0), "CFF");

	/* An sfnt with no glyf table. */
	unsigned char noglyf[12 + 16] = {0, 1, 0, 0, 0, 1};
	memcpy(noglyf + 12, "cmap", 4);
	write_file(tmp, noglyf, sizeof(noglyf));
	cr_assert(!pdf_font_file_ok(tmp, 0), "no glyf");
	remove(tmp);
}

struct counter {
	int warnings;
	char last[256];
};

static void count(const struct quire_message *m, void *user)
{
	struct counter *c = user;
	c->warnings++;
	snprintf(c->last, sizeof(c->last), "%s", m->text);
}

Test(fonts, fallback_chain)
{
	struct pdf_fonts f;
	struct counter c = {0};
	struct quire_log log = {.fn = count, .user = &c};
	struct quire_pdf_options po = {0};
	cr_assert_eq(pdf_fonts_init(&f, NULL, &po, &log, NULL), QUIRE_OK);

	int regular = f.role_face[ROLE_REGULAR];
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_REGULAR, 'A'), regular);
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_REGULAR, 0x03B1), regular, "Greek alpha");
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_REGULAR, 0x0416), regular, "Cyrillic zhe");
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_MONO, 0x0416), f.role_face[ROLE_MONO]);
	/* A ballot box: not in Gentium, in DejaVu Sans. */
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_REGULAR, 0x2610), f.role_face[ROLE_SANS]);
	cr_assert_eq(c.warnings, 0);
	cr_assert_gt(pdf_fonts_width(&f, regular, 'M'), 500);

	/* A private-use character no font has: one warning, however often. */
	pdf_fonts_pick(&f, ROLE_REGULAR, 0xE000);
	pdf_fonts_pick(&f, ROLE_BOLD, 0xE000);
	cr_assert_eq(c.warnings, 1);
	cr_assert(strstr(c.last, "U+E000"), "%s", c.last);
	pdf_fonts_pick(&f, ROLE_REGULAR, 0xE0FF);
	cr_assert_eq(c.warnings, 2);

	/* Beyond the BMP: kept, and set from a font that has it (an emoji
	 * from DejaVu Sans, bundled); one with no font warned about once. */
	cr_assert_eq(pdf_fonts_sanitize(&f, 0x1F600), 0x1F600);
	cr_assert_eq(pdf_fonts_pick(&f, ROLE_REGULAR, 0x1F600), f.role_face[ROLE_SANS]);
	cr_assert_gt(pdf_fonts_width(&f, f.role_face[ROLE_SANS], 0x1F600), 500);
	pdf_fonts_pick(&f, ROLE_REGULAR, 0x10FFFD);
	pdf_fonts_pick(&f, ROLE_BOLD, 0x10FFFD);
	cr_assert_eq(c.warnings, 3);
	cr_assert(strstr(c.last, "U+10FFFD"), "%s", c.last);
	cr_assert_eq(pdf_fonts_sanitize(&f, 0x07), ' ');

	/* Nothing is embedded until drawn. */
	for (size_t i = 0; i < f.nfaces; i++)
		cr_assert_eq(f.faces[i].ref, 0);
	pdf_fonts_free(&f);
}

/* Shaping: kerning pairs close up, ligatures are one glyph showing
 * their characters (in the body's faces, never in code's), and a word's
 * advances are the same from the cache. */
Test(fonts, shaping_kerns_and_ligates)
{
	struct pdf_fonts f;
	struct quire_log log = {0};
	struct quire_pdf_options po = {0};
	cr_assert_eq(pdf_fonts_init(&f, NULL, &po, &log, NULL), QUIRE_OK);
	int body = f.role_face[ROLE_REGULAR], mono = f.role_face[ROLE_MONO];
	const int32_t av[] = {'A', 'V'}, fi[] = {'f', 'i'};
	double adv[2];
	pdf_fonts_advances(&f, body, av, 2, adv);
	double own = pdf_fonts_width(&f, body, 'A') + pdf_fonts_width(&f, body, 'V');
	cr_assert_lt(adv[0] + adv[1], own - 20, "AV kerned: %g vs %g", adv[0] + adv[1], own);
	const struct pdf_glyph *g;
	cr_assert_eq(pdf_fonts_shape(&f, body, fi, 2, &g), 1, "fi is one glyph in Gentium");
	cr_assert_eq(g[0].cluster, 0);
	double lig = pdf_fonts_glyph_width(&f, body, g[0].gid);
	pdf_fonts_advances(&f, body, fi, 2, adv);
	cr_assert_float_eq(adv[0] + adv[1], lig, 0.001, "the ligature's advance, shared");
	cr_assert_gt(adv[0], adv[1], "f is wider than i: the larger share");
	cr_assert_eq(pdf_fonts_shape(&f, mono, fi, 2, &g), 2, "no ligature in code");
	/* From the cache, the same figures. */
	double again[2], first[2];
	pdf_fonts_advances(&f, body, av, 2, first);
	pdf_fonts_advances(&f, body, av, 2, again);
	cr_assert(again[0] == first[0] && again[1] == first[1]);
	pdf_fonts_free(&f);
}

/* The written font: a Type0 font whose CIDs follow the order characters
 * were drawn, two characters of one glyph keeping their own CIDs (so
 * their own text in the ToUnicode map), the file cut down to the glyphs
 * drawn. */
Test(fonts, drawn_face_is_written_as_a_subset)
{
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	struct pdf_file file;
	struct pdf_fonts f;
	struct quire_log log = {0};
	struct quire_pdf_options po = {0};
	pdf_file_init(&file, &sink);
	cr_assert_eq(pdf_fonts_init(&f, &file, &po, &log, NULL), QUIRE_OK);
	int face = pdf_fonts_draw_face(&f, f.role_face[ROLE_REGULAR]);
	cr_assert_neq(f.faces[face].ref, 0);
	cr_assert_eq(pdf_fonts_cid(&f, face, 'Q'), 1);
	cr_assert_eq(pdf_fonts_cid(&f, face, ' '), 2);
	/* U+E000 has no glyph: .notdef, as every other such character. */
	cr_assert_eq(pdf_fonts_cid(&f, face, 0xE000), 3);
	cr_assert_eq(pdf_fonts_cid(&f, face, 0xE001), 4, "a character has its own CID");
	cr_assert_eq(pdf_fonts_cid(&f, face, 'Q'), 1);
	cr_assert_eq(f.faces[face].cids[2].gid, 0);
	cr_assert_eq(f.faces[face].cids[3].gid, 0, "one glyph");
	cr_assert_eq(f.faces[face].cids[3].cp, 0xE001);
	cr_assert_float_eq(f.faces[face].cids[0].width, pdf_fonts_width(&f, face, 'Q'), 0.001);
	cr_assert_eq(pdf_fonts_write(&f), QUIRE_OK);
	cr_assert_eq(pdf_file_finish(&file, 1, 0), QUIRE_OK);
	cr_assert(memmem(out.data, out.len, "/Subtype /Type0", 15));
	cr_assert(memmem(out.data, out.len, "/W [1 [", 7));
	cr_assert(memmem(out.data, out.len, "+GentiumBookPlus /", 18));
	/* The subset: far smaller than the 580 KB file. */
	const char *l1 = memmem(out.data, out.len, "/Length1 ", 9);
	cr_assert_not_null(l1);
	cr_assert_lt(strtol(l1 + 9, NULL, 10), 60000);
	pdf_fonts_free(&f);
	pdf_file_free(&file);
	quire_buffer_free(&out);
}

Test(fonts, user_font_that_is_not_truetype_is_refused)
{
	struct pdf_fonts f;
	struct counter c = {0};
	struct quire_log log = {.fn = count, .user = &c};
	struct quire_pdf_options po = {.mainfont = font_path("README")};
	cr_assert_eq(pdf_fonts_init(&f, NULL, &po, &log, NULL), QUIRE_OK);
	cr_assert_eq(c.warnings, 1);
	cr_assert(strstr(f.faces[f.role_face[ROLE_REGULAR]].path, "GentiumBookPlus-Regular"));
	pdf_fonts_free(&f);
}
