/* The PDF writer: page geometry from the options, then fonts, layout
 * (line breaking inside), pagination, and emission (file.c writes the
 * objects). */
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
	struct pdf_file file;
	struct pdf_fonts fonts;
	struct hyph *hyph;
	struct pdf_images images;
	struct pdf_layout L;
	struct placed pl;
	int *toc_pages;          /* per contents entry, from the last pass */
	pdf_ref *pages;          /* npages page objects */
	size_t npages;           /* pl.npages, kept past the layout */
	pdf_ref *parents;        /* per page: its node of the page tree */
	pdf_ref *nodes[4];       /* the page tree's nodes by level, the root last */
	size_t nnodes[4];
	int levels;
	pdf_ref resources;       /* shared by every page */
	struct pdf_run_span *numbers; /* per page: its number's runs */
	struct pdf_run_span *heads;   /* per page: its running head, with several inputs */
	bool file_open, fonts_ready, images_ready, layout_ready;
};

/* The file (its header goes to the sink now: images are written as the
 * layout first meets them), the fonts, the hyphenation patterns of the
 * document's language and the image cache. */
static enum quire_status open_document(struct pdf_job *j, struct quire_sink *sink)
{
	enum quire_status st = QUIRE_OK;

	pdf_file_init(&j->file, sink);
	j->file_open = true;
	j->resources = pdf_file_reserve(&j->file);
	TRY(pdf_fonts_init(&j->fonts, &j->file, &j->opts->pdf, j->log, j->opts->filename));
	j->fonts_ready = true;
	j->hyph = hyph_open(quire_doc_meta(j->doc)->lang, NULL);
	pdf_images_init(&j->images, &j->file, j->doc, j->opts, j->log, j->opts->filename);
	j->images_ready = true;
	st = j->file.status;
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

/* Kids of one node of the page tree: a reader walks down a few levels
 * rather than through one array of every page. */
#define PAGE_TREE_KIDS 256

/* Numbers for the pages and the nodes of the page tree, before any page
 * is written: a link may lead to a later page, and each page names its
 * parent. */
static enum quire_status reserve_pages(struct pdf_job *j)
{
	enum quire_status st = QUIRE_OK;
	size_t npages = (size_t)j->pl.npages, below = npages;

	j->npages = npages;
	j->pages = malloc((npages ? npages : 1) * sizeof(*j->pages));
	j->parents = malloc((npages ? npages : 1) * sizeof(*j->parents));
	if (!j->pages || !j->parents) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* 256^4 pages: more than the objects a PDF holds. */
	do {
		size_t n = (below + PAGE_TREE_KIDS - 1) / PAGE_TREE_KIDS;
		if (n == 0)
			n = 1;
		j->nodes[j->levels] = malloc(n * sizeof(pdf_ref));
		if (!j->nodes[j->levels]) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		j->nnodes[j->levels] = n;
		for (size_t k = 0; k < n; k++)
			j->nodes[j->levels][k] = pdf_file_reserve(&j->file);
		j->levels++;
		below = n;
	} while (below > 1 && j->levels < 4);
	for (size_t p = 0; p < npages; p++) {
		j->pages[p] = pdf_file_reserve(&j->file);
		j->parents[p] = j->nodes[0][p / PAGE_TREE_KIDS];
	}
	st = j->file.status;
out:
	return st;
}

/* The page tree's nodes, each with its kids and its count of pages. */
static void write_page_tree(struct pdf_job *j)
{
	struct pdf_file *f = &j->file;
	size_t npages = j->npages, below = npages;
	for (int lv = 0; lv < j->levels; lv++) {
		const pdf_ref *kids = lv == 0 ? j->pages : j->nodes[lv - 1];
		/* Pages under one kid of this level. */
		size_t span = 1;
		for (int k = 0; k < lv; k++)
			span *= PAGE_TREE_KIDS;
		for (size_t n = 0; n < j->nnodes[lv]; n++) {
			size_t from = n * PAGE_TREE_KIDS, to = from + PAGE_TREE_KIDS;
			if (to > below)
				to = below;
			size_t first_page = from * span, last_page = to * span;
			if (last_page > npages)
				last_page = npages;
			pdf_file_begin(f, j->nodes[lv][n]);
			pdf_file_puts(f, "<< /Type /Pages");
			if (lv + 1 < j->levels)
				pdf_file_printf(f, " /Parent %lu 0 R",
				                (unsigned long)j->nodes[lv + 1][n / PAGE_TREE_KIDS]);
			pdf_file_printf(f, " /Count %zu /Kids [", last_page - first_page);
			for (size_t k = from; k < to; k++)
				pdf_file_printf(f, k > from ? (k % 8 ? " %lu 0 R" : "\n%lu 0 R") : "%lu 0 R",
				                (unsigned long)kids[k]);
			pdf_file_puts(f, "] >>");
			pdf_file_end(f);
		}
		below = j->nnodes[lv];
	}
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

/* Draws and writes the pages, then gives the layout's memory back before
 * the fonts are cut down and written. */
static enum quire_status draw(struct pdf_job *j, pdf_ref *outline, pdf_ref *info)
{
	enum quire_status st = QUIRE_OK;
	struct pdf_furniture furniture;

	TRY(lay_out_furniture(j, &furniture));
	struct pdf_emit e = {
		.file = &j->file, .fonts = &j->fonts, .L = &j->L, .furniture = &furniture,
		.pw = j->g.pw, .ph = j->g.ph, .margin = j->g.margin,
		.pages = j->pages, .parents = j->parents, .resources = j->resources,
		.npages = j->pl.npages, .line_place = j->pl.line,
		.note_top = j->pl.note_top, .note_sep = j->g.size * 1.2, .rep_from = j->pl.rep_from,
		.rep_n = j->pl.rep_n,
	};
	TRY(pdf_emit(&e, j->doc, j->opts, outline, info));
	placed_free(&j->pl);
	pdf_layout_free(&j->L);
	j->layout_ready = false;
out:
	return st;
}

/* The resources every page shares: each face drawn, each image used. */
static void write_resources(struct pdf_job *j)
{
	struct pdf_file *f = &j->file;
	pdf_file_begin(f, j->resources);
	pdf_file_puts(f, "<< /Font <<");
	for (size_t i = 0; i < j->fonts.nfaces; i++)
		if (j->fonts.faces[i].ref)
			pdf_file_printf(f, " /F%zu %lu 0 R", i, (unsigned long)j->fonts.faces[i].ref);
	pdf_file_puts(f, " >> /XObject <<");
	for (size_t i = 0; i < j->images.n; i++)
		if (j->images.v[i].img)
			pdf_file_printf(f, " /Im%zu %lu 0 R", i, (unsigned long)j->images.v[i].img);
	pdf_file_puts(f, " >> >>");
	pdf_file_end(f);
}

/* Everything after the pages: fonts, resources, the page tree, the
 * catalog, the cross-reference table. */
static enum quire_status finish(struct pdf_job *j, pdf_ref outline, pdf_ref info)
{
	enum quire_status st = QUIRE_OK;
	struct pdf_file *f = &j->file;
	const struct quire_meta *m = quire_doc_meta(j->doc);

	TRY(pdf_fonts_write(&j->fonts));
	write_resources(j);
	write_page_tree(j);
	pdf_ref catalog = pdf_file_begin_new(f);
	pdf_file_printf(f, "<< /Type /Catalog /Pages %lu 0 R",
	                (unsigned long)j->nodes[j->levels - 1][0]);
	if (outline)
		pdf_file_printf(f, " /Outlines %lu 0 R /PageMode /UseOutlines", (unsigned long)outline);
	pdf_file_puts(f, " /Lang ");
	pdf_file_text(f, m->lang && *m->lang ? m->lang : "en-US");
	pdf_file_puts(f, " >>");
	pdf_file_end(f);
	st = pdf_file_finish(f, catalog, info);
out:
	return st;
}

static void job_free(struct pdf_job *j)
{
	placed_free(&j->pl);
	free(j->toc_pages);
	free(j->pages);
	free(j->parents);
	for (int lv = 0; lv < j->levels; lv++)
		free(j->nodes[lv]);
	free(j->numbers);
	free(j->heads);
	if (j->layout_ready)
		pdf_layout_free(&j->L);
	if (j->images_ready)
		pdf_images_free(&j->images);
	hyph_close(j->hyph);
	if (j->fonts_ready)
		pdf_fonts_free(&j->fonts);
	if (j->file_open)
		pdf_file_free(&j->file);
}

static enum quire_status pdf_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st;
	struct pdf_job j = {.doc = doc, .opts = opts, .log = log};
	pdf_ref outline = 0, info = 0;

	TRY(check_geometry(&opts->pdf, log, &j.g));
	TRY(open_document(&j, sink));
	TRY(lay_out(&j));
	TRY(reserve_pages(&j));
	TRY(draw(&j, &outline, &info));
	TRY(finish(&j, outline, info));
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
