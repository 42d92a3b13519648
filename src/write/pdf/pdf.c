/* The PDF writer: page geometry from the options, layout, pagination,
 * then drawing, links, outline and metadata through libharu. */
#include <ctype.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core.h"
#include "fonts.h"
#include "hyph.h"
#include "layout.h"
#include "pages.h"

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

/* "25mm", "1in", "72pt", "2.5cm", "72" (points). */
static bool parse_length(const char *s, size_t len, double *pt)
{
	char buf[64], *end;
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	double v = strtod(buf, &end);
	if (end == buf || !(v > 0) || !isfinite(v))
		return false;
	while (*end == ' ')
		end++;
	if (!*end || strcasecmp(end, "pt") == 0)
		*pt = v;
	else if (strcasecmp(end, "mm") == 0)
		*pt = v * 72.0 / 25.4;
	else if (strcasecmp(end, "cm") == 0)
		*pt = v * 72.0 / 2.54;
	else if (strcasecmp(end, "in") == 0)
		*pt = v * 72.0;
	else
		return false;
	return true;
}

static bool parse_paper(const char *s, double *w, double *h)
{
	static const struct { const char *name; double w, h; } sizes[] = {
		{"a4", 595.276, 841.890}, {"letter", 612, 792}, {"legal", 612, 1008},
		{"a5", 419.528, 595.276}, {"a3", 841.890, 1190.551}, {"b5", 498.898, 708.661},
	};
	if (!s || !*s)
		s = "a4";
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcasecmp(s, sizes[i].name) == 0) {
			*w = sizes[i].w;
			*h = sizes[i].h;
			return true;
		}
	const char *x = strpbrk(s, "xX");
	if (!x)
		return false;
	const char *unit = x + 1 + strspn(x + 1, "0123456789. ");
	/* "210x297mm": the unit after H applies to W as well. */
	size_t wl = (size_t)(x - s);
	char wbuf[64];
	if (wl == 0 || wl + strlen(unit) >= sizeof(wbuf))
		return false;
	memcpy(wbuf, s, wl);
	wbuf[wl] = 0;
	if (strspn(wbuf, "0123456789. ") == wl)
		strcat(wbuf, unit);
	return parse_length(wbuf, strlen(wbuf), w) && parse_length(x + 1, strlen(x + 1), h);
}

/* URIs in annotations must be ASCII: percent-encode the rest. */
static char *uri_ascii(const char *url)
{
	struct qstr q = {0};
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
			qstr_printf(&q, "%%%02X", *p);
		else
			qstr_putc(&q, (char)*p);
	}
	if (q.oom || !q.data) {
		qstr_free(&q);
		return NULL;
	}
	return q.data;
}

/* libharu's UTF-8 encoder knows only the BMP: characters beyond it
 * become U+FFFD here too (the text itself warned already), controls go. */
static char *bmp_only(const char *s)
{
	struct qstr q = {0};
	size_t len = strlen(s);
	char buf[8];
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (cp > 0xFFFF)
			cp = 0xFFFD;
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		qstr_append(&q, buf, (size_t)quire_utf8_encode(cp, buf));
	}
	qstr_append(&q, "", 0);
	if (q.oom) {
		qstr_free(&q);
		return NULL;
	}
	return q.data;
}

static void set_info(HPDF_Doc pdf, HPDF_InfoType type, const char *value)
{
	char *v = bmp_only(value);
	if (v)
		HPDF_SetInfoAttr(pdf, type, v);
	free(v);
}

struct ctx {
	HPDF_Doc pdf;
	struct hpdf_err err;
	struct pdf_fonts fonts;
	struct pdf_layout L;
	struct hyph *hyph;
	double pw, ph, margin;
	HPDF_Page *pages;
	int npages;
	struct pb_place *places;
	long *line_item; /* per line: its vertical item */
	bool title_page;
};

static double line_top(const struct ctx *c, size_t line)
{
	long it = c->line_item[line];
	return c->ph - c->margin - (it >= 0 ? c->places[it].y : 0);
}

static int line_page(const struct ctx *c, size_t line)
{
	long it = c->line_item[line];
	return it >= 0 ? c->places[it].page : -1;
}

struct pen {
	HPDF_Font font;
	float size;
	int color; /* 0 black, 1 link, 2 gray */
};

static void draw_run(struct ctx *c, HPDF_Page pg, struct pen *pen, const struct pdf_run *r,
                     double x, double y)
{
	HPDF_Font f = pdf_fonts_hfont(&c->fonts, r->face);
	int color = (r->flags & RUN_LINK) ? 1 : (r->flags & RUN_GRAY) ? 2 : 0;
	if (!f)
		return;
	if (f != pen->font || r->size != pen->size) {
		HPDF_Page_SetFontAndSize(pg, f, r->size);
		pen->font = f;
		pen->size = r->size;
	}
	if (color != pen->color) {
		if (color == 1)
			HPDF_Page_SetRGBFill(pg, 0.05f, 0.25f, 0.55f);
		else if (color == 2)
			HPDF_Page_SetRGBFill(pg, 0.45f, 0.45f, 0.45f);
		else
			HPDF_Page_SetRGBFill(pg, 0, 0, 0);
		pen->color = color;
	}
	HPDF_Page_TextOut(pg, (HPDF_REAL)x, (HPDF_REAL)y, c->L.pool.data + r->text);
}

static void draw_page(struct ctx *c, int p, const size_t *lines, size_t n)
{
	HPDF_Page pg = c->pages[p];
	struct pdf_layout *L = &c->L;
	struct pen pen = {.font = NULL, .size = 0, .color = 0};

	/* Shading and rules first, text over them. */
	for (size_t k = 0; k < n; k++) {
		const struct pdf_line *ln = &L->lines[lines[k]];
		double top = line_top(c, lines[k]), base = top - ln->baseline;
		if (ln->flags & LINE_BG) {
			HPDF_Page_SetRGBFill(pg, 0.945f, 0.945f, 0.94f);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)(c->margin + ln->bg_x), (HPDF_REAL)(top - ln->height),
			                    (HPDF_REAL)ln->bg_w, (HPDF_REAL)ln->height + 0.3f);
			HPDF_Page_Fill(pg);
		}
		if (ln->flags & LINE_RULE) {
			HPDF_Page_SetLineWidth(pg, 0.5f);
			HPDF_Page_SetRGBStroke(pg, 0.35f, 0.35f, 0.35f);
			HPDF_Page_MoveTo(pg, (HPDF_REAL)(c->margin + ln->bg_x), (HPDF_REAL)(top - ln->height / 2));
			HPDF_Page_LineTo(pg, (HPDF_REAL)(c->margin + ln->bg_x + ln->bg_w),
			                 (HPDF_REAL)(top - ln->height / 2));
			HPDF_Page_Stroke(pg);
		}
		for (unsigned want = LINE_RULE_ABOVE; want <= LINE_RULE_BELOW; want <<= 1) {
			if (!(ln->flags & want))
				continue;
			double y = want == LINE_RULE_BELOW ? top - ln->height + 1 : top - 1;
			HPDF_Page_SetLineWidth(pg, 0.6f);
			HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
			HPDF_Page_MoveTo(pg, (HPDF_REAL)(c->margin + ln->bg_x), (HPDF_REAL)y);
			HPDF_Page_LineTo(pg, (HPDF_REAL)(c->margin + ln->bg_x + ln->bg_w), (HPDF_REAL)y);
			HPDF_Page_Stroke(pg);
		}
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			const struct pdf_run *r = &L->runs[q];
			if (!(r->flags & RUN_CODEBG))
				continue;
			HPDF_Page_SetRGBFill(pg, 0.93f, 0.93f, 0.92f);
			HPDF_Page_Rectangle(pg, (HPDF_REAL)(c->margin + ln->indent + r->x - 1),
			                    (HPDF_REAL)(base - r->size * 0.28), (HPDF_REAL)r->width + 2,
			                    (HPDF_REAL)(r->size * 1.12));
			HPDF_Page_Fill(pg);
		}
	}
	HPDF_Page_SetRGBFill(pg, 0, 0, 0);
	HPDF_Page_BeginText(pg);
	for (size_t k = 0; k < n; k++) {
		const struct pdf_line *ln = &L->lines[lines[k]];
		double base = line_top(c, lines[k]) - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			const struct pdf_run *r = &L->runs[q];
			draw_run(c, pg, &pen, r, c->margin + ln->indent + r->x, base + r->rise);
		}
	}
	HPDF_Page_EndText(pg);
	for (size_t k = 0; k < n; k++) {
		const struct pdf_line *ln = &L->lines[lines[k]];
		double base = line_top(c, lines[k]) - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			const struct pdf_run *r = &L->runs[q];
			if (!(r->flags & RUN_STRIKE))
				continue;
			double y = base + r->rise + r->size * 0.27;
			HPDF_Page_SetLineWidth(pg, r->size * 0.06f);
			HPDF_Page_SetRGBStroke(pg, 0, 0, 0);
			HPDF_Page_MoveTo(pg, (HPDF_REAL)(c->margin + ln->indent + r->x), (HPDF_REAL)y);
			HPDF_Page_LineTo(pg, (HPDF_REAL)(c->margin + ln->indent + r->x + r->width), (HPDF_REAL)y);
			HPDF_Page_Stroke(pg);
		}
	}
}

/* Running header (the title) and footer (the page number), except on the
 * title page. */
static void draw_margins(struct ctx *c, const quire_doc *doc)
{
	const struct quire_meta *m = quire_doc_meta(doc);
	struct pdf_layout *L = &c->L;
	double hsize = L->size * 0.82;
	size_t tfirst = 0, tn = 0;
	double tw = 0;
	if (m->title)
		tfirst = pdf_layout_simple(L, m->title, ROLE_ITALIC, hsize, RUN_GRAY, &tn, &tw);
	for (int p = 0; p < c->npages; p++) {
		if (p == 0 && c->title_page)
			continue;
		HPDF_Page pg = c->pages[p];
		struct pen pen = {.font = NULL, .size = 0, .color = 0};
		char num[32];
		size_t nfirst, nn;
		double nw;
		snprintf(num, sizeof(num), "%d", p + 1);
		nfirst = pdf_layout_simple(L, num, ROLE_REGULAR, L->size * 0.9, 0, &nn, &nw);
		HPDF_Page_BeginText(pg);
		double hy = c->ph - c->margin + c->margin * 0.4;
		double hx = c->margin + (L->measure - tw) / 2;
		for (size_t q = tfirst; q < tfirst + tn; q++)
			draw_run(c, pg, &pen, &L->runs[q], hx + L->runs[q].x, hy);
		double fx = c->margin + (L->measure - nw) / 2;
		for (size_t q = nfirst; q < nfirst + nn; q++)
			draw_run(c, pg, &pen, &L->runs[q], fx + L->runs[q].x, c->margin * 0.45);
		HPDF_Page_EndText(pg);
	}
}

static HPDF_Destination dest_for_line(struct ctx *c, size_t line)
{
	int p = line_page(c, line);
	if (p < 0 || p >= c->npages)
		return NULL;
	HPDF_Destination d = HPDF_Page_CreateDestination(c->pages[p]);
	if (d) {
		double top = line_top(c, line) + c->L.size * 0.5;
		if (top > c->ph)
			top = c->ph;
		HPDF_Destination_SetFitH(d, (HPDF_REAL)top);
	}
	return d;
}

static long link_target_line(struct ctx *c, const struct pdf_link *lk)
{
	struct pdf_layout *L = &c->L;
	if (lk->note > 0) {
		for (size_t i = 0; i < L->nlines; i++)
			if (L->lines[i].note == lk->note)
				return (long)i;
		return -1;
	}
	if (lk->url[0] == '#') {
		for (size_t h = 0; h < L->nheadings; h++)
			if (strcmp(L->headings[h].id, lk->url + 1) == 0)
				return (long)L->headings[h].line;
	}
	return -1;
}

static void annotate(struct ctx *c)
{
	struct pdf_layout *L = &c->L;
	for (size_t i = 0; i < L->nlines; i++) {
		const struct pdf_line *ln = &L->lines[i];
		int p = line_page(c, i);
		if (p < 0)
			continue;
		double base = line_top(c, i) - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns;) {
			const struct pdf_run *r = &L->runs[q];
			if (r->link < 0) {
				q++;
				continue;
			}
			double x0 = r->x, x1 = r->x + r->width, size = r->size;
			int link = r->link;
			/* One rectangle per line for the words of one link. */
			size_t e = q + 1;
			while (e < ln->first_run + ln->nruns && L->runs[e].link == link) {
				x1 = L->runs[e].x + L->runs[e].width;
				e++;
			}
			q = e;
			HPDF_Rect rect = {(HPDF_REAL)(c->margin + ln->indent + x0),
			                  (HPDF_REAL)(base - size * 0.25),
			                  (HPDF_REAL)(c->margin + ln->indent + x1),
			                  (HPDF_REAL)(base + size * 0.85)};
			const struct pdf_link *lk = &L->links[link];
			HPDF_Annotation a = NULL;
			long target = link_target_line(c, lk);
			if (target >= 0) {
				HPDF_Destination d = dest_for_line(c, (size_t)target);
				if (d)
					a = HPDF_Page_CreateLinkAnnot(c->pages[p], rect, d);
			} else if (lk->url[0] && lk->url[0] != '#') {
				char *uri = uri_ascii(lk->url);
				if (uri)
					a = HPDF_Page_CreateURILinkAnnot(c->pages[p], rect, uri);
				free(uri);
			}
			if (a)
				HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
		}
	}
}

static void outline(struct ctx *c)
{
	struct pdf_layout *L = &c->L;
	HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
	HPDF_Outline stack[8];
	int levels[8], depth = 0;
	for (size_t h = 0; h < L->nheadings; h++) {
		const struct pdf_heading *hd = &L->headings[h];
		while (depth > 0 && levels[depth - 1] >= hd->level)
			depth--;
		HPDF_Outline parent = depth > 0 ? stack[depth - 1] : NULL;
		const char *title = hd->title[0] ? hd->title : "\xe2\x80\x94";
		char *t = bmp_only(title);
		HPDF_Outline o = t ? HPDF_CreateOutline(c->pdf, parent, t, enc) : NULL;
		free(t);
		if (!o)
			return;
		HPDF_Destination d = dest_for_line(c, hd->line);
		if (d)
			HPDF_Outline_SetDestination(o, d);
		HPDF_Outline_SetOpened(o, hd->level <= 1 ? HPDF_TRUE : HPDF_FALSE);
		if (depth < 8) {
			stack[depth] = o;
			levels[depth] = hd->level;
			depth++;
		}
	}
	if (L->nheadings > 0)
		HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static void join_list(struct qstr *q, const char **items, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			qstr_puts(q, sep);
		qstr_puts(q, items[i]);
	}
}

static void metadata(struct ctx *c, const quire_doc *doc, const struct quire_write_options *opts)
{
	const struct quire_meta *m = quire_doc_meta(doc);
	struct qstr q = {0};
	HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
	if (m->title)
		set_info(c->pdf, HPDF_INFO_TITLE, m->title);
	if (m->author_count) {
		join_list(&q, m->authors, m->author_count, ", ");
		if (q.data)
			set_info(c->pdf, HPDF_INFO_AUTHOR, q.data);
		qstr_clear(&q);
	}
	const char *subject = m->description ? m->description : m->subtitle;
	if (subject)
		set_info(c->pdf, HPDF_INFO_SUBJECT, subject);
	if (m->keyword_count) {
		join_list(&q, m->keywords, m->keyword_count, ", ");
		if (q.data)
			set_info(c->pdf, HPDF_INFO_KEYWORDS, q.data);
	}
	qstr_free(&q);
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "quire " QUIRE_VERSION);
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "quire " QUIRE_VERSION " with libharu");
	time_t t = (time_t)opts->timestamp;
	struct tm tm;
	if (gmtime_r(&t, &tm)) {
		HPDF_Date d = {.year = tm.tm_year + 1900, .month = tm.tm_mon + 1, .day = tm.tm_mday,
		               .hour = tm.tm_hour, .minutes = tm.tm_min, .seconds = tm.tm_sec,
		               .ind = 'Z'};
		HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d);
	}
	const char *lang = m->lang && *m->lang ? m->lang : "en-US";
	HPDF_String ls = HPDF_String_New(c->pdf->mmgr, lang, NULL);
	if (ls)
		HPDF_Dict_Add(c->pdf->catalog, "Lang", ls);
}

static enum quire_status pdf_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	struct ctx c;
	const char *file = NULL;
	const struct quire_pdf_options *po = &opts->pdf;
	size_t *pagelines = NULL;
	bool fonts_ready = false, layout_ready = false;

	memset(&c, 0, sizeof(c));
	if (!parse_paper(po->paper, &c.pw, &c.ph) || c.pw < 72 || c.ph < 72 || c.pw > 14400 ||
	    c.ph > 14400) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "bad paper size '%s' (a4, letter, legal, a5, or WxH with mm, cm, in or pt)",
		                 po->paper ? po->paper : "");
		st = QUIRE_ERR_USAGE;
		goto out;
	}
	c.margin = 35 * 72.0 / 25.4;
	if (po->margin && !parse_length(po->margin, strlen(po->margin), &c.margin)) {
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
	double measure = c.pw - 2 * c.margin, height = c.ph - 2 * c.margin;
	if (measure < size * 10 || height < size * 6) {
		quire_log_report(log, QUIRE_SEV_ERROR, NULL, 0, 0,
		                 "the margins leave no room for text on this paper");
		st = QUIRE_ERR_USAGE;
		goto out;
	}

	c.pdf = HPDF_New(on_error, &c.err);
	if (!c.pdf) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(c.pdf);
	TRY(pdf_fonts_init(&c.fonts, c.pdf, po, log, file));
	fonts_ready = true;
	c.fonts.hpdf_status = &c.err.status;
	c.hyph = hyph_open(quire_doc_meta(doc)->lang, NULL);
	pdf_layout_init(&c.L, &c.fonts, c.hyph, size, measure, po->ragged, log, file);
	layout_ready = true;
	TRY(pdf_layout_doc(&c.L, doc));
	c.title_page = quire_doc_meta(doc)->title != NULL;

	c.places = calloc(c.L.nitems ? c.L.nitems : 1, sizeof(*c.places));
	c.line_item = malloc((c.L.nlines ? c.L.nlines : 1) * sizeof(*c.line_item));
	pagelines = malloc((c.L.nlines ? c.L.nlines : 1) * sizeof(*pagelines));
	if (!c.places || !c.line_item || !pagelines) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	c.npages = pb_paginate(c.L.items, c.L.nitems, height, c.places);
	for (size_t i = 0; i < c.L.nlines; i++)
		c.line_item[i] = -1;
	for (size_t i = 0; i < c.L.nitems; i++)
		if (c.L.item_line[i] >= 0)
			c.line_item[c.L.item_line[i]] = (long)i;
	c.pages = calloc((size_t)c.npages, sizeof(*c.pages));
	if (!c.pages) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	for (int p = 0; p < c.npages; p++) {
		c.pages[p] = HPDF_AddPage(c.pdf);
		if (!c.pages[p])
			break;
		HPDF_Page_SetWidth(c.pages[p], (HPDF_REAL)c.pw);
		HPDF_Page_SetHeight(c.pages[p], (HPDF_REAL)c.ph);
	}
	if (c.err.status)
		goto hpdf_failed;
	size_t k = 0;
	for (int p = 0; p < c.npages; p++) {
		size_t n = 0;
		for (; k < c.L.nlines && line_page(&c, k) <= p; k++)
			if (line_page(&c, k) == p)
				pagelines[n++] = k;
		draw_page(&c, p, pagelines, n);
	}
	draw_margins(&c, doc);
	annotate(&c);
	outline(&c);
	metadata(&c, doc, opts);
	if (c.L.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (c.err.status)
		goto hpdf_failed;
	if (HPDF_SaveToStream(c.pdf) != HPDF_OK)
		goto hpdf_failed;
	for (;;) {
		HPDF_BYTE buf[16384];
		HPDF_UINT32 len = sizeof(buf);
		HPDF_STATUS rs = HPDF_ReadFromStream(c.pdf, buf, &len);
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
	                 (unsigned long)c.err.status, (unsigned long)c.err.detail);
	st = QUIRE_ERR_INTERNAL;
out:
	free(pagelines);
	free(c.places);
	free(c.line_item);
	free(c.pages);
	if (layout_ready)
		pdf_layout_free(&c.L);
	hyph_close(c.hyph);
	if (fonts_ready)
		pdf_fonts_free(&c.fonts);
	if (c.pdf)
		HPDF_Free(c.pdf);
	return st;
}

const struct quire_writer quire_writer_pdf = {
	.name = "pdf",
	.extensions = "pdf",
	.description = "PDF: a typeset book page with embedded fonts",
	.binary = true,
	.write = pdf_write,
};
