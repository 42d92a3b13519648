/* The document's insides, for the core only. */
#ifndef QUIRE_DOC_PRIVATE_H
#define QUIRE_DOC_PRIVATE_H

#include "quire/doc.h"

struct chunk;

struct quire_doc {
	struct chunk *chunks;
	size_t chunk_step; /* size of the next ordinary chunk */
	quire_node *root;
	struct quire_meta meta;
	size_t author_cap, keyword_cap, extra_cap;
	bool finished;
};

#endif
