/* inline-kinds FORMAT OUT < MARKDOWN: reads Markdown, turns each pair of
 * raw inline tags <sup>..</sup>, <sub>, <kbd>, <mark>, <u> between
 * siblings into the model's kind for it, and writes the document in
 * FORMAT to the file OUT. It stands in for the reader's HTML mapping so
 * that the writers can be checked on rich documents before any reader
 * makes these kinds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quire/quire.h"

static const struct {
	const char *open, *close;
	enum quire_kind kind;
} tags[] = {
	{"<sup>", "</sup>", QUIRE_SUPERSCRIPT}, {"<sub>", "</sub>", QUIRE_SUBSCRIPT},
	{"<kbd>", "</kbd>", QUIRE_KBD},         {"<mark>", "</mark>", QUIRE_MARK},
	{"<u>", "</u>", QUIRE_UNDERLINE},
};

static bool is_tag(const quire_node *n, const char *tag)
{
	return n->kind == QUIRE_HTML_INLINE && n->as.literal.len == strlen(tag) &&
	       memcmp(n->as.literal.text, tag, n->as.literal.len) == 0;
}

/* Pairs the tags among node's children, innermost pairs first (children
 * are paired before their parent's siblings are looked at). Recursion is
 * fine: the test documents are shallow. */
static int pair(quire_doc *doc, quire_node *node)
{
	for (quire_node *c = node->first_child; c; c = c->next)
		if (pair(doc, c) != 0)
			return 1;
	for (quire_node *c = node->first_child; c;) {
		size_t t = 0;
		while (t < sizeof(tags) / sizeof(tags[0]) && !is_tag(c, tags[t].open))
			t++;
		if (t == sizeof(tags) / sizeof(tags[0])) {
			c = c->next;
			continue;
		}
		/* The nearest matching close at the same level, nesting counted. */
		quire_node *end = c->next;
		int depth = 0;
		for (; end; end = end->next) {
			if (is_tag(end, tags[t].open))
				depth++;
			else if (is_tag(end, tags[t].close) && depth-- == 0)
				break;
		}
		if (end == NULL) {
			c = c->next;
			continue;
		}
		quire_node *k = quire_node_new(doc, tags[t].kind);
		if (k == NULL)
			return 1;
		quire_node_insert_before(c, k);
		while (c->next != end) {
			quire_node *m = c->next;
			quire_node_unlink(m);
			quire_node_append(k, m);
		}
		quire_node_unlink(c);
		quire_node_unlink(end);
		/* What it took in may hold pairs of other tags. */
		if (pair(doc, k) != 0)
			return 1;
		c = k->next;
	}
	return 0;
}

static enum quire_status to_file(void *ctx, const void *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? QUIRE_OK : QUIRE_ERR_IO;
}

int main(int argc, char **argv)
{
	static char src[1 << 20];
	size_t len;
	quire_doc *doc;
	struct quire_read_options ro;
	struct quire_write_options wo;
	struct quire_log log = {0};
	FILE *out;
	int rc = 1;

	if (argc != 3)
		return 2;
	len = fread(src, 1, sizeof(src), stdin);
	doc = quire_doc_new();
	quire_read_options_init(&ro);
	quire_write_options_init(&wo);
	out = fopen(argv[2], "wb");
	if (doc == NULL || out == NULL)
		goto out;
	if (quire_read(doc, quire_reader_find("markdown"), src, len, &ro, &log) != QUIRE_OK)
		goto out;
	if (pair(doc, quire_doc_root(doc)) != 0)
		goto out;
	struct quire_sink sink = {.write = to_file, .ctx = out};
	if (quire_write(doc, quire_writer_find(argv[1]), &wo, &sink, &log) != QUIRE_OK)
		goto out;
	rc = 0;
out:
	if (out && fclose(out) != 0)
		rc = 1;
	quire_doc_free(doc);
	return rc;
}
