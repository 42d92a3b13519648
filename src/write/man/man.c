/* The man backend: roff with the man macros, for `man -l` and for quire's
 * own manual page. man has two heading levels, paragraphs, indented
 * paragraphs with a tag and relative insets; everything else is mapped
 * onto those, and tables go to tbl. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "roff.h"

/* tbl puts 3 ens between two columns. */
#define MAN_COLUMN_GAP 3

struct list_frame {
	int number; /* ordered lists: the next item's number */
	bool terms; /* a list of terms (see is_term_list) */
};

struct man {
	struct roff r;
	const quire_doc *doc;
	int emph, strong, code; /* nesting of inline styles */
	int kbd, underline;     /* keys are bold, underlines italic */
	int heading;            /* > 0 inside a heading: bold base, one line */
	int table;              /* > 0 inside a table: one line a row */
	bool table_blocks;      /* its cells are text blocks (a wide table) */
	int *widths;            /* then each column's width, in ens */
	int ncols;              /* the columns of widths */
	int cell;               /* the column of the cell being written */
	int cellspan;           /* and the columns it covers */
	/* A table with spans: per row, per column, what its format line says
	 * there ('k' a cell starts, 's' one to the left covers it, '^' one
	 * above covers it); NULL for a table without spans. */
	char *slots;
	size_t row;             /* the row being written */
	int slot;               /* its next column to write */
	int entries;            /* the entries written in its data line */
	int inset;              /* ens of the insets (.RS) open */
	bool ragged;            /* the paragraph is set ragged-right (.na) */
	int tight;              /* nesting of tight lists (.PD 0 while > 0) */
	bool notes_started;     /* the NOTES section has been opened */
	/* One frame per open list. Heap memory, because the depth is the
	 * input's. */
	struct list_frame *frames;
	size_t nframes, frames_cap;
	bool term_pending;      /* the current .TP tag line is still open */
	bool runin;             /* a details' summary starts the next paragraph */
	bool oom;
};

static void set_font(struct man *m)
{
	bool bold = m->strong > 0 || m->code > 0 || m->kbd > 0 || m->heading > 0;
	/* groff's man draws italic underlined on a terminal. */
	bool italic = m->emph > 0 || m->underline > 0;
	roff_font(&m->r, bold && italic ? ROFF_BI : bold ? ROFF_B : italic ? ROFF_I : ROFF_R);
}

static bool is_item(const quire_node *n)
{
	return n && (n->kind == QUIRE_LIST_ITEM || n->kind == QUIRE_FOOTNOTE_DEF ||
	             n->kind == QUIRE_DEFINITION);
}

static const struct list_frame *top_frame(const struct man *m)
{
	return m->nframes ? &m->frames[m->nframes - 1] : NULL;
}

/* The indent of an item's text, in ens: the tag and a space. An item's
 * list is the innermost open one whenever this is asked. */
static int item_width(const struct man *m, const quire_node *item)
{
	if (item->kind == QUIRE_FOOTNOTE_DEF)
		return 4;
	if (item->kind == QUIRE_DEFINITION)
		return 7; /* a tagged paragraph's, as for a list of terms */
	if (top_frame(m) && top_frame(m)->terms)
		return 7; /* man's customary indent for tagged paragraphs */
	if (item->as.item.task != QUIRE_TASK_NONE)
		return 4;
	if (item->parent && item->parent->kind == QUIRE_ORDERED_LIST)
		return 4;
	return 2;
}

/* The first child of an item that is set in an inset (.RS) rather than on
 * the tag's own line: everything but a leading paragraph. */
static const quire_node *first_inset_child(const quire_node *item)
{
	const quire_node *c = item->first_child;
	if (c && c->kind == QUIRE_PARAGRAPH)
		c = c->next;
	return c;
}

/* Whether a heading can be a man heading: only at the top level, because
 * .SH and .SS reset every inset. */
static bool is_section(const quire_node *n)
{
	return n->kind == QUIRE_HEADING && n->parent && n->parent->kind == QUIRE_DOCUMENT &&
	       n->as.heading.level <= 2;
}

/* Everything a block needs before its own markup: on the tag line of an
 * item, or opening the item's inset. Returns whether the block sits on
 * the tag line (and so must not start a paragraph of its own). */
static bool block_lead_in(struct man *m, const quire_node *n)
{
	const quire_node *p = n->parent;
	char line[32];
	if (!is_item(p))
		return false;
	if (n == p->first_child && n->kind == QUIRE_PARAGRAPH)
		return true;
	if (n == first_inset_child(p)) {
		snprintf(line, sizeof(line), ".RS %d", item_width(m, p));
		roff_macro(&m->r, line);
		m->inset += item_width(m, p);
	}
	return false;
}

/* Whether a bullet list is a list of terms, the way manual pages list
 * options: each item starts with a paragraph whose first line (the term)
 * ends in a hard line break, followed by the description. Such a list is
 * set as tagged paragraphs (.TP), the term on its own line. */
static bool is_term_list(const quire_node *list)
{
	if (list->kind != QUIRE_BULLET_LIST || list->first_child == NULL)
		return false;
	for (const quire_node *item = list->first_child; item; item = item->next) {
		const quire_node *para = item->first_child;
		const quire_node *c;
		if (item->as.item.task != QUIRE_TASK_NONE || para == NULL ||
		    para->kind != QUIRE_PARAGRAPH)
			return false;
		for (c = para->first_child; c && c->kind != QUIRE_HARD_BREAK; c = c->next)
			;
		if (c == NULL || c == para->first_child)
			return false;
	}
	return true;
}

static void push_frame(struct man *m, const quire_node *list)
{
	if (!QUIRE_RESERVE(m->frames, m->frames_cap, m->nframes + 1)) {
		m->oom = true;
		return;
	}
	m->frames[m->nframes++] = (struct list_frame){
		.number = list->as.list.start, .terms = is_term_list(list)};
}

static void item_tag(struct man *m, const quire_node *n)
{
	char tag[48];
	const quire_node *list = n->parent;
	struct list_frame *frame = m->nframes ? &m->frames[m->nframes - 1] : NULL;
	if (frame && frame->terms) {
		snprintf(tag, sizeof(tag), ".TP %d", item_width(m, n));
		roff_macro(&m->r, tag);
		m->term_pending = true;
		return;
	}
	if (n->as.item.task != QUIRE_TASK_NONE) {
		snprintf(tag, sizeof(tag), "[%c]", n->as.item.task == QUIRE_TASK_CHECKED ? 'x' : ' ');
	} else if (list && list->kind == QUIRE_ORDERED_LIST && frame) {
		snprintf(tag, sizeof(tag), "%d%c", frame->number,
		         list->as.list.delim ? list->as.list.delim : '.');
		frame->number++;
	} else {
		snprintf(tag, sizeof(tag), ".IP \\(bu %d", item_width(m, n));
		roff_macro(&m->r, tag);
		return;
	}
	roff_newline(&m->r);
	qout_puts(&m->r.out, ".IP");
	roff_arg(&m->r, tag);
	qout_printf(&m->r.out, " %d", item_width(m, n));
	roff_newline(&m->r);
}

/* The columns of text on a terminal's page: groff's line of 78 ens less
 * man's indent of 7. tbl says a table is wider than the line when its
 * columns' widths and 3 ens a column (the rules and the gaps) come to more
 * than 72 less the insets; one column is kept in hand. */
enum { MAN_LINE = 71 };

/* How wide the inlines of a block (a table cell, a paragraph) are on one
 * line, and their longest words: they are written as they will be, but
 * only measured. */
static void enter(struct man *m, struct quire_iter *it, const quire_node *n);
static void leave(struct man *m, const quire_node *n);

static void measure_inlines(struct man *m, quire_node *block, struct roff_measure *meas)
{
	struct roff saved = {.bol = m->r.bol, .font = m->r.font, .want = m->r.want,
	                     .run = m->r.run, .max_run = m->r.max_run, .word = m->r.word};
	bool term_pending = m->term_pending;
	struct quire_iter it;

	*meas = (struct roff_measure){0};
	m->r.measure = meas;
	m->r.bol = false; /* as after a cell's lead-in */
	m->r.run = m->r.word = 0;
	quire_iter_init(&it, block);
	while (quire_iter_next(&it) != QUIRE_EV_DONE && !m->oom) {
		const quire_node *n = quire_iter_node(&it);
		if (n == block)
			continue;
		if (it.event == QUIRE_EV_ENTER)
			enter(m, &it, n);
		else
			leave(m, n);
	}
	m->r.measure = NULL;
	m->r.bol = saved.bol;
	m->r.font = saved.font;
	m->r.want = saved.want;
	m->r.run = saved.run;
	m->r.max_run = saved.max_run;
	m->r.word = saved.word;
	m->term_pending = term_pending;
}

/* The largest share such that no column wider than it, each column
 * taking the lesser of it and its own need, takes more than room. */
static int fair_share(const int *need, int n, long long room)
{
	int lo = 1, hi = 1;
	for (int c = 0; c < n; c++)
		if (need[c] > hi)
			hi = need[c];
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		long long sum = 0;
		for (int c = 0; c < n; c++)
			sum += need[c] < mid ? need[c] : mid;
		if (sum <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The columns a cell covers, kept inside the table. */
static int cell_span(const quire_node *table, const quire_node *cell)
{
	int n = table->as.table.columns, c = cell->as.cell.column, span = cell->as.cell.colspan;
	if (span < 1 || c < 0 || c >= n)
		return 1;
	return span > n - c ? n - c : span;
}

/* Would the table, each cell on one line, be wider than the page? Then
 * every cell becomes a text block (T{ ... T}) in a column of a width
 * set here, so that no table runs past the right edge: each column gets
 * its longest word, and the room left is shared in proportion to how much
 * more each would like. When even the longest words do not fit, the
 * columns share the room fairly and longer words get break points
 * (roff.max_run), as tbl would otherwise let them overflow. */
static void table_layout(struct man *m, const quire_node *table)
{
	int n = table->as.table.columns > 0 ? table->as.table.columns : 1;
	int *minw = calloc((size_t)n, sizeof(*minw)), *maxw = calloc((size_t)n, sizeof(*maxw));
	int *w = NULL;
	long long total_min = 0, total_max = 0, room = (long long)MAN_LINE - m->inset - 3LL * n;

	m->table_blocks = false;
	if (minw == NULL || maxw == NULL) {
		m->oom = true;
		goto out;
	}
	/* Cells across columns count after the others, widening their
	 * columns only when these are too narrow together. */
	for (int pass = 0; pass < 2; pass++)
		for (quire_node *row = table->first_child; row; row = row->next)
			for (quire_node *cell = row->first_child; cell; cell = cell->next) {
				int col = cell->as.cell.column, span = cell_span(table, cell);
				struct roff_measure meas;
				if (col < 0 || col >= n || (span > 1) != (pass == 1))
					continue;
				measure_inlines(m, cell, &meas);
				int total = meas.total > INT_MAX / 4 ? INT_MAX / 4 : (int)meas.total;
				int longest = meas.longest > INT_MAX / 4 ? INT_MAX / 4 : (int)meas.longest;
				quire_columns_widen(maxw, col, span, total, MAN_COLUMN_GAP);
				quire_columns_widen(minw, col, span, longest, MAN_COLUMN_GAP);
			}
	for (int c = 0; c < n; c++) {
		if (minw[c] < 1)
			minw[c] = 1;
		if (maxw[c] < minw[c])
			maxw[c] = minw[c];
		total_min += minw[c];
		total_max += maxw[c];
	}
	if (total_max <= room)
		goto out;
	w = malloc((size_t)n * sizeof(*w));
	if (w == NULL) {
		m->oom = true;
		goto out;
	}
	if (total_min <= room) {
		long long extra = room - total_min, span = total_max - total_min, given = 0;
		for (int c = 0; c < n; c++) {
			long long add = extra * (maxw[c] - minw[c]) / span;
			w[c] = minw[c] + (int)add;
			given += add;
		}
		for (int c = 0; given < extra; c = (c + 1) % n)
			if (w[c] < maxw[c]) {
				w[c]++;
				given++;
			}
	} else {
		/* At least one column each, even if the table then overflows. */
		long long left = room > n ? room : n;
		int share = fair_share(minw, n, left);
		for (int c = 0; c < n; c++) {
			w[c] = minw[c] < share ? minw[c] : share;
			left -= w[c];
		}
		for (int c = 0; c < n && left > 0; c++)
			if (w[c] < minw[c]) {
				w[c]++;
				left--;
			}
	}
	m->table_blocks = true;
	m->widths = w;
	m->ncols = n;
out:
	free(minw);
	free(maxw);
}

static char align_key(enum quire_align a)
{
	switch (a) {
	case QUIRE_ALIGN_NONE:
	case QUIRE_ALIGN_LEFT: return 'l';
	case QUIRE_ALIGN_CENTER: return 'c';
	case QUIRE_ALIGN_RIGHT: return 'r';
	}
	return 'l';
}

static bool has_spans(const quire_node *table)
{
	for (const quire_node *row = table->first_child; row; row = row->next)
		for (const quire_node *cell = row->first_child; cell; cell = cell->next)
			if (cell->as.cell.colspan != 1 || cell->as.cell.rowspan != 1 ||
			    cell->as.cell.align != QUIRE_ALIGN_NONE)
				return true;
	return false;
}

/* A table with spans or cells of their own alignment: a format line a
 * row, where tbl's 's' continues a cell across and '^' down. A cell down
 * several rows starts at their top ('t'). */
static void put_span_format(struct man *m, const quire_node *table)
{
	int n = table->as.table.columns;
	size_t nrows = 0, r = 0;
	size_t *end = calloc((size_t)n, sizeof(*end)); /* per column: the row after its cell's */
	int *span = calloc((size_t)n, sizeof(*span));   /* at a cell's first column: its columns */

	for (const quire_node *row = table->first_child; row; row = row->next)
		nrows++;
	if (end == NULL || span == NULL || nrows > SIZE_MAX / (size_t)n ||
	    (m->slots = malloc(nrows * (size_t)n)) == NULL) {
		m->oom = true;
		goto out;
	}
	for (const quire_node *row = table->first_child; row; row = row->next, r++) {
		char *slots = m->slots + r * (size_t)n;
		memset(slots, '^', (size_t)n);
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			int c = cell->as.cell.column, cs = cell_span(table, cell);
			if (c < 0 || c >= n)
				continue;
			slots[c] = 'k';
			memset(slots + c + 1, 's', (size_t)cs - 1);
			size_t rs = cell->as.cell.rowspan > 1 ? (size_t)cell->as.cell.rowspan : 1;
			for (int k = c; k < c + cs; k++) {
				end[k] = r + rs;
				span[k] = 0;
			}
			span[c] = cs;
		}
		/* A slot no cell covers (against the model's promise) is an
		 * empty entry rather than a span of nothing. */
		for (int c = 0; c < n; c++)
			if (slots[c] == '^' && (r == 0 || end[c] <= r))
				slots[c] = 'k';
		/* Below a cell across columns, its continuation spans them too. */
		for (int c = 0; c < n; c++)
			if (slots[c] == '^' && span[c] > 1)
				for (int k = c + 1; k < c + span[c] && k < n && slots[k] == '^'; k++)
					slots[k] = 's';
		const quire_node *cell = row->first_child; /* cells are in column order */
		for (int c = 0; c < n; c++) {
			if (c)
				qout_putc(&m->r.out, ' ');
			if (slots[c] != 'k') {
				qout_putc(&m->r.out, slots[c]);
				continue;
			}
			while (cell && cell->as.cell.column < c)
				cell = cell->next;
			const quire_node *at = cell && cell->as.cell.column == c ? cell : NULL;
			enum quire_align a = at && at->as.cell.align != QUIRE_ALIGN_NONE
			                             ? at->as.cell.align
			                             : table->as.table.align[c];
			qout_printf(&m->r.out, "%c%s%s", align_key(a), row->as.row.header ? "b" : "",
			            at && at->as.cell.rowspan > 1 ? "t" : "");
			/* A text block's width is its column's. */
			if (m->widths && c < m->ncols)
				qout_printf(&m->r.out, "w(%dn)", m->widths[c]);
		}
		qout_puts(&m->r.out, row->next ? "\n" : ".\n");
	}
out:
	free(end);
	free(span);
}

static void put_table_format(struct man *m, const quire_node *table)
{
	const quire_node *first = table->first_child;
	/* Narrow text blocks set ragged: justified, they leave gaps. */
	if (m->table_blocks)
		roff_macro(&m->r, ".na");
	roff_macro(&m->r, ".TS");
	roff_macro(&m->r, "allbox;");
	if (table->as.table.columns > 0 && first && has_spans(table)) {
		put_span_format(m, table);
		m->r.bol = true;
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		bool header = pass == 0;
		if (header && !(first && first->as.row.header))
			continue;
		for (int c = 0; c < table->as.table.columns; c++) {
			char key = 'l';
			switch (table->as.table.align[c]) {
			case QUIRE_ALIGN_NONE:
			case QUIRE_ALIGN_LEFT: key = 'l'; break;
			case QUIRE_ALIGN_CENTER: key = 'c'; break;
			case QUIRE_ALIGN_RIGHT: key = 'r'; break;
			}
			qout_printf(&m->r.out, "%s%c%s", c ? " " : "", key, header ? "b" : "");
			/* A text block's width is its column's. */
			if (m->widths && c < m->ncols)
				qout_printf(&m->r.out, "w(%dn)", m->widths[c]);
		}
		if (table->as.table.columns == 0)
			qout_putc(&m->r.out, 'l');
		qout_puts(&m->r.out, header ? "\n" : ".\n");
	}
	m->r.bol = true;
}

/* The entries of the current row's columns from m->slot to end that a
 * cell above covers ('^'): tbl ignores their data, but a row of nothing
 * else would be a blank line, which is no row. */
static void span_entries(struct man *m, const quire_node *table, int end)
{
	int n = table ? table->as.table.columns : 0;
	const char *slots = m->slots + m->row * (size_t)n;
	if (end > n)
		end = n;
	for (; m->slot < end; m->slot++)
		if (slots[m->slot] == '^')
			roff_raw(&m->r, m->entries++ > 0 ? "\t\\&" : "\\&"); /* never a blank line */
}

/* The longest word text may have where it is being written: a table
 * column's width, or the line's less an item's indent. */
static void text_limit(struct man *m)
{
	int limit = 0;
	if (m->r.measure == NULL && m->table == 0) {
		limit = MAN_LINE - 7 - m->inset;
		if (limit < 8)
			limit = 8;
	} else if (m->r.measure == NULL && m->widths && m->cell >= 0 && m->cell < m->ncols) {
		int span = m->cellspan < 1 || m->cellspan > m->ncols - m->cell ? 1 : m->cellspan;
		limit = quire_columns_width(m->widths, m->cell, span, MAN_COLUMN_GAP);
	}
	m->r.max_run = limit;
}

/* A link shows its text and then its address, unless the text is the
 * address (autolinks) or the link points inside the document. */
static void link_target(struct man *m, const quire_node *n)
{
	const char *url = n->as.link.url;
	if (url[0] == '\0' || url[0] == '#')
		return;
	char *text = quire_node_plain_text(n);
	if (text == NULL) {
		m->oom = true;
		return;
	}
	bool same = strcmp(text, url) == 0 ||
	            (strncmp(url, "mailto:", 7) == 0 && strcmp(text, url + 7) == 0);
	free(text);
	if (same)
		return;
	roff_text(&m->r, " ", 1, ROFF_TEXT);
	roff_url(&m->r, "<", url, strlen(url), ">", m->table ? ROFF_TEXT_CELL : ROFF_TEXT);
}

/* Whether a text is its link's address (an autolink), to be written as
 * one. */
static bool is_link_address(const quire_node *n)
{
	const quire_node *link = n->parent;
	if (link == NULL || link->kind != QUIRE_LINK || n->prev || n->next)
		return false;
	const char *url = link->as.link.url;
	size_t len = n->as.literal.len;
	if (strncmp(url, "mailto:", 7) == 0 && strlen(url + 7) == len &&
	    memcmp(url + 7, n->as.literal.text, len) == 0)
		return true;
	return strlen(url) == len && memcmp(url, n->as.literal.text, len) == 0;
}

/* A word wider than the line (a long URL) is broken at its break points,
 * and a line holding nothing but a piece of it has no space that troff
 * could stretch to justify it ("cannot adjust line"): such a paragraph
 * is set ragged-right. */
static void ragged_paragraph(struct man *m, quire_node *para)
{
	struct roff_measure meas;
	if (m->r.measure || m->table || m->ragged)
		return;
	measure_inlines(m, para, &meas);
	if (meas.longest_word > m->r.max_run) {
		roff_macro(&m->r, ".na");
		m->ragged = true;
	}
}

static void enter(struct man *m, struct quire_iter *it, const quire_node *n)
{
	enum roff_text_mode text_mode = m->table ? ROFF_TEXT_CELL : ROFF_TEXT;
	char line[48];
	bool on_tag;

	text_limit(m);
	switch (n->kind) {
	case QUIRE_DOCUMENT:
		break;
	case QUIRE_HEADING:
		block_lead_in(m, n);
		if (is_section(n)) {
			roff_macro(&m->r, n->as.heading.level == 1 ? ".SH" : ".SS");
			m->r.font = ROFF_B; /* the macro sets bold */
		} else {
			roff_macro(&m->r, ".PP");
		}
		m->heading++;
		set_font(m);
		break;
	case QUIRE_PARAGRAPH:
		if (m->runin) {
			/* After a details' summary, on its line. */
			m->runin = false;
			ragged_paragraph(m, quire_iter_node(it));
			break;
		}
		on_tag = block_lead_in(m, n);
		if (!on_tag && !m->table)
			roff_macro(&m->r, ".PP");
		ragged_paragraph(m, quire_iter_node(it));
		break;
	case QUIRE_BLOCK_QUOTE:
		block_lead_in(m, n);
		roff_macro(&m->r, ".RS 4");
		m->inset += 4;
		break;
	case QUIRE_FIGURE:
		/* Its blocks as they are; its caption in italic. */
		block_lead_in(m, n);
		break;
	case QUIRE_CAPTION:
		if (!block_lead_in(m, n))
			roff_macro(&m->r, ".PP");
		m->emph++;
		set_font(m);
		break;
	case QUIRE_ADMONITION: {
		/* A quote headed by its label in bold, a line of its own. */
		const char *label = quire_admonition_label(n->as.admonition.type);
		block_lead_in(m, n);
		roff_macro(&m->r, ".RS 4");
		m->inset += 4;
		roff_macro(&m->r, ".PP");
		m->strong++;
		set_font(m);
		roff_text(&m->r, label, strlen(label), ROFF_TEXT);
		m->strong--;
		set_font(m);
		roff_newline(&m->r);
		break;
	}
	case QUIRE_DEFINITION_LIST:
	case QUIRE_DETAILS:
		block_lead_in(m, n);
		break;
	case QUIRE_DEFINITION_TERM:
		/* Terms are tags of tagged paragraphs (.TP), in bold on one
		 * line; several terms share the tag, separated by commas. */
		if (n->prev && n->prev->kind == QUIRE_DEFINITION_TERM) {
			roff_text(&m->r, ", ", 2, ROFF_TEXT);
		} else {
			roff_macro(&m->r, ".TP 7");
		}
		m->heading++;
		set_font(m);
		break;
	case QUIRE_DEFINITION:
		/* The definition of the terms before it is the tagged
		 * paragraph's body; another one, or one without a term,
		 * has an empty tag. */
		if (n->prev == NULL || n->prev->kind != QUIRE_DEFINITION_TERM)
			roff_macro(&m->r, ".IP \"\" 7");
		break;
	case QUIRE_SUMMARY:
		/* A bold run-in title: the first paragraph goes on after it. */
		roff_macro(&m->r, ".PP");
		m->strong++;
		set_font(m);
		break;
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
		block_lead_in(m, n);
		push_frame(m, n);
		if (m->oom)
			break;
		/* Terms keep man's space between entries, tight or not. */
		if (n->as.list.tight && !top_frame(m)->terms && m->tight++ == 0) {
			/* Keep a tight list apart from what precedes it, then
			 * drop the space between its items. */
			if (n->prev)
				roff_macro(&m->r, ".sp");
			roff_macro(&m->r, ".PD 0");
		}
		break;
	case QUIRE_LIST_ITEM:
		item_tag(m, n);
		break;
	case QUIRE_CODE_BLOCK:
		if (!block_lead_in(m, n))
			roff_macro(&m->r, ".PP");
		roff_macro(&m->r, ".RS 4");
		roff_macro(&m->r, ".EX");
		roff_text(&m->r, n->as.code.literal.text, n->as.code.literal.len, ROFF_CODE_LINES);
		roff_macro(&m->r, ".EE");
		roff_macro(&m->r, ".RE");
		break;
	case QUIRE_THEMATIC_BREAK:
		block_lead_in(m, n);
		roff_macro(&m->r, ".PP");
		roff_macro(&m->r, ".ce 1");
		roff_raw(&m->r, "* * *\n");
		break;
	case QUIRE_TABLE:
		if (!block_lead_in(m, n))
			roff_macro(&m->r, ".PP");
		m->table++;
		m->row = 0;
		table_layout(m, n);
		put_table_format(m, n);
		break;
	case QUIRE_TABLE_ROW:
		roff_newline(&m->r);
		m->slot = 0;
		m->entries = 0;
		break;
	case QUIRE_TABLE_CELL: {
		const quire_node *table = n->parent ? n->parent->parent : NULL;
		m->cell = n->as.cell.column;
		m->cellspan = table ? cell_span(table, n) : 1;
		/* With spans, the data line has an entry for each column but
		 * those an 's' covers: the '^' ones before this cell are
		 * empty. */
		bool tab = n->as.cell.column > 0;
		if (m->slots) {
			span_entries(m, table, m->cell);
			tab = m->entries++ > 0;
			m->slot = m->cell + m->cellspan;
		}
		text_limit(m);
		/* A cell that begins with '.', '_' or '=' would be read as a
		 * request or a rule; a zero-width glyph first defuses all. */
		if (m->table_blocks)
			roff_raw(&m->r, tab ? "\tT{\n\\&" : "T{\n\\&");
		else
			roff_raw(&m->r, tab ? "\t\\&" : "\\&");
		break;
	}
	case QUIRE_FOOTNOTE_DEF:
		if (n->as.footnote.number == 0) {
			quire_iter_skip_children(it);
			break;
		}
		if (!m->notes_started) {
			roff_macro(&m->r, ".SH NOTES");
			m->notes_started = true;
		}
		snprintf(line, sizeof(line), "[%d]", n->as.footnote.number);
		roff_newline(&m->r);
		qout_puts(&m->r.out, ".IP");
		roff_arg(&m->r, line);
		qout_puts(&m->r.out, " 4");
		roff_newline(&m->r);
		break;
	case QUIRE_HTML_BLOCK:
		/* Raw HTML has no meaning in a manual page, but as an item's
		 * first inset child it opens the inset the item closes. */
		block_lead_in(m, n);
		break;
	case QUIRE_HTML_INLINE:
		break; /* raw HTML has no meaning in a manual page */
	case QUIRE_TEXT:
		if (is_link_address(n))
			roff_url(&m->r, "", n->as.literal.text, n->as.literal.len, "", text_mode);
		else
			roff_text(&m->r, n->as.literal.text, n->as.literal.len, text_mode);
		break;
	case QUIRE_SOFT_BREAK:
		if (m->heading || m->table)
			roff_text(&m->r, " ", 1, text_mode);
		else
			roff_newline(&m->r);
		break;
	case QUIRE_HARD_BREAK:
		if (m->term_pending) {
			/* The term's line ends: .TP takes it as the tag. */
			roff_newline(&m->r);
			m->term_pending = false;
		} else if (m->heading || m->table) {
			roff_text(&m->r, " ", 1, text_mode);
		} else {
			roff_macro(&m->r, ".br");
		}
		break;
	case QUIRE_EMPH:
		m->emph++;
		set_font(m);
		break;
	case QUIRE_STRONG:
		m->strong++;
		set_font(m);
		break;
	case QUIRE_STRIKETHROUGH:
	case QUIRE_MARK:
		break;
	case QUIRE_SUPERSCRIPT:
		/* groff's \u and \d are half-line motions that nroff shows
		 * only on devices that can move by half lines, and a motion
		 * left unbalanced by a cut line shifts the rest: pandoc's
		 * ^(x) and _(x) read the same everywhere. */
		roff_text(&m->r, "^(", 2, text_mode);
		break;
	case QUIRE_SUBSCRIPT:
		roff_text(&m->r, "_(", 2, text_mode);
		break;
	case QUIRE_KBD:
		m->kbd++;
		set_font(m);
		break;
	case QUIRE_UNDERLINE:
		m->underline++;
		set_font(m);
		break;
	case QUIRE_CODE:
		m->code++;
		set_font(m);
		roff_text(&m->r, n->as.literal.text, n->as.literal.len, text_mode);
		m->code--;
		set_font(m);
		break;
	case QUIRE_LINK:
	case QUIRE_IMAGE:
		break;
	case QUIRE_FOOTNOTE_REF:
		if (n->as.footnote.number > 0) {
			snprintf(line, sizeof(line), "[%d]", n->as.footnote.number);
			roff_text(&m->r, line, strlen(line), text_mode);
		}
		break;
	}
}

static void leave(struct man *m, const quire_node *n)
{
	text_limit(m);
	switch (n->kind) {
	case QUIRE_HEADING:
		m->heading--;
		if (is_section(n)) {
			/* The macro's bold ends with the line by itself. */
			roff_newline(&m->r);
			m->r.font = m->r.want = ROFF_R;
		} else {
			set_font(m);
			roff_newline(&m->r);
		}
		break;
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_ADMONITION:
		roff_macro(&m->r, ".RE");
		m->inset -= 4;
		break;
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
		if (m->nframes == 0)
			break;
		if (n->as.list.tight && !top_frame(m)->terms && --m->tight == 0)
			roff_macro(&m->r, ".PD");
		m->nframes--;
		break;
	case QUIRE_DEFINITION_LIST:
	case QUIRE_DETAILS:
		break;
	case QUIRE_DEFINITION_TERM:
		m->heading--;
		set_font(m);
		if (n->next == NULL || n->next->kind != QUIRE_DEFINITION_TERM)
			roff_newline(&m->r);
		break;
	case QUIRE_SUMMARY:
		m->strong--;
		set_font(m);
		if (n->next && n->next->kind == QUIRE_PARAGRAPH) {
			roff_text(&m->r, " ", 1, ROFF_TEXT);
			m->runin = true;
		} else {
			roff_newline(&m->r);
		}
		break;
	case QUIRE_LIST_ITEM:
	case QUIRE_DEFINITION:
	case QUIRE_FOOTNOTE_DEF:
		/* An unreferenced note was skipped whole. */
		if (n->kind == QUIRE_FOOTNOTE_DEF && n->as.footnote.number == 0)
			break;
		if (first_inset_child(n)) {
			roff_macro(&m->r, ".RE");
			m->inset -= item_width(m, n);
		}
		break;
	case QUIRE_TABLE:
		m->table--;
		free(m->slots);
		m->slots = NULL;
		roff_macro(&m->r, ".TE");
		if (m->table_blocks)
			roff_macro(&m->r, ".ad");
		m->table_blocks = false;
		free(m->widths);
		m->widths = NULL;
		/* tbl swallows the space the next paragraph would add. */
		roff_macro(&m->r, ".sp");
		break;
	case QUIRE_TABLE_ROW:
		if (m->slots && n->parent)
			span_entries(m, n->parent, n->parent->as.table.columns);
		m->row++;
		roff_newline(&m->r);
		break;
	case QUIRE_PARAGRAPH:
		m->term_pending = false;
		roff_newline(&m->r);
		if (m->ragged && !m->r.measure) {
			roff_macro(&m->r, ".ad");
			m->ragged = false;
		}
		break;
	case QUIRE_CAPTION:
		m->emph--;
		set_font(m);
		roff_newline(&m->r);
		break;
	case QUIRE_EMPH:
		m->emph--;
		set_font(m);
		break;
	case QUIRE_STRONG:
		m->strong--;
		set_font(m);
		break;
	case QUIRE_KBD:
		m->kbd--;
		set_font(m);
		break;
	case QUIRE_UNDERLINE:
		m->underline--;
		set_font(m);
		break;
	case QUIRE_SUPERSCRIPT:
	case QUIRE_SUBSCRIPT:
		roff_text(&m->r, ")", 1, m->table ? ROFF_TEXT_CELL : ROFF_TEXT);
		break;
	case QUIRE_LINK:
		link_target(m, n);
		break;
	case QUIRE_TABLE_CELL:
		/* A cell ending in code or bold would otherwise change the font
		 * after its end: at the start of the next cell, or on the T}
		 * line, where tbl no longer sees the end of the text block. */
		roff_font_now(&m->r);
		if (m->table_blocks) {
			roff_newline(&m->r);
			roff_raw(&m->r, "T}");
		}
		break;
	case QUIRE_DOCUMENT:
	case QUIRE_FIGURE:
	case QUIRE_CODE_BLOCK:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_HTML_BLOCK:
	case QUIRE_TEXT:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_STRIKETHROUGH:
	case QUIRE_MARK:
	case QUIRE_CODE:
	case QUIRE_IMAGE:
	case QUIRE_FOOTNOTE_REF:
	case QUIRE_HTML_INLINE:
		break;
	}
}

static bool has_table(const quire_doc *doc)
{
	struct quire_iter it;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		if (n->kind == QUIRE_TABLE)
			return true;
		/* Tables are blocks: no need to look inside paragraphs. */
		if (it.event == QUIRE_EV_ENTER &&
		    (n->kind == QUIRE_PARAGRAPH || n->kind == QUIRE_HEADING))
			quire_iter_skip_children(&it);
	}
	return false;
}

/* Whether the document has its own NAME section first, as a manual page
 * written in Markdown does. */
static bool has_name_section(const quire_doc *doc, bool *oom)
{
	const quire_node *first = quire_doc_root(doc)->first_child;
	if (first == NULL || !is_section(first) || first->as.heading.level != 1)
		return false;
	char *text = quire_node_plain_text(first);
	if (text == NULL) {
		*oom = true;
		return false;
	}
	bool name = strcasecmp(text, "NAME") == 0;
	free(text);
	return name;
}

/* The page's name for .TH, which man(1) prints at both ends of the header
 * line: a title of one word (the command's name) as it is (*whole);
 * otherwise, as a headline would fill the line and overlap itself, the
 * input file's name without its extension or else the title's first word.
 * *len gets the length of the name at the returned pointer. */
static const char *page_name(const char *title, const char *filename, size_t *len, bool *whole)
{
	const char *space = " \t\n\r";
	*whole = title && title[strcspn(title, space)] == '\0';
	if (*whole) {
		*len = strlen(title);
		return title;
	}
	if (filename && strcmp(filename, "-") != 0) {
		const char *base = strrchr(filename, '/');
		base = base ? base + 1 : filename;
		const char *dot = strrchr(base, '.');
		*len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		return base;
	}
	if (title == NULL)
		title = "";
	title += strspn(title, space);
	*len = strcspn(title, space);
	return title;
}

/* .TH title section date source manual. The section comes from the
 * metadata key "section" (default 1); without a date in the metadata the
 * write timestamp (SOURCE_DATE_EPOCH) gives one. A title that is not the
 * page's name (a headline) follows in a NAME section, "name \- title", as
 * man(7) asks, unless the document has one. */
static void put_header(struct man *m, const struct quire_write_options *opts)
{
	const struct quire_meta *meta = quire_doc_meta(m->doc);
	const char *section = quire_meta_get(m->doc, "section");
	const char *source = quire_meta_get(m->doc, "source");
	const char *manual = quire_meta_get(m->doc, "manual");
	char date[32];
	size_t len;
	bool whole;
	const char *name = page_name(meta->title, opts->filename, &len, &whole);
	char *upper = malloc(len + 1);

	if (upper == NULL) {
		m->oom = true;
		goto out;
	}
	/* Upper case, as manual pages name themselves in their header; ASCII
	 * only, whatever the locale, so that UTF-8 stays whole. */
	for (size_t i = 0; i < len; i++)
		upper[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
	upper[len] = '\0';
	if (meta->date) {
		snprintf(date, sizeof(date), "%s", meta->date);
	} else {
		time_t t = (time_t)opts->timestamp;
		struct tm tm;
		if (gmtime_r(&t, &tm) == NULL || strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
			date[0] = '\0';
	}
	if (has_table(m->doc))
		roff_raw(&m->r, "'\\\" t\n"); /* tells man(1) to run tbl */
	roff_raw(&m->r, ".\\\" Generated by quire; edit the source instead.\n");
	qout_puts(&m->r.out, ".TH");
	roff_arg(&m->r, whole ? meta->title : upper);
	roff_arg(&m->r, section && *section ? section : "1");
	roff_arg(&m->r, meta->date ? meta->date : date);
	roff_arg(&m->r, source ? source : "");
	roff_arg(&m->r, manual ? manual : "");
	roff_newline(&m->r);
	if (meta->title && !whole &&
	    !has_name_section(m->doc, &m->oom)) {
		roff_macro(&m->r, ".SH NAME");
		if (len > 0) {
			roff_text(&m->r, name, len, ROFF_TEXT);
			roff_text(&m->r, " - ", 3, ROFF_TEXT);
		}
		roff_text(&m->r, meta->title, strlen(meta->title), ROFF_TEXT);
		roff_newline(&m->r);
	}
out:
	free(upper);
}

static enum quire_status man_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	struct man m = {.doc = doc};
	struct quire_iter it;
	enum quire_status st;

	(void)log;
	roff_init(&m.r, sink);
	put_header(&m, opts);
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE && !m.oom) {
		const quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_ENTER)
			enter(&m, &it, n);
		else
			leave(&m, n);
	}
	roff_newline(&m.r);
	st = qout_finish(&m.r.out);
	if (st == QUIRE_OK && m.oom)
		st = QUIRE_ERR_NOMEM;
	free(m.frames);
	free(m.widths);
	free(m.slots);
	return st;
}

const struct quire_writer quire_writer_man = {
	.name = "man",
	.extensions = "man,1,2,3,4,5,6,7,8,roff",
	.description = "a manual page (roff with the man macros)",
	.binary = false,
	.write = man_write,
};
