/*
 * Fonts for the PDF backend: finding the bundled faces, --mainfont and
 * --monofont (a file or a fontconfig family), checking that a file is a
 * TrueType font, metrics, the per-character fallback chain, and the
 * embedded fonts. Faces are parsed (HarfBuzz) when first measured; a face
 * that is drawn gets character ids (CIDs) as its characters are drawn,
 * and is written when the pages are done, cut down to the glyphs drawn
 * (HarfBuzz's subsetter). A face that is never used costs nothing.
 *
 * Each face is a Type0 font with the Identity-H encoding: a content
 * stream holds two-byte CIDs, numbered per face in the order characters
 * are first drawn, so that the CIDToGIDMap, the widths and the ToUnicode
 * map are dense, and two characters drawn with one glyph (a space and a
 * no-break space) keep their own CIDs and so their own text.
 */
#ifndef QUIRE_PDF_FONTS_H
#define QUIRE_PDF_FONTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"
#include "file.h"

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

/* A character drawn with a face: its CID is its index in the face's
 * cids, plus one (CID 0 is the font's .notdef). */
struct pdf_cid {
	uint16_t gid;   /* glyph in the font file */
	int16_t width;  /* advance, 1/1000 em */
	int32_t cp;     /* the character it shows */
};

struct pdf_face {
	char *path;
	int index;        /* in a font collection */
	struct hb_blob_t *blob; /* the file, mapped; once parsed */
	struct hb_face_t *hb;
	struct hb_font_t *font;
	unsigned upem;
	bool parsed, failed;
	/* Per BMP code point, filled as asked (layout asks about every
	 * character of the text): */
	int16_t *widths;  /* advance width; INT16_MIN not known yet */
	uint8_t *has;     /* 0 not known yet, 1 has a glyph, 2 has none */
	/* Once drawn: */
	pdf_ref ref;      /* the Type0 font, written by pdf_fonts_write */
	uint16_t *cid;    /* per BMP code point: its CID, 0 none yet */
	struct pdf_cid *cids;
	size_t ncids, cids_cap;
};

struct pdf_fonts {
	struct pdf_file *file; /* where fonts are written; NULL: measuring only */
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
	bool oom;          /* a CID table could not grow */
};

/* Checks that path holds a TrueType (glyf) font quire can embed: an sfnt
 * header, or a collection whose face index has one, with the tables it
 * needs inside the file. */
bool pdf_font_file_ok(const char *path, int index);

/* The folder of the bundled fonts, copied into out: $QUIRE_FONT_DIR, the
 * installed folder seen from where the library or program lies, the build
 * tree, the configured install prefix. False when none holds them. */
bool pdf_font_dir(char *out, size_t cap);

/* Resolves every role. Returns QUIRE_ERR_IO (with a message) when no
 * regular face can be found. */
enum quire_status pdf_fonts_init(struct pdf_fonts *f, struct pdf_file *file,
                                 const struct quire_pdf_options *o, struct quire_log *log,
                                 const char *filename);
void pdf_fonts_free(struct pdf_fonts *f);
/* Writes every face that was drawn: the Type0 font, its CID font, the
 * descriptor, the subset font file, the CIDToGIDMap and the ToUnicode
 * map. Returns QUIRE_ERR_NOMEM or QUIRE_ERR_INTERNAL (subsetting failed,
 * with a message), else the file's status. */
enum quire_status pdf_fonts_write(struct pdf_fonts *f);

/* The face that draws cp in this role: the role's own face when it has the
 * glyph, else the first of the fallback chain that has it. A character no
 * font has is warned about once and drawn with the role's face. */
int pdf_fonts_pick(struct pdf_fonts *f, enum pdf_role role, int32_t cp);
/* Advance width of cp in a face, in 1/1000 em. */
double pdf_fonts_width(struct pdf_fonts *f, int face, int32_t cp);
/* The face that draws: face itself, or the regular face when face cannot
 * be parsed. Its font object is reserved on the first call. */
int pdf_fonts_draw_face(struct pdf_fonts *f, int face);
/* The CID that shows cp in a face pdf_fonts_draw_face returned (given a
 * new one on first use); 0 when out of memory. */
unsigned pdf_fonts_cid(struct pdf_fonts *f, int face, int32_t cp);
/* Substitute for characters quire cannot set yet (above U+FFFF, controls). */
int32_t pdf_fonts_sanitize(struct pdf_fonts *f, int32_t cp);

#endif
