/* The nesting limit. Readers keep whatever depth the input has (cmark
 * parses 100,000 nested quotes without complaint); this pass, run by
 * quire_read() after every reader, caps it once for every writer, so no
 * writer has to defend itself against depth, and any code that needs a
 * stack per level (a PDF indent stack, an EPUB element stack) has a known
 * bound. */
#include <string.h>

#include "core.h"
#include "doc_private.h"

/* Containers that make a level. A list item belongs to its list's level;
 * paragraphs, headings, table parts and leaves add a bounded number of
 * tree levels and are not counted. */
static bool is_nesting(enum quire_kind kind)
{
	switch (kind) {
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_ADMONITION:
	case QUIRE_DEFINITION_LIST:
	case QUIRE_DETAILS:
	case QUIRE_FIGURE:
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
	case QUIRE_FOOTNOTE_DEF:
	case QUIRE_EMPH:
	case QUIRE_STRONG:
	case QUIRE_STRIKETHROUGH:
	case QUIRE_SUPERSCRIPT:
	case QUIRE_SUBSCRIPT:
	case QUIRE_KBD:
	case QUIRE_MARK:
	case QUIRE_UNDERLINE:
	case QUIRE_LINK:
	case QUIRE_IMAGE:
		return true;
	case QUIRE_DOCUMENT:
	case QUIRE_HEADING:
	case QUIRE_PARAGRAPH:
	case QUIRE_CAPTION:
	case QUIRE_LIST_ITEM:
	case QUIRE_DEFINITION_TERM:
	case QUIRE_DEFINITION:
	case QUIRE_SUMMARY:
	case QUIRE_CODE_BLOCK:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_TABLE:
	case QUIRE_TABLE_ROW:
	case QUIRE_TABLE_CELL:
	case QUIRE_HTML_BLOCK:
	case QUIRE_TEXT:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_CODE:
	case QUIRE_FOOTNOTE_REF:
	case QUIRE_HTML_INLINE:
		return false;
	}
	return false;
}

/* Moves the children of from before anchor, in order; returns the first
 * one moved, or NULL. */
static quire_node *move_children_before(quire_node *from, quire_node *anchor)
{
	quire_node *first = from->first_child;
	while (from->first_child) {
		quire_node *c = from->first_child;
		quire_node_unlink(c);
		quire_node_insert_before(anchor, c);
	}
	return first;
}

/* Replaces n by its content: a list by the blocks of its items, a
 * definition list by its terms (as paragraphs) and its definitions'
 * blocks, details by its summary (a paragraph) and its blocks, anything
 * else by its children. Both stay valid where n was (blocks among blocks,
 * inlines among inlines). Returns the first node moved, or NULL. */
static quire_node *unwrap(quire_node *n)
{
	quire_node *first = NULL;
	if (n->kind == QUIRE_BULLET_LIST || n->kind == QUIRE_ORDERED_LIST) {
		for (quire_node *item = n->first_child; item; item = item->next) {
			quire_node *moved = move_children_before(item, n);
			if (first == NULL)
				first = moved;
		}
	} else if (n->kind == QUIRE_DEFINITION_LIST || n->kind == QUIRE_DETAILS) {
		while (n->first_child) {
			quire_node *c = n->first_child, *moved = c;
			if (c->kind == QUIRE_DEFINITION) {
				moved = move_children_before(c, n);
				quire_node_unlink(c);
			} else {
				/* A term or a summary holds inlines, as a
				 * paragraph does, and has no payload. */
				c->kind = QUIRE_PARAGRAPH;
				quire_node_unlink(c);
				quire_node_insert_before(n, c);
			}
			if (first == NULL)
				first = moved;
		}
	} else {
		/* A caption is a caption only in its figure. */
		if (n->kind == QUIRE_FIGURE)
			for (quire_node *c = n->first_child; c; c = c->next)
				if (c->kind == QUIRE_CAPTION)
					c->kind = QUIRE_PARAGRAPH;
		first = move_children_before(n, n);
	}
	quire_node_unlink(n);
	return first;
}

enum quire_status quire_doc_limit_nesting(quire_doc *doc, const char *file, struct quire_log *log)
{
	quire_node *root = quire_doc_root(doc);
	quire_node *n = root->first_child;
	/* Containers counted by is_nesting() among n's strict ancestors. */
	unsigned depth = 0, first_line = 0;
	size_t flattened = 0;

	while (n != NULL) {
		bool done_with_subtree = false;
		if (is_nesting(n->kind) && depth >= QUIRE_MAX_NESTING) {
			quire_node *parent = n->parent, *after = n->next;
			if (flattened++ == 0)
				first_line = n->line;
			quire_node *first = unwrap(n);
			/* The moved nodes sit at n's level: look at them next,
			 * so their own too-deep containers go too. */
			if (first || after) {
				n = first ? first : after;
				continue;
			}
			n = parent;
			if (is_nesting(n->kind))
				depth--;
			done_with_subtree = true;
		}
		if (!done_with_subtree && n->first_child) {
			if (is_nesting(n->kind))
				depth++;
			n = n->first_child;
			continue;
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (is_nesting(n->kind))
				depth--;
		}
		n = n == root ? NULL : n->next;
	}
	if (flattened > 0)
		quire_log_report(log, QUIRE_SEV_WARNING, file, first_line, 0,
		                 "nesting deeper than %d levels flattened (%zu container%s, first at "
		                 "line %u)",
		                 QUIRE_MAX_NESTING, flattened, flattened == 1 ? "" : "s", first_line);
	return QUIRE_OK;
}

/* Cuts *field to at most max bytes, at a character boundary. Returns 1
 * when it was cut, 0 when it was short enough, -1 when out of memory. */
static int cut(quire_doc *doc, const char **field, size_t max)
{
	size_t len = *field ? strlen(*field) : 0;
	if (len <= max)
		return 0;
	while (max > 0 && ((unsigned char)(*field)[max] & 0xC0) == 0x80)
		max--;
	char *copy = quire_doc_strndup(doc, *field, max);
	if (copy == NULL)
		return -1;
	*field = copy;
	return 1;
}

enum quire_status quire_doc_limit_meta(quire_doc *doc, const char *file, struct quire_log *log)
{
	struct quire_meta *m = &doc->meta;
	struct {
		const char *name;
		const char **field;
		size_t max;
	} fields[] = {
		{"title", &m->title, QUIRE_MAX_META_NAME},
		{"subtitle", &m->subtitle, QUIRE_MAX_META_NAME},
		{"date", &m->date, QUIRE_MAX_META_NAME},
		{"lang", &m->lang, QUIRE_MAX_META_NAME},
		{"identifier", &m->identifier, QUIRE_MAX_META_NAME},
		{"description", &m->description, QUIRE_MAX_META_TEXT},
	};
	const char *first = NULL;
	size_t count = 0, first_max = QUIRE_MAX_META_NAME;
	enum quire_status st = QUIRE_ERR_NOMEM;
	int r;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if ((r = cut(doc, fields[i].field, fields[i].max)) < 0)
			goto out;
		if (r > 0 && count++ == 0) {
			first = fields[i].name;
			first_max = fields[i].max;
		}
	}
	for (size_t i = 0; i < m->author_count; i++) {
		if ((r = cut(doc, &m->authors[i], QUIRE_MAX_META_NAME)) < 0)
			goto out;
		if (r > 0 && count++ == 0)
			first = "author";
	}
	for (size_t i = 0; i < m->keyword_count; i++) {
		if ((r = cut(doc, &m->keywords[i], QUIRE_MAX_META_NAME)) < 0)
			goto out;
		if (r > 0 && count++ == 0)
			first = "keywords";
	}
	for (size_t i = 0; i < m->extra_count; i++) {
		if ((r = cut(doc, &m->extra[i].value, QUIRE_MAX_META_TEXT)) < 0)
			goto out;
		if (r > 0 && count++ == 0) {
			first = m->extra[i].key;
			first_max = QUIRE_MAX_META_TEXT;
		}
	}
	if (count > 0)
		quire_log_report(log, QUIRE_SEV_WARNING, file, 0, 0,
		                 "metadata too long: %s cut to %zu bytes%s", first, first_max,
		                 count > 1 ? " (and other values)" : "");
	st = QUIRE_OK;
out:
	return st;
}
