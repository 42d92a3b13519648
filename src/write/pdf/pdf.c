/* The PDF writer: page geometry from the options, then fonts, layout
 * (line breaking inside), pagination, and emission through libharu. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/highlight.h"
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

/* The footnotes in the order the page builder takes them: by the item of
 * their first reference (a note referred to only from other notes, or
 * never, goes with the last item), the layout's order among equals. */
struct note_order {
	size_t *item, *first, *count; /* per note in that order, as struct pb_notes */
	size_t *line;                 /* per note line in that order: its line */
	double *heights;              /* per note line: its height */
	size_t nlines;
};

static void note_order_free(struct note_order *no)
{
	free(no->item);
	free(no->first);
	free(no->count);
	free(no->line);
	free(no->heights);
}

static enum quire_status order_notes(const struct pdf_layout *L, struct note_order *no)
{
	enum quire_status st = QUIRE_OK;
	size_t nnotes = L->nnotes_out ? L->nnotes_out : 1;
	size_t *line_item = malloc((L->store.nlines ? L->store.nlines : 1) * sizeof(*line_item));
	size_t *ref = calloc(nnotes, sizeof(*ref)), *order = calloc(nnotes, sizeof(*order));
	size_t last = L->store.nitems ? L->store.nitems - 1 : 0;

	*no = (struct note_order){
		.item = calloc(nnotes, sizeof(size_t)), .first = calloc(nnotes, sizeof(size_t)),
		.count = calloc(nnotes, sizeof(size_t)),
		.line = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(size_t)),
		.heights = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(double)),
	};
	if (!line_item || !ref || !order || !no->item || !no->first || !no->count || !no->line ||
	    !no->heights) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* Each note knows the line of its first reference; the page builder
	 * wants that line's item. */
	for (size_t l = 0; l < L->store.nlines; l++)
		line_item[l] = (size_t)-1;
	for (size_t i = L->store.nitems; i-- > 0;)
		if (L->store.items[i].type == PB_BOX && L->store.item_line[i] >= 0)
			line_item[L->store.item_line[i]] = i;
	for (size_t k = 0; k < L->nnotes_out; k++) {
		long rl = L->notes[k].ref_line;
		ref[k] = rl >= 0 && (size_t)rl < L->store.nlines ? line_item[rl] : (size_t)-1;
		if (ref[k] == (size_t)-1)
			ref[k] = last;
		/* Insertion sort: stable, and notes come nearly in order. */
		size_t j = k;
		while (j > 0 && ref[order[j - 1]] > ref[k]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	for (size_t j = 0; j < L->nnotes_out; j++) {
		const struct pdf_note *nt = &L->notes[order[j]];
		no->item[j] = ref[order[j]];
		no->first[j] = no->nlines;
		no->count[j] = nt->count;
		for (size_t l = 0; l < nt->count; l++, no->nlines++) {
			no->line[no->nlines] = L->note_line[nt->first + l];
			no->heights[no->nlines] = L->store.lines[no->line[no->nlines]].height;
		}
	}
out:
	free(line_item);
	free(ref);
	free(order);
	return st;
}

/* Cuts the layout into pages, footnotes at the foot of the page of their
 * first reference, and says where each line went. */
static enum quire_status paginate(const struct pdf_layout *L, double height, double sep,
                                  struct placed *out)
{
	enum quire_status st = QUIRE_OK;
	struct note_order no = {0};
	struct pb_place *places = calloc(L->store.nitems ? L->store.nitems : 1, sizeof(*places));
	struct pb_place *nplaces = calloc(L->nnote_lines ? L->nnote_lines : 1, sizeof(*nplaces));
	size_t rep_cap = L->store.nitems + L->nnote_lines + 2;

	memset(out, 0, sizeof(*out));
	out->line = calloc(L->store.nlines ? L->store.nlines : 1, sizeof(*out->line));
	out->rep_from = calloc(rep_cap, sizeof(*out->rep_from));
	out->rep_n = calloc(rep_cap, sizeof(*out->rep_n));
	if (!out->rep_from || !out->rep_n || !places || !nplaces || !out->line) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	TRY(order_notes(L, &no));
	struct pb_notes notes = {.item = no.item, .first = no.first, .count = no.count,
	                         .n = L->store.nitems ? L->nnotes_out : 0, .heights = no.heights,
	                         .nlines = no.nlines, .sep = sep, .places = nplaces,
	                         .rep_from = out->rep_from, .rep_n = out->rep_n, .rep_cap = rep_cap};
	out->npages = pb_paginate_notes(L->store.items, L->store.nitems, height, places, &notes);
	out->note_top = malloc((size_t)out->npages * sizeof(*out->note_top));
	if (!out->note_top) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	for (int p = 0; p < out->npages; p++)
		out->note_top[p] = -1;
	for (size_t i = 0; i < L->store.nlines; i++)
		out->line[i] = (struct pb_place){.page = -1, .y = 0};
	for (size_t i = 0; i < L->store.nitems; i++)
		if (L->store.item_line[i] >= 0)
			out->line[L->store.item_line[i]] = places[i];
	for (size_t l = 0; l < no.nlines && notes.n > 0; l++) {
		out->line[no.line[l]] = nplaces[l];
		int p = nplaces[l].page;
		if (p >= 0 && p < out->npages && (out->note_top[p] < 0 || nplaces[l].y < out->note_top[p]))
			out->note_top[p] = nplaces[l].y;
	}
out:
	free(places);
	free(nplaces);
	note_order_free(&no);
	if (st != QUIRE_OK)
		placed_free(out);
	return st;
}

/* The page and text measures the options come to. */
struct geometry {
	double pw, ph, margin; /* paper and margin */
	double size;           /* body text */
	double measure, height; /* of the text area */
};

static enum quire_status check_geometry(const struct quire_pdf_options *po, struct quire_log *log,
                                        struct geometry *g)
{
	enum quire_status st = QUIRE_ERR_USAGE;

	g->margin = 35 * 72.0 / 25.4;
	if (!pdf_parse_paper(po->paper, &g->pw, &g->ph) || g->pw < 72 || g->ph < 72 ||
	    g->pw > 14400 || g->ph > 14400) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "bad paper size '%s' (a4, letter, legal, a5, or WxH with mm, cm, in or pt)",
		                 po->paper ? po->paper : "");
		goto out;
	}
	if (po->margin && !pdf_parse_length(po->margin, strlen(po->margin), &g->margin)) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "bad margin '%s' (a length such as 25mm, 1in or 72pt)", po->margin);
		goto out;
	}
	g->size = po->font_size > 0 ? po->font_size : 12;
	if (g->size < 4 || g->size > 72) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "font size %g is out of range (4-72)", g->size);
		goto out;
	}
	g->measure = g->pw - 2 * g->margin;
	g->height = g->ph - 2 * g->margin;
	if (g->measure < g->size * 4 || g->height < g->size * 4) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "the margins leave no room for text on this paper");
		goto out;
	}
	st = QUIRE_OK;
out:
	return st;
}

/* One conversion: what each stage makes and the next one uses, all freed
 * by job_free(). */
struct pdf_job {
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	struct geometry g;
	struct hpdf_err err;
	HPDF_Doc pdf;
	struct pdf_fonts fonts;
	struct hyph *hyph;
	struct pdf_images images;
	struct pdf_layout L;
	struct placed pl;
	int *toc_pages;          /* per contents entry, from the last pass */
	HPDF_Page *pages;        /* pl.npages */
	struct pdf_run_span *numbers; /* per page: its number's runs */
	struct pdf_run_span *heads;   /* per page: its running head, with several inputs */
	bool fonts_ready, images_ready, layout_ready;
};

static enum quire_status hpdf_failed(struct pdf_job *j)
{
	quire_log_report(j->log, QUIRE_SEV_ERROR, NULL, 0, 0,
	                 "libharu failed (error 0x%04lX, detail %lu)", (unsigned long)j->err.status,
	                 (unsigned long)j->err.detail);
	return QUIRE_ERR_INTERNAL;
}

/* The libharu document, its fonts, the hyphenation patterns of the
 * document's language and the image cache. */
static enum quire_status open_document(struct pdf_job *j)
{
	enum quire_status st = QUIRE_OK;

	j->pdf = HPDF_New(on_error, &j->err);
	if (!j->pdf) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	HPDF_SetCompressionMode(j->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(j->pdf);
	TRY(pdf_fonts_init(&j->fonts, j->pdf, &j->opts->pdf, j->log, j->opts->filename));
	j->fonts_ready = true;
	j->fonts.hpdf_status = &j->err.status;
	j->hyph = hyph_open(quire_doc_meta(j->doc)->lang, NULL);
	pdf_images_init(&j->images, j->pdf, j->doc, j->opts, j->log, j->opts->filename);
	j->images_ready = true;
out:
	return st;
}

/* The printed page of each contents entry in this pass. *settled: the
 * same as the pass before, so the layout can stay. */
static enum quire_status contents_pages(struct pdf_job *j, bool *settled)
{
	const struct pdf_layout *L = &j->L;
	int *got = malloc(L->ntoc * sizeof(*got));

	*settled = false;
	if (!got)
		return QUIRE_ERR_NOMEM;
	for (size_t k = 0; k < L->ntoc; k++) {
		long h = L->toc_heading[k], page = -1;
		if (h >= 0 && (size_t)h < L->nheadings)
			page = j->pl.line[L->headings[h].line].page;
		got[k] = page >= 0 ? (int)page + 1 : 1;
	}
	*settled = j->toc_pages && memcmp(got, j->toc_pages, L->ntoc * sizeof(*got)) == 0;
	free(j->toc_pages);
	j->toc_pages = got;
	return QUIRE_OK;
}

/* Lays the document out and cuts it into pages. With a contents page,
 * again until its page numbers are those of the pages the headings fall
 * on (the second pass mostly). */
static enum quire_status lay_out(struct pdf_job *j)
{
	enum quire_status st = QUIRE_OK;
	const struct geometry *g = &j->g;
	bool settled = false;

	for (int pass = 0;; pass++) {
		pdf_layout_init(&j->L, &j->fonts, j->hyph, g->size, g->measure, j->opts->pdf.ragged,
		                j->log, j->opts->filename);
		j->layout_ready = true;
		j->L.images = &j->images;
		j->L.page_height = g->height;
		j->L.toc = j->opts->toc;
		j->L.toc_depth = j->opts->toc_depth > 0 ? j->opts->toc_depth : 3;
		j->L.toc_pages = j->toc_pages;
		j->L.chapter_break = j->opts->pdf.chapter_break;
		j->L.hl_theme = hl_theme_for(j->opts);
		TRY(pdf_layout_doc(&j->L, j->doc));
		TRY(paginate(&j->L, g->height, g->size * 1.2, &j->pl));
		if (!j->L.toc || j->L.ntoc == 0 || pass == 3)
			break;
		TRY(contents_pages(j, &settled));
		if (settled)
			break;
		placed_free(&j->pl);
		pdf_layout_free(&j->L);
		j->layout_ready = false;
	}
out:
	return st;
}

static enum quire_status add_pages(struct pdf_job *j)
{
	enum quire_status st = QUIRE_OK;
	int npages = j->pl.npages;

	j->pages = calloc((size_t)npages, sizeof(*j->pages));
	if (!j->pages) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* libharu's page tree is one flat list, which holds at most
	 * HPDF_LIMIT_MAX_ARRAY (32767) pages; a longer book gets a tree of
	 * lists. Only then: shorter ones keep the flat tree, and their bytes. */
	if (npages > HPDF_LIMIT_MAX_ARRAY)
		HPDF_SetPagesConfiguration(j->pdf, 8192);
	for (int p = 0; p < npages && !j->err.status; p++) {
		j->pages[p] = HPDF_AddPage(j->pdf);
		/* libharu refuses pages past its limits (its error handler
		 * has recorded why); a NULL page must not be touched. */
		if (!j->pages[p])
			break;
		HPDF_Page_SetWidth(j->pages[p], (HPDF_REAL)j->g.pw);
		HPDF_Page_SetHeight(j->pages[p], (HPDF_REAL)j->g.ph);
	}
	if (j->err.status)
		st = hpdf_failed(j);
out:
	return st;
}

/* The title of an input file, heap: its first level-1 heading, else its
 * front matter title (the first file's; a later one's is a heading by
 * now), else its first heading, else its file name; NULL when out of
 * memory. */
static char *chapter_title(const quire_doc *doc, unsigned input)
{
	const quire_node *h1 = NULL, *any = NULL;
	for (const quire_node *n = quire_doc_root(doc)->first_child; n && !h1; n = n->next) {
		if (n->input != input || n->kind != QUIRE_HEADING)
			continue;
		if (n->as.heading.level == 1)
			h1 = n;
		if (any == NULL)
			any = n;
	}
	const char *meta = quire_doc_meta(doc)->title;
	if (h1 || (any && !(input == 0 && meta)))
		return quire_node_plain_text(h1 ? h1 : any);
	if (input == 0 && meta)
		return strdup(meta);
	const char *file = quire_doc_input_name(doc, input);
	file = file ? file : "";
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	return strndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

/* With several inputs, each page's running head is the title of the file
 * its first chapter line is in (or, before the first, the book's). */
static enum quire_status lay_out_heads(struct pdf_job *j, struct pdf_furniture *f)
{
	struct pdf_layout *L = &j->L;
	int npages = j->pl.npages;

	if (quire_doc_input_count(j->doc) < 2 || L->nchapters == 0 || npages <= 0)
		return QUIRE_OK;
	j->heads = calloc((size_t)npages, sizeof(*j->heads));
	if (!j->heads)
		return QUIRE_ERR_NOMEM;
	for (int p = 0; p < npages; p++)
		j->heads[p] = f->title;
	for (size_t c = 0; c < L->nchapters; c++) {
		size_t end = c + 1 < L->nchapters ? L->chapters[c + 1].line : L->store.nlines;
		int page = -1;
		for (size_t i = L->chapters[c].line; i < end && page < 0; i++)
			page = j->pl.line[i].page;
		if (page < 0)
			continue;
		char *title = chapter_title(j->doc, L->chapters[c].input);
		if (!title)
			return QUIRE_ERR_NOMEM;
		struct pdf_run_span s = {0};
		s.first = pdf_layout_simple(L, title, ROLE_ITALIC, L->size * 0.82, RUN_GRAY, &s.n,
		                            &s.width);
		free(title);
		for (int p = page; p < npages; p++)
			j->heads[p] = s;
	}
	f->head = j->heads;
	return L->store.oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

/* The running header (the title) and each page's number, laid out once
 * so that emission only draws. The title page has neither. */
static enum quire_status lay_out_furniture(struct pdf_job *j, struct pdf_furniture *f)
{
	struct pdf_layout *L = &j->L;
	const char *title = quire_doc_meta(j->doc)->title;
	char num[32];

	*f = (struct pdf_furniture){0};
	j->numbers = calloc(j->pl.npages ? (size_t)j->pl.npages : 1, sizeof(*j->numbers));
	if (!j->numbers)
		return QUIRE_ERR_NOMEM;
	if (title)
		f->title.first = pdf_layout_simple(L, title, ROLE_ITALIC, L->size * 0.82, RUN_GRAY,
		                                   &f->title.n, &f->title.width);
	for (int p = title ? 1 : 0; p < j->pl.npages; p++) {
		struct pdf_run_span *n = &j->numbers[p];
		snprintf(num, sizeof(num), "%d", p + 1);
		n->first = pdf_layout_simple(L, num, ROLE_REGULAR, L->size * 0.9, 0, &n->n, &n->width);
	}
	f->number = j->numbers;
	if (L->store.oom)
		return QUIRE_ERR_NOMEM;
	return lay_out_heads(j, f);
}

/* Draws the pages, then gives the layout's memory back before the file is
 * written. */
static enum quire_status draw(struct pdf_job *j)
{
	enum quire_status st = QUIRE_OK;
	struct pdf_furniture furniture;

	TRY(lay_out_furniture(j, &furniture));
	struct pdf_emit e = {
		.pdf = j->pdf, .fonts = &j->fonts, .L = &j->L, .furniture = &furniture,
		.pw = j->g.pw, .ph = j->g.ph, .margin = j->g.margin,
		.pages = j->pages, .npages = j->pl.npages, .line_place = j->pl.line,
		.note_top = j->pl.note_top, .note_sep = j->g.size * 1.2, .rep_from = j->pl.rep_from,
		.rep_n = j->pl.rep_n,
	};
	TRY(pdf_emit(&e, j->doc, j->opts));
	placed_free(&j->pl);
	pdf_layout_free(&j->L);
	j->layout_ready = false;
	pdf_fonts_before_save(&j->fonts);
	if (j->err.status)
		st = hpdf_failed(j);
out:
	return st;
}

/* Writes the file straight to the sink. */
static enum quire_status save(struct pdf_job *j, struct quire_sink *sink)
{
	enum quire_status st = QUIRE_OK;
	struct save_to_sink *saver = malloc(sizeof(*saver));

	if (!saver) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	saver->sink = sink;
	saver->status = QUIRE_OK;
	saver->len = 0;
	/* HPDF_SaveToStream writes to the document's stream, a memory
	 * stream unless one is there already. */
	j->pdf->stream = HPDF_CallbackWriter_New(j->pdf->mmgr, save_write, saver);
	if (!j->pdf->stream) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (HPDF_SaveToStream(j->pdf) != HPDF_OK || save_flush(saver) != QUIRE_OK)
		st = saver->status != QUIRE_OK ? saver->status : hpdf_failed(j);
out:
	free(saver);
	return st;
}

static void job_free(struct pdf_job *j)
{
	placed_free(&j->pl);
	free(j->toc_pages);
	free(j->pages);
	free(j->numbers);
	free(j->heads);
	if (j->layout_ready)
		pdf_layout_free(&j->L);
	if (j->images_ready)
		pdf_images_free(&j->images);
	hyph_close(j->hyph);
	if (j->fonts_ready)
		pdf_fonts_free(&j->fonts);
	if (j->pdf)
		HPDF_Free(j->pdf);
}

static enum quire_status pdf_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st;
	struct pdf_job j = {.doc = doc, .opts = opts, .log = log};

	TRY(check_geometry(&opts->pdf, log, &j.g));
	TRY(open_document(&j));
	TRY(lay_out(&j));
	TRY(add_pages(&j));
	TRY(draw(&j));
	TRY(save(&j, sink));
out:
	job_free(&j);
	return st;
}

const struct quire_writer quire_writer_pdf = {
	.name = "pdf",
	.extensions = "pdf",
	.description = "PDF: a typeset book page with embedded fonts",
	.binary = true,
	.write = pdf_write,
};
