/* Work done once, after every input is read: heading ids and footnote
 * numbers, which depend on the whole document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "doc_private.h"

static int assign_heading_ids(quire_doc *doc)
{
	struct qset used = {0};
	struct quire_iter it;
	int ok = 0;
	char *slug = NULL;
	struct qstr candidate = {0};

	/* Ids given by the reader are reserved first, so generated ones never
	 * collide with them. */
	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_ENTER && n->kind == QUIRE_HEADING && n->as.heading.id)
			if (qset_add(&used, n->as.heading.id, NULL) < 0)
				goto out;
	}
	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n->kind != QUIRE_HEADING || n->as.heading.id)
			continue;
		char *text = quire_node_plain_text(n);
		if (text == NULL)
			goto out;
		free(slug);
		slug = quire_slugify(text);
		free(text);
		if (slug == NULL)
			goto out;
		unsigned *next_suffix = NULL;
		int added = qset_add(&used, slug, &next_suffix);
		const char *chosen = slug;
		/* A duplicate gets the first free suffix. Each base slug
		 * remembers where its last search stopped, so 5,000 equal
		 * headings cost linear time, not quadratic. */
		while (added == 0) {
			unsigned k = ++*next_suffix;
			qstr_clear(&candidate);
			qstr_printf(&candidate, "%s-%u", slug, k);
			if (candidate.oom)
				goto out;
			added = qset_add(&used, candidate.data, NULL);
			chosen = candidate.data;
			/* qset_add may have moved the slots. */
			qset_add(&used, slug, &next_suffix);
		}
		if (added < 0)
			goto out;
		n->as.heading.id = quire_doc_strdup(doc, chosen);
		if (n->as.heading.id == NULL)
			goto out;
	}
	ok = 1;
out:
	free(slug);
	qstr_free(&candidate);
	qset_free(&used);
	return ok;
}

static int number_footnotes(quire_doc *doc)
{
	struct quire_iter it;
	int next_number = 1;

	/* Definitions by label; documents rarely have many notes, but a
	 * linear scan per reference would be quadratic, so index them. */
	size_t ndefs = 0, cap = 0;
	quire_node **defs = NULL;
	int ok = 0;

	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n->kind != QUIRE_FOOTNOTE_DEF)
			continue;
		n->as.footnote.number = 0;
		if (ndefs == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			quire_node **fresh = realloc(defs, ncap * sizeof(*defs));
			if (fresh == NULL)
				goto out;
			defs = fresh;
			cap = ncap;
		}
		defs[ndefs++] = n;
		quire_iter_skip_children(&it);
	}
	/* Sort by label for binary search. */
	for (size_t i = 1; i < ndefs; i++) {
		quire_node *x = defs[i];
		size_t j = i;
		while (j > 0 && strcmp(defs[j - 1]->as.footnote.label, x->as.footnote.label) > 0) {
			defs[j] = defs[j - 1];
			j--;
		}
		defs[j] = x;
	}
	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n->kind != QUIRE_FOOTNOTE_REF)
			continue;
		quire_node *def = n->as.footnote.def;
		if (def == NULL) {
			size_t lo = 0, hi = ndefs;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				int c = strcmp(defs[mid]->as.footnote.label, n->as.footnote.label);
				if (c == 0) {
					def = defs[mid];
					break;
				}
				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
		n->as.footnote.def = def;
		if (def == NULL)
			continue;
		if (def->as.footnote.number == 0) {
			def->as.footnote.number = next_number++;
			def->as.footnote.ref_index = 0;
		}
		n->as.footnote.number = def->as.footnote.number;
		n->as.footnote.ref_index = ++def->as.footnote.ref_index;
	}
	ok = 1;
out:
	free(defs);
	return ok;
}

int quire_doc_finish(quire_doc *doc)
{
	if (doc->finished)
		return 1;
	if (!assign_heading_ids(doc) || !number_footnotes(doc))
		return 0;
	doc->finished = true;
	return 1;
}
