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

/* A glyph drawn with a face, with the text it shows: its CID is its
 * index in the face's cids, plus one (CID 0 is the font's .notdef). A
 * ligature shows several characters, kept in the face's text pool. */
struct pdf_cid {
	uint16_t gid;   /* glyph in the font file */
	double width;   /* advance, 1/1000 em, to three places */
	int32_t cp;     /* the character it shows, or -1: text_len of text_pool from text_at */
	uint32_t text_at;
	uint16_t text_len;
};

/* A glyph as shaping placed it, in font units. */
struct pdf_glyph {
	uint32_t gid;
	uint32_t cluster; /* index of the first character it shows */
	int32_t advance, dx, dy;
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
	float *widths;    /* advance width; NAN not known yet */
	uint8_t *has;     /* 0 not known yet, 1 has a glyph, 2 has none */
	/* Once drawn: */
	pdf_ref ref;      /* the Type0 font, written by pdf_fonts_write */
	uint16_t *cid;    /* per BMP code point: its CID with its own glyph, 0 none yet */
	struct qset other_cids; /* "gid:text" -> CID, for any other glyph and text */
	struct pdf_cid *cids;
	size_t ncids, cids_cap;
	int32_t *text_pool;
	size_t ntext, text_cap;
	bool no_ligatures; /* a monospaced role's face: code shows every character */
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
	struct qset astral; /* beyond the BMP: "hex" -> 2 + its face (1: none) */
	bool oom;          /* a CID table could not grow */
	/* Shaping: one buffer reused, the glyphs of the last call, and each
	 * short word's glyphs once shaped ("face:word" -> 1 + index in
	 * shaped), since a document says the same words again and again. */
	struct hb_buffer_t *buf;
	struct pdf_glyph *glyphs;
	size_t glyphs_cap;
	struct qset shape_cache;
	struct pdf_shaped_word {
		uint32_t at, n; /* in shaped_pool */
	} *shaped;
	size_t nshaped, shaped_cap;
	struct pdf_glyph *shaped_pool;
	size_t npool, pool_cap;
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
/* Shapes n characters with a face (HarfBuzz: kerning, ligatures except
 * in monospaced faces, mark positioning): *out points at the glyphs, in
 * the fonts' scratch until the next call. Returns their count; 0 when
 * shaping failed (out of memory), and then *out is NULL. */
size_t pdf_fonts_shape(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                       const struct pdf_glyph **out);
/* Per character of cps, its advance in 1/1000 em as shaped with the
 * others: a ligature's advance on its first character, 0 on the rest.
 * Falls back to each character's own width when shaping fails. */
void pdf_fonts_advances(struct pdf_fonts *f, int face, const int32_t *cps, size_t n,
                        double *adv);
/* The CID that shows glyph gid as the characters cps[0..n) (a face
 * pdf_fonts_draw_face returned); 0 when out of memory. */
unsigned pdf_fonts_glyph_cid(struct pdf_fonts *f, int face, uint32_t gid, const int32_t *cps,
                             size_t n);
/* A glyph's advance in 1/1000 em, as the font's /W array gives it. */
double pdf_fonts_glyph_width(struct pdf_fonts *f, int face, uint32_t gid);
/* Substitute for characters no font can show: controls, surrogates. */
int32_t pdf_fonts_sanitize(struct pdf_fonts *f, int32_t cp);

#endif
