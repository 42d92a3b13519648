/* Work done once, after every input is read: heading ids and footnote
 * numbers, which depend on the whole document, and the facts writers
 * share (notes in order of number, contents entries; facts.c hands them
 * out). */
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
	if (!QUIRE_RESERVE(a->v, a->cap, a->n + 1))
		return 0;
	a->v[a->n++] = node;
	return 1;
}

/* A heading that needs an id, a contents entry, or both. */
struct heading {
	quire_node *node;
	bool listed; /* in the contents: outside footnote definitions */
};

/* What the document holds that finishing needs, gathered in one walk
 * (a walk of a large document costs as much as the rest together). */
struct parts {
	struct qset used;          /* heading ids given by the reader */
	struct heading *headings;  /* without an id, or listed; in order */
	size_t nheadings, cap_headings;
	size_t nlisted;            /* headings with listed set */
	struct nodes defs;         /* footnote definitions, outside other ones */
	struct nodes placed;       /* footnote definitions among blocks, in order */
	struct nodes refs;         /* footnote references, in order */
	struct nodes fragment_links; /* links to "#..." */
	size_t nadmonitions;
	size_t ndeflists, ndetails;
	size_t nimages;
};

/* Paragraphs, headings, terms, summaries and tables hold inline content: a footnote
 * definition inside one (only a program can put it there) is not among
 * the blocks writers look for notes in. */
static bool holds_inlines(const quire_node *n)
{
	return n->kind == QUIRE_PARAGRAPH || n->kind == QUIRE_HEADING || n->kind == QUIRE_TABLE ||
	       n->kind == QUIRE_DEFINITION_TERM || n->kind == QUIRE_SUMMARY;
}

static int gather_heading(struct parts *p, quire_node *n, bool listed)
{
	/* Ids given by the reader are reserved first, so generated ones
	 * never collide with them. */
	if (n->as.heading.id && qset_add(&p->used, n->as.heading.id, NULL) < 0)
		return 0;
	if (n->as.heading.id && !listed)
		return 1;
	if (!QUIRE_RESERVE(p->headings, p->cap_headings, p->nheadings + 1))
		return 0;
	p->headings[p->nheadings++] = (struct heading){.node = n, .listed = listed};
	p->nlisted += listed;
	return 1;
}

static int gather(quire_doc *doc, struct parts *p)
{
	struct quire_iter it;
	int in_def = 0, in_inline = 0, in_heading = 0;

	quire_iter_init(&it, doc->root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		if (holds_inlines(n))
			in_inline += enter ? 1 : -1;
		if (n->kind == QUIRE_HEADING)
			in_heading += enter ? 1 : -1;
		if (n->kind == QUIRE_FOOTNOTE_DEF) {
			if (!enter) {
				in_def--;
				continue;
			}
			if (in_def++ == 0 && !push(&p->defs, n))
				return 0;
			if (in_inline == 0 && !push(&p->placed, n))
				return 0;
			continue;
		}
		if (!enter)
			continue;
		if (n->kind == QUIRE_HEADING) {
			/* A heading inside a heading is only its text. */
			if (!gather_heading(p, n, in_def == 0 && in_heading == 1))
				return 0;
		} else if (n->kind == QUIRE_FOOTNOTE_REF) {
			if (!push(&p->refs, n))
				return 0;
		} else if (n->kind == QUIRE_LINK && n->as.link.url[0] == '#') {
			if (!push(&p->fragment_links, n))
				return 0;
		} else if (n->kind == QUIRE_ADMONITION) {
			p->nadmonitions++;
		} else if (n->kind == QUIRE_DEFINITION_LIST) {
			p->ndeflists++;
		} else if (n->kind == QUIRE_DETAILS) {
			p->ndetails++;
		} else if (n->kind == QUIRE_IMAGE || n->kind == QUIRE_FIGURE) {
			p->nimages++;
		}
	}
	return 1;
}

/* Gives heading n an id made from its text: the text's slug, or the
 * slug with the first free suffix when that is taken. */
static int assign_heading_id(quire_doc *doc, struct qset *used, quire_node *n, const char *text,
                             struct qstr *candidate)
{
	int ok = 0;
	char *slug = quire_slugify(text);

	if (slug == NULL)
		goto out;
	unsigned *next_suffix = NULL;
	int added = qset_add(used, slug, &next_suffix);
	const char *chosen = slug;
	/* Each base slug remembers where its last search stopped, so 5,000
	 * equal headings cost linear time, not quadratic. */
	while (added == 0) {
		unsigned k = ++*next_suffix;
		qstr_clear(candidate);
		qstr_printf(candidate, "%s-%u", slug, k);
		if (candidate->oom)
			goto out;
		added = qset_add(used, candidate->data, NULL);
		chosen = candidate->data;
		/* qset_add may have moved the slots. */
		qset_add(used, slug, &next_suffix);
	}
	if (added < 0)
		goto out;
	n->as.heading.id = quire_doc_strdup(doc, chosen);
	ok = n->as.heading.id != NULL;
out:
	free(slug);
	return ok;
}

/* Ids for the headings without one, in document order, and the contents
 * entries; both start from the heading's plain text. */
static int name_and_list_headings(quire_doc *doc, struct parts *p)
{
	int ok = 0;
	char *text = NULL;
	struct qstr candidate = {0};
	struct quire_toc_entry *toc = NULL;
	size_t ntoc = 0;

	if (p->nlisted > 0) {
		toc = quire_doc_alloc(doc, p->nlisted * sizeof(*toc));
		if (toc == NULL)
			goto out;
	}
	for (size_t i = 0; i < p->nheadings; i++) {
		quire_node *n = p->headings[i].node;
		free(text);
		text = quire_node_plain_text(n);
		if (text == NULL)
			goto out;
		if (n->as.heading.id == NULL &&
		    !assign_heading_id(doc, &p->used, n, text, &candidate))
			goto out;
		if (!p->headings[i].listed)
			continue;
		toc[ntoc] = (struct quire_toc_entry){.level = n->as.heading.level,
		                                     .id = n->as.heading.id,
		                                     .text = quire_doc_strdup(doc, text),
		                                     .heading = n};
		if (toc[ntoc++].text == NULL)
			goto out;
	}
	doc->toc = toc;
	doc->ntoc = ntoc;
	ok = 1;
out:
	free(text);
	qstr_free(&candidate);
	return ok;
}

/* Numbers the notes in order of first reference; returns how many. */
static int number_footnotes(struct parts *p)
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
	return next_number - 1;
}

/* The definitions among the blocks, by number (numbered: how many numbers
 * were given). A numbered definition that is not among them, cut off by
 * the nesting limit, leaves a hole; the count ends at the last one that
 * is, as a walk of the blocks would see it. */
static int order_footnotes(quire_doc *doc, struct parts *p, int numbered)
{
	const quire_node **notes = NULL;
	size_t count = 0;

	if (numbered > 0) {
		notes = quire_doc_alloc(doc, (size_t)numbered * sizeof(*notes));
		if (notes == NULL)
			return 0;
	}
	for (size_t i = 0; i < p->placed.n; i++) {
		const quire_node *def = p->placed.v[i];
		int number = def->as.footnote.number;
		if (number < 1 || number > numbered || notes[number - 1] != NULL)
			continue;
		notes[number - 1] = def;
		if ((size_t)number > count)
			count = (size_t)number;
	}
	doc->notes = notes;
	doc->nnotes = count;
	return 1;
}

/* Adds a heading's GitHub slugs to aliases (value: its index + 1), where
 * no id and no earlier alias has them. github_seen counts GitHub's slugs,
 * which GitHub numbers from the second on ("usage", "usage-1"). */
static int add_aliases(struct parts *p, size_t i, struct qset *aliases, struct qset *github_seen,
                       struct qstr *candidate)
{
	char *text = quire_node_shown_text(p->headings[i].node);
	char *github = text ? quire_slugify_github(text) : NULL;
	char *ours = text ? quire_slugify(text) : NULL;
	unsigned *count = NULL, *index = NULL;
	int ok = 0;

	if (ours == NULL || qset_add(github_seen, github, &count) < 0)
		goto out;
	candidate->len = 0;
	if (*count > 0)
		qstr_printf(candidate, "%s-%u", github, *count);
	else
		qstr_puts(candidate, github);
	(*count)++;
	if (candidate->oom)
		goto out;
	const char *names[] = {candidate->data, ours};
	for (size_t k = 0; k < 2; k++) {
		if (names[k][0] == '\0' || qset_has(&p->used, names[k]))
			continue;
		int added = qset_add(aliases, names[k], &index);
		if (added < 0)
			goto out;
		if (added)
			*index = (unsigned)i + 1;
	}
	ok = 1;
out:
	free(text);
	free(github);
	free(ours);
	return ok;
}

/* READMEs link to their headings by GitHub's ids, which keep every space
 * as a '-' and leave images out: "Q & A" is #q--a there, "# tool
 * ![badge](b.svg)" #tool. A link to "#x" that no id matches goes to the
 * heading whose GitHub id (or own slug without images) is x or, failing
 * that, x in lower case; its text is untouched. Links that match nothing
 * stay for the writers to report. */
static int redirect_fragment_links(quire_doc *doc, struct parts *p)
{
	struct qset aliases = {0}, github_seen = {0};
	struct qstr candidate = {0};
	size_t built = 0;
	int ok = 0;

	for (size_t l = 0; l < p->fragment_links.n; l++) {
		quire_node *link = p->fragment_links.v[l];
		const char *fragment = link->as.link.url + 1;
		if (fragment[0] == '\0' || qset_has(&p->used, fragment))
			continue;
		/* The aliases are made once, and only for documents that need
		 * them. */
		for (; built < p->nheadings; built++)
			if (!add_aliases(p, built, &aliases, &github_seen, &candidate))
				goto out;
		unsigned index = qset_get(&aliases, fragment);
		const char *id = index ? p->headings[index - 1].node->as.heading.id : NULL;
		if (id == NULL) {
			/* GitHub finds "#isMatch" at its lower-case id too. */
			candidate.len = 0;
			for (const char *c = fragment; *c; c++)
				qstr_putc(&candidate, *c >= 'A' && *c <= 'Z' ? (char)(*c + 32) : *c);
			if (candidate.oom)
				goto out;
			if (qset_has(&p->used, candidate.data))
				id = candidate.data;
			else if ((index = qset_get(&aliases, candidate.data)) != 0)
				id = p->headings[index - 1].node->as.heading.id;
			else
				continue;
		}
		size_t len = strlen(id);
		char *url = quire_doc_alloc(doc, len + 2);
		if (url == NULL)
			goto out;
		url[0] = '#';
		memcpy(url + 1, id, len + 1);
		link->as.link.url = url;
	}
	ok = 1;
out:
	qset_free(&aliases);
	qset_free(&github_seen);
	qstr_free(&candidate);
	return ok;
}

int quire_doc_finish(quire_doc *doc)
{
	struct parts p = {0};
	int ok = 0;

	if (doc->finished)
		return 1;
	if (!gather(doc, &p) || !name_and_list_headings(doc, &p) ||
	    !redirect_fragment_links(doc, &p))
		goto out;
	if (!order_footnotes(doc, &p, number_footnotes(&p)))
		goto out;
	doc->nadmonitions = p.nadmonitions;
	doc->ndeflists = p.ndeflists;
	doc->ndetails = p.ndetails;
	doc->nimages = p.nimages;
	doc->finished = true;
	ok = 1;
out:
	qset_free(&p.used);
	free(p.headings);
	free(p.defs.v);
	free(p.placed.v);
	free(p.refs.v);
	free(p.fragment_links.v);
	return ok;
}
