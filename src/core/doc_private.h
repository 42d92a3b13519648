/* The document's insides, for the core only. */
#ifndef QUIRE_DOC_PRIVATE_H
#define QUIRE_DOC_PRIVATE_H

#include "core.h"
#include "quire/doc.h"

struct chunk;
struct quire_toc_entry;

struct quire_doc {
	struct chunk *chunks;
	size_t chunk_step; /* size of the next ordinary chunk */
	quire_node *root;
	struct quire_meta meta;
	size_t author_cap, keyword_cap, extra_cap;
	struct qset extra_index; /* meta.extra's keys, each to its index + 1 */
	bool finished;
	const char **inputs; /* each input's name (quire_read's filename), in the arena */
	size_t ninputs, cap_inputs;
	unsigned current_input; /* stamped on every new node */
	/* Set by quire_doc_finish(), in the arena (facts.c hands them out). */
	const quire_node **notes; /* footnote definitions, note k at k-1 */
	size_t nnotes;
	struct quire_toc_entry *toc; /* headings outside notes, in order */
	size_t ntoc;
	size_t nadmonitions; /* admonitions anywhere in the document */
	size_t ndeflists, ndetails; /* definition lists, details */
	size_t nimages;      /* images and figures anywhere in the document */
	/* Books of several inputs: links that finishing turned from another
	 * input's file into a heading (sorted by link, for
	 * quire_doc_cross_link), and links kept as text, which
	 * quire_write() reports: to a Markdown file that is not an input
	 * (the first per target), to "#id" that only another input has. */
	struct quire_cross_link *cross;
	size_t ncross;
	const quire_node **lost;
	const char **lost_targets;
	size_t nlost;
	bool lost_reported;
	/* Headings whose reader id an earlier heading had, and that id. */
	const quire_node **renamed;
	const char **renamed_from;
	size_t nrenamed;
};

struct quire_cross_link {
	const quire_node *link, *heading;
};

#endif
