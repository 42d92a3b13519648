/* The page-item store: lines, runs and their text, the vertical list. */
#include "store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pdf_store_init(struct pdf_store *st)
{
	memset(st, 0, sizeof(*st));
	qstr_append(&st->pool, "", 1); /* offset 0: the empty string */
	if (st->pool.oom)
		st->oom = true;
}

void pdf_store_free(struct pdf_store *st)
{
	free(st->runs);
	free(st->lines);
	free(st->items);
	free(st->item_line);
	qstr_free(&st->pool);
	memset(st, 0, sizeof(*st));
}

static size_t pool_add(struct pdf_store *st, const int32_t *cps, size_t n)
{
	size_t off = st->pool.len;
	char buf[8];
	for (size_t i = 0; i < n; i++) {
		int k = quire_utf8_encode(cps[i], buf);
		qstr_append(&st->pool, buf, (size_t)k);
	}
	qstr_append(&st->pool, "", 1); /* keep the NUL inside the pool */
	if (st->pool.oom)
		st->oom = true;
	return off;
}

struct pdf_line *pdf_store_new_line(struct pdf_store *st, double height, double baseline)
{
	if (!QUIRE_RESERVE(st->lines, st->caplines, st->nlines + 1)) {
		st->oom = true;
		return NULL;
	}
	struct pdf_line *ln = &st->lines[st->nlines++];
	*ln = (struct pdf_line){.height = height, .baseline = baseline, .first_run = st->nruns,
	                        .heading = -1, .note = 0, .image = -1};
	return ln;
}

struct pdf_run *pdf_store_new_run(struct pdf_store *st, struct pdf_line *ln)
{
	if (!QUIRE_RESERVE(st->runs, st->capruns, st->nruns + 1)) {
		st->oom = true;
		return NULL;
	}
	struct pdf_run *r = &st->runs[st->nruns++];
	*r = (struct pdf_run){.link = -1, .image = -1};
	ln->nruns++;
	return r;
}

struct pdf_style pdf_style_plain(int face, double size, double rise, unsigned flags)
{
	struct pdf_style style = {.face = face, .size = (float)size, .rise = (float)rise,
	                          .fill = PDF_RGB_BLACK, .flags = flags};
	if (flags & RUN_LINK)
		style.fill = (struct pdf_rgb)PDF_RGB_LINK;
	else if (flags & RUN_GRAY)
		style.fill = (struct pdf_rgb)PDF_RGB_GRAY;
	if (flags & RUN_CODEBG) {
		style.background = (struct pdf_rgb)PDF_RGB_CODE_SHADE;
		style.has_background = true;
	}
	/* Code inside highlighted text is highlighted too. */
	if (flags & RUN_MARK) {
		style.background = (struct pdf_rgb)PDF_RGB_MARK;
		style.has_background = true;
	}
	return style;
}

static bool same_rgb(struct pdf_rgb a, struct pdf_rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Whether text in style can extend run r. */
static bool same_style(const struct pdf_run *r, const struct pdf_style *style)
{
	return r->face == style->face && r->size == style->size && r->rise == style->rise &&
	       r->flags == style->flags && same_rgb(r->fill, style->fill) &&
	       r->has_background == style->has_background &&
	       (!r->has_background || same_rgb(r->background, style->background));
}

void pdf_store_add_run(struct pdf_store *st, struct pdf_line *ln, double x, double w,
                       const int32_t *cps, size_t n, const struct pdf_style *style, int link)
{
	if (n == 0 || st->oom)
		return;
	if (ln->nruns > 0) {
		struct pdf_run *pr = &st->runs[st->nruns - 1];
		size_t plen = strlen(st->pool.data + pr->text);
		if (same_style(pr, style) && pr->link == link && fabs(pr->x + pr->width - x) < 1e-6 &&
		    pr->text + plen + 1 == st->pool.len) {
			st->pool.len--; /* drop the NUL and extend */
			pool_add(st, cps, n);
			pr->width += w;
			return;
		}
	}
	struct pdf_run *r = pdf_store_new_run(st, ln);
	if (!r)
		return;
	*r = (struct pdf_run){.x = x, .width = w, .text = pool_add(st, cps, n), .face = style->face,
	                      .size = style->size, .rise = style->rise, .fill = style->fill,
	                      .background = style->background,
	                      .has_background = style->has_background, .link = link,
	                      .flags = style->flags, .image = -1};
}

static void reverse_runs(struct pdf_run *r, size_t n)
{
	for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
		struct pdf_run t = r[i];
		r[i] = r[j - 1];
		r[j - 1] = t;
	}
}

void pdf_store_runs_to_front(struct pdf_store *st, size_t line, size_t first)
{
	size_t from = st->lines[line].first_run, m = st->nruns - first;
	if (m == 0)
		return;
	/* A rotation by three reversals, in place. */
	reverse_runs(st->runs + from, first - from);
	reverse_runs(st->runs + first, m);
	reverse_runs(st->runs + from, st->nruns - from);
	st->lines[line].nruns += m;
	for (size_t k = line + 1; k < st->nlines; k++)
		st->lines[k].first_run += m;
}

void pdf_store_push_item(struct pdf_store *st, enum pb_type type, double height, int penalty,
                         long line)
{
	if (!QUIRE_RESERVE(st->items, st->capitems, st->nitems + 1) ||
	    !QUIRE_RESERVE(st->item_line, st->capitem_lines, st->nitems + 1)) {
		st->oom = true;
		return;
	}
	st->items[st->nitems] = (struct pb_item){.type = type, .height = height, .penalty = penalty};
	st->item_line[st->nitems] = line;
	st->nitems++;
}

void pdf_store_vspace(struct pdf_store *st, double h)
{
	if (st->nitems == 0)
		return;
	struct pb_item *last = &st->items[st->nitems - 1];
	if (last->type == PB_GLUE) {
		if (last->height < h)
			last->height = h;
		return;
	}
	pdf_store_push_item(st, PB_GLUE, h, 0, -1);
}

void pdf_store_push_lines(struct pdf_store *st, size_t first, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (pb_line_break_allowed(k, n))
			pdf_store_push_item(st, PB_PENALTY, 0, 0, -1);
		pdf_store_push_item(st, PB_BOX, st->lines[first + k].height, 0, (long)(first + k));
	}
}
