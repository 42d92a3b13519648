/* The page builder: widows, orphans, a heading kept with its block. */
#include <criterion/criterion.h>

#include "write/pdf/pages.h"

struct vlist {
	struct pb_item it[256];
	size_t n;
};

static void line(struct vlist *v, double h)
{
	v->it[v->n++] = (struct pb_item){.type = PB_BOX, .height = h};
}

static void glue(struct vlist *v, double h)
{
	v->it[v->n++] = (struct pb_item){.type = PB_GLUE, .height = h};
}

static void penalty(struct vlist *v, int p)
{
	v->it[v->n++] = (struct pb_item){.type = PB_PENALTY, .penalty = p};
}

/* A paragraph of n lines of height 10, as the layout builds it. Returns
 * the index of its first line. */
static size_t para(struct vlist *v, size_t n)
{
	size_t first = v->n;
	for (size_t k = 0; k < n; k++) {
		if (pb_line_break_allowed(k, n))
			penalty(v, 0);
		line(v, 10);
	}
	return first;
}

static size_t line_index(const struct vlist *v, size_t first, size_t k)
{
	size_t seen = 0;
	for (size_t i = first; i < v->n; i++)
		if (v->it[i].type == PB_BOX && seen++ == k)
			return i;
	return v->n;
}

Test(pages, no_orphan_first_line_alone_at_the_foot)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	para(&v, 9);          /* 90 of 100 */
	glue(&v, 0);
	size_t p = para(&v, 5); /* only one line would fit */
	int pages = pb_paginate(v.it, v.n, 100, pl);
	cr_assert_eq(pages, 2);
	cr_assert_eq(pl[line_index(&v, p, 0)].page, 1);
	cr_assert_eq(pl[line_index(&v, p, 1)].page, 1);
}

Test(pages, no_widow_last_line_alone_at_the_head)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	para(&v, 5);
	glue(&v, 0);
	size_t p = para(&v, 6); /* 5 + 6 = 11 lines: one would spill over */
	int pages = pb_paginate(v.it, v.n, 100, pl);
	cr_assert_eq(pages, 2);
	/* The last two lines of the second paragraph go over together. */
	cr_assert_eq(pl[line_index(&v, p, 5)].page, 1);
	cr_assert_eq(pl[line_index(&v, p, 4)].page, 1);
	cr_assert_eq(pl[line_index(&v, p, 3)].page, 0);
}

Test(pages, three_line_paragraph_is_never_split)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	para(&v, 8);
	glue(&v, 0);
	size_t p = para(&v, 3);
	pb_paginate(v.it, v.n, 100, pl);
	int pg = pl[line_index(&v, p, 0)].page;
	cr_assert_eq(pl[line_index(&v, p, 1)].page, pg);
	cr_assert_eq(pl[line_index(&v, p, 2)].page, pg);
	cr_assert_eq(pg, 1);
}

Test(pages, heading_is_kept_with_the_next_block)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	para(&v, 7);
	glue(&v, 5);
	size_t h = v.n;
	line(&v, 12);        /* the heading */
	penalty(&v, PB_INF); /* kept with what follows */
	glue(&v, 4);
	size_t p = para(&v, 4);
	int pages = pb_paginate(v.it, v.n, 100, pl);
	cr_assert_eq(pages, 2);
	cr_assert_eq(pl[h].page, 1, "the heading must not end the page");
	cr_assert_eq(pl[line_index(&v, p, 0)].page, 1);
}

Test(pages, glue_at_the_top_of_a_page_is_dropped)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	para(&v, 10);
	glue(&v, 30);
	size_t p = para(&v, 2);
	pb_paginate(v.it, v.n, 100, pl);
	size_t first = line_index(&v, p, 0);
	cr_assert_eq(pl[first].page, 1);
	cr_assert_float_eq(pl[first].y, 0, 1e-9);
}

Test(pages, unbreakable_run_taller_than_a_page_is_cut)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	for (int i = 0; i < 25; i++)
		line(&v, 10);
	int pages = pb_paginate(v.it, v.n, 100, pl);
	cr_assert_eq(pages, 3);
	cr_assert_eq(pl[9].page, 0);
	cr_assert_eq(pl[10].page, 1);
	for (size_t i = 0; i < v.n; i++)
		cr_assert_leq(pl[i].y + 10, 100 + 1e-9);
}

Test(pages, forced_break_starts_a_new_page)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256];
	line(&v, 10);
	penalty(&v, -PB_INF);
	line(&v, 10);
	cr_assert_eq(pb_paginate(v.it, v.n, 100, pl), 2);
	cr_assert_eq(pl[2].page, 1);
}

Test(pages, empty_list_is_one_page)
{
	struct pb_place pl[1];
	cr_assert_eq(pb_paginate(NULL, 0, 100, pl), 1);
}

/* A note referenced from a line: it sits at the foot of that line's page,
 * and the text above leaves it room. */
Test(pages, footnote_on_the_page_of_its_reference)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256], npl[8];
	size_t p = para(&v, 12);
	size_t ref = line_index(&v, p, 4);
	double heights[3] = {8, 8, 8};
	size_t item[1] = {ref}, first[1] = {0}, count[1] = {3};
	struct pb_notes nt = {.item = item, .first = first, .count = count, .n = 1,
	                      .heights = heights, .nlines = 3, .sep = 6, .places = npl};
	int pages = pb_paginate_notes(v.it, v.n, 100, pl, &nt);
	cr_assert_eq(pages, 2);
	for (int k = 0; k < 3; k++) {
		cr_assert_eq(npl[k].page, 0);
		cr_assert_float_eq(npl[k].y, 100 - 24 + 8 * k, 1e-9);
	}
	/* 30 of notes and rule: at most 7 lines of text stay on page 1. */
	size_t on_first = 0;
	for (size_t k = 0; k < 12; k++)
		on_first += pl[line_index(&v, p, k)].page == 0;
	cr_assert_leq(on_first, 7);
	cr_assert_geq(on_first, 5);
}

/* A short note is not split when ending the page one line earlier keeps
 * it whole, even where the glue that overflows (space before a heading)
 * would also be a place to break. */
Test(pages, short_footnote_kept_whole_by_an_earlier_break)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256], npl[8];
	line(&v, 10);
	size_t ref = 0;
	for (int k = 0; k < 7; k++) {
		glue(&v, 0);
		line(&v, 10);
	}
	/* 80 of text and the note's first line (8 + 6) fit; this does not. */
	glue(&v, 20);
	line(&v, 10);
	line(&v, 10);
	double heights[2] = {8, 8};
	size_t item[1] = {ref}, first[1] = {0}, count[1] = {2};
	struct pb_notes nt = {.item = item, .first = first, .count = count, .n = 1,
	                      .heights = heights, .nlines = 2, .sep = 6, .places = npl};
	pb_paginate_notes(v.it, v.n, 100, pl, &nt);
	cr_assert_eq(npl[0].page, 0);
	cr_assert_eq(npl[1].page, 0, "the note's second line went to page %d", npl[1].page + 1);
	/* Seven lines and the whole note (16 + 6) fit in 100; eight do not. */
	cr_assert_eq(pl[line_index(&v, 0, 6)].page, 0);
	cr_assert_eq(pl[line_index(&v, 0, 7)].page, 1);
}

/* A note longer than the room left continues at the foot of the next
 * pages, taking at most about half of each, in order. */
Test(pages, long_footnote_continues)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256], npl[16];
	size_t p = para(&v, 15);
	size_t ref = line_index(&v, p, 6);
	double heights[12];
	for (int k = 0; k < 12; k++)
		heights[k] = 8;
	size_t item[1] = {ref}, first[1] = {0}, count[1] = {12};
	struct pb_notes nt = {.item = item, .first = first, .count = count, .n = 1,
	                      .heights = heights, .nlines = 12, .sep = 6, .places = npl};
	pb_paginate_notes(v.it, v.n, 100, pl, &nt);
	cr_assert_eq(pl[ref].page, 0);
	cr_assert_eq(npl[0].page, 0);
	cr_assert_geq(npl[11].page, 1);
	for (int k = 1; k < 12; k++) {
		cr_assert_geq(npl[k].page, npl[k - 1].page);
		if (npl[k].page == npl[k - 1].page)
			cr_assert_float_eq(npl[k].y, npl[k - 1].y + 8, 1e-9);
	}
	/* Every page still has text above the notes. */
	for (int pg = 0; pg <= npl[11].page; pg++) {
		bool body = false;
		for (size_t i = 0; i < v.n; i++)
			body |= v.it[i].type == PB_BOX && pl[i].page == pg;
		cr_assert(body, "page %d has no text", pg + 1);
	}
}

/* A break between table rows sets the header again on the next page. */
Test(pages, table_header_repeats)
{
	struct vlist v = {.n = 0};
	struct pb_place pl[256], npl[1];
	size_t rep_from[8] = {0}, rep_n[8] = {0};
	line(&v, 12); /* the header row */
	line(&v, 10);
	for (int r = 0; r < 15; r++) {
		v.it[v.n++] = (struct pb_item){.type = PB_PENALTY, .penalty = 0, .repeat_from = 0,
		                               .repeat_n = 1};
		line(&v, 10);
	}
	struct pb_notes nt = {.n = 0, .places = npl, .rep_from = rep_from, .rep_n = rep_n,
	                      .rep_cap = 8};
	int pages = pb_paginate_notes(v.it, v.n, 100, pl, &nt);
	cr_assert_eq(pages, 2);
	cr_assert_eq(rep_n[0], 0);
	cr_assert_eq(rep_n[1], 1);
	cr_assert_eq(rep_from[1], 0);
	/* The first row on page 2 sits below the repeated header. */
	for (size_t i = 0; i < v.n; i++)
		if (pl[i].page == 1 && v.it[i].type == PB_BOX) {
			cr_assert_float_eq(pl[i].y, 12, 1e-9);
			break;
		}
}
