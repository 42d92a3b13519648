#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "doc_private.h"

/* Grows an arena array: the old block stays in the arena (it is small, and
 * metadata lists are short). */
static int grow(quire_doc *doc, void **items, size_t count, size_t *cap, size_t size)
{
	if (count < *cap)
		return 1;
	size_t ncap = *cap ? *cap * 2 : 4;
	void *fresh = quire_doc_alloc(doc, ncap * size);
	if (fresh == NULL)
		return 0;
	if (count)
		memcpy(fresh, *items, count * size);
	*items = fresh;
	*cap = ncap;
	return 1;
}

static int append_string(quire_doc *doc, const char ***list, size_t *count, size_t *cap,
                         const char *value)
{
	void *items = (void *)*list;
	const char *copy = quire_doc_strdup(doc, value);
	if (copy == NULL || !grow(doc, &items, *count, cap, sizeof(char *)))
		return 0;
	*list = items;
	(*list)[(*count)++] = copy;
	return 1;
}

static const char **scalar_field(quire_doc *doc, const char *key)
{
	struct quire_meta *m = &doc->meta;
	if (strcasecmp(key, "title") == 0)
		return &m->title;
	if (strcasecmp(key, "subtitle") == 0)
		return &m->subtitle;
	if (strcasecmp(key, "date") == 0)
		return &m->date;
	if (strcasecmp(key, "lang") == 0 || strcasecmp(key, "language") == 0)
		return &m->lang;
	if (strcasecmp(key, "description") == 0 || strcasecmp(key, "abstract") == 0)
		return &m->description;
	if (strcasecmp(key, "identifier") == 0)
		return &m->identifier;
	return NULL;
}

int quire_meta_set(quire_doc *doc, const char *key, const char *value)
{
	struct quire_meta *m = &doc->meta;
	const char **field = scalar_field(doc, key);

	if (field != NULL) {
		*field = quire_doc_strdup(doc, value);
		return *field != NULL;
	}
	if (strcasecmp(key, "author") == 0 || strcasecmp(key, "authors") == 0)
		return append_string(doc, &m->authors, &m->author_count, &doc->author_cap, value);
	if (strcasecmp(key, "keywords") == 0 || strcasecmp(key, "keyword") == 0)
		return append_string(doc, &m->keywords, &m->keyword_count, &doc->keyword_cap, value);

	/* Other keys are found through a set that maps each to its place
	 * (plus one) in m->extra: comparing with every earlier key made
	 * front matter with many keys quadratic. */
	unsigned *slot;
	if (qset_add(&doc->extra_index, key, &slot) < 0)
		return 0;
	/* A key whose first setting ran out of memory is in the set with
	 * no place (0), and is added now. */
	if (*slot > 0) {
		struct quire_meta_pair *pair = &m->extra[*slot - 1];
		pair->value = quire_doc_strdup(doc, value);
		return pair->value != NULL;
	}
	void *items = m->extra;
	if (m->extra_count >= UINT_MAX ||
	    !grow(doc, &items, m->extra_count, &doc->extra_cap, sizeof(*m->extra)))
		return 0;
	m->extra = items;
	struct quire_meta_pair *pair = &m->extra[m->extra_count];
	pair->key = quire_doc_strdup(doc, key);
	pair->value = quire_doc_strdup(doc, value);
	if (pair->key == NULL || pair->value == NULL)
		return 0;
	*slot = (unsigned)++m->extra_count;
	return 1;
}

void quire_meta_clear(quire_doc *doc, const char *key)
{
	if (strcasecmp(key, "author") == 0 || strcasecmp(key, "authors") == 0)
		doc->meta.author_count = 0;
	else if (strcasecmp(key, "keywords") == 0 || strcasecmp(key, "keyword") == 0)
		doc->meta.keyword_count = 0;
}

const char *quire_meta_get(const quire_doc *doc, const char *key)
{
	const char **field = scalar_field((quire_doc *)doc, key);
	if (field != NULL)
		return *field;
	unsigned i = qset_get(&doc->extra_index, key);
	return i > 0 ? doc->meta.extra[i - 1].value : NULL;
}
