#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "doc_private.h"

/* The arena: a list of chunks, each used from the bottom up. Chunks grow
 * from 64 KB to 8 MB as the document does (quire_chunk_alloc: zeroed, and
 * from 2 MB up huge pages); large requests get a chunk of their own so a
 * huge string wastes nothing. Each byte is handed out once, so it is
 * still zero. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

enum { FIRST_CHUNK = 64 * 1024, MAX_CHUNK = 8 * 1024 * 1024 };

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c;
	size_t bytes = sizeof(*c) + size;
	if (bytes < size)
		return NULL;
	c = quire_chunk_alloc(&bytes);
	if (c == NULL)
		return NULL;
	c->used = 0;
	c->size = bytes - sizeof(*c);
	return c;
}

void *quire_doc_alloc(quire_doc *doc, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	struct chunk *c = doc->chunks;

	if (need < size)
		return NULL;
	if (c == NULL || c->size - c->used < need) {
		size_t step = doc->chunk_step ? doc->chunk_step : FIRST_CHUNK;
		bool own = need > step / 4;
		struct chunk *fresh = chunk_new(own ? need : step);
		if (fresh == NULL)
			return NULL;
		if (c != NULL && own) {
			/* Keep the partly used chunk on top for small requests. */
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = c;
			doc->chunks = fresh;
			doc->chunk_step = step < MAX_CHUNK ? step * 2 : MAX_CHUNK;
		}
		c = fresh;
	}
	void *p = c->data + c->used;
	c->used += need;
	return p;
}

char *quire_doc_strndup(quire_doc *doc, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = quire_doc_alloc(doc, len + 1);
	if (p == NULL)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *quire_doc_strdup(quire_doc *doc, const char *s)
{
	return quire_doc_strndup(doc, s, strlen(s));
}

quire_doc *quire_doc_new(void)
{
	quire_doc *doc = calloc(1, sizeof(*doc));
	if (doc == NULL)
		return NULL;
	doc->root = quire_node_new(doc, QUIRE_DOCUMENT);
	if (doc->root == NULL) {
		quire_doc_free(doc);
		return NULL;
	}
	return doc;
}

void quire_doc_free(quire_doc *doc)
{
	if (doc == NULL)
		return;
	struct chunk *c = doc->chunks;
	while (c != NULL) {
		struct chunk *next = c->next;
		quire_chunk_free(c, sizeof(*c) + c->size);
		c = next;
	}
	qset_free(&doc->extra_index);
	free(doc->inputs);
	free(doc);
}

int quire_doc_begin_input(quire_doc *doc, const char *name)
{
	char *copy = quire_doc_strdup(doc, name ? name : "-");
	if (copy == NULL || !QUIRE_RESERVE(doc->inputs, doc->cap_inputs, doc->ninputs + 1))
		return 0;
	doc->inputs[doc->ninputs] = copy;
	doc->current_input = (unsigned)doc->ninputs++;
	return 1;
}

size_t quire_doc_input_count(const quire_doc *doc)
{
	return doc->ninputs;
}

const char *quire_doc_input_name(const quire_doc *doc, size_t input)
{
	return input < doc->ninputs ? doc->inputs[input] : NULL;
}

const char *quire_node_file(const quire_doc *doc, const quire_node *node, const char *fallback)
{
	const char *name = doc && node ? quire_doc_input_name(doc, node->input) : NULL;
	return name ? name : fallback;
}

quire_node *quire_doc_root(const quire_doc *doc)
{
	return doc->root;
}

const struct quire_meta *quire_doc_meta(const quire_doc *doc)
{
	return &doc->meta;
}

/* Every node pays for the union's largest member: an image's size must
 * not make a link the largest (tests/hostile/memory-peak.sh). */
_Static_assert(sizeof(struct quire_link) <= sizeof(struct quire_footnote),
               "struct quire_link grew every node");

quire_node *quire_node_new(quire_doc *doc, enum quire_kind kind)
{
	quire_node *n = quire_doc_alloc(doc, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->kind = kind;
	n->input = doc->current_input;
	switch (kind) {
	case QUIRE_HEADING:
		n->as.heading.level = 1;
		break;
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
		n->as.list.start = 1;
		n->as.list.tight = true;
		n->as.list.delim = '.';
		break;
	case QUIRE_LINK:
	case QUIRE_IMAGE:
		n->as.link.url = "";
		n->as.link.title = "";
		break;
	case QUIRE_CODE_BLOCK:
		n->as.code.literal.text = "";
		n->as.code.lang = "";
		break;
	case QUIRE_TEXT:
	case QUIRE_CODE:
	case QUIRE_HTML_BLOCK:
	case QUIRE_HTML_INLINE:
		n->as.literal.text = "";
		break;
	case QUIRE_FOOTNOTE_DEF:
	case QUIRE_FOOTNOTE_REF:
		n->as.footnote.label = "";
		break;
	case QUIRE_ADMONITION:
		n->as.admonition.type = QUIRE_ADMONITION_NOTE;
		break;
	case QUIRE_TABLE_CELL:
		n->as.cell.colspan = 1;
		n->as.cell.rowspan = 1;
		break;
	case QUIRE_DEFINITION_LIST:
		n->as.deflist.tight = true;
		break;
	case QUIRE_DEFINITION_TERM:
	case QUIRE_DEFINITION:
	case QUIRE_DETAILS:
	case QUIRE_SUMMARY:
	case QUIRE_DOCUMENT:
	case QUIRE_PARAGRAPH:
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_FIGURE:
	case QUIRE_CAPTION:
	case QUIRE_LIST_ITEM:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_TABLE:
	case QUIRE_TABLE_ROW:
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
	return n;
}

quire_node *quire_node_new_literal(quire_doc *doc, enum quire_kind kind, const char *text,
                                   size_t len)
{
	quire_node *n = quire_node_new(doc, kind);
	char *copy = n ? quire_doc_strndup(doc, text, len) : NULL;
	if (copy == NULL)
		return NULL;
	if (kind == QUIRE_CODE_BLOCK) {
		n->as.code.literal.text = copy;
		n->as.code.literal.len = len;
	} else {
		n->as.literal.text = copy;
		n->as.literal.len = len;
	}
	return n;
}

void quire_node_unlink(quire_node *node)
{
	if (node->prev)
		node->prev->next = node->next;
	else if (node->parent)
		node->parent->first_child = node->next;
	if (node->next)
		node->next->prev = node->prev;
	else if (node->parent)
		node->parent->last_child = node->prev;
	node->parent = node->prev = node->next = NULL;
}

void quire_node_append(quire_node *parent, quire_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
}

void quire_node_prepend(quire_node *parent, quire_node *child)
{
	if (parent->first_child)
		quire_node_insert_before(parent->first_child, child);
	else
		quire_node_append(parent, child);
}

void quire_node_insert_before(quire_node *sibling, quire_node *node)
{
	node->parent = sibling->parent;
	node->next = sibling;
	node->prev = sibling->prev;
	if (sibling->prev)
		sibling->prev->next = node;
	else if (sibling->parent)
		sibling->parent->first_child = node;
	sibling->prev = node;
}

void quire_node_insert_after(quire_node *sibling, quire_node *node)
{
	if (sibling->next) {
		quire_node_insert_before(sibling->next, node);
		return;
	}
	if (sibling->parent) {
		quire_node_append(sibling->parent, node);
		return;
	}
	node->parent = NULL;
	node->prev = sibling;
	node->next = NULL;
	sibling->next = node;
}

bool quire_kind_is_block(enum quire_kind kind)
{
	return kind <= QUIRE_LAST_BLOCK;
}

bool quire_kind_is_inline(enum quire_kind kind)
{
	return kind >= QUIRE_FIRST_INLINE && kind <= QUIRE_LAST_INLINE;
}

bool quire_kind_is_leaf(enum quire_kind kind)
{
	switch (kind) {
	case QUIRE_CODE_BLOCK:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_HTML_BLOCK:
	case QUIRE_TEXT:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_CODE:
	case QUIRE_FOOTNOTE_REF:
	case QUIRE_HTML_INLINE:
		return true;
	case QUIRE_DOCUMENT:
	case QUIRE_HEADING:
	case QUIRE_PARAGRAPH:
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_ADMONITION:
	case QUIRE_DEFINITION_LIST:
	case QUIRE_DEFINITION_TERM:
	case QUIRE_DEFINITION:
	case QUIRE_DETAILS:
	case QUIRE_SUMMARY:
	case QUIRE_FIGURE:
	case QUIRE_CAPTION:
	case QUIRE_BULLET_LIST:
	case QUIRE_ORDERED_LIST:
	case QUIRE_LIST_ITEM:
	case QUIRE_TABLE:
	case QUIRE_TABLE_ROW:
	case QUIRE_TABLE_CELL:
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
		return false;
	}
	return false;
}

const char *quire_kind_name(enum quire_kind kind)
{
	switch (kind) {
	case QUIRE_DOCUMENT: return "document";
	case QUIRE_HEADING: return "heading";
	case QUIRE_PARAGRAPH: return "paragraph";
	case QUIRE_BLOCK_QUOTE: return "block_quote";
	case QUIRE_BULLET_LIST: return "bullet_list";
	case QUIRE_ORDERED_LIST: return "ordered_list";
	case QUIRE_LIST_ITEM: return "list_item";
	case QUIRE_CODE_BLOCK: return "code_block";
	case QUIRE_THEMATIC_BREAK: return "thematic_break";
	case QUIRE_TABLE: return "table";
	case QUIRE_TABLE_ROW: return "table_row";
	case QUIRE_TABLE_CELL: return "table_cell";
	case QUIRE_FOOTNOTE_DEF: return "footnote_def";
	case QUIRE_HTML_BLOCK: return "html_block";
	case QUIRE_ADMONITION: return "admonition";
	case QUIRE_DEFINITION_LIST: return "definition_list";
	case QUIRE_DEFINITION_TERM: return "definition_term";
	case QUIRE_DEFINITION: return "definition";
	case QUIRE_DETAILS: return "details";
	case QUIRE_SUMMARY: return "summary";
	case QUIRE_FIGURE: return "figure";
	case QUIRE_CAPTION: return "caption";
	case QUIRE_TEXT: return "text";
	case QUIRE_SOFT_BREAK: return "soft_break";
	case QUIRE_HARD_BREAK: return "hard_break";
	case QUIRE_EMPH: return "emph";
	case QUIRE_STRONG: return "strong";
	case QUIRE_STRIKETHROUGH: return "strikethrough";
	case QUIRE_SUPERSCRIPT: return "superscript";
	case QUIRE_SUBSCRIPT: return "subscript";
	case QUIRE_KBD: return "kbd";
	case QUIRE_MARK: return "mark";
	case QUIRE_UNDERLINE: return "underline";
	case QUIRE_CODE: return "code";
	case QUIRE_LINK: return "link";
	case QUIRE_IMAGE: return "image";
	case QUIRE_FOOTNOTE_REF: return "footnote_ref";
	case QUIRE_HTML_INLINE: return "html_inline";
	}
	return "?";
}

const char *quire_admonition_name(enum quire_admonition_type type)
{
	switch (type) {
	case QUIRE_ADMONITION_NOTE: return "note";
	case QUIRE_ADMONITION_TIP: return "tip";
	case QUIRE_ADMONITION_IMPORTANT: return "important";
	case QUIRE_ADMONITION_WARNING: return "warning";
	case QUIRE_ADMONITION_CAUTION: return "caution";
	}
	return "note";
}

const char *quire_admonition_label(enum quire_admonition_type type)
{
	switch (type) {
	case QUIRE_ADMONITION_NOTE: return "Note";
	case QUIRE_ADMONITION_TIP: return "Tip";
	case QUIRE_ADMONITION_IMPORTANT: return "Important";
	case QUIRE_ADMONITION_WARNING: return "Warning";
	case QUIRE_ADMONITION_CAUTION: return "Caution";
	}
	return "Note";
}

int quire_node_depth(const quire_node *node)
{
	int depth = 0;
	for (node = node->parent; node != NULL; node = node->parent)
		depth++;
	return depth;
}

void quire_iter_init(struct quire_iter *it, quire_node *root)
{
	it->root = root;
	it->node = root;
	it->event = QUIRE_EV_NONE;
	it->skip = false;
}

enum quire_event quire_iter_next(struct quire_iter *it)
{
	quire_node *n = it->node;

	if (it->skip) {
		it->skip = false;
		it->event = QUIRE_EV_EXIT;
		return it->event;
	}
	switch (it->event) {
	case QUIRE_EV_NONE:
		it->event = QUIRE_EV_ENTER;
		return it->event;
	case QUIRE_EV_DONE:
		return QUIRE_EV_DONE;
	case QUIRE_EV_ENTER:
		if (!quire_kind_is_leaf(n->kind)) {
			if (n->first_child) {
				it->node = n->first_child;
				it->event = QUIRE_EV_ENTER;
			} else {
				it->event = QUIRE_EV_EXIT;
			}
			return it->event;
		}
		break; /* a leaf: move on as after an EXIT */
	case QUIRE_EV_EXIT:
		break;
	}
	if (n == it->root) {
		it->event = QUIRE_EV_DONE;
	} else if (n->next) {
		it->node = n->next;
		it->event = QUIRE_EV_ENTER;
	} else {
		it->node = n->parent;
		it->event = QUIRE_EV_EXIT;
	}
	return it->event;
}

quire_node *quire_iter_node(const struct quire_iter *it)
{
	return it->node;
}

void quire_iter_skip_children(struct quire_iter *it)
{
	if (it->event == QUIRE_EV_ENTER && !quire_kind_is_leaf(it->node->kind))
		it->skip = true;
}
