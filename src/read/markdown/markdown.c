/* The Markdown reader: cmark-gfm parses, this file turns cmark's tree into
 * quire's. The conversion walks cmark's ENTER/EXIT iterator and finds each
 * node's quire parent through cmark's user_data slot, so input-controlled
 * depth costs no C stack. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
/* The footnote label and the reference -> definition link have no public
 * accessor in cmark-gfm 0.29; node.h is installed with the library. */
#include <cmark-gfm/node.h>

#include "core/core.h"
#include "read/markdown/html.h"
#include "read/markdown/markdown.h"

/* A reference and the cmark definition it points to; the quire definition
 * is known only once the walk reaches it (cmark moves definitions to the
 * end of the document). */
struct pending_ref {
	quire_node *ref;
	cmark_node *def;
};

/* An inline HTML element opened and not yet closed: the following siblings
 * go into its node (NULL: transparent) until its close tag, or the end of
 * the node whose children they are. */
struct open_html {
	cmark_node *owner; /* whose children the element spans */
	quire_node *saved; /* the owner's quire node before it opened */
	quire_node *node;
	bool code;  /* node collects the text of a code span */
	bool block; /* an HTML block's details, dl or dd: finished when closed */
	char name[16];
};

struct conv {
	quire_doc *doc;
	const struct quire_read_options *opts;
	struct quire_log *log;
	unsigned line_offset; /* lines of front matter before the Markdown */
	/* cmark splits text at every delimiter it tried; pieces are joined
	 * here until a node other than text follows. A lone piece (the
	 * usual case) is copied once, straight from cmark's node. */
	quire_node *text;
	const char *text_first;
	size_t text_first_len;
	bool text_joined; /* text_buf holds the pieces */
	struct qstr text_buf;
	struct pending_ref *refs;
	size_t nrefs, refs_cap;
	struct md_html html;
	struct open_html *open;
	size_t nopen, capopen;
	enum quire_status deferred; /* a failure inside next_node() */
	/* The Markdown cmark reads, and the start of its line at_line: rows
	 * come in line order, so finding each row's line is one pass. */
	const char *body, *body_end;
	const char *at;
	unsigned at_line;
	/* Rows of the current table with more cells than it has columns;
	 * reported once for the table, at the first such row. */
	size_t over_rows, over_cells, over_columns;
	unsigned over_line, over_column;
	/* The definition list being built from Markdown, the cmark node
	 * last put in it, and the last line of that node's text. */
	quire_node *dl;
	cmark_node *dl_last;
	int dl_last_end;
};

static const char *filename(const struct conv *c)
{
	return c->opts->filename ? c->opts->filename : "-";
}

static enum quire_status flush_text(struct conv *c)
{
	if (c->text == NULL)
		return QUIRE_OK;
	if (c->text_buf.oom)
		return QUIRE_ERR_NOMEM;
	const char *p = c->text_joined ? c->text_buf.data : c->text_first;
	size_t len = c->text_joined ? c->text_buf.len : c->text_first_len;
	char *s = quire_doc_strndup(c->doc, len ? p : "", len);
	if (s == NULL)
		return QUIRE_ERR_NOMEM;
	c->text->as.literal.text = s;
	c->text->as.literal.len = len;
	c->text = NULL;
	c->text_joined = false;
	qstr_clear(&c->text_buf);
	return QUIRE_OK;
}

static unsigned node_line(const struct conv *c, cmark_node *n)
{
	int line = cmark_node_get_start_line(n);
	return line > 0 ? (unsigned)line + c->line_offset : 0;
}

static const char *chunk_dup(quire_doc *doc, const cmark_chunk *ch)
{
	return quire_doc_strndup(doc, ch->len > 0 ? (const char *)ch->data : "",
	                         ch->len > 0 ? (size_t)ch->len : 0);
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* The first word of a fence's info string ("c {.numberLines}" -> "c"). */
static const char *fence_lang(quire_doc *doc, const char *info)
{
	size_t n = 0;
	info = str_or_empty(info);
	while (info[n] && info[n] != ' ' && info[n] != '\t' && info[n] != '\n')
		n++;
	return quire_doc_strndup(doc, info, n);
}

static enum quire_status add_ref(struct conv *c, quire_node *ref, cmark_node *def)
{
	if (!QUIRE_RESERVE(c->refs, c->refs_cap, c->nrefs + 1))
		return QUIRE_ERR_NOMEM;
	c->refs[c->nrefs].ref = ref;
	c->refs[c->nrefs].def = def;
	c->nrefs++;
	return QUIRE_OK;
}

/* Extension node types are runtime values with no public declaration;
 * their names are the stable interface. */
static bool type_is(cmark_node *n, const char *name)
{
	return strcmp(cmark_node_get_type_string(n), name) == 0;
}

/* cmark's own types are numbered 1 to 11 in each class (block, inline);
 * extensions register theirs after them. Checking this first spares the
 * string comparisons for nearly every node. */
static bool is_extension_type(cmark_node_type type)
{
	return (type & ~CMARK_NODE_TYPE_MASK) > (CMARK_NODE_FOOTNOTE_DEFINITION & ~CMARK_NODE_TYPE_MASK);
}

/* The GFM extensions' table and strikethrough nodes. True when n is one of
 * them, with *out its quire node, or NULL when memory ran out. */
static bool make_gfm_node(quire_doc *doc, cmark_node *n, quire_node *parent, quire_node **out)
{
	quire_node *q = NULL;

	if (type_is(n, "table")) {
		int cols = cmark_gfm_extensions_get_table_columns(n);
		const uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
		enum quire_align *align = quire_doc_alloc(doc, (size_t)(cols ? cols : 1) * sizeof(*align));
		if ((q = quire_node_new(doc, QUIRE_TABLE)) == NULL || align == NULL) {
			q = NULL;
			goto out;
		}
		for (int i = 0; i < cols; i++)
			align[i] = al == NULL       ? QUIRE_ALIGN_NONE
			           : al[i] == 'l' ? QUIRE_ALIGN_LEFT
			           : al[i] == 'c' ? QUIRE_ALIGN_CENTER
			           : al[i] == 'r' ? QUIRE_ALIGN_RIGHT
			                          : QUIRE_ALIGN_NONE;
		q->as.table.columns = cols;
		q->as.table.align = align;
	} else if (type_is(n, "table_row") || type_is(n, "table_header")) {
		if ((q = quire_node_new(doc, QUIRE_TABLE_ROW)) != NULL)
			q->as.row.header = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
	} else if (type_is(n, "table_cell")) {
		if ((q = quire_node_new(doc, QUIRE_TABLE_CELL)) != NULL) {
			quire_node *prev = parent->last_child;
			q->as.cell.column =
				prev && prev->kind == QUIRE_TABLE_CELL ? prev->as.cell.column + 1 : 0;
		}
	} else if (type_is(n, "strikethrough")) {
		q = quire_node_new(doc, QUIRE_STRIKETHROUGH);
	} else {
		return false;
	}
out:
	*out = q;
	return true;
}

/* A footnote definition or reference, or NULL when memory ran out. */
static quire_node *make_footnote(struct conv *c, cmark_node *n, bool reference)
{
	quire_node *q = quire_node_new(c->doc, reference ? QUIRE_FOOTNOTE_REF : QUIRE_FOOTNOTE_DEF);
	if (q == NULL)
		return NULL;
	/* cmark has replaced a reference's literal by its number; the label
	 * is the definition's. */
	if (reference && n->parent_footnote_def) {
		q->as.footnote.label = chunk_dup(c->doc, &n->parent_footnote_def->as.literal);
		if (add_ref(c, q, n->parent_footnote_def) != QUIRE_OK)
			return NULL;
	} else {
		q->as.footnote.label = chunk_dup(c->doc, &n->as.literal);
	}
	return q->as.footnote.label ? q : NULL;
}

static unsigned node_column(struct conv *c, cmark_node *n, const quire_node *q);
static const char *body_line(struct conv *c, unsigned line, const char **eol);

/* The text from first's start through the run of text nodes that follows
 * it, into buf (NUL-terminated, at most size - 1 bytes); false when it
 * does not fit. *after is the node after the run. */
static bool leading_text(cmark_node *first, char *buf, size_t size, cmark_node **after)
{
	size_t len = 0;
	cmark_node *t;

	for (t = first; t && t->type == CMARK_NODE_TEXT; t = t->next) {
		if (t->as.literal.len < 0 || (size_t)t->as.literal.len >= size - len)
			return false;
		memcpy(buf + len, t->as.literal.data, (size_t)t->as.literal.len);
		len += (size_t)t->as.literal.len;
	}
	buf[len] = '\0';
	*after = t;
	return true;
}

/* GitHub's alerts: a block quote whose first line is "[!NOTE]" (or TIP,
 * IMPORTANT, WARNING, CAUTION, in any case) and nothing else but spaces.
 * True with *type when quote is one. The marker must be written as such:
 * cmark gives "\[!NOTE]" and "&#91;!NOTE]" the same text, so the source
 * is read where the text starts (when that line is still ahead of the
 * walk; a footnote's, which cmark moves to the end, is not). */
static bool is_alert(struct conv *c, cmark_node *quote, enum quire_admonition_type *type)
{
	static const char *const names[] = {"[!note]", "[!tip]", "[!important]", "[!warning]",
	                                    "[!caution]"};
	static const enum quire_admonition_type types[] = {
		QUIRE_ADMONITION_NOTE, QUIRE_ADMONITION_TIP, QUIRE_ADMONITION_IMPORTANT,
		QUIRE_ADMONITION_WARNING, QUIRE_ADMONITION_CAUTION};
	cmark_node *para = quote->first_child, *after, *last;
	char text[16];
	size_t i, len;

	if (para == NULL || para->type != CMARK_NODE_PARAGRAPH || para->first_child == NULL ||
	    !leading_text(para->first_child, text, sizeof(text), &after))
		return false;
	if (after && after->type != CMARK_NODE_SOFTBREAK && after->type != CMARK_NODE_LINEBREAK)
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(text, names[i]) == 0)
			break;
	if (i == sizeof(names) / sizeof(names[0]))
		return false;
	/* The span may be longer than the text by the spaces before a
	 * break, never shorter. */
	len = strlen(text);
	last = after ? after->prev : para->last_child;
	int line = cmark_node_get_start_line(para->first_child);
	int start = cmark_node_get_start_column(para->first_child);
	int end = cmark_node_get_end_column(last);
	if (line <= 0 || line != cmark_node_get_end_line(last) || start <= 0 ||
	    end - start + 1 < (int)len)
		return false;
	const char *eol, *p = body_line(c, (unsigned)line, &eol);
	if (p != NULL) {
		if ((size_t)(eol - p) < (size_t)start - 1 + len ||
		    strncasecmp(p + start - 1, names[i], len) != 0)
			return false;
		for (const char *s = p + start - 1 + len; s < eol; s++)
			if (*s != ' ' && *s != '\t')
				return false;
	} else if (end - start + 1 != (int)len) {
		return false;
	}
	*type = types[i];
	return true;
}

/* Frees an alert's marker and the break after it from cmark's tree
 * before the walk goes down into the quote, and the paragraph if
 * nothing is left of it. */
static void drop_alert_marker(cmark_node *quote)
{
	cmark_node *para = quote->first_child;
	bool last;

	do {
		last = para->first_child->type != CMARK_NODE_TEXT;
		cmark_node_free(para->first_child);
	} while (!last && para->first_child);
	if (para->first_child == NULL)
		cmark_node_free(para);
	else if (para->first_child->start_line > 0)
		/* Messages about the paragraph point at its text, not at
		 * the marker's line; the column is the quote's as before. */
		para->start_line = para->first_child->start_line;
}

/* The quire node for one cmark node, or NULL with *st == QUIRE_OK for a
 * node that has no counterpart (its children go to its parent). */
static quire_node *make_node(struct conv *c, cmark_node *n, quire_node *parent,
                             enum quire_status *st)
{
	quire_doc *doc = c->doc;
	cmark_node_type type = cmark_node_get_type(n);
	quire_node *q = NULL;
	const char *lit;

	*st = QUIRE_ERR_NOMEM;
	if (!is_extension_type(type) || !make_gfm_node(doc, n, parent, &q)) {
		switch (type) {
		case CMARK_NODE_HEADING:
			if ((q = quire_node_new(doc, QUIRE_HEADING)) == NULL)
				return NULL;
			q->as.heading.level = cmark_node_get_heading_level(n);
			break;
		case CMARK_NODE_PARAGRAPH:
			q = quire_node_new(doc, QUIRE_PARAGRAPH);
			break;
		case CMARK_NODE_BLOCK_QUOTE: {
			enum quire_admonition_type alert;
			if (!is_alert(c, n, &alert)) {
				q = quire_node_new(doc, QUIRE_BLOCK_QUOTE);
				break;
			}
			if ((q = quire_node_new(doc, QUIRE_ADMONITION)) == NULL)
				return NULL;
			q->as.admonition.type = alert;
			drop_alert_marker(n);
			break;
		}
		case CMARK_NODE_LIST: {
			bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
			q = quire_node_new(doc, ordered ? QUIRE_ORDERED_LIST : QUIRE_BULLET_LIST);
			if (q == NULL)
				return NULL;
			q->as.list.tight = cmark_node_get_list_tight(n) != 0;
			if (ordered) {
				q->as.list.start = cmark_node_get_list_start(n);
				q->as.list.delim =
					cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
			}
			break;
		}
		case CMARK_NODE_ITEM:
			if ((q = quire_node_new(doc, QUIRE_LIST_ITEM)) == NULL)
				return NULL;
			/* The tasklist extension marks its items by taking them
			 * over; "checked" alone cannot tell "[ ]" from no box. */
			if (type_is(n, "tasklist"))
				q->as.item.task = cmark_gfm_extensions_get_tasklist_item_checked(n)
				                          ? QUIRE_TASK_CHECKED
				                          : QUIRE_TASK_UNCHECKED;
			break;
		case CMARK_NODE_CODE_BLOCK:
			lit = str_or_empty(cmark_node_get_literal(n));
			q = quire_node_new_literal(doc, QUIRE_CODE_BLOCK, lit, strlen(lit));
			if (q == NULL)
				return NULL;
			if ((q->as.code.lang = fence_lang(doc, cmark_node_get_fence_info(n))) == NULL)
				return NULL;
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			q = quire_node_new(doc, QUIRE_THEMATIC_BREAK);
			break;
		case CMARK_NODE_FOOTNOTE_DEFINITION:
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			q = make_footnote(c, n, type == CMARK_NODE_FOOTNOTE_REFERENCE);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE: /* handled by the caller */
		case CMARK_NODE_CODE:
			lit = str_or_empty(cmark_node_get_literal(n));
			q = quire_node_new_literal(doc, QUIRE_CODE, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
			q = quire_node_new(doc, QUIRE_SOFT_BREAK);
			break;
		case CMARK_NODE_LINEBREAK:
			q = quire_node_new(doc, QUIRE_HARD_BREAK);
			break;
		case CMARK_NODE_EMPH:
			q = quire_node_new(doc, QUIRE_EMPH);
			break;
		case CMARK_NODE_STRONG:
			q = quire_node_new(doc, QUIRE_STRONG);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			q = quire_node_new(doc, type == CMARK_NODE_LINK ? QUIRE_LINK : QUIRE_IMAGE);
			if (q == NULL)
				return NULL;
			q->as.link.url = quire_doc_strdup(doc, str_or_empty(cmark_node_get_url(n)));
			q->as.link.title = quire_doc_strdup(doc, str_or_empty(cmark_node_get_title(n)));
			if (q->as.link.url == NULL || q->as.link.title == NULL)
				return NULL;
			break;
		case CMARK_NODE_TEXT: /* handled by the caller */
		case CMARK_NODE_DOCUMENT:
		case CMARK_NODE_CUSTOM_BLOCK:
		case CMARK_NODE_CUSTOM_INLINE:
		case CMARK_NODE_NONE:
		default: /* cmark_node_type is open: extensions add types */
			*st = QUIRE_OK;
			return NULL;
		}
	}
	if (q == NULL)
		return NULL;
	q->line = node_line(c, n);
	q->column = node_column(c, n, q);
	*st = QUIRE_OK;
	return q;
}

static enum quire_status add_text(struct conv *c, cmark_node *n, quire_node *parent)
{
	/* cmark has replaced any NUL by U+FFFD: the chunk is the C string
	 * cmark_node_get_literal() would make of it. */
	const char *lit = n->as.literal.len > 0 ? (const char *)n->as.literal.data : "";
	size_t len = n->as.literal.len > 0 ? (size_t)n->as.literal.len : 0;

	if (c->text == NULL || parent->last_child != c->text) {
		enum quire_status st = flush_text(c);
		if (st != QUIRE_OK)
			return st;
		c->text = quire_node_new(c->doc, QUIRE_TEXT);
		if (c->text == NULL)
			return QUIRE_ERR_NOMEM;
		c->text->line = node_line(c, n);
		quire_node_append(parent, c->text);
		c->text_first = lit;
		c->text_first_len = len;
		return QUIRE_OK;
	}
	if (!c->text_joined) {
		qstr_append(&c->text_buf, c->text_first, c->text_first_len);
		c->text_joined = true;
	}
	qstr_append(&c->text_buf, lit, len);
	return c->text_buf.oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

/* The start of the Markdown's line number line (1-based), and its end
 * (before its line ending) in *eol; NULL when that line lies before one
 * already asked for. */
static const char *body_line(struct conv *c, unsigned line, const char **eol)
{
	if (c->at == NULL || line < c->at_line)
		return NULL;
	while (c->at_line < line) {
		if (c->at == c->body_end)
			return NULL;
		c->at = md_line_after(c->at, c->body_end);
		c->at_line++;
	}
	const char *e = c->at;
	while (e < c->body_end && *e != '\n' && *e != '\r')
		e++;
	*eol = e;
	return c->at;
}

/* Where n starts in its line (1-based bytes). cmark counts an inline's
 * column in the paragraph's text, from which a continuation line's
 * indent is gone: an image is looked for on its source line from there. */
static unsigned node_column(struct conv *c, cmark_node *n, const quire_node *q)
{
	int column = cmark_node_get_start_column(n);
	const char *eol;

	if (column <= 0)
		return 0;
	if (q->kind != QUIRE_IMAGE)
		return (unsigned)column;
	const char *p = body_line(c, (unsigned)cmark_node_get_start_line(n), &eol);
	if (p == NULL || (size_t)(eol - p) < (size_t)column)
		return (unsigned)column;
	for (const char *s = p + column - 1; s + 1 < eol; s++)
		if (s[0] == '!' && s[1] == '[')
			return (unsigned)(s - p) + 1;
	return (unsigned)column;
}

static void report_dropped_cells(struct conv *c)
{
	if (c->over_rows == 0)
		return;
	if (c->over_rows == 1)
		quire_log_report(c->log, QUIRE_SEV_WARNING, filename(c), c->over_line,
		                 c->over_column,
		                 "table row has more cells than the table's %zu columns: %zu "
		                 "dropped",
		                 c->over_columns, c->over_cells);
	else
		quire_log_report(c->log, QUIRE_SEV_WARNING, filename(c), c->over_line,
		                 c->over_column,
		                 "table rows have more cells than the table's %zu columns: %zu "
		                 "dropped from %zu rows, the first here",
		                 c->over_columns, c->over_cells, c->over_rows);
	c->over_rows = 0;
	c->over_cells = 0;
}

/* GFM drops a row's cells past the table's columns, and cmark-gfm does so
 * while it parses; the row's line tells how many there were. */
static void check_row(struct conv *c, cmark_node *n, const quire_node *table)
{
	const char *eol, *dropped = NULL;
	int line = cmark_node_get_start_line(n);
	const char *p = line > 0 ? body_line(c, (unsigned)line, &eol) : NULL;
	size_t keep = table->as.table.columns > 0 ? (size_t)table->as.table.columns : 0;

	if (p == NULL)
		return;
	size_t cells = md_row_cells(p, eol, keep, &dropped);
	if (cells <= keep || dropped == NULL)
		return;
	if (c->over_rows++ == 0) {
		c->over_line = (unsigned)line + c->line_offset;
		c->over_column = (unsigned)(dropped - p) + 1;
		c->over_columns = keep;
	}
	c->over_cells += cells - keep;
}

/* Closes the innermost open HTML element: its owner's children go where
 * they went before it opened; a code span is made of what it collected. */
static enum quire_status close_html(struct conv *c)
{
	struct open_html *e = &c->open[--c->nopen];
	enum quire_status st = flush_text(c);

	e->owner->user_data = e->saved;
	if (e->block)
		md_html_finish(c->doc, e->node);
	if (st == QUIRE_OK && e->code) {
		char *text = quire_node_plain_text(e->node);
		quire_node *q = text ? quire_node_new_literal(c->doc, QUIRE_CODE, text, strlen(text)) : NULL;
		free(text);
		if (q == NULL)
			return QUIRE_ERR_NOMEM;
		q->line = e->node->line;
		q->column = e->node->column;
		quire_node_append(e->saved, q);
	}
	return st;
}

/* One inline HTML tag: a leaf goes in, an element opens or closes. */
static enum quire_status inline_html(struct conv *c, cmark_node *n, quire_node *parent)
{
	enum quire_status st;
	struct md_html_tag tag;
	const char *lit = (const char *)n->as.literal.data;
	size_t len = n->as.literal.len > 0 ? (size_t)n->as.literal.len : 0;
	int column = cmark_node_get_start_column(n);

	TRY(md_html_inline(&c->html, lit ? lit : "", len, node_line(c, n),
	                   column > 0 ? (unsigned)column : 0, &tag));
	switch (tag.role) {
	case MD_HTML_NOTHING:
		break;
	case MD_HTML_LEAF:
		quire_node_append(parent, tag.node);
		break;
	case MD_HTML_OPEN:
		if (!QUIRE_RESERVE(c->open, c->capopen, c->nopen + 1)) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		c->open[c->nopen++] = (struct open_html){.owner = n->parent, .saved = parent,
		                                         .node = tag.node, .code = tag.code};
		memcpy(c->open[c->nopen - 1].name, tag.name, sizeof(tag.name));
		if (tag.node) {
			if (!tag.code && !tag.dropped)
				quire_node_append(parent, tag.node);
			n->parent->user_data = tag.node;
		}
		break;
	case MD_HTML_CLOSE:
		/* The latest element of that name among these siblings; any
		 * opened after it and still open close with it. A close tag
		 * that matches nothing does nothing. */
		for (size_t k = c->nopen; k-- > 0 && c->open[k].owner == n->parent;) {
			if (strcmp(c->open[k].name, tag.name) != 0)
				continue;
			while (c->nopen > k)
				TRY(close_html(c));
			break;
		}
		break;
	}
out:
	return st;
}

/* One HTML block. Close tags at its start close the details, dl and dd
 * that earlier blocks left open among these siblings; what it leaves
 * open takes the blocks that follow, until its close tag. */
static enum quire_status block_html(struct conv *c, cmark_node *n, quire_node *parent)
{
	enum quire_status st = QUIRE_OK;
	const char *lit = n->as.literal.len > 0 ? (const char *)n->as.literal.data : "";
	const char *p = lit, *end = lit + (n->as.literal.len > 0 ? n->as.literal.len : 0);
	unsigned line = node_line(c, n);
	struct md_html_block_end left;

	for (;;) {
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (end - q < 3 || q[0] != '<' || q[1] != '/')
			break;
		char name[16];
		size_t len = 0;
		const char *e = q + 2;
		for (; e < end && len + 1 < sizeof(name) && ((*e | 32) >= 'a' && (*e | 32) <= 'z'); e++)
			name[len++] = (char)(*e | 32);
		name[len] = '\0';
		while (e < end && (*e == ' ' || *e == '\t' || *e == '\n' || *e == '\r'))
			e++;
		if (e == end || *e != '>')
			break;
		size_t k = c->nopen;
		bool found = false;
		while (!found && k > 0 && c->open[k - 1].owner == n->parent && c->open[k - 1].block)
			found = strcmp(c->open[--k].name, name) == 0;
		if (!found)
			break;
		while (c->nopen > k)
			TRY(close_html(c));
		parent = n->parent->user_data;
		for (const char *s = p; s < e; s++)
			line += *s == '\n';
		p = e + 1;
	}
	TRY(md_html_block(&c->html, p, (size_t)(end - p), line, parent, &left));
	for (size_t k = 0; k < left.nopen; k++) {
		if (!QUIRE_RESERVE(c->open, c->capopen, c->nopen + 1)) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		c->open[c->nopen++] = (struct open_html){.owner = n->parent, .saved = parent,
		                                         .node = left.open[k].node, .block = true};
		memcpy(c->open[c->nopen - 1].name, left.open[k].name, sizeof(left.open[k].name));
		parent = left.open[k].node;
	}
	n->parent->user_data = parent;
out:
	return st;
}

/* A term's paragraph (followed by a definition) or a definition: its
 * node, in the definition list its neighbours are in, or a new one. */
static quire_node *make_definition_part(struct conv *c, cmark_node *n, cmark_node *prev,
                                        quire_node *parent)
{
	bool term = !md_is_definition(n);
	quire_node *q = quire_node_new(c->doc, term ? QUIRE_DEFINITION_TERM : QUIRE_DEFINITION);
	int start = cmark_node_get_start_line(n);

	if (q == NULL)
		return NULL;
	q->line = node_line(c, n);
	q->column = node_column(c, n, q);
	if (c->dl == NULL || prev == NULL || prev != c->dl_last || c->dl->parent != parent) {
		if ((c->dl = quire_node_new(c->doc, QUIRE_DEFINITION_LIST)) == NULL)
			return NULL;
		c->dl->line = q->line;
		c->dl->column = q->column;
		quire_node_append(parent, c->dl);
	} else if (!term && start > c->dl_last_end + 1) {
		/* A blank line before a definition: pandoc's loose list. */
		c->dl->as.deflist.tight = false;
	}
	if (!term && n->first_child && n->first_child->next)
		c->dl->as.deflist.tight = false;
	quire_node_append(c->dl, q);
	c->dl_last = n;
	cmark_node *last = term ? n : n->last_child ? n->last_child : n;
	c->dl_last_end = term ? cmark_node_get_end_line(n)
	                      : last == n ? start : cmark_node_get_end_line(last);
	return q;
}

/* Walks cmark's tree in document order (parents before children) by its
 * links, with no stack; only ENTER matters here, and cmark_iter's events
 * cost more than the walk. Leaving a node closes the HTML elements still
 * open among its children. */
static cmark_node *next_node(struct conv *c, cmark_node *root, cmark_node *n)
{
	if (n->first_child)
		return n->first_child;
	while (n != root && n->next == NULL) {
		n = n->parent;
		while (c->nopen > 0 && c->open[c->nopen - 1].owner == n)
			if (c->deferred == QUIRE_OK)
				c->deferred = close_html(c);
			else
				c->nopen--;
	}
	return n == root ? NULL : n->next;
}

/* Every sibling before n is converted, so its subtree goes back to the
 * parse's arena, which is draining: the tree shrinks as the model grows.
 * Footnote definitions stay, as references point at them until the end,
 * but not their content; they come last, so whatever precedes one went
 * when it was reached. */
static void free_converted(cmark_node *n)
{
	cmark_node *done;

	while ((done = n->prev) != NULL) {
		if (done->type == CMARK_NODE_FOOTNOTE_DEFINITION) {
			while (done->first_child)
				cmark_node_free(done->first_child);
			break;
		}
		cmark_node_free(done);
	}
}

static enum quire_status convert(struct conv *c, cmark_node *root)
{
	enum quire_status st = QUIRE_OK;

	root->user_data = quire_doc_root(c->doc);
	for (cmark_node *n = root->first_child; n; n = next_node(c, root, n)) {
		TRY(c->deferred);
		quire_node *parent = n->parent->user_data;
		if (n->type == CMARK_NODE_TEXT) {
			TRY(add_text(c, n, parent));
			continue;
		}
		TRY(flush_text(c));
		cmark_node *prev = n->prev; /* compared, never used: it goes now */
		free_converted(n);
		if (n->type == CMARK_NODE_HTML_INLINE || n->type == CMARK_NODE_HTML_BLOCK) {
			if (n->type == CMARK_NODE_HTML_INLINE)
				TRY(inline_html(c, n, parent));
			else
				TRY(block_html(c, n, parent));
			n->user_data = parent;
			continue;
		}
		if (md_is_definition(n) ||
		    (n->type == CMARK_NODE_PARAGRAPH && md_is_definition(n->next))) {
			quire_node *q = make_definition_part(c, n, prev, parent);
			if (q == NULL) {
				st = QUIRE_ERR_NOMEM;
				goto out;
			}
			n->user_data = q;
			continue;
		}
		quire_node *q = make_node(c, n, parent, &st);
		if (st != QUIRE_OK)
			goto out;
		if (q && parent->kind == QUIRE_DEFINITION_LIST) {
			/* Markdown inside an HTML <dl> left open goes in a
			 * definition. */
			if (parent->last_child == NULL || parent->last_child->kind != QUIRE_DEFINITION) {
				quire_node *d = quire_node_new(c->doc, QUIRE_DEFINITION);
				if (d == NULL) {
					st = QUIRE_ERR_NOMEM;
					goto out;
				}
				d->line = node_line(c, n);
				quire_node_append(parent, d);
			}
			parent = parent->last_child;
		}
		if (q && q->kind == QUIRE_TABLE)
			report_dropped_cells(c);
		else if (q && q->kind == QUIRE_TABLE_ROW && !q->as.row.header &&
		         parent->kind == QUIRE_TABLE)
			check_row(c, n, parent);
		if (q) {
			/* cmark gives soft and hard breaks no position: they
			 * sit on the line of what precedes them. */
			if (q->line == 0)
				q->line = parent->last_child ? parent->last_child->line : parent->line;
			quire_node_append(parent, q);
		}
		n->user_data = q ? q : parent;
	}
	TRY(flush_text(c));
	report_dropped_cells(c);
	for (size_t i = 0; i < c->nrefs; i++) {
		quire_node *def = cmark_node_get_user_data(c->refs[i].def);
		if (def && def->kind == QUIRE_FOOTNOTE_DEF)
			c->refs[i].ref->as.footnote.def = def;
	}
out:
	return st;
}

/* A token of pandoc's attribute syntax: "#id", ".class" or "key=value"
 * (value bare or quoted), ending at *end. An id must be an XML name. */
static bool attribute_token(const char *p, const char *e, const char **id, size_t *id_len)
{
	if (*p == '#') {
		if (e - p < 2 || (!((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z') && p[1] != '_'))
			return false;
		for (const char *q = p + 1; q < e; q++)
			if (!(((*q | 32) >= 'a' && (*q | 32) <= 'z') || (*q >= '0' && *q <= '9') ||
			      *q == '_' || *q == '-' || *q == '.'))
				return false;
		*id = p + 1;
		*id_len = (size_t)(e - p - 1);
		return true;
	}
	if (*p == '.')
		return e - p >= 2;
	if (*p == '-')
		return e - p == 1; /* {-}: unnumbered */
	const char *eq = memchr(p, '=', (size_t)(e - p));
	return eq && eq > p && eq + 1 < e;
}

/* A heading ending in pandoc's attributes, "Title {#id .class}": the
 * braces leave its text and the id becomes the heading's. Anything that
 * is not all attributes stays text. */
static enum quire_status heading_attributes(quire_doc *doc, quire_node *h)
{
	quire_node *t = h->last_child;
	if (t == NULL || t->kind != QUIRE_TEXT || t->as.literal.len < 3)
		return QUIRE_OK;
	const char *s = t->as.literal.text, *end = s + t->as.literal.len;
	if (end[-1] != '}')
		return QUIRE_OK;
	const char *open = end - 1;
	while (open > s && *open != '{')
		open--;
	if (*open != '{' || (open > s && open[-1] != ' ') || (open == s && h->first_child == t))
		return QUIRE_OK;
	const char *id = NULL;
	size_t id_len = 0, tokens = 0;
	for (const char *p = open + 1; p < end - 1;) {
		while (p < end - 1 && *p == ' ')
			p++;
		if (p == end - 1)
			break;
		const char *e = p;
		char quote = 0;
		while (e < end - 1 && (quote || *e != ' ')) {
			if (*e == '"' && (quote == 0 || quote == '"'))
				quote = quote ? 0 : '"';
			e++;
		}
		if (quote || !attribute_token(p, e, &id, &id_len))
			return QUIRE_OK;
		tokens++;
		p = e;
	}
	if (tokens == 0)
		return QUIRE_OK;
	const char *keep = open;
	while (keep > s && keep[-1] == ' ')
		keep--;
	char *text = quire_doc_strndup(doc, s, (size_t)(keep - s));
	if (text == NULL || (id && (h->as.heading.id = quire_doc_strndup(doc, id, id_len)) == NULL))
		return QUIRE_ERR_NOMEM;
	t->as.literal.text = text;
	t->as.literal.len = (size_t)(keep - s);
	return QUIRE_OK;
}

/* Each line of a term's paragraph is a term of its own (PHP Markdown
 * Extra's several terms for one definition): a term splits at its soft
 * breaks, those outside any inline. */
static enum quire_status split_term(quire_doc *doc, quire_node *n)
{
	quire_node *brk = n->first_child;
	while (brk && brk->kind != QUIRE_SOFT_BREAK)
		brk = brk->next;
	if (brk && brk->next) {
		quire_node *t = quire_node_new(doc, QUIRE_DEFINITION_TERM);
		if (t == NULL)
			return QUIRE_ERR_NOMEM;
		t->line = brk->next->line ? brk->next->line : n->line;
		t->column = n->column;
		while (brk->next) {
			quire_node *m = brk->next;
			quire_node_unlink(m);
			quire_node_append(t, m);
		}
		/* The walk comes to it next, and splits it again. */
		quire_node_insert_after(n, t);
	}
	if (brk)
		quire_node_unlink(brk);
	return QUIRE_OK;
}

/* pandoc's attributes right after an image, "![alt](x.png){width=50%}":
 * width and height become the image's size (md_html_length), other
 * attributes are accepted and dropped, the braces leave the text. Text
 * in braces that is not all attributes stays text. */
static enum quire_status image_attributes(struct md_html *h, quire_node *img)
{
	quire_node *t = img->next;
	if (t == NULL || t->kind != QUIRE_TEXT || t->as.literal.len < 2 ||
	    t->as.literal.text[0] != '{')
		return QUIRE_OK;
	const char *s = t->as.literal.text, *end = s + t->as.literal.len;
	const char *close = memchr(s, '}', t->as.literal.len);
	if (close == NULL)
		return QUIRE_OK;
	struct {
		const char *value;
		size_t len;
	} size[2] = {{NULL, 0}, {NULL, 0}}; /* width, height */
	size_t tokens = 0;
	for (const char *p = s + 1; p < close;) {
		while (p < close && *p == ' ')
			p++;
		if (p == close)
			break;
		const char *e = p, *id;
		size_t id_len;
		char quote = 0;
		while (e < close && (quote || *e != ' ')) {
			if (*e == '"' && (quote == 0 || quote == '"'))
				quote = quote ? 0 : '"';
			e++;
		}
		if (quote || !attribute_token(p, e, &id, &id_len))
			return QUIRE_OK;
		for (int k = 0; k < 2; k++) {
			size_t n = k ? 7 : 6; /* "height=", "width=" */
			if ((size_t)(e - p) > n && memcmp(p, k ? "height=" : "width=", n) == 0) {
				const char *v = p + n;
				size[k].value = v;
				size[k].len = (size_t)(e - v);
				/* Quoted, straight or as smart punctuation made
				 * the quotes. */
				size_t q = size[k].len >= 2 && v[0] == '"' && e[-1] == '"' ? 1
				           : size[k].len >= 6 && memcmp(v, "\xE2\x80\x9C", 3) == 0 &&
				                           memcmp(e - 3, "\xE2\x80\x9D", 3) == 0
				                   ? 3
				                   : 0;
				size[k].value += q;
				size[k].len -= 2 * q;
			}
		}
		tokens++;
		p = e;
	}
	if (tokens == 0)
		return QUIRE_OK;
	for (int k = 0; k < 2; k++) {
		if (size[k].value == NULL)
			continue;
		struct quire_length *len = k ? &img->as.link.height : &img->as.link.width;
		const char *why = md_html_length(size[k].value, size[k].len, k == 1, len);
		int shown = (int)(size[k].len < 40 ? size[k].len : 40);
		if (why)
			quire_log_report(h->log, QUIRE_SEV_WARNING, h->filename, img->line,
			                 img->column, "image %s=\"%.*s\" ignored: %s",
			                 k ? "height" : "width", shown, size[k].value, why);
	}
	if (close + 1 == end) {
		quire_node_unlink(t);
		return QUIRE_OK;
	}
	char *rest = quire_doc_strndup(h->doc, close + 1, (size_t)(end - close - 1));
	if (rest == NULL)
		return QUIRE_ERR_NOMEM;
	t->as.literal.text = rest;
	t->as.literal.len = (size_t)(end - close - 1);
	return QUIRE_OK;
}

/* What needs the converted tree, in one walk (a walk of a large document
 * costs as much as much of the conversion): heading and image attributes,
 * which take text nodes that merging has made whole, and terms split. */
static enum quire_status after_conversion(struct md_html *h)
{
	struct quire_iter it;
	enum quire_status st = QUIRE_OK;

	quire_iter_init(&it, quire_doc_root(h->doc));
	while (st == QUIRE_OK && quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER)
			continue;
		if (n->kind == QUIRE_HEADING)
			st = heading_attributes(h->doc, n);
		else if (n->kind == QUIRE_DEFINITION_TERM)
			st = split_term(h->doc, n);
		else if (n->kind == QUIRE_IMAGE)
			st = image_attributes(h, n);
	}
	return st;
}

/* A lone leading level-1 heading names the document (pandoc's
 * --shift-heading-level-by=-1 convention). */
static enum quire_status promote_title(quire_doc *doc)
{
	quire_node *first = quire_doc_root(doc)->first_child;
	struct quire_iter it;

	if (first == NULL || first->kind != QUIRE_HEADING || first->as.heading.level != 1)
		return QUIRE_OK;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n == first)
			continue;
		if (n->kind == QUIRE_HEADING && n->as.heading.level == 1)
			return QUIRE_OK;
		/* Headings live only among blocks. */
		if (quire_kind_is_inline(n->kind) || n->kind == QUIRE_HEADING ||
		    n->kind == QUIRE_PARAGRAPH)
			quire_iter_skip_children(&it);
	}
	char *title = quire_node_plain_text(first);
	if (title == NULL)
		return QUIRE_ERR_NOMEM;
	int ok = quire_meta_set(doc, "title", title);
	free(title);
	if (!ok)
		return QUIRE_ERR_NOMEM;
	quire_node_unlink(first);
	return QUIRE_OK;
}

/* A later input's front matter title, where that input has no level-1
 * heading among its top-level blocks, becomes one at the start of them:
 * a chapter title every writer shows, marked as not from the text by its
 * line 0. */
static enum quire_status chapter_title(quire_doc *doc, const char *title)
{
	quire_node *root = quire_doc_root(doc), *first = NULL;
	unsigned input = (unsigned)quire_doc_input_count(doc) - 1;

	if (title == NULL || title[0] == '\0')
		return QUIRE_OK;
	for (quire_node *n = root->first_child; n; n = n->next) {
		if (n->input != input)
			continue;
		if (first == NULL)
			first = n;
		if (n->kind == QUIRE_HEADING && n->as.heading.level == 1)
			return QUIRE_OK;
	}
	quire_node *h = quire_node_new(doc, QUIRE_HEADING);
	quire_node *text = quire_node_new_literal(doc, QUIRE_TEXT, title, strlen(title));
	if (h == NULL || text == NULL)
		return QUIRE_ERR_NOMEM;
	h->as.heading.level = 1;
	quire_node_append(h, text);
	if (first)
		quire_node_insert_before(first, h);
	else
		quire_node_append(root, h);
	return QUIRE_OK;
}

/* cmark-gfm registers its extensions in a process-wide list guarded by a
 * plain flag; once-only initialisation keeps concurrent readers safe. */
static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

/* cmark-gfm keeps the inline special characters in one process-wide
 * table; every parse adds its extensions' characters ('~' for
 * strikethrough) when it processes inlines and removes them when done
 * (blocks.c, process_inlines). Two parses at once would see each other's
 * removal and miss a strike, so inline parsing runs one at a time. The
 * conversion to the quire model, most of the work, stays parallel. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	md_deflist_register();
	md_emoji_register();
}

/* What the cmark part of a read needs; it lives in md_read's frame so
 * that nothing is lost if md_mem_run() abandons parse_and_convert(). */
struct md_parse {
	struct conv *c;
	const char *body;
	size_t body_len;
	int options;
	bool tables;
	bool emoji;
	bool locked; /* parse_lock is held */
};

/* Parses with cmark (every cmark allocation from mem) and converts. */
static enum quire_status parse_and_convert(void *arg, cmark_mem *mem)
{
	static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};
	struct md_parse *p = arg;
	enum quire_status st = QUIRE_OK;
	cmark_node *root = NULL;
	cmark_parser *parser = cmark_parser_new_with_mem(p->options, mem);

	if (parser == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* Before the table's: it claims every line after a paragraph's
	 * first that could not start its table. */
	cmark_syntax_extension *deflist = cmark_find_syntax_extension("definition");
	if (deflist == NULL || !cmark_parser_attach_syntax_extension(parser, deflist)) {
		st = QUIRE_ERR_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		if (!p->tables && strcmp(extensions[i], "table") == 0)
			continue;
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (ext == NULL || !cmark_parser_attach_syntax_extension(parser, ext)) {
			st = QUIRE_ERR_INTERNAL;
			goto out;
		}
	}
	cmark_syntax_extension *emoji = cmark_find_syntax_extension(MD_EMOJI_EXTENSION);
	if (p->emoji && (emoji == NULL || !cmark_parser_attach_syntax_extension(parser, emoji))) {
		st = QUIRE_ERR_INTERNAL;
		goto out;
	}
	pthread_mutex_lock(&parse_lock);
	p->locked = true; /* md_read unlocks if memory runs out in here */
	cmark_parser_feed(parser, p->body, p->body_len);
	root = cmark_parser_finish(parser);
	p->locked = false;
	pthread_mutex_unlock(&parse_lock);
	if (root == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	md_mem_drain(mem);
	p->c->html.mem = mem;
	st = convert(p->c, root);
out:
	/* The parser and the tree go with the parse's arena (md_mem_run). */
	return st;
}

static enum quire_status md_read(quire_doc *doc, const char *src, size_t len,
                                 const struct quire_read_options *opts, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	struct conv c = {.doc = doc, .opts = opts, .log = log};

	c.html = (struct md_html){.doc = doc, .log = log, .filename = opts->filename};
	struct md_front_matter fm;
	struct md_parse parse = {.c = &c};
	struct md_table_cut cut;
	char *cut_body = NULL;
	size_t cut_len;
	quire_doc *later = NULL;
	/* quire_read() has repaired the input: valid UTF-8, read in place. */
	const char *text = src ? src : "";

	parse.body = text;
	parse.body_len = len;
	bool taken = false;
	/* The first input's front matter is the book's metadata; a later
	 * one's is read apart, for its title only. */
	if (quire_doc_input_count(doc) > 1) {
		later = quire_doc_new();
		if (later == NULL) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
	}
	if (md_front_matter_find(text, len, &fm))
		TRY(md_front_matter_parse(later ? later : doc, &fm, opts, log, &taken));
	if (taken) {
		parse.body = text + fm.body_offset;
		parse.body_len = len - fm.body_offset;
		c.line_offset = fm.lines;
	}

	TRY(md_tables_cut(parse.body, parse.body_len, &cut_body, &cut_len, &cut));
	if (cut_body != NULL) {
		parse.body = cut_body;
		parse.body_len = cut_len;
		quire_log_report(log, QUIRE_SEV_WARNING, filename(&c),
		                 cut.first_line + c.line_offset, cut.first_column,
		                 "table rows cut to %d cells: %zu cells dropped from %zu rows, the "
		                 "first here",
		                 MD_MAX_COLUMNS, cut.cells, cut.lines);
	}
	c.body = c.at = parse.body;
	c.body_end = parse.body + parse.body_len;
	c.at_line = 1;
	parse.options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | (opts->smart ? CMARK_OPT_SMART : 0);
	if (pthread_once(&extensions_once, register_extensions) != 0) {
		st = QUIRE_ERR_INTERNAL;
		goto out;
	}
	/* Budget: every cell that is written costs at least two bytes, so
	 * real tables stay under it; only padding can exceed it. */
	size_t cells = md_table_cells(parse.body, parse.body_len);
	parse.tables = cells <= 4 * parse.body_len + 250000;
	parse.emoji = opts->emoji_shortcodes;
	if (!parse.tables)
		quire_log_report(log, QUIRE_SEV_WARNING, filename(&c), 0, 0,
		                 "tables read as text: their rows would need %zu cells, most of "
		                 "them padding",
		                 cells);
	st = md_mem_run(parse_and_convert, &parse);
	if (parse.locked)
		pthread_mutex_unlock(&parse_lock);
	if (st != QUIRE_OK)
		goto out;
	TRY(after_conversion(&c.html));
	if (later)
		TRY(chapter_title(doc, quire_meta_get(later, "title")));
	if (opts->title_from_heading && quire_doc_meta(doc)->title == NULL)
		TRY(promote_title(doc));
out:
	qstr_free(&c.text_buf);
	free(c.refs);
	free(c.open);
	free(cut_body);
	quire_doc_free(later);
	return st;
}

const struct quire_reader quire_reader_markdown = {
	.name = "markdown",
	.extensions = "md,markdown",
	.description = "CommonMark with GitHub extensions (tables, footnotes, task lists, alerts, "
	               "emoji shortcodes) and raw HTML",
	.read = md_read,
};
