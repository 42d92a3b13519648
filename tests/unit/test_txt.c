/* The txt backend on small documents built with the tree API. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quire/quire.h"

static quire_doc *doc;
/* Code blocks keep their own blank lines; a test with such code says so. */
static bool code_has_blank_runs;

static void setup(void)
{
	doc = quire_doc_new();
	cr_assert_not_null(doc);
}

static void teardown(void)
{
	quire_doc_free(doc);
}

TestSuite(txt, .init = setup, .fini = teardown);

static quire_node *root(void)
{
	return quire_doc_root(doc);
}

static quire_node *add(quire_node *parent, enum quire_kind kind)
{
	quire_node *n = quire_node_new(doc, kind);
	cr_assert_not_null(n);
	quire_node_append(parent, n);
	return n;
}

static quire_node *text(quire_node *parent, const char *s)
{
	quire_node *n = quire_node_new_literal(doc, QUIRE_TEXT, s, strlen(s));
	cr_assert_not_null(n);
	quire_node_append(parent, n);
	return n;
}

static quire_node *literal(quire_node *parent, enum quire_kind kind, const char *s)
{
	quire_node *n = quire_node_new_literal(doc, kind, s, strlen(s));
	cr_assert_not_null(n);
	quire_node_append(parent, n);
	return n;
}

static quire_node *para(quire_node *parent, const char *s)
{
	quire_node *p = add(parent, QUIRE_PARAGRAPH);
	text(p, s);
	return p;
}

static quire_node *heading(int level, const char *s)
{
	quire_node *h = add(root(), QUIRE_HEADING);
	h->as.heading.level = level;
	text(h, s);
	return h;
}

static quire_node *list(quire_node *parent, enum quire_kind kind, int start, bool tight)
{
	quire_node *l = add(parent, kind);
	l->as.list.start = start;
	l->as.list.tight = tight;
	l->as.list.delim = '.';
	return l;
}

static quire_node *item(quire_node *l, const char *s)
{
	quire_node *i = add(l, QUIRE_LIST_ITEM);
	if (s)
		para(i, s);
	return i;
}

static quire_node *link(quire_node *parent, const char *url, const char *s)
{
	quire_node *l = add(parent, QUIRE_LINK);
	l->as.link.url = quire_doc_strdup(doc, url);
	if (s)
		text(l, s);
	return l;
}

static char *render_cols(int columns)
{
	static char result[16384];
	struct quire_write_options wo;
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	struct quire_log log = {0};

	quire_write_options_init(&wo);
	wo.txt.columns = columns;
	cr_assert_eq(quire_write(doc, quire_writer_find("txt"), &wo, &sink, &log), QUIRE_OK);
	cr_assert_lt(out.len, sizeof(result));
	memcpy(result, out.data, out.len);
	result[out.len] = '\0';
	size_t len = out.len;
	quire_buffer_free(&out);
	/* The rules every output keeps. */
	cr_assert_gt(len, 0);
	cr_assert_eq(result[len - 1], '\n');
	cr_assert(len < 2 || result[len - 2] != '\n', "blank line at the end");
	cr_assert_null(strstr(result, " \n"), "trailing space in:\n%s", result);
	if (!code_has_blank_runs)
		cr_assert_null(strstr(result, "\n\n\n"), "two blank lines in:\n%s", result);
	cr_assert(len == 1 || result[0] != '\n', "blank line at the start");
	if (getenv("TXT_SHOW"))
		fprintf(stderr, "----\n%s----\n", result);
	return result;
}

static char *render(void)
{
	return render_cols(72);
}

Test(txt, empty_document)
{
	cr_assert_str_eq(render(), "\n");
}

Test(txt, paragraphs_wrap_and_separate)
{
	para(root(), "The quick brown fox jumps over the lazy dog and keeps running far away.");
	para(root(), "Second.");
	cr_assert_str_eq(render_cols(30), "The quick brown fox jumps over\n"
	                                  "the lazy dog and keeps running\n"
	                                  "far away.\n"
	                                  "\n"
	                                  "Second.\n");
}

Test(txt, headings)
{
	heading(1, "Title of the part");
	para(root(), "Body.");
	heading(2, "漢字 section");
	heading(3, "Third level");
	heading(6, "Sixth");
	cr_assert_str_eq(render(), "Title of the part\n"
	                           "=================\n"
	                           "\n"
	                           "Body.\n"
	                           "\n"
	                           "漢字 section\n"
	                           "------------\n"
	                           "\n"
	                           "### Third level\n"
	                           "\n"
	                           "###### Sixth\n");
}

Test(txt, long_heading_wraps_and_underline_fits)
{
	heading(1, "A heading that is too long for the line");
	cr_assert_str_eq(render_cols(20), "A heading that is\n"
	                                  "too long for the\n"
	                                  "line\n"
	                                  "=================\n");
}

Test(txt, inline_conventions)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "a ");
	text(add(p, QUIRE_EMPH), "em");
	text(p, " ");
	text(add(p, QUIRE_STRONG), "strong");
	text(p, " ");
	text(add(p, QUIRE_STRIKETHROUGH), "gone");
	text(p, " ");
	literal(p, QUIRE_CODE, "x = 1");
	text(p, " ");
	literal(p, QUIRE_CODE, "a`b");
	literal(p, QUIRE_HTML_INLINE, "<b>");
	text(p, " tab\there");
	cr_assert_str_eq(render(), "a _em_ **strong** ~~gone~~ `x = 1` ``a`b`` tab here\n");
}

Test(txt, short_code_spans_do_not_break)
{
	/* Up to half the line wide a span keeps its spaces; longer, it
	 * breaks like prose rather than pass the margin. */
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "Now you run the command and wait ");
	literal(p, QUIRE_CODE, "git push origin main");
	text(p, " then see ");
	literal(p, QUIRE_CODE, "a code span that is far too long to be kept whole");
	text(p, " here.");
	cr_assert_str_eq(render_cols(50), "Now you run the command and wait\n"
	                                  "`git push origin main` then see `a code span that\n"
	                                  "is far too long to be kept whole` here.\n");
}

Test(txt, hard_and_soft_breaks)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "one");
	add(p, QUIRE_SOFT_BREAK);
	text(p, "two");
	add(p, QUIRE_HARD_BREAK);
	text(p, "three");
	cr_assert_str_eq(render(), "one two\nthree\n");
}

Test(txt, nested_lists_start_numbers_tasks)
{
	quire_node *l = list(root(), QUIRE_ORDERED_LIST, 9, true);
	item(l, "nine");
	quire_node *ten = item(l, "ten has a long text that wraps under itself");
	quire_node *b = list(ten, QUIRE_BULLET_LIST, 1, true);
	item(b, "inner")->as.item.task = QUIRE_TASK_CHECKED;
	item(b, "open task")->as.item.task = QUIRE_TASK_UNCHECKED;
	item(l, "eleven");
	para(root(), "After.");
	cr_assert_str_eq(render_cols(30), " 9. nine\n"
	                                  "10. ten has a long text that\n"
	                                  "    wraps under itself\n"
	                                  "    - [x] inner\n"
	                                  "    - [ ] open task\n"
	                                  "11. eleven\n"
	                                  "\n"
	                                  "After.\n");
}

Test(txt, loose_list_and_delimiter)
{
	quire_node *l = list(root(), QUIRE_ORDERED_LIST, 3, false);
	l->as.list.delim = ')';
	quire_node *i = item(l, "first");
	para(i, "second paragraph");
	item(l, "next");
	item(l, NULL);
	cr_assert_str_eq(render(), "3) first\n"
	                           "\n"
	                           "   second paragraph\n"
	                           "\n"
	                           "4) next\n"
	                           "\n"
	                           "5)\n");
}

Test(txt, block_quotes)
{
	quire_node *q = add(root(), QUIRE_BLOCK_QUOTE);
	para(q, "quoted text that wraps around");
	quire_node *q2 = add(q, QUIRE_BLOCK_QUOTE);
	para(q2, "nested");
	quire_node *l = list(q, QUIRE_BULLET_LIST, 1, true);
	item(l, "item");
	para(root(), "out");
	cr_assert_str_eq(render_cols(16), "> quoted text\n"
	                                  "> that wraps\n"
	                                  "> around\n"
	                                  ">\n"
	                                  "> > nested\n"
	                                  ">\n"
	                                  "> - item\n"
	                                  "\n"
	                                  "out\n");
}

Test(txt, code_blocks_are_indented_and_not_wrapped)
{
	para(root(), "Code:");
	quire_node *c = literal(root(), QUIRE_CODE_BLOCK,
	                        "int main(void) { return a_very_long_name_that_does_not_wrap; }\n"
	                        "\n"
	                        "  indented  \n");
	c->as.code.literal = c->as.literal;
	c->as.code.lang = "c";
	quire_node *q = add(root(), QUIRE_BLOCK_QUOTE);
	quire_node *c2 = literal(q, QUIRE_CODE_BLOCK, "x\n");
	c2->as.code.lang = "";
	cr_assert_str_eq(render_cols(20),
	                 "Code:\n"
	                 "\n"
	                 "    int main(void) { return a_very_long_name_that_does_not_wrap; }\n"
	                 "\n"
	                 "      indented\n"
	                 "\n"
	                 ">     x\n");
}

Test(txt, thematic_break_and_raw_html)
{
	para(root(), "a");
	literal(root(), QUIRE_HTML_BLOCK, "<div>\n");
	add(root(), QUIRE_THEMATIC_BREAK);
	literal(root(), QUIRE_HTML_BLOCK, "</div>\n");
	para(root(), "b");
	cr_assert_str_eq(render_cols(21), "a\n\n        * * *\n\nb\n");
}

static quire_node *note_ref(quire_node *parent, const char *label)
{
	quire_node *r = add(parent, QUIRE_FOOTNOTE_REF);
	r->as.footnote.label = quire_doc_strdup(doc, label);
	return r;
}

static quire_node *note_def(const char *label)
{
	quire_node *d = add(root(), QUIRE_FOOTNOTE_DEF);
	d->as.footnote.label = quire_doc_strdup(doc, label);
	return d;
}

Test(txt, links_autolinks_images)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "See ");
	link(p, "https://example.com/", "the site");
	text(p, ", ");
	link(p, "https://example.com/", "again");
	text(p, ", ");
	link(p, "https://quire.example/", "https://quire.example/");
	text(p, ", ");
	link(p, "mailto:me@example.com", "me@example.com");
	text(p, ", ");
	link(p, "#intro", "the intro");
	text(p, ", ");
	link(p, "https://empty.example/", NULL);
	text(p, " and ");
	quire_node *img = add(p, QUIRE_IMAGE);
	img->as.link.url = "cat.png";
	text(img, "a cat");
	text(p, " ");
	add(p, QUIRE_IMAGE)->as.link.url = "x.png";
	text(p, ".");
	cr_assert_str_eq(render(),
	                 "See the site [1], again [1], https://quire.example/, me@example.com, the\n"
	                 "intro, https://empty.example/ and [image: a cat] [image].\n"
	                 "\n"
	                 "--------------------\n"
	                 "\n"
	                 "[1] https://example.com/\n");
}

Test(txt, footnotes_then_links)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "Claim");
	note_ref(p, "a");
	text(p, " and ");
	link(p, "https://a.example/", "a link");
	text(p, " and more");
	note_ref(p, "b");
	text(p, " and missing");
	note_ref(p, "nope");
	text(p, ".");
	quire_node *da = note_def("a");
	para(da, "The first note is long enough to wrap onto a second line.");
	para(da, "It has a second paragraph with a ");
	link(da->last_child, "https://b.example/", "link");
	quire_node *db = note_def("b");
	para(db, "Short.");
	note_def("unused");
	para(root()->last_child, "Never shown.");
	cr_assert_str_eq(render_cols(40),
	                 "Claim[1] and a link [3] and more[2] and\n"
	                 "missing[^nope].\n"
	                 "\n"
	                 "--------------------\n"
	                 "\n"
	                 "[1] The first note is long enough to\n"
	                 "    wrap onto a second line.\n"
	                 "\n"
	                 "    It has a second paragraph with a\n"
	                 "    link [4]\n"
	                 "\n"
	                 "[2] Short.\n"
	                 "\n"
	                 "[3] https://a.example/\n"
	                 "[4] https://b.example/\n");
}

Test(txt, title_block)
{
	cr_assert(quire_meta_set(doc, "title", "A Study of Plain Text"));
	cr_assert(quire_meta_set(doc, "subtitle", "With Notes"));
	cr_assert(quire_meta_set(doc, "author", "Ada"));
	cr_assert(quire_meta_set(doc, "author", "Bob"));
	cr_assert(quire_meta_set(doc, "author", "Cy"));
	cr_assert(quire_meta_set(doc, "date", "2026-11-28"));
	para(root(), "Body.");
	cr_assert_str_eq(render_cols(40), "         A Study of Plain Text\n"
	                                  "               With Notes\n"
	                                  "         =====================\n"
	                                  "\n"
	                                  "            Ada, Bob and Cy\n"
	                                  "            28 November 2026\n"
	                                  "\n"
	                                  "Body.\n");
}

Test(txt, title_two_authors_no_subtitle)
{
	cr_assert(quire_meta_set(doc, "title", "Title"));
	cr_assert(quire_meta_set(doc, "author", "Ada"));
	cr_assert(quire_meta_set(doc, "author", "Bob"));
	cr_assert_str_eq(render_cols(20), "       Title\n"
	                                  "       =====\n"
	                                  "\n"
	                                  "    Ada and Bob\n");
}

static quire_node *table(int columns, const enum quire_align *align)
{
	quire_node *t = add(root(), QUIRE_TABLE);
	enum quire_align *a = quire_doc_alloc(doc, sizeof(*a) * (size_t)columns);
	cr_assert_not_null(a);
	memcpy(a, align, sizeof(*a) * (size_t)columns);
	t->as.table.columns = columns;
	t->as.table.align = a;
	return t;
}

static void row(quire_node *t, bool header, const char *const *cells, int n)
{
	quire_node *r = add(t, QUIRE_TABLE_ROW);
	r->as.row.header = header;
	for (int i = 0; i < n; i++) {
		quire_node *c = add(r, QUIRE_TABLE_CELL);
		c->as.cell.column = i;
		if (cells[i][0])
			text(c, cells[i]);
	}
}

Test(txt, table_alignment)
{
	const enum quire_align al[] = {QUIRE_ALIGN_NONE, QUIRE_ALIGN_RIGHT, QUIRE_ALIGN_CENTER};
	quire_node *t = table(3, al);
	row(t, true, (const char *[]){"Name", "Qty", "Note"}, 3);
	row(t, false, (const char *[]){"apple", "1", "ok"}, 3);
	row(t, false, (const char *[]){"漢字", "12345", "center me"}, 3);
	row(t, false, (const char *[]){"short"}, 1);
	para(root(), "After.");
	cr_assert_str_eq(render(), "-----------------------\n"
	                           "Name     Qty    Note\n"
	                           "-----  -----  ---------\n"
	                           "apple      1     ok\n"
	                           "漢字   12345  center me\n"
	                           "short\n"
	                           "-----------------------\n"
	                           "\n"
	                           "After.\n");
}

Test(txt, wide_table_wraps_cells)
{
	const enum quire_align al[] = {QUIRE_ALIGN_LEFT, QUIRE_ALIGN_LEFT};
	quire_node *t = table(2, al);
	row(t, true, (const char *[]){"Term", "Definition"}, 2);
	row(t, false, (const char *[]){"wrap", "Lines are broken at spaces so that the text fits"}, 2);
	row(t, false, (const char *[]){"word", "supercalifragilistic"}, 2);
	row(t, false, (const char *[]){"x", "y"}, 2);
	cr_assert_str_eq(render_cols(30), "------------------------------\n"
	                                  "Term  Definition\n"
	                                  "----  ------------------------\n"
	                                  "wrap  Lines are broken at\n"
	                                  "      spaces so that the text\n"
	                                  "      fits\n"
	                                  "\n"
	                                  "word  supercalifragilistic\n"
	                                  "\n"
	                                  "x     y\n"
	                                  "------------------------------\n");
}

Test(txt, table_in_quote_and_no_header)
{
	const enum quire_align al[] = {QUIRE_ALIGN_NONE, QUIRE_ALIGN_NONE};
	quire_node *q = add(root(), QUIRE_BLOCK_QUOTE);
	quire_node *t = add(q, QUIRE_TABLE);
	t->as.table.columns = 2;
	t->as.table.align = al;
	quire_node *r = add(t, QUIRE_TABLE_ROW);
	quire_node *c = add(r, QUIRE_TABLE_CELL);
	text(c, "a");
	c = add(r, QUIRE_TABLE_CELL);
	c->as.cell.column = 1;
	text(c, "b");
	/* A cell past the column count is ignored, not a crash. */
	c = add(r, QUIRE_TABLE_CELL);
	c->as.cell.column = 5;
	text(c, "zzz");
	cr_assert_str_eq(render(), "> ----\n> a  b\n> ----\n");
	(void)row;
}

Test(txt, deep_nesting_does_not_recurse)
{
	quire_node *n = root();
	for (int i = 0; i < 20000; i++)
		n = add(n, QUIRE_BLOCK_QUOTE);
	para(n, "deep");
	for (int i = 0; i < 20000; i++) {
		quire_node *l = list(n, QUIRE_BULLET_LIST, 1, true);
		n = add(l, QUIRE_LIST_ITEM);
	}
	struct quire_write_options wo;
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	quire_write_options_init(&wo);
	cr_assert_eq(quire_write(doc, quire_writer_find("txt"), &wo, &sink, NULL), QUIRE_OK);
	cr_assert_gt(out.len, 40000);
	quire_buffer_free(&out);
}

Test(txt, repeated_hard_breaks_make_no_blank_line)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	add(p, QUIRE_HARD_BREAK);
	text(p, "a");
	add(p, QUIRE_HARD_BREAK);
	add(p, QUIRE_HARD_BREAK);
	text(p, "b");
	add(p, QUIRE_HARD_BREAK);
	cr_assert_str_eq(render(), "a\nb\n");
}

Test(txt, code_block_blank_lines)
{
	para(root(), "x");
	quire_node *c = literal(root(), QUIRE_CODE_BLOCK, "\n  \nfirst\t\n\n\n\nsecond\x1b[0m\n\n");
	c->as.code.lang = "";
	para(root(), "y");
	code_has_blank_runs = true;
	cr_assert_str_eq(render(), "x\n\n    first\n\n\n\n    second[0m\n\ny\n");
}

Test(txt, www_autolink_and_empty_paragraph)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	link(p, "http://www.example.com", "www.example.com");
	add(root(), QUIRE_PARAGRAPH);
	para(root(), "z");
	cr_assert_str_eq(render(), "www.example.com\n\nz\n");
}

Test(txt, loose_list_inside_tight_list)
{
	quire_node *outer = list(root(), QUIRE_BULLET_LIST, 1, true);
	quire_node *one = item(outer, "one");
	quire_node *inner = list(one, QUIRE_BULLET_LIST, 1, false);
	item(inner, "a");
	item(inner, "b");
	item(outer, "two");
	cr_assert_str_eq(render(), "- one\n  - a\n\n  - b\n- two\n");
}

Test(txt, ten_notes_align_their_numbers)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	char label[8];
	for (int i = 1; i <= 10; i++) {
		snprintf(label, sizeof(label), "n%d", i);
		note_ref(p, label);
	}
	for (int i = 1; i <= 10; i++) {
		snprintf(label, sizeof(label), "n%d", i);
		para(note_def(label), i == 10 ? "ten wraps here" : "x");
	}
	char *out = render_cols(12);
	cr_assert(strstr(out, "\n [9] x\n\n[10] ten\n     wraps\n     here\n") != NULL, "%s", out);
	cr_assert(strstr(out, "[1][2][3][4][5][6][7][8][9][10]\n") == out, "%s", out);
}

Test(txt, spaces_collapse_around_dropped_html)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "a ");
	literal(p, QUIRE_HTML_INLINE, "<br>");
	text(p, "  b\t c ");
	add(p, QUIRE_SOFT_BREAK);
	text(p, "d ");
	literal(p, QUIRE_CODE, "  two  spaces  ");
	cr_assert_str_eq(render(), "a b c d `  two  spaces  `\n");
}

Test(txt, notes_in_quotes_and_notes_by_number)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "Late");
	note_ref(p, "quoted");
	text(p, " early");
	note_ref(p, "outer");
	text(p, " again");
	note_ref(p, "quoted");
	text(p, ".");
	quire_node *outer = note_def("outer");
	para(outer, "Outer");
	quire_node *inner = add(outer, QUIRE_FOOTNOTE_DEF);
	inner->as.footnote.label = "inner";
	para(inner, "Inner, shown as a note of its own.");
	note_ref(outer->first_child, "inner")->as.footnote.def = inner;
	quire_node *quote = add(root(), QUIRE_BLOCK_QUOTE);
	quire_node *quoted = add(quote, QUIRE_FOOTNOTE_DEF);
	quoted->as.footnote.label = "quoted";
	para(quoted, "Defined in a quote.");
	/* The quote keeps its mark, though all it holds is the note. */
	cr_assert_str_eq(render(),
	                 "Late[1] early[2] again[1].\n"
	                 "\n"
	                 ">\n"
	                 "\n"
	                 "--------------------\n"
	                 "\n"
	                 "[1] Defined in a quote.\n"
	                 "\n"
	                 "[2] Outer[3]\n"
	                 "\n"
	                 "[3] Inner, shown as a note of its own.\n");
}

/* A paragraph of text, a script node holding s, then more text. */
static quire_node *scripted(quire_node *p, const char *before, enum quire_kind kind, const char *s)
{
	if (before[0])
		text(p, before);
	quire_node *n = add(p, kind);
	if (s[0])
		text(n, s);
	return n;
}

Test(txt, scripts_in_unicode_forms)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	scripted(p, "max 2", QUIRE_SUPERSCRIPT, "31");
	scripted(p, "-1, H", QUIRE_SUBSCRIPT, "2");
	scripted(p, "O, x", QUIRE_SUPERSCRIPT, "n+1");
	scripted(p, ", 0", QUIRE_SUPERSCRIPT, "(4567890=)");
	scripted(p, ", x", QUIRE_SUBSCRIPT, "aeoxhklmnpst0+-=()");
	text(p, ".");
	cr_assert_str_eq(render(), "max 2\u00b3\u00b9-1, H\u2082O, x\u207f\u207a\u00b9, "
	                           "0\u207d\u2074\u2075\u2076\u2077\u2078\u2079\u2070\u207c\u207e, "
	                           "x\u2090\u2091\u2092\u2093\u2095\u2096\u2097\u2098\u2099\u209a"
	                           "\u209b\u209c\u2080\u208a\u208b\u208c\u208d\u208e.\n");
}

Test(txt, scripts_without_forms_are_bracketed)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	scripted(p, "e", QUIRE_SUPERSCRIPT, "i\u03c0");
	scripted(p, " x", QUIRE_SUBSCRIPT, "i");      /* no subscript i */
	scripted(p, " y", QUIRE_SUPERSCRIPT, "a");    /* no superscript a */
	scripted(p, " z", QUIRE_SUPERSCRIPT, "1 2");  /* a space has none */
	scripted(p, " w", QUIRE_SUPERSCRIPT, "");     /* nothing to raise */
	quire_node *s = scripted(p, " v", QUIRE_SUPERSCRIPT, "2");
	text(add(s, QUIRE_EMPH), "n");
	cr_assert_str_eq(render(), "e^(i\u03c0) x_(i) y^(a) z^(1 2) w v^(2_n_)\n");
}

Test(txt, scripts_nest_inside_emphasis)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	quire_node *em = add(p, QUIRE_EMPH);
	scripted(em, "x", QUIRE_SUPERSCRIPT, "2");
	quire_node *st = add(p, QUIRE_STRONG);
	scripted(st, " CO", QUIRE_SUBSCRIPT, "2");
	scripted(st, " e", QUIRE_SUPERSCRIPT, "x");
	quire_node *outer = scripted(p, " a", QUIRE_SUPERSCRIPT, "b");
	scripted(outer, "", QUIRE_SUPERSCRIPT, "2");
	cr_assert_str_eq(render(), "_x\u00b2_** CO\u2082 e^(x)** a^(b\u00b2)\n");
}

Test(txt, keys_marks_and_underlines_keep_their_text)
{
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	text(p, "press ");
	text(add(p, QUIRE_KBD), "Ctrl");
	text(p, "+");
	text(add(p, QUIRE_KBD), "C");
	text(p, ", a ");
	text(add(p, QUIRE_MARK), "marked");
	text(p, " and ");
	text(add(add(p, QUIRE_UNDERLINE), QUIRE_EMPH), "underlined");
	text(p, " word");
	cr_assert_str_eq(render(), "press Ctrl+C, a marked and _underlined_ word\n");
}

Test(txt, scripts_count_one_column_per_character)
{
	/* Ten columns: "aaaa 2³¹³¹" is 10 wide (20 bytes); a byte count
	 * would push the number onto a line of its own. */
	quire_node *p = add(root(), QUIRE_PARAGRAPH);
	scripted(p, "aaaa 2", QUIRE_SUPERSCRIPT, "3131");
	scripted(p, " bbb H", QUIRE_SUBSCRIPT, "2");
	text(p, "O");
	cr_assert_str_eq(render_cols(10), "aaaa 2\u00b3\u00b9\u00b3\u00b9\nbbb H\u2082O\n");
}
