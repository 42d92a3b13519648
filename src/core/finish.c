/* Work done once, after every input is read: heading ids and footnote
 * numbers, which depend on the whole document, and the facts writers
 * share (notes in order of number, contents entries; facts.c hands them
 * out). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

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

/* A heading that came with an id an earlier heading has: it gets the
 * first free "id-N" and is reported; its input still knows it by the
 * id it was given (index: its place in all_headings, books only). */
struct renamed {
	quire_node *node;
	const char *given;
	size_t index;
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
	struct nodes all_headings; /* books of several inputs: every heading, in order */
	struct nodes file_links;   /* books of several inputs: links to relative paths */
	struct renamed *renamed;   /* headings whose reader id an earlier one has */
	size_t nrenamed, cap_renamed;
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

/* Gives n, whose reader id is taken, the first free "id-N". */
static int rename_heading(quire_doc *doc, struct parts *p, quire_node *n, bool book)
{
	struct qstr name = {0};
	int added = 0;
	const char *given = n->as.heading.id;

	for (unsigned k = 1; added == 0; k++) {
		qstr_clear(&name);
		qstr_printf(&name, "%s-%u", given, k);
		added = name.oom ? -1 : qset_add(&p->used, name.data, NULL);
	}
	if (added > 0 && (n->as.heading.id = quire_doc_strdup(doc, name.data)) == NULL)
		added = -1;
	if (added > 0 && !QUIRE_RESERVE(p->renamed, p->cap_renamed, p->nrenamed + 1))
		added = -1;
	if (added > 0)
		p->renamed[p->nrenamed++] = (struct renamed){
			.node = n, .given = given, .index = book ? p->all_headings.n - 1 : 0};
	qstr_free(&name);
	return added > 0;
}

static int gather_heading(quire_doc *doc, struct parts *p, quire_node *n, bool listed, bool book)
{
	if (book && !push(&p->all_headings, n))
		return 0;
	/* Ids given by the reader are reserved first, so generated ones
	 * never collide with them; a second heading with the same one
	 * (`{#x}` twice) would make two elements with that id. */
	int added = n->as.heading.id ? qset_add(&p->used, n->as.heading.id, NULL) : 1;
	if (added < 0 || (added == 0 && !rename_heading(doc, p, n, book)))
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
	bool book = doc->ninputs > 1;

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
			if (!gather_heading(doc, p, n, in_def == 0 && in_heading == 1, book))
				return 0;
		} else if (n->kind == QUIRE_FOOTNOTE_REF) {
			if (!push(&p->refs, n))
				return 0;
		} else if (n->kind == QUIRE_LINK && n->as.link.url[0] == '#') {
			if (!push(&p->fragment_links, n))
				return 0;
		} else if (n->kind == QUIRE_LINK && book && n->as.link.url[0] != '\0') {
			if (!push(&p->file_links, n))
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

/* Notes are looked up by label inside their input: each file of a book
 * has its own [^1]. */
static int compare_note(const quire_node *a, const quire_node *b)
{
	if (a->input != b->input)
		return a->input < b->input ? -1 : 1;
	return strcmp(a->as.footnote.label, b->as.footnote.label);
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
		while (j > 0 && compare_note(defs[j - 1], x) > 0) {
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
				int c = compare_note(defs[mid], n);
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
/* A heading's alias names, names[0] and names[1]: its GitHub id (GitHub's
 * slug, numbered as GitHub numbers repeats: seen counts each under key,
 * "usage", "usage-1"; key NULL: the slug itself) and its own slug without
 * images. The caller frees names[1]; names[0] is github's buffer. */
struct alias_names {
	struct qstr github;
	char *ours;
};

static int alias_names(const quire_node *n, struct qset *seen,
                       const char *(*key)(void *ctx, const char *slug), void *ctx,
                       struct alias_names *a)
{
	char *text = quire_node_shown_text(n);
	char *github = text ? quire_slugify_github(text) : NULL;
	const char *k = github && key ? key(ctx, github) : github;
	unsigned *count = NULL;
	int ok = 0;

	a->ours = text ? quire_slugify(text) : NULL;
	if (a->ours == NULL || k == NULL || qset_add(seen, k, &count) < 0)
		goto out;
	qstr_clear(&a->github);
	if (*count > 0)
		qstr_printf(&a->github, "%s-%u", github, *count);
	else
		qstr_puts(&a->github, github);
	(*count)++;
	ok = !a->github.oom;
out:
	free(text);
	free(github);
	return ok;
}

static int add_aliases(struct parts *p, size_t i, struct qset *aliases, struct qset *github_seen,
                       struct alias_names *a)
{
	unsigned *index = NULL;
	int ok = 0;

	if (!alias_names(p->headings[i].node, github_seen, NULL, NULL, a))
		goto out;
	const char *names[] = {a->github.data, a->ours};
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
	free(a->ours);
	a->ours = NULL;
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
	struct alias_names names = {0};
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
			if (!add_aliases(p, built, &aliases, &github_seen, &names))
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
	qstr_free(&names.github);
	return ok;
}

/* ---- books of several inputs ----
 * Each input keeps its own names, as if it were converted alone (pandoc's
 * --file-scope): a heading's local name is the id it would get alone, and
 * a link to "#x" or to "file.md#x" finds x among its input's names and
 * GitHub aliases, then points at the unique id the heading got in the
 * book ("usage" in the second file may be "usage-1"). The sets below key
 * a name by its input: "INPUT\x1fNAME". */
struct scopes {
	struct qset names;   /* local name -> the heading's index in all_headings + 1 */
	struct qset aliases; /* GitHub's slug, own slug without images -> the same */
	struct qset suffix;  /* local base slug -> the last suffix tried */
	struct qset github_seen;
	struct qset files; /* an input's normalised name -> its index + 1 */
	struct qset lost;  /* targets already reported */
	size_t *first;     /* per input: index of its first heading + 1, 0 none */
	struct qstr key, name;
};

static const char *scoped(struct qstr *key, unsigned input, const char *name)
{
	qstr_clear(key);
	qstr_printf(key, "%u\x1f%s", input, name);
	return key->oom ? NULL : key->data;
}

/* Adds (input, name) -> index + 1 unless the name is there; -1 when out of
 * memory, else whether it was added. */
static int scope_add(struct qset *set, struct qstr *key, unsigned input, const char *name,
                     size_t index)
{
	unsigned *value = NULL;
	const char *k = scoped(key, input, name);
	int added = k ? qset_add(set, k, &value) : -1;
	if (added > 0)
		*value = (unsigned)index + 1;
	return added;
}

/* The local name of a heading without a reader's id: its slug, or the
 * slug with the first suffix free in its input, as assign_heading_id
 * would choose in a document of that input alone. */
static int local_name(struct scopes *s, unsigned input, const char *slug, size_t index)
{
	unsigned *next = NULL;
	int added = scope_add(&s->names, &s->key, input, slug, index);
	if (added != 0)
		return added > 0;
	const char *k = scoped(&s->key, input, slug);
	if (k == NULL || qset_add(&s->suffix, k, &next) < 0)
		return 0;
	while (added == 0) {
		unsigned n = ++*next;
		qstr_clear(&s->name);
		qstr_printf(&s->name, "%s-%u", slug, n);
		if (s->name.oom)
			return 0;
		added = scope_add(&s->names, &s->key, input, s->name.data, index);
		k = scoped(&s->key, input, slug);
		if (k == NULL || qset_add(&s->suffix, k, &next) < 0)
			return 0;
	}
	return added > 0;
}

/* GitHub's slug and our own slug without images, as add_aliases makes
 * them for a whole document, here inside the heading's input. */
struct scoped_ctx {
	struct scopes *s;
	unsigned input;
};

static const char *scoped_key(void *ctx, const char *slug)
{
	struct scoped_ctx *c = ctx;
	return scoped(&c->s->key, c->input, slug);
}

static int local_aliases(struct scopes *s, const quire_node *n, size_t index)
{
	struct scoped_ctx ctx = {s, n->input};
	struct alias_names a = {0};
	const char *k;
	int ok = 0;

	if (!alias_names(n, &s->github_seen, scoped_key, &ctx, &a))
		goto out;
	const char *names[] = {a.github.data, a.ours};
	for (size_t i = 0; i < 2; i++) {
		if (names[i][0] == '\0')
			continue;
		if ((k = scoped(&s->key, n->input, names[i])) == NULL)
			goto out;
		if (qset_has(&s->names, k))
			continue;
		if (scope_add(&s->aliases, &s->key, n->input, names[i], index) < 0)
			goto out;
	}
	ok = 1;
out:
	qstr_free(&a.github);
	free(a.ours);
	return ok;
}

/* Reader-given ids are an input's names first (as they are reserved
 * first in a whole document), then the others in order. given[i]: the
 * heading had an id before finishing. */
static int scope_given(struct scopes *s, struct parts *p, bool *given)
{
	for (size_t i = 0; i < p->all_headings.n; i++) {
		quire_node *n = p->all_headings.v[i];
		given[i] = n->as.heading.id != NULL;
		if (given[i] && scope_add(&s->names, &s->key, n->input, n->as.heading.id, i) < 0)
			return 0;
	}
	/* A renamed heading is still what its own input called it, unless
	 * an earlier heading of that input has the name. */
	for (size_t r = 0; r < p->nrenamed; r++) {
		const struct renamed *x = &p->renamed[r];
		if (scope_add(&s->names, &s->key, x->node->input, x->given, x->index) < 0)
			return 0;
	}
	return 1;
}

static int scope_generated(struct scopes *s, struct parts *p, const bool *given, size_t ninputs)
{
	for (size_t i = 0; i < p->all_headings.n; i++) {
		quire_node *n = p->all_headings.v[i];
		if (n->input < ninputs && s->first[n->input] == 0)
			s->first[n->input] = i + 1;
		if (given[i])
			continue;
		char *text = quire_node_plain_text(n);
		char *slug = text ? quire_slugify(text) : NULL;
		int ok = slug && local_name(s, n->input, slug, i);
		free(text);
		free(slug);
		if (!ok)
			return 0;
	}
	for (size_t i = 0; i < p->all_headings.n; i++)
		if (!local_aliases(s, p->all_headings.v[i], i))
			return 0;
	return 1;
}

/* The heading fragment names in input, or NULL: its names, its aliases,
 * then the same in lower case (GitHub finds "#isMatch" at "#ismatch"),
 * each as written and percent-decoded. *oom on failure. */
static const quire_node *scope_find(struct scopes *s, struct parts *p, unsigned input,
                                    const char *fragment, bool *oom)
{
	const quire_node *found = NULL;
	char *decoded = quire_percent_decode(fragment, strlen(fragment), NULL);
	char *lower = NULL;

	if (decoded == NULL)
		goto fail;
	lower = strdup(decoded);
	if (lower == NULL)
		goto fail;
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	const char *tries[] = {fragment, decoded, lower};
	for (size_t t = 0; t < 3 && found == NULL; t++) {
		const char *k = scoped(&s->key, input, tries[t]);
		if (k == NULL)
			goto fail;
		unsigned index = qset_get(&s->names, k);
		if (index == 0)
			index = qset_get(&s->aliases, k);
		if (index != 0)
			found = p->all_headings.v[index - 1];
	}
	goto out;
fail:
	*oom = true;
out:
	free(decoded);
	free(lower);
	return found;
}

/* Appends to out the path dir/path with its "." and ".." segments worked
 * out and its empty ones dropped ("a/./b/../c.md" is "a/c.md"); ".." that
 * climbs above a relative start stays. */
static void normalise_path(struct qstr *out, const char *dir, const char *path)
{
	const char *parts[] = {dir, path};
	bool absolute = (dir[0] ? dir : path)[0] == '/';

	qstr_clear(out);
	if (absolute)
		qstr_putc(out, '/');
	size_t root = out->len; /* ".." never goes below this */
	for (size_t p = 0; p < 2; p++) {
		const char *c = parts[p];
		while (*c) {
			const char *end = strchr(c, '/');
			size_t len = end ? (size_t)(end - c) : strlen(c);
			if ((len == 1 && c[0] == '.') || len == 0) {
				/* nothing */
			} else if (len == 2 && c[0] == '.' && c[1] == '.' && out->len > root &&
			           !(out->len - root >= 2 && strcmp(out->data + out->len - 2, "..") == 0 &&
			             (out->len - root == 2 || out->data[out->len - 3] == '/'))) {
				while (out->len > root && out->data[out->len - 1] != '/')
					out->len--;
				if (out->len > root)
					out->len--;
				out->data[out->len] = '\0';
			} else if (!(len == 2 && c[0] == '.' && c[1] == '.' && absolute)) {
				if (out->len > root)
					qstr_putc(out, '/');
				qstr_append(out, c, len);
			}
			c += len;
			if (*c == '/')
				c++;
		}
	}
}

static bool has_scheme(const char *url)
{
	const char *c = url;
	if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
		return false;
	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
	       *c == '+' || *c == '-' || *c == '.')
		c++;
	return *c == ':';
}

static bool names_markdown(const char *path, size_t len)
{
	static const char *const ext[] = {".md", ".markdown"};
	for (size_t i = 0; i < 2; i++) {
		size_t el = strlen(ext[i]);
		if (len >= el && strncasecmp(path + len - el, ext[i], el) == 0)
			return true;
	}
	return false;
}

/* A link kept as its text: its children take its place. */
static void unwrap_link(quire_node *link)
{
	while (link->first_child) {
		quire_node *child = link->first_child;
		quire_node_unlink(child);
		quire_node_insert_before(link, child);
	}
	quire_node_unlink(link);
}

static int set_fragment_url(quire_doc *doc, quire_node *link, const char *id)
{
	size_t len = strlen(id);
	char *url = quire_doc_alloc(doc, len + 2);
	if (url == NULL)
		return 0;
	url[0] = '#';
	memcpy(url + 1, id, len + 1);
	link->as.link.url = url;
	return 1;
}

static int compare_cross(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct quire_cross_link *)a)->link;
	uintptr_t y = (uintptr_t)((const struct quire_cross_link *)b)->link;
	return x < y ? -1 : x > y;
}

/* A link to a relative path: to one of the inputs (NAME.html stands for
 * NAME.md, as published docs link), it goes to the heading its fragment
 * names there, or to the input's first heading (an input without
 * headings: the first heading after it). To a Markdown file that is not
 * an input, it is kept as its text, reported once per target. */
static int link_file(quire_doc *doc, struct scopes *s, struct parts *p, quire_node *link,
                     struct nodes *cross, struct nodes *lost)
{
	const char *url = link->as.link.url;
	size_t path_len = strcspn(url, "?#");
	const char *hash = strchr(url, '#');
	char *path = NULL, *dir = NULL;
	bool oom = false;
	int ok = 0;

	/* A program may have stamped a node with an input it never read. */
	if (url[0] == '/' || url[0] == '#' || has_scheme(url) || path_len == 0 ||
	    link->input >= doc->ninputs)
		return 1;
	const char *from = doc->inputs[link->input];
	const char *slash = strrchr(from, '/');
	path = quire_percent_decode(url, path_len, NULL);
	dir = strndup(from, slash ? (size_t)(slash - from) : 0);
	if (path == NULL || dir == NULL)
		goto out;
	normalise_path(&s->name, dir, path);
	if (s->name.oom)
		goto out;
	unsigned target = qset_get(&s->files, s->name.data);
	size_t len = s->name.len;
	if (target == 0 && len > 5 && strcasecmp(s->name.data + len - 5, ".html") == 0) {
		/* Docs published as HTML link to each other's pages: "fs.html"
		 * is fs.md in a book made of the sources. */
		s->name.len -= 5;
		qstr_puts(&s->name, ".md");
		if (s->name.oom)
			goto out;
		target = qset_get(&s->files, s->name.data);
	}
	if (target == 0) {
		if (names_markdown(path, strlen(path))) {
			int added = qset_add(&s->lost, s->name.data, NULL);
			if (added < 0 || (added && !push(lost, link)))
				goto out;
			unwrap_link(link);
		}
		ok = 1;
		goto out;
	}
	target--;
	const quire_node *heading = NULL;
	if (hash && hash[1])
		heading = scope_find(s, p, target, hash + 1, &oom);
	if (oom)
		goto out;
	for (size_t i = target; heading == NULL && i < doc->ninputs; i++)
		if (s->first[i])
			heading = p->all_headings.v[s->first[i] - 1];
	if (heading == NULL) {
		unwrap_link(link);
	} else {
		if (!set_fragment_url(doc, link, heading->as.heading.id) || !push(cross, link) ||
		    !push(cross, (quire_node *)heading))
			goto out;
	}
	ok = 1;
out:
	free(path);
	free(dir);
	return ok;
}

/* Books of several inputs: fragment links inside their input, links
 * between inputs to headings. */
static int resolve_book_links(quire_doc *doc, struct parts *p)
{
	struct scopes s = {0};
	struct nodes cross = {0}, lost = {0};
	bool *given = calloc(p->all_headings.n + 1, sizeof(*given));
	bool oom = false;
	int ok = 0;

	s.first = calloc(doc->ninputs, sizeof(*s.first));
	if (given == NULL || s.first == NULL)
		goto out;
	for (size_t i = 0; i < doc->ninputs; i++) {
		normalise_path(&s.name, "", doc->inputs[i]);
		if (s.name.oom)
			goto out;
		unsigned *value = NULL;
		/* "-" is standard input, which no link names. */
		int added = strcmp(doc->inputs[i], "-") == 0 ? 0 : qset_add(&s.files, s.name.data, &value);
		if (added < 0)
			goto out;
		if (added)
			*value = (unsigned)i + 1;
	}
	if (!scope_given(&s, p, given) || !name_and_list_headings(doc, p) ||
	    !scope_generated(&s, p, given, doc->ninputs))
		goto out;
	for (size_t l = 0; l < p->fragment_links.n; l++) {
		quire_node *link = p->fragment_links.v[l];
		const char *fragment = link->as.link.url + 1;
		if (fragment[0] == '\0')
			continue;
		const quire_node *heading = scope_find(&s, p, link->input, fragment, &oom);
		if (oom)
			goto out;
		/* A name that only another input has would jump into the
		 * wrong file: kept as text, reported. A name no heading has
		 * stays for the writers to report. */
		if (heading == NULL && qset_has(&p->used, fragment)) {
			if (!push(&lost, link))
				goto out;
			unwrap_link(link);
			continue;
		}
		if (heading && strcmp(heading->as.heading.id, fragment) != 0 &&
		    !set_fragment_url(doc, link, heading->as.heading.id))
			goto out;
	}
	for (size_t l = 0; l < p->file_links.n; l++)
		if (!link_file(doc, &s, p, p->file_links.v[l], &cross, &lost))
			goto out;
	if (cross.n > 0) {
		doc->cross = quire_doc_alloc(doc, cross.n / 2 * sizeof(*doc->cross));
		if (doc->cross == NULL)
			goto out;
		for (size_t i = 0; i < cross.n / 2; i++)
			doc->cross[i] = (struct quire_cross_link){cross.v[2 * i], cross.v[2 * i + 1]};
		doc->ncross = cross.n / 2;
		qsort(doc->cross, doc->ncross, sizeof(*doc->cross), compare_cross);
	}
	if (lost.n > 0) {
		doc->lost = quire_doc_alloc(doc, lost.n * sizeof(*doc->lost));
		doc->lost_targets = quire_doc_alloc(doc, lost.n * sizeof(*doc->lost_targets));
		if (doc->lost == NULL || doc->lost_targets == NULL)
			goto out;
		for (size_t i = 0; i < lost.n; i++) {
			doc->lost[i] = lost.v[i];
			doc->lost_targets[i] = lost.v[i]->as.link.url;
		}
		doc->nlost = lost.n;
	}
	ok = 1;
out:
	free(given);
	free(s.first);
	qset_free(&s.names);
	qset_free(&s.aliases);
	qset_free(&s.suffix);
	qset_free(&s.github_seen);
	qset_free(&s.files);
	qset_free(&s.lost);
	qstr_free(&s.key);
	qstr_free(&s.name);
	free(cross.v);
	free(lost.v);
	return ok;
}

/* French typography: a narrow no-break space (U+202F) inside guillemets
 * and before ; : ! ?, in place of the space typed there (a no-break
 * space too), and added inside guillemets typed without one, so that
 * "»" never starts a line and "«" never ends one, in every writer. Only
 * text, never code or URLs; a colon is changed only after a space, so
 * "http:" stays. Returns false when out of memory. */
#define NNBSP "\xe2\x80\xaf"

static bool is_space_at(const char *t, size_t i, size_t len, size_t *width)
{
	if (t[i] == ' ') {
		*width = 1;
		return true;
	}
	if (i + 1 < len && (unsigned char)t[i] == 0xC2 && (unsigned char)t[i + 1] == 0xA0) {
		*width = 2;
		return true;
	}
	return false;
}

static bool french_text(quire_doc *doc, quire_node *n, struct qstr *q)
{
	const char *t = n->as.literal.text;
	size_t len = n->as.literal.len, w;
	bool changed = false;
	qstr_clear(q);
	for (size_t i = 0; i < len;) {
		/* A space before ; : ! ? or a closing guillemet */
		if (is_space_at(t, i, len, &w) && i + w < len &&
		    (strchr(";:!?", t[i + w]) ? t[i + w] != 0 :
		     (i + w + 1 < len && (unsigned char)t[i + w] == 0xC2 &&
		      (unsigned char)t[i + w + 1] == 0xBB))) {
			qstr_puts(q, NNBSP);
			i += w;
			changed = true;
			continue;
		}
		/* An opening guillemet: its space made narrow, or one added */
		if (i + 1 < len && (unsigned char)t[i] == 0xC2 && (unsigned char)t[i + 1] == 0xAB) {
			qstr_append(q, t + i, 2);
			i += 2;
			if (i < len && is_space_at(t, i, len, &w)) {
				i += w;
				qstr_puts(q, NNBSP);
				changed = true;
			} else if (i < len && strncmp(t + i, NNBSP, 3) != 0) {
				qstr_puts(q, NNBSP);
				changed = true;
			}
			continue;
		}
		/* A closing guillemet right after a word */
		if (i + 1 < len && i > 0 && (unsigned char)t[i] == 0xC2 &&
		    (unsigned char)t[i + 1] == 0xBB && t[i - 1] != ' ' &&
		    !(i >= 3 && strncmp(t + i - 3, NNBSP, 3) == 0) &&
		    !(i >= 2 && (unsigned char)t[i - 2] == 0xC2 && (unsigned char)t[i - 1] == 0xA0)) {
			qstr_puts(q, NNBSP);
			changed = true;
		}
		qstr_append(q, t + i, 1);
		i++;
	}
	if (q->oom)
		return false;
	if (changed) {
		char *copy = quire_doc_strndup(doc, q->data, q->len);
		if (!copy)
			return false;
		n->as.literal.text = copy;
		n->as.literal.len = q->len;
	}
	return true;
}

static bool french_spacing(quire_doc *doc)
{
	const char *lang = doc->meta.lang;
	struct quire_iter it;
	struct qstr q = {0};
	bool ok = true;
	if (!lang || strncasecmp(lang, "fr", 2) != 0 || (lang[2] && lang[2] != '-' && lang[2] != '_'))
		return true;
	quire_iter_init(&it, doc->root);
	while (ok && quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_ENTER && n->kind == QUIRE_TEXT && n->as.literal.len)
			ok = french_text(doc, n, &q);
	}
	qstr_free(&q);
	return ok;
}

int quire_doc_finish(quire_doc *doc)
{
	struct parts p = {0};
	int ok = 0;

	if (doc->finished)
		return 1;
	if (!french_spacing(doc) || !gather(doc, &p))
		goto out;
	/* One input keeps the whole document's rules: a book gives each
	 * input a scope of its own. */
	if (doc->ninputs > 1 ? !resolve_book_links(doc, &p)
	                     : !name_and_list_headings(doc, &p) || !redirect_fragment_links(doc, &p))
		goto out;
	if (!order_footnotes(doc, &p, number_footnotes(&p)))
		goto out;
	doc->nadmonitions = p.nadmonitions;
	doc->ndeflists = p.ndeflists;
	doc->ndetails = p.ndetails;
	doc->nimages = p.nimages;
	if (p.nrenamed > 0) {
		doc->renamed = quire_doc_alloc(doc, p.nrenamed * sizeof(*doc->renamed));
		doc->renamed_from = quire_doc_alloc(doc, p.nrenamed * sizeof(*doc->renamed_from));
		if (doc->renamed == NULL || doc->renamed_from == NULL)
			goto out;
		for (size_t r = 0; r < p.nrenamed; r++) {
			doc->renamed[r] = p.renamed[r].node;
			doc->renamed_from[r] = p.renamed[r].given;
		}
		doc->nrenamed = p.nrenamed;
	}
	doc->finished = true;
	ok = 1;
out:
	qset_free(&p.used);
	free(p.headings);
	free(p.defs.v);
	free(p.placed.v);
	free(p.refs.v);
	free(p.fragment_links.v);
	free(p.all_headings.v);
	free(p.file_links.v);
	free(p.renamed);
	return ok;
}
