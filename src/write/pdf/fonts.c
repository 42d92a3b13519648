/* Font discovery, validation, metrics and fallback. */
#include "fonts.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const bundled[ROLE_COUNT] = {
	[ROLE_REGULAR] = "GentiumBookPlus-Regular.ttf",
	[ROLE_BOLD] = "GentiumBookPlus-Bold.ttf",
	[ROLE_ITALIC] = "GentiumBookPlus-Italic.ttf",
	[ROLE_BOLDITALIC] = "GentiumBookPlus-BoldItalic.ttf",
	[ROLE_MONO] = "DejaVuSansMono.ttf",
	[ROLE_MONOBOLD] = "DejaVuSansMono-Bold.ttf",
	[ROLE_SANS] = "DejaVuSans.ttf",
};

/* ---- file validation ---- */

/* Far above any real font (Noto Sans CJK's collection is about 20 MB). */
#define MAX_FONT_FILE ((size_t)1 << 30)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* libharu trusts the file: a non-sfnt file crashes it, a CFF font is
 * refused late. So look at the table directory first. */
bool pdf_font_file_ok(const char *path, int index)
{
	bool ok = false;
	unsigned char hdr[12], dir[16];
	/* Fonts are often symbolic links (fontconfig's folders): judge where
	 * the link leads, with the guard every file passes, so that a FIFO
	 * given as a font is refused rather than waited on. */
	char *real = realpath(path, NULL);
	const char *why = NULL;
	int fd = -1, err = 0;
	size_t file_size = 0;
	FILE *fp = NULL;
	long base = 0;
	static const char *const need[] = {"glyf", "loca", "cmap", "hmtx", "head", "hhea", "maxp"};
	bool found[sizeof(need) / sizeof(need[0])] = {false};

	if (real == NULL ||
	    quire_file_open(real, MAX_FONT_FILE, &fd, &file_size, &why, &err) != QUIRE_OK)
		goto out;
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		close(fd);
		goto out;
	}
	if (fread(hdr, 1, 12, fp) != 12)
		goto out;
	if (memcmp(hdr, "ttcf", 4) == 0) {
		uint32_t count = be32(hdr + 8);
		unsigned char off[4];
		if (index < 0 || (uint32_t)index >= count)
			goto out;
		if (fseek(fp, 12 + 4L * index, SEEK_SET) != 0 || fread(off, 1, 4, fp) != 4)
			goto out;
		base = (long)be32(off);
		if (base <= 0 || (size_t)base > file_size - 12 || fseek(fp, base, SEEK_SET) != 0 ||
		    fread(hdr, 1, 12, fp) != 12)
			goto out;
	} else if (index != 0) {
		goto out;
	}
	if (be32(hdr) != 0x00010000 && memcmp(hdr, "true", 4) != 0)
		goto out;
	uint16_t ntables = be16(hdr + 4);
	if (ntables == 0 || ntables > 200)
		goto out;
	for (uint16_t i = 0; i < ntables; i++) {
		if (fread(dir, 1, 16, fp) != 16)
			goto out;
		uint32_t off = be32(dir + 8), len = be32(dir + 12);
		if ((uint64_t)off + len > (uint64_t)file_size)
			goto out;
		for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
			if (memcmp(dir, need[k], 4) == 0)
				found[k] = true;
	}
	ok = true;
	for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
		ok &= found[k];
out:
	if (fp)
		fclose(fp);
	free(real);
	return ok;
}

static bool dir_has_fonts(const char *dir)
{
	char path[PATH_MAX + 64];
	if (!dir || !*dir)
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, bundled[ROLE_REGULAR]);
	return access(path, R_OK) == 0;
}

/* The installed font folder seen from where the code itself lies (the
 * shared library, or the program linked with the static one), so that an
 * installation moved, or made with cmake --install --prefix elsewhere than
 * configured, still finds its fonts. */
static bool font_dir_beside(const char *object, const char *relative, char *out, size_t cap)
{
	char *real = object && *object ? realpath(object, NULL) : NULL;
	bool found = false;
	if (real) {
		char *slash = strrchr(real, '/');
		if (slash) {
			*slash = '\0';
			int n = snprintf(out, cap, "%s/%s", real, relative);
			found = n > 0 && (size_t)n < cap && dir_has_fonts(out);
		}
	}
	free(real);
	return found;
}

static bool use(const char *dir, char *out, size_t cap)
{
	if (!dir_has_fonts(dir) || strlen(dir) >= cap)
		return false;
	memcpy(out, dir, strlen(dir) + 1);
	return true;
}

bool pdf_font_dir(char *out, size_t cap)
{
	Dl_info info;
	const char *object = dladdr((void *)&pdf_font_dir, &info) ? info.dli_fname : NULL;
	return use(getenv("QUIRE_FONT_DIR"), out, cap) ||
	       font_dir_beside(object, QUIRE_FONT_DIR_FROM_LIB, out, cap) ||
	       font_dir_beside(object, QUIRE_FONT_DIR_FROM_BIN, out, cap) ||
	       font_dir_beside("/proc/self/exe", QUIRE_FONT_DIR_FROM_BIN, out, cap) ||
	       use(QUIRE_FONT_DIR_BUILD, out, cap) || use(QUIRE_FONT_DIR_INSTALL, out, cap);
}

/* ---- faces ---- */

static int add_face(struct pdf_fonts *f, const char *path, int index)
{
	for (size_t i = 0; i < f->nfaces; i++)
		if (f->faces[i].index == index && strcmp(f->faces[i].path, path) == 0)
			return (int)i;
	if (f->nfaces == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct pdf_face *nf = realloc(f->faces, cap * sizeof(*nf));
		if (!nf)
			return -1;
		f->faces = nf;
		f->cap = cap;
	}
	struct pdf_face *fc = &f->faces[f->nfaces];
	memset(fc, 0, sizeof(*fc));
	fc->path = strdup(path);
	if (!fc->path)
		return -1;
	fc->index = index;
	return (int)f->nfaces++;
}

static bool parse_face(struct pdf_fonts *f, int i)
{
	struct pdf_face *fc = &f->faces[i];
	if (fc->parsed || fc->failed)
		return fc->parsed;
	if (!pdf_font_file_ok(fc->path, fc->index)) {
		fc->failed = true;
		return false;
	}
	if (fc->index > 0)
		fc->name = HPDF_LoadTTFontFromFile2(f->pdf, fc->path, (HPDF_UINT)fc->index, HPDF_TRUE);
	else
		fc->name = HPDF_LoadTTFontFromFile(f->pdf, fc->path, HPDF_TRUE);
	if (fc->name)
		fc->def = HPDF_GetFontDef(f->pdf, fc->name);
	if (!fc->name || !fc->def) {
		HPDF_ResetError(f->pdf);
		if (f->hpdf_status)
			*f->hpdf_status = 0;
		fc->failed = true;
		return false;
	}
	fc->parsed = true;
	return true;
}

static bool face_has(struct pdf_fonts *f, int i, int32_t cp)
{
	if (i < 0 || !parse_face(f, i))
		return false;
	struct pdf_face *fc = &f->faces[i];
	HPDF_UINT16 code = (HPDF_UINT16)cp;
	if (fc->has == NULL)
		fc->has = calloc(0x10000, sizeof(*fc->has));
	if (fc->has && fc->has[code])
		return fc->has[code] == 1;
	bool has = HPDF_TTFontDef_GetGlyphid(fc->def, code) != 0;
	if (fc->has)
		fc->has[code] = has ? 1 : 2;
	return has;
}

/* ---- fontconfig ---- */

static FcConfig *fc_config(struct pdf_fonts *f)
{
	if (!f->fc && !f->fc_failed) {
		f->fc = FcInitLoadConfigAndFonts();
		f->fc_failed = f->fc == NULL;
	}
	return f->fc;
}

/* The file of a family in a style, or NULL when fontconfig has no such
 * family (its best match is another family) or the file is unusable. */
static char *fc_family_file(struct pdf_fonts *f, const char *family, bool bold, bool italic,
                            int *index)
{
	char *result = NULL;
	FcConfig *cfg = fc_config(f);
	FcPattern *p = NULL, *m = NULL;
	FcResult r;
	FcChar8 *file = NULL, *got = NULL;

	if (!cfg)
		return NULL;
	p = FcPatternCreate();
	if (!p)
		goto out;
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(p, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	if (!FcConfigSubstitute(cfg, p, FcMatchPattern))
		goto out;
	FcDefaultSubstitute(p);
	m = FcFontMatch(cfg, p, &r);
	if (!m || r != FcResultMatch)
		goto out;
	if (FcPatternGetString(m, FC_FAMILY, 0, &got) != FcResultMatch ||
	    strcasecmp((const char *)got, family) != 0)
		goto out;
	if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
		goto out;
	if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
		*index = 0;
	if (!pdf_font_file_ok((const char *)file, *index))
		goto out;
	result = strdup((const char *)file);
out:
	if (p)
		FcPatternDestroy(p);
	if (m)
		FcPatternDestroy(m);
	return result;
}

/* The first font fontconfig offers that has cp and that libharu can use. */
static int fc_char_face(struct pdf_fonts *f, int32_t cp)
{
	int result = -1;
	FcConfig *cfg = fc_config(f);
	FcPattern *p = NULL;
	FcCharSet *cs = NULL;
	FcFontSet *set = NULL;
	FcResult r;

	if (!cfg)
		return -1;
	p = FcPatternCreate();
	cs = FcCharSetCreate();
	if (!p || !cs || !FcCharSetAddChar(cs, (FcChar32)cp))
		goto out;
	FcPatternAddCharSet(p, FC_CHARSET, cs);
	if (!FcConfigSubstitute(cfg, p, FcMatchPattern))
		goto out;
	FcDefaultSubstitute(p);
	set = FcFontSort(cfg, p, FcFalse, NULL, &r);
	if (!set)
		goto out;
	for (int i = 0; i < set->nfont && i < 40 && result < 0; i++) {
		FcCharSet *have;
		FcChar8 *file;
		int index = 0;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &have) != FcResultMatch ||
		    !FcCharSetHasChar(have, (FcChar32)cp))
			continue;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
			continue;
		if (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch)
			index = 0;
		if (!pdf_font_file_ok((const char *)file, index))
			continue;
		int face = add_face(f, (const char *)file, index);
		if (face >= 0 && face_has(f, face, cp))
			result = face;
	}
out:
	if (set)
		FcFontSetDestroy(set);
	if (cs)
		FcCharSetDestroy(cs);
	if (p)
		FcPatternDestroy(p);
	return result;
}

/* ---- roles ---- */

/* --mainfont/--monofont: a file, or a family fontconfig knows. */
static void resolve_user(struct pdf_fonts *f, const char *spec, enum pdf_role base, bool family4)
{
	static const bool is_bold[] = {false, true, false, true};
	static const bool is_italic[] = {false, false, true, true};
	int n = family4 ? 4 : 2;
	struct stat sb;

	if (!spec || !*spec)
		return;
	if (stat(spec, &sb) == 0) {
		if (!pdf_font_file_ok(spec, 0)) {
			quire_log_report(f->log, QUIRE_SEV_WARNING, f->filename, 0, 0,
			                 "font '%s' is not a TrueType font libharu can embed; "
			                 "using the bundled font", spec);
			return;
		}
		int face = add_face(f, spec, 0);
		if (face < 0)
			return;
		/* Bold and italic: the same family's other faces, else this file. */
		char *family = NULL;
		int count = 0;
		FcPattern *q = FcFreeTypeQuery((const FcChar8 *)spec, 0, NULL, &count);
		FcChar8 *fam;
		if (q && FcPatternGetString(q, FC_FAMILY, 0, &fam) == FcResultMatch)
			family = strdup((const char *)fam);
		if (q)
			FcPatternDestroy(q);
		f->role_face[base] = face;
		for (int k = 1; k < n; k++) {
			int index = 0, other = -1;
			char *file = family ? fc_family_file(f, family, is_bold[k],
			                                     family4 ? is_italic[k] : false, &index)
			                    : NULL;
			if (file && strcmp(file, spec) != 0)
				other = add_face(f, file, index);
			free(file);
			f->role_face[base + k] = other >= 0 ? other : face;
		}
		free(family);
		return;
	}
	int index = 0;
	char *file = fc_family_file(f, spec, false, false, &index);
	if (!file) {
		quire_log_report(f->log, QUIRE_SEV_WARNING, f->filename, 0, 0,
		                 "font '%s' not found (or not TrueType); using the bundled font", spec);
		return;
	}
	int face = add_face(f, file, index);
	free(file);
	if (face < 0)
		return;
	f->role_face[base] = face;
	for (int k = 1; k < n; k++) {
		int other = -1;
		file = fc_family_file(f, spec, is_bold[k], family4 ? is_italic[k] : false, &index);
		if (file)
			other = add_face(f, file, index);
		free(file);
		f->role_face[base + k] = other >= 0 ? other : face;
	}
}

enum quire_status pdf_fonts_init(struct pdf_fonts *f, HPDF_Doc pdf,
                                 const struct quire_pdf_options *o, struct quire_log *log,
                                 const char *filename)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	char dir_buf[PATH_MAX];
	const char *dir = pdf_font_dir(dir_buf, sizeof(dir_buf)) ? dir_buf : NULL;
	char path[PATH_MAX + 64];

	memset(f, 0, sizeof(*f));
	f->pdf = pdf;
	f->log = log;
	f->filename = filename;
	f->fallback = malloc(0x10000 * sizeof(*f->fallback));
	f->warned = calloc(0x10000 / 8, 1);
	if (!f->fallback || !f->warned)
		goto out;
	for (size_t i = 0; i < 0x10000; i++)
		f->fallback[i] = -2;
	for (int r = 0; r < ROLE_COUNT; r++)
		f->role_face[r] = -1;
	if (dir) {
		for (int r = 0; r < ROLE_COUNT; r++) {
			snprintf(path, sizeof(path), "%s/%s", dir, bundled[r]);
			if (access(path, R_OK) == 0 && (f->role_face[r] = add_face(f, path, 0)) < 0)
				goto out;
		}
	}
	resolve_user(f, o->mainfont, ROLE_REGULAR, true);
	resolve_user(f, o->monofont, ROLE_MONO, false);
	if (f->role_face[ROLE_REGULAR] < 0 || !parse_face(f, f->role_face[ROLE_REGULAR])) {
		quire_log_report(log, QUIRE_SEV_ERROR, filename, 0, 0,
		                 "cannot find the bundled fonts (set QUIRE_FONT_DIR)");
		st = QUIRE_ERR_IO;
		goto out;
	}
	/* A role whose face is missing borrows a relative's. */
	static const enum pdf_role borrow[ROLE_COUNT] = {
		[ROLE_BOLD] = ROLE_REGULAR, [ROLE_ITALIC] = ROLE_REGULAR,
		[ROLE_BOLDITALIC] = ROLE_BOLD, [ROLE_MONO] = ROLE_REGULAR,
		[ROLE_MONOBOLD] = ROLE_MONO, [ROLE_SANS] = ROLE_REGULAR,
	};
	for (int r = 1; r < ROLE_COUNT; r++)
		if (f->role_face[r] < 0)
			f->role_face[r] = f->role_face[borrow[r]];
	st = QUIRE_OK;
out:
	return st;
}

/* libharu keeps, of a composite glyph's components, only those with ids
 * below 32768 (it reads them as signed), and never looks inside a
 * component that is composite itself: CJK fonts lose strokes. Mark every
 * component of every glyph in use, from the font file, before saving. */
static void mark_components(struct pdf_face *fc)
{
	HPDF_TTFontDefAttr a = fc->def ? (HPDF_TTFontDefAttr)fc->def->attr : NULL;
	FILE *fp = NULL;
	uint16_t *stack = NULL;
	uint8_t *seen = NULL;
	size_t n = 0, sp = 0;
	if (!a || !a->embedding || !a->glyph_tbl.flgs || !a->glyph_tbl.offsets || a->num_glyphs == 0)
		goto out;
	n = a->num_glyphs;
	fp = fopen(fc->path, "rb");
	stack = malloc(n * sizeof(*stack));
	seen = calloc(n, 1);
	if (!fp || !stack || !seen)
		goto out;
	for (size_t g = 0; g < n; g++)
		if (a->glyph_tbl.flgs[g]) {
			seen[g] = 1;
			stack[sp++] = (uint16_t)g;
		}
	while (sp > 0) {
		size_t g = stack[--sp];
		unsigned long mul = a->header.index_to_loc_format == 0 ? 2 : 1;
		unsigned long off = a->glyph_tbl.offsets[g] * mul, end = a->glyph_tbl.offsets[g + 1] * mul;
		unsigned char b[10];
		if (end <= off + 10 || fseek(fp, (long)(a->glyph_tbl.base_offset + off), SEEK_SET) != 0 ||
		    fread(b, 1, 10, fp) != 10 || (int16_t)be16(b) >= 0)
			continue;
		unsigned long pos = off + 10;
		unsigned flags;
		do {
			unsigned char c[4];
			if (pos + 4 > end || fread(c, 1, 4, fp) != 4)
				break;
			flags = be16(c);
			unsigned gi = be16(c + 2);
			/* Skip the arguments and the transform. */
			long skip = (flags & 1) ? 4 : 2;
			skip += (flags & 8) ? 2 : (flags & 64) ? 4 : (flags & 128) ? 8 : 0;
			pos += 4 + (unsigned long)skip;
			if (fseek(fp, skip, SEEK_CUR) != 0)
				break;
			if (gi < n && !seen[gi]) {
				seen[gi] = 1;
				a->glyph_tbl.flgs[gi] = 1;
				stack[sp++] = (uint16_t)gi;
			}
		} while (flags & 32);
	}
out:
	if (fp)
		fclose(fp);
	free(stack);
	free(seen);
}

void pdf_fonts_before_save(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->nfaces; i++)
		if (f->faces[i].font)
			mark_components(&f->faces[i]);
}

void pdf_fonts_free(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->nfaces; i++) {
		free(f->faces[i].path);
		free(f->faces[i].widths);
		free(f->faces[i].has);
	}
	free(f->faces);
	free(f->fallback);
	free(f->warned);
	if (f->fc)
		FcConfigDestroy(f->fc);
	memset(f, 0, sizeof(*f));
}

int32_t pdf_fonts_sanitize(struct pdf_fonts *f, int32_t cp)
{
	if (cp > 0xFFFF) {
		if (!f->warned_astral)
			quire_log_report(f->log, QUIRE_SEV_WARNING, f->filename, 0, 0,
			                 "characters beyond U+FFFF (first: U+%04X) cannot be set "
			                 "in the PDF; they are replaced by U+FFFD",
			                 (unsigned)cp);
		f->warned_astral = true;
		return 0xFFFD;
	}
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF))
		return ' ';
	return cp;
}

int pdf_fonts_pick(struct pdf_fonts *f, enum pdf_role role, int32_t cp)
{
	int own = f->role_face[role];
	if (cp < 0 || cp > 0xFFFF)
		cp = 0xFFFD;
	if (face_has(f, own, cp))
		return own;
	int16_t cached = f->fallback[cp];
	if (cached == -2) {
		int found = -1;
		const enum pdf_role chain[] = {ROLE_REGULAR, ROLE_SANS, ROLE_MONO, ROLE_ITALIC};
		for (size_t k = 0; k < sizeof(chain) / sizeof(chain[0]) && found < 0; k++)
			if (face_has(f, f->role_face[chain[k]], cp))
				found = f->role_face[chain[k]];
		for (size_t i = 0; i < f->nfaces && found < 0; i++)
			if (f->faces[i].parsed && face_has(f, (int)i, cp))
				found = (int)i;
		if (found < 0 && cp > ' ')
			found = fc_char_face(f, cp);
		cached = (int16_t)found;
		f->fallback[cp] = cached;
	}
	if (cached >= 0)
		return cached;
	if (!(f->warned[cp >> 3] & (1u << (cp & 7)))) {
		f->warned[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		quire_log_report(f->log, QUIRE_SEV_WARNING, f->filename, 0, 0,
		                 "no font has a glyph for U+%04X", (unsigned)cp);
	}
	return face_has(f, own, ' ') ? own : f->role_face[ROLE_REGULAR];
}

double pdf_fonts_width(struct pdf_fonts *f, int face, int32_t cp)
{
	if (face < 0 || !parse_face(f, face))
		return 500;
	struct pdf_face *fc = &f->faces[face];
	HPDF_UINT16 code = (HPDF_UINT16)cp;
	if (fc->widths == NULL) {
		fc->widths = malloc(0x10000 * sizeof(*fc->widths));
		for (size_t k = 0; fc->widths && k < 0x10000; k++)
			fc->widths[k] = INT16_MIN;
	}
	if (fc->widths && fc->widths[code] != INT16_MIN)
		return fc->widths[code];
	/* The first question also marks the glyph used, for subsetting. */
	HPDF_INT16 w = HPDF_TTFontDef_GetCharWidth(fc->def, code);
	if (fc->widths)
		fc->widths[code] = w;
	return w;
}

/* libharu writes an encoding CMap where a ToUnicode CMap belongs; replace
 * it with an identity map (codes are UCS-2), so that extractors read the
 * text exactly. */
static void fix_to_unicode(HPDF_Doc pdf, HPDF_Font font)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	char row[64];

	if (tu && tu->stream) {
		HPDF_MemStream_FreeData(tu->stream);
		HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
		HPDF_Dict_RemoveElement(tu, "CMapName");
		HPDF_Dict_RemoveElement(tu, "WMode");
		HPDF_Dict_RemoveElement(tu, "Type");
		HPDF_Stream_WriteStr(tu->stream,
		                     "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		                     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		                     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
		int hi[256], n = 0;
		for (int h = 0; h < 256; h++)
			if (h < 0xD8 || h > 0xDF)
				hi[n++] = h;
		for (int k = 0; k < n; k += 100) {
			int m = n - k < 100 ? n - k : 100;
			snprintf(row, sizeof(row), "%d beginbfrange\n", m);
			HPDF_Stream_WriteStr(tu->stream, row);
			for (int j = k; j < k + m; j++) {
				snprintf(row, sizeof(row), "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j], hi[j]);
				HPDF_Stream_WriteStr(tu->stream, row);
			}
			HPDF_Stream_WriteStr(tu->stream, "endbfrange\n");
		}
		HPDF_Stream_WriteStr(tu->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
		                                 "end\nend\n");
	}
	if (attr && attr->descendant_font) {
		HPDF_Dict csi = HPDF_Dict_GetItem(attr->descendant_font, "CIDSystemInfo",
		                                  HPDF_OCLASS_DICT);
		if (csi)
			HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
	}
}

HPDF_Font pdf_fonts_hfont(struct pdf_fonts *f, int face)
{
	if (face < 0 || !parse_face(f, face))
		face = f->role_face[ROLE_REGULAR];
	struct pdf_face *fc = &f->faces[face];
	if (!fc->font) {
		fc->font = HPDF_GetFont(f->pdf, fc->name, "UTF-8");
		if (fc->font)
			fix_to_unicode(f->pdf, fc->font);
	}
	return fc->font;
}
