/*
 * Private to the layout: the block layout's state (struct priv, owned by
 * layout.c) and the inline collection (collect.c) that turns the model's
 * inlines into the paragraph setter's input.
 */
#ifndef QUIRE_PDF_LAYOUT_PRIV_H
#define QUIRE_PDF_LAYOUT_PRIV_H

#include <stdint.h>

#include "layout.h"
#include "para.h"

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
	struct pdf_para setter;
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
	/* per footnote number: the first body line referring to it, or -1 */
	long *note_ref;
	size_t nnote_refs, capnote_refs;
	bool in_notes; /* laying out the notes: their references do not count */
	int link_stack[16];
	int nlink;
	int bold, italic, mono, strike, frame;
	int super, sub, mark, under; /* superscript, subscript, highlight, underline */
	bool no_notes; /* leave footnote references out (contents entries) */
	const quire_node *runin; /* a details' summary, run into the next paragraph */
};

/* Growing an array (QUIRE_RESERVE's result): a failure makes the layout
 * out of memory. */
static inline bool lo_room(struct pdf_layout *L, bool reserved)
{
	if (!reserved)
		L->store.oom = true;
	return reserved;
}

void lo_para_reset(struct priv *P);
uint32_t lo_cur_span(struct pdf_layout *L, enum pdf_role role, double size, unsigned flags,
                     int link);
/* A new span of a highlighted code token: its own fill, never shared
 * with the spans lo_cur_span() gives. */
uint32_t lo_fill_span(struct pdf_layout *L, enum pdf_role role, double size, struct pdf_rgb fill,
                      bool has_fill);
void lo_para_cp(struct pdf_layout *L, int32_t cp, uint32_t span);
void lo_para_text(struct pdf_layout *L, const char *s, size_t len, uint32_t span);
void lo_collect_inline(struct pdf_layout *L, const quire_node *node, enum pdf_role base,
                       double size, unsigned base_flags);
int lo_new_link(struct pdf_layout *L, const char *url, int heading, int note,
                const quire_node *at);

#endif
