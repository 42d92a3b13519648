/*
 * The page builder: cuts a vertical list of boxes (lines), glue (space
 * between blocks) and penalties into pages. Pure computation, like the line
 * breaker: it sees heights only.
 */
#ifndef QUIRE_PDF_PAGES_H
#define QUIRE_PDF_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "quire/quire.h"

/* A penalty at or above PB_INF forbids a break; at or below -PB_INF forces one. */
#define PB_INF 10000

enum pb_type { PB_BOX, PB_GLUE, PB_PENALTY };

struct pb_item {
	enum pb_type type;
	double height; /* box and glue */
	int penalty;   /* penalty only */
	/* A penalty inside a table: when the page breaks here, the boxes
	 * repeat_from .. + repeat_n - 1 (its header) start the next page. */
	size_t repeat_from, repeat_n;
};

/* Where an item went: its page (0-based) and the distance from the top of
 * the text area to its top. Glue and penalties dropped at a page break
 * have page -1. */
struct pb_place {
	int page;
	double y;
};

/* Whether a page may break between line k-1 and line k of a block of n
 * lines: never when it would leave a single line at the foot of a page
 * (orphan) or at the head of the next (widow). */
bool pb_line_break_allowed(size_t k, size_t n);

/* Legal breaks are at glue that follows a box and at penalties below
 * PB_INF; glue and penalties at the top of a page are dropped. Among the
 * legal breaks of a full page the cheapest is taken (penalty plus the cost
 * of the space left empty); a page with no legal break is cut before the
 * box that does not fit. places must hold n entries. Returns the number of
 * pages (at least 1). */
int pb_paginate(const struct pb_item *items, size_t n, double page_height,
                struct pb_place *places);

/* Footnotes, set at the foot of the page that references them. Note k is
 * referenced by the box items[item[k]] (item ascending) and has the lines
 * first[k] .. first[k] + count[k] - 1 of heights, consecutive in note
 * order. */
struct pb_notes {
	const size_t *item, *first, *count;
	size_t n;
	const double *heights;
	size_t nlines;
	double sep;              /* room for the short rule above the notes */
	struct pb_place *places; /* out, per note line: page, top from the text area's top */
	/* out, per page (rep_cap of them): a table header set again at its
	 * top, as items rep_from[p] .. + rep_n[p] - 1 (rep_n 0: none) */
	size_t *rep_from, *rep_n;
	size_t rep_cap;
};

/* As pb_paginate, with footnotes: a page holds the notes its boxes refer
 * to below the text; at least the first line of a note stays on the page
 * of its reference, and what does not fit continues at the foot of the
 * next page (extra pages are added for notes when the text has ended). */
int pb_paginate_notes(const struct pb_item *items, size_t n, double page_height,
                      struct pb_place *places, struct pb_notes *notes);

#endif
