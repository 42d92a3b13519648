/*
 * Emission through libharu: pages, text, shading and rules, the running
 * header and footer, link annotations, the outline and the metadata, from
 * the measured lines of the layout and the places of the page builder.
 */
#ifndef QUIRE_PDF_EMIT_H
#define QUIRE_PDF_EMIT_H

#include <hpdf.h>

#include "content.h"
#include "core/core.h"
#include "fonts.h"
#include "layout.h"
#include "pages.h"

/* Runs laid out apart from the body, for the page furniture. */
struct pdf_run_span {
	size_t first, n; /* runs in the layout */
	double width;
};

/* The running header (the title) and footer (the page number), laid out
 * before emission so that drawing never goes back to the layout. */
struct pdf_furniture {
	struct pdf_run_span title;        /* n 0: no title */
	const struct pdf_run_span *number; /* per page; n 0: none on that page */
	const struct pdf_run_span *head;   /* per page, or NULL: title on every page */
};

struct pdf_emit {
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	const struct pdf_layout *L; /* drawn, never changed */
	const struct pdf_furniture *furniture;
	double pw, ph, margin;
	HPDF_Page *pages; /* npages, already added */
	int npages;
	const struct pb_place *line_place; /* per line: page (-1: not set) and top */
	const double *note_top;            /* per page: top of the footnotes, or -1 */
	double note_sep;                   /* room above them for the rule */
	const size_t *rep_from, *rep_n;    /* per page: table header items set again at the top */
	struct pdf_content *ct;        /* the page being drawn (pdf_emit's own) */
	bool oom;                      /* pdf_emit's own */
};

/* Draws every page, then the links, the outline and the Info dictionary.
 * Returns QUIRE_ERR_NOMEM when out of memory, else QUIRE_OK; libharu's
 * errors are left in its error state for the caller to check. */
enum quire_status pdf_emit(struct pdf_emit *c, const quire_doc *doc,
                           const struct quire_write_options *opts);

/* The most characters of a text string quire hands libharu (a bookmark,
 * an entry of the document information): written in UTF-16 after a
 * two-byte mark, it then holds at most 32,767 bytes, as a link target
 * does (PDF_MAX_URI, uri.h); libharu would fail the whole document past
 * 65,535 bytes. */
#define PDF_MAX_TEXT_CHARS ((32767 - 2) / 2)

/* A copy for libharu's UTF-8 encoder: characters beyond U+FFFF replaced by
 * U+FFFD, controls by spaces, and past PDF_MAX_TEXT_CHARS characters the
 * rest replaced by an ellipsis. *chars receives the characters of the
 * whole string. NULL on OOM. */
char *pdf_text_string(const char *s, size_t *chars);

#endif
