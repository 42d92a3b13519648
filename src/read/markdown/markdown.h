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

/* The definition list extension (deflist.c): registered once, by the name
 * "definition", and attached to each parser. Its "definition" blocks
 * follow their terms' paragraphs. */
void md_deflist_register(void);
bool md_is_definition(cmark_node *n);

/* An upper bound on the table cells cmark-gfm would build for src (it pads
 * every row to the delimiter row's width). */
size_t md_table_cells(const char *src, size_t len);

/* The start of the line after the one at p, or end. Lines end as
 * CommonMark's do: "\n", "\r\n" or a lone "\r". */
const char *md_line_after(const char *p, const char *end);

/* The cells GFM finds on a table row's line from p to end (its newline
 * excluded), as cmark-gfm's row_from_string() splits it: after the
 * container's prefix ("> ", indentation), an optional leading pipe, then
 * cells ended by pipes that no backslash escapes; a pipe may end the last.
 * *dropped gets where cell number keep + 1 starts, when there is one. */
size_t md_row_cells(const char *p, const char *end, size_t keep, const char **dropped);

/* Table rows wider than this are cut before cmark-gfm sees them: it
 * appends each cell to a list by walking it, so a row costs the square of
 * its cells. */
#define MD_MAX_COLUMNS 1000

/* What md_tables_cut() took away: lines and cells, and the line (of the
 * text given) and byte column of the first cell dropped. */
struct md_table_cut {
	size_t lines, cells;
	unsigned first_line, first_column;
};

/* In a run of lines that holds a delimiter row, cuts each line of more
 * than MD_MAX_COLUMNS cells after its last cell kept. *out is NULL when no
 * line is cut, else a heap copy of src so cut (*out_len bytes, same
 * lines), the caller's to free. QUIRE_ERR_NOMEM when out of memory. */
enum quire_status md_tables_cut(const char *src, size_t len, char **out, size_t *out_len,
                                struct md_table_cut *cut);

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

/* From now on memory fn frees to mem is not reused but given back to the
 * system as soon as whole chunks of the arena are free: called when the
 * parse is done and its tree is freed as it is converted. */
void md_mem_drain(struct cmark_mem *mem);

/* GitHub's emoji shortcodes (":tada:" becomes U+1F389) as a cmark-gfm
 * inline extension, registered (once, in the process-wide registry) under
 * the name MD_EMOJI_EXTENSION; attached after autolink, so that URLs keep
 * their colons. */
#define MD_EMOJI_EXTENSION "quire-emoji"
void md_emoji_register(void);

/* The characters of GitHub's emoji called name (without colons), or
 * NULL. */
const char *md_emoji_find(const char *name, size_t len);

#endif
