/* Block layout: the model walk (one quire_iter, no recursion), headings,
 * lists, quotes, code, tables, notes and the title block, onto the
 * vertical list the page builder cuts into pages. */
#include "layout_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- blocks ---- */

static void block_text(struct pdf_layout *L, const quire_node *n, enum pdf_role role, double size,
                       double leading, enum align align, double first_indent, bool hyphenate)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = align, .first_indent = first_indent, .size = size,
	                    .leading = leading, .hyphenate = hyphenate};
	lo_para_reset(P);
	lo_collect_inline(L, n, role, size, 0);
	lo_set_paragraph(L, &ps);
}

static void code_lines(struct pdf_layout *L, const char *text, size_t len)
{
	double size = L->size * 0.85, leading = size * 1.4, pad = size * 0.6;
	double avail = lo_text_width(L) - 2 * pad;
	size_t first_line = L->nlines;
	int32_t mark = 0x21AA; /* ↪ */
	int markf = pdf_fonts_pick(L->fonts, ROLE_MONO, mark);
	double markw = pdf_fonts_width(L->fonts, markf, mark) * size / 1000.0 +
	               pdf_fonts_width(L->fonts, markf, ' ') * size / 1000.0;
	int32_t *cps = NULL;
	double *ws = NULL;
	int *fs = NULL;
	size_t cap = 0;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (avail < size * 8)
		avail = size * 8;
	size_t pos = 0;
	do {
		size_t e = pos;
		while (e < len && text[e] != '\n')
			e++;
		/* Decode with tabs expanded to the next multiple of 4 columns. */
		size_t n = 0;
		for (size_t i = pos; i < e;) {
			int32_t cp;
			i += (size_t)quire_utf8_decode(text + i, e - i, &cp);
			size_t reps = 1;
			if (cp == '\t') {
				reps = 4 - n % 4;
				cp = ' ';
			}
			cp = pdf_fonts_sanitize(L->fonts, cp);
			if (n + reps + 1 > cap) {
				cap = (n + reps + 1) * 2;
				int32_t *c2 = realloc(cps, cap * sizeof(*c2));
				double *w2 = c2 ? realloc(ws, cap * sizeof(*w2)) : NULL;
				int *f2 = w2 ? realloc(fs, cap * sizeof(*f2)) : NULL;
				if (c2)
					cps = c2;
				if (w2)
					ws = w2;
				if (f2)
					fs = f2;
				if (!c2 || !w2 || !f2) {
					L->oom = true;
					goto out;
				}
			}
			while (reps--) {
				cps[n] = cp;
				fs[n] = pdf_fonts_pick(L->fonts, ROLE_MONO, cp);
				ws[n] = pdf_fonts_width(L->fonts, fs[n], cp) * size / 1000.0;
				n++;
			}
		}
		size_t p = 0;
		bool first = true;
		do {
			double x0 = first ? 0 : markw, x = x0;
			size_t q = p;
			while (q < n && x + ws[q] <= avail + 1e-6) {
				x += ws[q];
				q++;
			}
			if (q < n) {
				/* Wrap after the last space in the second half, if any. */
				for (size_t k = q; k > p + (q - p) / 2; k--)
					if (cps[k - 1] == ' ') {
						q = k;
						break;
					}
				if (q == p)
					q = p + 1;
			}
			struct pdf_line *ln = lo_new_line(L, leading, leading * 0.5 + size * 0.35);
			if (!ln)
				goto out;
			ln->indent = lo_text_left(L) + pad;
			ln->flags = LINE_BG;
			ln->bg_x = lo_text_left(L);
			ln->bg_w = lo_text_width(L);
			if (!first)
				lo_add_run(L, ln, 0, markw, &mark, 1, markf, size, 0, -1, RUN_GRAY);
			else if (pos == 0)
				lo_take_marker(L, ln, L->size, pad);
			x = x0;
			for (size_t k = p; k < q;) {
				if (cps[k] == ' ') {
					x += ws[k];
					k++;
					continue;
				}
				size_t s = k;
				double w = 0;
				while (k < q && cps[k] != ' ' && fs[k] == fs[s]) {
					w += ws[k];
					k++;
				}
				lo_add_run(L, ln, x, w, cps + s, k - s, fs[s], size, 0, -1, 0);
				x += w;
			}
			p = q;
			first = false;
		} while (p < n);
		pos = e + 1;
	} while (pos <= len);
	/* Padding above and below, inside the shaded box. */
	if (L->nlines > first_line) {
		L->lines[first_line].height += pad * 0.6;
		L->lines[first_line].baseline += pad * 0.6;
		L->lines[L->nlines - 1].height += pad * 0.6;
	}
	lo_push_lines(L, first_line, L->nlines - first_line);
out:
	free(cps);
	free(ws);
	free(fs);
}

static void rule_line(struct pdf_layout *L, double from, double width)
{
	size_t first = L->nlines;
	struct pdf_line *ln = lo_new_line(L, L->leading, L->leading * 0.5);
	if (!ln)
		return;
	ln->flags = LINE_RULE;
	ln->bg_x = lo_text_left(L) + from;
	ln->bg_w = width;
	lo_push_lines(L, first, 1);
}

/* The natural width of the collected text, spaces collapsed. */
static double natural_width(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	double w = 0;
	bool space = false;
	for (size_t i = 0; i < P->nch; i++) {
		const struct span *sp = &P->spans[P->ch[i].span];
		int32_t cp = P->ch[i].cp < 0 ? ' ' : P->ch[i].cp;
		if (lo_is_space(cp)) {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		if (space) {
			w += lo_space_width(L, sp);
			continue;
		}
		int f = pdf_fonts_pick(L->fonts, sp->role, cp);
		w += pdf_fonts_width(L->fonts, f, cp) * sp->size / 1000.0;
	}
	return w;
}

/* Tables (simply, for now): columns as wide as their widest cell, shrunk
 * in proportion when the table is wider than the measure; cells wrap
 * inside their column; rules above, below the header and below. */
static void table_rows(struct pdf_layout *L, const quire_node *table)
{
	struct priv *P = L->priv;
	int ncols = table->as.table.columns > 0 ? table->as.table.columns : 1;
	double gap = L->size * 1.2, avail = lo_text_width(L);
	if (ncols * L->size * 3 + (ncols - 1) * gap > avail) {
		/* Too many columns for the measure: one paragraph per row. */
		struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
		for (const quire_node *row = table->first_child; row; row = row->next) {
			lo_para_reset(P);
			for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
				if (cell != row->first_child)
					lo_para_text(L, " | ", 3, lo_cur_span(L, ROLE_REGULAR, L->size, 0, -1));
				lo_collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR,
				                  L->size, 0);
			}
			lo_set_paragraph(L, &ps);
		}
		return;
	}
	double *colw = calloc((size_t)ncols, sizeof(*colw));
	double *colx = calloc((size_t)ncols, sizeof(*colx));
	size_t *cell_first = calloc((size_t)ncols, sizeof(*cell_first));
	size_t *cell_n = calloc((size_t)ncols, sizeof(*cell_n));
	if (!colw || !colx || !cell_first || !cell_n) {
		L->oom = true;
		goto out;
	}
	for (const quire_node *row = table->first_child; row; row = row->next)
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			int c = cell->as.cell.column;
			if (c < 0 || c >= ncols)
				continue;
			lo_para_reset(P);
			lo_collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR, L->size, 0);
			double w = natural_width(L) + 0.01; /* rounding must not wrap it */
			if (w > colw[c])
				colw[c] = w;
		}
	double total = gap * (ncols - 1);
	for (int c = 0; c < ncols; c++) {
		if (colw[c] < L->size)
			colw[c] = L->size;
		total += colw[c];
	}
	if (total > avail) {
		/* Shrink the wide columns; narrow ones keep their width. */
		double fixed = gap * (ncols - 1), share = avail - fixed;
		double fair = share / ncols, wide = 0, narrow = 0;
		for (int c = 0; c < ncols; c++) {
			if (colw[c] > fair)
				wide += colw[c];
			else
				narrow += colw[c];
		}
		double scale = wide > 0 ? (share - narrow) / wide : 1;
		double minw = fmin(L->size * 4, fair);
		double sum = 0;
		for (int c = 0; c < ncols; c++) {
			if (colw[c] > fair)
				colw[c] = colw[c] * scale < minw ? minw : colw[c] * scale;
			sum += colw[c];
		}
		/* Whatever is left over comes off every column alike. */
		if (sum > share)
			for (int c = 0; c < ncols; c++)
				colw[c] *= share / sum;
	}
	total = 0;
	for (int c = 0; c < ncols; c++) {
		colx[c] = total;
		total += colw[c] + gap;
	}
	total -= gap;
	if (total > avail)
		total = avail;
	bool first_row = true;
	for (const quire_node *row = table->first_child; row; row = row->next) {
		size_t rows = 0;
		for (int c = 0; c < ncols; c++)
			cell_n[c] = 0;
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			int c = cell->as.cell.column;
			if (c < 0 || c >= ncols)
				continue;
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading,
			                    .width = colw[c], .no_push = true,
			                    .hyphenate = true};
			lo_para_reset(P);
			lo_collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR, L->size, 0);
			cell_first[c] = L->nlines;
			lo_set_paragraph(L, &ps);
			cell_n[c] = L->nlines - cell_first[c];
			if (cell_n[c] > rows)
				rows = cell_n[c];
		}
		size_t first = L->nlines;
		for (size_t k = 0; k < rows && !L->oom; k++) {
			struct pdf_line *ln = lo_new_line(L, L->leading, L->leading * 0.5 + L->size * 0.35);
			if (!ln)
				break;
			size_t lni = L->nlines - 1;
			ln->bg_x = lo_text_left(L);
			ln->bg_w = total;
			/* Rules sit in extra space, clear of the letters. */
			if (first_row && k == 0) {
				ln->flags |= LINE_RULE_ABOVE;
				ln->height += L->size * 0.3;
				ln->baseline += L->size * 0.3;
			}
			if (k + 1 == rows && (row->as.row.header || !row->next)) {
				ln->flags |= LINE_RULE_BELOW;
				ln->height += L->size * 0.3;
			}
			for (int c = 0; c < ncols; c++) {
				if (k >= cell_n[c])
					continue;
				const struct pdf_line *src = &L->lines[cell_first[c] + k];
				size_t r0 = src->first_run, nr = src->nruns;
				double used = 0;
				for (size_t q = r0; q < r0 + nr; q++)
					if (L->runs[q].x + L->runs[q].width > used)
						used = L->runs[q].x + L->runs[q].width;
				enum quire_align al = table->as.table.align ? table->as.table.align[c] : QUIRE_ALIGN_NONE;
				double off = colx[c] + (al == QUIRE_ALIGN_RIGHT ? colw[c] - used
				                        : al == QUIRE_ALIGN_CENTER ? (colw[c] - used) / 2 : 0);
				for (size_t q = r0; q < r0 + nr; q++) {
					if (!GROW(L, L->runs, L->nruns, L->capruns))
						break;
					struct pdf_run r = L->runs[q];
					r.x += off;
					L->runs[L->nruns++] = r;
					L->lines[lni].nruns++;
				}
			}
		}
		/* A row is not split; a page may break between rows, but not
		 * right after the header. */
		if (!first_row && !(row->prev && row->prev->as.row.header))
			lo_push_item(L, PB_PENALTY, 0, 0, -1);
		for (size_t k = first; k < L->nlines; k++)
			lo_push_item(L, PB_BOX, L->lines[k].height, 0, (long)k);
		first_row = false;
	}
out:
	free(colw);
	free(colx);
	free(cell_first);
	free(cell_n);
}

static void add_heading(struct pdf_layout *L, const quire_node *n)
{
	struct priv *P = L->priv;
	char *title = quire_node_plain_text(n);
	if (!title) {
		L->oom = true;
		return;
	}
	if (!GROW(L, L->headings, L->nheadings, L->capheadings)) {
		free(title);
		return;
	}
	L->headings[L->nheadings] = (struct pdf_heading){
		.level = n->as.heading.level, .title = title,
		.id = n->as.heading.id ? n->as.heading.id : "", .line = L->nlines};
	P->pending_heading = (int)L->nheadings++;
}

static void list_marker(struct pdf_layout *L, const quire_node *item)
{
	struct priv *P = L->priv;
	static const char *const bullets[] = {"\u2022", "\u2013", "\u25E6", "\u25AA"};
	struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
	P->marker_size = L->size;
	if (item->as.item.task != QUIRE_TASK_NONE)
		snprintf(P->marker, sizeof(P->marker), "%s",
		         item->as.item.task == QUIRE_TASK_CHECKED ? "\u2611" : "\u2610");
	else if (ls && ls->ordered)
		snprintf(P->marker, sizeof(P->marker), "%d%c", ls->counter, ls->delim ? ls->delim : '.');
	else {
		size_t depth = 0;
		for (size_t k = 0; k < P->nlists; k++)
			depth += !P->lists[k].ordered;
		snprintf(P->marker, sizeof(P->marker), "%s", bullets[(depth ? depth - 1 : 0) % 4]);
	}
	if (ls)
		ls->counter++;
	P->has_marker = true;
}

/* The hanging indent of an ordered list: room for its widest number. */
static double number_step(struct pdf_layout *L, const quire_node *list)
{
	char num[32];
	long last = list->as.list.start;
	for (const quire_node *it = list->first_child; it; it = it->next)
		last++;
	snprintf(num, sizeof(num), "%ld%c", last - 1, list->as.list.delim ? list->as.list.delim : '.');
	double w = 0;
	for (const char *c = num; *c; c++)
		w += pdf_fonts_width(L->fonts, pdf_fonts_pick(L->fonts, ROLE_REGULAR, *c), *c) * L->size /
		     1000.0;
	return fmax(L->size * 2, w + L->size * 0.8);
}

/* Blocks inside an item of a tight list have no space around them. */
static bool in_tight_item(const quire_node *n)
{
	const quire_node *item = n->parent;
	return item && item->kind == QUIRE_LIST_ITEM && item->parent &&
	       (item->parent->kind == QUIRE_BULLET_LIST || item->parent->kind == QUIRE_ORDERED_LIST) &&
	       item->parent->as.list.tight;
}

/* Walks the blocks under root. Footnote definitions are kept for the end
 * unless root is one. */
static void walk_blocks(struct pdf_layout *L, const quire_node *root)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	double gap = L->leading * 0.5;
	quire_iter_init(&it, (quire_node *)root);
	while (!L->oom && quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		switch (n->kind) {
		case QUIRE_DOCUMENT:
			break;
		case QUIRE_PARAGRAPH: {
			if (!enter)
				break;
			bool indent = P->prev_para && n->prev && n->prev->kind == QUIRE_PARAGRAPH;
			/* Quotations are set a size smaller, as books do. */
			double size = P->quotes > 0 ? L->size * 0.93 : L->size;
			lo_vspace(L, indent || in_tight_item(n) ? 0 : gap);
			block_text(L, n, ROLE_REGULAR, size, size * 1.3, L->ragged ? AL_RAGGED : AL_JUSTIFY,
			           indent ? L->size * 1.5 : 0, true);
			P->prev_para = true;
			quire_iter_skip_children(&it);
			break;
		}
		case QUIRE_HEADING: {
			if (!enter)
				break;
			static const double scale[] = {1.9, 1.5, 1.25, 1.1, 1.0, 1.0};
			int lv = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;
			double size = L->size * scale[lv - 1];
			lo_vspace(L, L->leading * (lv <= 2 ? 2.0 : 1.3));
			add_heading(L, n);
			block_text(L, n, lv == 6 ? ROLE_BOLDITALIC : ROLE_BOLD, size, size * 1.25, AL_RAGGED,
			           0, false);
			P->keep_next = true;
			lo_vspace(L, L->leading * 0.4);
			P->prev_para = false;
			quire_iter_skip_children(&it);
			break;
		}
		case QUIRE_BLOCK_QUOTE:
			lo_vspace(L, gap);
			P->quotes += enter ? 1 : -1;
			P->indent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->rindent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->prev_para = false;
			break;
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
			lo_vspace(L, in_tight_item(n) ? 0 : gap);
			if (enter) {
				if (!GROW(L, P->lists, P->nlists, P->caplists))
					break;
				P->lists[P->nlists++] = (struct list_state){
					.ordered = n->kind == QUIRE_ORDERED_LIST, .tight = n->as.list.tight,
					.counter = n->as.list.start, .delim = n->as.list.delim,
					.step = n->kind == QUIRE_ORDERED_LIST ? number_step(L, n) : L->size * 1.5};
			} else if (P->nlists > 0) {
				P->nlists--;
			}
			P->prev_para = false;
			break;
		case QUIRE_LIST_ITEM: {
			struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
			double step = ls ? ls->step : L->size * 1.5;
			if (enter) {
				if (n->prev && ls && !ls->tight)
					lo_vspace(L, gap);
				list_marker(L, n);
				P->indent += step;
			} else {
				if (P->has_marker) {
					/* An empty item still shows its marker. */
					lo_para_reset(P);
					struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
					lo_set_paragraph(L, &ps);
				}
				P->indent -= step;
			}
			P->prev_para = false;
			break;
		}
		case QUIRE_HTML_BLOCK:
			break;
		case QUIRE_CODE_BLOCK:
			if (!enter)
				break;
			lo_vspace(L, gap);
			code_lines(L, n->as.literal.text, n->as.literal.len);
			lo_vspace(L, gap);
			P->prev_para = false;
			break;
		case QUIRE_THEMATIC_BREAK: {
			if (!enter)
				break;
			double w = lo_text_width(L) * 0.3;
			lo_vspace(L, gap);
			rule_line(L, (lo_text_width(L) - w) / 2, w);
			lo_vspace(L, gap);
			P->prev_para = false;
			break;
		}
		case QUIRE_TABLE:
			if (!enter)
				break;
			lo_vspace(L, gap);
			table_rows(L, n);
			lo_vspace(L, gap);
			P->prev_para = false;
			quire_iter_skip_children(&it);
			break;
		case QUIRE_TABLE_ROW:
		case QUIRE_TABLE_CELL:
			quire_iter_skip_children(&it);
			break;
		case QUIRE_FOOTNOTE_DEF:
			if (n != root) {
				if (enter && n->as.footnote.number > 0 &&
				    GROW(L, P->notes, P->nnotes, P->capnotes))
					P->notes[P->nnotes++] = n;
				quire_iter_skip_children(&it);
			}
			break;
		case QUIRE_TEXT:
		case QUIRE_SOFT_BREAK:
		case QUIRE_HARD_BREAK:
		case QUIRE_EMPH:
		case QUIRE_STRONG:
		case QUIRE_STRIKETHROUGH:
		case QUIRE_CODE:
		case QUIRE_LINK:
		case QUIRE_IMAGE:
		case QUIRE_FOOTNOTE_REF:
		case QUIRE_HTML_INLINE:
			/* Inlines straight under a container: set them as a paragraph. */
			if (enter && (n->prev == NULL || quire_kind_is_block(n->prev->kind))) {
				struct pstyle ps = {.align = L->ragged ? AL_RAGGED : AL_JUSTIFY,
				                    .size = L->size, .leading = L->leading, .hyphenate = true};
				lo_para_reset(P);
				lo_vspace(L, gap);
				for (const quire_node *m = n; m && quire_kind_is_inline(m->kind); m = m->next)
					lo_collect_inline(L, m, ROLE_REGULAR, L->size, 0);
				lo_set_paragraph(L, &ps);
			}
			if (!quire_kind_is_leaf(n->kind) && enter)
				quire_iter_skip_children(&it);
			break;
		}
	}
}

static void title_block(struct pdf_layout *L, const struct quire_meta *m)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = AL_CENTER};
	if (!m->title)
		return;
	ps.size = L->size * 2.1;
	ps.leading = ps.size * 1.2;
	lo_para_reset(P);
	lo_para_text(L, m->title, strlen(m->title), lo_cur_span(L, ROLE_BOLD, ps.size, 0, -1));
	lo_set_paragraph(L, &ps);
	if (m->subtitle) {
		lo_vspace(L, L->leading * 0.4);
		ps.size = L->size * 1.35;
		ps.leading = ps.size * 1.25;
		lo_para_reset(P);
		lo_para_text(L, m->subtitle, strlen(m->subtitle), lo_cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		lo_set_paragraph(L, &ps);
	}
	if (m->author_count > 0) {
		lo_vspace(L, L->leading * 0.8);
		ps.size = L->size * 1.15;
		ps.leading = ps.size * 1.3;
		lo_para_reset(P);
		for (size_t i = 0; i < m->author_count; i++) {
			const char *sep = i == 0 ? "" : i + 1 == m->author_count ? " and " : ", ";
			lo_para_text(L, sep, strlen(sep), lo_cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
			lo_para_text(L, m->authors[i], strlen(m->authors[i]),
			             lo_cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
		}
		lo_set_paragraph(L, &ps);
	}
	if (m->date) {
		lo_vspace(L, L->leading * 0.3);
		ps.size = L->size;
		ps.leading = L->leading;
		lo_para_reset(P);
		lo_para_text(L, m->date, strlen(m->date), lo_cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		lo_set_paragraph(L, &ps);
	}
	lo_vspace(L, L->leading * 2);
}

static void notes(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	if (P->nnotes == 0)
		return;
	/* In order of number (definitions may come in any order). */
	for (size_t i = 1; i < P->nnotes; i++) {
		const quire_node *x = P->notes[i];
		size_t j = i;
		while (j > 0 && P->notes[j - 1]->as.footnote.number > x->as.footnote.number) {
			P->notes[j] = P->notes[j - 1];
			j--;
		}
		P->notes[j] = x;
	}
	lo_vspace(L, L->leading * 1.5);
	rule_line(L, 0, L->measure * 0.25);
	for (size_t i = 0; i < P->nnotes; i++) {
		const quire_node *d = P->notes[i];
		snprintf(P->marker, sizeof(P->marker), "%d.", d->as.footnote.number);
		P->has_marker = true;
		P->marker_size = L->size;
		P->marker_link = lo_new_link(L, "", -1, -d->as.footnote.number);
		P->pending_note = d->as.footnote.number;
		P->indent += L->size * 2;
		P->prev_para = false;
		walk_blocks(L, d);
		if (P->has_marker) {
			lo_para_reset(P);
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
			lo_set_paragraph(L, &ps);
		}
		P->indent -= L->size * 2;
		lo_vspace(L, L->leading * 0.3);
	}
}

void pdf_layout_init(struct pdf_layout *L, struct pdf_fonts *fonts, struct hyph *hyph,
                     double size, double measure, bool ragged, struct quire_log *log,
                     const char *filename)
{
	memset(L, 0, sizeof(*L));
	L->fonts = fonts;
	L->hyph = hyph;
	L->size = size;
	L->leading = size * 1.3;
	L->measure = measure;
	L->ragged = ragged;
	L->log = log;
	L->filename = filename;
	L->priv = calloc(1, sizeof(struct priv));
	if (!L->priv)
		L->oom = true;
	else {
		((struct priv *)L->priv)->pending_heading = -1;
		((struct priv *)L->priv)->marker_link = -1;
	}
	qstr_append(&L->pool, "", 1); /* offset 0: the empty string */
}

enum quire_status pdf_layout_doc(struct pdf_layout *L, const quire_doc *doc)
{
	struct priv *P = L->priv;
	if (!P)
		return QUIRE_ERR_NOMEM;
	P->doc = doc;
	title_block(L, quire_doc_meta(doc));
	walk_blocks(L, quire_doc_root(doc));
	notes(L);
	return L->oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

size_t pdf_layout_simple(struct pdf_layout *L, const char *text, enum pdf_role role, double size,
                         unsigned flags, size_t *n, double *width)
{
	size_t first = L->nruns;
	struct pdf_line tmp = {0};
	double x = 0;
	int32_t ell = 0x2026;
	int ef = pdf_fonts_pick(L->fonts, role, ell);
	double ew = pdf_fonts_width(L->fonts, ef, ell) * size / 1000.0;
	for (size_t i = 0, len = strlen(text); i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(text + i, len - i, &cp);
		cp = pdf_fonts_sanitize(L->fonts, cp);
		int f = pdf_fonts_pick(L->fonts, role, cp);
		double w = pdf_fonts_width(L->fonts, f, cp) * size / 1000.0;
		/* A title too long for the header ends in an ellipsis. */
		if (x + w + (i < len ? ew : 0) > L->measure) {
			lo_add_run(L, &tmp, x, ew, &ell, 1, ef, size, 0, -1, flags);
			x += ew;
			break;
		}
		if (cp != ' ')
			lo_add_run(L, &tmp, x, w, &cp, 1, f, size, 0, -1, flags);
		x += w;
	}
	*n = L->nruns - first;
	*width = x;
	return first;
}

void pdf_layout_free(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	if (P) {
		free(P->ch);
		free(P->spans);
		free(P->items);
		free(P->item_box);
		free(P->item_face);
		free(P->boxes);
		free(P->faces);
		free(P->widths);
		free(P->kinds);
		free(P->lists);
		free(P->notes);
		free(P);
	}
	for (size_t i = 0; i < L->nheadings; i++)
		free(L->headings[i].title);
	free(L->headings);
	free(L->runs);
	free(L->lines);
	free(L->items);
	free(L->item_line);
	free(L->links);
	qstr_free(&L->pool);
	memset(L, 0, sizeof(*L));
}
