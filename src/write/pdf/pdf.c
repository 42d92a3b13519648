/* The PDF writer: page geometry from the options, then fonts, layout
 * (line breaking inside), pagination, and emission through libharu. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>
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

/* Saving goes straight to the sink through a buffer: libharu's own
 * HPDF_SaveToStream would first build the whole file in memory. */
struct save_to_sink {
	struct quire_sink *sink;
	enum quire_status status;
	size_t len;
	unsigned char buf[65536];
};

static enum quire_status save_flush(struct save_to_sink *s)
{
	if (s->status == QUIRE_OK && s->len > 0)
		s->status = s->sink->write(s->sink->ctx, s->buf, s->len);
	s->len = 0;
	return s->status;
}

static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT size)
{
	struct save_to_sink *s = stream->attr;
	if (size > sizeof(s->buf) - s->len && save_flush(s) != QUIRE_OK)
		return HPDF_FILE_IO_ERROR;
	if (size >= sizeof(s->buf)) {
		s->status = s->sink->write(s->sink->ctx, data, size);
		return s->status == QUIRE_OK ? HPDF_OK : HPDF_FILE_IO_ERROR;
	}
	memcpy(s->buf + s->len, data, size);
	s->len += size;
	return HPDF_OK;
}

struct placed {
	struct pb_place *line; /* per line */
	double *note_top;      /* per page */
	size_t *rep_from, *rep_n; /* per page: table header items set again */
	int npages;
};

static void placed_free(struct placed *pl)
{
	free(pl->line);
	free(pl->note_top);
	free(pl->rep_from);
	free(pl->rep_n);
	memset(pl, 0, sizeof(*pl));
}

/* Cuts the layout into pages, footnotes at the foot of the page of their
 * first reference (a note referred to only from other notes goes with
 * the last page), and says where each line went. */
static enum quire_status paginate(const struct pdf_layout *L, double height, double sep,
                                  struct placed *out)
{
	enum quire_status st = QUIRE_OK;
	struct pb_place *places = calloc(L->nitems ? L->nitems : 1, sizeof(*places));
	struct pb_place *nplaces = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(*nplaces));
	size_t *ref = calloc(L->nnotes_out ? L->nnotes_out : 1, sizeof(*ref));
	size_t *order = calloc(L->nnotes_out ? L->nnotes_out : 1, sizeof(*order));
	size_t *item = calloc(L->nnotes_out ? L->nnotes_out : 1, sizeof(*item));
	size_t *first = calloc(L->nnotes_out ? L->nnotes_out : 1, sizeof(*first));
	size_t *count = calloc(L->nnotes_out ? L->nnotes_out : 1, sizeof(*count));
	size_t *nline = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(*nline));
	double *heights = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(*heights));
	memset(out, 0, sizeof(*out));
	out->line = calloc(L->nlines ? L->nlines : 1, sizeof(*out->line));
	size_t rep_cap = L->nitems + L->nnote_lines + 2;
	out->rep_from = calloc(rep_cap, sizeof(*out->rep_from));
	out->rep_n = calloc(rep_cap, sizeof(*out->rep_n));
	if (!out->rep_from || !out->rep_n || !places || !nplaces || !ref || !order || !item || !first || !count || !nline || !heights ||
	    !out->line) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	size_t last = L->nitems ? L->nitems - 1 : 0;
	for (size_t k = 0; k < L->nnotes_out; k++)
		ref[k] = (size_t)-1;
	for (size_t i = 0; i < L->nitems; i++) {
		long ln = L->item_line[i];
		if (L->items[i].type != PB_BOX || ln < 0)
			continue;
		const struct pdf_line *line = &L->lines[ln];
		for (size_t q = line->first_run; q < line->first_run + line->nruns; q++) {
			int lk = L->runs[q].link;
			if (lk < 0 || L->links[lk].note <= 0)
				continue;
			for (size_t k = 0; k < L->nnotes_out; k++)
				if (L->notes[k].number == L->links[lk].note && ref[k] == (size_t)-1)
					ref[k] = i;
		}
	}
	/* Notes in the order of their references (insertion sort: stable). */
	for (size_t k = 0; k < L->nnotes_out; k++) {
		if (ref[k] == (size_t)-1)
			ref[k] = last;
		size_t j = k;
		while (j > 0 && ref[order[j - 1]] > ref[k]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	size_t nl = 0;
	for (size_t j = 0; j < L->nnotes_out; j++) {
		const struct pdf_note *nt = &L->notes[order[j]];
		item[j] = ref[order[j]];
		first[j] = nl;
		count[j] = nt->count;
		for (size_t l = 0; l < nt->count; l++, nl++) {
			nline[nl] = L->note_line[nt->first + l];
			heights[nl] = L->lines[nline[nl]].height;
		}
	}
	struct pb_notes notes = {.item = item, .first = first, .count = count,
	                         .n = L->nitems ? L->nnotes_out : 0, .heights = heights, .nlines = nl,
	                         .sep = sep, .places = nplaces, .rep_from = out->rep_from,
	                         .rep_n = out->rep_n, .rep_cap = rep_cap};
	out->npages = pb_paginate_notes(L->items, L->nitems, height, places, &notes);
	out->note_top = malloc((size_t)out->npages * sizeof(*out->note_top));
	if (!out->note_top) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	for (int p = 0; p < out->npages; p++)
		out->note_top[p] = -1;
	for (size_t i = 0; i < L->nlines; i++)
		out->line[i] = (struct pb_place){.page = -1, .y = 0};
	for (size_t i = 0; i < L->nitems; i++)
		if (L->item_line[i] >= 0)
			out->line[L->item_line[i]] = places[i];
	for (size_t l = 0; l < nl && notes.n > 0; l++) {
		out->line[nline[l]] = nplaces[l];
		int p = nplaces[l].page;
		if (p >= 0 && p < out->npages && (out->note_top[p] < 0 || nplaces[l].y < out->note_top[p]))
			out->note_top[p] = nplaces[l].y;
	}
out:
	free(places);
	free(nplaces);
	free(ref);
	free(order);
	free(item);
	free(first);
	free(count);
	free(nline);
	free(heights);
	if (st != QUIRE_OK)
		placed_free(out);
	return st;
}

static enum quire_status pdf_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	const struct quire_pdf_options *po = &opts->pdf;
	struct hpdf_err err = {0, 0};
	struct pdf_fonts fonts;
	struct pdf_layout L;
	struct pdf_images images;
	struct pdf_emit e;
	struct hyph *hyph = NULL;
	struct placed pl = {0};
	int *toc_pages = NULL;
	struct save_to_sink *saver = NULL;
	HPDF_Page *pages = NULL;
	HPDF_Doc pdf = NULL;
	bool fonts_ready = false, layout_ready = false, images_ready = false;
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
	TRY(pdf_fonts_init(&fonts, pdf, po, log, opts->filename));
	fonts_ready = true;
	fonts.hpdf_status = &err.status;
	hyph = hyph_open(quire_doc_meta(doc)->lang, NULL);
	pdf_images_init(&images, pdf, opts, log, opts->filename);
	images_ready = true;
	/* With a contents page, lay out again until its page numbers are
	 * those of the pages the headings fall on (the second pass mostly). */
	int npages = 0;
	for (int pass = 0;; pass++) {
		pdf_layout_init(&L, &fonts, hyph, size, measure, po->ragged, log, opts->filename);
		layout_ready = true;
		L.images = &images;
		L.page_height = height;
		L.toc = opts->toc;
		L.toc_depth = opts->toc_depth > 0 ? opts->toc_depth : 3;
		L.toc_pages = toc_pages;
		TRY(pdf_layout_doc(&L, doc));
		TRY(paginate(&L, height, size * 1.2, &pl));
		npages = pl.npages;
		if (!L.toc || L.ntoc == 0 || pass == 3)
			break;
		int *got = malloc(L.ntoc * sizeof(*got));
		if (!got) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		for (size_t k = 0; k < L.ntoc; k++) {
			long h = L.toc_heading[k], it = -1;
			if (h >= 0 && (size_t)h < L.nheadings)
				it = pl.line[L.headings[h].line].page;
			got[k] = it >= 0 ? (int)it + 1 : 1;
		}
		bool same = toc_pages && memcmp(got, toc_pages, L.ntoc * sizeof(*got)) == 0;
		free(toc_pages);
		toc_pages = got;
		if (same)
			break;
		placed_free(&pl);
		pdf_layout_free(&L);
		layout_ready = false;
	}
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
		.pages = pages, .npages = npages, .line_place = pl.line,
		.note_top = pl.note_top, .note_sep = size * 1.2, .rep_from = pl.rep_from,
		.rep_n = pl.rep_n,
		.title_page = quire_doc_meta(doc)->title != NULL,
	};
	pdf_emit(&e, doc, opts);
	if (L.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* The layout is drawn: give its memory back before the file is
	 * written. */
	placed_free(&pl);
	pdf_layout_free(&L);
	layout_ready = false;
	pdf_fonts_before_save(&fonts);
	if (err.status)
		goto hpdf_failed;
	saver = malloc(sizeof(*saver));
	if (!saver) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	saver->sink = sink;
	saver->status = QUIRE_OK;
	saver->len = 0;
	/* HPDF_SaveToStream writes to the document's stream, a memory
	 * stream unless one is there already. */
	pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, save_write, saver);
	if (!pdf->stream) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (HPDF_SaveToStream(pdf) != HPDF_OK || save_flush(saver) != QUIRE_OK) {
		if (saver->status != QUIRE_OK) {
			st = saver->status;
			goto out;
		}
		goto hpdf_failed;
	}
	goto out;
hpdf_failed:
	quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0, "libharu failed (error 0x%04lX, detail %lu)",
	                 (unsigned long)err.status, (unsigned long)err.detail);
	st = QUIRE_ERR_INTERNAL;
out:
	placed_free(&pl);
	free(toc_pages);
	free(saver);
	free(pages);
	if (layout_ready)
		pdf_layout_free(&L);
	if (images_ready)
		pdf_images_free(&images);
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
