/* The Markdown reader: front matter, repairs and warnings, title promotion,
 * the GFM extensions, source lines, several inputs, and deep nesting. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "quire/quire.h"

#define MAX_MSGS 8

struct msgs {
	int count;
	enum quire_severity sev[MAX_MSGS];
	unsigned line[MAX_MSGS], col[MAX_MSGS];
	char text[MAX_MSGS][512];
	char formatted[MAX_MSGS][600];
};

static void on_msg(const struct quire_message *m, void *user)
{
	struct msgs *ms = user;
	if (ms->count == MAX_MSGS)
		return;
	int i = ms->count++;
	ms->sev[i] = m->severity;
	ms->line[i] = m->line;
	ms->col[i] = m->column;
	snprintf(ms->text[i], sizeof(ms->text[i]), "%s", m->text);
	quire_message_format(m, ms->formatted[i], sizeof(ms->formatted[i]));
}

struct run {
	quire_doc *doc;
	enum quire_status st;
	struct msgs msgs;
	struct quire_log log;
	struct quire_read_options opts;
};

static void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->doc = quire_doc_new();
	cr_assert_not_null(r->doc);
	r->log.fn = on_msg;
	r->log.user = &r->msgs;
	quire_read_options_init(&r->opts);
	r->opts.filename = "doc.md";
}

static enum quire_status run_feed(struct run *r, const char *src, size_t len)
{
	r->st = quire_read(r->doc, quire_reader_find("markdown"), src, len, &r->opts, &r->log);
	return r->st;
}

static struct run *md(const char *src)
{
	static struct run r;
	run_init(&r);
	run_feed(&r, src, strlen(src));
	return &r;
}

static void run_free(struct run *r)
{
	quire_doc_free(r->doc);
	r->doc = NULL;
}

/* The document through the tree writer (which finishes it first). */
static char *tree(quire_doc *doc)
{
	struct quire_buffer buf = {0};
	struct quire_sink sink = quire_buffer_sink(&buf);
	struct quire_log log = {0};
	cr_assert_eq(quire_write(doc, quire_writer_find("tree"), NULL, &sink, &log), QUIRE_OK);
	char *s = strndup(buf.data ? buf.data : "", buf.len);
	quire_buffer_free(&buf);
	return s;
}

static void assert_tree(quire_doc *doc, const char *expected)
{
	char *s = tree(doc);
	cr_assert_str_eq(s, expected);
	free(s);
}

/* The first node of that kind in document order. */
static quire_node *find(quire_doc *doc, enum quire_kind kind, int nth)
{
	struct quire_iter it;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_ENTER && n->kind == kind && nth-- == 0)
			return n;
	}
	return NULL;
}

/* ---- front matter ---- */

Test(front_matter, every_key)
{
	struct run *r = md("---\n"
	                   "title: The Title\n"
	                   "subtitle: A Subtitle\n"
	                   "author: Ann Author\n"
	                   "date: 2024-05-06\n"
	                   "lang: fr-CA\n"
	                   "description: About it\n"
	                   "keywords: one, two ,three\n"
	                   "identifier: urn:isbn:123\n"
	                   "publisher: Someone\n"
	                   "---\n"
	                   "Body\n");
	const struct quire_meta *m = quire_doc_meta(r->doc);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0);
	cr_assert_str_eq(m->title, "The Title");
	cr_assert_str_eq(m->subtitle, "A Subtitle");
	cr_assert_eq(m->author_count, 1);
	cr_assert_str_eq(m->authors[0], "Ann Author");
	cr_assert_str_eq(m->date, "2024-05-06");
	cr_assert_str_eq(m->lang, "fr-CA");
	cr_assert_str_eq(m->description, "About it");
	cr_assert_eq(m->keyword_count, 3);
	cr_assert_str_eq(m->keywords[0], "one");
	cr_assert_str_eq(m->keywords[1], "two");
	cr_assert_str_eq(m->keywords[2], "three");
	cr_assert_str_eq(m->identifier, "urn:isbn:123");
	cr_assert_str_eq(quire_meta_get(r->doc, "publisher"), "Someone");
	assert_tree(r->doc, "meta title \"The Title\"\n"
	                    "meta subtitle \"A Subtitle\"\n"
	                    "meta date \"2024-05-06\"\n"
	                    "meta lang \"fr-CA\"\n"
	                    "meta description \"About it\"\n"
	                    "meta identifier \"urn:isbn:123\"\n"
	                    "meta author \"Ann Author\"\n"
	                    "meta keyword \"one\"\n"
	                    "meta keyword \"two\"\n"
	                    "meta keyword \"three\"\n"
	                    "meta \"publisher\" \"Someone\"\n"
	                    "document\n"
	                    "  paragraph\n"
	                    "    text \"Body\"\n");
	cr_assert_eq(find(r->doc, QUIRE_PARAGRAPH, 0)->line, 12);
	run_free(r);
}

Test(front_matter, author_and_keyword_lists)
{
	struct run *r = md("---\n"
	                   "author:\n"
	                   "  - Ann\n"
	                   "  - name: Bob\n"
	                   "    affiliation: Somewhere\n"
	                   "  - Cy\n"
	                   "keywords: [alpha, beta]\n"
	                   "tags: [x, y]\n"
	                   "nested: {a: 1}\n"
	                   "empty:\n"
	                   "---\n");
	const struct quire_meta *m = quire_doc_meta(r->doc);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(m->author_count, 3);
	cr_assert_str_eq(m->authors[0], "Ann");
	cr_assert_str_eq(m->authors[1], "Bob");
	cr_assert_str_eq(m->authors[2], "Cy");
	cr_assert_eq(m->keyword_count, 2);
	cr_assert_str_eq(m->keywords[1], "beta");
	cr_assert_str_eq(quire_meta_get(r->doc, "tags"), "x, y");
	cr_assert_null(quire_meta_get(r->doc, "nested"));
	cr_assert_null(quire_meta_get(r->doc, "empty"));
	cr_assert_null(quire_meta_get(r->doc, "affiliation"));
	run_free(r);
}

Test(front_matter, author_map)
{
	struct run *r = md("---\nauthor:\n  name: Dee\n  email: d@example.org\n---\n");
	const struct quire_meta *m = quire_doc_meta(r->doc);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(m->author_count, 1);
	cr_assert_str_eq(m->authors[0], "Dee");
	run_free(r);
}

Test(front_matter, empty_block_and_odd_values)
{
	struct run *r = md("---\n---\nBody\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0);
	cr_assert_eq(find(r->doc, QUIRE_PARAGRAPH, 0)->line, 3);
	run_free(r);
	r = md("---\ntitle: [a, b]\nauthor: \"\"\ndescription: |\n  two\n  lines\n---\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_str_eq(quire_doc_meta(r->doc)->title, "a, b");
	cr_assert_eq(quire_doc_meta(r->doc)->author_count, 0);
	cr_assert_str_eq(quire_doc_meta(r->doc)->description, "two\nlines");
	run_free(r);
}

Test(front_matter, malformed_is_an_error_with_its_line)
{
	struct run *r = md("---\n"
	                   "title: fine\n"
	                   "author: [unclosed\n"
	                   "date: x\n"
	                   "---\n"
	                   "Body\n");
	cr_assert_eq(r->st, QUIRE_ERR_INPUT);
	cr_assert_eq(r->log.errors, 1);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_eq(r->msgs.sev[0], QUIRE_SEV_ERROR);
	cr_assert(strncmp(r->msgs.text[0], "invalid YAML front matter: ", 27) == 0, "%s",
	          r->msgs.text[0]);
	/* libyaml notices at the next key, on line 4 of the file. */
	cr_assert_eq(r->msgs.line[0], 4, "line %u", r->msgs.line[0]);
	cr_assert_gt(r->msgs.col[0], 0);
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "quire: doc.md:4:%u: invalid YAML front matter: ",
	         r->msgs.col[0]);
	cr_assert(strncmp(r->msgs.formatted[0], prefix, strlen(prefix)) == 0, "%s",
	          r->msgs.formatted[0]);
	run_free(r);
}

Test(front_matter, bad_indentation_line)
{
	struct run *r = md("---\na: 1\n  b: 2\n---\n");
	cr_assert_eq(r->st, QUIRE_ERR_INPUT);
	cr_assert_eq(r->msgs.line[0], 3, "line %u: %s", r->msgs.line[0], r->msgs.text[0]);
	run_free(r);
}

Test(front_matter, unclosed_is_markdown)
{
	struct run *r = md("---\ntitle: x\n\nBody\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0);
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_not_null(find(r->doc, QUIRE_THEMATIC_BREAK, 0));
	quire_node *p = find(r->doc, QUIRE_PARAGRAPH, 0);
	cr_assert_str_eq(p->first_child->as.literal.text, "title: x");
	cr_assert_eq(p->line, 2);
	run_free(r);
}

Test(front_matter, dots_close_it)
{
	struct run *r = md("---\ntitle: Dotted\n...\n# Head\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_str_eq(quire_doc_meta(r->doc)->title, "Dotted");
	quire_node *h = find(r->doc, QUIRE_HEADING, 0);
	cr_assert_not_null(h);
	cr_assert_eq(h->line, 4);
	run_free(r);
}

Test(front_matter, blank_after_opening_is_a_rule)
{
	struct run *r = md("---\n\ntitle: x\n---\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_not_null(find(r->doc, QUIRE_THEMATIC_BREAK, 0));
	run_free(r);
}

Test(front_matter, aliases_refused)
{
	struct run *r = md("---\na: &x [lol, lol]\nb: [*x, *x, *x]\n---\n");
	cr_assert_eq(r->st, QUIRE_ERR_INPUT);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_str_eq(r->msgs.text[0], "invalid YAML front matter: aliases are not allowed");
	cr_assert_eq(r->msgs.line[0], 3);
	cr_assert_eq(r->msgs.col[0], 5);
	run_free(r);
}

Test(front_matter, deep_nesting_refused)
{
	struct qstr s = {0};
	qstr_puts(&s, "---\na: ");
	for (int i = 0; i < 100000; i++)
		qstr_putc(&s, '[');
	qstr_puts(&s, "\n---\n");
	cr_assert(!s.oom);
	struct run *r = md(s.data);
	cr_assert_eq(r->st, QUIRE_ERR_INPUT);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert(strstr(r->msgs.text[0], "invalid YAML front matter: ") == r->msgs.text[0]);
	run_free(r);
	qstr_free(&s);
}

/* Only a mapping is front matter: "---", a line, "---" is a thematic break
 * and a setext heading, and nothing of it is lost or warned about. */
Test(front_matter, not_a_mapping_is_markdown)
{
	struct run *r = md("---\nFoo\n---\nBar\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0, "%s", r->msgs.text[0]);
	assert_tree(r->doc, "document\n"
	                    "  thematic_break\n"
	                    "  heading level=2 id=\"foo\"\n"
	                    "    text \"Foo\"\n"
	                    "  paragraph\n"
	                    "    text \"Bar\"\n");
	cr_assert_eq(find(r->doc, QUIRE_HEADING, 0)->line, 2);
	run_free(r);

	r = md("---\n- a\n- b\n---\nText\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0, "%s", r->msgs.text[0]);
	cr_assert_not_null(find(r->doc, QUIRE_BULLET_LIST, 0));
	cr_assert_str_eq(find(r->doc, QUIRE_TEXT, 0)->as.literal.text, "a");
	cr_assert_eq(find(r->doc, QUIRE_PARAGRAPH, 0)->line, 2);
	run_free(r);
}

/* A YAML comment is a Markdown heading: a block of them is not empty
 * front matter. Nor is YAML that breaks before its root node. */
Test(front_matter, comments_and_early_errors_are_markdown)
{
	struct run *r = md("---\n# Title\n---\nBody\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0, "%s", r->msgs.text[0]);
	quire_node *h = find(r->doc, QUIRE_HEADING, 0);
	cr_assert_not_null(h);
	cr_assert_eq(h->as.heading.level, 1);
	cr_assert_eq(h->line, 2);
	run_free(r);

	r = md("---\n\"Quoted, and never closed\n---\nBody\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0, "%s", r->msgs.text[0]);
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_not_null(find(r->doc, QUIRE_HEADING, 0));
	run_free(r);
}

/* ---- repairs and warnings ---- */

Test(repair, invalid_utf8_warning_and_position)
{
	static const char src[] = "fine\nab\xff\xfe z\n";
	struct run *r = &(struct run){0};
	run_init(r);
	run_feed(r, src, sizeof(src) - 1);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_eq(r->msgs.sev[0], QUIRE_SEV_WARNING);
	cr_assert_str_eq(r->msgs.text[0],
	                 "invalid UTF-8 replaced by U+FFFD (2 bytes; first at 2:3)");
	cr_assert_eq(r->msgs.line[0], 2);
	cr_assert_eq(r->msgs.col[0], 3);
	cr_assert_str_eq(r->msgs.formatted[0], "quire: doc.md:2:3: warning: invalid UTF-8 "
	                                       "replaced by U+FFFD (2 bytes; first at 2:3)");
	assert_tree(r->doc, "document\n"
	                    "  paragraph\n"
	                    "    text \"fine\"\n"
	                    "    soft_break\n"
	                    "    text \"ab\xEF\xBF\xBD\xEF\xBF\xBD z\"\n");
	run_free(r);
}

Test(repair, nul_bytes)
{
	static const char src[] = "a\0b";
	struct run *r = &(struct run){0};
	run_init(r);
	run_feed(r, src, 3);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	/* quire_read() names NUL bytes before the reader sees them. */
	cr_assert_str_eq(r->msgs.text[0], "NUL byte replaced by U+FFFD (1 byte; first at 1:2)");
	quire_node *t = find(r->doc, QUIRE_TEXT, 0);
	cr_assert_str_eq(t->as.literal.text, "a\xEF\xBF\xBD" "b");
	run_free(r);
}

/* Raw HTML becomes part of the model, silently: a block's text is a
 * paragraph, inline tags pair across cmark's nodes. */
Test(html, blocks_and_inline_tags_into_the_model)
{
	struct run *r = md("Para\n\n<div>\nblock\n</div>\n\nSome <b>bold *x*</b>, 2<sup>31</sup>"
	                   " and <br/> here.\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0);
	cr_assert_null(find(r->doc, QUIRE_HTML_BLOCK, 0));
	cr_assert_null(find(r->doc, QUIRE_HTML_INLINE, 0));
	quire_node *p = find(r->doc, QUIRE_PARAGRAPH, 1);
	cr_assert_str_eq(p->first_child->as.literal.text, "block");
	quire_node *b = find(r->doc, QUIRE_STRONG, 0);
	cr_assert_str_eq(b->first_child->as.literal.text, "bold ");
	cr_assert_eq(b->last_child->kind, QUIRE_EMPH);
	cr_assert_str_eq(find(r->doc, QUIRE_SUPERSCRIPT, 0)->first_child->as.literal.text, "31");
	cr_assert_not_null(find(r->doc, QUIRE_HARD_BREAK, 0));
	run_free(r);
}

/* Elements left open close with their paragraph; a close tag that
 * matches nothing is ignored; a script's content is not shown, with a
 * warning naming it and its place. */
Test(html, unbalanced_tags_and_scripts)
{
	struct run *r = md("a <i>open\n\nb</i> c <script>x()</script> d\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_str_eq(r->msgs.text[0],
	                 "<script> element not shown: quire shows no scripts or style sheets");
	cr_assert_eq(r->msgs.line[0], 3);
	quire_node *i = find(r->doc, QUIRE_EMPH, 0);
	cr_assert_str_eq(i->first_child->as.literal.text, "open");
	cr_assert_null(find(r->doc, QUIRE_EMPH, 1));
	char *text = quire_node_plain_text(find(r->doc, QUIRE_PARAGRAPH, 1));
	cr_assert_str_eq(text, "b c  d");
	free(text);
	run_free(r);
}

/* A tag that no '>' closes ends an HTML5 parser's input unseen, and the
 * text after it with it; quire keeps it all as text, line for line, with
 * a warning at the tag. A '<' in a script's text is not a tag. */
Test(html, unclosed_tag_kept_as_text)
{
	struct run *r = md("x\n\n<div>ok</div>\n<div id=\"foo\"\n*hi*\n\nnext\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_str_eq(r->msgs.text[0], "HTML tag not closed by '>': kept as text");
	cr_assert_eq(r->msgs.line[0], 4);
	char *text = quire_node_plain_text(find(r->doc, QUIRE_PARAGRAPH, 2));
	cr_assert_str_eq(text, "<div id=\"foo\" *hi*");
	free(text);
	cr_assert_eq(find(r->doc, QUIRE_PARAGRAPH, 2)->first_child->next->kind, QUIRE_SOFT_BREAK);
	run_free(r);

	r = md("<div>a</div><script>if (a <b) x()</script>\n");
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_str_eq(r->msgs.text[0],
	                 "<script> element not shown: quire shows no scripts or style sheets");
	run_free(r);
}

Test(repair, clean_input_is_silent)
{
	struct run *r = md("# A\n\nb *c* `d`\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 0);
	run_free(r);
}

/* ---- title promotion ---- */

static struct run *md_title(const char *src)
{
	static struct run r;
	run_init(&r);
	r.opts.title_from_heading = true;
	run_feed(&r, src, strlen(src));
	return &r;
}

Test(title, single_leading_h1_becomes_title)
{
	struct run *r = md_title("# The *Big* `Title`\n\nText\n\n## Sub\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_str_eq(quire_doc_meta(r->doc)->title, "The Big Title");
	cr_assert_eq(quire_doc_root(r->doc)->first_child->kind, QUIRE_PARAGRAPH);
	cr_assert_eq(find(r->doc, QUIRE_HEADING, 0)->as.heading.level, 2);
	run_free(r);
}

Test(title, two_h1_stay)
{
	struct run *r = md_title("# One\n\nText\n\n> # Two\n");
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_eq(quire_doc_root(r->doc)->first_child->kind, QUIRE_HEADING);
	run_free(r);
}

Test(title, h1_not_first_stays)
{
	struct run *r = md_title("Intro\n\n# One\n");
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_not_null(find(r->doc, QUIRE_HEADING, 0));
	run_free(r);
}

Test(title, front_matter_title_wins)
{
	struct run *r = md_title("---\ntitle: Set\n---\n# Heading\n");
	cr_assert_str_eq(quire_doc_meta(r->doc)->title, "Set");
	cr_assert_not_null(find(r->doc, QUIRE_HEADING, 0));
	run_free(r);
}

Test(title, off_by_default)
{
	struct run *r = md("# Heading\n");
	cr_assert_null(quire_doc_meta(r->doc)->title);
	cr_assert_not_null(find(r->doc, QUIRE_HEADING, 0));
	run_free(r);
}

/* ---- the GFM extensions ---- */

Test(gfm, task_items)
{
	struct run *r = md("- [x] done\n- [ ] todo\n- plain\n- [X] upper\n");
	cr_assert_eq(find(r->doc, QUIRE_LIST_ITEM, 0)->as.item.task, QUIRE_TASK_CHECKED);
	cr_assert_eq(find(r->doc, QUIRE_LIST_ITEM, 1)->as.item.task, QUIRE_TASK_UNCHECKED);
	cr_assert_eq(find(r->doc, QUIRE_LIST_ITEM, 2)->as.item.task, QUIRE_TASK_NONE);
	cr_assert_eq(find(r->doc, QUIRE_LIST_ITEM, 3)->as.item.task, QUIRE_TASK_CHECKED);
	cr_assert_str_eq(find(r->doc, QUIRE_TEXT, 1)->as.literal.text, "todo");
	run_free(r);
}

Test(gfm, table_alignments)
{
	struct run *r = md("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 \\| 3 | 4 | 5 |\n");
	quire_node *t = find(r->doc, QUIRE_TABLE, 0);
	cr_assert_not_null(t);
	cr_assert_eq(t->as.table.columns, 4);
	cr_assert_eq(t->as.table.align[0], QUIRE_ALIGN_LEFT);
	cr_assert_eq(t->as.table.align[1], QUIRE_ALIGN_CENTER);
	cr_assert_eq(t->as.table.align[2], QUIRE_ALIGN_RIGHT);
	cr_assert_eq(t->as.table.align[3], QUIRE_ALIGN_NONE);
	cr_assert(t->first_child->as.row.header);
	cr_assert(!t->last_child->as.row.header);
	quire_node *cell = t->last_child->first_child->next;
	cr_assert_eq(cell->as.cell.column, 1);
	cr_assert_str_eq(cell->first_child->as.literal.text, "2 | 3");
	cr_assert_eq(t->last_child->last_child->as.cell.column, 3);
	run_free(r);
}

/* GFM drops a row's cells past the header's; each table says so once, at
 * its first such row, with the column of the first cell dropped. */
Test(gfm, extra_cells_dropped_with_a_warning)
{
	struct run *r = md("Intro\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 |\n"
	                   "| 7 | 8 \\| x | 9\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_eq(r->msgs.sev[0], QUIRE_SEV_WARNING);
	cr_assert_str_eq(r->msgs.formatted[0],
	                 "quire: doc.md:5:11: warning: table rows have more cells than the "
	                 "table's 2 columns: 3 dropped from 2 rows, the first here");
	quire_node *t = find(r->doc, QUIRE_TABLE, 0);
	cr_assert_eq(t->last_child->last_child->as.cell.column, 1);
	run_free(r);

	/* In a block quote, after front matter; escaped pipes split nothing,
	 * a closing pipe makes no cell. */
	r = md("---\ntitle: T\n---\n> a | b\n> -- | --\n> | 1 \\| 2 | 3 |\n> 4 | 5 | 6 |\n");
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1);
	cr_assert_str_eq(r->msgs.formatted[0], "quire: doc.md:7:11: warning: table row has more "
	                                       "cells than the table's 2 columns: 1 dropped");
	run_free(r);

	r = md("| a | b |\n|---|---|\n| 1 | 2 |\n|  | |\n| \\| | \\\\|\n");
	cr_assert_eq(r->msgs.count, 0, "%s", r->msgs.text[0]);
	run_free(r);
}

/* Rows wider than 1,000 cells are cut before cmark-gfm sees them; lines
 * with as many pipes outside a table are left alone. */
Test(gfm, wide_rows_cut)
{
	struct qstr s = {0};
	qstr_puts(&s, "    code");
	for (int i = 0; i < 1500; i++)
		qstr_puts(&s, " |");
	qstr_puts(&s, "\n\n> Quoted\r");
	for (int row = 0; row < 3; row++) {
		qstr_puts(&s, "> ");
		for (int i = 0; i < 1002; i++)
			qstr_puts(&s, row == 1 ? "|-" : "|a");
		qstr_puts(&s, "\r\n");
	}
	cr_assert(!s.oom);
	struct run *r = md(s.data);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_eq(r->msgs.count, 1, "%s", r->msgs.text[1]);
	cr_assert_str_eq(r->msgs.formatted[0], "quire: doc.md:4:2004: warning: table rows cut to "
	                                       "1000 cells: 6 cells dropped from 3 rows, the "
	                                       "first here");
	cr_assert_eq(find(r->doc, QUIRE_TABLE, 0)->as.table.columns, 1000);
	cr_assert_eq(strlen(find(r->doc, QUIRE_CODE_BLOCK, 0)->as.literal.text), 4 + 1500 * 2 + 1);
	run_free(r);
	qstr_free(&s);
}

Test(gfm, footnote_labels_link)
{
	struct run *r = md("A[^Note] b[^two] c[^note] d[^missing].\n\n"
	                   "[^note]: First.\n\n[^two]: Second.\n\n[^unused]: Never.\n");
	char *s = tree(r->doc);
	quire_node *ref0 = find(r->doc, QUIRE_FOOTNOTE_REF, 0);
	quire_node *ref1 = find(r->doc, QUIRE_FOOTNOTE_REF, 1);
	quire_node *ref2 = find(r->doc, QUIRE_FOOTNOTE_REF, 2);
	quire_node *def0 = find(r->doc, QUIRE_FOOTNOTE_DEF, 0);
	quire_node *def1 = find(r->doc, QUIRE_FOOTNOTE_DEF, 1);
	cr_assert_null(find(r->doc, QUIRE_FOOTNOTE_REF, 3), "%s", s);
	cr_assert_str_eq(def0->as.footnote.label, "note");
	cr_assert_str_eq(ref0->as.footnote.label, "note");
	cr_assert_eq(ref0->as.footnote.def, def0);
	cr_assert_eq(ref2->as.footnote.def, def0);
	cr_assert_eq(ref1->as.footnote.def, def1);
	cr_assert_eq(ref0->as.footnote.number, 1);
	cr_assert_eq(ref1->as.footnote.number, 2);
	cr_assert_eq(ref2->as.footnote.ref_index, 2);
	cr_assert(strstr(s, "text \" d[^missing].\"") != NULL, "%s", s);
	free(s);
	run_free(r);
}

Test(gfm, footnote_inside_list)
{
	struct run *r = md("- item[^a]\n\n  [^a]: In a list.\n- next\n");
	quire_node *ref = find(r->doc, QUIRE_FOOTNOTE_REF, 0);
	cr_assert_not_null(ref);
	cr_assert_not_null(ref->as.footnote.def);
	cr_assert_str_eq(ref->as.footnote.def->as.footnote.label, "a");
	run_free(r);
}

Test(gfm, smart_punctuation_and_off)
{
	struct run *r = md("\"Hi\" -- it's... ---\n");
	cr_assert_str_eq(find(r->doc, QUIRE_TEXT, 0)->as.literal.text,
	                 "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x93 it\xE2\x80\x99s\xE2\x80\xA6 \xE2\x80\x94");
	run_free(r);
	static struct run plain;
	run_init(&plain);
	plain.opts.smart = false;
	run_feed(&plain, "\"Hi\" -- it's...\n", 16);
	cr_assert_str_eq(find(plain.doc, QUIRE_TEXT, 0)->as.literal.text, "\"Hi\" -- it's...");
	run_free(&plain);
}

Test(gfm, split_text_is_merged)
{
	struct run *r = md("a [b *c d_ e! [x]\n");
	quire_node *p = find(r->doc, QUIRE_PARAGRAPH, 0);
	cr_assert_eq(p->first_child, p->last_child);
	cr_assert_str_eq(p->first_child->as.literal.text, "a [b *c d_ e! [x]");
	run_free(r);
}

Test(gfm, code_block_lang_and_lists)
{
	struct run *r = md("```python  {.x}\nprint(1)\n```\n\n3) a\n4) b\n\n   c\n");
	quire_node *cb = find(r->doc, QUIRE_CODE_BLOCK, 0);
	cr_assert_str_eq(cb->as.code.lang, "python");
	cr_assert_str_eq(cb->as.code.literal.text, "print(1)\n");
	quire_node *ol = find(r->doc, QUIRE_ORDERED_LIST, 0);
	cr_assert_eq(ol->as.list.start, 3);
	cr_assert_eq(ol->as.list.delim, ')');
	cr_assert(!ol->as.list.tight);
	run_free(r);
}

/* GitHub's alerts: the marker's line is dropped, the rest is the content;
 * the paragraph's line is its text's. */
Test(gfm, alerts)
{
	struct run *r = md("para\n\n  > [!Warning]\n  > careful\n  > *now*\n\n> [!TIP]\n>\n> - x\n\n"
	                   "> [!NOTE] same line\n\n> [!NOTES]\n> x\n\n> [!TIP] \\\n> x\n");
	quire_node *a = find(r->doc, QUIRE_ADMONITION, 0);
	cr_assert_not_null(a);
	cr_assert_eq(a->as.admonition.type, QUIRE_ADMONITION_WARNING);
	cr_assert_eq(a->line, 3);
	cr_assert_eq(a->column, 3);
	quire_node *p = a->first_child;
	cr_assert_eq(p->kind, QUIRE_PARAGRAPH);
	cr_assert_eq(p->line, 4);
	cr_assert_str_eq(p->first_child->as.literal.text, "careful");
	cr_assert_eq(p->first_child->next->kind, QUIRE_SOFT_BREAK);
	quire_node *b = find(r->doc, QUIRE_ADMONITION, 1);
	cr_assert_eq(b->as.admonition.type, QUIRE_ADMONITION_TIP);
	cr_assert_eq(b->first_child->kind, QUIRE_BULLET_LIST, "the empty paragraph is dropped");
	cr_assert_null(find(r->doc, QUIRE_ADMONITION, 2), "same line, unknown, backslash: quotes");
	cr_assert_not_null(find(r->doc, QUIRE_BLOCK_QUOTE, 2));
	cr_assert_str_eq(quire_admonition_name(QUIRE_ADMONITION_CAUTION), "caution");
	cr_assert_str_eq(quire_admonition_label(QUIRE_ADMONITION_IMPORTANT), "Important");
	run_free(r);
}

/* ---- source lines ---- */

Test(lines, every_node_has_its_line)
{
	struct run *r = md("# H\n\npara *em*\nsecond line `code`\n\n> quote\n\n- a\n- b\n");
	struct quire_iter it;
	quire_iter_init(&it, quire_doc_root(r->doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_ENTER && n->kind != QUIRE_DOCUMENT)
			cr_assert_gt(n->line, 0, "%s has no line", quire_kind_name(n->kind));
	}
	cr_assert_eq(find(r->doc, QUIRE_HEADING, 0)->line, 1);
	cr_assert_eq(find(r->doc, QUIRE_PARAGRAPH, 0)->line, 3);
	cr_assert_eq(find(r->doc, QUIRE_CODE, 0)->line, 4);
	cr_assert_eq(find(r->doc, QUIRE_BLOCK_QUOTE, 0)->line, 6);
	cr_assert_eq(find(r->doc, QUIRE_LIST_ITEM, 1)->line, 9);
	run_free(r);
}

Test(lines, counted_after_front_matter)
{
	struct run *r = md("---\ntitle: t\nauthor: a\n---\n\n# H\n\ntext\n");
	cr_assert_eq(find(r->doc, QUIRE_HEADING, 0)->line, 6);
	cr_assert_eq(find(r->doc, QUIRE_TEXT, 1)->line, 8);
	run_free(r);
}

/* ---- several inputs ---- */

Test(multi, inputs_append_and_keep_their_notes)
{
	struct run r;
	run_init(&r);
	const char *one = "# One\n\nA[^1].\n\n[^1]: First file.\n";
	const char *two = "---\nauthor: Two\n---\n# Two\n\nB[^1].\n\n[^1]: Second file.\n";
	cr_assert_eq(run_feed(&r, one, strlen(one)), QUIRE_OK);
	cr_assert_eq(run_feed(&r, two, strlen(two)), QUIRE_OK);
	quire_node *root = quire_doc_root(r.doc);
	cr_assert_eq(root->first_child->kind, QUIRE_HEADING);
	cr_assert_str_eq(find(r.doc, QUIRE_TEXT, 0)->as.literal.text, "One");
	quire_node *h2 = find(r.doc, QUIRE_HEADING, 1);
	cr_assert_not_null(h2);
	cr_assert_eq(h2->line, 4);
	quire_node *ref1 = find(r.doc, QUIRE_FOOTNOTE_REF, 1);
	cr_assert_eq(ref1->as.footnote.def, find(r.doc, QUIRE_FOOTNOTE_DEF, 1));
	/* A later input's front matter is not the book's metadata. */
	cr_assert_eq(quire_doc_meta(r.doc)->author_count, 0);
	char *s = tree(r.doc);
	cr_assert(strstr(s, "heading level=1 id=\"one\"") != NULL, "%s", s);
	cr_assert(strstr(s, "footnote_def label=\"1\" number=2") != NULL, "%s", s);
	free(s);
	run_free(&r);
}

/* A later input's front matter title heads that input where it has no
 * level-1 heading (a heading of line 0), and is not the book's title. */
Test(multi, later_front_matter_title_is_a_chapter_title)
{
	struct run r;
	run_init(&r);
	const char *one = "---\ntitle: Book\n---\n# One\n";
	const char *two = "---\ntitle: Second\n---\n## Part\n";
	const char *three = "---\ntitle: Third\n---\n# Own title\n";
	cr_assert_eq(run_feed(&r, one, strlen(one)), QUIRE_OK);
	cr_assert_eq(run_feed(&r, two, strlen(two)), QUIRE_OK);
	cr_assert_eq(run_feed(&r, three, strlen(three)), QUIRE_OK);
	cr_assert_str_eq(quire_doc_meta(r.doc)->title, "Book");
	quire_node *h = quire_doc_root(r.doc)->first_child->next;
	cr_assert_eq(h->kind, QUIRE_HEADING);
	cr_assert_eq(h->as.heading.level, 1);
	cr_assert_eq(h->line, 0);
	cr_assert_eq(h->input, 1);
	cr_assert_str_eq(h->first_child->as.literal.text, "Second");
	cr_assert_eq(h->next->as.heading.level, 2);
	char *s = tree(r.doc);
	cr_assert(strstr(s, "Third") == NULL, "%s", s);
	free(s);
	run_free(&r);
}

/* ---- depth ---- */

static int max_depth(quire_doc *doc)
{
	struct quire_iter it;
	int depth = 0, max = 0;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event == QUIRE_EV_EXIT)
			depth--;
		else if (!quire_kind_is_leaf(n->kind) && ++depth > max)
			max = depth;
	}
	return max;
}

Test(depth, ten_thousand_block_quotes)
{
	struct qstr s = {0};
	for (int i = 0; i < 10000; i++)
		qstr_putc(&s, '>');
	qstr_puts(&s, " deep\n");
	cr_assert(!s.oom);
	struct run *r = md(s.data);
	cr_assert_eq(r->st, QUIRE_OK);
	/* quire_read() flattens what lies beyond the nesting limit. */
	cr_assert_eq(max_depth(r->doc), QUIRE_MAX_NESTING + 2);
	cr_assert_eq(r->log.warnings, 1);
	run_free(r);
	qstr_free(&s);
}

Test(depth, ten_thousand_emphasis_markers)
{
	struct qstr s = {0};
	for (int i = 0; i < 10000; i++)
		qstr_putc(&s, '*');
	qstr_puts(&s, "x");
	for (int i = 0; i < 10000; i++)
		qstr_putc(&s, '*');
	qstr_puts(&s, "\n\n");
	for (int i = 0; i < 10000; i++)
		qstr_puts(&s, "*a ");
	qstr_putc(&s, '\n');
	cr_assert(!s.oom);
	struct run *r = md(s.data);
	cr_assert_eq(r->st, QUIRE_OK);
	cr_assert_geq(max_depth(r->doc), 1000);
	cr_assert_leq(max_depth(r->doc), QUIRE_MAX_NESTING + 2);
	char *title = quire_node_plain_text(find(r->doc, QUIRE_PARAGRAPH, 0));
	cr_assert_str_eq(title, "x");
	free(title);
	run_free(r);
	qstr_free(&s);
}

Test(depth, nested_lists_and_links)
{
	struct qstr s = {0};
	for (int i = 0; i < 3000; i++) {
		for (int j = 0; j < i * 2; j++)
			qstr_putc(&s, ' ');
		qstr_puts(&s, "- a\n");
	}
	for (int i = 0; i < 5000; i++)
		qstr_puts(&s, "[");
	for (int i = 0; i < 5000; i++)
		qstr_puts(&s, "](u)");
	qstr_putc(&s, '\n');
	cr_assert(!s.oom);
	struct run *r = md(s.data);
	cr_assert_eq(r->st, QUIRE_OK);
	run_free(r);
	qstr_free(&s);
}

/* pandoc's heading attributes: "{#id .class key=value}" at a heading's end
 * give it its id and leave its text; anything else stays text. */
Test(html, heading_attributes)
{
	struct run *r = md("# Intro {#start .unnumbered}\n\n## Plain {not attributes}\n\n"
	                   "## Bad {#1x}\n\n## Keys {.a key=v}\n");
	cr_assert_eq(r->st, QUIRE_OK);
	quire_node *h = find(r->doc, QUIRE_HEADING, 0);
	cr_assert_str_eq(h->as.heading.id, "start");
	cr_assert_str_eq(h->first_child->as.literal.text, "Intro");
	cr_assert_str_eq(find(r->doc, QUIRE_HEADING, 1)->first_child->as.literal.text,
	                 "Plain {not attributes}");
	cr_assert_str_eq(find(r->doc, QUIRE_HEADING, 2)->first_child->as.literal.text,
	                 "Bad {#1x}");
	h = find(r->doc, QUIRE_HEADING, 3);
	cr_assert_str_eq(h->first_child->as.literal.text, "Keys");
	run_free(r);
}

/* ---- table cell spans ---- */

/* The nth table's cells, row by row: "column+colspan/rowspan" each, rows
 * separated by " | ". Checks the model's promise on the way: every row
 * covers each grid column once, counting the cells from above. */
static char *table_grid(quire_doc *doc, int nth)
{
	quire_node *t = find(doc, QUIRE_TABLE, nth);
	cr_assert_not_null(t);
	int n = t->as.table.columns;
	int *down = calloc((size_t)n + 1, sizeof(int));
	char *out = calloc(4096, 1);
	size_t len = 0, nrows = 0, r = 0;
	for (quire_node *row = t->first_child; row; row = row->next)
		nrows++;
	for (quire_node *row = t->first_child; row; row = row->next, r++) {
		int *own = calloc((size_t)n + 1, sizeof(int));
		if (row != t->first_child)
			len += (size_t)snprintf(out + len, 4096 - len, " | ");
		for (quire_node *c = row->first_child; c; c = c->next) {
			const struct quire_table_cell *tc = &c->as.cell;
			len += (size_t)snprintf(out + len, 4096 - len, "%s%d+%d/%d",
			                        c == row->first_child ? "" : " ", tc->column,
			                        tc->colspan, tc->rowspan);
			cr_assert(tc->colspan >= 1 && tc->column + tc->colspan <= n);
			cr_assert(tc->rowspan >= 1 && r + (size_t)tc->rowspan <= nrows);
			for (int k = tc->column; k < tc->column + tc->colspan; k++) {
				cr_assert_eq(down[k], 0, "row %zu column %d covered from above", r, k);
				cr_assert_eq(own[k], 0, "row %zu column %d covered twice", r, k);
				own[k] = tc->rowspan;
			}
			if (c->prev)
				cr_assert_gt(tc->column, c->prev->as.cell.column);
		}
		for (int k = 0; k < n; k++) {
			cr_assert(down[k] > 0 || own[k] > 0, "row %zu column %d uncovered", r, k);
			down[k] = own[k] > 0 ? own[k] - 1 : down[k] - 1;
		}
		free(own);
	}
	free(down);
	return out;
}

static void assert_grid(const char *html, const char *expected)
{
	struct run *r = md(html);
	cr_assert_eq(r->st, QUIRE_OK);
	char *g = table_grid(r->doc, 0);
	cr_assert_str_eq(g, expected, "%s\n  gives %s", html, g);
	free(g);
	run_free(r);
}

Test(html, table_span_grid)
{
	/* A cell across columns, one down rows: the cells after it move on. */
	assert_grid("<table><tr><td colspan=2>a<td>b<tr><td rowspan=2>c<td>d<td>e<tr><td>f<td>g"
	            "</table>\n",
	            "0+2/1 2+1/1 | 0+1/2 1+1/1 2+1/1 | 1+1/1 2+1/1");
	/* Both at once; short rows padded (one empty cell per gap once the
	 * table has spans). */
	assert_grid("<table><tr><td colspan=2 rowspan=2>a<td>b<td>c<tr><td>d<tr><td>e</table>\n",
	            "0+2/2 2+1/1 3+1/1 | 2+1/1 3+1/1 | 0+1/1 1+3/1");
	/* rowspan=0 runs to the end of its row group, any other rowspan stops
	 * there too; the header row is a group of its own. */
	assert_grid("<table><thead><tr><th rowspan=3>h<th>i</thead>"
	            "<tbody><tr><td rowspan=0>a<td>b<tr><td>c<tr><td rowspan=9>d<td>e</tbody>"
	            "<tfoot><tr><td>f<td>g</tfoot></table>\n",
	            "0+1/1 1+1/1 2+1/1 | 0+1/3 1+1/1 2+1/1 | 1+1/1 2+1/1 | 1+1/1 2+1/1 | "
	            "0+1/1 1+1/1 2+1/1");
	/* A cell that would run over one from above is narrowed. */
	assert_grid("<table><tr><td>a<td rowspan=2>b<tr><td colspan=3>c<td>d</table>\n",
	            "0+1/1 1+1/2 2+1/1 | 0+1/1 2+1/1");
	/* Browsers' limits and their reading of odd values. */
	assert_grid("<table><tr><td colspan=0>a<td colspan='2x'>b<td colspan=x>c"
	            "<td colspan=5000 rowspan=70000>d</table>\n",
	            "0+1/1 1+2/1 3+1/1 4+1000/1");
	/* A table without spans is as before: the widest row's columns, short
	 * rows padded one cell a column. */
	assert_grid("<table><tr><td>a<tr><td>b<td>c<td>d</table>\n",
	            "0+1/1 1+1/1 2+1/1 | 0+1/1 1+1/1 2+1/1");
}

/* A cell's own alignment stays only where it differs from its column's,
 * which the first row's cells set (across the columns they span). */
Test(html, table_cell_alignment)
{
	struct run *r = md("<table><tr><th colspan=2 align=right>a<th>b"
	                   "<tr><td>c<td align=right>d<td align=center>e</table>\n");
	cr_assert_eq(r->st, QUIRE_OK);
	quire_node *t = find(r->doc, QUIRE_TABLE, 0);
	cr_assert_eq(t->as.table.align[0], QUIRE_ALIGN_RIGHT);
	cr_assert_eq(t->as.table.align[1], QUIRE_ALIGN_RIGHT);
	cr_assert_eq(t->as.table.align[2], QUIRE_ALIGN_NONE);
	cr_assert_eq(find(r->doc, QUIRE_TABLE_CELL, 0)->as.cell.align, QUIRE_ALIGN_NONE);
	cr_assert_eq(find(r->doc, QUIRE_TABLE_CELL, 2)->as.cell.align, QUIRE_ALIGN_NONE);
	cr_assert_eq(find(r->doc, QUIRE_TABLE_CELL, 3)->as.cell.align, QUIRE_ALIGN_NONE);
	cr_assert_eq(find(r->doc, QUIRE_TABLE_CELL, 4)->as.cell.align, QUIRE_ALIGN_CENTER);
	run_free(r);
}

/* Markdown's pipe tables have no spans: every cell is 1 by 1. */
Test(gfm, table_cells_span_one)
{
	struct run *r = md("| a | b |\n|---|---|\n| c |\n");
	cr_assert_eq(r->st, QUIRE_OK);
	char *g = table_grid(r->doc, 0);
	cr_assert_str_eq(g, "0+1/1 1+1/1 | 0+1/1 1+1/1");
	free(g);
	run_free(r);
}

/* ---- definition lists (deflist.c) ---- */

Test(deflist, terms_and_definitions)
{
	struct run *r = md("Apple\n: A fruit.\n: A company.\n\nOrange\nTangerine\n: Citrus.\n");
	cr_assert_eq(r->st, QUIRE_OK);
	assert_tree(r->doc, "document\n"
	                    "  definition_list tight=true\n"
	                    "    definition_term\n"
	                    "      text \"Apple\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        text \"A fruit.\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        text \"A company.\"\n"
	                    "    definition_term\n"
	                    "      text \"Orange\"\n"
	                    "    definition_term\n"
	                    "      text \"Tangerine\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        text \"Citrus.\"\n");
	run_free(r);
}

/* A blank line before a definition makes the list loose; the
 * definition's continuation lines are indented under its text, and a
 * lazy line continues its paragraph. */
Test(deflist, loose_continuation_and_lazy_lines)
{
	struct run *r = md("Term\n\n:   First line\n    second line\n\n    Second paragraph.\n\n"
	                   "Lazy\n: one\ntwo\n");
	cr_assert_eq(r->st, QUIRE_OK);
	assert_tree(r->doc, "document\n"
	                    "  definition_list tight=false\n"
	                    "    definition_term\n"
	                    "      text \"Term\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        text \"First line\"\n"
	                    "        soft_break\n"
	                    "        text \"second line\"\n"
	                    "      paragraph\n"
	                    "        text \"Second paragraph.\"\n"
	                    "    definition_term\n"
	                    "      text \"Lazy\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        text \"one\"\n"
	                    "        soft_break\n"
	                    "        text \"two\"\n");
	run_free(r);
}

/* A colon line with no term before it, without its space, with four
 * spaces, with nothing after it, or in code, is text. */
Test(deflist, not_definitions)
{
	static const char *const inputs[] = {
		": at the start\n",
		"# Heading\n: after a heading\n",
		"```\nTerm\n: in fenced code\n```\n",
		"    Term\n    : in indented code\n",
		"Para\n:no space\n",
		"Para\n:    four spaces\n",
		"Para\n:\n",
		"Para\n:   \n",
		"> Quote\n: lazy, outside the quote\n",
		"- Item\n: lazy, outside the item\n",
		"| a | b |\n: --- | --- :\n",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct run *r = md(inputs[i]);
		cr_assert_eq(r->st, QUIRE_OK);
		cr_assert_null(find(r->doc, QUIRE_DEFINITION_LIST, 0), "%s", inputs[i]);
		cr_assert_null(find(r->doc, QUIRE_DEFINITION, 0), "%s", inputs[i]);
		run_free(r);
	}
}

Test(deflist, in_a_list_item_and_a_quote)
{
	struct run *r = md("- Term\n  : In the item.\n\n> Term\n> : In the quote.\n");
	cr_assert_eq(r->st, QUIRE_OK);
	quire_node *dl = find(r->doc, QUIRE_DEFINITION_LIST, 0);
	cr_assert_not_null(dl);
	cr_assert_eq(dl->parent->kind, QUIRE_LIST_ITEM);
	dl = find(r->doc, QUIRE_DEFINITION_LIST, 1);
	cr_assert_not_null(dl);
	cr_assert_eq(dl->parent->kind, QUIRE_BLOCK_QUOTE);
	cr_assert_str_eq(dl->last_child->first_child->first_child->as.literal.text,
	                 "In the quote.");
	run_free(r);
}

/* Markdown between an HTML block that opens details (or dl and dd) and
 * one that closes them is their content; details without a summary get
 * "Details", as browsers show. */
Test(deflist, html_blocks_around_markdown)
{
	struct run *r = md("<details><summary>Click</summary>\n\n**Bold** here\n\n</details>\n\n"
	                   "After.\n\n<details>\n\nNo summary.\n\n</details>\n\n"
	                   "<dl>\n<dt>T</dt>\n<dd>\n\n*in dd*\n\n</dd>\n</dl>\n");
	cr_assert_eq(r->st, QUIRE_OK);
	assert_tree(r->doc, "document\n"
	                    "  details\n"
	                    "    summary\n"
	                    "      text \"Click\"\n"
	                    "    paragraph\n"
	                    "      strong\n"
	                    "        text \"Bold\"\n"
	                    "      text \" here\"\n"
	                    "  paragraph\n"
	                    "    text \"After.\"\n"
	                    "  details\n"
	                    "    summary\n"
	                    "      text \"Details\"\n"
	                    "    paragraph\n"
	                    "      text \"No summary.\"\n"
	                    "  definition_list tight=true\n"
	                    "    definition_term\n"
	                    "      text \"T\"\n"
	                    "    definition\n"
	                    "      paragraph\n"
	                    "        emph\n"
	                    "          text \"in dd\"\n");
	run_free(r);
}
