/*
 * Block layout: turns the document into measured lines (runs of text at
 * known positions) and a vertical list for the page builder. It measures
 * through the fonts module and breaks paragraphs with the line breaker;
 * drawing is left to the emitter.
 */
#ifndef QUIRE_PDF_LAYOUT_H
#define QUIRE_PDF_LAYOUT_H

#include "core/core.h"
#include "fonts.h"
#include "hyph.h"
#include "pages.h"

enum { RUN_LINK = 1, RUN_STRIKE = 2, RUN_CODEBG = 4, RUN_GRAY = 8 };
enum { LINE_BG = 1, LINE_RULE = 2, LINE_RULE_ABOVE = 4, LINE_RULE_BELOW = 8 };

struct pdf_run {
	double x, width; /* from the line's left edge */
	size_t text;     /* offset of NUL-terminated UTF-8 in the pool */
	int face;
	float size, rise;
	int link; /* index in links, or -1 */
	unsigned flags;
};

struct pdf_line {
	double indent;          /* left edge, from the left margin */
	double height, baseline; /* box height; baseline from its top */
	double bg_x, bg_w;      /* LINE_BG and LINE_RULE extent, from the left margin */
	size_t first_run, nruns;
	unsigned flags;
	int heading; /* index in headings when this line starts one, else -1 */
	int note;    /* footnote number whose text starts here, else 0 */
};

struct pdf_link {
	const char *url; /* borrowed from the document */
	int heading;     /* internal target, or -1 */
	int note;        /* footnote target, or 0; negative: back to note -note's first reference */
};

struct pdf_heading {
	int level;
	char *title; /* heap */
	const char *id;
	size_t line;
};

struct pdf_layout {
	/* inputs */
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct quire_log *log;
	const char *filename;
	double size, leading, measure;
	bool ragged;
	/* outputs */
	struct qstr pool;
	struct pdf_run *runs;
	size_t nruns, capruns;
	struct pdf_line *lines;
	size_t nlines, caplines;
	struct pb_item *items;
	long *item_line; /* per item: its line, or -1 */
	size_t nitems, capitems;
	struct pdf_link *links;
	size_t nlinks, caplinks;
	struct pdf_heading *headings;
	size_t nheadings, capheadings;
	bool oom;
	/* private state */
	void *priv;
};

/* Sets up an empty layout. measure is the text width in points. */
void pdf_layout_init(struct pdf_layout *L, struct pdf_fonts *fonts, struct hyph *hyph,
                     double size, double measure, bool ragged, struct quire_log *log,
                     const char *filename);
/* Lays out the whole document (title block, body, notes). */
enum quire_status pdf_layout_doc(struct pdf_layout *L, const quire_doc *doc);
void pdf_layout_free(struct pdf_layout *L);

/* Lays out one line of text (for running headers and footers): returns
 * its runs' first index; *n receives the count and *width the width. */
size_t pdf_layout_simple(struct pdf_layout *L, const char *text, enum pdf_role role, double size,
                         unsigned flags, size_t *n, double *width);

#endif
