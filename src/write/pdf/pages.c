/* A greedy page builder with TeX's idea of page cost: fill the page, then
 * cut at the cheapest legal break seen on it. */
#include "pages.h"

#include <stdbool.h>

bool pb_line_break_allowed(size_t k, size_t n)
{
	return k >= 2 && k + 2 <= n;
}

static bool legal_break(const struct pb_item *items, size_t i)
{
	if (items[i].type == PB_GLUE)
		return i > 0 && items[i - 1].type == PB_BOX;
	if (items[i].type == PB_PENALTY)
		return items[i].penalty < PB_INF;
	return false;
}

/* The note lines referenced by items up to and including j: the end of
 * the last such note's lines. */
static size_t refs_end(const struct pb_notes *nt, size_t *k, size_t j, size_t cur)
{
	while (nt && *k < nt->n && nt->item[*k] <= j) {
		size_t e = nt->first[*k] + nt->count[*k];
		if (e > cur)
			cur = e;
		(*k)++;
	}
	return cur;
}

static double sum_heights(const struct pb_notes *nt, size_t a, size_t b)
{
	double h = 0;
	for (size_t l = a; l < b; l++)
		h += nt->heights[l];
	return h;
}

/* When the page breaks at item i inside a table, the table's header that
 * starts the next page: items *from .. + return value - 1, *height high.
 * 0 when there is none, or when it would crowd out the body. */
static size_t repeated_header(const struct pb_item *items, size_t n, size_t i,
                              double page_height, size_t *from, double *height)
{
	size_t count = 0;

	*from = 0;
	*height = 0;
	if (i < n && i > 0 && items[i].type == PB_PENALTY && items[i].repeat_n > 0 &&
	    items[i].repeat_from + items[i].repeat_n <= i) {
		*from = items[i].repeat_from;
		count = items[i].repeat_n;
		for (size_t k = *from; k < *from + count; k++)
			*height += items[k].height;
		if (*height > page_height * 0.5) {
			count = 0;
			*height = 0;
		}
	}
	return count;
}

/* The cost of breaking the page at item it, with used points of it full. */
static double break_cost(const struct pb_item *it, double used, double notes_full,
                         double page_height)
{
	double left = used >= page_height ? 0 : (page_height - used) / page_height;
	double cost = (it->type == PB_PENALTY ? it->penalty : 0) + 10000.0 * left * left * left;
	/* Splitting a short note costs as much as a page two thirds empty; a
	 * long one splits anyway. */
	if (used > page_height + 1e-6 && notes_full <= page_height * 0.5)
		cost += 3000;
	return cost;
}

/* The notes' state as the page builder goes: note lines before q are
 * placed, notes before k are referenced by placed items, and qend ends
 * the lines of the notes referenced so far. */
struct notes_at {
	size_t q, k, qend;
};

/* Where a page that starts at item i (its text y points down already)
 * ends: after the last item that fits with the notes it references, or at
 * the cheapest legal break when something does not fit. */
static size_t page_end(const struct pb_item *items, size_t n, size_t i, double y,
                       double page_height, const struct pb_notes *nt, struct notes_at at)
{
	size_t best = (size_t)-1, j = i;
	double best_cost = 0;
	bool cut = false;
	/* Note lines still owed from the pages before (carry), and those of
	 * the notes referenced on this page so far. */
	size_t tk = at.k, tend = at.qend;
	double carry = nt ? sum_heights(nt, at.q, at.qend) : 0;
	double full = carry, last_rest = 0; /* last_rest: the last note beyond its first line */

	for (; j < n; j++) {
		const struct pb_item *it = &items[j];
		double notes_full = full > 0 ? full + nt->sep : 0;
		if (j > i && legal_break(items, j)) {
			if (it->type == PB_PENALTY && it->penalty <= -PB_INF) {
				best = j;
				cut = true;
				break;
			}
			double cost = break_cost(it, y + notes_full, notes_full, page_height);
			if (best == (size_t)-1 || cost <= best_cost) {
				best = j;
				best_cost = cost;
			}
		}
		if (it->type == PB_PENALTY)
			continue;
		double add_full = 0, add_rest = last_rest;
		size_t tk2 = tk, tend2 = tend;
		if (nt && it->type == PB_BOX) {
			tend2 = refs_end(nt, &tk2, j, tend);
			if (tend2 > tend) {
				add_full = sum_heights(nt, tend, tend2);
				/* Only the newest note may be split. */
				size_t lk = tk2 - 1;
				add_rest = sum_heights(nt, nt->first[lk] + 1, nt->first[lk] + nt->count[lk]);
			}
		}
		double nf = full + add_full;
		double need_min = nf > 0 ? nf - add_rest + nt->sep : 0;
		if (carry > page_height * 0.5 && need_min > 0)
			need_min -= carry - page_height * 0.5; /* a long carry may go on further */
		if (y + it->height + need_min > page_height + 1e-6 && j > i) {
			/* Glue that overflows was weighed above like any break:
			 * taking it regardless split a footnote that a break one
			 * line earlier kept whole. */
			cut = true;
			break;
		}
		y += it->height;
		full = nf;
		last_rest = add_rest;
		tk = tk2;
		tend = tend2;
	}
	/* With no legal break on the page, cut before what overflows. */
	return cut && best != (size_t)-1 ? best : j;
}

/* Sets as many owed note lines (from at->q on) as fit below text ending
 * at y on page, at least one. */
static void place_note_lines(struct pb_notes *nt, struct notes_at *at, int page, double y,
                             double page_height)
{
	double room = page_height - y - nt->sep, h = 0;
	size_t e = at->q;
	while (e < at->qend && (h + nt->heights[e] <= room + 1e-6 || e == at->q)) {
		h += nt->heights[e];
		e++;
	}
	double top = page_height - h;
	for (size_t l = at->q; l < e; l++) {
		nt->places[l].page = page;
		nt->places[l].y = top;
		top += nt->heights[l];
	}
	at->q = e;
}

int pb_paginate_notes(const struct pb_item *items, size_t n, double page_height,
                      struct pb_place *places, struct pb_notes *extra)
{
	struct pb_notes *nt = extra && extra->n > 0 ? extra : NULL;
	struct notes_at at = {0, 0, 0};
	int page = -1;
	size_t i = 0;

	while (i < n || (nt && at.q < nt->nlines)) {
		/* A break inside a table: its header starts the next page. */
		size_t hfrom;
		double hh;
		size_t hn = repeated_header(items, n, i, page_height, &hfrom, &hh);
		/* Drop discardable items at the top of the page. */
		while (i < n && items[i].type != PB_BOX) {
			places[i].page = -1;
			places[i].y = 0;
			i++;
		}
		if (i >= n && !(nt && at.q < at.qend))
			break;
		page++;
		if (extra && extra->rep_n && (size_t)page < extra->rep_cap) {
			extra->rep_from[page] = hfrom;
			extra->rep_n[page] = i < n ? hn : 0;
		}
		double y = i < n ? hh : 0;
		size_t end = page_end(items, n, i, y, page_height, nt, at);
		for (size_t k = i; k < end; k++) {
			places[k].page = page;
			places[k].y = y;
			if (items[k].type != PB_PENALTY)
				y += items[k].height;
			if (nt && items[k].type == PB_BOX)
				at.qend = refs_end(nt, &at.k, k, at.qend);
		}
		if (nt && at.q < at.qend)
			place_note_lines(nt, &at, page, y, page_height);
		i = end;
	}
	if (nt)
		for (; at.q < nt->nlines; at.q++) { /* referenced from nowhere that was placed */
			nt->places[at.q].page = -1;
			nt->places[at.q].y = 0;
		}
	return page < 0 ? 1 : page + 1;
}

int pb_paginate(const struct pb_item *items, size_t n, double page_height,
                struct pb_place *places)
{
	return pb_paginate_notes(items, n, page_height, places, NULL);
}
