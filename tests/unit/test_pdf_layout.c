/* Block layout and paragraph setter with the bundled fonts: what gets
 * hyphenated and what never does, line widths, CJK break opportunities,
 * headings in the outline, code wrapping, list markers, notes' first
 * references. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/core.h"
#include "write/pdf/fonts.h"
#include "write/pdf/hyph.h"
#include "write/pdf/layout.h"
#include "write/pdf/para.h"

struct fixture {
	struct pdf_fonts fonts;
	struct hyph *hyph;
	struct pdf_layout L;
	quire_doc *doc;
	struct quire_log log;
};

static void setup(struct fixture *f, double measure)
{
	struct quire_pdf_options po = {0};
	memset(f, 0, sizeof(*f));
	cr_assert_eq(pdf_fonts_init(&f->fonts, NULL, &po, &f->log, NULL), QUIRE_OK);
	f->hyph = hyph_open("en-US", NULL);
	cr_assert_not_null(f->hyph);
	pdf_layout_init(&f->L, &f->fonts, f->hyph, 11, measure, false, &f->log, NULL);
	f->doc = quire_doc_new();
}

static void teardown(struct fixture *f)
{
	pdf_layout_free(&f->L);
	hyph_close(f->hyph);
	pdf_fonts_free(&f->fonts);
	quire_doc_free(f->doc);
}

static quire_node *para(struct fixture *f, const char *text, enum quire_kind kind)
{
	quire_node *p = quire_node_new(f->doc, QUIRE_PARAGRAPH);
	quire_node *t = quire_node_new_literal(f->doc, kind, text, strlen(text));
	quire_node_append(p, t);
	quire_node_append(quire_doc_root(f->doc), p);
	return p;
}

static const char *run_text(struct fixture *f, size_t r)
{
	return f->L.store.pool.data + f->L.store.runs[r].text;
}

/* Lines that end in a hyphen (the texts below have no hyphens of their
 * own, so these come from the line breaker). */
static int hyphenated_lines(struct fixture *f)
{
	int n = 0;
	for (size_t i = 0; i < f->L.store.nlines; i++) {
		const struct pdf_line *ln = &f->L.store.lines[i];
		if (!ln->nruns)
			continue;
		const char *t = run_text(f, ln->first_run + ln->nruns - 1);
		if (t[0] && t[strlen(t) - 1] == '-')
			n++;
	}
	return n;
}

static void no_overflow(struct fixture *f)
{
	for (size_t i = 0; i < f->L.store.nlines; i++) {
		const struct pdf_line *ln = &f->L.store.lines[i];
		for (size_t r = ln->first_run; r < ln->first_run + ln->nruns; r++)
			cr_assert_leq(ln->indent + f->L.store.runs[r].x + f->L.store.runs[r].width, f->L.measure + 0.01,
			              "line %zu run '%s' ends at %f", i, run_text(f, r),
			              ln->indent + f->L.store.runs[r].x + f->L.store.runs[r].width);
	}
}

Test(layout, long_words_are_hyphenated_in_a_narrow_measure)
{
	struct fixture f;
	setup(&f, 120);
	para(&f, "The extraordinarily incomprehensible characterisations of internationalisation "
	         "considerations overwhelmed typographers everywhere today.", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(hyphenated_lines(&f), 0);
	no_overflow(&f);
	teardown(&f);
}

Test(layout, code_urls_and_digits_are_never_hyphenated)
{
	struct fixture f;
	setup(&f, 120);
	para(&f, "incomprehensibilities_in_code characterisations_again", QUIRE_CODE);
	para(&f, "see https://example.org/incomprehensibilities/characterisations now", QUIRE_TEXT);
	para(&f, "version2incomprehensibilities and characterisations3 here", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_eq(hyphenated_lines(&f), 0);
	no_overflow(&f);
	teardown(&f);
}

Test(layout, last_word_is_never_hyphenated)
{
	struct fixture f;
	/* "Short incomprehensibilities" does not fit on one line; splitting the
	 * last word would be the tightest choice but is not allowed. */
	setup(&f, 95);
	para(&f, "Short incomprehensibilities", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_eq(hyphenated_lines(&f), 0);
	cr_assert_eq(f.L.store.nlines, 2);
	teardown(&f);
}

Test(layout, unbreakable_run_is_broken_inside_the_margin)
{
	struct fixture f;
	setup(&f, 80);
	para(&f, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", QUIRE_TEXT);
	para(&f, "https://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(f.L.store.nlines, 4);
	no_overflow(&f);
	teardown(&f);
}

Test(layout, cjk_ideographs_break_between_characters)
{
	struct fixture f;
	setup(&f, 100);
	para(&f, "日本語の文章は空白なしで書かれるので文字の間で改行できなければならない。",
	     QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(f.L.store.nlines, 2);
	no_overflow(&f);
	teardown(&f);
}

Test(layout, justified_lines_fill_the_measure)
{
	struct fixture f;
	setup(&f, 200);
	para(&f, "When the current talks between the Syrian Government and opposition delegations "
	         "began last week, UN Special Envoy Staffan de Mistura said he did not expect "
	         "miracles, breakthroughs or breakdowns, but hoped to build on the previous rounds.",
	     QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(f.L.store.nlines, 3);
	for (size_t i = 0; i + 1 < f.L.store.nlines; i++) {
		const struct pdf_line *ln = &f.L.store.lines[i];
		const struct pdf_run *last = &f.L.store.runs[ln->first_run + ln->nruns - 1];
		cr_assert_float_eq(last->x + last->width, 200, 0.01, "line %zu ends at %f", i,
		                   last->x + last->width);
	}
	teardown(&f);
}

Test(layout, headings_are_recorded_with_their_line)
{
	struct fixture f;
	setup(&f, 300);
	quire_node *h = quire_node_new(f.doc, QUIRE_HEADING);
	h->as.heading.level = 2;
	h->as.heading.id = "intro";
	quire_node_append(h, quire_node_new_literal(f.doc, QUIRE_TEXT, "Ελληνικά", strlen("Ελληνικά")));
	quire_node_append(quire_doc_root(f.doc), h);
	para(&f, "Body.", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_eq(f.L.nheadings, 1);
	cr_assert_str_eq(f.L.headings[0].title, "Ελληνικά");
	cr_assert_eq(f.L.store.lines[f.L.headings[0].line].heading, 0);
	/* A heading is kept with what follows: no legal break between them. */
	size_t k = 0;
	while (k < f.L.store.nitems && f.L.store.item_line[k] != (long)f.L.headings[0].line)
		k++;
	for (k++; k < f.L.store.nitems && f.L.store.items[k].type != PB_BOX; k++)
		cr_assert(!(f.L.store.items[k].type == PB_PENALTY && f.L.store.items[k].penalty < PB_INF) &&
		          !(f.L.store.items[k].type == PB_GLUE && f.L.store.items[k - 1].type == PB_BOX));
	teardown(&f);
}

Test(layout, no_break_space_never_ends_a_line)
{
	struct fixture f;
	setup(&f, 90);
	/* Every word pair is tied: the lines can only break at real spaces. */
	para(&f, "aa\u00a0bb cc\u00a0dd ee\u00a0ff gg\u00a0hh ii\u00a0jj kk\u00a0ll mm\u00a0nn", QUIRE_TEXT);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(f.L.store.nlines, 1);
	for (size_t i = 0; i < f.L.store.nlines; i++) {
		const struct pdf_line *ln = &f.L.store.lines[i];
		cr_assert_eq(ln->nruns % 2, 0, "line %zu splits a tied pair", i);
		for (size_t r = ln->first_run; r < ln->first_run + ln->nruns; r++)
			cr_assert_null(strchr(run_text(&f, r), ' '));
	}
	teardown(&f);
}

/* The line of a note's first reference, as the page builder looks for it:
 * the first box of the vertical list with a run linking to the note. */
static long first_ref_by_scan(struct fixture *f, int number)
{
	for (size_t i = 0; i < f->L.store.nitems; i++) {
		long ln = f->L.store.item_line[i];
		if (f->L.store.items[i].type != PB_BOX || ln < 0)
			continue;
		const struct pdf_line *line = &f->L.store.lines[ln];
		for (size_t q = line->first_run; q < line->first_run + line->nruns; q++) {
			int lk = f->L.store.runs[q].link;
			if (lk >= 0 && f->L.links[lk].note == number)
				return ln;
		}
	}
	return -1;
}

Test(layout, notes_know_the_line_of_their_first_reference)
{
	static const char src[] = "Intro paragraph without notes.\n\n"
	                          "Text with a note[^a] and another[^b], then a again[^a].\n\n"
	                          "| head | cells |\n|---|---|\n| x[^c] | y |\n\n"
	                          "[^a]: Note a refers to [^d].\n"
	                          "[^b]: Note b.\n"
	                          "[^c]: Note c, from a table.\n"
	                          "[^d]: Note d, referred to only from a note.\n";
	struct fixture f;
	struct quire_read_options ro;
	setup(&f, 300);
	quire_read_options_init(&ro);
	cr_assert_eq(quire_read(f.doc, quire_reader_find("markdown"), src, strlen(src), &ro, &f.log),
	             QUIRE_OK);
	cr_assert(quire_doc_finish(f.doc)); /* numbers the notes */
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_eq(f.L.nnotes_out, 4);
	long by_number[5] = {0};
	for (size_t k = 0; k < f.L.nnotes_out; k++) {
		const struct pdf_note *nt = &f.L.notes[k];
		cr_assert(nt->number >= 1 && nt->number <= 4);
		by_number[nt->number] = nt->ref_line;
		cr_assert_eq(nt->ref_line, first_ref_by_scan(&f, nt->number), "note %d: %ld", nt->number,
		             nt->ref_line);
	}
	/* a and b on the second paragraph's line, c on the table's row (not
	 * the cell's own line, which is not in the vertical list), d none. */
	cr_assert_geq(by_number[1], 0);
	cr_assert_eq(by_number[2], by_number[1]);
	cr_assert_gt(by_number[3], by_number[1]);
	cr_assert_neq(f.L.store.lines[by_number[3]].flags & LINE_RULE_BELOW, 0);
	cr_assert_eq(by_number[4], -1);
	teardown(&f);
}

/* The paragraph setter on its own: characters in, lines in a store out,
 * with no block layout around it. */
static size_t set_alone(struct fixture *f, struct pdf_store *st, const char *text, double measure,
                        bool code)
{
	struct pdf_para S = {.fonts = &f->fonts, .hyph = f->hyph, .image_max_width = measure};
	struct span sp = {.role = code ? ROLE_MONO : ROLE_REGULAR, .size = 10, .link = -1};
	struct pch ch[256];
	size_t n = 0;
	for (const char *c = text; *c && n < 256; c++)
		ch[n++] = (struct pch){.cp = *c == '\n' ? CP_HARD : *c};
	struct para_text in = {.ch = ch, .nch = n, .spans = &sp};
	struct pstyle ps = {.align = AL_RAGGED, .size = 10, .leading = 13, .hyphenate = !code,
	                    .code = code};
	size_t lines = pdf_para_set(&S, st, &in, measure, &ps);
	pdf_para_free(&S);
	return lines;
}

Test(layout, paragraph_setter_needs_no_layout)
{
	struct fixture f;
	struct pdf_store st;
	setup(&f, 300);
	pdf_store_init(&st);
	size_t n = set_alone(&f, &st, "A paragraph set on its own, without any block layout around "
	                              "it, into lines of a narrow measure.", 100, false);
	cr_assert_gt(n, 2);
	cr_assert_eq(st.nlines, n);
	for (size_t i = 0; i < n; i++) {
		const struct pdf_line *ln = &st.lines[i];
		cr_assert_eq(ln->indent, 0);
		cr_assert_eq(ln->heading, -1);
		cr_assert_eq(ln->note, 0);
		for (size_t r = ln->first_run; r < ln->first_run + ln->nruns; r++)
			cr_assert_leq(st.runs[r].x + st.runs[r].width, 100.01);
	}
	cr_assert(!st.oom);
	pdf_store_free(&st);
	teardown(&f);
}

Test(layout, code_lines_wrap_with_a_mark)
{
	struct fixture f;
	struct pdf_store st;
	setup(&f, 300);
	pdf_store_init(&st);
	/* 30 characters of 6 points in 100: the first line wraps twice, each
	 * time after its last space. */
	static const char *const words[] = {"abcdefghij", "klmnopqrst", "uvwxyz01"};
	size_t n = set_alone(&f, &st, "abcdefghij klmnopqrst uvwxyz01\n\nend", 100, true);
	cr_assert_eq(n, 5);
	cr_assert_eq(st.lines[0].nruns, 1);
	cr_assert_str_eq(st.pool.data + st.runs[st.lines[0].first_run].text, words[0]);
	for (size_t i = 1; i <= 2; i++) {
		const struct pdf_run *mark = &st.runs[st.lines[i].first_run];
		cr_assert_eq(st.lines[i].nruns, 2);
		cr_assert_str_eq(st.pool.data + mark->text, "\u21aa");
		cr_assert_neq(mark->flags & RUN_GRAY, 0);
		cr_assert_str_eq(st.pool.data + mark[1].text, words[i]);
	}
	cr_assert_eq(st.lines[3].nruns, 0); /* the empty source line */
	cr_assert_str_eq(st.pool.data + st.runs[st.lines[4].first_run].text, "end");
	pdf_store_free(&st);
	teardown(&f);
}

Test(layout, list_marker_leads_the_first_line_of_its_item)
{
	static const char src[] = "1. An item long enough to take several lines of the measure.\n"
	                          "2. Another.\n";
	struct fixture f;
	struct quire_read_options ro;
	setup(&f, 150);
	quire_read_options_init(&ro);
	cr_assert_eq(quire_read(f.doc, quire_reader_find("markdown"), src, strlen(src), &ro, &f.log),
	             QUIRE_OK);
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	cr_assert_gt(f.L.store.nlines, 3);
	size_t markers = 0;
	for (size_t i = 0; i < f.L.store.nlines; i++) {
		const struct pdf_line *ln = &f.L.store.lines[i];
		for (size_t r = ln->first_run; r < ln->first_run + ln->nruns; r++) {
			if (f.L.store.runs[r].x >= 0)
				continue;
			/* A hanging marker is its line's first run. */
			cr_assert_eq(r, ln->first_run, "line %zu", i);
			cr_assert_str_eq(run_text(&f, r), markers == 0 ? "1." : "2.");
			markers++;
		}
	}
	cr_assert_eq(markers, 2);
	teardown(&f);
}

/* The first run whose text holds needle. */
static const struct pdf_run *find_run(struct fixture *f, const char *needle)
{
	for (size_t r = 0; r < f->L.store.nruns; r++)
		if (strstr(run_text(f, r), needle))
			return &f->L.store.runs[r];
	cr_assert_fail("no run holds '%s'", needle);
	return NULL;
}

static void inline_node(struct fixture *f, quire_node *p, enum quire_kind kind, const char *text)
{
	quire_node *t = quire_node_new_literal(f->doc, QUIRE_TEXT, text, strlen(text));
	if (kind == QUIRE_TEXT) {
		quire_node_append(p, t);
		return;
	}
	quire_node *n = quire_node_new(f->doc, kind);
	quire_node_append(n, t);
	quire_node_append(p, n);
}

Test(layout, scripts_keys_highlights_and_underlines_have_their_run_styles)
{
	struct fixture f;
	setup(&f, 400);
	quire_node *p = quire_node_new(f.doc, QUIRE_PARAGRAPH);
	quire_node_append(quire_doc_root(f.doc), p);
	inline_node(&f, p, QUIRE_TEXT, "max 2");
	inline_node(&f, p, QUIRE_SUPERSCRIPT, "31");
	inline_node(&f, p, QUIRE_TEXT, " water H");
	inline_node(&f, p, QUIRE_SUBSCRIPT, "2");
	inline_node(&f, p, QUIRE_TEXT, "O press ");
	inline_node(&f, p, QUIRE_KBD, "Ctrl");
	inline_node(&f, p, QUIRE_TEXT, " see ");
	inline_node(&f, p, QUIRE_MARK, "marked words");
	inline_node(&f, p, QUIRE_TEXT, " and ");
	inline_node(&f, p, QUIRE_UNDERLINE, "underlined");
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);

	const struct pdf_run *plain = find_run(&f, "max");
	cr_assert_eq(plain->rise, 0);
	cr_assert_eq(plain->flags & (RUN_FRAME | RUN_MARK | RUN_UNDER), 0);
	cr_assert_not(plain->has_background);

	const struct pdf_run *sup = find_run(&f, "31");
	cr_assert_gt(sup->rise, plain->size * 0.3);
	cr_assert_lt(sup->size, plain->size * 0.75);
	cr_assert_gt(sup->size, plain->size * 0.6);

	const struct pdf_run *h = find_run(&f, "H");
	cr_assert_eq(h->rise, 0);
	const struct pdf_run *sub = h + 1;
	cr_assert_str_eq(f.L.store.pool.data + sub->text, "2");
	cr_assert_lt(sub->rise, -plain->size * 0.1);
	cr_assert_lt(sub->size, plain->size * 0.75);
	cr_assert_eq(find_run(&f, "O")->rise, 0);

	const struct pdf_run *key = find_run(&f, "Ctrl");
	cr_assert_neq(key->flags & RUN_FRAME, 0);
	cr_assert_eq(key->face, pdf_fonts_pick(&f.fonts, ROLE_MONO, 'C'));
	cr_assert_eq(find_run(&f, "see")->flags & RUN_FRAME, 0);

	const struct pdf_run *mark = find_run(&f, "marked");
	cr_assert_neq(mark->flags & RUN_MARK, 0);
	cr_assert(mark->has_background);
	struct pdf_rgb tint = PDF_RGB_MARK;
	cr_assert(mark->background.r == tint.r && mark->background.g == tint.g &&
	          mark->background.b == tint.b);
	cr_assert(find_run(&f, "words")->has_background);
	cr_assert_not(find_run(&f, "and")->has_background);

	cr_assert_neq(find_run(&f, "underlined")->flags & RUN_UNDER, 0);
	cr_assert_eq(find_run(&f, "and")->flags & RUN_UNDER, 0);
	no_overflow(&f);
	teardown(&f);
}

Test(layout, hyphens_keep_the_highlight_and_underline_of_their_word)
{
	struct fixture f;
	setup(&f, 120);
	quire_node *p = quire_node_new(f.doc, QUIRE_PARAGRAPH);
	quire_node_append(quire_doc_root(f.doc), p);
	quire_node *u = quire_node_new(f.doc, QUIRE_UNDERLINE);
	quire_node_append(p, u);
	inline_node(&f, u, QUIRE_MARK, "The extraordinarily incomprehensible characterisations of "
	                               "internationalisation considerations overwhelmed typographers");
	cr_assert_eq(pdf_layout_doc(&f.L, f.doc), QUIRE_OK);
	int hyphens = 0;
	for (size_t r = 0; r < f.L.store.nruns; r++) {
		const char *t = run_text(&f, r);
		if (strcmp(t, "-") != 0 && !(t[0] && t[strlen(t) - 1] == '-'))
			continue;
		hyphens++;
		cr_assert_neq(f.L.store.runs[r].flags & RUN_MARK, 0, "'%s'", t);
		cr_assert_neq(f.L.store.runs[r].flags & RUN_UNDER, 0, "'%s'", t);
		cr_assert(f.L.store.runs[r].has_background);
	}
	cr_assert_gt(hyphens, 0);
	teardown(&f);
}
