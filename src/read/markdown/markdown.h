/* Private to the Markdown reader: YAML front matter, cmark's allocator. */
#ifndef QUIRE_READ_MARKDOWN_H
#define QUIRE_READ_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark-gfm.h>

#include "quire/quire.h"

/* Where a front matter block sits in the (already repaired) input. */
struct md_front_matter {
	const char *yaml;   /* the text between the fences */
	size_t yaml_len;
	unsigned yaml_line; /* file line of the first YAML line */
	size_t body_offset; /* where the Markdown after the closing fence starts */
	unsigned lines;     /* lines taken by the block, fences included */
};

/* True when src starts with a closed front matter block ("---" on the first
 * line, "---" or "..." closing it); fills fm. An unclosed block is not front
 * matter, as in pandoc. */
bool md_front_matter_find(const char *src, size_t len, struct md_front_matter *fm);

/* Parses the YAML into doc's metadata when its root is a mapping (or the
 * block is empty), and then sets *taken; any other block, a scalar, a list
 * or YAML malformed before its root node, is Markdown: *taken false, doc
 * untouched, nothing reported. Once the root is a mapping, malformed YAML,
 * aliases and deep nesting are reported as errors and return
 * QUIRE_ERR_INPUT. */
enum quire_status md_front_matter_parse(quire_doc *doc, const struct md_front_matter *fm,
                                        const struct quire_read_options *opts,
                                        struct quire_log *log, bool *taken);

/* An upper bound on the table cells cmark-gfm would build for src (it pads
 * every row to the delimiter row's width). */
size_t md_table_cells(const char *src, size_t len);

/* Runs fn(arg, mem), where mem is a cmark allocator drawing on an arena
 * of its own (arena.c) that is freed, whole, when fn returns: fn need not
 * free what it got from mem. When memory runs out, fn is abandoned
 * (longjmp), the arena is freed and md_mem_run() returns QUIRE_ERR_NOMEM;
 * so fn must keep any state it changes in *arg (not in its own locals),
 * must free in *arg only what it did not get from mem, and must not call
 * itself. Otherwise returns fn's status. */
struct cmark_mem;
enum quire_status md_mem_run(enum quire_status (*fn)(void *arg, struct cmark_mem *mem),
                             void *arg);

#endif
