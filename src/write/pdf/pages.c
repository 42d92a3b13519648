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

int pb_paginate_notes(const struct pb_item *items, size_t n, double page_height,
                      struct pb_place *places, struct pb_notes *extra)
{
	struct pb_notes *nt = extra && extra->n > 0 ? extra : NULL;
	int page = -1;
	size_t i = 0;
	size_t q = 0;   /* note lines before q are placed */
	size_t kk = 0;  /* notes before kk are referenced by placed items */
	size_t qend = 0; /* end of the lines of notes referenced so far */

	while (i < n || (nt && q < nt->nlines)) {
		/* A break inside a table: its header starts the next page. */
		size_t hfrom = 0, hn = 0;
		double hh = 0;
		if (i < n && i > 0 && items[i].type == PB_PENALTY && items[i].repeat_n > 0 &&
		    items[i].repeat_from + items[i].repeat_n <= i) {
			hfrom = items[i].repeat_from;
			hn = items[i].repeat_n;
			for (size_t k = hfrom; k < hfrom + hn; k++)
				hh += items[k].height;
			if (hh > page_height * 0.5)
				hn = 0, hh = 0; /* a header that would crowd out the body */
		}
		/* Drop discardable items at the top of the page. */
		while (i < n && items[i].type != PB_BOX) {
			places[i].page = -1;
			places[i].y = 0;
			i++;
		}
		if (i >= n && !(nt && q < qend))
			break;
		page++;
		if (extra && extra->rep_n && (size_t)page < extra->rep_cap) {
			extra->rep_from[page] = hfrom;
			extra->rep_n[page] = i < n ? hn : 0;
		}
		double y = i < n ? hh : 0;
		size_t best = (size_t)-1;
		double best_cost = 0;
		size_t j = i;
		bool cut = false;
		/* Notes: lines still owed from the pages before (carry), and
		 * those of the notes referenced on this page so far. */
		size_t tk = kk, tend = qend;
		double carry = nt ? sum_heights(nt, q, qend) : 0;
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
				double used = y + notes_full;
				double left = used >= page_height ? 0 : (page_height - used) / page_height;
				double cost = (it->type == PB_PENALTY ? it->penalty : 0) + 10000.0 * left * left * left;
				/* Splitting a short note costs as much as a page two thirds
				 * empty; a long one splits anyway. */
				if (used > page_height + 1e-6 && notes_full <= page_height * 0.5)
					cost += 3000;
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
		size_t end = j;
		if (cut) {
			/* With no legal break on the page, cut before what overflows. */
			end = best != (size_t)-1 ? best : j;
		}
		y = i < n ? hh : 0;
		for (size_t k = i; k < end; k++) {
			places[k].page = page;
			places[k].y = y;
			if (items[k].type != PB_PENALTY)
				y += items[k].height;
			if (nt && items[k].type == PB_BOX)
				qend = refs_end(nt, &kk, k, qend);
		}
		if (nt && q < qend) {
			/* As many owed note lines as fit below the text, at least one. */
			double room = page_height - y - nt->sep, h = 0;
			size_t e = q;
			while (e < qend && (h + nt->heights[e] <= room + 1e-6 || e == q)) {
				h += nt->heights[e];
				e++;
			}
			double top = page_height - h;
			for (size_t l = q; l < e; l++) {
				nt->places[l].page = page;
				nt->places[l].y = top;
				top += nt->heights[l];
			}
			q = e;
		}
		i = end;
	}
	if (nt)
		for (; q < nt->nlines; q++) { /* referenced from nowhere that was placed */
			nt->places[q].page = -1;
			nt->places[q].y = 0;
		}
	return page < 0 ? 1 : page + 1;
}

int pb_paginate(const struct pb_item *items, size_t n, double page_height,
                struct pb_place *places)
{
	return pb_paginate_notes(items, n, page_height, places, NULL);
}
