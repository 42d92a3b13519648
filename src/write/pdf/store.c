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

void pdf_store_add_run(struct pdf_store *st, struct pdf_line *ln, double x, double w,
                       const int32_t *cps, size_t n, int face, double size, double rise, int link,
                       unsigned flags)
{
	if (n == 0 || st->oom)
		return;
	if (ln->nruns > 0) {
		struct pdf_run *pr = &st->runs[st->nruns - 1];
		size_t plen = strlen(st->pool.data + pr->text);
		if (pr->face == face && pr->size == (float)size && pr->rise == (float)rise &&
		    pr->link == link && pr->flags == flags && fabs(pr->x + pr->width - x) < 1e-6 &&
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
	r->x = x;
	r->width = w;
	r->text = pool_add(st, cps, n);
	r->face = face;
	r->size = (float)size;
	r->rise = (float)rise;
	r->link = link;
	r->flags = flags;
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
