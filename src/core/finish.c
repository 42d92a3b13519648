/* Work done once, after every input is read: heading ids and footnote
 * numbers, which depend on the whole document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "doc_private.h"

/* A growable array of nodes. */
struct nodes {
	quire_node **v;
	size_t n, cap;
};

static int push(struct nodes *a, quire_node *node)
{
	if (a->n == a->cap) {
		size_t ncap = a->cap ? a->cap * 2 : 16;
		quire_node **fresh = realloc(a->v, ncap * sizeof(*fresh));
		if (fresh == NULL)
			return 0;
		a->v = fresh;
		a->cap = ncap;
	}
	a->v[a->n++] = node;
	return 1;
}

/* What the document holds that finishing needs, gathered in one walk
 * (a walk of a large document costs as much as the rest together). */
struct parts {
	struct qset used;      /* heading ids given by the reader */
	struct nodes headings; /* headings without an id, in order */
	struct nodes defs;     /* footnote definitions, outside other ones */
	struct nodes refs;     /* footnote references, in order */
};

static int gather(quire_doc *doc, struct parts *p)
{
	struct quire_iter it;
	int in_def = 0;

	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (n->kind == QUIRE_FOOTNOTE_DEF) {
			if (it.event == QUIRE_EV_EXIT) {
				in_def--;
				continue;
			}
			if (in_def++ == 0 && !push(&p->defs, n))
				return 0;
			continue;
		}
		if (it.event != QUIRE_EV_ENTER)
			continue;
		if (n->kind == QUIRE_HEADING) {
			/* Ids given by the reader are reserved first, so
			 * generated ones never collide with them. */
			if (n->as.heading.id ? qset_add(&p->used, n->as.heading.id, NULL) < 0
			                     : !push(&p->headings, n))
				return 0;
		} else if (n->kind == QUIRE_FOOTNOTE_REF) {
			if (!push(&p->refs, n))
				return 0;
		}
	}
	return 1;
}

static int assign_heading_ids(quire_doc *doc, struct parts *p)
{
	struct qset *used = &p->used;
	int ok = 0;
	char *slug = NULL;
	struct qstr candidate = {0};

	for (size_t i = 0; i < p->headings.n; i++) {
		quire_node *n = p->headings.v[i];
		char *text = quire_node_plain_text(n);
		if (text == NULL)
			goto out;
		free(slug);
		slug = quire_slugify(text);
		free(text);
		if (slug == NULL)
			goto out;
		unsigned *next_suffix = NULL;
		int added = qset_add(used, slug, &next_suffix);
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
			added = qset_add(used, candidate.data, NULL);
			chosen = candidate.data;
			/* qset_add may have moved the slots. */
			qset_add(used, slug, &next_suffix);
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
	return ok;
}

static void number_footnotes(struct parts *p)
{
	quire_node **defs = p->defs.v;
	size_t ndefs = p->defs.n;
	int next_number = 1;

	for (size_t i = 0; i < ndefs; i++)
		defs[i]->as.footnote.number = 0;
	/* Sort by label for binary search: documents rarely have many
	 * notes, but a linear scan per reference would be quadratic. */
	for (size_t i = 1; i < ndefs; i++) {
		quire_node *x = defs[i];
		size_t j = i;
		while (j > 0 && strcmp(defs[j - 1]->as.footnote.label, x->as.footnote.label) > 0) {
			defs[j] = defs[j - 1];
			j--;
		}
		defs[j] = x;
	}
	for (size_t r = 0; r < p->refs.n; r++) {
		quire_node *n = p->refs.v[r];
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
}

int quire_doc_finish(quire_doc *doc)
{
	struct parts p = {0};
	int ok = 0;

	if (doc->finished)
		return 1;
	if (!gather(doc, &p) || !assign_heading_ids(doc, &p))
		goto out;
	number_footnotes(&p);
	doc->finished = true;
	ok = 1;
out:
	qset_free(&p.used);
	free(p.headings.v);
	free(p.defs.v);
	free(p.refs.v);
	return ok;
}
