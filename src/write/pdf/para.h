/*
 * The paragraph setter: inline content (styled characters), a measure and
 * a style in; lines out, appended to a page-item store. It itemises the
 * text into boxes, glue and penalties (hyphenation, URL and emergency
 * breaks, CJK), breaks it with the line breaker and places the runs. It
 * knows nothing of the block layout: the caller places the lines (left
 * edge, markers, headings, the vertical list). The setter owns its
 * scratch arrays; the input and the store stay the caller's.
 */
#ifndef QUIRE_PDF_PARA_H
#define QUIRE_PDF_PARA_H

#include <stdint.h>

#include "fonts.h"
#include "hyph.h"
#include "image.h"
#include "linebreak.h"
#include "store.h"

enum { SP_NOHYPH = 1, SP_CODE = 2, SP_STRIKE = 4, SP_SUPER = 8, SP_LINK = 16, SP_GRAY = 32,
       SP_FRAME = 64, SP_SUB = 128, SP_MARK = 256, SP_UNDER = 512,
       SP_FILL = 1024 /* the text in the span's fill (highlighted code) */ };

#define CP_HARD (-1) /* a hard line break */

/* Paragraphs are broken into lines PARA_PIECE characters or so at a time
 * (see pdf_para_set), up to twice that in one piece. */
#define PARA_PIECE 16384
/* A hair's width of glue where no line may end, never drawn: it keeps a
 * frame clear of the text beside it (a private-use code point). */
#define CP_HAIR 0xF8FF
/* An inline image: a box of its own in the paragraph. */
#define CP_IMAGE(i) (-2 - (int32_t)(i))
#define CP_IMAGE_INDEX(cp) ((long)(-2 - (cp)))

enum align { AL_JUSTIFY, AL_RAGGED, AL_CENTER };

/* The style of a stretch of characters. */
struct span {
	enum pdf_role role;
	double size;
	unsigned flags; /* SP_* */
	int link;       /* index in the layout's links, or -1 */
	struct pdf_rgb fill; /* SP_FILL: the text's colour */
};

/* One character of the inline content. */
struct pch {
	int32_t cp; /* or CP_HARD, CP_IMAGE(i) */
	uint32_t span;
	uint8_t after; /* a soft hyphen (1) or a zero-width space (2) followed */
};

/* The inline content of one paragraph: characters with their spans. */
struct para_text {
	const struct pch *ch;
	size_t nch;
	const struct span *spans;
};

/* How a paragraph is set. */
struct pstyle {
	enum align align;
	double first_indent;
	double size, leading;
	bool hyphenate;
	/* Code: lines as given (CP_HARD ends one), wrapped at the measure
	 * with a mark where they continue, spaces kept, nothing reordered. */
	bool code;
};

/* A box of the paragraph: characters of one face and span. */
struct tmpl {
	size_t first, n; /* characters */
	int face;
	uint32_t span;
	long image; /* an inline image, or -1 */
};

struct pdf_para {
	/* inputs, the caller's */
	struct pdf_fonts *fonts;
	struct hyph *hyph;           /* NULL: no hyphenation */
	struct pdf_images *images;   /* for inline images */
	double image_max_width;      /* inline images are never wider */
	/* during a call: the text being set and the store it goes to */
	const struct para_text *text;
	struct pdf_store *st;
	bool split; /* the paragraph is set in pieces (PARA_PIECE) */
	/* scratch */
	struct lb_item *items;
	long *item_box;  /* box template, or -1 */
	int *item_face;  /* penalties: the face of the hyphen */
	size_t nitems, capitems, capitem_boxes, capitem_faces;
	struct tmpl *boxes;
	size_t nboxes, capboxes;
	int *faces;
	double *widths;
	unsigned char *kinds;
	size_t capfaces, capwidths, capkinds;
	int32_t *seg;    /* a stretch of one face and span, for shaping */
	double *segadv;
	size_t capseg, capsegadv;
};

void pdf_para_free(struct pdf_para *S);

/* Sets text measure wide in style ps: appends its lines (at the left
 * edge, starting no heading or note) and their runs to st and returns how
 * many. Out of memory: st->oom is set. */
size_t pdf_para_set(struct pdf_para *S, struct pdf_store *st, const struct para_text *text,
                    double measure, const struct pstyle *ps);

/* The natural word space of a span. */
double pdf_para_space_width(struct pdf_para *S, const struct span *sp);
/* An inline image's drawn width and height for text of this size. */
void pdf_para_image_size(const struct pdf_para *S, long image, double size, double *w, double *h);
bool pdf_para_is_space(int32_t cp);

#endif
