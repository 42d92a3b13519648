/* Font files are checked before libharu sees them; the fallback chain
 * finds glyphs the role's face lacks and warns once per missing one. */
#include <criterion/criterion.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write/pdf/fonts.h"

static void on_error(HPDF_STATUS s, HPDF_STATUS d, void *u)
{
	(void)s;
	(void)d;
	(void)u;
}

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

	/* CFF-flavoured OpenType: libharu cannot embed it. */
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
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	struct pdf_fonts f;
	struct counter c = {0};
	struct quire_log log = {.fn = count, .user = &c};
	struct quire_pdf_options po = {0};
	HPDF_UseUTFEncodings(pdf);
	cr_assert_eq(pdf_fonts_init(&f, pdf, &po, &log, NULL), QUIRE_OK);

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
	pdf_fonts_pick(&f, ROLE_REGULAR, 0xE001);
	cr_assert_eq(c.warnings, 2);

	/* Beyond the BMP: replaced, warned about once. */
	cr_assert_eq(pdf_fonts_sanitize(&f, 0x1F600), 0xFFFD);
	cr_assert_eq(pdf_fonts_sanitize(&f, 0x1F601), 0xFFFD);
	cr_assert_eq(c.warnings, 3);
	cr_assert_eq(pdf_fonts_sanitize(&f, 0x07), ' ');

	/* Nothing is embedded until drawn. */
	for (size_t i = 0; i < f.nfaces; i++)
		cr_assert_null(f.faces[i].font);
	cr_assert_not_null(pdf_fonts_hfont(&f, regular));
	pdf_fonts_free(&f);
	HPDF_Free(pdf);
}

Test(fonts, user_font_that_is_not_truetype_is_refused)
{
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	struct pdf_fonts f;
	struct counter c = {0};
	struct quire_log log = {.fn = count, .user = &c};
	struct quire_pdf_options po = {.mainfont = font_path("README")};
	cr_assert_eq(pdf_fonts_init(&f, pdf, &po, &log, NULL), QUIRE_OK);
	cr_assert_eq(c.warnings, 1);
	cr_assert(strstr(f.faces[f.role_face[ROLE_REGULAR]].path, "GentiumBookPlus-Regular"));
	pdf_fonts_free(&f);
	HPDF_Free(pdf);
}
