/*
 * Private to the layout: the paragraph machinery (para.c: inline
 * collection, itemising into boxes, glue and penalties, line breaking and
 * placing) shared with the block layout (layout.c).
 */
#ifndef QUIRE_PDF_LAYOUT_PRIV_H
#define QUIRE_PDF_LAYOUT_PRIV_H

#include <stdint.h>

#include "layout.h"

enum { SP_NOHYPH = 1, SP_CODE = 2, SP_STRIKE = 4, SP_SUPER = 8, SP_LINK = 16, SP_GRAY = 32,
       SP_FRAME = 64 };

#define CP_HARD (-1) /* a hard line break */
/* A hair's width of glue where no line may end, never drawn: it keeps a
 * frame clear of the text beside it (a private-use code point). */
#define CP_HAIR 0xF8FF
/* An inline image: a box of its own in the paragraph. */
#define CP_IMAGE(i) (-2 - (int32_t)(i))
#define CP_IMAGE_INDEX(cp) ((long)(-2 - (cp)))

enum align { AL_JUSTIFY, AL_RAGGED, AL_CENTER };

struct span {
	enum pdf_role role;
	double size;
	unsigned flags;
	int link;
};

struct pch {
	int32_t cp;
	uint32_t span;
	uint8_t after; /* a soft hyphen (1) or a zero-width space (2) followed */
};

struct tmpl {
	size_t first, n; /* characters */
	int face;
	uint32_t span;
	long image; /* an inline image, or -1 */
};

struct list_state {
	bool ordered, tight;
	int counter;
	char delim;
	double step;
};

struct priv {
	const quire_doc *doc;
	/* the paragraph being collected */
	struct pch *ch;
	size_t nch, capch;
	struct span *spans;
	size_t nspans, capspans;
	/* itemised */
	struct lb_item *items;
	long *item_box; /* box template, or -1 */
	int *item_face; /* penalties: the face of the hyphen */
	size_t nitems, capitems;
	struct tmpl *boxes;
	size_t nboxes, capboxes;
	int *faces;
	double *widths;
	unsigned char *kinds;
	size_t capword;
	/* block state */
	double indent, rindent;
	bool keep_next, prev_para;
	int quotes; /* block quotes around the current block */
	char marker[32];
	bool has_marker;
	int marker_box; /* a task's box instead of the marker: 1 open, 2 checked */
	double marker_size;
	int marker_link; /* a note's number links back to its reference, else -1 */
	int pending_heading, pending_note;
	struct list_state *lists;
	size_t nlists, caplists;
	const quire_node **notes;
	size_t nnotes, capnotes;
	int link_stack[16];
	int nlink;
	int bold, italic, mono, strike, frame;
	bool no_notes; /* leave footnote references out (contents entries) */
};

struct pstyle {
	enum align align;
	double first_indent;
	double size, leading;
	bool hyphenate;
	double width; /* the measure when not 0 (table cells) */
	bool no_push; /* make the lines but leave them out of the vertical list */
};

#define GROW(L, arr, n, cap) lo_grow((L), (void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)))

double lo_text_left(const struct pdf_layout *L);
double lo_text_width(const struct pdf_layout *L);
bool lo_grow(struct pdf_layout *L, void **p, size_t *cap, size_t need, size_t size);
struct pdf_line *lo_new_line(struct pdf_layout *L, double height, double baseline);
void lo_vspace(struct pdf_layout *L, double h);
void lo_push_lines(struct pdf_layout *L, size_t first, size_t n);
void lo_para_reset(struct priv *P);
uint32_t lo_cur_span(struct pdf_layout *L, enum pdf_role role, double size, unsigned flags,
                     int link);
void lo_para_cp(struct pdf_layout *L, int32_t cp, uint32_t span);
void lo_para_text(struct pdf_layout *L, const char *s, size_t len, uint32_t span);
void lo_collect_inline(struct pdf_layout *L, const quire_node *node, enum pdf_role base,
                       double size, unsigned base_flags);
void lo_set_paragraph(struct pdf_layout *L, const struct pstyle *ps);
void lo_take_marker(struct pdf_layout *L, struct pdf_line *ln, double size, double shift);
double lo_space_width(struct pdf_layout *L, const struct span *sp);
bool lo_is_space(int32_t cp);
int lo_new_link(struct pdf_layout *L, const char *url, int heading, int note);
/* An inline image's drawn width and height for text of this size. */
void lo_inline_image_size(struct pdf_layout *L, long image, double size, double *w, double *h);

#endif
