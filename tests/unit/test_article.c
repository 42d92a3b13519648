/* The article reader: every rule of src/read/article/FORMAT.md, each with
 * the cases that must not trigger it. Most tests read a string and compare
 * the tree dump of the document. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "quire/quire.h"
#include "read/article/article.h"

struct seen {
	unsigned count, line, column;
	char text[256];
};

static void remember(const struct quire_message *msg, void *user)
{
	struct seen *s = user;
	if (s->count++ == 0) {
		s->line = msg->line;
		s->column = msg->column;
		snprintf(s->text, sizeof(s->text), "%s", msg->text);
	}
}

static char *dump(quire_doc *doc)
{
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	cr_assert_eq(quire_write(doc, quire_writer_find("tree"), NULL, &sink, NULL), QUIRE_OK);
	char *s = strndup(out.data ? out.data : "", out.len);
	quire_buffer_free(&out);
	return s;
}

/* The tree of src read as an article, with messages going to seen. */
static char *read_len(const char *src, size_t len, bool smart, struct seen *seen)
{
	struct quire_read_options ro;
	struct quire_log log = {.fn = remember, .user = seen};
	quire_read_options_init(&ro);
	ro.smart = smart;
	ro.filename = "t.txt";
	quire_doc *doc = quire_doc_new();
	cr_assert_not_null(doc);
	const struct quire_reader *r = quire_reader_find("article");
	cr_assert_not_null(r);
	cr_assert_eq(quire_read(doc, r, src, len, &ro, &log), QUIRE_OK);
	char *s = dump(doc);
	quire_doc_free(doc);
	return s;
}

static char *tree(const char *src)
{
	struct seen seen = {0};
	char *s = read_len(src, strlen(src), true, &seen);
	cr_assert_eq(seen.count, 0, "unexpected message: %s", seen.text);
	return s;
}

#define EXPECT(src, want)                                                  \
	do {                                                               \
		char *got_ = tree(src);                                    \
		cr_assert_str_eq(got_, want);                              \
		free(got_);                                                \
	} while (0)

#define CONTAINS(src, part)                                                      \
	do {                                                                     \
		char *got_ = tree(src);                                          \
		cr_assert(strstr(got_, part), "missing %s in:\n%s", part, got_); \
		free(got_);                                                      \
	} while (0)

#define LACKS(src, part)                                                          \
	do {                                                                      \
		char *got_ = tree(src);                                           \
		cr_assert(!strstr(got_, part), "unwanted %s in:\n%s", part, got_); \
		free(got_);                                                       \
	} while (0)

#define P(text) "  paragraph\n    text \"" text "\"\n"

/* ---- title ---- */

Test(title, first_line_before_a_blank_line)
{
	EXPECT("\n\n  \nTalks end in Geneva\n\nThe talks ended.\n",
	       "meta title \"Talks end in Geneva\"\ndocument\n" P("The talks ended."));
}

Test(title, is_not_body_text)
{
	LACKS("Talks end in Geneva\n\nThe talks ended.\n", "text \"Talks end");
}

Test(title, a_sentence_is_not_a_title)
{
	EXPECT("The talks ended today.\n\nThey will resume in May.\n",
	       "document\n" P("The talks ended today.") P("They will resume in May."));
}

Test(title, too_long_is_a_paragraph)
{
	/* 121 characters, no full stop: over TITLE_MAX_CHARS. */
	char line[200];
	memset(line, 'a', 121);
	line[0] = 'A';
	for (int i = 8; i < 121; i += 9)
		line[i] = ' ';
	strcpy(line + 121, "\n\nBody.\n");
	LACKS(line, "meta title");
}

Test(title, at_the_limit)
{
	char line[200];
	memset(line, 'a', 120);
	line[0] = 'A';
	for (int i = 8; i < 120; i += 9)
		line[i] = ' ';
	strcpy(line + 120, "\n\nBody.\n");
	CONTAINS(line, "meta title");
}

Test(title, needs_a_blank_line_after_it)
{
	EXPECT("Talks end in Geneva\nas the envoy leaves.\n",
	       "document\n" P("Talks end in Geneva as the envoy leaves."));
}

Test(title, a_lone_line_is_a_paragraph)
{
	EXPECT("Talks end in Geneva\n", "document\n" P("Talks end in Geneva"));
}

Test(title, ending_in_comma_or_colon_is_not_a_title)
{
	LACKS("Talks end in Geneva:\n\nBody.\n", "meta title");
	LACKS("Talks end in Geneva,\n\nBody.\n", "meta title");
}

Test(title, a_byline_or_dateline_is_not_a_title)
{
	EXPECT("By Jane Doe\n\nThe talks ended.\n",
	       "document\n" P("By Jane Doe") P("The talks ended."));
	EXPECT("GENEVA, 31 March 2017 -- Talks end\n\nThe talks ended.\n",
	       "meta date \"2017-03-31\"\ndocument\n" P("GENEVA, 31 March 2017 – Talks end")
	       P("The talks ended."));
}

Test(title, question_and_ellipsis_are_titles)
{
	CONTAINS("Will the talks end?\n\nBody.\n", "meta title \"Will the talks end?\"");
	CONTAINS("And then...\n\nBody.\n", "meta title \"And then…\"");
}

Test(title, links_in_the_title_become_text)
{
	CONTAINS("Talks in [Geneva](https://example.org)\n\nBody.\n",
	         "meta title \"Talks in Geneva\"");
}

Test(title, second_article_title_is_a_heading)
{
	struct quire_read_options ro;
	quire_read_options_init(&ro);
	quire_doc *doc = quire_doc_new();
	const struct quire_reader *r = quire_reader_find("article");
	const char *a = "First\n\nOne.\n", *b = "Second\n\nTwo.\n";
	cr_assert_eq(quire_read(doc, r, a, strlen(a), &ro, NULL), QUIRE_OK);
	cr_assert_eq(quire_read(doc, r, b, strlen(b), &ro, NULL), QUIRE_OK);
	char *s = dump(doc);
	cr_assert_str_eq(s, "meta title \"First\"\ndocument\n" P("One.")
	                    "  heading level=1 id=\"second\"\n    text \"Second\"\n" P("Two."));
	free(s);
	quire_doc_free(doc);
}

/* ---- byline ---- */

Test(byline, one_author)
{
	EXPECT("Title\n\nBy Jane Doe\n\nBody.\n",
	       "meta title \"Title\"\nmeta author \"Jane Doe\"\ndocument\n" P("Body."));
}

Test(byline, two_authors)
{
	EXPECT("Title\n\nBy Jane Doe and John Roe\n\nBody.\n",
	       "meta title \"Title\"\nmeta author \"Jane Doe\"\nmeta author \"John Roe\"\n"
	       "document\n" P("Body."));
}

Test(byline, lists_with_commas)
{
	CONTAINS("Title\n\nBy Ann Lee, Bo Kim, and Cy Young\n\nBody.\n",
	         "meta author \"Ann Lee\"\nmeta author \"Bo Kim\"\nmeta author \"Cy Young\"\n");
	CONTAINS("Title\n\nBY Ann Lee & Bo Kim\n\nBody.\n",
	         "meta author \"Ann Lee\"\nmeta author \"Bo Kim\"\n");
}

Test(byline, right_under_the_title)
{
	EXPECT("Title\nBy Jane Doe\n\nBody.\n",
	       "meta title \"Title\"\nmeta author \"Jane Doe\"\ndocument\n" P("Body."));
}

Test(byline, particles_and_apostrophes)
{
	CONTAINS("Title\n\nBy Staffan de Mistura and Seán O'Brien\n\nBody.\n",
	         "meta author \"Staffan de Mistura\"\nmeta author \"Seán O’Brien\"\n");
}

Test(byline, a_sentence_starting_with_by_is_text)
{
	EXPECT("Title\n\nBy the end of the week the talks had stalled.\n\nBody.\n",
	       "meta title \"Title\"\ndocument\n"
	       P("By the end of the week the talks had stalled.") P("Body."));
	LACKS("Title\n\nBy Monday, nothing.\n\nBody.\n", "meta author");
	LACKS("Title\n\nBy and large\n\nBody.\n", "meta author");
}

Test(byline, only_right_after_the_title)
{
	LACKS("Title\n\nBody.\n\nBy Jane Doe\n", "meta author");
}

/* ---- dateline ---- */

static void dateline_is(const char *text, const char *want)
{
	char iso[11] = "";
	bool found = article_dateline(text, strlen(text), iso);
	if (want == NULL) {
		cr_assert(!found, "'%s' is no dateline, got %s", text, iso);
	} else {
		cr_assert(found, "'%s' is a dateline", text);
		cr_assert_str_eq(iso, want);
	}
}

Test(dateline, forms)
{
	dateline_is("31 March 2017 \xE2\x80\x93 The talks", "2017-03-31");
	dateline_is("31 March 2017 \xE2\x80\x94 The talks", "2017-03-31");
	dateline_is("31 March 2017 - The talks", "2017-03-31");
	dateline_is("31 March 2017 -- The talks", "2017-03-31");
	dateline_is("31 March 2017\xE2\x80\x94The talks", "2017-03-31");
	dateline_is("March 31, 2017 - The talks", "2017-03-31");
	dateline_is("Sept. 1, 2016 - The talks", "2016-09-01");
	dateline_is("1st Feb 2016 - The talks", "2016-02-01");
	dateline_is("2017-03-31 - The talks", "2017-03-31");
	dateline_is("GENEVA, 31 March 2017 - The talks", "2017-03-31");
	dateline_is("NEW YORK, March 31, 2017 \xE2\x80\x93 The talks", "2017-03-31");
	dateline_is("São Paulo, 2017-03-31 -- Rain", "2017-03-31");
	dateline_is("29 February 2016 - Leap", "2016-02-29");
}

Test(dateline, other_languages)
{
	dateline_is("STRASBOURG, 3 septembre 2022 \xE2\x80\x93 Apr\xC3\xA8s", "2022-09-03");
	dateline_is("PARIS, 1er f\xC3\xA9vrier 2020 - Le", "2020-02-01");
	dateline_is("PARIS, 1er fevrier 2020 - Le", "2020-02-01");
	dateline_is("BERLIN, 31. M\xC3\xA4rz 2017 - Die", "2017-03-31");
	dateline_is("BERLIN, 31. M\xC3\x84RZ 2017 - Die", "2017-03-31");
	dateline_is("MADRID, 1 de abril de 2021 - El", "2021-04-01");
	dateline_is("ROMA, 15 agosto 2019 - Il", "2019-08-15");
	dateline_is("LISBOA, 2 de mar\xC3\xA7o de 2018 - O", "2018-03-02");
	dateline_is("AMSTERDAM, 7 mei 2016 - De", "2016-05-07");
	/* Russian: the genitive, "г." after the year; upper case too. */
	dateline_is("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90, 31 \xD0\xBC\xD0\xB0\xD1\x80\xD1\x82\xD0\xB0 2017 "
	            "\xD0\xB3. \xE2\x80\x94 \xD0\x92", "2017-03-31");
	dateline_is("31 \xD0\x9C\xD0\x90\xD0\xA0\xD0\xA2\xD0\x90 2017 \xE2\x80\x94 \xD0\x92", "2017-03-31");
	/* Not dates: a word that is no month in any of these languages, and
	 * "de" where nothing follows. */
	dateline_is("PARIS, 3 semaine 2022 - Le", NULL);
	dateline_is("MADRID, 1 de 2021 - El", NULL);
	dateline_is("BERLIN, 30. Februar 2016 - no such day", NULL);
}

Test(dateline, not_datelines)
{
	dateline_is("31 March 2017 the talks ended", NULL);   /* no dash */
	dateline_is("31 March 2017, the talks ended", NULL);  /* a comma is no dash */
	dateline_is("31 February 2017 - no such day", NULL);
	dateline_is("29 February 2017 - not a leap year", NULL);
	dateline_is("March 2017 - no day", NULL);
	dateline_is("2017-13-01 - no such month", NULL);
	dateline_is("On 31 March 2017 - lower-case place", NULL);
	dateline_is("the talks, 31 March 2017 - ended", NULL);
	dateline_is("Talks ended on 31 March 2017 - in Geneva", NULL);
	dateline_is("310 March 2017 - three digits", NULL);
	dateline_is("31 Marchly 2017 - no month", NULL);
	dateline_is("", NULL);
}

Test(dateline, sets_the_date_and_stays_in_the_text)
{
	EXPECT("Title\n\nGENEVA, 31 March 2017 -- The talks ended.\n",
	       "meta title \"Title\"\nmeta date \"2017-03-31\"\ndocument\n"
	       P("GENEVA, 31 March 2017 – The talks ended."));
}

Test(dateline, only_in_the_first_paragraph)
{
	LACKS("Title\n\nThe talks ended.\n\n31 March 2017 - More.\n", "meta date");
}

Test(dateline, without_a_title)
{
	CONTAINS("March 31, 2017 - The talks ended in Geneva after nine days.\n",
	         "meta date \"2017-03-31\"");
}

/* ---- paragraphs ---- */

Test(paragraphs, blank_lines_separate_and_wraps_join)
{
	EXPECT("The talks\nended today.\n\n\n  The envoy\n   left.\n",
	       "document\n" P("The talks ended today.") P("The envoy left."));
}

Test(paragraphs, crlf_and_cr)
{
	EXPECT("Title\r\n\r\nThe talks\r\nended.\r\n\r\nNext.\r\n",
	       "meta title \"Title\"\ndocument\n" P("The talks ended.") P("Next."));
	EXPECT("Title\r\rThe talks\rended.\r\rNext.\r",
	       "meta title \"Title\"\ndocument\n" P("The talks ended.") P("Next."));
}

Test(paragraphs, white_space_collapses)
{
	EXPECT("One  two\tthree \x01 four.\n", "document\n" P("One two three four."));
}

Test(paragraphs, hyphen_at_line_end_joins_without_space)
{
	EXPECT("a well-\nknown fact, and a dash -\nhere.\n",
	       "document\n" P("a well-known fact, and a dash - here."));
}

Test(paragraphs, broken_sentence_is_repaired)
{
	EXPECT("Title\n\nThe aid was for reconstruction\n\nefforts.\n",
	       "meta title \"Title\"\ndocument\n" P("The aid was for reconstruction efforts."));
	EXPECT("One, two,\n\nthree\n\nand four.\n", "document\n" P("One, two, three and four."));
}

Test(paragraphs, no_repair_after_a_full_sentence)
{
	EXPECT("It ended.\n\nthen it began.\n", "document\n" P("It ended.") P("then it began."));
	EXPECT("T\n\nHe said: “it ended.”\n\nthen it began.\n",
	       "meta title \"T\"\ndocument\n" P("He said: “it ended.”") P("then it began."));
}

Test(paragraphs, no_repair_before_a_capital)
{
	EXPECT("T\n\nText without a stop\n\nNew start.\n",
	       "meta title \"T\"\ndocument\n" P("Text without a stop") P("New start."));
}

Test(paragraphs, line_numbers)
{
	quire_doc *doc = quire_doc_new();
	const char *src = "Title\n\nOne\ntwo.\n\n\nThree.\n";
	cr_assert_eq(quire_read(doc, quire_reader_find("article"), src, strlen(src), NULL, NULL),
	             QUIRE_OK);
	quire_node *p = quire_doc_root(doc)->first_child;
	cr_assert_eq(p->line, 3);
	cr_assert_eq(p->next->line, 7);
	quire_doc_free(doc);
}

/* ---- links ---- */

Test(links, bracket_link)
{
	EXPECT("See [the report](https://example.org/r?a=1&b=(2)) now.\n",
	       "document\n  paragraph\n    text \"See \"\n"
	       "    link url=\"https://example.org/r?a=1&b=(2)\"\n      text \"the report\"\n"
	       "    text \" now.\"\n");
}

Test(links, placeholder_targets_are_text)
{
	EXPECT("The [talks](#) and [more]() and [less]( # ) ended.\n",
	       "document\n" P("The talks and more and less ended."));
	CONTAINS("See [it]( http://x.org ).\n", "link url=\"http://x.org\"\n      text \"it\"");
}

Test(links, brackets_without_url_stay)
{
	EXPECT("He said [...] and [sic] (twice) and [a] (b).\n",
	       "document\n" P("He said […] and [sic] (twice) and [a] (b)."));
	EXPECT("[unclosed and ](spaced url) and [x](y\n",
	       "document\n" P("[unclosed and ](spaced url) and [x](y"));
}

Test(links, empty_label_shows_the_url)
{
	CONTAINS("See [](https://example.org).\n",
	         "link url=\"https://example.org\"\n      text \"https://example.org\"");
}

Test(links, bare_urls)
{
	EXPECT("Read https://example.org/a_b, or (http://x.org/wiki/A_(b)).\n",
	       "document\n  paragraph\n    text \"Read \"\n"
	       "    link url=\"https://example.org/a_b\"\n      text \"https://example.org/a_b\"\n"
	       "    text \", or (\"\n"
	       "    link url=\"http://x.org/wiki/A_(b)\"\n      text \"http://x.org/wiki/A_(b)\"\n"
	       "    text \").\"\n");
}

Test(links, url_in_angle_brackets)
{
	EXPECT("See <https://example.org/a> or < http://x.org >.\n",
	       "document\n  paragraph\n    text \"See \"\n"
	       "    link url=\"https://example.org/a\"\n      text \"https://example.org/a\"\n"
	       "    text \" or < \"\n"
	       "    link url=\"http://x.org\"\n      text \"http://x.org\"\n"
	       "    text \" >.\"\n");
}

Test(links, url_in_quotes_and_no_smart_inside)
{
	CONTAINS("“http://x.org/a--b”\n", "link url=\"http://x.org/a--b\"\n      text \"http://x.org/a--b\"\n    text \"”\"");
}

Test(links, not_urls)
{
	EXPECT("http:// alone, xhttp://x.org and http://.\n",
	       "document\n" P("http:// alone, xhttp://x.org and http://."));
}

Test(links, many_brackets_are_linear)
{
	size_t n = 200000;
	char *src = malloc(3 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(src + 3 * i, "[](", 3);
	src[3 * n] = '\0';
	struct seen seen = {0};
	/* Speed is the benchmark's business (bench/); here the input must
	 * simply be read, in one piece, without a crash. */
	char *s = read_len(src, 3 * n, true, &seen);
	cr_assert_not_null(s);
	free(s);
	for (size_t i = 0; i < n; i++)
		memcpy(src + 3 * i, i % 2 ? "](x" : "[a[", 3);
	s = read_len(src, 3 * n, true, &seen);
	free(s);
	free(src);
}

/* ---- smart punctuation ---- */

Test(smart, quotes_and_apostrophes)
{
	EXPECT("Incremental progress but 'we're not yet there,' UN mediator\n",
	       "document\n" P("Incremental progress but ‘we’re not yet there,’ UN mediator"));
	EXPECT("She said \"it's 'fine'\" (\"really\").\n",
	       "document\n" P("She said “it’s ‘fine’” (“really”)."));
}

Test(smart, apostrophe_at_word_start)
{
	EXPECT("'Tis the season; 'tis true of the '90s and the class of '17 'n' more.\n",
	       "document\n" P("’Tis the season; ’tis true of the ’90s and the class of ’17 ’n’ more."));
	/* A quote that starts with a word beginning like an elision opens. */
	EXPECT("'Tissue' and 'embers'.\n", "document\n" P("‘Tissue’ and ‘embers’."));
}

Test(smart, dashes_and_ellipses)
{
	EXPECT("a -- b --- c - d ---- e ... f.... g\n",
	       "document\n" P("a – b — c - d ---- e … f…. g"));
}

Test(smart, typographic_characters_are_left_alone)
{
	EXPECT("“Already” ‘curly’ – — … it’s\n", "document\n" P("“Already” ‘curly’ – — … it’s"));
}

Test(smart, other_languages_quotes_are_kept)
{
	EXPECT("Il a dit « c'est fini » et „gut“ und »gut«.\n",
	       "document\n" P("Il a dit « c’est fini » et „gut“ und »gut«."));
	EXPECT("Он сказал: «Всё 'хорошо'».\n", "document\n" P("Он сказал: «Всё ‘хорошо’»."));
}

Test(smart, quotes_around_links)
{
	CONTAINS("\"[talks](http://x.org)\" and '[more](#)'\n", "text \"“\"\n    link");
	CONTAINS("\"[talks](http://x.org)\" and '[more](#)'\n", "text \"” and ‘more’\"");
}

Test(smart, off_keeps_text_as_typed)
{
	struct seen seen = {0};
	const char *src = "Title 'x'\n\n\"It's\" -- so... [x](#)\n";
	char *s = read_len(src, strlen(src), false, &seen);
	cr_assert_str_eq(s, "meta title \"Title 'x'\"\ndocument\n" P("\\\"It's\\\" -- so... x"));
	free(s);
}

/* ---- lists ---- */

Test(lists, bullets)
{
	EXPECT("Intro.\n\n- one\n* two\n\xE2\x80\xA2 three\n\nAfter.\n",
	       "document\n" P("Intro.") "  bullet_list tight=true\n"
	       "    list_item\n      paragraph\n        text \"one\"\n"
	       "    list_item\n      paragraph\n        text \"two\"\n"
	       "    list_item\n      paragraph\n        text \"three\"\n" P("After."));
}

Test(lists, ordered_with_start)
{
	EXPECT("3. three\n4) four\n",
	       "document\n  ordered_list start=3 delim=. tight=true\n"
	       "    list_item\n      paragraph\n        text \"three\"\n"
	       "  ordered_list start=4 delim=) tight=true\n"
	       "    list_item\n      paragraph\n        text \"four\"\n");
}

Test(lists, after_a_colon_in_the_same_block)
{
	EXPECT("The plan:\n1. talk\n2. agree\n",
	       "document\n" P("The plan:") "  ordered_list start=1 delim=. tight=true\n"
	       "    list_item\n      paragraph\n        text \"talk\"\n"
	       "    list_item\n      paragraph\n        text \"agree\"\n");
}

Test(lists, loose_and_wrapped_items)
{
	EXPECT("- one that\n  wraps\n\n- two that\nwraps too\n",
	       "document\n  bullet_list tight=false\n"
	       "    list_item\n      paragraph\n        text \"one that wraps\"\n"
	       "    list_item\n      paragraph\n        text \"two that wraps too\"\n");
}

Test(lists, a_wrapped_line_starting_with_a_dash_is_text)
{
	EXPECT("The talks, which began\n- as planned - last week,\nended.\n",
	       "document\n" P("The talks, which began - as planned - last week, ended."));
	EXPECT("The book was published in\n1984. It sold well.\n",
	       "document\n" P("The book was published in 1984. It sold well."));
}

Test(lists, markers_need_text)
{
	EXPECT("Text.\n\n-\n\n1.\n", "document\n" P("Text.") P("-") P("1."));
}

/* ---- subheadings ---- */

Test(headings, short_line_between_paragraphs)
{
	EXPECT("Title\n\nThe lead.\n\nWhat comes next\n\nMore text.\n",
	       "meta title \"Title\"\ndocument\n" P("The lead.")
	       "  heading level=2 id=\"what-comes-next\"\n    text \"What comes next\"\n"
	       P("More text."));
}

Test(headings, before_a_list)
{
	CONTAINS("Lead.\n\nThe plan\n\n- one\n", "heading level=2 id=\"the-plan\"");
}

Test(headings, not_the_lead)
{
	LACKS("Title\n\nShort lead line\n\nMore text.\n", "heading");
}

Test(headings, a_sentence_is_not_a_heading)
{
	LACKS("Lead.\n\nThe talks ended.\n\nMore text.\n", "heading");
	LACKS("Lead.\n\nWhat comes next?\n\nMore text.\n", "heading");
	LACKS("Lead.\n\nHe said “wait”\n\nMore text.\n", "heading");
	LACKS("Lead.\n\nThe talks ended in Geneva on Friday after nine long days\n\nMore.\n",
	      "heading");
	LACKS("Lead.\n\nthe talks\n\nMore text.\n", "heading");
	LACKS("Lead.\n\nPhoto: UN/Jean-Marc Ferré\n\nMore text.\n", "heading");
}

Test(headings, not_two_short_lines_in_a_row)
{
	LACKS("Lead.\n\nJane Doe\n\nUN News Centre\n\nMore text.\n", "heading");
}

Test(headings, not_at_the_end)
{
	LACKS("Lead.\n\nMore text.\n\nJane Doe\n", "heading");
}

Test(headings, not_a_wrapped_paragraph)
{
	LACKS("Lead.\n\nShort line\nand another\n\nMore text.\n", "heading");
}

Test(headings, section_break)
{
	EXPECT("Lead.\n\n* * *\n\nMore.\n",
	       "document\n" P("Lead.") "  thematic_break\n" P("More."));
}

/* ---- encoding ---- */

Test(encoding, invalid_utf8_one_warning_with_position)
{
	struct seen seen = {0};
	const char src[] = "Title\n\nab\xff\xfe and \0 x\n";
	char *s = read_len(src, sizeof(src) - 1, true, &seen);
	cr_assert_eq(seen.count, 1);
	cr_assert_eq(seen.line, 3);
	cr_assert_eq(seen.column, 3);
	cr_assert(strstr(s, P("ab\xEF\xBF\xBD\xEF\xBF\xBD and \xEF\xBF\xBD x")), "%s", s);
	free(s);
}

Test(encoding, bom_is_skipped)
{
	EXPECT("\xEF\xBB\xBFTitle\n\nBody.\n", "meta title \"Title\"\ndocument\n" P("Body."));
}

Test(encoding, empty_input)
{
	EXPECT("", "document\n");
	EXPECT("\n\n \t\n", "document\n");
}

/* ---- format detection ---- */

Test(detect, by_extension_and_content)
{
	cr_assert_str_eq(quire_reader_for_path("a/b.txt")->name, "article");
	cr_assert_str_eq(quire_reader_for_path("b.text")->name, "article");
	cr_assert_str_eq(quire_reader_for_path("b.md")->name, "markdown");
	cr_assert_str_eq(quire_reader_for_path("b.markdown")->name, "markdown");
	const char *article = "Title\n\n- a list\n1. and more\n";
	const char *md = "Title\n\n## Heading\n";
	cr_assert_str_eq(quire_reader_detect(article, strlen(article))->name, "article");
	cr_assert_str_eq(quire_reader_detect(md, strlen(md))->name, "markdown");
}

/* ---- pathological input is read without a crash (speed: bench/) ---- */

static void read_whole(const char *src, size_t len)
{
	struct seen seen = {0};
	char *s = read_len(src, len, true, &seen);
	cr_assert_not_null(s);
	free(s);
}

static char *repeat(const char *unit, size_t n, size_t *len)
{
	size_t u = strlen(unit);
	char *s = malloc(u * n + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	*len = u * n;
	return s;
}

Test(linear, broken_paragraph_chain_and_long_lists)
{
	const char *units[] = {"and so on\n\n", "- item\n", "1. item\n\n", "Short line\n\n",
	                       "'\"'--...", "http://x.org/( ", "<http://a", "By A, "};
	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		size_t len;
		char *src = repeat(units[k], 100000, &len);
		read_whole(src, len);
		free(src);
	}
}
