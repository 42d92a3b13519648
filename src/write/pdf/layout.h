/*
 * Block layout: turns the document into measured lines (runs of text at
 * known positions) and a vertical list for the page builder, kept in a
 * page-item store (store.h) that struct pdf_layout owns. Paragraphs and
 * code are set by the paragraph setter (para.h); this layout places its
 * lines in the blocks (indents, list markers, headings, notes, tables).
 * Drawing is left to the emitter.
 */
#ifndef QUIRE_PDF_LAYOUT_H
#define QUIRE_PDF_LAYOUT_H

#include "core/core.h"
#include "fonts.h"
#include "hyph.h"
#include "image.h"
#include "pages.h"
#include "store.h"

struct pdf_link {
	const char *url; /* borrowed from the document */
	int heading;     /* internal target, or -1 */
	int note;        /* footnote target, or 0; negative: back to note -note's first reference */
	unsigned line, column; /* of the link in the source, for messages; 0 when unknown */
	const char *file; /* the input the link is in, for messages; may be NULL */
	bool too_long;   /* the target is over PDF_MAX_URI: its text is neither marked nor annotated */
};

struct pdf_note {
	size_t first, count;
	int number;
	/* The line of the note's first reference in the body's vertical list
	 * (the first in document order), or -1: referred to only from other
	 * notes, or never. */
	long ref_line;
};

struct pdf_heading {
	int level;
	char *title; /* heap */
	const char *id;
	size_t line;          /* in the store */
	unsigned source_line, source_column; /* in the source, for messages; 0: unknown */
	const char *source_file; /* its input's name, for messages; may be NULL */
};

struct pdf_layout {
	/* inputs */
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct quire_log *log;
	const char *filename;
	double size, leading, measure;
	double page_height; /* of the text area: images fit inside it */
	bool ragged;
	bool chapter_break; /* each input file after the first starts a page */
	const struct hl_theme *hl_theme; /* code highlighting, NULL: none */
	struct pdf_images *images;
	/* The contents page: headings down to toc_depth; toc_pages holds the
	 * printed page of each entry, from an earlier pass (NULL: not known
	 * yet, room is left for three digits). */
	bool toc;
	int toc_depth;
	const int *toc_pages;
	/* footnotes, set apart from the vertical list: note k is the lines
	 * note_line[notes[k].first] .. + notes[k].count - 1 */
	size_t *note_line;
	size_t nnote_lines, capnote_lines;
	struct pdf_note *notes;
	size_t nnotes_out, capnotes_out;
	/* outputs of the contents: per entry, its index in headings */
	long *toc_heading;
	size_t ntoc;
	/* outputs: the lines, runs and vertical list */
	struct pdf_store store;
	struct pdf_link *links;
	size_t nlinks, caplinks;
	struct pdf_heading *headings;
	size_t nheadings, capheadings;
	/* Where each input file's blocks start: the first line laid out from
	 * then on (for running heads). */
	struct pdf_chapter {
		unsigned input;
		size_t line;
	} *chapters;
	size_t nchapters, capchapters;
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
