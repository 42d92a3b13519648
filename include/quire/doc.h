/*
 * quire document model.
 *
 * A document is a tree of tagged-union nodes. The document owns every node
 * and every string reachable from it (one arena); nothing is freed on its
 * own, and everything goes at once with quire_doc_free(). Writers borrow the
 * tree read-only and keep no pointer past the end of their write call.
 *
 * Strings in the model are UTF-8, NUL-terminated, and valid: readers repair
 * their input before it reaches the tree.
 *
 * Thread-safety: a document may be read from several threads at once; it is
 * built and modified by one thread at a time. There is no global state.
 */
#ifndef QUIRE_DOC_H
#define QUIRE_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "quire/export.h"

#ifdef __cplusplus
extern "C" {
#endif

enum quire_kind {
	/* blocks */
	QUIRE_DOCUMENT,
	QUIRE_HEADING,
	QUIRE_PARAGRAPH,
	QUIRE_BLOCK_QUOTE,
	QUIRE_BULLET_LIST,
	QUIRE_ORDERED_LIST,
	QUIRE_LIST_ITEM,
	QUIRE_CODE_BLOCK,
	QUIRE_THEMATIC_BREAK,
	QUIRE_TABLE,
	QUIRE_TABLE_ROW,
	QUIRE_TABLE_CELL,
	QUIRE_FOOTNOTE_DEF,
	QUIRE_HTML_BLOCK,
	QUIRE_ADMONITION, /* GitHub's alerts: a quote with a type */
	/* A definition list holds terms and definitions, in source order: one
	 * or more terms (inlines, like a paragraph) then their definitions
	 * (blocks, like a list item). Either may be missing (HTML allows a
	 * <dd> without a <dt>, and the reverse). */
	QUIRE_DEFINITION_LIST,
	QUIRE_DEFINITION_TERM,
	QUIRE_DEFINITION,
	/* A disclosure (<details>): its first child is always its SUMMARY
	 * (inlines; "Details" when the source has none), then its content's
	 * blocks. */
	QUIRE_DETAILS,
	QUIRE_SUMMARY,
	/* A figure: blocks, and at most one CAPTION among them, where the
	 * source had it (HTML's <figcaption>, first or last). A CAPTION is
	 * only ever a FIGURE's child. */
	QUIRE_FIGURE,
	QUIRE_CAPTION, /* a figure's caption: inlines */
	/* inlines */
	QUIRE_TEXT,
	QUIRE_SOFT_BREAK,
	QUIRE_HARD_BREAK,
	QUIRE_EMPH,
	QUIRE_STRONG,
	QUIRE_STRIKETHROUGH,
	QUIRE_SUPERSCRIPT,
	QUIRE_SUBSCRIPT,
	QUIRE_KBD, /* a keyboard key */
	QUIRE_MARK, /* highlighted text */
	QUIRE_UNDERLINE, /* underlined or inserted text */
	QUIRE_CODE,
	QUIRE_LINK,
	QUIRE_IMAGE,
	QUIRE_FOOTNOTE_REF,
	QUIRE_HTML_INLINE,

	QUIRE_FIRST_BLOCK = QUIRE_DOCUMENT,
	QUIRE_LAST_BLOCK = QUIRE_CAPTION,
	QUIRE_FIRST_INLINE = QUIRE_TEXT,
	QUIRE_LAST_INLINE = QUIRE_HTML_INLINE
};
/* Not an enumerator, so that switches without default stay exhaustive. */
#define QUIRE_KIND_COUNT (QUIRE_LAST_INLINE + 1)

enum quire_align { QUIRE_ALIGN_NONE, QUIRE_ALIGN_LEFT, QUIRE_ALIGN_CENTER, QUIRE_ALIGN_RIGHT };

enum quire_task { QUIRE_TASK_NONE, QUIRE_TASK_UNCHECKED, QUIRE_TASK_CHECKED };

/* Literal text of TEXT, CODE, CODE_BLOCK, HTML_BLOCK and HTML_INLINE. */
struct quire_literal {
	const char *text; /* NUL-terminated; len excludes the NUL */
	size_t len;
};

struct quire_heading {
	int level;      /* 1..6 */
	const char *id; /* unique slug, set by quire_doc_finish() */
};

struct quire_list {
	int start;  /* ordered lists: the first number */
	bool tight; /* items are not separated by blank lines */
	char delim; /* ordered lists: '.' or ')' */
};

struct quire_list_item {
	enum quire_task task;
};

struct quire_code_block {
	struct quire_literal literal; /* ends with a newline unless empty */
	const char *lang;             /* first word of the info string, or "" */
};

/* An admonition's type: GitHub's five alerts, in the order of its
 * documentation. */
enum quire_admonition_type {
	QUIRE_ADMONITION_NOTE,
	QUIRE_ADMONITION_TIP,
	QUIRE_ADMONITION_IMPORTANT,
	QUIRE_ADMONITION_WARNING,
	QUIRE_ADMONITION_CAUTION
};

struct quire_admonition {
	enum quire_admonition_type type;
};

struct quire_definition_list {
	bool tight; /* definitions are not separated by blank lines (pandoc's) */
};

/*
 * A table is a grid of `columns` columns; its rows are its children, its
 * cells the rows' children, in column order. A cell covers `colspan`
 * columns from `column` in its own row and the `rowspan - 1` rows below.
 * Readers set every field; quire_node_new() makes a cell 1 by 1, which is
 * all a Markdown pipe table has. What writers may rely on:
 * - every row covers each of the grid's `columns` slots exactly once,
 *   counting the cells that span down into it from rows above: a row has
 *   no holes (short rows are padded with empty cells) and no overlaps;
 * - column + colspan <= columns, and a cell's rows never run past the
 *   table's last row nor across the boundary between header rows and
 *   body rows (HTML's row groups, where rowspan=0 means "to the end of
 *   the group", are resolved by the reader to a count);
 * - 1 <= colspan <= QUIRE_TABLE_MAX_SPAN, 1 <= rowspan <= the rows left.
 */
#define QUIRE_TABLE_MAX_SPAN 1000

struct quire_table {
	int columns;
	const enum quire_align *align; /* one per column */
};

struct quire_table_row {
	bool header; /* header rows are the leading rows of the table only */
};

struct quire_table_cell {
	int column;  /* 0-based: the grid column where the cell starts */
	int colspan; /* >= 1: the columns it covers */
	int rowspan; /* >= 1: the rows it covers, its own included */
	/* The cell's own alignment (HTML's align on a td), or
	 * QUIRE_ALIGN_NONE for its column's. */
	enum quire_align align;
};

/* A length as the source gave it: CSS pixels (1/96 inch), or a
 * percentage of the text block's width (of its height would mean
 * nothing in a reflowing book, so a height is never a percentage). */
enum quire_unit { QUIRE_UNIT_NONE, QUIRE_UNIT_PX, QUIRE_UNIT_PERCENT };

struct quire_length {
	enum quire_unit unit; /* QUIRE_UNIT_NONE: not given */
	/* > 0 when given. A float, so that a link's two of them keep it
	 * no larger than the union's largest member: every node pays for
	 * the union. */
	float value;
};

/* LINK and IMAGE. */
struct quire_link {
	const char *url;   /* as written, never NULL */
	const char *title; /* never NULL; "" when absent */
	/* Images only: the size the source asks for (HTML's width and
	 * height). Either may be missing; writers keep the aspect ratio
	 * then. Readers give only values that make sense: px in
	 * (0, QUIRE_MAX_PX], percent in (0, 100]. */
	struct quire_length width, height;
};
#define QUIRE_MAX_PX 20000.0

struct quire_footnote {
	const char *label;
	/* 1-based, in order of first reference; 0 for a definition that is
	 * never referenced. Set by quire_doc_finish(). */
	int number;
	/* On a reference: its definition, or NULL when there is none. On a
	 * definition: NULL. */
	struct quire_node *def;
	/* On a reference: 1 for the first reference to a note, 2 for the
	 * second, ... (for unique back-link anchors). */
	int ref_index;
};

struct quire_node {
	enum quire_kind kind;
	unsigned line; /* 1-based source line, 0 when unknown */
	struct quire_node *parent, *first_child, *last_child, *prev, *next;
	unsigned column; /* 1-based byte in the line where it starts, 0 when unknown */
	/* The input it was read from: the index of the quire_read() into the
	 * document that made it, from 0 (see quire_doc_input_name()). */
	unsigned input;
	union {
		struct quire_literal literal;
		struct quire_heading heading;
		struct quire_list list;
		struct quire_list_item item;
		struct quire_code_block code;
		struct quire_admonition admonition;
		struct quire_definition_list deflist;
		struct quire_table table;
		struct quire_table_row row;
		struct quire_table_cell cell;
		struct quire_link link;
		struct quire_footnote footnote;
	} as;
};

typedef struct quire_node quire_node;
typedef struct quire_doc quire_doc;

/* A key/value pair from front matter or -M that quire has no field for. */
struct quire_meta_pair {
	const char *key, *value;
};

/* Document metadata. Every string is owned by the document; absent fields
 * are NULL (lists: count 0). */
struct quire_meta {
	const char *title, *subtitle, *date, *lang, *description, *identifier;
	const char **authors;
	size_t author_count;
	const char **keywords;
	size_t keyword_count;
	struct quire_meta_pair *extra;
	size_t extra_count;
};

/* ---- documents ---- */

/* Returns a new empty document (a DOCUMENT root node), or NULL when out of
 * memory. */
QUIRE_API quire_doc *quire_doc_new(void);
/* Frees the document, every node and every string. NULL-safe. */
QUIRE_API void quire_doc_free(quire_doc *doc);
QUIRE_API quire_node *quire_doc_root(const quire_doc *doc);
QUIRE_API const struct quire_meta *quire_doc_meta(const quire_doc *doc);

/* Assigns heading ids and footnote numbers, and works out what writers
 * share (the footnotes in number order, the contents entries, kept in the
 * document's arena). Done once: a later call does nothing, so build the
 * tree completely before the first one. quire_write() calls it. Returns 0
 * when out of memory, 1 otherwise. */
QUIRE_API int quire_doc_finish(quire_doc *doc);

/* Copies len bytes (plus a NUL) into the document's arena. NULL when out of
 * memory. The copy lives as long as the document. */
QUIRE_API char *quire_doc_strndup(quire_doc *doc, const char *s, size_t len);
QUIRE_API char *quire_doc_strdup(quire_doc *doc, const char *s);
/* Zeroed arena memory, aligned for any type. NULL when out of memory. */
QUIRE_API void *quire_doc_alloc(quire_doc *doc, size_t size);

/* ---- inputs ----
 * Each quire_read() into a document is one input, numbered from 0 in the
 * order of the reads; the nodes it makes carry its number (input). */
QUIRE_API size_t quire_doc_input_count(const quire_doc *doc);
/* The name an input was read under (its read options' filename, "-" when
 * none), owned by the document; NULL when there is no such input. */
QUIRE_API const char *quire_doc_input_name(const quire_doc *doc, size_t input);

/* ---- metadata ----
 * quire_meta_set() routes known keys (title, subtitle, author, date, lang,
 * language, description, keywords, identifier) to their fields: "author"
 * and "keywords" append to their lists, the others replace. Any other key is
 * kept in extra (replacing an earlier value for the same key). The strings
 * are copied. Returns 0 when out of memory. */
QUIRE_API int quire_meta_set(quire_doc *doc, const char *key, const char *value);
/* Empties a list field ("author" or "keywords") before new values arrive. */
QUIRE_API void quire_meta_clear(quire_doc *doc, const char *key);
/* The value of a scalar key, or NULL. Looks at known fields and extra. */
QUIRE_API const char *quire_meta_get(const quire_doc *doc, const char *key);

/* ---- building trees (for readers and tests) ---- */

/* A new detached node of that kind, zeroed except for sensible defaults
 * (heading level 1, list start 1 and tight, link url and title ""). */
QUIRE_API quire_node *quire_node_new(quire_doc *doc, enum quire_kind kind);
/* A new detached leaf with a copy of the text (TEXT, CODE, HTML_INLINE,
 * HTML_BLOCK, CODE_BLOCK). */
QUIRE_API quire_node *quire_node_new_literal(quire_doc *doc, enum quire_kind kind,
                                             const char *text, size_t len);
/* Appends child (which must be detached) as parent's last child. */
QUIRE_API void quire_node_append(quire_node *parent, quire_node *child);
QUIRE_API void quire_node_prepend(quire_node *parent, quire_node *child);
QUIRE_API void quire_node_insert_before(quire_node *sibling, quire_node *node);
QUIRE_API void quire_node_insert_after(quire_node *sibling, quire_node *node);
/* Detaches node (with its subtree) from its parent and siblings. The memory
 * stays in the arena. */
QUIRE_API void quire_node_unlink(quire_node *node);

QUIRE_API bool quire_kind_is_block(enum quire_kind kind);
QUIRE_API bool quire_kind_is_inline(enum quire_kind kind);
/* Leaves never have children; the iterator yields only ENTER for them. */
QUIRE_API bool quire_kind_is_leaf(enum quire_kind kind);
/* "heading", "bullet_list", ... as used by the tree backend. */
QUIRE_API const char *quire_kind_name(enum quire_kind kind);
/* An admonition type's name in lower case ("note", "warning"), as GitHub
 * spells it, and as the tree writer and the HTML class use it. */
QUIRE_API const char *quire_admonition_name(enum quire_admonition_type type);
/* Its label as a reader sees it: "Note", "Warning". */
QUIRE_API const char *quire_admonition_label(enum quire_admonition_type type);

/* ---- walking ----
 * One iterator for everyone. It holds no memory of its own and never
 * recurses: depth costs nothing. A container yields ENTER, then its
 * children, then EXIT; a leaf yields ENTER only. The tree must not change
 * while it is walked, except that the current node's children may be
 * skipped. */
enum quire_event { QUIRE_EV_NONE, QUIRE_EV_ENTER, QUIRE_EV_EXIT, QUIRE_EV_DONE };

struct quire_iter {
	quire_node *root, *node;
	enum quire_event event;
	bool skip; /* private: the next event is the current node's EXIT */
};

QUIRE_API void quire_iter_init(struct quire_iter *it, quire_node *root);
QUIRE_API enum quire_event quire_iter_next(struct quire_iter *it);
QUIRE_API quire_node *quire_iter_node(const struct quire_iter *it);
/* After ENTER on a container: the next event is that node's EXIT. */
QUIRE_API void quire_iter_skip_children(struct quire_iter *it);

/* ---- helpers for writers ---- */

/* Depth of nesting of a node: 0 for the root. */
QUIRE_API int quire_node_depth(const quire_node *node);

#ifdef __cplusplus
}
#endif
#endif
