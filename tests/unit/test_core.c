/* The model, the iterator, metadata, slugs, ids, footnote numbering, and
 * UTF-8 repair. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "quire/quire.h"

static quire_node *add(quire_doc *doc, quire_node *parent, enum quire_kind kind)
{
	quire_node *n = quire_node_new(doc, kind);
	cr_assert_not_null(n);
	quire_node_append(parent, n);
	return n;
}

static quire_node *add_text(quire_doc *doc, quire_node *parent, const char *s)
{
	quire_node *n = quire_node_new_literal(doc, QUIRE_TEXT, s, strlen(s));
	cr_assert_not_null(n);
	quire_node_append(parent, n);
	return n;
}

static char *walk(quire_node *root)
{
	struct qstr s = {0};
	struct quire_iter it;
	quire_iter_init(&it, root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE)
		qstr_printf(&s, "%s%s ", it.event == QUIRE_EV_ENTER ? "+" : "-",
		            quire_kind_name(quire_iter_node(&it)->kind));
	return s.data;
}

Test(iter, enter_exit_order_and_leaves)
{
	quire_doc *doc = quire_doc_new();
	quire_node *p = add(doc, quire_doc_root(doc), QUIRE_PARAGRAPH);
	add_text(doc, p, "a");
	quire_node *em = add(doc, p, QUIRE_EMPH);
	add_text(doc, em, "b");
	add(doc, quire_doc_root(doc), QUIRE_THEMATIC_BREAK);
	add(doc, quire_doc_root(doc), QUIRE_BLOCK_QUOTE);
	char *s = walk(quire_doc_root(doc));
	cr_assert_str_eq(s, "+document +paragraph +text +emph +text -emph -paragraph "
	                    "+thematic_break +block_quote -block_quote -document ");
	free(s);
	quire_doc_free(doc);
}

Test(iter, skip_children)
{
	quire_doc *doc = quire_doc_new();
	quire_node *q = add(doc, quire_doc_root(doc), QUIRE_BLOCK_QUOTE);
	add(doc, q, QUIRE_PARAGRAPH);
	add(doc, quire_doc_root(doc), QUIRE_PARAGRAPH);
	struct quire_iter it;
	struct qstr s = {0};
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		qstr_printf(&s, "%s%s ", it.event == QUIRE_EV_ENTER ? "+" : "-",
		            quire_kind_name(quire_iter_node(&it)->kind));
		if (it.event == QUIRE_EV_ENTER && quire_iter_node(&it)->kind == QUIRE_BLOCK_QUOTE)
			quire_iter_skip_children(&it);
	}
	cr_assert_str_eq(s.data, "+document +block_quote -block_quote +paragraph -paragraph -document ");
	qstr_free(&s);
	quire_doc_free(doc);
}

Test(iter, deep_nesting_needs_no_stack)
{
	quire_doc *doc = quire_doc_new();
	quire_node *parent = quire_doc_root(doc);
	for (int i = 0; i < 200000; i++)
		parent = add(doc, parent, QUIRE_BLOCK_QUOTE);
	struct quire_iter it;
	size_t events = 0;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE)
		events++;
	cr_assert_eq(events, 2 * 200001);
	quire_doc_free(doc);
}

Test(iter, subtree_walk_stops_at_root)
{
	quire_doc *doc = quire_doc_new();
	quire_node *a = add(doc, quire_doc_root(doc), QUIRE_PARAGRAPH);
	add_text(doc, a, "x");
	add(doc, quire_doc_root(doc), QUIRE_PARAGRAPH);
	char *s = walk(a);
	cr_assert_str_eq(s, "+paragraph +text -paragraph ");
	free(s);
	quire_doc_free(doc);
}

Test(model, unlink_and_insert)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *a = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *b = add(doc, root, QUIRE_HEADING);
	quire_node *c = add(doc, root, QUIRE_BLOCK_QUOTE);
	quire_node_unlink(b);
	cr_assert_eq(a->next, c);
	cr_assert_eq(c->prev, a);
	quire_node_insert_before(a, b);
	cr_assert_eq(root->first_child, b);
	quire_node_unlink(c);
	cr_assert_eq(root->last_child, a);
	quire_node_insert_after(a, c);
	cr_assert_eq(root->last_child, c);
	cr_assert_eq(quire_node_depth(c), 1);
	quire_doc_free(doc);
}

Test(model, kinds_are_classified)
{
	cr_assert(quire_kind_is_block(QUIRE_TABLE_CELL));
	cr_assert(quire_kind_is_inline(QUIRE_FOOTNOTE_REF));
	cr_assert(!quire_kind_is_inline(QUIRE_HTML_BLOCK));
	cr_assert(quire_kind_is_leaf(QUIRE_CODE_BLOCK));
	cr_assert(!quire_kind_is_leaf(QUIRE_LINK));
	for (int k = 0; k < QUIRE_KIND_COUNT; k++)
		cr_assert_str_neq(quire_kind_name((enum quire_kind)k), "?");
}

Test(model, arena_big_strings)
{
	quire_doc *doc = quire_doc_new();
	size_t n = 1 << 20;
	char *big = malloc(n);
	memset(big, 'x', n);
	char *copy = quire_doc_strndup(doc, big, n);
	cr_assert_not_null(copy);
	cr_assert_eq(copy[n], '\0');
	cr_assert_eq(memcmp(copy, big, n), 0);
	char *small = quire_doc_strdup(doc, "after");
	cr_assert_str_eq(small, "after");
	free(big);
	quire_doc_free(doc);
}

Test(meta, known_and_extra_keys)
{
	quire_doc *doc = quire_doc_new();
	cr_assert(quire_meta_set(doc, "title", "T"));
	cr_assert(quire_meta_set(doc, "author", "A"));
	cr_assert(quire_meta_set(doc, "author", "B"));
	cr_assert(quire_meta_set(doc, "keywords", "k"));
	cr_assert(quire_meta_set(doc, "language", "fr"));
	cr_assert(quire_meta_set(doc, "publisher", "P"));
	cr_assert(quire_meta_set(doc, "publisher", "Q"));
	const struct quire_meta *m = quire_doc_meta(doc);
	cr_assert_str_eq(m->title, "T");
	cr_assert_eq(m->author_count, 2);
	cr_assert_str_eq(m->authors[1], "B");
	cr_assert_str_eq(m->lang, "fr");
	cr_assert_eq(m->extra_count, 1);
	cr_assert_str_eq(quire_meta_get(doc, "publisher"), "Q");
	quire_meta_clear(doc, "author");
	cr_assert_eq(m->author_count, 0);
	quire_doc_free(doc);
}

Test(slug, rules)
{
	struct { const char *in, *out; } cases[] = {
		{"Hello, World!", "hello-world"},
		{"  Leading and   trailing  ", "leading-and-trailing"},
		{"Ünïcödé Straße", "ünïcödé-strasse"},
		{"e\xCC\x81t\xC3\xA9", "\xC3\xA9t\xC3\xA9"}, /* NFC: e + combining acute */
		{"C++ & C#", "c-c"},
		{"under_score-dash", "under_score-dash"},
		{"!!!", "section"},
		{"Ελληνικά Κείμενα", "ελληνικά-κείμενα"},
		{"日本語 テキスト", "日本語-テキスト"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = quire_slugify(cases[i].in);
		cr_assert_str_eq(s, cases[i].out, "slug of '%s'", cases[i].in);
		free(s);
	}
}

Test(finish, unique_heading_ids)
{
	quire_doc *doc = quire_doc_new();
	quire_node *h[5];
	const char *texts[] = {"Intro", "Intro", "Intro-1", "Intro", "Other"};
	for (int i = 0; i < 5; i++) {
		h[i] = add(doc, quire_doc_root(doc), QUIRE_HEADING);
		add_text(doc, h[i], texts[i]);
	}
	cr_assert(quire_doc_finish(doc));
	cr_assert_str_eq(h[0]->as.heading.id, "intro");
	cr_assert_str_eq(h[1]->as.heading.id, "intro-1");
	cr_assert_str_eq(h[2]->as.heading.id, "intro-1-1");
	cr_assert_str_eq(h[3]->as.heading.id, "intro-2");
	cr_assert_str_eq(h[4]->as.heading.id, "other");
	quire_doc_free(doc);
}

Test(finish, many_equal_headings_stay_fast)
{
	quire_doc *doc = quire_doc_new();
	quire_node *last = NULL;
	for (int i = 0; i < 20000; i++) {
		last = add(doc, quire_doc_root(doc), QUIRE_HEADING);
		add_text(doc, last, "Same");
	}
	cr_assert(quire_doc_finish(doc));
	cr_assert_str_eq(last->as.heading.id, "same-19999");
	quire_doc_free(doc);
}

Test(finish, footnotes_numbered_by_first_reference)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *p = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *r1 = add(doc, p, QUIRE_FOOTNOTE_REF);
	r1->as.footnote.label = "b";
	quire_node *r2 = add(doc, p, QUIRE_FOOTNOTE_REF);
	r2->as.footnote.label = "a";
	quire_node *r3 = add(doc, p, QUIRE_FOOTNOTE_REF);
	r3->as.footnote.label = "b";
	quire_node *r4 = add(doc, p, QUIRE_FOOTNOTE_REF);
	r4->as.footnote.label = "missing";
	quire_node *da = add(doc, root, QUIRE_FOOTNOTE_DEF);
	da->as.footnote.label = "a";
	quire_node *db = add(doc, root, QUIRE_FOOTNOTE_DEF);
	db->as.footnote.label = "b";
	quire_node *dz = add(doc, root, QUIRE_FOOTNOTE_DEF);
	dz->as.footnote.label = "unused";
	cr_assert(quire_doc_finish(doc));
	cr_assert_eq(db->as.footnote.number, 1);
	cr_assert_eq(da->as.footnote.number, 2);
	cr_assert_eq(dz->as.footnote.number, 0);
	cr_assert_eq(r1->as.footnote.def, db);
	cr_assert_eq(r3->as.footnote.number, 1);
	cr_assert_eq(r3->as.footnote.ref_index, 2);
	cr_assert_null(r4->as.footnote.def);
	quire_doc_free(doc);
}

Test(utf8, repair_reports_first_position)
{
	const char in[] = "ok\nab\xff" "c\0d\xe2\x82";
	size_t len, repairs;
	unsigned line, col;
	char *out = quire_utf8_repair(in, sizeof(in) - 1, &len, &line, &col, &repairs);
	cr_assert_not_null(out);
	cr_assert_str_eq(out, "ok\nab\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD");
	cr_assert_eq(line, 2);
	cr_assert_eq(col, 3);
	cr_assert_eq(repairs, 4);
	free(out);
}

Test(utf8, valid_input_untouched)
{
	const char in[] = "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80";
	size_t len, repairs;
	unsigned line, col;
	char *out = quire_utf8_repair(in, sizeof(in) - 1, &len, &line, &col, &repairs);
	cr_assert_str_eq(out, in);
	cr_assert_eq(repairs, 0);
	cr_assert_eq(line, 0);
	free(out);
}

Test(registry, lookups)
{
	cr_assert_not_null(quire_writer_find("TXT"));
	cr_assert_eq(quire_writer_for_path("a/b.tree"), quire_writer_find("tree"));
	cr_assert_null(quire_writer_for_path("noext"));
	cr_assert_eq(quire_reader_for_path("x.md"), quire_reader_find("markdown"));
	cr_assert_eq(quire_reader_detect("# Title\n", 8), quire_reader_find("markdown"));
	cr_assert_eq(quire_exit_code(QUIRE_ERR_USAGE), 2);
}

Test(log, message_format)
{
	char buf[256];
	struct quire_message m = {QUIRE_SEV_WARNING, "a.md", 3, 7, "bad thing"};
	quire_message_format(&m, buf, sizeof(buf));
	cr_assert_str_eq(buf, "quire: a.md:3:7: warning: bad thing");
	struct quire_message e = {QUIRE_SEV_ERROR, NULL, 0, 0, "oops"};
	quire_message_format(&e, buf, sizeof(buf));
	cr_assert_str_eq(buf, "quire: oops");
}

Test(log, message_format_escapes_controls)
{
	char buf[256], again[256];
	/* ESC, BEL, DEL, a lone 0xff, U+009B (CSI) and a cut U+00E9. */
	struct quire_message m = {QUIRE_SEV_WARNING, "a\033[2Jb\xff.md", 2, 0,
	                          "x\a\x7f\\y\xc2\x9b\xc3\xa9\t\xc3"};
	quire_message_format(&m, buf, sizeof(buf));
	cr_assert_str_eq(buf, "quire: a\\x1b[2Jb\\xff.md:2: warning: "
	                      "x\\x07\\x7f\\y\\u009b\xc3\xa9\\x09\\xc3");
	/* Escaping what is escaped changes nothing. */
	struct quire_message e = {QUIRE_SEV_ERROR, NULL, 0, 0, buf};
	quire_message_format(&e, again, sizeof(again));
	cr_assert_str_eq(again + strlen("quire: "), buf);
	/* Cut at an escape or a character, never inside one; the length
	 * needed is the whole. */
	struct quire_message c = {QUIRE_SEV_ERROR, NULL, 0, 0, "ab\033\xc3\xa9"};
	cr_assert_eq(quire_message_format(&c, buf, 12), strlen("quire: ab\\x1b\xc3\xa9"));
	cr_assert_str_eq(buf, "quire: ab");
	cr_assert_eq(quire_message_format(&c, buf, 14), strlen("quire: ab\\x1b\xc3\xa9"));
	cr_assert_str_eq(buf, "quire: ab\\x1b");
}

static void keep_escaped(const struct quire_message *msg, void *user)
{
	char *out = user;
	snprintf(out, 256, "%s|%s", msg->file, msg->text);
}

Test(log, report_escapes_file_and_text)
{
	char got[256];
	struct quire_log log = {.fn = keep_escaped, .user = got};
	quire_log_report(&log, QUIRE_SEV_WARNING, "f\033]0;t\a", 1, 1, "image '%s'", "a\033[31m\xfe");
	cr_assert_str_eq(got, "f\\x1b]0;t\\x07|image 'a\\x1b[31m\\xfe'");
	cr_assert_eq(log.warnings, 1);
}

Test(bigblock, zeroed_aligned_and_writable)
{
	size_t size = QUIRE_BIG_BLOCK + 12345, got = size;
	unsigned char *p = quire_chunk_alloc(&got);
	cr_assert_not_null(p);
	cr_assert_geq(got, size);
	cr_assert_eq((uintptr_t)p % QUIRE_BIG_BLOCK, 0, "2 MB aligned");
	for (size_t i = 0; i < size; i += 4096)
		cr_assert_eq(p[i], 0);
	cr_assert_eq(p[size - 1], 0);
	memset(p, 0xA5, size);
	cr_assert_eq(p[size - 1], 0xA5);
	quire_chunk_free(p, got);
	size_t huge = SIZE_MAX - 10;
	cr_assert_null(quire_chunk_alloc(&huge), "an impossible size fails cleanly");
}

Test(model, arena_grows_into_big_blocks)
{
	/* Past 2 MB of nodes and strings the arena's chunks are big blocks;
	 * everything stays readable and zeroed where promised. */
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	char text[64];
	for (int i = 0; i < 60000; i++) {
		quire_node *p = add(doc, root, QUIRE_PARAGRAPH);
		snprintf(text, sizeof(text), "paragraph %d", i);
		add_text(doc, p, text);
		cr_assert_null(p->next, "a new node is zeroed");
	}
	char *big = quire_doc_alloc(doc, 5 * 1024 * 1024);
	cr_assert_not_null(big);
	cr_assert_eq(big[5 * 1024 * 1024 - 1], 0);
	int i = 0;
	for (quire_node *p = root->first_child; p; p = p->next, i++) {
		snprintf(text, sizeof(text), "paragraph %d", i);
		cr_assert_str_eq(p->first_child->as.literal.text, text);
	}
	cr_assert_eq(i, 60000);
	quire_doc_free(doc);
}

Test(core, reserve_grows_typed_arrays)
{
	struct point {
		int x, y;
	} *points = NULL;
	size_t cap = 0;

	cr_assert(QUIRE_RESERVE(points, cap, 1));
	cr_assert_eq(cap, 16);
	for (int i = 0; i < 16; i++)
		points[i] = (struct point){i, -i};
	cr_assert(QUIRE_RESERVE(points, cap, 17));
	cr_assert_eq(cap, 32);
	cr_assert_eq(points[15].y, -15);
	/* Already room: nothing changes. */
	struct point *same = points;
	cr_assert(QUIRE_RESERVE(points, cap, 20));
	cr_assert_eq(points, same);
	/* A size that would overflow is refused, the array left as it was. */
	cr_assert_not(QUIRE_RESERVE(points, cap, SIZE_MAX / 2));
	cr_assert_eq(cap, 32);
	cr_assert_eq(points[3].x, 3);
	free(points);
}

/* ---- facts from quire_doc_finish() ---- */

static quire_node *add_note_ref(quire_doc *doc, quire_node *parent, const char *label)
{
	quire_node *r = add(doc, parent, QUIRE_FOOTNOTE_REF);
	r->as.footnote.label = label;
	return r;
}

static quire_node *add_note_def(quire_doc *doc, quire_node *parent, const char *label)
{
	quire_node *d = add(doc, parent, QUIRE_FOOTNOTE_DEF);
	d->as.footnote.label = label;
	add_text(doc, add(doc, d, QUIRE_PARAGRAPH), label);
	return d;
}

/* Each input of a book has its own labels: a reference finds the
 * definition of its own input (numbers stay book-wide). */
Test(finish, footnote_labels_inside_their_input)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *p1 = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *r1 = add_note_ref(doc, p1, "1");
	quire_node *d1 = add_note_def(doc, root, "1");
	quire_node *p2 = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *r2 = add_note_ref(doc, p2, "1");
	quire_node *d2 = add_note_def(doc, root, "1");
	p2->input = r2->input = d2->input = 1;
	cr_assert(quire_doc_finish(doc));
	cr_assert_eq(r1->as.footnote.def, d1);
	cr_assert_eq(r2->as.footnote.def, d2);
	cr_assert_eq(d1->as.footnote.number, 1);
	cr_assert_eq(d2->as.footnote.number, 2);
	cr_assert_eq(r2->as.footnote.ref_index, 1);
	quire_doc_free(doc);
}

Test(facts, footnotes_in_order_of_number)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *p = add(doc, root, QUIRE_PARAGRAPH);
	add_note_ref(doc, p, "second");
	add_note_ref(doc, p, "first");
	add_note_ref(doc, p, "second"); /* twice: still one entry */
	/* Defined in another order than referenced, one never referenced,
	 * one in a block quote. */
	quire_node *never = add_note_def(doc, root, "never");
	quire_node *first = add_note_def(doc, root, "first");
	quire_node *second = add_note_def(doc, add(doc, root, QUIRE_BLOCK_QUOTE), "second");
	const quire_node *const *defs = NULL;

	cr_assert_eq(quire_doc_footnotes(doc, &defs), 0, "nothing before finishing");
	cr_assert(quire_doc_finish(doc));
	cr_assert_eq(quire_doc_footnotes(doc, &defs), 2);
	cr_assert_eq(defs[0], second);
	cr_assert_eq(defs[1], first);
	cr_assert_eq(never->as.footnote.number, 0);
	quire_doc_free(doc);
}

Test(facts, footnotes_nested_cut_off_or_among_inlines)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *p = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *to_lost = add_note_ref(doc, p, "lost");
	quire_node *to_outer = add_note_ref(doc, p, "outer");
	add_note_ref(doc, p, "inline");
	/* A definition inside inline content, where only a program can put
	 * one: writers look for notes among blocks. */
	add_note_def(doc, p, "inline");
	quire_node *outer = add_note_def(doc, root, "outer");
	/* A note defined inside another, reached through the reference's
	 * def pointer as the Markdown reader sets it. */
	quire_node *inner = add_note_def(doc, outer, "inner");
	add_note_ref(doc, outer->first_child, "inner")->as.footnote.def = inner;
	/* A definition no longer in the tree (the nesting limit unwraps a
	 * too-deep one, its references still point at it). */
	quire_node *lost = quire_node_new(doc, QUIRE_FOOTNOTE_DEF);
	lost->as.footnote.label = "lost";
	to_lost->as.footnote.def = lost;
	const quire_node *const *defs = NULL;

	cr_assert(quire_doc_finish(doc));
	cr_assert_eq(lost->as.footnote.number, 1);
	cr_assert_eq(to_outer->as.footnote.number, 2);
	cr_assert_eq(quire_doc_footnotes(doc, &defs), 4);
	cr_assert_null(defs[0], "a definition outside the tree leaves a hole");
	cr_assert_eq(defs[1], outer);
	cr_assert_null(defs[2], "so does one among inlines");
	cr_assert_eq(defs[3], inner);
	quire_doc_free(doc);
}

static quire_node *add_heading(quire_doc *doc, quire_node *parent, int level, const char *text)
{
	quire_node *h = add(doc, parent, QUIRE_HEADING);
	h->as.heading.level = level;
	add_text(doc, h, text);
	return h;
}

Test(facts, toc_entries)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *intro = add_heading(doc, root, 1, "Intro");
	add_note_ref(doc, intro, "n");
	quire_node *named = add_heading(doc, root, 2, "Named");
	named->as.heading.id = "given";
	quire_node *quoted = add_heading(doc, add(doc, root, QUIRE_BLOCK_QUOTE), 3, "Quoted");
	quire_node *code = quire_node_new_literal(doc, QUIRE_CODE, " code", 5);
	cr_assert_not_null(code);
	quire_node_append(quoted, code);
	quire_node *note = add_note_def(doc, root, "n");
	add_heading(doc, note, 1, "In a note");
	quire_node *again = add_heading(doc, root, 4, "Intro");
	const struct quire_toc_entry *e = NULL;

	cr_assert(quire_doc_finish(doc));
	cr_assert_eq(quire_doc_toc(doc, &e), 4, "headings in notes are not listed");
	cr_assert_eq(e[0].heading, intro);
	cr_assert_eq(e[0].level, 1);
	cr_assert_str_eq(e[0].id, "intro");
	cr_assert_str_eq(e[0].text, "Intro", "the note reference is left out");
	cr_assert_eq(e[1].heading, named);
	cr_assert_str_eq(e[1].id, "given");
	cr_assert_str_eq(e[1].text, "Named");
	cr_assert_eq(e[2].heading, quoted);
	cr_assert_eq(e[2].level, 3);
	cr_assert_str_eq(e[2].id, "quoted-code");
	cr_assert_str_eq(e[2].text, "Quoted code", "code spans are text");
	cr_assert_eq(e[3].heading, again);
	cr_assert_eq(e[3].level, 4);
	cr_assert_str_eq(e[3].id, "intro-1");
	cr_assert_eq(e[3].id, again->as.heading.id);
	quire_doc_free(doc);
}

Test(facts, list_item_tightness)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	quire_node *tight = add(doc, root, QUIRE_BULLET_LIST);
	quire_node *outer_item = add(doc, tight, QUIRE_LIST_ITEM);
	quire_node *para = add(doc, outer_item, QUIRE_PARAGRAPH);
	quire_node *loose = add(doc, outer_item, QUIRE_ORDERED_LIST);
	loose->as.list.tight = false;
	quire_node *inner_item = add(doc, loose, QUIRE_LIST_ITEM);
	quire_node *inner_para = add(doc, inner_item, QUIRE_PARAGRAPH);
	quire_node *deepest = add(doc, inner_item, QUIRE_BULLET_LIST);
	quire_node *deepest_item = add(doc, deepest, QUIRE_LIST_ITEM);

	cr_assert(quire_list_item_is_tight(outer_item));
	cr_assert(quire_list_item_is_tight(para->parent));
	cr_assert_not(quire_list_item_is_tight(inner_item), "a loose list inside a tight one");
	cr_assert_not(quire_list_item_is_tight(inner_para->parent));
	cr_assert(quire_list_item_is_tight(deepest_item), "a tight list inside a loose one");
	cr_assert_not(quire_list_item_is_tight(loose), "a list is not an item");
	cr_assert_not(quire_list_item_is_tight(root->parent), "NULL");
	quire_node *orphan = quire_node_new(doc, QUIRE_LIST_ITEM);
	cr_assert_not(quire_list_item_is_tight(orphan), "an item outside any list");
	quire_doc_free(doc);
}

/* The one rule for which images are set as blocks and captioned, which
 * the PDF and EPUB/HTML share. */
Test(facts, lone_image_and_its_caption)
{
	quire_doc *doc = quire_doc_new();
	quire_node *root = quire_doc_root(doc);
	const quire_node *link;

	/* One image: lone; no title, no alt: no caption. */
	quire_node *p = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *img = add(doc, p, QUIRE_IMAGE);
	cr_assert_eq(quire_lone_image(p, &link), img);
	cr_assert_null(link);
	cr_assert_eq(quire_lone_image_caption(img), QUIRE_CAPTION_NONE);
	add_text(doc, img, "alt");
	cr_assert_eq(quire_lone_image_caption(img), QUIRE_CAPTION_ALT);
	img->as.link.title = "title";
	cr_assert_eq(quire_lone_image_caption(img), QUIRE_CAPTION_TITLE);
	/* Text beside it: not lone. */
	quire_node *t = add_text(doc, p, " and text");
	cr_assert_null(quire_lone_image(p, &link));
	quire_node_unlink(t);
	/* Alone in a link that is alone: lone, with its link. */
	quire_node *p2 = add(doc, root, QUIRE_PARAGRAPH);
	quire_node *a = add(doc, p2, QUIRE_LINK);
	quire_node *img2 = add(doc, a, QUIRE_IMAGE);
	cr_assert_eq(quire_lone_image(p2, &link), img2);
	cr_assert_eq(link, a);
	add_text(doc, a, "more");
	cr_assert_null(quire_lone_image(p2, &link));
	/* Not a paragraph: never. */
	cr_assert_null(quire_lone_image(root, &link));
	/* In a figure with a caption of its own, the figure's caption is
	 * the image's: none from the image. */
	quire_node *fig = add(doc, root, QUIRE_FIGURE);
	quire_node_unlink(p);
	quire_node_append(fig, p);
	cr_assert_eq(quire_lone_image_caption(img), QUIRE_CAPTION_TITLE);
	add_text(doc, add(doc, fig, QUIRE_CAPTION), "the figure's");
	cr_assert_eq(quire_lone_image_caption(img), QUIRE_CAPTION_NONE);
	quire_doc_free(doc);
}

/* Dates on a title page in the document's language; the metadata stays
 * ISO 8601. */
Test(core, dates_in_the_document_language)
{
	char buf[QUIRE_DATE_MAX];
	cr_assert_str_eq(quire_date_display("2021-06-14", NULL, buf, sizeof(buf)), "14 June 2021");
	cr_assert_str_eq(quire_date_display("2021-06-14", "en-US", buf, sizeof(buf)),
	                 "June 14, 2021");
	cr_assert_str_eq(quire_date_display("2022-03-03", "fr", buf, sizeof(buf)), "3 mars 2022");
	cr_assert_str_eq(quire_date_display("2022-03-01", "fr-CA", buf, sizeof(buf)),
	                 "1er mars 2022");
	cr_assert_str_eq(quire_date_display("2023-03-05", "de-DE", buf, sizeof(buf)), "5. März 2023");
	cr_assert_str_eq(quire_date_display("2019-09-01", "ru", buf, sizeof(buf)),
	                 "1 сентября 2019 г.");
	cr_assert_str_eq(quire_date_display("2024-12", "es", buf, sizeof(buf)), "diciembre de 2024");
	/* Not ISO, or a language without names: as written. */
	cr_assert_str_eq(quire_date_display("Spring 2020", "en", buf, sizeof(buf)), "Spring 2020");
	cr_assert_str_eq(quire_date_display("2020-13-01", "en", buf, sizeof(buf)), "2020-13-01");
	cr_assert_str_eq(quire_date_display("2020-05-05", "ja", buf, sizeof(buf)), "2020-05-05");
	cr_assert_str_eq(quire_date_display("2020-05-05T10:00", "en", buf, sizeof(buf)),
	                 "2020-05-05T10:00");
}
