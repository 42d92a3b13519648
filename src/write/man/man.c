/* The man backend: roff with the man macros, for `man -l` and for quire's
 * own manual page. man has two heading levels, paragraphs, indented
 * paragraphs with a tag and relative insets; everything else is mapped
 * onto those, and tables go to tbl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roff.h"

struct list_frame {
	int number; /* ordered lists: the next item's number */
	bool terms; /* a list of terms (see is_term_list) */
};

struct man {
	struct roff r;
	const quire_doc *doc;
	int emph, strong, code; /* nesting of inline styles */
	int heading;            /* > 0 inside a heading: bold base, one line */
	int table;              /* > 0 inside a table: one line a row */
	bool table_blocks;      /* its cells are text blocks (a wide table) */
	int tight;              /* nesting of tight lists (.PD 0 while > 0) */
	bool notes_started;     /* the NOTES section has been opened */
	/* One frame per open list. Heap memory, because the depth is the
	 * input's. */
	struct list_frame *frames;
	size_t nframes, frames_cap;
	bool term_pending;      /* the current .TP tag line is still open */
	bool oom;
};

static void set_font(struct man *m)
{
	bool bold = m->strong > 0 || m->code > 0 || m->heading > 0;
	bool italic = m->emph > 0;
	roff_font(&m->r, bold && italic ? ROFF_BI : bold ? ROFF_B : italic ? ROFF_I : ROFF_R);
}

static bool is_item(const quire_node *n)
{
	return n && (n->kind == QUIRE_LIST_ITEM || n->kind == QUIRE_FOOTNOTE_DEF);
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

/* Would the table, each cell on one line, be wider than a terminal's
 * page (about 65 columns inside man's indent)? Then every cell becomes a
 * text block (T{ ... T}), which tbl fills within a share of the line, so
 * that no table runs past the right edge. */
enum { MAN_TABLE_WIDTH = 65 };

static bool table_is_wide(const quire_node *table, bool *oom)
{
	size_t ncols = table->as.table.columns > 0 ? (size_t)table->as.table.columns : 1;
	size_t *widest = calloc(ncols, sizeof(*widest));
	size_t total = 3 * ncols;
	if (widest == NULL) {
		*oom = true;
		return false;
	}
	for (const quire_node *row = table->first_child; row; row = row->next)
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			size_t col = cell->as.cell.column >= 0 ? (size_t)cell->as.cell.column : 0;
			char *text = quire_node_plain_text(cell);
			if (text == NULL) {
				*oom = true;
				continue;
			}
			size_t width = 0;
			for (const char *c = text; *c; c++)
				width += ((unsigned char)*c & 0xC0) != 0x80;
			free(text);
			if (col < ncols && width > widest[col])
				widest[col] = width;
		}
	for (size_t c = 0; c < ncols; c++)
		total += widest[c];
	free(widest);
	return total > MAN_TABLE_WIDTH;
}

static void put_table_format(struct man *m, const quire_node *table)
{
	const quire_node *first = table->first_child;
	m->table_blocks = table_is_wide(table, &m->oom);
	/* Narrow text blocks set ragged: justified, they leave gaps. */
	if (m->table_blocks)
		roff_macro(&m->r, ".na");
	roff_macro(&m->r, ".TS");
	roff_macro(&m->r, "allbox;");
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
		}
		if (table->as.table.columns == 0)
			qout_putc(&m->r.out, 'l');
		qout_puts(&m->r.out, header ? "\n" : ".\n");
	}
	m->r.bol = true;
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
	roff_text(&m->r, " <", 2, ROFF_TEXT);
	roff_text(&m->r, url, strlen(url), m->table ? ROFF_TEXT_CELL : ROFF_TEXT);
	roff_text(&m->r, ">", 1, ROFF_TEXT);
}

static void enter(struct man *m, struct quire_iter *it, const quire_node *n)
{
	enum roff_text_mode text_mode = m->table ? ROFF_TEXT_CELL : ROFF_TEXT;
	char line[48];
	bool on_tag;

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
		on_tag = block_lead_in(m, n);
		if (!on_tag && !m->table)
			roff_macro(&m->r, ".PP");
		break;
	case QUIRE_BLOCK_QUOTE:
		block_lead_in(m, n);
		roff_macro(&m->r, ".RS 4");
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
		put_table_format(m, n);
		m->table++;
		break;
	case QUIRE_TABLE_ROW:
		roff_newline(&m->r);
		break;
	case QUIRE_TABLE_CELL:
		/* A cell that begins with '.', '_' or '=' would be read as a
		 * request or a rule; a zero-width glyph first defuses all. */
		if (m->table_blocks)
			roff_raw(&m->r, n->as.cell.column > 0 ? "\tT{\n\\&" : "T{\n\\&");
		else
			roff_raw(&m->r, n->as.cell.column > 0 ? "\t\\&" : "\\&");
		break;
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
	case QUIRE_HTML_INLINE:
		break; /* raw HTML has no meaning in a manual page */
	case QUIRE_TEXT:
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
		roff_macro(&m->r, ".RE");
		break;
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
		if (m->nframes == 0)
			break;
		if (n->as.list.tight && !top_frame(m)->terms && --m->tight == 0)
			roff_macro(&m->r, ".PD");
		m->nframes--;
		break;
	case QUIRE_LIST_ITEM:
	case QUIRE_FOOTNOTE_DEF:
		/* An unreferenced note was skipped whole. */
		if (n->kind == QUIRE_FOOTNOTE_DEF && n->as.footnote.number == 0)
			break;
		if (first_inset_child(n))
			roff_macro(&m->r, ".RE");
		break;
	case QUIRE_TABLE:
		m->table--;
		roff_macro(&m->r, ".TE");
		if (m->table_blocks)
			roff_macro(&m->r, ".ad");
		m->table_blocks = false;
		/* tbl swallows the space the next paragraph would add. */
		roff_macro(&m->r, ".sp");
		break;
	case QUIRE_TABLE_ROW:
		roff_newline(&m->r);
		break;
	case QUIRE_PARAGRAPH:
		m->term_pending = false;
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
	case QUIRE_LINK:
		link_target(m, n);
		break;
	case QUIRE_DOCUMENT:
	case QUIRE_CODE_BLOCK:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_TABLE_CELL:
		if (m->table_blocks) {
			if (!m->r.bol)
				roff_raw(&m->r, "\n");
			roff_raw(&m->r, "T}");
		}
		break;
	case QUIRE_HTML_BLOCK:
	case QUIRE_TEXT:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_STRIKETHROUGH:
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

/* .TH title section date source manual. The section comes from the
 * metadata key "section" (default 1); without a date in the metadata the
 * write timestamp (SOURCE_DATE_EPOCH) gives one. */
static void put_header(struct man *m, const struct quire_write_options *opts)
{
	const struct quire_meta *meta = quire_doc_meta(m->doc);
	const char *section = quire_meta_get(m->doc, "section");
	const char *source = quire_meta_get(m->doc, "source");
	const char *manual = quire_meta_get(m->doc, "manual");
	char date[32];

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
	roff_arg(&m->r, meta->title ? meta->title : "");
	roff_arg(&m->r, section && *section ? section : "1");
	roff_arg(&m->r, meta->date ? meta->date : date);
	roff_arg(&m->r, source ? source : "");
	roff_arg(&m->r, manual ? manual : "");
	roff_newline(&m->r);
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
	return st;
}

const struct quire_writer quire_writer_man = {
	.name = "man",
	.extensions = "man,1,2,3,4,5,6,7,8,roff",
	.description = "a manual page (roff with the man macros)",
	.binary = false,
	.write = man_write,
};
