/* The Knuth-Plass line breaker: small inputs with known optimal breaks,
 * an exhaustive check against every way of breaking, forced and overfull
 * cases. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "write/pdf/linebreak.h"

struct para {
	struct lb_item it[128];
	size_t n;
};

static void box(struct para *p, double w)
{
	p->it[p->n++] = (struct lb_item){.type = LB_BOX, .width = w};
}

static void glue(struct para *p, double w, double y, double z)
{
	p->it[p->n++] = (struct lb_item){.type = LB_GLUE, .width = w, .stretch = y, .shrink = z};
}

static void penalty(struct para *p, double w, int pen, bool flagged)
{
	p->it[p->n++] = (struct lb_item){.type = LB_PENALTY, .width = w, .penalty = pen, .flagged = flagged};
}

static void finish(struct para *p)
{
	penalty(p, 0, LB_INF, false);
	glue(p, 0, 1e6, 0);
	penalty(p, 0, -LB_INF, false);
}

/* Words of the given widths separated by spaces (width 5, stretch 3, shrink 2). */
static void words(struct para *p, const double *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			glue(p, 5, 3, 2);
		box(p, w[i]);
	}
	finish(p);
}

Test(linebreak, equal_words_fill_lines_exactly)
{
	struct para p = {.n = 0};
	double w[] = {10, 10, 10, 10, 10};
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	words(&p, w, 5);
	lb_params_default(&par, 25);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 3);
	/* Breaks at the glue after words 2 and 4 (items 3 and 7). */
	cr_assert_eq(lines[0].end, 3);
	cr_assert_eq(lines[1].start, 4);
	cr_assert_eq(lines[1].end, 7);
	cr_assert_float_eq(lines[0].ratio, 0, 1e-9);
	cr_assert_float_eq(lines[1].ratio, 0, 1e-9);
	cr_assert(!lines[2].overfull);
	free(lines);
}

Test(linebreak, total_fit_beats_first_fit)
{
	/* First fit at natural width takes "10 20 10" (50 of 65: spaces
	 * stretched 2.5 times their stretch); total fit shrinks "10 20 10 15"
	 * instead and sets the rest on a last line. */
	struct para p = {.n = 0};
	double w[] = {10, 20, 10, 15, 30, 10};
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	words(&p, w, 6);
	lb_params_default(&par, 65);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(lines[0].end, 7);
	cr_assert_float_eq(lines[0].ratio, -5.0 / 6.0, 1e-9);
	free(lines);
}

/* The demerits the breaker minimises, recomputed for a given set of breaks. */
static double cost(const struct para *p, const size_t *brk, size_t nb, double lw, double tol,
                   bool *feasible)
{
	double total = 0;
	size_t start = 0;
	int prev_fit = 1;
	bool prev_flag = false;
	*feasible = true;
	for (size_t k = 0; k < nb; k++) {
		size_t b = brk[k];
		double L = 0, Y = 0, Z = 0;
		for (size_t i = start; i < b; i++) {
			if (p->it[i].type == LB_PENALTY)
				continue;
			L += p->it[i].width;
			if (p->it[i].type == LB_GLUE) {
				Y += p->it[i].stretch;
				Z += p->it[i].shrink;
			}
		}
		if (p->it[b].type == LB_PENALTY)
			L += p->it[b].width;
		double r = L < lw ? (Y > 0 ? (lw - L) / Y : 1e9) : L > lw ? (Z > 0 ? (lw - L) / Z : -1e9) : 0;
		if (r < -1 || r > tol) {
			*feasible = false;
			return 0;
		}
		double bad = r >= 5e8 ? 10000 : fmin(10000, 100 * fabs(r * r * r));
		double d = (10 + bad) * (10 + bad);
		if (p->it[b].type == LB_PENALTY && p->it[b].penalty > -LB_INF)
			d += p->it[b].penalty >= 0 ? (double)p->it[b].penalty * p->it[b].penalty
			                           : -(double)p->it[b].penalty * p->it[b].penalty;
		bool flag = p->it[b].type == LB_PENALTY && p->it[b].flagged;
		if (flag && prev_flag)
			d += 3000;
		int fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
		if (abs(fit - prev_fit) > 1)
			d += 100;
		total += d;
		prev_fit = fit;
		prev_flag = flag;
		start = b;
		while (start < p->n && p->it[start].type != LB_BOX &&
		       !(start > b && p->it[start].type == LB_PENALTY && p->it[start].penalty <= -LB_INF))
			start++;
	}
	return total;
}

static bool legal(const struct para *p, size_t i)
{
	if (p->it[i].type == LB_GLUE)
		return i > 0 && p->it[i - 1].type == LB_BOX;
	return p->it[i].type == LB_PENALTY && p->it[i].penalty < LB_INF;
}

Test(linebreak, optimal_against_exhaustive_search)
{
	unsigned seed = 12345;
	int checked = 0;
	for (int round = 0; round < 300; round++) {
		struct para p = {.n = 0};
		size_t nw = 5 + (size_t)(rand_r(&seed) % 6);
		for (size_t i = 0; i < nw; i++) {
			if (i) {
				if (rand_r(&seed) % 4 == 0) {
					/* a word with a hyphenation point */
					penalty(&p, 3, 50, true);
					box(&p, 4 + rand_r(&seed) % 8);
				}
				glue(&p, 5, 6, 3);
			}
			box(&p, 6 + rand_r(&seed) % 20);
		}
		finish(&p);
		double lw = 35 + rand_r(&seed) % 30;
		/* Every subset of legal breaks (the last forced one always in). */
		size_t cand[64], nc = 0;
		for (size_t i = 0; i + 1 < p.n; i++)
			if (legal(&p, i))
				cand[nc++] = i;
		cr_assert(nc < 20);
		double best = INFINITY;
		for (unsigned long mask = 0; mask < (1ul << nc); mask++) {
			size_t brk[64], nb = 0;
			for (size_t k = 0; k < nc; k++)
				if (mask & (1ul << k))
					brk[nb++] = cand[k];
			brk[nb++] = p.n - 1;
			bool ok;
			double c = cost(&p, brk, nb, lw, 1.0, &ok);
			if (ok && c < best)
				best = c;
		}
		if (!isfinite(best))
			continue; /* the second pass would run: not compared here */
		struct lb_params par;
		struct lb_line *lines;
		size_t n;
		lb_params_default(&par, lw);
		cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
		size_t brk[64];
		for (size_t k = 0; k < n; k++)
			brk[k] = lines[k].end;
		bool ok;
		double got = cost(&p, brk, n, lw, 1.0, &ok);
		cr_assert(ok, "round %d: the chosen breaks are infeasible", round);
		cr_assert_float_eq(got, best, 1e-6, "round %d: %f, optimum %f", round, got, best);
		free(lines);
		checked++;
	}
	cr_assert_gt(checked, 50);
}

Test(linebreak, forced_break_is_taken)
{
	struct para p = {.n = 0};
	box(&p, 10);
	glue(&p, 5, 3, 2);
	box(&p, 10);
	penalty(&p, 0, LB_INF, false);
	glue(&p, 0, 1e6, 0);
	penalty(&p, 0, -LB_INF, false);
	box(&p, 10);
	finish(&p);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 100);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(lines[0].end, 5);
	cr_assert_eq(lines[1].start, 6);
	free(lines);
}

Test(linebreak, overfull_box_gets_a_line_of_its_own)
{
	struct para p = {.n = 0};
	double w[] = {10, 80, 10};
	words(&p, w, 3);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 40);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 3);
	bool any = false;
	for (size_t k = 0; k < n; k++)
		any |= lines[k].overfull;
	cr_assert(any);
	cr_assert_eq(lines[1].start, 2);
	cr_assert_eq(lines[1].end, 3);
	free(lines);
}

Test(linebreak, loose_paragraph_falls_back_to_second_pass)
{
	/* No solution within tolerance 1: two long words on a wide line. */
	struct para p = {.n = 0};
	double w[] = {30, 30, 30};
	words(&p, w, 3);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 50);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 3);
	free(lines);
}

Test(linebreak, empty_paragraph)
{
	struct para p = {.n = 0};
	finish(&p);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 50);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 1);
	free(lines);
}

Test(linebreak, ragged_right_stretch_keeps_spaces_natural)
{
	struct para p = {.n = 0};
	for (int i = 0; i < 12; i++) {
		if (i)
			glue(&p, 5, 0, 0);
		box(&p, 10 + (i % 3) * 7);
	}
	finish(&p);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 80);
	par.right_stretch = 30;
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_gt(n, 2);
	for (size_t k = 0; k + 1 < n; k++)
		cr_assert(lines[k].ratio >= 0, "line %zu ratio %f", k, lines[k].ratio);
	free(lines);
}

Test(linebreak, pretolerance_pass_avoids_hyphens)
{
	/* "20 16 [2-]10 10" on a line of 50: breaking at the hyphen fills the
	 * first line exactly; without it the first line is loose (ratio 0.9)
	 * but still within a pretolerance of 1. */
	struct para p = {.n = 0};
	box(&p, 20);
	glue(&p, 5, 10, 3);
	box(&p, 16);
	glue(&p, 5, 10, 3);
	box(&p, 2);
	penalty(&p, 2, 0, true);
	box(&p, 10);
	glue(&p, 5, 10, 3);
	box(&p, 10);
	finish(&p);
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	lb_params_default(&par, 50);
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 2);
	cr_assert(p.it[lines[0].end].type == LB_PENALTY && p.it[lines[0].end].flagged,
	          "without a first pass the hyphen is the best break");
	free(lines);

	par.pretolerance = 1.0;
	cr_assert_eq(lb_break(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(p.it[lines[0].end].type, LB_GLUE, "the first pass needs no hyphen");
	cr_assert_float_eq(lines[0].ratio, 0.9, 1e-9);
	free(lines);
}

/* First fit over a word broken anywhere: full lines, the short one last,
 * where total-fit, finding every line equally bad, puts it first. */
Test(linebreak, first_fit_fills_lines_and_ends_short)
{
	struct para p = {.n = 0};
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	for (int i = 0; i < 10; i++) {
		box(&p, 10);
		if (i < 9)
			penalty(&p, 0, 900, false);
	}
	finish(&p);
	lb_params_default(&par, 35);
	cr_assert_eq(lb_first_fit(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 4);
	/* Three boxes a line (items 0-4, 6-10, 12-16), the tenth alone. */
	for (size_t k = 0; k < 3; k++) {
		cr_assert_eq(lines[k].start, 6 * k, "line %zu starts at %zu", k, lines[k].start);
		cr_assert_eq(lines[k].end, 6 * k + 5, "line %zu ends at %zu", k, lines[k].end);
		cr_assert(!lines[k].overfull);
	}
	cr_assert_eq(lines[3].start, 18);
	cr_assert_eq(lines[3].end, p.n - 1);
	free(lines);
}

/* A forced break ends a line when it fits, and a box wider than the line
 * gets a line of its own, overfull. */
Test(linebreak, first_fit_forced_and_overfull)
{
	struct para p = {.n = 0};
	struct lb_params par;
	struct lb_line *lines;
	size_t n;
	box(&p, 10);
	penalty(&p, 0, -LB_INF, false); /* item 1: forced */
	box(&p, 50);                    /* item 2: too wide */
	penalty(&p, 0, 900, false);     /* item 3 */
	box(&p, 10);
	finish(&p);
	lb_params_default(&par, 35);
	cr_assert_eq(lb_first_fit(p.it, p.n, &par, &lines, &n), QUIRE_OK);
	cr_assert_eq(n, 3);
	cr_assert_eq(lines[0].end, 1);
	cr_assert_eq(lines[1].start, 2);
	cr_assert_eq(lines[1].end, 3);
	cr_assert(lines[1].overfull);
	cr_assert_eq(lines[2].start, 4);
	cr_assert_eq(lines[2].end, p.n - 1);
	cr_assert(!lines[2].overfull);
	free(lines);
}
