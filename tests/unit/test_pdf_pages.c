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
