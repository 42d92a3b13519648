/*
 * Knuth-Plass total-fit line breaking over boxes, glue and penalties.
 * Pure computation: it knows nothing of fonts or PDF, only widths.
 */
#ifndef QUIRE_PDF_LINEBREAK_H
#define QUIRE_PDF_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "quire/quire.h"

/* A penalty at or above LB_INF forbids a break; at or below -LB_INF forces one. */
#define LB_INF 10000

enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY };

struct lb_item {
	enum lb_type type;
	double width;
	double stretch, shrink; /* glue only */
	int penalty;            /* penalty only */
	bool flagged;           /* penalty only: a hyphen break */
};

struct lb_params {
	double line_width;
	/* When >= 0, a first pass without hyphenation (flagged penalties of
	 * non-zero width) accepts lines up to this adjustment ratio, as TeX's
	 * \pretolerance: hyphens only where spacing needs them. */
	double pretolerance;
	/* The largest adjustment ratio of the main pass; a last pass with no
	 * upper limit runs when it finds no solution. */
	double tolerance;
	/* Extra stretch every line has at its right (ragged setting). */
	double right_stretch;
	int line_penalty;     /* added to every line's badness (TeX: 10) */
	int flagged_demerits; /* two hyphenated lines in a row (TeX: 3000) */
	int fitness_demerits; /* adjacent lines of very different tightness (TeX: 100) */
	int final_flagged_demerits; /* a hyphen on the last line but one (TeX: 5000) */
};

void lb_params_default(struct lb_params *p, double line_width);

struct lb_line {
	size_t start; /* first item of the line (after discarded glue) */
	size_t end;   /* the break item: the line holds items [start, end) */
	double ratio; /* adjustment ratio: glue width + ratio * (stretch or shrink) */
	bool overfull;
};

/* Breaks items[0..n) into lines. The caller ends the list with a finishing
 * glue and a forced break (penalty -LB_INF). *lines is heap-allocated (free
 * it); returns QUIRE_ERR_NOMEM or QUIRE_OK. A solution always exists: when
 * a box is wider than the line, that line is marked overfull. */
enum quire_status lb_break(const struct lb_item *items, size_t n, const struct lb_params *p,
                           struct lb_line **lines, size_t *nlines);

/* Breaks items[0..n) as lb_break does, but each line at the last legal
 * break before it would overflow: for text without glue (a long word
 * broken anywhere), where every line is as bad as any other and
 * total-fit, choosing among equals, may put the short line first. */
enum quire_status lb_first_fit(const struct lb_item *items, size_t n, const struct lb_params *p,
                               struct lb_line **lines, size_t *nlines);

#endif
