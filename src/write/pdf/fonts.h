/*
 * Fonts for the PDF backend: finding the bundled faces, --mainfont and
 * --monofont (a file or a fontconfig family), checking that a file is a
 * TrueType font libharu can embed, metrics, and the per-character fallback
 * chain. Faces are parsed when first measured and embedded when first
 * drawn, so a face that is never used costs nothing.
 */
#ifndef QUIRE_PDF_FONTS_H
#define QUIRE_PDF_FONTS_H

#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

enum pdf_role {
	ROLE_REGULAR,
	ROLE_BOLD,
	ROLE_ITALIC,
	ROLE_BOLDITALIC,
	ROLE_MONO,
	ROLE_MONOBOLD,
	ROLE_SANS,
	ROLE_COUNT
};

struct pdf_face {
	char *path;
	int index;        /* in a font collection */
	const char *name; /* libharu's name, once parsed */
	HPDF_FontDef def;
	HPDF_Font font;   /* once drawn */
	bool parsed, failed;
	/* Per BMP code point, filled as asked (libharu looks each one up in
	 * the cmap, and layout asks about every character of the text): */
	int16_t *widths;  /* advance width; INT16_MIN not known yet */
	uint8_t *has;     /* 0 not known yet, 1 has a glyph, 2 has none */
};

struct pdf_fonts {
	HPDF_Doc pdf;
	struct quire_log *log;
	const char *filename;
	struct pdf_face *faces; /* the roles first, then fallbacks found on the way */
	size_t nfaces, cap;
	int role_face[ROLE_COUNT];
	void *fc;          /* FcConfig, loaded on first need */
	bool fc_failed;
	int16_t *fallback; /* per BMP code point: -2 unknown, -1 none, else a face */
	uint8_t *warned;   /* bit per code point already warned about */
	bool warned_astral;
	/* the writer's record of libharu's first error, cleared after a
	 * font that failed to load and was skipped */
	HPDF_STATUS *hpdf_status;
};

/* Checks that path holds a TrueType (glyf) font libharu can parse: an sfnt
 * header, or a collection whose face index has one, with the tables it
 * needs inside the file. */
bool pdf_font_file_ok(const char *path, int index);

/* The folder of the bundled fonts, copied into out: $QUIRE_FONT_DIR, the
 * installed folder seen from where the library or program lies, the build
 * tree, the configured install prefix. False when none holds them. */
bool pdf_font_dir(char *out, size_t cap);

/* Resolves every role. Returns QUIRE_ERR_IO (with a message) when no
 * regular face can be found. */
enum quire_status pdf_fonts_init(struct pdf_fonts *f, HPDF_Doc pdf,
                                 const struct quire_pdf_options *o, struct quire_log *log,
                                 const char *filename);
void pdf_fonts_free(struct pdf_fonts *f);
/* Call before the document is saved: completes the glyph subsets. */
void pdf_fonts_before_save(struct pdf_fonts *f);

/* The face that draws cp in this role: the role's own face when it has the
 * glyph, else the first of the fallback chain that has it. A character no
 * font has is warned about once and drawn with the role's face. */
int pdf_fonts_pick(struct pdf_fonts *f, enum pdf_role role, int32_t cp);
/* Advance width of cp in a face, in 1/1000 em. */
double pdf_fonts_width(struct pdf_fonts *f, int face, int32_t cp);
/* libharu's font for drawing (embedded on first call); NULL on failure. */
HPDF_Font pdf_fonts_hfont(struct pdf_fonts *f, int face);
/* Substitute for characters libharu cannot encode (above U+FFFF, controls). */
int32_t pdf_fonts_sanitize(struct pdf_fonts *f, int32_t cp);

#endif
