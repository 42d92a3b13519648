/* Knuth-Plass line breaking ("Breaking Paragraphs into Lines", 1981), in
 * its plain form: one line width, fitness classes, flagged penalties, and
 * a second pass without an upper tolerance when the first finds nothing. */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>

#include "core/core.h"

#define HUGE_RATIO 1e9

void lb_params_default(struct lb_params *p, double line_width)
{
	p->line_width = line_width;
	p->pretolerance = -1;
	p->tolerance = 1.0;
	p->right_stretch = 0;
	p->line_penalty = 10;
	p->flagged_demerits = 3000;
	p->fitness_demerits = 100;
	p->final_flagged_demerits = 0;
}

struct node {
	size_t brk;   /* the break item; (size_t)-1 for the paragraph start */
	size_t start; /* the first item of the next line */
	size_t line;
	int fitness;
	bool flagged, overfull;
	double ratio;
	double total;
	size_t prev;
};

struct vec {
	size_t *v;
	size_t len, cap;
};

static bool vec_push(struct vec *s, size_t x)
{
	if (!QUIRE_RESERVE(s->v, s->cap, s->len + 1))
		return false;
	s->v[s->len++] = x;
	return true;
}

static size_t next_start(const struct lb_item *items, size_t n, size_t b)
{
	size_t i = b;
	while (i < n && items[i].type != LB_BOX) {
		/* A forced break later on must not be skipped over. */
		if (i > b && items[i].type == LB_PENALTY && items[i].penalty <= -LB_INF)
			break;
		i++;
	}
	return i;
}

static int fitness_of(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

/* The adjustment ratio of the line from item s to a break at b whose
 * own width (a hyphen) is pw. */
static double line_ratio(const struct lb_params *p, const double *W, const double *Y,
                         const double *Z, size_t s, size_t b, double pw)
{
	double L = (s <= b ? W[b] - W[s] : 0) + pw;
	double y = (s <= b ? Y[b] - Y[s] : 0) + p->right_stretch;
	double z = s <= b ? Z[b] - Z[s] : 0;
	if (L < p->line_width)
		return y > 0 ? (p->line_width - L) / y : HUGE_RATIO;
	if (L > p->line_width)
		return z > 0 ? (p->line_width - L) / z : -HUGE_RATIO;
	return 0;
}

/* The demerits of a line set at ratio r, broken at it, after the break
 * na; last: the paragraph's final (forced) break. */
static double demerits(const struct lb_params *p, const struct lb_item *it, const struct node *na,
                       double r, bool last)
{
	bool forced = it->type == LB_PENALTY && it->penalty <= -LB_INF;
	double bad = fabs(r) >= HUGE_RATIO / 2 ? 10000 : 100 * fabs(r * r * r);
	if (bad > 10000)
		bad = 10000;
	double d = p->line_penalty + bad;
	d *= d;
	if (it->type == LB_PENALTY && !forced) {
		double pp = it->penalty;
		d += pp >= 0 ? pp * pp : -pp * pp;
	}
	bool flagged = it->type == LB_PENALTY && it->flagged;
	if (flagged && na->flagged)
		d += p->flagged_demerits;
	if (last && na->flagged)
		d += p->final_flagged_demerits;
	if (abs(fitness_of(r) - na->fitness) > 1)
		d += p->fitness_demerits;
	return d;
}

/* One pass. Returns 1 on success (the chosen last node in *last), 0 when
 * the pass found no solution, -1 when out of memory. */
static int pass(const struct lb_item *items, size_t n, const double *W, const double *Y,
                const double *Z, const struct lb_params *p, double tolerance, bool hyphens,
                bool final, struct node **nodes, size_t *nnodes, size_t *capnodes, size_t *last)
{
	struct vec active = {0}, next = {0};
	int result = -1;

	*nnodes = 0;
	struct node start = {.brk = (size_t)-1, .start = 0, .line = 0, .fitness = 1, .prev = (size_t)-1};
	(*nodes)[(*nnodes)++] = start;
	if (!vec_push(&active, 0))
		goto out;

	for (size_t b = 0; b < n; b++) {
		const struct lb_item *it = &items[b];
		bool legal = (it->type == LB_GLUE && b > 0 && items[b - 1].type == LB_BOX) ||
		             (it->type == LB_PENALTY && it->penalty < LB_INF &&
		              (hyphens || !it->flagged || it->width == 0));
		if (!legal)
			continue;
		bool forced = it->type == LB_PENALTY && it->penalty <= -LB_INF;
		double pw = it->type == LB_PENALTY ? it->width : 0;
		struct {
			double total, ratio;
			size_t from;
			bool overfull;
		} best[4];
		for (int f = 0; f < 4; f++) {
			best[f].total = INFINITY;
			best[f].from = (size_t)-1;
			best[f].overfull = false;
			best[f].ratio = 0;
		}
		size_t rescue = (size_t)-1;

		next.len = 0;
		for (size_t k = 0; k < active.len; k++) {
			size_t a = active.v[k];
			const struct node *na = &(*nodes)[a];
			double r = line_ratio(p, W, Y, Z, na->start, b, pw);
			bool keep = !(r < -1 || forced);
			if (r >= -1 && (final || r <= tolerance)) {
				int fit = fitness_of(r);
				double total = na->total + demerits(p, it, na, r, forced && b == n - 1);
				if (total < best[fit].total) {
					best[fit].total = total;
					best[fit].from = a;
					best[fit].ratio = r;
				}
			} else if (final && r < -1) {
				/* The latest break makes the shortest overfull line. */
				if (rescue == (size_t)-1 || na->start > (*nodes)[rescue].start ||
				    (na->start == (*nodes)[rescue].start && na->total < (*nodes)[rescue].total))
					rescue = a;
			}
			if (keep && !vec_push(&next, a))
				goto out;
		}
		bool any = false;
		for (int f = 0; f < 4; f++)
			any |= best[f].from != (size_t)-1;
		if (!any && next.len == 0 && rescue != (size_t)-1) {
			/* Nothing fits: a box wider than the line. Take the overfull
			 * line rather than fail. */
			best[1].from = rescue;
			best[1].total = (*nodes)[rescue].total + 1e12;
			best[1].ratio = -1;
			best[1].overfull = true;
		}
		for (int f = 0; f < 4; f++) {
			if (best[f].from == (size_t)-1)
				continue;
			if (!QUIRE_RESERVE(*nodes, *capnodes, *nnodes + 1))
				goto out;
			struct node nd = {
				.brk = b,
				.start = next_start(items, n, b),
				.line = (*nodes)[best[f].from].line + 1,
				.fitness = f,
				.flagged = it->type == LB_PENALTY && it->flagged,
				.overfull = best[f].overfull,
				.ratio = best[f].ratio,
				.total = best[f].total,
				.prev = best[f].from,
			};
			(*nodes)[(*nnodes)++] = nd;
			if (!vec_push(&next, *nnodes - 1))
				goto out;
		}
		struct vec t = active;
		active = next;
		next = t;
		if (active.len == 0) {
			result = 0;
			goto out;
		}
	}
	/* The list ends with a forced break, so every active node ends there. */
	size_t bestn = (size_t)-1;
	for (size_t k = 0; k < active.len; k++) {
		size_t a = active.v[k];
		if ((*nodes)[a].brk != n - 1)
			continue;
		if (bestn == (size_t)-1 || (*nodes)[a].total < (*nodes)[bestn].total)
			bestn = a;
	}
	result = bestn != (size_t)-1;
	*last = bestn;
out:
	free(active.v);
	free(next.v);
	return result;
}

enum quire_status lb_break(const struct lb_item *items, size_t n, const struct lb_params *p,
                           struct lb_line **lines, size_t *nlines)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	double *W = malloc((n + 1) * 3 * sizeof(double));
	size_t capnodes = 64, nnodes = 0, last = 0;
	struct node *nodes = malloc(capnodes * sizeof(*nodes));
	int r = 0;

	*lines = NULL;
	*nlines = 0;
	if (!W || !nodes)
		goto out;
	double *Y = W + (n + 1), *Z = Y + (n + 1);
	W[0] = Y[0] = Z[0] = 0;
	for (size_t i = 0; i < n; i++) {
		double w = items[i].type == LB_PENALTY ? 0 : items[i].width;
		W[i + 1] = W[i] + w;
		Y[i + 1] = Y[i] + (items[i].type == LB_GLUE ? items[i].stretch : 0);
		Z[i + 1] = Z[i] + (items[i].type == LB_GLUE ? items[i].shrink : 0);
	}
	if (n == 0) {
		st = QUIRE_OK;
		goto out;
	}
	r = 0;
	if (p->pretolerance >= 0)
		r = pass(items, n, W, Y, Z, p, p->pretolerance, false, false, &nodes, &nnodes, &capnodes,
		         &last);
	if (r == 0)
		r = pass(items, n, W, Y, Z, p, p->tolerance, true, false, &nodes, &nnodes, &capnodes,
		         &last);
	if (r == 0)
		r = pass(items, n, W, Y, Z, p, 0, true, true, &nodes, &nnodes, &capnodes, &last);
	if (r < 0)
		goto out;
	if (r == 0) {
		st = QUIRE_ERR_INTERNAL;
		goto out;
	}
	size_t count = nodes[last].line;
	struct lb_line *ls = calloc(count ? count : 1, sizeof(*ls));
	if (!ls)
		goto out;
	for (size_t k = last, i = count; k != 0 && i > 0; k = nodes[k].prev) {
		i--;
		ls[i].start = nodes[nodes[k].prev].start;
		ls[i].end = nodes[k].brk;
		ls[i].ratio = nodes[k].ratio;
		ls[i].overfull = nodes[k].overfull;
	}
	*lines = ls;
	*nlines = count;
	st = QUIRE_OK;
out:
	free(W);
	free(nodes);
	return st;
}

/* Whether a line may end at item i, as lb_break allows: at a penalty
 * below LB_INF, or at glue that follows a box. */
static bool legal_break(const struct lb_item *items, size_t i)
{
	if (items[i].type == LB_PENALTY)
		return items[i].penalty < LB_INF;
	return items[i].type == LB_GLUE && i > 0 && items[i - 1].type == LB_BOX;
}

enum quire_status lb_first_fit(const struct lb_item *items, size_t n, const struct lb_params *p,
                               struct lb_line **lines, size_t *nlines)
{
	enum quire_status st = QUIRE_OK;
	struct lb_line *ls = NULL;
	size_t count = 0, cap = 0, start = 0;

	while (start < n) {
		double w = 0, w_end = 0;
		size_t end = (size_t)-1;
		for (size_t i = start; i < n; i++) {
			const struct lb_item *it = &items[i];
			if (it->type == LB_PENALTY && it->penalty <= -LB_INF) {
				/* A forced break ends the line, unless it comes too
				 * late: then the last break that fits does. */
				if (w <= p->line_width || end == (size_t)-1) {
					end = i;
					w_end = w;
				}
				break;
			}
			double pw = it->type == LB_PENALTY ? it->width : 0;
			if (i > start && legal_break(items, i)) {
				/* The last break that fits; past the measure, the
				 * first one there is (one box wider than the line). */
				if (w + pw <= p->line_width || end == (size_t)-1) {
					end = i;
					w_end = w + pw;
				}
				if (w + pw > p->line_width)
					break;
			}
			if (it->type != LB_PENALTY)
				w += it->width;
		}
		if (end == (size_t)-1)
			end = n - 1;
		bool overfull = w_end > p->line_width;
		if (!QUIRE_RESERVE(ls, cap, count + 1)) {
			st = QUIRE_ERR_NOMEM;
			free(ls);
			ls = NULL;
			count = 0;
			goto out;
		}
		ls[count++] = (struct lb_line){.start = start, .end = end, .overfull = overfull};
		if (end >= n - 1)
			break;
		start = next_start(items, n, end);
	}
out:
	*lines = ls;
	*nlines = count;
	return st;
}
