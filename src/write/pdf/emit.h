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

struct pdf_emit {
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	struct pdf_layout *L;
	double pw, ph, margin;
	HPDF_Page *pages; /* npages, already added */
	int npages;
	const struct pb_place *line_place; /* per line: page (-1: not set) and top */
	const double *note_top;            /* per page: top of the footnotes, or -1 */
	double note_sep;                   /* room above them for the rule */
	const size_t *rep_from, *rep_n;    /* per page: table header items set again at the top */
	bool title_page;               /* no header or footer on page 1 */
	struct pdf_content *ct;        /* the page being drawn (pdf_emit's own) */
};

/* Draws every page, then the links, the outline and the Info dictionary.
 * Errors are left in libharu's error state for the caller to check. */
void pdf_emit(struct pdf_emit *c, const quire_doc *doc, const struct quire_write_options *opts);

/* A copy with characters beyond U+FFFF replaced by U+FFFD and controls by
 * spaces, for strings libharu's UTF-8 encoder takes. NULL on OOM or for "". */
char *pdf_bmp_only(const char *s);

#endif
