/* Drawing. Text goes word by word (Tw does nothing on two-byte fonts),
 * one BT/ET per page, spaces never drawn. */
#include "emit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "uri.h"


/* Past the limit, characters are counted but not copied, so that the cut
 * falls between characters. */
char *pdf_text_string(const char *s, size_t *chars)
{
	struct qstr q = {0};
	size_t len = strlen(s), n = 0, keep = 0;
	char buf[8];
	for (size_t i = 0; i < len; n++) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (cp > 0xFFFF)
			n++; /* a surrogate pair */
		if (n <= PDF_MAX_TEXT_CHARS - 1)
			keep = q.len; /* room for the ellipsis */
		if (n >= PDF_MAX_TEXT_CHARS)
			continue;
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		qstr_append(&q, buf, (size_t)quire_utf8_encode(cp, buf));
	}
	if (n > PDF_MAX_TEXT_CHARS) {
		q.len = keep;
		qstr_append(&q, "\xe2\x80\xa6", 3);
	}
	qstr_append(&q, "", 0);
	*chars = n;
	if (q.oom) {
		qstr_free(&q);
		return NULL;
	}
	return q.data;
}

/* A warning at a place in the source: "FILE:LINE:COL:" as the other writers
 * say it, file being the input the place is in (NULL: the document's);
 * without a file, the line goes into the text. */
__attribute__((format(printf, 5, 6))) static void warn_at(const struct pdf_emit *c,
                                                          const char *file, unsigned line,
                                                          unsigned column, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (file == NULL)
		file = c->L->filename;
	if (line && file)
		quire_log_report(c->L->log, QUIRE_SEV_WARNING, file, line, column, "%s", text);
	else if (line)
		quire_log_report(c->L->log, QUIRE_SEV_WARNING, NULL, 0, 0, "line %u: %s", line, text);
	else
		quire_log_report(c->L->log, QUIRE_SEV_WARNING, file, 0, 0, "%s", text);
}

/* One entry of the document information: "/key (value)". */
static void set_info(struct pdf_emit *c, const char *key, const char *name, const char *value)
{
	size_t chars;
	char *v = pdf_text_string(value, &chars);
	if (!v) {
		c->oom = true;
		return;
	}
	if (chars > PDF_MAX_TEXT_CHARS)
		warn_at(c, NULL, 0, 0,
		        "the document's %s is %zu characters, longer than the PDF limit of %d; "
		        "the PDF's document information has it shortened",
		        name, chars, PDF_MAX_TEXT_CHARS);
	pdf_file_printf(c->file, "/%s ", key);
	pdf_file_text(c->file, v);
	pdf_file_puts(c->file, "\n");
	free(v);
}


static double line_top(const struct pdf_emit *c, size_t line)
{
	return c->ph - c->margin - c->line_place[line].y;
}

static int line_page(const struct pdf_emit *c, size_t line)
{
	return c->line_place[line].page;
}

static void draw_run(struct pdf_emit *c, const struct pdf_run *r, double x, double y)
{
	pdf_content_text(c->ct, r->face, r->size, r->fill, x, y, c->L->store.pool.data + r->text);
}

static bool same_rgb(struct pdf_rgb a, struct pdf_rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Whether run r goes under the same frame (shade false) or shaded box
 * (shade true: a background of the colour of first's) as run first. */
static bool same_span(const struct pdf_run *r, const struct pdf_run *first, bool shade)
{
	if (shade)
		return r->has_background && same_rgb(r->background, first->background);
	return (r->flags & RUN_FRAME) != 0;
}

/* The runs from q on that go under one frame or shaded box: of its kind,
 * at q's rise and following one another on the line (less than a word
 * space apart). Returns the index after the last; *x1 is its right
 * edge. */
static size_t span_end(const struct pdf_layout *L, size_t q, size_t end, bool shade, double *x1)
{
	const struct pdf_run *runs = L->store.runs, *first = &runs[q];
	*x1 = first->x + first->width;
	for (q++; q < end && same_span(&runs[q], first, shade) && runs[q].rise == first->rise &&
	          runs[q].x - *x1 < runs[q].size * 0.9;
	     q++)
		*x1 = runs[q].x + runs[q].width;
	return q;
}

/* A straight line from (x0, y0) to (x1, y1) in a width and a gray. */
static void rule(struct pdf_content *ct, double width, const char *stroke, double x0, double y0,
                 double x1, double y1)
{
	pdf_content_op(ct, "w", 1, width);
	pdf_content_raw(ct, stroke);
	pdf_content_op(ct, "m", 2, x0, y0);
	pdf_content_op(ct, "l", 2, x1, y1);
	pdf_content_raw(ct, "S");
}

/* Shading, rules, images and frames of one line, under its text. */
static void draw_line_art(struct pdf_emit *c, const struct pdf_line *ln, double top)
{
	const struct pdf_layout *L = c->L;
	struct pdf_content *ct = c->ct;
	double base = top - ln->baseline, left = c->margin + ln->bg_x;
	if (ln->flags & LINE_BG) {
		pdf_content_raw(ct, "0.945 0.945 0.94 rg");
		pdf_content_op(ct, "re", 4, left, top - ln->height, ln->bg_w, ln->height + 0.3);
		pdf_content_raw(ct, "f");
	}
	if (ln->flags & LINE_RULE)
		rule(ct, 0.5, "0.35 G", left, top - ln->height / 2, left + ln->bg_w, top - ln->height / 2);
	if (ln->flags & LINE_RULE_THIN)
		rule(ct, 0.3, "0.6 G", left, top - ln->height + 0.5, left + ln->bg_w, top - ln->height + 0.5);
	if (ln->flags & LINE_RULE_ABOVE)
		rule(ct, 0.6, "0 G", left, top - 1, left + ln->bg_w, top - 1);
	if (ln->flags & LINE_RULE_BELOW)
		rule(ct, 0.6, "0 G", left, top - ln->height + 1, left + ln->bg_w, top - ln->height + 1);
	if ((ln->flags & LINE_IMAGE) && ln->image >= 0 && L->images->v[ln->image].img)
		pdf_content_image(ct, ln->image, left, top - ln->height, ln->bg_w, ln->height);
	if (ln->flags & LINE_ORNAMENT) {
		double cx = left + ln->bg_w / 2, cy = top - ln->height / 2;
		double d = L->size * 0.22, g = L->size * 0.6;
		pdf_content_raw(ct, "0.5 w 0.3 G");
		pdf_content_op(ct, "m", 2, left, cy);
		pdf_content_op(ct, "l", 2, cx - g, cy);
		pdf_content_op(ct, "m", 2, cx + g, cy);
		pdf_content_op(ct, "l", 2, left + ln->bg_w, cy);
		pdf_content_raw(ct, "S");
		pdf_content_raw(ct, "0.3 g");
		pdf_content_op(ct, "m", 2, cx - d, cy);
		pdf_content_op(ct, "l", 2, cx, cy + d * 1.3);
		pdf_content_op(ct, "l", 2, cx + d, cy);
		pdf_content_op(ct, "l", 2, cx, cy - d * 1.3);
		pdf_content_raw(ct, "h");
		pdf_content_raw(ct, "f");
	}
	if (ln->flags & LINE_FRAME) {
		double x1 = left + ln->bg_w;
		pdf_content_raw(ct, "0.6 w 0 G");
		pdf_content_op(ct, "m", 2, left, top + 0.3);
		pdf_content_op(ct, "l", 2, left, top - ln->height - 0.3);
		pdf_content_op(ct, "m", 2, x1, top + 0.3);
		pdf_content_op(ct, "l", 2, x1, top - ln->height - 0.3);
		pdf_content_raw(ct, "S");
	}
	for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
		const struct pdf_run *r = &L->store.runs[q];
		double x = c->margin + ln->indent + r->x;
		if ((r->flags & RUN_IMAGE) && r->image >= 0 && L->images->v[r->image].img)
			pdf_content_image(ct, r->image, x, base + r->rise, r->width, r->size);
		if (r->flags & RUN_RULE)
			rule(ct, 0.3, "0.6 G", x, base + r->rise, x + r->width, base + r->rise);
		if (r->flags & RUN_BOX) {
			/* A task's box, ticked when done. */
			double s = r->width, by = base + r->rise - r->size * 0.02;
			pdf_content_raw(ct, "0.6 w 0.15 G");
			pdf_content_op(ct, "re", 4, x, by, s, s);
			pdf_content_raw(ct, "S");
			if (r->flags & RUN_CHECKED) {
				pdf_content_raw(ct, "1.1 w");
				pdf_content_op(ct, "m", 2, x + s * 0.2, by + s * 0.5);
				pdf_content_op(ct, "l", 2, x + s * 0.42, by + s * 0.22);
				pdf_content_op(ct, "l", 2, x + s * 0.85, by + s * 0.85);
				pdf_content_raw(ct, "S");
			}
		}
	}
	/* An image's alt text: one thin frame for its words on a line; a run
	 * with a background (inline code): one box shaded in its colour. */
	static const struct span_style {
		bool shade;
		const char *op;
		double pad_x, below, height; /* in points, then in font sizes */
	} spans[] = {
		{false, "S", 0.6, 0.3, 1.2},
		{true, "f", 1.0, 0.28, 1.12},
	};
	for (size_t k = 0; k < sizeof(spans) / sizeof(spans[0]); k++) {
		const struct span_style *st = &spans[k];
		for (size_t q = ln->first_run, end = ln->first_run + ln->nruns; q < end;) {
			const struct pdf_run *r = &L->store.runs[q];
			if (!same_span(r, r, st->shade)) {
				q++;
				continue;
			}
			double x1;
			q = span_end(L, q, end, st->shade, &x1);
			if (st->shade)
				pdf_content_op(ct, "rg", 3, (double)r->background.r, (double)r->background.g,
				               (double)r->background.b);
			else
				pdf_content_raw(ct, "0.4 w 0.4 G");
			pdf_content_op(ct, "re", 4, c->margin + ln->indent + r->x - st->pad_x,
			               base + r->rise - r->size * st->below, x1 - r->x + 2 * st->pad_x,
			               r->size * st->height);
			pdf_content_raw(ct, st->op);
		}
	}
}

/* One rule under each stretch of underlined runs on a line, through the
 * spaces between its words as a pen would draw it, just below the
 * baseline as word processors draw it. */
static void draw_underlines(struct pdf_emit *c, const struct pdf_line *ln, double base)
{
	const struct pdf_run *runs = c->L->store.runs;
	size_t end = ln->first_run + ln->nruns;
	for (size_t q = ln->first_run; q < end;) {
		const struct pdf_run *r = &runs[q];
		if (!(r->flags & RUN_UNDER)) {
			q++;
			continue;
		}
		/* Scripts inside it stay above one straight rule, placed for
		 * the stretch's largest type. */
		double x1 = r->x + r->width, size = r->size;
		for (q++; q < end && (runs[q].flags & RUN_UNDER) && runs[q].x - x1 < runs[q].size * 0.9;
		     q++) {
			x1 = runs[q].x + runs[q].width;
			if (runs[q].size > size)
				size = runs[q].size;
		}
		double y = base - size * 0.12, x = c->margin + ln->indent;
		rule(c->ct, size * 0.05, "0 G", x + r->x, y, x + x1, y);
	}
}

/* tops: where each line's top is, from the top of the text area; NULL:
 * where the page builder put it. */
static void draw_page(struct pdf_emit *c, const size_t *lines, const double *tops, size_t n)
{
	const struct pdf_layout *L = c->L;
	struct pdf_content *ct = c->ct;

	/* Shading and rules first, text over them. */
	for (size_t k = 0; k < n; k++) {
		double top = tops ? c->ph - c->margin - tops[k] : line_top(c, lines[k]);
		draw_line_art(c, &L->store.lines[lines[k]], top);
	}
	pdf_content_begin_text(ct);
	for (size_t k = 0; k < n; k++) {
		const struct pdf_line *ln = &L->store.lines[lines[k]];
		double top = tops ? c->ph - c->margin - tops[k] : line_top(c, lines[k]);
		double base = top - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			const struct pdf_run *r = &L->store.runs[q];
			if (!(r->flags & (RUN_IMAGE | RUN_BOX | RUN_RULE)))
				draw_run(c, r, c->margin + ln->indent + r->x, base + r->rise);
		}
	}
	pdf_content_end_text(ct);
	for (size_t k = 0; k < n; k++) {
		const struct pdf_line *ln = &L->store.lines[lines[k]];
		double top = tops ? c->ph - c->margin - tops[k] : line_top(c, lines[k]);
		double base = top - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			const struct pdf_run *r = &L->store.runs[q];
			if (!(r->flags & RUN_STRIKE))
				continue;
			double y = base + r->rise + r->size * 0.27, x = c->margin + ln->indent + r->x;
			rule(ct, r->size * 0.06, "0 G", x, y, x + r->width, y);
		}
		draw_underlines(c, ln, base);
	}
}

/* Running header (the title) and footer (the page number), centred. */
static void draw_margins(struct pdf_emit *c, int p)
{
	const struct pdf_layout *L = c->L;
	const struct pdf_furniture *f = c->furniture;
	const struct pdf_run_span *title = f->head ? &f->head[p] : &f->title, *num = &f->number[p];
	if (num->n == 0)
		return;
	pdf_content_begin_text(c->ct);
	double hy = c->ph - c->margin + c->margin * 0.4;
	double hx = c->margin + (L->measure - title->width) / 2;
	for (size_t q = title->first; q < title->first + title->n; q++)
		draw_run(c, &L->store.runs[q], hx + L->store.runs[q].x, hy);
	double fx = c->margin + (L->measure - num->width) / 2;
	for (size_t q = num->first; q < num->first + num->n; q++)
		draw_run(c, &L->store.runs[q], fx + L->store.runs[q].x, c->margin * 0.45);
	pdf_content_end_text(c->ct);
}

/* " /Dest [page /FitH top]" for the place of a line; nothing when the
 * line is on no page. Returns whether it was written. */
static bool dest_for_line(struct pdf_emit *c, size_t line)
{
	int p = line_page(c, line);
	if (p < 0 || p >= c->npages)
		return false;
	double top = line_top(c, line) + c->L->size * 0.5;
	if (top > c->ph)
		top = c->ph;
	pdf_file_printf(c->file, " /Dest [%lu 0 R /FitH ", (unsigned long)c->pages[p]);
	pdf_file_num(c->file, top);
	pdf_file_puts(c->file, "]");
	return true;
}

/* Where internal links land, found in one pass over the lines so that a
 * book with thousands of notes and links stays linear. */
struct link_targets {
	long *note_text;  /* [n]: the first line of note n's text, or -1 */
	long *note_ref;   /* [n]: the first placed line referring to note n, or -1 */
	size_t nnotes;    /* both arrays hold nnotes + 1 entries */
	struct qset ids;  /* heading id -> 1 + index of its first heading */
};

static bool link_targets_init(struct link_targets *t, const struct pdf_emit *c)
{
	const struct pdf_layout *L = c->L;
	int top = 0;
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < L->store.nlines; i++)
		if (L->store.lines[i].note > top)
			top = L->store.lines[i].note;
	for (size_t k = 0; k < L->nlinks; k++)
		if (L->links[k].note > top)
			top = L->links[k].note;
	t->nnotes = (size_t)top;
	t->note_text = malloc((t->nnotes + 1) * sizeof(long));
	t->note_ref = malloc((t->nnotes + 1) * sizeof(long));
	if (!t->note_text || !t->note_ref)
		return false;
	for (size_t n = 0; n <= t->nnotes; n++)
		t->note_text[n] = t->note_ref[n] = -1;
	for (size_t i = 0; i < L->store.nlines; i++) {
		const struct pdf_line *ln = &L->store.lines[i];
		if (ln->note > 0 && t->note_text[ln->note] < 0)
			t->note_text[ln->note] = (long)i;
		if (c->line_place[i].page < 0)
			continue;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
			int link = L->store.runs[q].link;
			int note = link >= 0 ? L->links[link].note : 0;
			if (note > 0 && t->note_ref[note] < 0)
				t->note_ref[note] = (long)i;
		}
	}
	for (size_t h = 0; h < L->nheadings; h++) {
		unsigned *first;
		int added = qset_add(&t->ids, L->headings[h].id, &first);
		if (added < 0)
			return false;
		if (added)
			*first = (unsigned)h + 1;
	}
	return true;
}

static void link_targets_free(struct link_targets *t)
{
	free(t->note_text);
	free(t->note_ref);
	qset_free(&t->ids);
}

static long link_target_line(const struct pdf_emit *c, const struct link_targets *t,
                             const struct pdf_link *lk)
{
	const struct pdf_layout *L = c->L;
	if (lk->note > 0)
		return t->note_text[lk->note];
	if (lk->note < 0)
		return (size_t)-lk->note <= t->nnotes ? t->note_ref[-lk->note] : -1;
	if (lk->heading >= 0 && (size_t)lk->heading < L->nheadings)
		return (long)L->headings[lk->heading].line;
	if (lk->url[0] == '#') {
		unsigned h = qset_get(&t->ids, lk->url + 1);
		if (h)
			return (long)L->headings[h - 1].line;
	}
	return -1;
}

/* The most link annotations on a page (poppler's Page.cc). */
#define PDF_MAX_PAGE_LINKS 10000

/* Per link of the layout, its URI action: one object that the
 * annotation of every rectangle it covers refers to, so that the target
 * is written once, not once a line (a 55 KB address over 1,430 lines made
 * a 72 MB file). */
struct uri_link {
	pdf_ref action; /* 0: not written yet, or none */
	bool done;      /* decided */
};

/* The target of lk as an annotation takes it, or NULL: none (empty, an
 * anchor, scripted, too long, or out of memory). */
static char *uri_of(struct pdf_emit *c, const struct pdf_link *lk)
{
	char *uri = NULL;

	if (!lk->url[0] || lk->url[0] == '#' || pdf_uri_scripted(lk->url))
		goto out;
	uri = pdf_uri_ascii(lk->url);
	if (!uri) {
		c->oom = true;
		goto out;
	}
	size_t len = strlen(uri);
	if (len > PDF_MAX_URI) {
		warn_at(c, lk->file, lk->line, lk->column,
		        "link target is %zu bytes, longer than the PDF limit of %d; "
		        "the text is kept but not clickable",
		        len, PDF_MAX_URI);
		free(uri);
		uri = NULL;
	}
out:
	return uri;
}

/* The action of link k, written on first use; 0 when it has none. */
static pdf_ref uri_action(struct pdf_emit *c, struct uri_link *u, const struct pdf_link *lk)
{
	if (u->done)
		return u->action;
	u->done = true;
	char *uri = uri_of(c, lk);
	if (uri) {
		u->action = pdf_file_begin_new(c->file);
		pdf_file_puts(c->file, "<< /Type /Action /S /URI /URI ");
		pdf_file_string(c->file, uri, strlen(uri));
		pdf_file_puts(c->file, " >>");
		pdf_file_end(c->file);
	}
	free(uri);
	return u->action;
}

/* What the page's links need from the whole document. */
struct page_links {
	struct link_targets targets;
	struct uri_link *uris;  /* per link of the layout */
	struct qstr refs;       /* the page's annotations, " N 0 R" each */
	bool full_warned;
};

/* The link annotations of the lines of page p, written; their numbers go
 * into pl->refs. */
static void annotate_page(struct pdf_emit *c, struct page_links *pl, int p, const size_t *lines,
                          size_t nlines)
{
	const struct pdf_layout *L = c->L;
	int count = 0;
	qstr_clear(&pl->refs);
	for (size_t k = 0; k < nlines; k++) {
		size_t i = lines[k];
		const struct pdf_line *ln = &L->store.lines[i];
		double base = line_top(c, i) - ln->baseline;
		for (size_t q = ln->first_run; q < ln->first_run + ln->nruns;) {
			const struct pdf_run *r = &L->store.runs[q];
			if (r->link < 0) {
				q++;
				continue;
			}
			double x0 = r->x, x1 = r->x + r->width, size = r->size;
			int link = r->link;
			/* Table rows hold several lines of text, set lower by rise. */
			double y = base + (r->rise < 0 ? r->rise : 0);
			/* One rectangle per line for the words of one link. */
			size_t e = q + 1;
			while (e < ln->first_run + ln->nruns && L->store.runs[e].link == link &&
			       L->store.runs[e].rise == r->rise) {
				x1 = L->store.runs[e].x + L->store.runs[e].width;
				e++;
			}
			q = e;
			const struct pdf_link *lk = &L->links[link];
			long target = link_target_line(c, &pl->targets, lk);
			pdf_ref action = target < 0 ? uri_action(c, &pl->uris[link], lk) : 0;
			if (target < 0 && !action)
				continue;
			if (count >= PDF_MAX_PAGE_LINKS) {
				if (!pl->full_warned)
					warn_at(c, lk->file, lk->line, lk->column,
					        "page %d has more than %d links, more than PDF readers show "
					        "on a page; the rest of its links are not clickable",
					        p + 1, PDF_MAX_PAGE_LINKS);
				pl->full_warned = true;
				continue;
			}
			pdf_ref annot = pdf_file_begin_new(c->file);
			pdf_file_puts(c->file, "<< /Type /Annot /Subtype /Link /Rect [");
			pdf_file_num(c->file, c->margin + ln->indent + x0);
			pdf_file_puts(c->file, " ");
			pdf_file_num(c->file, y - size * 0.25);
			pdf_file_puts(c->file, " ");
			pdf_file_num(c->file, c->margin + ln->indent + x1);
			pdf_file_puts(c->file, " ");
			pdf_file_num(c->file, y + size * 0.85);
			pdf_file_puts(c->file, "] /Border [0 0 0]");
			if (target >= 0)
				dest_for_line(c, (size_t)target);
			else
				pdf_file_printf(c->file, " /A %lu 0 R", (unsigned long)action);
			pdf_file_puts(c->file, " >>");
			pdf_file_end(c->file);
			qstr_printf(&pl->refs, " %lu 0 R", (unsigned long)annot);
			count++;
		}
	}
}

/* The bookmarks: one item per heading, nested by level, the first level
 * open. Written after the pages, from arrays of four numbers a heading. */
static pdf_ref outline(struct pdf_emit *c)
{
	const struct pdf_layout *L = c->L;
	size_t n = L->nheadings;
	pdf_ref root = 0;
	long *parent = malloc((n ? n : 1) * sizeof(long));
	long *next = malloc((n ? n : 1) * sizeof(long));
	long *first = malloc((n ? n : 1) * sizeof(long));
	long *last = malloc((n + 1) * sizeof(long)), *prev = malloc((n ? n : 1) * sizeof(long));
	long *count = calloc(n + 1, sizeof(long)); /* visible descendants if open; [n]: the root's */
	pdf_ref *refs = malloc((n ? n : 1) * sizeof(pdf_ref));
	long stack[8];
	int levels[8], depth = 0;

	if (n == 0)
		goto out;
	if (!parent || !next || !first || !last || !prev || !count || !refs) {
		c->oom = true;
		goto out;
	}
	for (size_t h = 0; h <= n; h++)
		last[h] = -1;
	for (size_t h = 0; h < n; h++) {
		const struct pdf_heading *hd = &L->headings[h];
		while (depth > 0 && levels[depth - 1] >= hd->level)
			depth--;
		long up = depth > 0 ? stack[depth - 1] : (long)n;
		parent[h] = up;
		next[h] = first[h] = prev[h] = -1;
		if (last[up] >= 0) {
			next[last[up]] = (long)h;
			prev[h] = last[up];
		}
		else if (up < (long)n)
			first[up] = (long)h;
		last[up] = (long)h;
		if (depth < 8) {
			stack[depth] = (long)h;
			levels[depth] = hd->level;
			depth++;
		}
	}
	/* Children follow their parents: count from the end. */
	for (size_t h = n; h-- > 0;) {
		bool open = L->headings[h].level <= 1;
		count[parent[h]] += 1 + (open ? count[h] : 0);
	}
	root = pdf_file_reserve(c->file);
	for (size_t h = 0; h < n; h++)
		refs[h] = pdf_file_reserve(c->file);
	long top_first = -1;
	for (size_t h = 0; h < n && top_first < 0; h++)
		if (parent[h] == (long)n)
			top_first = (long)h;
	pdf_file_begin(c->file, root);
	pdf_file_printf(c->file, "<< /Type /Outlines /First %lu 0 R /Last %lu 0 R /Count %ld >>",
	                (unsigned long)refs[top_first], (unsigned long)refs[last[n]], count[n]);
	pdf_file_end(c->file);
	for (size_t h = 0; h < n && !pdf_file_failed(c->file); h++) {
		const struct pdf_heading *hd = &L->headings[h];
		const char *title = hd->title[0] ? hd->title : "\xe2\x80\x94";
		size_t chars;
		char *t = pdf_text_string(title, &chars);
		if (!t) {
			c->oom = true;
			break;
		}
		if (chars > PDF_MAX_TEXT_CHARS)
			warn_at(c, hd->source_file, hd->source_line, hd->source_column,
			        "heading is %zu characters, longer than the PDF limit of %d for a bookmark; "
			        "the bookmark is shortened, the heading on the page is whole",
			        chars, PDF_MAX_TEXT_CHARS);
		pdf_file_begin(c->file, refs[h]);
		pdf_file_puts(c->file, "<< /Title ");
		pdf_file_text(c->file, t);
		free(t);
		pdf_file_printf(c->file, "\n/Parent %lu 0 R",
		                (unsigned long)(parent[h] == (long)n ? root : refs[parent[h]]));
		if (prev[h] >= 0)
			pdf_file_printf(c->file, " /Prev %lu 0 R", (unsigned long)refs[prev[h]]);
		if (next[h] >= 0)
			pdf_file_printf(c->file, " /Next %lu 0 R", (unsigned long)refs[next[h]]);
		if (first[h] >= 0)
			pdf_file_printf(c->file, " /First %lu 0 R /Last %lu 0 R /Count %ld",
			                (unsigned long)refs[first[h]], (unsigned long)refs[last[h]],
			                hd->level <= 1 ? count[h] : -count[h]);
		dest_for_line(c, hd->line);
		pdf_file_puts(c->file, " >>");
		pdf_file_end(c->file);
	}
out:
	free(prev);
	free(parent);
	free(next);
	free(first);
	free(last);
	free(count);
	free(refs);
	return root;
}

static void join_list(struct qstr *q, const char **items, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			qstr_puts(q, sep);
		qstr_puts(q, items[i]);
	}
}

/* The document information dictionary. */
static pdf_ref metadata(struct pdf_emit *c, const quire_doc *doc,
                        const struct quire_write_options *opts)
{
	const struct quire_meta *m = quire_doc_meta(doc);
	struct qstr q = {0};
	pdf_ref info = pdf_file_begin_new(c->file);
	pdf_file_puts(c->file, "<<\n");
	if (m->title)
		set_info(c, "Title", "title", m->title);
	if (m->author_count) {
		join_list(&q, m->authors, m->author_count, ", ");
		if (q.data)
			set_info(c, "Author", "author list", q.data);
		qstr_clear(&q);
	}
	const char *subject = m->description ? m->description : m->subtitle;
	if (subject)
		set_info(c, "Subject", m->description ? "description" : "subtitle", subject);
	if (m->keyword_count) {
		join_list(&q, m->keywords, m->keyword_count, ", ");
		if (q.data)
			set_info(c, "Keywords", "keyword list", q.data);
	}
	if (q.oom)
		c->oom = true;
	qstr_free(&q);
	pdf_file_puts(c->file, "/Creator (quire " QUIRE_VERSION ")\n/Producer (quire " QUIRE_VERSION
	                       ")\n");
	time_t t = (time_t)opts->timestamp;
	struct tm tm;
	if (gmtime_r(&t, &tm)) {
		char date[40];
		snprintf(date, sizeof(date), "(D:%04d%02d%02d%02d%02d%02dZ)", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		pdf_file_printf(c->file, "/CreationDate %s\n/ModDate %s\n", date, date);
	}
	pdf_file_puts(c->file, ">>");
	pdf_file_end(c->file);
	return info;
}

/* Lines by page, since footnotes come last in the layout but sit on the
 * pages that refer to them: a counting sort. Page p's lines are
 * lines[start[p]] .. lines[start[p + 1] - 1]. Returns false when out of
 * memory. */
static bool lines_by_page(const struct pdf_emit *c, size_t **lines_out, size_t **start_out)
{
	const struct pdf_layout *L = c->L;
	size_t *lines = malloc((L->store.nlines ? L->store.nlines : 1) * sizeof(*lines));
	size_t *start = calloc((size_t)c->npages + 1, sizeof(*start));

	*lines_out = lines;
	*start_out = start;
	if (!lines || !start)
		return false;
	for (size_t k = 0; k < L->store.nlines; k++) {
		int p = line_page(c, k);
		if (p >= 0 && p < c->npages)
			start[p + 1]++;
	}
	for (int p = 0; p < c->npages; p++)
		start[p + 1] += start[p];
	for (size_t k = 0; k < L->store.nlines; k++) {
		int p = line_page(c, k);
		if (p >= 0 && p < c->npages)
			lines[start[p]++] = k;
	}
	for (int p = c->npages; p > 0; p--)
		start[p] = start[p - 1];
	start[0] = 0;
	return true;
}

/* A table's header, again at the top of page p. */
static void draw_repeated_header(struct pdf_emit *c, int p)
{
	size_t hl[64];
	double ht[64], y = 0;
	size_t n = 0;
	for (size_t it = c->rep_from[p]; it < c->rep_from[p] + c->rep_n[p] && n < 64; it++) {
		long line = c->L->store.item_line[it];
		if (line < 0)
			continue;
		hl[n] = (size_t)line;
		ht[n++] = y;
		y += c->L->store.lines[line].height;
	}
	draw_page(c, hl, ht, n);
}

/* Page p's object, after its content and its annotations. */
static void write_page(struct pdf_emit *c, int p, pdf_ref content, const struct qstr *annots)
{
	struct pdf_file *f = c->file;
	pdf_file_begin(f, c->pages[p]);
	pdf_file_printf(f, "<< /Type /Page /Parent %lu 0 R /MediaBox [0 0 ",
	                (unsigned long)c->parents[p]);
	pdf_file_num(f, c->pw);
	pdf_file_puts(f, " ");
	pdf_file_num(f, c->ph);
	pdf_file_printf(f, "] /Resources %lu 0 R /Contents %lu 0 R", (unsigned long)c->resources,
	                (unsigned long)content);
	if (annots->len > 0) {
		pdf_file_puts(f, " /Annots [");
		pdf_file_write(f, annots->data + 1, annots->len - 1);
		pdf_file_puts(f, "]");
	}
	pdf_file_puts(f, " >>");
	pdf_file_end(f);
}

enum quire_status pdf_emit(struct pdf_emit *c, const quire_doc *doc,
                           const struct quire_write_options *opts, pdf_ref *outline_out,
                           pdf_ref *info_out)
{
	size_t *lines = NULL, *start = NULL;
	struct pdf_content content;
	struct page_links pl = {0};

	c->oom = false;
	pdf_content_init(&content, c->fonts);
	c->ct = &content;
	pl.uris = calloc(c->L->nlinks ? c->L->nlinks : 1, sizeof(*pl.uris));
	if (!lines_by_page(c, &lines, &start) || !pl.uris || !link_targets_init(&pl.targets, c)) {
		c->oom = true;
		goto out;
	}
	for (int p = 0; p < c->npages && !pdf_file_failed(c->file); p++) {
		if (c->rep_n && c->rep_n[p] > 0)
			draw_repeated_header(c, p);
		draw_page(c, lines + start[p], NULL, start[p + 1] - start[p]);
		if (c->note_top && c->note_top[p] >= 0) {
			/* The short rule above the footnotes. */
			double y = c->ph - c->margin - c->note_top[p] + c->note_sep * 0.5;
			rule(&content, 0.5, "0.35 G", c->margin, y, c->margin + c->L->measure * 0.25, y);
		}
		draw_margins(c, p);
		pdf_ref stream = pdf_file_reserve(c->file);
		pdf_content_flush(&content, c->file, stream);
		annotate_page(c, &pl, p, lines + start[p], start[p + 1] - start[p]);
		if (pl.refs.oom)
			c->oom = true;
		write_page(c, p, stream, &pl.refs);
	}
	if (content.failed || content.ops.oom)
		c->oom = true;
	*outline_out = outline(c);
	*info_out = metadata(c, doc, opts);
out:
	pdf_content_free(&content);
	c->ct = NULL;
	link_targets_free(&pl.targets);
	free(pl.uris);
	qstr_free(&pl.refs);
	free(lines);
	free(start);
	return c->oom ? QUIRE_ERR_NOMEM : c->file->status;
}
