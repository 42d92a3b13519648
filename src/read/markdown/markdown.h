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

/* Parses the YAML into doc's metadata. Malformed YAML, aliases and deep
 * nesting are reported as errors and return QUIRE_ERR_INPUT. */
enum quire_status md_front_matter_parse(quire_doc *doc, const struct md_front_matter *fm,
                                        const struct quire_read_options *opts,
                                        struct quire_log *log);

/* The memory of one cmark parse (arena.c). Between md_arena_begin() and
 * md_arena_end(), on one thread, cmark objects made with the returned
 * allocator live in the arena; md_arena_end() frees them all, so the tree
 * need not be freed node by node. */
#define MD_ARENA_CLASSES 40
#define MD_ARENA_MAX_SMALL ((size_t)64 * 1024)
struct md_arena {
	cmark_mem mem; /* per arena: the library keeps no writable globals */
	struct chunk *chunks;
	struct large_head *large;
	void *free[MD_ARENA_CLASSES]; /* freed small blocks, by size class */
	struct md_arena *outer;
};
cmark_mem *md_arena_begin(struct md_arena *a);
void md_arena_end(struct md_arena *a);

#endif
