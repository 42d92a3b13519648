/*
 * Raw HTML in Markdown, into the model. gumbo (an HTML5 parser) reads each
 * HTML block as a fragment and each inline tag on its own; elements map to
 * model kinds (html.c has the table), the others keep their text.
 *
 * HTML blocks become model blocks appended to the block's parent. Inline
 * tags come one at a time, between cmark's other inline nodes: the reader
 * pairs an open tag with its close tag across siblings (markdown.c), using
 * what md_html_inline() says of each tag.
 *
 * gumbo allocates through the parse's cmark allocator: its memory goes
 * with the parse, and running out of it escapes as cmark's does.
 */
#ifndef QUIRE_READ_MARKDOWN_HTML_H
#define QUIRE_READ_MARKDOWN_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

struct cmark_mem;

/* The deepest an HTML block's elements nest before its deeper tags are
 * dropped (their text kept): gumbo's time grows with the square of it. */
#define MD_HTML_MAX_DEPTH 512

struct md_html {
	quire_doc *doc;
	struct cmark_mem *mem;
	struct quire_log *log;
	const char *filename;
};

/* What an inline tag does. */
enum md_html_role {
	MD_HTML_NOTHING, /* a comment, a declaration, or a tag that shows nothing */
	MD_HTML_LEAF,    /* node: a leaf to append (a break, an image) */
	MD_HTML_OPEN,    /* name opens: node is the container for what follows
	                  * (NULL: transparent, the content stays where it is) */
	MD_HTML_CLOSE,   /* name closes */
};

/* The code span an inline <code> ... </code> becomes is made at the close
 * tag, from the text collected in the container. */
struct md_html_tag {
	enum md_html_role role;
	char name[16];   /* lower case; "" when not an element */
	quire_node *node;
	bool code;       /* OPEN: the content becomes one code span */
	bool dropped;    /* OPEN: the content is not shown (node is detached) */
};

/* Reads one inline HTML literal (as cmark-gfm delimits it) at line and
 * column. An element whose content cannot be shown (script, style, ...)
 * opens a detached container, with a warning. QUIRE_OK or
 * QUIRE_ERR_NOMEM. */
enum quire_status md_html_inline(struct md_html *h, const char *lit, size_t len, unsigned line,
                                 unsigned column, struct md_html_tag *tag);

/* The containers an HTML block leaves open, with no end tag before the
 * block ends: GitHub's READMEs write "<details><summary>..</summary>" as
 * one block, then Markdown, then "</details>" as another. Only details,
 * dl and dd are kept open (outer first); the reader puts what follows in
 * the innermost until the close tag. */
#define MD_HTML_MAX_OPEN 8

struct md_html_block_end {
	struct {
		char name[16];
		quire_node *node;
	} open[MD_HTML_MAX_OPEN];
	size_t nopen;
};
/* An image's width or height as HTML's attributes and pandoc's
 * "{width=50%}" give it: a number of CSS pixels ("300", "300px"; also in,
 * cm, mm and pt, turned into pixels at 96 per inch) or, for a width, a
 * percentage ("50%"). Returns NULL with *len set, or why the text is no
 * such size (*len then QUIRE_UNIT_NONE): not a positive number, over
 * QUIRE_MAX_PX or 100%, a percentage height. */
const char *md_html_length(const char *s, size_t n, bool height, struct quire_length *len);

/* Parses an HTML block (lit, len at line) and appends its content to
 * parent, a node that holds blocks; *end (when not NULL) gets the
 * containers left open. QUIRE_OK or QUIRE_ERR_NOMEM. */
enum quire_status md_html_block(struct md_html *h, const char *lit, size_t len, unsigned line,
                                quire_node *parent, struct md_html_block_end *end);

/* What a definition list or details needs once its content is complete:
 * a list's tightness (no definition holds more than one block), details'
 * summary ("Details" when it has none). */
void md_html_finish(quire_doc *doc, quire_node *q);

#endif
