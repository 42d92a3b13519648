/*
 * Emission: pages, text, shading and rules, the running header and
 * footer, link annotations, the outline and the metadata, from the
 * measured lines of the layout and the places of the page builder. Each
 * page is written to the file, with its annotations, as soon as it is
 * drawn.
 */
#ifndef QUIRE_PDF_EMIT_H
#define QUIRE_PDF_EMIT_H

#include "content.h"
#include "core/core.h"
#include "file.h"
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
	struct pdf_file *file;
	struct pdf_fonts *fonts;
	const struct pdf_layout *L; /* drawn, never changed */
	const struct pdf_furniture *furniture;
	double pw, ph, margin;
	const pdf_ref *pages;   /* npages page objects, reserved */
	const pdf_ref *parents; /* per page: its node of the page tree */
	pdf_ref resources;      /* the resources every page shares */
	int npages;
	const struct pb_place *line_place; /* per line: page (-1: not set) and top */
	const double *note_top;            /* per page: top of the footnotes, or -1 */
	double note_sep;                   /* room above them for the rule */
	const size_t *rep_from, *rep_n;    /* per page: table header items set again at the top */
	struct pdf_content *ct;        /* the page being drawn (pdf_emit's own) */
	bool oom;                      /* pdf_emit's own */
};

/* Draws and writes every page with its links, then the outline
 * (*outline, 0 when the document has no headings) and the document
 * information (*info). Returns the file's status, or QUIRE_ERR_NOMEM. */
enum quire_status pdf_emit(struct pdf_emit *c, const quire_doc *doc,
                           const struct quire_write_options *opts, pdf_ref *outline,
                           pdf_ref *info);

/* The most characters of a text string from the document (a bookmark,
 * an entry of the document information): written in UTF-16 after a
 * two-byte mark, it then holds at most 32,767 bytes, as a link target
 * does (PDF_MAX_URI, uri.h): PDF 1.7's Annex C gives that as a reader's
 * limit for a string. */
#define PDF_MAX_TEXT_CHARS ((32767 - 2) / 2)

/* A copy with controls replaced by spaces, and past PDF_MAX_TEXT_CHARS
 * characters the rest replaced by an ellipsis (a character beyond U+FFFF
 * counts as two, as UTF-16 writes it). *chars receives the characters of
 * the whole string. NULL on OOM. */
char *pdf_text_string(const char *s, size_t *chars);

#endif
