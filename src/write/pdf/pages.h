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

#endif
