/* Font discovery, validation, metrics and fallback. */
#include "fonts.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <math.h>
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

/* Only TrueType outlines are embedded (FontFile2); the table directory
 * tells before anything else reads the file. */
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
	(void)f;
	if (fc->parsed || fc->failed)
		return fc->parsed;
	fc->failed = true;
	if (!pdf_font_file_ok(fc->path, fc->index))
		return false;
	fc->blob = hb_blob_create_from_file_or_fail(fc->path);
	if (!fc->blob)
		return false;
	fc->hb = hb_face_create(fc->blob, (unsigned)fc->index);
	fc->upem = hb_face_get_upem(fc->hb);
	if (hb_face_get_glyph_count(fc->hb) == 0 || fc->upem < 16 || fc->upem > 16384)
		return false;
	fc->font = hb_font_create(fc->hb);
	if (!fc->font || hb_font_is_immutable(fc->font))
		return false; /* HarfBuzz's empty font: out of memory */
	fc->failed = false;
	fc->parsed = true;
	return true;
}

/* The glyph of cp in a parsed face, 0 (.notdef) when it has none. */
static hb_codepoint_t glyph_of(const struct pdf_face *fc, int32_t cp)
{
	hb_codepoint_t gid = 0;
	if (!hb_font_get_nominal_glyph(fc->font, (hb_codepoint_t)cp, &gid))
		gid = 0;
	return gid;
}

static bool face_has(struct pdf_fonts *f, int i, int32_t cp)
{
	if (i < 0 || !parse_face(f, i))
		return false;
	struct pdf_face *fc = &f->faces[i];
	if (cp < 0 || cp > 0x10FFFF)
		return false;
	if (cp > 0xFFFF) /* few in a document: asked of the font each time */
		return glyph_of(fc, cp) != 0;
	uint16_t code = (uint16_t)cp;
	if (fc->has == NULL)
		fc->has = calloc(0x10000, sizeof(*fc->has));
	if (fc->has && fc->has[code])
		return fc->has[code] == 1;
	bool has = glyph_of(fc, code) != 0;
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

/* The first font fontconfig offers that has cp and that quire can embed. */
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
			                 "font '%s' is not a TrueType font quire can embed; "
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

enum quire_status pdf_fonts_init(struct pdf_fonts *f, struct pdf_file *file,
                                 const struct quire_pdf_options *o, struct quire_log *log,
                                 const char *filename)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	char dir_buf[PATH_MAX];
	const char *dir = pdf_font_dir(dir_buf, sizeof(dir_buf)) ? dir_buf : NULL;
	char path[PATH_MAX + 64];

	memset(f, 0, sizeof(*f));
	f->file = file;
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
	/* Code shows the characters typed: no ligature in its faces (unless
	 * a face is the body's too). */
	for (int r = ROLE_MONO; r <= ROLE_MONOBOLD; r++)
		if (f->role_face[r] != f->role_face[ROLE_REGULAR])
			f->faces[f->role_face[r]].no_ligatures = true;
	st = QUIRE_OK;
out:
	return st;
}

void pdf_fonts_free(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->nfaces; i++) {
		struct pdf_face *fc = &f->faces[i];
		free(fc->path);
		free(fc->widths);
		free(fc->has);
		free(fc->cid);
		free(fc->cids);
		free(fc->text_pool);
		qset_free(&fc->other_cids);
		hb_font_destroy(fc->font);
		hb_face_destroy(fc->hb);
		hb_blob_destroy(fc->blob);
	}
	free(f->faces);
	qset_free(&f->astral);
	hb_buffer_destroy(f->buf);
	free(f->glyphs);
	qset_free(&f->shape_cache);
	free(f->shaped);
	free(f->shaped_pool);
	free(f->fallback);
	free(f->warned);
	if (f->fc)
		FcConfigDestroy(f->fc);
	memset(f, 0, sizeof(*f));
}

int32_t pdf_fonts_sanitize(struct pdf_fonts *f, int32_t cp)
{
	(void)f;
	if (cp > 0x10FFFF)
		return 0xFFFD;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF))
		return ' ';
	return cp;
}

/* The face that has cp, found once: the roles' faces, the faces
 * already used, then fontconfig's. -1: none. */
static int find_fallback(struct pdf_fonts *f, int32_t cp)
{
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
	return found;
}

int pdf_fonts_pick(struct pdf_fonts *f, enum pdf_role role, int32_t cp)
{
	int own = f->role_face[role];
	if (cp < 0 || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (face_has(f, own, cp))
		return own;
	int found;
	bool warned;
	if (cp <= 0xFFFF) {
		if (f->fallback[cp] == -2)
			f->fallback[cp] = (int16_t)find_fallback(f, cp);
		found = f->fallback[cp];
		warned = f->warned[cp >> 3] & (1u << (cp & 7));
		f->warned[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	} else {
		/* Beyond the BMP (emoji, mathematical letters, CJK extension
		 * B): the face found, plus one, by the character in hex. */
		char key[16];
		unsigned *slot;
		snprintf(key, sizeof(key), "%x", (unsigned)cp);
		int added = qset_add(&f->astral, key, &slot);
		if (added < 0) {
			f->oom = true;
			return own;
		}
		if (added)
			*slot = (unsigned)(find_fallback(f, cp) + 2);
		found = (int)*slot - 2;
		warned = !added;
	}
	if (found >= 0)
		return found;
	if (!warned)
		quire_log_report(f->log, QUIRE_SEV_WARNING, f->filename, 0, 0,
		                 "no font has a glyph for U+%04X", (unsigned)cp);
	return face_has(f, own, ' ') ? own : f->role_face[ROLE_REGULAR];
}

/* A glyph's advance in thousandths of an em, to three places: the figure
 * the font's /W array gives readers, so that text they place by it ends
 * where the layout measured. */
static double milli(const struct pdf_face *fc, uint32_t gid)
{
	hb_position_t adv = hb_font_get_glyph_h_advance(fc->font, gid);
	if (adv < 0)
		adv = 0;
	return round((double)adv * 1000000.0 / fc->upem) / 1000.0;
}

double pdf_fonts_glyph_width(struct pdf_fonts *f, int face, uint32_t gid)
{
	if (face < 0 || !parse_face(f, face))
		return 500;
	return milli(&f->faces[face], gid);
}

double pdf_fonts_width(struct pdf_fonts *f, int face, int32_t cp)
{
	if (face < 0 || !parse_face(f, face))
		return 500;
	struct pdf_face *fc = &f->faces[face];
	if (cp < 0 || cp > 0xFFFF)
		return milli(fc, glyph_of(fc, cp > 0x10FFFF || cp < 0 ? 0xFFFD : cp));
	uint16_t code = (uint16_t)cp;
	if (fc->widths == NULL) {
		fc->widths = malloc(0x10000 * sizeof(*fc->widths));
		for (size_t k = 0; fc->widths && k < 0x10000; k++)
			fc->widths[k] = NAN;
	}
	if (fc->widths && !isnan(fc->widths[code]))
		return fc->widths[code];
	double w = milli(fc, glyph_of(fc, code));
	if (fc->widths)
		fc->widths[code] = (float)w;
	return w;
}

int pdf_fonts_draw_face(struct pdf_fonts *f, int face)
{
	if (face < 0 || !parse_face(f, face))
		face = f->role_face[ROLE_REGULAR];
	struct pdf_face *fc = &f->faces[face];
	if (!fc->ref && f->file)
		fc->ref = pdf_file_reserve(f->file);
	return face;
}

/* A new CID for gid showing the characters cps[0..n); 0 when out of
 * memory or past the 65,535 a two-byte code holds (the rest then show as
 * .notdef, more than any font has glyphs). */
static unsigned new_cid(struct pdf_fonts *f, struct pdf_face *fc, uint32_t gid,
                        const int32_t *cps, size_t n)
{
	if (fc->ncids >= 0xFFFF || n > 0xFFFF)
		return 0;
	if (!QUIRE_RESERVE(fc->cids, fc->cids_cap, fc->ncids + 1))
		goto oom;
	struct pdf_cid c = {.gid = (uint16_t)gid, .width = milli(fc, gid),
	                    .cp = n == 1 ? cps[0] : -1};
	if (n != 1) {
		if (!QUIRE_RESERVE(fc->text_pool, fc->text_cap, fc->ntext + n + 1))
			goto oom;
		c.text_at = (uint32_t)fc->ntext;
		c.text_len = (uint16_t)n;
		memcpy(fc->text_pool + fc->ntext, cps, n * sizeof(*cps));
		fc->ntext += n;
	}
	fc->cids[fc->ncids++] = c;
	return (unsigned)fc->ncids;
oom:
	f->oom = true;
	return 0;
}

unsigned pdf_fonts_cid(struct pdf_fonts *f, int face, int32_t cp)
{
	struct pdf_face *fc = &f->faces[face];
	if (cp < 0 || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp > 0xFFFF)
		return pdf_fonts_glyph_cid(f, face, glyph_of(fc, cp), &cp, 1);
	if (!fc->cid && !(fc->cid = calloc(0x10000, sizeof(*fc->cid)))) {
		f->oom = true;
		return 0;
	}
	if (!fc->cid[cp])
		fc->cid[cp] = (uint16_t)new_cid(f, fc, glyph_of(fc, cp), &cp, 1);
	return fc->cid[cp];
}

unsigned pdf_fonts_glyph_cid(struct pdf_fonts *f, int face, uint32_t gid, const int32_t *cps,
                             size_t n)
{
	struct pdf_face *fc = &f->faces[face];
	/* The common case: a character shown by its own glyph. */
	if (n == 1 && cps[0] >= 0 && cps[0] <= 0xFFFF && glyph_of(fc, cps[0]) == gid)
		return pdf_fonts_cid(f, face, cps[0]);
	struct qstr key = {0};
	char buf[8];
	unsigned cid = 0, *slot;
	qstr_printf(&key, "%x:", (unsigned)gid);
	for (size_t k = 0; k < n; k++)
		qstr_append(&key, buf, (size_t)quire_utf8_encode(cps[k] > 0 ? cps[k] : 0xFFFD, buf));
	int added = key.oom ? -1 : qset_add(&fc->other_cids, key.data, &slot);
	if (added < 0)
		f->oom = true;
	else if (!added)
		cid = *slot;
	else
		cid = *slot = new_cid(f, fc, gid, cps, n);
	qstr_free(&key);
	return cid;
}

/* ---- shaping ---- */

static size_t shape(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                    const struct pdf_glyph **out)
{
	static const char *const no_ligatures[] = {"-liga", "-clig", "-dlig", "-calt"};
	hb_feature_t feats[4];
	unsigned nfeats = 0;
	struct pdf_face *fc = &f->faces[face];
	if (!f->buf) {
		f->buf = hb_buffer_create();
		if (!hb_buffer_allocation_successful(f->buf))
			return 0;
	}
	hb_buffer_clear_contents(f->buf);
	/* Marks in clusters of their own: each glyph then shows its own
	 * characters, and a ligature all of its. */
	hb_buffer_set_cluster_level(f->buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_add_utf32(f->buf, (const uint32_t *)cps, (int)n, 0, (int)n);
	hb_buffer_guess_segment_properties(f->buf);
	/* Right-to-left words arrive already reversed (para.c): they are
	 * shaped as they will be drawn. */
	hb_buffer_set_direction(f->buf, HB_DIRECTION_LTR);
	if (!hb_buffer_allocation_successful(f->buf))
		return 0;
	if (fc->no_ligatures)
		for (size_t k = 0; k < 4; k++)
			hb_feature_from_string(no_ligatures[k], -1, &feats[nfeats++]);
	hb_shape(fc->font, f->buf, feats, nfeats);
	unsigned len = 0;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(f->buf, &len);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(f->buf, NULL);
	if (!hb_buffer_allocation_successful(f->buf) || len == 0 || !info || !pos ||
	    !QUIRE_RESERVE(f->glyphs, f->glyphs_cap, len))
		return 0;
	for (unsigned k = 0; k < len; k++)
		f->glyphs[k] = (struct pdf_glyph){.gid = info[k].codepoint, .cluster = info[k].cluster,
		                                  .advance = pos[k].x_advance,
		                                  .dx = pos[k].x_offset, .dy = pos[k].y_offset};
	*out = f->glyphs;
	return len;
}

/* Words up to this long have their glyphs kept: only those that shaping
 * changed (a kerning pair, a ligature); of the rest, most words, only
 * that they are plain, each character by its own glyph and advance. */
#define SHAPE_CACHE_CHARS 40
#define PLAIN_WORD UINT_MAX

static bool is_plain(const struct pdf_face *fc, const int32_t *cps, size_t n,
                     const struct pdf_glyph *g, size_t ng)
{
	if (ng != n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (g[k].cluster != k || g[k].dx || g[k].dy || g[k].gid != glyph_of(fc, cps[k]) ||
		    g[k].advance != hb_font_get_glyph_h_advance(fc->font, g[k].gid))
			return false;
	return true;
}

/* A plain word's glyphs, each character's own. */
static size_t plain(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                    const struct pdf_glyph **out)
{
	const struct pdf_face *fc = &f->faces[face];
	if (!QUIRE_RESERVE(f->glyphs, f->glyphs_cap, n))
		return 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t gid = glyph_of(fc, cps[k]);
		f->glyphs[k] = (struct pdf_glyph){.gid = gid, .cluster = (uint32_t)k,
		                                  .advance = hb_font_get_glyph_h_advance(fc->font, gid)};
	}
	*out = f->glyphs;
	return n;
}

size_t pdf_fonts_shape(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                       const struct pdf_glyph **out)
{
	char key[16 + 4 * SHAPE_CACHE_CHARS];
	unsigned *slot = NULL;
	bool cache = n <= SHAPE_CACHE_CHARS;
	*out = NULL;
	if (face < 0 || !parse_face(f, face) || n == 0 || n > 1u << 20)
		return 0;
	if (cache) {
		/* The face in base 64 (never a NUL), then the word. */
		size_t kl = 0;
		for (unsigned v = (unsigned)face;; v >>= 6) {
			key[kl++] = (char)('0' + (v & 63));
			if (v < 64)
				break;
		}
		key[kl++] = ':';
		for (size_t k = 0; k < n && cache; k++) {
			cache = cps[k] > 0 && cps[k] <= 0x10FFFF;
			kl += cache ? (size_t)quire_utf8_encode(cps[k], key + kl) : 0;
		}
		key[kl] = 0;
	}
	if (cache) {
		int added = qset_add(&f->shape_cache, key, &slot);
		if (added == 0 && *slot == PLAIN_WORD)
			return plain(f, face, cps, n, out);
		if (added == 0 && *slot > 0) {
			const struct pdf_shaped_word *w = &f->shaped[*slot - 1];
			*out = f->shaped_pool + w->at;
			return w->n;
		}
		if (added < 0)
			slot = NULL;
	}
	size_t ng = shape(f, face, cps, n, out);
	if (slot && ng > 0 && is_plain(&f->faces[face], cps, n, *out, ng)) {
		*slot = PLAIN_WORD;
	} else if (slot && ng > 0 && QUIRE_RESERVE(f->shaped, f->shaped_cap, f->nshaped + 1) &&
	    QUIRE_RESERVE(f->shaped_pool, f->pool_cap, f->npool + ng)) {
		memcpy(f->shaped_pool + f->npool, *out, ng * sizeof(**out));
		f->shaped[f->nshaped] = (struct pdf_shaped_word){.at = (uint32_t)f->npool,
		                                                 .n = (uint32_t)ng};
		*out = f->shaped_pool + f->npool;
		f->npool += ng;
		*slot = (unsigned)++f->nshaped;
	} else if (slot) {
		*slot = 0; /* not kept: shaped again next time */
	}
	return ng;
}

void pdf_fonts_advances(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                        double *adv)
{
	const struct pdf_glyph *g;
	size_t ng = pdf_fonts_shape(f, face, cps, n, &g);
	if (ng == 0) {
		for (size_t k = 0; k < n; k++)
			adv[k] = pdf_fonts_width(f, face, cps[k]);
		return;
	}
	const struct pdf_face *fc = &f->faces[face];
	for (size_t k = 0; k < n; k++)
		adv[k] = 0;
	/* A cluster's advance (a ligature's, a kerned glyph's) shared by its
	 * characters in the ratio of their own widths: a word broken inside
	 * a ligature then draws each part about as wide as measured. */
	for (size_t k = 0; k < ng;) {
		size_t from = g[k].cluster, to = n, e = k;
		double total = 0;
		for (; e < ng && g[e].cluster == g[k].cluster; e++)
			total += round((double)g[e].advance * 1000000.0 / fc->upem) / 1000.0;
		if (e < ng && g[e].cluster > from)
			to = g[e].cluster;
		if (from >= n || to > n || to <= from) {
			k = e;
			continue;
		}
		double own = 0;
		for (size_t c = from; c < to; c++)
			own += pdf_fonts_width(f, face, cps[c]);
		for (size_t c = from; c < to; c++)
			adv[c] = own > 0 ? total * pdf_fonts_width(f, face, cps[c]) / own
			                 : (c == from ? total : 0);
		k = e;
	}
}

/* ---- writing ---- */

static uint32_t table_u32(hb_blob_t *b, unsigned off)
{
	unsigned len;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
	return d && off + 4 <= len ? be32(d + off) : 0;
}

static int16_t table_s16(hb_blob_t *b, unsigned off)
{
	unsigned len;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
	return d && off + 2 <= len ? (int16_t)be16(d + off) : 0;
}

/* The PostScript name, cut to what a PDF name holds plainly. */
static void ps_name(const struct pdf_face *fc, char *out, size_t cap, int face)
{
	char buf[64];
	unsigned len = sizeof(buf);
	size_t n = 0;
	if (hb_ot_name_get_utf8(fc->hb, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
	                        buf) == 0)
		buf[0] = 0;
	for (const char *p = buf; *p && n + 1 < cap; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			out[n++] = *p;
	out[n] = 0;
	if (n == 0)
		snprintf(out, cap, "Font%d", face);
}

/* The subset's six-letter tag (PDF 9.6.4), from the glyphs it holds, so
 * that two subsets of one font differ and the same text gives the same
 * tag. */
static void subset_tag(const struct pdf_face *fc, char tag[7])
{
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < fc->ncids; k++) {
		h = (h ^ fc->cids[k].gid) * 16777619u;
		h = (h ^ (uint32_t)fc->cids[k].cp) * 16777619u;
	}
	for (int k = 0; k < 6; k++) {
		tag[k] = (char)('A' + h % 26);
		h /= 26;
		h = h * 2654435761u + (uint32_t)k;
	}
	tag[6] = 0;
}

/* The font file cut down to the glyphs drawn, and each CID's glyph in it. */
static hb_blob_t *subset(struct pdf_face *fc, uint16_t *new_gid)
{
	hb_blob_t *out = NULL;
	hb_face_t *sub = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	/* A face of its own: when the subsetter runs out of memory,
	 * HarfBuzz 6.0 leaves the source face's table cache in a state
	 * that crashes hb_face_destroy() (found by tests/hostile/malloc.sh).
	 * That face is then left, not destroyed: the conversion is ending
	 * with "out of memory" anyway. */
	hb_face_t *src = hb_face_create(fc->blob, (unsigned)fc->index);
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('F', 'F', 'T', 'M'),
	};
	if (!in)
		goto out;
	hb_set_t *glyphs = hb_subset_input_glyph_set(in);
	hb_set_add(glyphs, 0);
	for (size_t k = 0; k < fc->ncids; k++)
		hb_set_add(glyphs, fc->cids[k].gid);
	hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t k = 0; k < sizeof(drop) / sizeof(drop[0]); k++)
		hb_set_add(tables, drop[k]);
	/* No cmap is needed: CIDs map to glyphs through the CIDToGIDMap. */
	hb_set_clear(hb_subset_input_unicode_set(in));
	plan = hb_subset_plan_create_or_fail(src, in);
	if (!plan)
		goto out;
	sub = hb_subset_plan_execute_or_fail(plan);
	if (!sub)
		goto out;
	const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
	for (size_t k = 0; k < fc->ncids; k++) {
		hb_codepoint_t g = hb_map_get(map, fc->cids[k].gid);
		new_gid[k] = g == HB_MAP_VALUE_INVALID ? 0 : (uint16_t)g;
	}
	out = hb_face_reference_blob(sub);
	if (hb_blob_get_length(out) == 0) {
		hb_blob_destroy(out);
		out = NULL;
	}
out:
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	if (out)
		hb_face_destroy(src);
	return out;
}

/* The ToUnicode CMap: each CID to its character, in UTF-16BE. */
static void write_to_unicode(struct pdf_file *file, pdf_ref ref, const struct pdf_face *fc)
{
	struct qstr q = {0};
	qstr_puts(&q, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t k = 0; k < fc->ncids; k += 100) {
		size_t m = fc->ncids - k < 100 ? fc->ncids - k : 100;
		qstr_printf(&q, "%zu beginbfchar\n", m);
		for (size_t j = k; j < k + m; j++) {
			const struct pdf_cid *c = &fc->cids[j];
			const int32_t *cps = c->cp >= 0 ? &c->cp : fc->text_pool + c->text_at;
			size_t n = c->cp >= 0 ? 1 : c->text_len;
			qstr_printf(&q, "<%04zX> <", j + 1);
			/* A glyph that shows no character of its own (the second
			 * glyph of one character): a zero-width space. */
			if (n == 0)
				qstr_puts(&q, "200B");
			for (size_t t = 0; t < n; t++) {
				int32_t cp = cps[t];
				if (cp > 0xFFFF)
					qstr_printf(&q, "%04X%04X", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
					            (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
				else
					qstr_printf(&q, "%04X", (unsigned)cp);
			}
			qstr_puts(&q, ">\n");
		}
		qstr_puts(&q, "endbfchar\n");
	}
	qstr_puts(&q, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (q.oom)
		file->status = file->status ? file->status : QUIRE_ERR_NOMEM;
	else
		pdf_file_stream(file, ref, NULL, q.data, q.len, true);
	qstr_free(&q);
}

static enum quire_status write_face(struct pdf_fonts *f, int face)
{
	enum quire_status st = QUIRE_OK;
	struct pdf_face *fc = &f->faces[face];
	struct pdf_file *file = f->file;
	uint16_t *new_gid = calloc(fc->ncids + 1, sizeof(*new_gid));
	unsigned char *map = malloc(2 * (fc->ncids + 1));
	hb_blob_t *sub = NULL, *head = NULL, *post = NULL;
	char name[64], tag[7];
	struct qstr w = {0};

	if (!new_gid || !map) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	sub = subset(fc, new_gid);
	if (!sub) {
		quire_log_report(f->log, QUIRE_SEV_ERROR, f->filename, 0, 0,
		                 "could not cut the font '%s' down to the glyphs used", fc->path);
		st = QUIRE_ERR_INTERNAL;
		goto out;
	}
	ps_name(fc, name, sizeof(name), face);
	subset_tag(fc, tag);
	head = hb_face_reference_table(fc->hb, HB_TAG('h', 'e', 'a', 'd'));
	post = hb_face_reference_table(fc->hb, HB_TAG('p', 'o', 's', 't'));
	double k = 1000.0 / fc->upem;
	hb_position_t ascent = 0, descent = 0, cap = 0;
	hb_ot_metrics_get_position_with_fallback(fc->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER,
	                                         &ascent);
	hb_ot_metrics_get_position_with_fallback(fc->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER,
	                                         &descent);
	hb_ot_metrics_get_position_with_fallback(fc->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap);
	double italic = (int32_t)table_u32(post, 4) / 65536.0;
	bool fixed = table_u32(post, 12) != 0;
	int flags = 4 | (fixed ? 1 : 0) | (italic != 0 ? 64 : 0);

	pdf_ref cidfont = pdf_file_reserve(file), desc = pdf_file_reserve(file),
	        font_file = pdf_file_reserve(file), gid_map = pdf_file_reserve(file),
	        to_unicode = pdf_file_reserve(file);
	pdf_file_begin(file, fc->ref);
	pdf_file_printf(file, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
	                      "/DescendantFonts [%lu 0 R] /ToUnicode %lu 0 R >>",
	                tag, name, (unsigned long)cidfont, (unsigned long)to_unicode);
	pdf_file_end(file);

	/* Widths: CIDs run from 1 without a gap. */
	qstr_puts(&w, "[1 [");
	for (size_t c = 0; c < fc->ncids; c++) {
		char num[PDF_NUM_MAX];
		qstr_append(&w, num, pdf_format_num(num, fc->cids[c].width, 3));
		qstr_putc(&w, c % 16 == 15 ? '\n' : ' ');
	}
	qstr_puts(&w, "]]");
	if (w.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	pdf_file_begin(file, cidfont);
	pdf_file_printf(file, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
	                      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
	                      "/FontDescriptor %lu 0 R /CIDToGIDMap %lu 0 R /DW %d\n/W ",
	                tag, name, (unsigned long)desc, (unsigned long)gid_map,
	                (int)((uint64_t)hb_font_get_glyph_h_advance(fc->font, 0) * 1000 / fc->upem));
	pdf_file_write(file, w.data, w.len);
	pdf_file_puts(file, " >>");
	pdf_file_end(file);

	pdf_file_begin(file, desc);
	pdf_file_printf(file, "<< /Type /FontDescriptor /FontName /%s+%s /Flags %d /FontBBox [", tag,
	                name, flags);
	for (int b = 0; b < 4; b++) {
		pdf_file_puts(file, b ? " " : "");
		pdf_file_num(file, table_s16(head, 36 + 2 * (unsigned)b) * k);
	}
	pdf_file_puts(file, "] /ItalicAngle ");
	pdf_file_num(file, italic);
	pdf_file_puts(file, " /Ascent ");
	pdf_file_num(file, ascent * k);
	pdf_file_puts(file, " /Descent ");
	pdf_file_num(file, descent * k);
	pdf_file_puts(file, " /CapHeight ");
	pdf_file_num(file, (cap ? cap : ascent) * k);
	pdf_file_printf(file, " /StemV 80 /FontFile2 %lu 0 R >>", (unsigned long)font_file);
	pdf_file_end(file);

	unsigned len;
	const char *data = hb_blob_get_data(sub, &len);
	char dict[32];
	snprintf(dict, sizeof(dict), "/Length1 %u", len);
	pdf_file_stream(file, font_file, dict, data, len, true);

	/* CID 0 is .notdef, glyph 0; then each CID's glyph in the subset. */
	map[0] = map[1] = 0;
	for (size_t c = 0; c < fc->ncids; c++) {
		map[2 * (c + 1)] = (unsigned char)(new_gid[c] >> 8);
		map[2 * (c + 1) + 1] = (unsigned char)new_gid[c];
	}
	pdf_file_stream(file, gid_map, NULL, map, 2 * (fc->ncids + 1), true);
	write_to_unicode(file, to_unicode, fc);
out:
	qstr_free(&w);
	hb_blob_destroy(sub);
	hb_blob_destroy(head);
	hb_blob_destroy(post);
	free(new_gid);
	free(map);
	return st;
}

enum quire_status pdf_fonts_write(struct pdf_fonts *f)
{
	enum quire_status st = f->oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
	for (size_t i = 0; i < f->nfaces && st == QUIRE_OK; i++)
		if (f->faces[i].ref)
			st = write_face(f, (int)i);
	return st == QUIRE_OK ? f->file->status : st;
}
