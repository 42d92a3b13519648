/* The PDF writer: page geometry from the options, then fonts, layout
 * (line breaking inside), pagination, and emission through libharu. */
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "emit.h"
#include "fonts.h"
#include "hyph.h"
#include "layout.h"
#include "pages.h"
#include "paper.h"

struct hpdf_err {
	HPDF_STATUS status, detail;
};

/* libharu never unwinds: note the first error and check it after each
 * stage (errors are sticky inside libharu as well). */
static void on_error(HPDF_STATUS status, HPDF_STATUS detail, void *user)
{
	struct hpdf_err *e = user;
	if (e->status == 0) {
		e->status = status;
		e->detail = detail;
	}
}

static enum quire_status pdf_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	const struct quire_pdf_options *po = &opts->pdf;
	struct hpdf_err err = {0, 0};
	struct pdf_fonts fonts;
	struct pdf_layout L;
	struct pdf_emit e;
	struct hyph *hyph = NULL;
	struct pb_place *places = NULL;
	long *line_item = NULL;
	HPDF_Page *pages = NULL;
	HPDF_Doc pdf = NULL;
	bool fonts_ready = false, layout_ready = false;
	double pw, ph, margin = 35 * 72.0 / 25.4;

	if (!pdf_parse_paper(po->paper, &pw, &ph) || pw < 72 || ph < 72 || pw > 14400 || ph > 14400) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "bad paper size '%s' (a4, letter, legal, a5, or WxH with mm, cm, in or pt)",
		                 po->paper ? po->paper : "");
		st = QUIRE_ERR_USAGE;
		goto out;
	}
	if (po->margin && !pdf_parse_length(po->margin, strlen(po->margin), &margin)) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "bad margin '%s' (a length such as 25mm, 1in or 72pt)", po->margin);
		st = QUIRE_ERR_USAGE;
		goto out;
	}
	double size = po->font_size > 0 ? po->font_size : 12;
	if (size < 4 || size > 72) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0, "font size %g is out of range (4-72)", size);
		st = QUIRE_ERR_USAGE;
		goto out;
	}
	double measure = pw - 2 * margin, height = ph - 2 * margin;
	if (measure < size * 4 || height < size * 4) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "the margins leave no room for text on this paper");
		st = QUIRE_ERR_USAGE;
		goto out;
	}

	pdf = HPDF_New(on_error, &err);
	if (!pdf) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	TRY(pdf_fonts_init(&fonts, pdf, po, log, NULL));
	fonts_ready = true;
	fonts.hpdf_status = &err.status;
	hyph = hyph_open(quire_doc_meta(doc)->lang, NULL);
	pdf_layout_init(&L, &fonts, hyph, size, measure, po->ragged, log, NULL);
	layout_ready = true;
	TRY(pdf_layout_doc(&L, doc));

	places = calloc(L.nitems ? L.nitems : 1, sizeof(*places));
	line_item = malloc((L.nlines ? L.nlines : 1) * sizeof(*line_item));
	if (!places || !line_item) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	int npages = pb_paginate(L.items, L.nitems, height, places);
	for (size_t i = 0; i < L.nlines; i++)
		line_item[i] = -1;
	for (size_t i = 0; i < L.nitems; i++)
		if (L.item_line[i] >= 0)
			line_item[L.item_line[i]] = (long)i;
	pages = calloc((size_t)npages, sizeof(*pages));
	if (!pages) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* libharu's page tree is one flat list, which holds at most
	 * HPDF_LIMIT_MAX_ARRAY (32767) pages; a longer book gets a tree of
	 * lists. Only then: shorter ones keep the flat tree, and their bytes. */
	if (npages > HPDF_LIMIT_MAX_ARRAY)
		HPDF_SetPagesConfiguration(pdf, 8192);
	for (int p = 0; p < npages && !err.status; p++) {
		pages[p] = HPDF_AddPage(pdf);
		/* libharu refuses pages past its limits (its error handler
		 * has recorded why); a NULL page must not be touched. */
		if (!pages[p])
			break;
		HPDF_Page_SetWidth(pages[p], (HPDF_REAL)pw);
		HPDF_Page_SetHeight(pages[p], (HPDF_REAL)ph);
	}
	if (err.status)
		goto hpdf_failed;
	e = (struct pdf_emit){
		.pdf = pdf, .fonts = &fonts, .L = &L, .pw = pw, .ph = ph, .margin = margin,
		.pages = pages, .npages = npages, .places = places, .line_item = line_item,
		.title_page = quire_doc_meta(doc)->title != NULL,
	};
	pdf_emit(&e, doc, opts);
	if (L.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (err.status || HPDF_SaveToStream(pdf) != HPDF_OK)
		goto hpdf_failed;
	for (;;) {
		HPDF_BYTE buf[16384];
		HPDF_UINT32 len = sizeof(buf);
		HPDF_STATUS rs = HPDF_ReadFromStream(pdf, buf, &len);
		if (len > 0)
			TRY(sink->write(sink->ctx, buf, len));
		if (rs == HPDF_STREAM_EOF || len == 0)
			break;
		if (rs != HPDF_OK)
			goto hpdf_failed;
	}
	goto out;
hpdf_failed:
	quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0, "libharu failed (error 0x%04lX, detail %lu)",
	                 (unsigned long)err.status, (unsigned long)err.detail);
	st = QUIRE_ERR_INTERNAL;
out:
	free(places);
	free(line_item);
	free(pages);
	if (layout_ready)
		pdf_layout_free(&L);
	hyph_close(hyph);
	if (fonts_ready)
		pdf_fonts_free(&fonts);
	if (pdf)
		HPDF_Free(pdf);
	return st;
}

const struct quire_writer quire_writer_pdf = {
	.name = "pdf",
	.extensions = "pdf",
	.description = "PDF: a typeset book page with embedded fonts",
	.binary = true,
	.write = pdf_write,
};
