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

int pb_paginate(const struct pb_item *items, size_t n, double page_height,
                struct pb_place *places)
{
	int page = -1;
	size_t i = 0;

	while (i < n) {
		/* Drop discardable items at the top of the page. */
		while (i < n && items[i].type != PB_BOX) {
			places[i].page = -1;
			places[i].y = 0;
			i++;
		}
		if (i >= n)
			break;
		page++;
		double y = 0;
		size_t best = (size_t)-1;
		double best_cost = 0;
		size_t j = i;
		bool cut = false;
		for (; j < n; j++) {
			const struct pb_item *it = &items[j];
			if (j > i && legal_break(items, j)) {
				if (it->type == PB_PENALTY && it->penalty <= -PB_INF) {
					best = j;
					cut = true;
					break;
				}
				double left = (page_height - y) / page_height;
				double cost = (it->type == PB_PENALTY ? it->penalty : 0) + 10000.0 * left * left * left;
				if (best == (size_t)-1 || cost <= best_cost) {
					best = j;
					best_cost = cost;
				}
			}
			if (it->type == PB_PENALTY)
				continue;
			if (y + it->height > page_height + 1e-6 && j > i) {
				cut = true;
				if (it->type == PB_GLUE) {
					/* Glue that overflows is itself a fine place to break. */
					if (legal_break(items, j))
						best = j;
				}
				break;
			}
			y += it->height;
		}
		size_t end = j;
		if (cut) {
			/* With no legal break on the page, cut before what overflows. */
			end = best != (size_t)-1 ? best : j;
		}
		y = 0;
		for (size_t k = i; k < end; k++) {
			places[k].page = page;
			places[k].y = y;
			if (items[k].type != PB_PENALTY)
				y += items[k].height;
		}
		i = end;
	}
	return page < 0 ? 1 : page + 1;
}
