/* The tree backend: the model as indented text, one node a line, so that
 * readers are golden-tested without any real output format. */
#include <stdio.h>
#include <string.h>

#include "../../core/core.h"

/* Strings are quoted; quotes, backslashes and control characters are
 * escaped so every node stays on one line. */
static void put_quoted(struct qout *o, const char *s, size_t len)
{
	qout_putc(o, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			qout_putc(o, '\\');
			qout_putc(o, (char)c);
		} else if (c == '\n') {
			qout_puts(o, "\\n");
		} else if (c == '\t') {
			qout_puts(o, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			qout_printf(o, "\\x%02x", c);
		} else {
			qout_putc(o, (char)c);
		}
	}
	qout_putc(o, '"');
}

static void put_attr(struct qout *o, const char *name, const char *value)
{
	qout_printf(o, " %s=", name);
	put_quoted(o, value, strlen(value));
}

/* An image's size as the model has it: "width=300px", "width=50%". */
static void put_length(struct qout *o, const char *name, struct quire_length len)
{
	switch (len.unit) {
	case QUIRE_UNIT_NONE:
		break;
	case QUIRE_UNIT_PX:
		qout_printf(o, " %s=%gpx", name, len.value);
		break;
	case QUIRE_UNIT_PERCENT:
		qout_printf(o, " %s=%g%%", name, len.value);
		break;
	}
}

static const char *align_name(enum quire_align a)
{
	switch (a) {
	case QUIRE_ALIGN_NONE: return "none";
	case QUIRE_ALIGN_LEFT: return "left";
	case QUIRE_ALIGN_CENTER: return "center";
	case QUIRE_ALIGN_RIGHT: return "right";
	}
	return "?";
}

static void put_meta(struct qout *o, const struct quire_meta *m)
{
	const struct { const char *key, *value; } scalars[] = {
		{"title", m->title}, {"subtitle", m->subtitle}, {"date", m->date},
		{"lang", m->lang}, {"description", m->description}, {"identifier", m->identifier},
	};
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		if (scalars[i].value == NULL)
			continue;
		qout_printf(o, "meta %s ", scalars[i].key);
		put_quoted(o, scalars[i].value, strlen(scalars[i].value));
		qout_putc(o, '\n');
	}
	for (size_t i = 0; i < m->author_count; i++) {
		qout_puts(o, "meta author ");
		put_quoted(o, m->authors[i], strlen(m->authors[i]));
		qout_putc(o, '\n');
	}
	for (size_t i = 0; i < m->keyword_count; i++) {
		qout_puts(o, "meta keyword ");
		put_quoted(o, m->keywords[i], strlen(m->keywords[i]));
		qout_putc(o, '\n');
	}
	for (size_t i = 0; i < m->extra_count; i++) {
		qout_puts(o, "meta ");
		put_quoted(o, m->extra[i].key, strlen(m->extra[i].key));
		qout_putc(o, ' ');
		put_quoted(o, m->extra[i].value, strlen(m->extra[i].value));
		qout_putc(o, '\n');
	}
}

static void put_node(struct qout *o, const quire_node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		qout_puts(o, "  ");
	qout_puts(o, quire_kind_name(n->kind));
	switch (n->kind) {
	case QUIRE_HEADING:
		qout_printf(o, " level=%d", n->as.heading.level);
		put_attr(o, "id", n->as.heading.id ? n->as.heading.id : "");
		break;
	case QUIRE_BULLET_LIST:
		qout_printf(o, " tight=%s", n->as.list.tight ? "true" : "false");
		break;
	case QUIRE_ORDERED_LIST:
		qout_printf(o, " start=%d delim=%c tight=%s", n->as.list.start, n->as.list.delim,
		            n->as.list.tight ? "true" : "false");
		break;
	case QUIRE_LIST_ITEM:
		if (n->as.item.task != QUIRE_TASK_NONE)
			qout_printf(o, " task=%s",
			            n->as.item.task == QUIRE_TASK_CHECKED ? "checked" : "unchecked");
		break;
	case QUIRE_CODE_BLOCK:
		if (n->as.code.lang[0])
			put_attr(o, "lang", n->as.code.lang);
		qout_putc(o, ' ');
		put_quoted(o, n->as.code.literal.text, n->as.code.literal.len);
		break;
	case QUIRE_TABLE:
		qout_printf(o, " columns=%d align=", n->as.table.columns);
		for (int c = 0; c < n->as.table.columns; c++)
			qout_printf(o, "%s%s", c ? "," : "", align_name(n->as.table.align[c]));
		break;
	case QUIRE_TABLE_ROW:
		if (n->as.row.header)
			qout_puts(o, " header");
		break;
	case QUIRE_TABLE_CELL:
		qout_printf(o, " column=%d", n->as.cell.column);
		if (n->as.cell.colspan != 1)
			qout_printf(o, " colspan=%d", n->as.cell.colspan);
		if (n->as.cell.rowspan != 1)
			qout_printf(o, " rowspan=%d", n->as.cell.rowspan);
		if (n->as.cell.align != QUIRE_ALIGN_NONE)
			qout_printf(o, " align=%s", align_name(n->as.cell.align));
		break;
	case QUIRE_ADMONITION:
		qout_printf(o, " type=%s", quire_admonition_name(n->as.admonition.type));
		break;
	case QUIRE_DEFINITION_LIST:
		qout_printf(o, " tight=%s", n->as.deflist.tight ? "true" : "false");
		break;
	case QUIRE_FOOTNOTE_DEF:
	case QUIRE_FOOTNOTE_REF:
		put_attr(o, "label", n->as.footnote.label);
		qout_printf(o, " number=%d", n->as.footnote.number);
		if (n->kind == QUIRE_FOOTNOTE_REF && n->as.footnote.def == NULL)
			qout_puts(o, " undefined");
		break;
	case QUIRE_LINK:
	case QUIRE_IMAGE:
		put_attr(o, "url", n->as.link.url);
		if (n->as.link.title[0])
			put_attr(o, "title", n->as.link.title);
		put_length(o, "width", n->as.link.width);
		put_length(o, "height", n->as.link.height);
		break;
	case QUIRE_TEXT:
	case QUIRE_CODE:
	case QUIRE_HTML_BLOCK:
	case QUIRE_HTML_INLINE:
		qout_putc(o, ' ');
		put_quoted(o, n->as.literal.text, n->as.literal.len);
		break;
	case QUIRE_DOCUMENT:
	case QUIRE_PARAGRAPH:
	case QUIRE_DEFINITION_TERM:
	case QUIRE_DEFINITION:
	case QUIRE_DETAILS:
	case QUIRE_SUMMARY:
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_FIGURE:
	case QUIRE_CAPTION:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_EMPH:
	case QUIRE_STRONG:
	case QUIRE_STRIKETHROUGH:
	case QUIRE_SUPERSCRIPT:
	case QUIRE_SUBSCRIPT:
	case QUIRE_KBD:
	case QUIRE_MARK:
	case QUIRE_UNDERLINE:
		break;
	}
	qout_putc(o, '\n');
}

static enum quire_status tree_write(const quire_doc *doc, const struct quire_write_options *opts,
                                    struct quire_sink *sink, struct quire_log *log)
{
	struct qout o;
	struct quire_iter it;
	int depth = 0;

	(void)opts;
	(void)log;
	qout_init(&o, sink);
	put_meta(&o, quire_doc_meta(doc));
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_EXIT) {
			depth--;
			continue;
		}
		put_node(&o, n, depth);
		if (!quire_kind_is_leaf(n->kind))
			depth++;
	}
	return qout_finish(&o);
}

const struct quire_writer quire_writer_tree = {
	.name = "tree",
	.extensions = "tree",
	.description = "the document model as indented text (for tests)",
	.binary = false,
	.write = tree_write,
};
