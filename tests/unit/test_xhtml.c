/* The shared XHTML renderer, its escaping, and the EPUB and HTML writers,
 * on documents built with the tree API. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/core.h"
#include "quire/quire.h"
#include "core/svg.h"
#include "write/xhtml/xhtml.h"

/* ---- helpers ---- */

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

static quire_node *heading(quire_doc *doc, int level, const char *text)
{
	quire_node *h = add(doc, quire_doc_root(doc), QUIRE_HEADING);
	h->as.heading.level = level;
	add_text(doc, h, text);
	return h;
}

static quire_node *para(quire_doc *doc, const char *text)
{
	quire_node *p = add(doc, quire_doc_root(doc), QUIRE_PARAGRAPH);
	if (text)
		add_text(doc, p, text);
	return p;
}

static quire_node *link_node(quire_doc *doc, quire_node *parent, const char *url, const char *text)
{
	quire_node *l = add(doc, parent, QUIRE_LINK);
	l->as.link.url = quire_doc_strdup(doc, url);
	add_text(doc, l, text);
	return l;
}

static char *escape(const char *s, size_t len, bool attr, size_t *dropped)
{
	struct qstr out = {0};
	qstr_append(&out, "", 0);
	size_t d = xml_escape(&out, s, len, attr);
	if (dropped)
		*dropped = d;
	return out.data;
}

struct result {
	struct quire_buffer buf;
	struct quire_log log;
	enum quire_status st;
};

static void write_doc(quire_doc *doc, const char *format, struct quire_write_options *opts,
                      struct result *r)
{
	struct quire_write_options defaults;
	memset(r, 0, sizeof(*r));
	if (opts == NULL) {
		quire_write_options_init(&defaults);
		defaults.timestamp = 1700000000;
		opts = &defaults;
	}
	struct quire_sink sink = quire_buffer_sink(&r->buf);
	r->st = quire_write(doc, quire_writer_find(format), opts, &sink, &r->log);
	cr_assert_eq(r->st, QUIRE_OK, "write %s: %s", format, quire_errmsg(r->st));
}

static uint64_t le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The named entry of an EPUB in memory, NUL-terminated; NULL if absent.
 * Read with zlib from the central directory the end record points to
 * (these books are small: no ZIP64, no comment). */
static char *entry(const struct quire_buffer *buf, const char *name)
{
	const unsigned char *d = (const unsigned char *)buf->data;
	cr_assert_geq(buf->len, 22);
	const unsigned char *end = d + buf->len - 22;
	cr_assert_eq(le(end, 4), 0x06054b50u, "not a zip archive");
	const unsigned char *p = d + le(end + 16, 4);
	size_t want = strlen(name);
	for (uint64_t i = le(end + 10, 2); i > 0; i--) {
		cr_assert_eq(le(p, 4), 0x02014b50u, "a broken central directory");
		size_t name_len = le(p + 28, 2), skip = le(p + 30, 2) + le(p + 32, 2);
		if (name_len != want || memcmp(p + 46, name, want) != 0) {
			p += 46 + name_len + skip;
			continue;
		}
		size_t csize = le(p + 20, 4), size = le(p + 24, 4);
		const unsigned char *l = d + le(p + 42, 4);
		cr_assert_eq(le(l, 4), 0x04034b50u, "no local header");
		const unsigned char *bytes = l + 30 + le(l + 26, 2) + le(l + 28, 2);
		char *text = calloc(1, size + 1);
		cr_assert_not_null(text);
		if (le(p + 10, 2) == 0) {
			memcpy(text, bytes, size);
		} else {
			z_stream z = {0};
			cr_assert_eq(inflateInit2(&z, -15), Z_OK);
			z.next_in = (Bytef *)bytes;
			z.avail_in = (uInt)csize;
			z.next_out = (Bytef *)text;
			z.avail_out = (uInt)size;
			cr_assert_eq(inflate(&z, Z_FINISH), Z_STREAM_END, "%s: bad deflate data", name);
			inflateEnd(&z);
		}
		cr_assert_eq(crc32(0, (const Bytef *)text, (uInt)size), le(p + 16, 4), "%s: CRC", name);
		return text;
	}
	return NULL;
}

static void assert_has(const char *hay, const char *needle)
{
	cr_assert_not_null(hay);
	cr_assert(strstr(hay, needle) != NULL, "expected \"%s\" in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	cr_assert_not_null(hay);
	cr_assert(strstr(hay, needle) == NULL, "did not expect \"%s\" in:\n%s", needle, hay);
}

/* ---- escaping ---- */

Test(escape, markup_characters)
{
	const char *in = "a & b < c > d \"q\" 'a' ]]>";
	char *s = escape(in, strlen(in), false, NULL);
	cr_assert_str_eq(s, "a &amp; b &lt; c &gt; d \"q\" 'a' ]]&gt;");
	free(s);
	s = escape("say \"hi\" & go", 13, true, NULL);
	cr_assert_str_eq(s, "say &quot;hi&quot; &amp; go");
	free(s);
}

Test(escape, forbidden_characters_are_dropped)
{
	size_t dropped = 0;
	/* NUL, BEL, ESC, DEL, U+0085 (C1), U+FFFE; tab and newline stay. */
	const char in[] = "a\0b\x07" "c\x1b" "d\x7f" "e\xC2\x85" "f\xEF\xBF\xBE" "g\th\n";
	char *s = escape(in, sizeof(in) - 1, false, &dropped);
	cr_assert_str_eq(s, "abcdefg\th\n");
	cr_assert_eq(dropped, 6);
	free(s);
}

Test(escape, attribute_whitespace_and_bad_utf8)
{
	size_t dropped = 0;
	char *s = escape("a\tb\nc\rd", 7, true, &dropped);
	cr_assert_str_eq(s, "a b c d");
	free(s);
	s = escape("x\xFFy", 3, false, &dropped);
	cr_assert_str_eq(s, "x\xEF\xBF\xBDy");
	cr_assert_eq(dropped, 0);
	free(s);
	s = escape("caf\xC3\xA9 \xF0\x9F\x98\x80", 10, false, NULL);
	cr_assert_str_eq(s, "caf\xC3\xA9 \xF0\x9F\x98\x80");
	free(s);
}

Test(escape, urls)
{
	struct qstr out = {0};
	qstr_append(&out, "", 0);
	xml_escape_url(&out, "https://example.com/a b?x=\"1\"&y=<2>#frag%zz%41");
	cr_assert_str_eq(out.data,
	                 "https://example.com/a%20b?x=%221%22&amp;y=%3C2%3E#frag%25zz%41");
	qstr_free(&out);
}

Test(escape, ncnames)
{
	const char *cases[][2] = {
		{"intro", "intro"}, {"2017-talks", "x-2017-talks"}, {"-dash", "x--dash"},
		{"", "x"}, {"caf\xC3\xA9", "caf\xC3\xA9"}, {"a b:c", "abc"}, {"_u", "_u"},
		{"\xC2\xB2x", "x"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct qstr out = {0};
		xml_ncname(&out, cases[i][0]);
		cr_assert_str_eq(out.data, cases[i][1], "ncname of '%s'", cases[i][0]);
		qstr_free(&out);
	}
}

Test(resource, media_types_from_bytes)
{
	const char *ext;
	cr_assert_str_eq(xhtml_image_type((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12, &ext),
	                 "image/png");
	cr_assert_str_eq(ext, "png");
	cr_assert_str_eq(xhtml_image_type((const unsigned char *)"\xFF\xD8\xFF\xE0", 4, &ext),
	                 "image/jpeg");
	cr_assert_str_eq(xhtml_image_type((const unsigned char *)"GIF89a..", 8, NULL), "image/gif");
	const char svg[] = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"x\"/>";
	cr_assert_str_eq(xhtml_image_type((const unsigned char *)svg, sizeof(svg) - 1, NULL),
	                 "image/svg+xml");
	cr_assert_null(xhtml_image_type((const unsigned char *)"<html>", 6, NULL));
	cr_assert_null(xhtml_image_type((const unsigned char *)"", 0, NULL));
	cr_assert_str_eq(xhtml_font_type((const unsigned char *)"OTTO....", 8, NULL), "font/otf");
}

Test(resource, base64)
{
	struct qstr out = {0};
	qstr_append(&out, "", 0);
	xhtml_base64(&out, (const unsigned char *)"Man", 3);
	xhtml_base64(&out, (const unsigned char *)"Ma", 2);
	xhtml_base64(&out, (const unsigned char *)"M", 1);
	cr_assert_str_eq(out.data, "TWFuTWE=TQ==");
	qstr_free(&out);
}

/* ---- the renderer, through the HTML writer ---- */

Test(html, blocks_and_inlines)
{
	quire_doc *doc = quire_doc_new();
	heading(doc, 1, "Title & more");
	quire_node *p = para(doc, "plain ");
	add_text(doc, add(doc, p, QUIRE_EMPH), "em");
	add_text(doc, add(doc, p, QUIRE_STRONG), "strong");
	add_text(doc, add(doc, p, QUIRE_STRIKETHROUGH), "gone");
	quire_node *code = quire_node_new_literal(doc, QUIRE_CODE, "a<b", 3);
	quire_node_append(p, code);
	add(doc, p, QUIRE_HARD_BREAK);
	quire_node *raw = quire_node_new_literal(doc, QUIRE_HTML_INLINE, "<script>", 8);
	quire_node_append(p, raw);
	quire_node *cb = quire_node_new_literal(doc, QUIRE_CODE_BLOCK, "x && y\n", 7);
	cb->as.code.lang = "c";
	quire_node_append(quire_doc_root(doc), cb);
	quire_node *hb = quire_node_new_literal(doc, QUIRE_HTML_BLOCK, "<div>", 5);
	quire_node_append(quire_doc_root(doc), hb);
	add(doc, quire_doc_root(doc), QUIRE_THEMATIC_BREAK);

	struct result r;
	write_doc(doc, "html", NULL, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	assert_has(html, "<!DOCTYPE html>");
	assert_has(html, "<h1 id=\"title-more\">Title &amp; more</h1>");
	assert_has(html, "<p>plain <em>em</em><strong>strong</strong><del>gone</del>"
	                 "<code>a&lt;b</code><br/>\n</p>");
	/* (highlighted: the operator in a span) */
	assert_has(html, "<pre><code class=\"language-c\">x <span class=\"op\">&amp;&amp;</span> y\n"
	                 "</code></pre>");
	assert_has(html, "<hr/>");
	assert_has(html, "<style>");
	assert_lacks(html, "<script>");
	assert_lacks(html, "<div>");
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, lists_tasks_and_tables)
{
	quire_doc *doc = quire_doc_new();
	quire_node *ol = add(doc, quire_doc_root(doc), QUIRE_ORDERED_LIST);
	ol->as.list.start = 3;
	ol->as.list.tight = true;
	quire_node *li = add(doc, ol, QUIRE_LIST_ITEM);
	li->as.item.task = QUIRE_TASK_CHECKED;
	add_text(doc, add(doc, li, QUIRE_PARAGRAPH), "done");
	li = add(doc, ol, QUIRE_LIST_ITEM);
	li->as.item.task = QUIRE_TASK_UNCHECKED;
	add_text(doc, add(doc, li, QUIRE_PARAGRAPH), "todo");

	quire_node *t = add(doc, quire_doc_root(doc), QUIRE_TABLE);
	static const enum quire_align align[2] = {QUIRE_ALIGN_NONE, QUIRE_ALIGN_RIGHT};
	t->as.table.columns = 2;
	t->as.table.align = align;
	for (int r = 0; r < 3; r++) {
		quire_node *row = add(doc, t, QUIRE_TABLE_ROW);
		row->as.row.header = r == 0;
		for (int c = 0; c < 2; c++) {
			quire_node *cell = add(doc, row, QUIRE_TABLE_CELL);
			cell->as.cell.column = c;
			add_text(doc, cell, r == 0 ? "H" : "d");
		}
	}
	struct result r;
	write_doc(doc, "html", NULL, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	assert_has(html, "<ol start=\"3\">\n<li class=\"task\"><span class=\"task-box\">\xE2\x98\x91</span> done</li>");
	assert_has(html, "\xE2\x98\x90</span> todo</li>");
	assert_has(html, "<table>\n<thead>\n<tr><th scope=\"col\">H</th><th scope=\"col\" "
	                 "class=\"align-right\">H</th></tr>\n</thead>\n<tbody>\n<tr><td>d</td>");
	assert_has(html, "</tbody>\n</table>");
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, links_and_ids)
{
	quire_doc *doc = quire_doc_new();
	heading(doc, 2, "2017 talks");
	quire_node *p = para(doc, NULL);
	link_node(doc, p, "#2017-talks", "up");
	link_node(doc, p, "#nowhere", "lost");
	link_node(doc, p, "other.md", "sibling");
	link_node(doc, p, "https://example.com/a b?q=\"x\"&y", "web");
	link_node(doc, p, "javascript:alert(1)", "js");
	link_node(doc, p, "#", "placeholder");

	struct result r;
	write_doc(doc, "html", NULL, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	/* A heading id must be an XML name; links follow it. */
	assert_has(html, "<h2 id=\"x-2017-talks\">");
	assert_has(html, "<a href=\"#x-2017-talks\">up</a>");
	assert_has(html, "lost");
	assert_lacks(html, "#nowhere");
	/* A standalone page may link to its neighbours. */
	assert_has(html, "<a href=\"other.md\">sibling</a>");
	assert_has(html, "<a href=\"https://example.com/a%20b?q=%22x%22&amp;y\">web</a>");
	assert_lacks(html, "javascript");
	assert_has(html, "</a>jsplaceholder</p>");
	cr_assert_eq(r.log.warnings, 2);
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, forbidden_characters_warn)
{
	quire_doc *doc = quire_doc_new();
	para(doc, "bell\x07 and \x1b escape");
	struct result r;
	write_doc(doc, "html", NULL, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	assert_has(html, "<p>bell and  escape</p>");
	cr_assert_eq(r.log.warnings, 1);
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, deep_nesting_does_not_recurse)
{
	quire_doc *doc = quire_doc_new();
	quire_node *n = quire_doc_root(doc);
	for (int i = 0; i < 100000; i++)
		n = add(doc, n, QUIRE_BLOCK_QUOTE);
	add_text(doc, add(doc, n, QUIRE_PARAGRAPH), "deep");
	struct result r;
	write_doc(doc, "html", NULL, &r);
	cr_assert(r.buf.len > 100000 * strlen("<blockquote>\n"));
	quire_buffer_free(&r.buf);
	write_doc(doc, "epub", NULL, &r);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

/* ---- EPUB ---- */

static quire_doc *book(void)
{
	quire_doc *doc = quire_doc_new();
	cr_assert(quire_meta_set(doc, "title", "A <Book> & \"Quotes\""));
	cr_assert(quire_meta_set(doc, "author", "Ann Author"));
	cr_assert(quire_meta_set(doc, "author", "Bob Writer"));
	cr_assert(quire_meta_set(doc, "date", "31 March 2017"));
	cr_assert(quire_meta_set(doc, "keywords", "tests"));
	para(doc, "Before any chapter.");
	heading(doc, 1, "One");
	quire_node *p = para(doc, "See ");
	link_node(doc, p, "#two", "chapter two");
	add_text(doc, p, " and a note");
	quire_node *ref = add(doc, p, QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "n";
	heading(doc, 2, "One point one");
	heading(doc, 1, "Two");
	p = para(doc, "Back to ");
	link_node(doc, p, "#one", "one");
	add_text(doc, p, ", same note");
	ref = add(doc, p, QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "n";
	quire_node *def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "n";
	add_text(doc, add(doc, def, QUIRE_PARAGRAPH), "The note & its text.");
	return doc;
}

Test(epub, container_layout)
{
	quire_doc *doc = book();
	struct result r;
	write_doc(doc, "epub", NULL, &r);
	/* OCF: "mimetype" first, stored, no extra field: the type sits at
	 * offset 38. */
	cr_assert(r.buf.len > 60);
	cr_assert_eq(memcmp(r.buf.data, "PK\x03\x04", 4), 0);
	cr_assert_eq(r.buf.data[8], 0, "mimetype must be stored");
	cr_assert_eq(memcmp(r.buf.data + 30, "mimetypeapplication/epub+zip", 28), 0);
	char *container = entry(&r.buf, "META-INF/container.xml");
	assert_has(container, "full-path=\"EPUB/content.opf\"");
	free(container);

	char *opf = entry(&r.buf, "EPUB/content.opf");
	assert_has(opf, "<dc:title id=\"title\">A &lt;Book&gt; &amp; \"Quotes\"</dc:title>");
	assert_has(opf, ">Ann Author</dc:creator>");
	assert_has(opf, ">Bob Writer</dc:creator>");
	assert_has(opf, "<dc:date>2017-03-31</dc:date>");
	assert_has(opf, "<dc:subject>tests</dc:subject>");
	assert_has(opf, "<dc:identifier id=\"pub-id\">urn:uuid:");
	assert_has(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>");
	assert_has(opf, "schema:accessibilitySummary");
	assert_has(opf, "properties=\"nav\"");
	assert_has(opf, "<itemref idref=\"title-page\"/>\n<itemref idref=\"nav\"/>\n"
	                "<itemref idref=\"ch001\"/>\n<itemref idref=\"ch002\"/>\n"
	                "<itemref idref=\"ch003\"/>");
	free(opf);

	/* Two runs, same bytes. */
	struct result again;
	write_doc(doc, "epub", NULL, &again);
	cr_assert_eq(r.buf.len, again.buf.len);
	cr_assert_eq(memcmp(r.buf.data, again.buf.data, r.buf.len), 0);
	quire_buffer_free(&again.buf);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, chapters_links_and_notes)
{
	quire_doc *doc = book();
	struct result r;
	write_doc(doc, "epub", NULL, &r);
	cr_assert_eq(r.log.warnings, 0);
	char *ch1 = entry(&r.buf, "EPUB/ch001.xhtml");
	char *ch2 = entry(&r.buf, "EPUB/ch002.xhtml");
	char *ch3 = entry(&r.buf, "EPUB/ch003.xhtml");
	cr_assert_null(entry(&r.buf, "EPUB/ch004.xhtml"));
	assert_has(ch1, "Before any chapter.");
	assert_has(ch2, "<h1 id=\"one\">One</h1>");
	assert_has(ch2, "<h2 id=\"one-point-one\">");
	assert_has(ch2, "<a href=\"ch003.xhtml#two\">chapter two</a>");
	assert_has(ch3, "<a href=\"ch002.xhtml#one\">one</a>");
	/* The note sits at the end of the chapter of its first reference;
	 * both references point at it and it points back at both. */
	assert_has(ch2, "<a class=\"noteref\" id=\"fnref-1-1\" href=\"#fn-1\" "
	                "epub:type=\"noteref\" role=\"doc-noteref\">1</a>");
	assert_has(ch3, "id=\"fnref-1-2\" href=\"ch002.xhtml#fn-1\"");
	assert_has(ch2, "<aside class=\"footnote\" id=\"fn-1\" epub:type=\"footnote\" "
	                "role=\"doc-footnote\">");
	assert_has(ch2, "href=\"#fnref-1-1\">1.</a>");
	assert_has(ch2, "href=\"ch003.xhtml#fnref-1-2\"");
	assert_has(ch2, "The note &amp; its text.");
	assert_lacks(ch3, "<aside");

	char *nav = entry(&r.buf, "EPUB/nav.xhtml");
	assert_has(nav, "<ol>\n<li><a href=\"ch002.xhtml#one\">One</a>\n<ol>\n"
	                "<li><a href=\"ch002.xhtml#one-point-one\">One point one</a></li>\n</ol>\n"
	                "</li>\n<li><a href=\"ch003.xhtml#two\">Two</a></li>\n</ol>");
	assert_has(nav, "epub:type=\"landmarks\"");
	char *ncx = entry(&r.buf, "EPUB/toc.ncx");
	assert_has(ncx, "<content src=\"ch002.xhtml#one-point-one\"/>");
	free(ch1);
	free(ch2);
	free(ch3);
	free(nav);
	free(ncx);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, split_level)
{
	quire_doc *doc = book();
	struct quire_write_options opts;
	quire_write_options_init(&opts);
	opts.timestamp = 0;
	opts.epub.split_level = 2;
	struct result r;
	write_doc(doc, "epub", &opts, &r);
	char *ch3 = entry(&r.buf, "EPUB/ch003.xhtml");
	assert_has(ch3, "<h2 id=\"one-point-one\">");
	char *ch4 = entry(&r.buf, "EPUB/ch004.xhtml");
	assert_has(ch4, "<h1 id=\"two\">");
	free(ch3);
	free(ch4);
	quire_buffer_free(&r.buf);

	opts.epub.split_level = 0;
	write_doc(doc, "epub", &opts, &r);
	char *only = entry(&r.buf, "EPUB/ch001.xhtml");
	assert_has(only, "<h1 id=\"two\">");
	assert_has(only, "<a href=\"#two\">");
	cr_assert_null(entry(&r.buf, "EPUB/ch002.xhtml"));
	free(only);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, broken_links_and_missing_images)
{
	quire_doc *doc = quire_doc_new();
	quire_node *p = para(doc, NULL);
	link_node(doc, p, "other.md", "a sibling file");
	link_node(doc, p, "#missing", "a missing id");
	link_node(doc, p, "mailto:a@example.com", "mail");
	quire_node *img = add(doc, p, QUIRE_IMAGE);
	img->as.link.url = "no-such-image.png";
	add_text(doc, img, "A cat & a dog");
	img = add(doc, p, QUIRE_IMAGE);
	img->as.link.url = "../escape.png";
	add_text(doc, img, "escaping");
	img = add(doc, p, QUIRE_IMAGE);
	img->as.link.url = "https://example.com/x.png";
	add_text(doc, img, "remote");
	struct result r;
	write_doc(doc, "epub", NULL, &r);
	char *ch = entry(&r.buf, "EPUB/ch001.xhtml");
	assert_has(ch, "a sibling file");
	assert_has(ch, "a missing id");
	assert_lacks(ch, "other.md");
	assert_lacks(ch, "#missing");
	assert_has(ch, "<a href=\"mailto:a@example.com\">mail</a>");
	/* A framed box: the alt text and the file name. */
	assert_has(ch, "<span class=\"missing-image\"><span class=\"missing-alt\">A cat &amp; a "
	               "dog</span> <span class=\"missing-file\">no-such-image.png</span></span>");
	assert_has(ch, "<span class=\"missing-alt\">escaping</span>");
	assert_has(ch, "<span class=\"missing-alt\">remote</span>");
	assert_lacks(ch, "<img");
	cr_assert_eq(r.log.warnings, 5);
	free(ch);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, images_are_embedded_once)
{
	quire_doc *doc = quire_doc_new();
	quire_node *p = para(doc, NULL);
	for (int i = 0; i < 2; i++) {
		quire_node *img = add(doc, p, QUIRE_IMAGE);
		img->as.link.url = "img/pixel.png";
		add_text(doc, img, "a pixel");
	}
	struct quire_write_options opts;
	quire_write_options_init(&opts);
	opts.input_dir = QUIRE_TEST_DATA "/epub/book";
	struct result r;
	write_doc(doc, "epub", &opts, &r);
	cr_assert_eq(r.log.warnings, 0);
	char *ch = entry(&r.buf, "EPUB/ch001.xhtml");
	assert_has(ch, "<img src=\"images/img0001.png\" alt=\"a pixel\"/><img src=\"images/img0001.png\"");
	char *opf = entry(&r.buf, "EPUB/content.opf");
	assert_has(opf, "href=\"images/img0001.png\" media-type=\"image/png\"");
	assert_lacks(opf, "img0002");
	assert_has(opf, "alternativeText");
	free(ch);
	free(opf);
	quire_buffer_free(&r.buf);

	write_doc(doc, "html", &opts, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	assert_has(html, "<img src=\"data:image/png;base64,iVBORw0KGgo");
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, notes_inside_notes_and_links)
{
	quire_doc *doc = quire_doc_new();
	heading(doc, 1, "A");
	quire_node *p = para(doc, "text");
	quire_node *l = link_node(doc, p, "https://example.com", "linked");
	quire_node *ref = add(doc, l, QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "outer";
	heading(doc, 1, "B");
	ref = add(doc, para(doc, "undefined"), QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "nope";
	quire_node *def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "outer";
	quire_node *dp = add(doc, def, QUIRE_PARAGRAPH);
	add_text(doc, dp, "outer note");
	ref = add(doc, dp, QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "inner";
	def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "inner";
	add_text(doc, add(doc, def, QUIRE_PARAGRAPH), "inner note");
	def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "unused";
	add_text(doc, add(doc, def, QUIRE_PARAGRAPH), "never referenced");

	struct result r;
	write_doc(doc, "epub", NULL, &r);
	char *ch1 = entry(&r.buf, "EPUB/ch001.xhtml");
	char *ch2 = entry(&r.buf, "EPUB/ch002.xhtml");
	/* No <a> inside <a>: the reference keeps its id for the back-link. */
	assert_has(ch1, "<a href=\"https://example.com\">linked<sup id=\"fnref-1-1\">1</sup></a>");
	assert_has(ch1, "id=\"fn-1\"");
	assert_has(ch1, "id=\"fn-2\"");
	assert_has(ch1, "inner note");
	assert_lacks(ch1, "never referenced");
	assert_has(ch2, "undefined[^nope]");
	free(ch1);
	free(ch2);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(escape, url_helpers)
{
	size_t n = 0;
	cr_assert(url_has_scheme("https://x", &n));
	cr_assert_eq(n, 5);
	cr_assert(url_has_scheme("mailto:a@b", NULL));
	cr_assert_not(url_has_scheme("img/a:b.png", NULL));
	cr_assert_not(url_has_scheme("1http://x", NULL));
	cr_assert_not(url_has_scheme("", NULL));
	bool had_nul = false;
	char *d = quire_percent_decode("my%20cat%2epng%00%zz%4", 22, &had_nul);
	cr_assert_str_eq(d, "my cat.png%00%zz%4");
	cr_assert(had_nul);
	free(d);
	d = quire_percent_decode("a%41?b", 4, &had_nul);
	cr_assert_str_eq(d, "aA");
	cr_assert_not(had_nul);
	free(d);
}

/* ---- random trees ----
 * Any kind under any kind, hostile strings everywhere: the output must
 * still be well-formed. The checker below knows the renderer's output
 * shape: tags, the four entities it writes, nothing else. */

static unsigned long long rng_state;
static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

static const char *const hostile[] = {
	"", "#", "#a", "#x-1", "a & b", "<tag>", "]]>", "\"q\" 'a'", "\x01\x02\x1b\x7f",
	"\xC2\x85\xEF\xBF\xBE", "caf\xC3\xA9", "other.md", "https://e.com/a b\"<>",
	"javascript:x", "img/chart.png", "../x.png", "/etc/passwd", "%zz%", "1", "fn-1",
};

static const char *pick(void)
{
	return hostile[rnd(sizeof(hostile) / sizeof(hostile[0]))];
}

static void random_fields(quire_doc *doc, quire_node *n)
{
	switch (n->kind) {
	case QUIRE_HEADING:
		n->as.heading.level = (int)rnd(9) - 1;
		break;
	case QUIRE_ORDERED_LIST:
	case QUIRE_BULLET_LIST:
		n->as.list.start = (int)rnd(5) - 2;
		n->as.list.tight = rnd(2);
		break;
	case QUIRE_LIST_ITEM:
		n->as.item.task = (enum quire_task)rnd(3);
		break;
	case QUIRE_CODE_BLOCK:
		n->as.code.lang = quire_doc_strdup(doc, pick());
		break;
	case QUIRE_TABLE: {
		int cols = (int)rnd(4);
		enum quire_align *align = quire_doc_alloc(doc, sizeof(*align) * (size_t)(cols + 1));
		for (int i = 0; i < cols; i++)
			align[i] = (enum quire_align)rnd(4);
		n->as.table.columns = cols;
		n->as.table.align = align;
		break;
	}
	case QUIRE_TABLE_ROW:
		n->as.row.header = rnd(2);
		break;
	case QUIRE_TABLE_CELL:
		n->as.cell.column = (int)rnd(6) - 1;
		break;
	case QUIRE_FOOTNOTE_DEF:
	case QUIRE_FOOTNOTE_REF: {
		static const char *const labels[] = {"a", "b", "c", "<&>"};
		n->as.footnote.label = labels[rnd(4)];
		break;
	}
	case QUIRE_LINK:
	case QUIRE_IMAGE:
		n->as.link.url = quire_doc_strdup(doc, pick());
		n->as.link.title = quire_doc_strdup(doc, pick());
		n->as.link.width = (struct quire_length){(enum quire_unit)rnd(3), rnd(2) ? 50 : 0.4};
		n->as.link.height = (struct quire_length){(enum quire_unit)rnd(2), 120};
		break;
	case QUIRE_ADMONITION:
		n->as.admonition.type = (enum quire_admonition_type)rnd(5);
		break;
	case QUIRE_DEFINITION_LIST:
		n->as.deflist.tight = rnd(2);
		break;
	case QUIRE_DEFINITION_TERM:
	case QUIRE_DEFINITION:
	case QUIRE_DETAILS:
	case QUIRE_SUMMARY:
	case QUIRE_DOCUMENT:
	case QUIRE_PARAGRAPH:
	case QUIRE_BLOCK_QUOTE:
	case QUIRE_FIGURE:
	case QUIRE_CAPTION:
	case QUIRE_THEMATIC_BREAK:
	case QUIRE_HTML_BLOCK:
	case QUIRE_TEXT:
	case QUIRE_SOFT_BREAK:
	case QUIRE_HARD_BREAK:
	case QUIRE_EMPH:
	case QUIRE_STRONG:
	case QUIRE_STRIKETHROUGH:
	case QUIRE_SUPERSCRIPT:
	case QUIRE_SUBSCRIPT:
	case QUIRE_KBD:
	case QUIRE_MARK:
	case QUIRE_UNDERLINE:
	case QUIRE_CODE:
	case QUIRE_HTML_INLINE:
		break;
	}
}

static quire_doc *random_doc(unsigned nodes)
{
	quire_doc *doc = quire_doc_new();
	quire_node **all = calloc(nodes + 1, sizeof(*all));
	size_t n = 1;
	all[0] = quire_doc_root(doc);
	quire_meta_set(doc, "title", pick());
	quire_meta_set(doc, "author", pick());
	for (unsigned i = 0; i < nodes; i++) {
		quire_node *parent = all[rnd((unsigned)n)];
		/* Mostly top-level blocks, so chapters split. */
		if (rnd(3) == 0)
			parent = all[0];
		enum quire_kind kind = (enum quire_kind)(1 + rnd(QUIRE_KIND_COUNT - 1));
		quire_node *node;
		if (kind == QUIRE_TEXT || kind == QUIRE_CODE || kind == QUIRE_CODE_BLOCK ||
		    kind == QUIRE_HTML_BLOCK || kind == QUIRE_HTML_INLINE) {
			const char *s = pick();
			node = quire_node_new_literal(doc, kind, s, strlen(s));
		} else {
			node = quire_node_new(doc, kind);
		}
		cr_assert_not_null(node);
		random_fields(doc, node);
		quire_node_append(parent, node);
		if (!quire_kind_is_leaf(kind))
			all[n++] = node;
	}
	free(all);
	return doc;
}

/* Tags nest, attributes are quoted, '&' starts one of the entities the
 * renderer writes, and no character XML forbids is left. */
static void assert_well_formed(const char *s, size_t len, const char *what)
{
	const char *stack[4096];
	size_t nstack = 0, nlen[4096];
	const char *end = s + len;
	const char *p = s;
	if (len > 5 && memcmp(p, "<?xml", 5) == 0)
		p = strstr(p, "?>") + 2;
	const char *doctype = strstr(p, "<!DOCTYPE html>");
	cr_assert_not_null(doctype, "%s: no doctype", what);
	p = doctype + 15;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		cr_assert(c >= 0x20 || c == '\n' || c == '\t', "%s: control character %#x", what, c);
		if (c == '&') {
			cr_assert(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
			                  strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0,
			          "%s: bad entity at %.20s", what, p);
			p++;
			continue;
		}
		if (c == '>') {
			cr_assert(0, "%s: stray '>' at %.30s", what, p);
		}
		if (c != '<') {
			p++;
			continue;
		}
		bool closing = p[1] == '/';
		const char *name = p + (closing ? 2 : 1);
		size_t n = strcspn(name, " />");
		const char *q = name + n;
		while (q < end && *q != '>') {
			if (*q == '"') {
				const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));
				cr_assert_not_null(close, "%s: unclosed attribute", what);
				cr_assert(memchr(q + 1, '<', (size_t)(close - q - 1)) == NULL,
				          "%s: '<' in an attribute", what);
				q = close;
			}
			q++;
		}
		cr_assert(q < end, "%s: unclosed tag", what);
		bool empty = q[-1] == '/';
		if (closing) {
			cr_assert(nstack > 0, "%s: </%.*s> closes nothing", what, (int)n, name);
			nstack--;
			cr_assert(nlen[nstack] == n && memcmp(stack[nstack], name, n) == 0,
			          "%s: </%.*s> closes <%.*s>", what, (int)n, name, (int)nlen[nstack],
			          stack[nstack]);
		} else if (n == 5 && memcmp(name, "style", 5) == 0) {
			/* CSS is raw text in HTML: skip to its end tag. */
			q = strstr(q, "</style>");
			cr_assert_not_null(q, "%s: unclosed style", what);
			q += 7;
		} else if (!empty && !(n == 4 && memcmp(name, "meta", 4) == 0)) {
			cr_assert(nstack < 4096);
			stack[nstack] = name;
			nlen[nstack++] = n;
		}
		p = q + 1;
	}
	cr_assert_eq(nstack, 0, "%s: %zu elements left open", what, nstack);
}

/* QUIRE_RANDOM_SEEDS=N runs more trees than the default 60. */
Test(random, trees_give_well_formed_output)
{
	const char *env = getenv("QUIRE_RANDOM_SEEDS");
	unsigned seeds = env ? (unsigned)strtoul(env, NULL, 10) : 60;
	for (unsigned seed = 1; seed <= seeds; seed++) {
		rng_state = seed;
		quire_doc *doc = random_doc(20 + seed * 5);
		struct quire_write_options opts;
		quire_write_options_init(&opts);
		opts.timestamp = 0;
		opts.input_dir = QUIRE_TEST_DATA "/epub/book";
		opts.epub.split_level = (int)(seed % 4);
		struct result r;
		char what[128];
		snprintf(what, sizeof(what), "seed %u html", seed);
		write_doc(doc, "html", &opts, &r);
		assert_well_formed(r.buf.data, r.buf.len, what);
		quire_buffer_free(&r.buf);

		write_doc(doc, "epub", &opts, &r);
		for (int ch = 1; ch < 1000; ch++) {
			char name[64];
			snprintf(name, sizeof(name), "EPUB/ch%03d.xhtml", ch);
			char *x = entry(&r.buf, name);
			if (x == NULL)
				break;
			snprintf(what, sizeof(what), "seed %u %s", seed, name);
			assert_well_formed(x, strlen(x), what);
			free(x);
		}
		char *nav = entry(&r.buf, "EPUB/nav.xhtml");
		assert_well_formed(nav, strlen(nav), "nav");
		free(nav);
		/* No title page for a book without a title or heading. */
		char *title = entry(&r.buf, "EPUB/title.xhtml");
		if (title)
			assert_well_formed(title, strlen(title), "title");
		free(title);
		quire_buffer_free(&r.buf);
		quire_doc_free(doc);
	}
}

Test(epub, ids_stay_unique)
{
	quire_doc *doc = quire_doc_new();
	/* Slugs that collide with note ids, and with each other once made
	 * valid XML names. */
	heading(doc, 1, "fn 1");
	heading(doc, 2, "fnref 1 1");
	heading(doc, 2, "x 2017");
	heading(doc, 2, "2017");
	quire_node *ref = add(doc, para(doc, "note"), QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "a";
	quire_node *def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "a";
	add_text(doc, add(doc, def, QUIRE_PARAGRAPH), "text");
	struct result r;
	write_doc(doc, "epub", NULL, &r);
	char *ch = entry(&r.buf, "EPUB/ch001.xhtml");
	assert_has(ch, "<h1 id=\"fn-1\">");
	assert_has(ch, "<h2 id=\"fnref-1-1\">");
	assert_has(ch, "<h2 id=\"x-2017\">");
	assert_has(ch, "<h2 id=\"x-2017-2\">");
	assert_has(ch, "id=\"fnref-1-1-2\" href=\"#fn-1-2\"");
	assert_has(ch, "<aside class=\"footnote\" id=\"fn-1-2\"");
	free(ch);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

/* Vets a copy of s; the file as vetted (an SVG's sanitised form) goes
 * to out (static) when out is not NULL, what was removed to *removed. */
static const char *vet(const char *s, const char *type, const char **out,
                       struct quire_svg_removed *removed)
{
	static char text[8192];
	size_t n = strlen(s);
	unsigned char *buf = malloc(n ? n : 1);
	memcpy(buf, s, n);
	const char *why = xhtml_image_vet(&buf, &n, type, removed);
	cr_assert_lt(n, sizeof(text));
	memcpy(text, buf, n);
	text[n] = '\0';
	free(buf);
	if (out)
		*out = text;
	return why;
}

Test(resource, svg_vetting)
{
	struct quire_svg_removed r;
	const char *out;
	/* Kept as they are, nothing counted. */
	const char *ok[][2] = {
		{"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height='2'/></svg>",
		 "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"2\"/></svg>"},
		{"<?xml version=\"1.0\"?>\n<!-- c -->\n<svg><defs><linearGradient id=\"g\"/></defs>"
		 "<rect fill=\"url(#g)\"/><use xlink:href=\"#g\" "
		 "xmlns:xlink=\"http://www.w3.org/1999/xlink\"/><text>a &amp; b &#x41; &lt;</text>"
		 "<style><![CDATA[ a > rect { fill: red } ]]></style></svg>\n",
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
		 "<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\"/><use xlink:href=\"#g\"/>"
		 "<text>a &amp; b A &lt;</text><style> a &gt; rect { fill: red } </style></svg>"},
		{"<svg><image href=\"data:image/png;base64,AAAA\"/></svg>",
		 "<image href=\"data:image/png;base64,AAAA\"/>"},
		{"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://x/svg11.dtd\"><svg/>",
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"},
		{"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:i=\"http://www.inkscape.org/namespaces/"
		 "inkscape\" i:version=\"1\"><metadata><x/></metadata><g i:label=\"L\" transform=\"rotate(5)\""
		 " style=\"fill:rgb(1,2,3);stroke:url( '#a' )\" xml:space=\"preserve\"/></svg>",
		 "<svg xmlns=\"http://www.w3.org/2000/svg\"><g transform=\"rotate(5)\" "
		 "style=\"fill:rgb(1,2,3);stroke:url( '#a' )\" xml:space=\"preserve\"/></svg>"},
		{"<svg><text x=\"1&#10;2\">\r\n</text></svg>", "<text x=\"1&#10;2\">\n</text>"},
		{"\n <svg><rect/></svg>", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"},
		/* Read as UTF-8 whatever the declaration says. */
		{"<?xml version=\"1.0\" encoding=\"UTF-7\"?><svg><text>+ADw-script+AD4-</text></svg>",
		 "<text>+ADw-script+AD4-</text>"},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *why = vet(ok[i][0], "image/svg+xml", &out, &r);
		cr_assert_null(why, "ok[%zu]: %s", i, why);
		cr_assert(strstr(out, ok[i][1]), "ok[%zu]: %s", i, out);
		cr_assert_eq(r.count, 0, "ok[%zu]: %s", i, r.kinds);
	}
	/* Parts that refer outside the file or run scripts go, counted; what
	 * else is there stays. Each has a <rect/> beside the attack. */
	const char *cut[][3] = {
		{"<svg><script>x()</script><rect/></svg>", "script", "x()"},
		{"<svg><SCRIPT>x()</SCRIPT><rect/></svg>", "script", "x()"},
		{"<svg><rect ONclick='x()'/></svg>", "event attribute", "x()"},
		{"<svg><rect/><image xlink:href=\"photo.png\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
		 "/></svg>", "href", "photo"},
		{"<svg><rect/><image href=\"file:///etc/passwd\"/></svg>", "href", "passwd"},
		{"<svg><rect/><image href=\"data:image/svg+xml;base64,AAAA\"/></svg>", "href", "data:"},
		{"<svg><rect/><use href=\"other.svg#a\"/></svg>", "href", "other"},
		{"<svg><rect/><use href=\"data:image/png;base64,AAAA\"/></svg>", "href", "data:"},
		{"<svg><rect style=\"fill:url(http://e.com/p)\"/></svg>", "url()", "e.com"},
		{"<svg><rect fill=\"URL(http://e.com/p)\"/></svg>", "url()", "e.com"},
		{"<svg><rect fill=\"&#x75;rl(http://e.com/p)\"/></svg>", "url()", "e.com"},
		{"<svg><rect fill=\"url(/**/#a)\"/></svg>", "url()", "fill"},
		{"<svg><rect fill=\"\\75 rl(http://e.com/p)\"/></svg>", "CSS escape", "e.com"},
		{"<svg><rect fill=\"image-set('http://e.com/p' 1x)\"/></svg>", "CSS function", "e.com"},
		{"<svg><rect/><style>@import 'x.css';</style></svg>", "@import", "x.css"},
		{"<svg><rect/><style>@IMPORT \"x.css\";</style></svg>", "@import", "x.css"},
		{"<svg><rect/><style><![CDATA[@import url(x.css);]]></style></svg>", "@import", "x.css"},
		{"<svg><rect/><style><![CDATA[rect{fill:url(http://e.com/p)}]]></style></svg>", "url()",
		 "e.com"},
		{"<svg><rect/><style>a{content:\"/*\"} b{fill:url(http://e.com/p)} /*\"*/</style></svg>",
		 "url()", "e.com"},
		{"<svg><rect/><foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p>"
		 "</foreignObject></svg>", "foreignObject", "xhtml"},
		{"<svg><rect/><set attributeName=\"href\" to=\"http://e.com/p\"/></svg>", "animation",
		 "e.com"},
		{"<svg><rect/><animate attributeName=\"href\" values=\"javascript:x()\"/></svg>",
		 "animation", "javascript"},
		{"<?xml-stylesheet href=\"http://e.com/s.css\"?><svg><rect/></svg>", "xml-stylesheet",
		 "e.com"},
		{"<svg xml:base=\"http://e.com/\"><rect/></svg>", "xml:base", "e.com"},
	};
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		const char *why = vet(cut[i][0], "image/svg+xml", &out, &r);
		cr_assert_null(why, "cut[%zu]: %s", i, why);
		cr_assert_eq(r.count, 1, "cut[%zu]: %u removed (%s): %s", i, r.count, r.kinds, out);
		cr_assert_str_eq(r.kinds, cut[i][1], "cut[%zu]", i);
		cr_assert(strstr(out, "<rect"), "cut[%zu]: %s", i, out);
		cr_assert_null(strstr(out, cut[i][2]), "cut[%zu]: %s", i, out);
	}
	cr_assert_null(vet("<svg onload=\"x()\"><script/><image href=\"a.png\"/><script/></svg>",
	                   "image/svg+xml", &out, &r));
	cr_assert_eq(r.count, 4);
	cr_assert_str_eq(r.kinds, "event attribute, script, href");
	char words[256];
	xhtml_svg_removed(words, sizeof(words), &r);
	cr_assert_str_eq(words, "removed 4 parts that could refer outside the file or run scripts "
	                        "(event attribute, script, href)");

	const char *bad[][2] = {
		{"<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>", "document type"},
		{"<!DOCTYPE svg [<!ENTITY u \"url(http://e.com/p)\">]><svg><rect fill=\"&u;\"/></svg>",
		 "document type"},
		{"<!DOCTYPE svg [<!ATTLIST image href CDATA \"http://e.com/p\">]><svg><image/></svg>",
		 "document type"},
		{"<svg><rect></svg>", "not well-formed"},
		{"<svg>&nbsp;</svg>", "not well-formed"},
		{"<svg a=b/>", "not well-formed"},
		{"<svg/><svg/>", "not well-formed"},
		{"<svg>", "not well-formed"},
		{"<svg xmlns=\"http://www.w3.org/1999/xhtml\"/>", "root element"},
		{"<svgx/>", "root element"},
		{"<svg><text>\xE9</text></svg>", "not well-formed"},
		{"\xFF\xFE<\0s\0v\0g\0/\0>\0", "not well-formed"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = vet(bad[i][0], "image/svg+xml", NULL, &r);
		cr_assert_not_null(why, "accepted %s", bad[i][0]);
		cr_assert(strstr(why, bad[i][1]), "%s: %s", bad[i][0], why);
	}
}

Test(resource, svg_lists_sorted)
{
	cr_assert(quire_svg_lists_sorted());
}

/* Nesting is bounded while parsing, and the walks never recurse. */
Test(resource, svg_depth)
{
	struct qstr s = {0};
	qstr_puts(&s, "<svg>");
	for (int i = 0; i < 255; i++)
		qstr_puts(&s, "<g>");
	for (int i = 0; i < 255; i++)
		qstr_puts(&s, "</g>");
	qstr_puts(&s, "</svg>");
	cr_assert_null(vet(s.data, "image/svg+xml", NULL, NULL));
	qstr_clear(&s);
	qstr_puts(&s, "<svg>");
	for (int i = 0; i < 256; i++)
		qstr_puts(&s, "<g>");
	for (int i = 0; i < 256; i++)
		qstr_puts(&s, "</g>");
	qstr_puts(&s, "</svg>");
	const char *why = vet(s.data, "image/svg+xml", NULL, NULL);
	cr_assert(why && strstr(why, "nests too deeply"), "%s", why ? why : "accepted");
	/* Attributes of one element are counted before libxml2, whose
	 * duplicate check is quadratic, sees them. */
	for (int n = 256; n <= 257; n++) {
		qstr_clear(&s);
		qstr_puts(&s, "<svg><g");
		for (int i = 0; i < n; i++)
			qstr_printf(&s, " a%d=\"\"", i);
		qstr_puts(&s, "/></svg>");
		why = vet(s.data, "image/svg+xml", NULL, NULL);
		if (n == 256)
			cr_assert_null(why, "%s", why);
		else
			cr_assert(why && strstr(why, "too many attributes"), "%s", why ? why : "accepted");
	}
	qstr_free(&s);
}

/* A test file, through the loader for files named on the command line. */
static unsigned char *load(const char *path, size_t *len)
{
	char *data = NULL, why[128];
	cr_assert_eq(quire_file_load(path, 0, &data, len, why, sizeof(why)), QUIRE_OK, "%s: %s",
	             path, why);
	return (unsigned char *)data;
}

Test(resource, bitmap_vetting)
{
	unsigned char *png = NULL, *jpg = NULL;
	size_t png_len, jpg_len, n;
	png = load(QUIRE_TEST_DATA "/epub/book/img/chart.png", &png_len);
	jpg = load(QUIRE_TEST_DATA "/epub/book/img/photo.jpg", &jpg_len);
	n = png_len;
	cr_assert_null(xhtml_image_vet(&png, &n, "image/png", NULL));
	n = png_len - 5;
	cr_assert_not_null(xhtml_image_vet(&png, &n, "image/png", NULL));
	n = 40;
	cr_assert_not_null(xhtml_image_vet(&png, &n, "image/png", NULL));
	n = jpg_len;
	cr_assert_null(xhtml_image_vet(&jpg, &n, "image/jpeg", NULL));
	n = jpg_len - 2;
	cr_assert_not_null(xhtml_image_vet(&jpg, &n, "image/jpeg", NULL));
	n = 20;
	cr_assert_not_null(xhtml_image_vet(&jpg, &n, "image/jpeg", NULL));
	unsigned char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00", *g = gif;
	n = sizeof(gif) - 1;
	cr_assert_not_null(xhtml_image_vet(&g, &n, "image/gif", NULL));
	free(png);
	free(jpg);
}

/* Mutated and truncated files: the checks stay inside the buffer (run
 * under ASan to see it) and never accept a cut-off SVG. */
Test(resource, vetting_mutations)
{
	const char *files[][2] = {{"diagram.svg", "image/svg+xml"}, {"chart.png", "image/png"},
	                          {"photo.jpg", "image/jpeg"}, {"dot.gif", "image/gif"}};
	rng_state = 7;
	for (size_t f = 0; f < 4; f++) {
		unsigned char *orig = NULL;
		size_t len = 0;
		char path[256];
		snprintf(path, sizeof(path), QUIRE_TEST_DATA "/epub/book/img/%s", files[f][0]);
		orig = load(path, &len);
		for (int round = 0; round < 400; round++) {
			size_t n = round < 100 ? rnd((unsigned)len + 1) : len;
			/* An exact-size copy, so ASan sees any overread. */
			unsigned char *copy = malloc(n ? n : 1);
			memcpy(copy, orig, n);
			for (int k = round < 100 ? 0 : 1 + (int)rnd(4); k > 0 && n > 0; k--)
				copy[rnd((unsigned)n)] = (unsigned char)rnd(256);
			size_t m = n;
			const char *why = xhtml_image_vet(&copy, &m, files[f][1], NULL);
			if (f == 0 && round < 100 && n < len - 1)
				cr_assert_not_null(why, "accepted a cut-off SVG of %zu bytes", n);
			/* A sanitised SVG sanitises to itself, with nothing removed. */
			if (f == 0 && why == NULL) {
				unsigned char *again = malloc(m);
				size_t k = m;
				struct quire_svg_removed r;
				memcpy(again, copy, m);
				cr_assert_null(xhtml_image_vet(&again, &k, files[f][1], &r));
				cr_assert(k == m && memcmp(again, copy, m) == 0 && r.count == 0,
				          "round %d: not a fixed point", round);
				free(again);
			}
			free(copy);
		}
		free(orig);
	}
}

/* The escaper copies well-formed characters in runs; a character at a
 * time, through the decoder, must give the same bytes. Every two- and
 * three-byte sequence (well-formed or not) between ASCII neighbours. */
static void reference_escape(struct qstr *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		int n = quire_utf8_decode(s + i, len - i, &cp);
		bool allowed = cp >= 0x20 ? !(cp >= 0x7f && cp <= 0x9f) && !(cp >= 0xd800 && cp <= 0xdfff) &&
		                                cp != 0xfffe && cp != 0xffff
		                          : cp == '\t' || cp == '\n' || cp == '\r';
		if (!allowed)
			;
		else if (cp == '&' || cp == '<' || cp == '>')
			qstr_puts(out, cp == '&' ? "&amp;" : cp == '<' ? "&lt;" : "&gt;");
		else if (cp == '\r')
			qstr_putc(out, '\n');
		else if (cp == 0xfffd)
			qstr_puts(out, "\xEF\xBF\xBD");
		else
			qstr_append(out, s + i, (size_t)n);
		i += (size_t)n;
	}
}

Test(escape, runs_match_one_character_at_a_time)
{
	unsigned char buf[16];
	for (unsigned a = 0xC0; a <= 0xF4; a++)
		for (unsigned b = 0x70; b <= 0xC5; b++)
			for (unsigned c = 0x70; c <= 0xC5; c += 3) {
				size_t n = 0;
				buf[n++] = 'x';
				buf[n++] = (unsigned char)a;
				buf[n++] = (unsigned char)b;
				buf[n++] = (unsigned char)c;
				memcpy(buf + n, "abcdefgh&", 9);
				n += 9;
				for (size_t len = 2; len <= n; len += 3) {
					struct qstr want = {0};
					qstr_append(&want, "", 0);
					reference_escape(&want, (const char *)buf, len);
					char *got = escape((const char *)buf, len, false, NULL);
					cr_assert_str_eq(got, want.data, "bytes %02x %02x %02x, length %zu", a, b, c,
					                 len);
					free(got);
					qstr_free(&want);
				}
			}
}

Test(html, contents_list)
{
	quire_doc *doc = quire_doc_new();
	quire_node *h = heading(doc, 1, "2017 talks");
	quire_node *ref = add(doc, h, QUIRE_FOOTNOTE_REF);
	ref->as.footnote.label = "n";
	quire_node *def = add(doc, quire_doc_root(doc), QUIRE_FOOTNOTE_DEF);
	def->as.footnote.label = "n";
	add_text(doc, add(doc, def, QUIRE_PARAGRAPH), "note");
	quire_node *quote = add(doc, quire_doc_root(doc), QUIRE_BLOCK_QUOTE);
	add_text(doc, add(doc, quote, QUIRE_HEADING), "Quoted");
	heading(doc, 2, "Second & last");
	heading(doc, 3, "Too deep");

	struct quire_write_options opts;
	quire_write_options_init(&opts);
	opts.toc = true;
	opts.toc_depth = 2;
	struct result r;
	write_doc(doc, "html", &opts, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	/* Top-level headings down to the depth, by their output ids, in
	 * plain text without the note's number. */
	assert_has(html, "<h2>Contents</h2>\n<ol>\n<li><a href=\"#x-2017-talks\">2017 talks</a>\n"
	                 "<ol>\n<li><a href=\"#second-last\">Second &amp; last</a></li>\n"
	                 "</ol>\n</li>\n</ol>\n</nav>\n");
	assert_lacks(html, "href=\"#quoted\"");
	assert_lacks(html, "href=\"#too-deep\"");
	assert_has(html, "<h1 id=\"x-2017-talks\">");
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(epub, contents_entries)
{
	quire_doc *doc = quire_doc_new();
	heading(doc, 1, "First")->as.heading.id = "same";
	quire_node *quote = add(doc, quire_doc_root(doc), QUIRE_BLOCK_QUOTE);
	add_text(doc, add(doc, quote, QUIRE_HEADING), "Quoted");
	add(doc, quire_doc_root(doc), QUIRE_HEADING)->as.heading.level = 2;
	/* The first chapter's id again: finishing gives it one of its own,
	 * so that its entry leads to it. */
	heading(doc, 1, "Second")->as.heading.id = "same";
	heading(doc, 1, "Third");

	struct result r;
	write_doc(doc, "epub", NULL, &r);
	char *nav = entry(&r.buf, "EPUB/nav.xhtml");
	assert_has(nav, "<ol>\n<li><a href=\"ch001.xhtml#same\">First</a>\n<ol>\n"
	                "<li><a href=\"ch001.xhtml#section\">(untitled section)</a></li>\n</ol>\n"
	                "</li>\n<li><a href=\"ch002.xhtml#same-1\">Second</a></li>\n"
	                "<li><a href=\"ch003.xhtml#third\">Third</a></li>\n</ol>");
	assert_lacks(nav, "Quoted");
	free(nav);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(toc, entries_own_their_hrefs)
{
	struct xhtml_toc t = {0};
	char file[] = "ch001.xhtml", id[] = "intro";

	/* More entries than the first capacity, so that the arrays move. */
	for (int i = 0; i < 40; i++)
		cr_assert_eq(xhtml_toc_add(&t, 1 + i % 3, i % 2 ? file : NULL, i % 3 ? id : NULL,
		                           "text"),
		             QUIRE_OK);
	file[0] = id[0] = 'X'; /* the list keeps copies */
	cr_assert_eq(t.n, 40);
	cr_assert_str_eq(t.entries[0].href, "");
	cr_assert_str_eq(t.entries[1].href, "ch001.xhtml#intro");
	cr_assert_str_eq(t.entries[2].href, "#intro");
	cr_assert_str_eq(t.entries[3].href, "ch001.xhtml");
	for (size_t i = 0; i < t.n; i++) {
		cr_assert_eq(t.entries[i].href, t.hrefs[i]);
		cr_assert_eq(t.entries[i].level, 1 + (int)i % 3);
	}
	xhtml_toc_free(&t);
	cr_assert_eq(t.n, 0);
	cr_assert_null(t.entries);
}

Test(toc, nesting_by_level)
{
	/* A jump from 1 to 3 nests once; 2 is then the sibling of 3; 1
	 * climbs out of both. */
	static const int levels[] = {1, 3, 2, 1, 1, 2, 2, 3};
	static const int closed[] = {0, 0, 1, 2, 1, 0, 1, 0};
	static const int depth[] = {1, 2, 2, 1, 1, 2, 2, 3};
	struct xhtml_toc_nesting nesting = {0};

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		cr_assert_eq(xhtml_toc_nest(&nesting, levels[i]), closed[i], "entry %zu", i);
		cr_assert_eq(nesting.depth, depth[i], "entry %zu", i);
	}
	/* Nesting stops at the deepest depth: further levels are siblings. */
	memset(&nesting, 0, sizeof(nesting));
	for (int level = 1; level <= XHTML_TOC_MAX_DEPTH + 2; level++)
		cr_assert_eq(xhtml_toc_nest(&nesting, level), level > XHTML_TOC_MAX_DEPTH ? 1 : 0);
	cr_assert_eq(nesting.depth, XHTML_TOC_MAX_DEPTH);
}

Test(toc, list_nests_as_told)
{
	/* For random levels, each link of the list sits in as many <ol> as
	 * xhtml_toc_nest() gives for its entry, and every <ol> and <li>
	 * closes. */
	rng_state = 12345;
	for (int round = 0; round < 200; round++) {
		struct xhtml_toc_entry entries[24];
		int depth[24];
		size_t n = 1 + rnd(24);
		struct xhtml_toc_nesting nesting = {0};
		for (size_t i = 0; i < n; i++) {
			entries[i] = (struct xhtml_toc_entry){
				.level = 1 + (int)rnd(9), .href = "h", .text = "t"};
			xhtml_toc_nest(&nesting, entries[i].level);
			depth[i] = nesting.depth;
		}
		struct qstr list = {0};
		xhtml_toc_list(&list, entries, n);
		qstr_append(&list, "", 1);
		int lists = 0, items = 0;
		size_t links = 0;
		for (const char *p = list.data; *p; p++) {
			if (strncmp(p, "<ol>", 4) == 0)
				lists++;
			else if (strncmp(p, "</ol>", 5) == 0)
				lists--;
			else if (strncmp(p, "<li>", 4) == 0)
				items++;
			else if (strncmp(p, "</li>", 5) == 0)
				items--;
			else if (strncmp(p, "<a ", 3) == 0) {
				cr_assert_lt(links, n);
				cr_assert_eq(lists, depth[links], "round %d, entry %zu", round, links);
				cr_assert_eq(items, lists);
				links++;
			}
			cr_assert_geq(lists, 0);
		}
		cr_assert_eq(links, n);
		cr_assert_eq(lists, 0);
		cr_assert_eq(items, 0);
		qstr_free(&list);
	}
}

/* ---- superscript, subscript, keys, highlights, underlines ---- */

static quire_doc *inline_kinds_doc(void)
{
	quire_doc *doc = quire_doc_new();
	quire_node *h = heading(doc, 1, "E = mc");
	add_text(doc, add(doc, h, QUIRE_SUPERSCRIPT), "2");
	quire_node *p = para(doc, "H");
	add_text(doc, add(doc, p, QUIRE_SUBSCRIPT), "2");
	add_text(doc, p, "O, press ");
	add_text(doc, add(doc, add(doc, p, QUIRE_STRONG), QUIRE_KBD), "<Enter> & \"go\"");
	add_text(doc, p, ", ");
	quire_node *mark = add(doc, p, QUIRE_MARK);
	add_text(doc, add(doc, mark, QUIRE_EMPH), "hot");
	quire_node *u = add(doc, mark, QUIRE_UNDERLINE);
	add_text(doc, u, "x");
	add_text(doc, add(doc, u, QUIRE_SUPERSCRIPT), "n<1");
	return doc;
}

Test(html, scripts_keys_marks_and_underlines)
{
	quire_doc *doc = inline_kinds_doc();
	struct result r;
	write_doc(doc, "html", NULL, &r);
	char *html = strndup(r.buf.data, r.buf.len);
	assert_has(html, "<h1 id=\"e-mc2\">E = mc<sup>2</sup></h1>");
	assert_has(html, "<p>H<sub>2</sub>O, press <strong><kbd>&lt;Enter&gt; &amp; \"go\"</kbd>"
	                 "</strong>, <mark><em>hot</em><u>x<sup>n&lt;1</sup></u></mark></p>");
	/* The stylesheet draws keys as keys and highlights as a tint. */
	assert_has(html, "kbd { padding");
	assert_has(html, "border-radius");
	assert_has(html, "mark { background");
	assert_has(html, "sup, sub { line-height: 0; }");
	free(html);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, tree_names_the_new_kinds)
{
	quire_doc *doc = inline_kinds_doc();
	struct result r;
	write_doc(doc, "tree", NULL, &r);
	char *tree = strndup(r.buf.data, r.buf.len);
	cr_assert_str_eq(tree, "document\n"
	                       "  heading level=1 id=\"e-mc2\"\n"
	                       "    text \"E = mc\"\n"
	                       "    superscript\n"
	                       "      text \"2\"\n"
	                       "  paragraph\n"
	                       "    text \"H\"\n"
	                       "    subscript\n"
	                       "      text \"2\"\n"
	                       "    text \"O, press \"\n"
	                       "    strong\n"
	                       "      kbd\n"
	                       "        text \"<Enter> & \\\"go\\\"\"\n"
	                       "    text \", \"\n"
	                       "    mark\n"
	                       "      emph\n"
	                       "        text \"hot\"\n"
	                       "      underline\n"
	                       "        text \"x\"\n"
	                       "        superscript\n"
	                       "          text \"n<1\"\n");
	free(tree);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}

Test(html, man_sets_scripts_keys_and_underlines)
{
	quire_doc *doc = inline_kinds_doc();
	struct result r;
	write_doc(doc, "man", NULL, &r);
	char *man = strndup(r.buf.data, r.buf.len);
	assert_has(man, "E = mc\\(ha(2)");
	assert_has(man, "H_(2)O, press \\fB<Enter> & \"go\"\\fR, ");
	/* Emphasis and underline are both italic: one font change. */
	assert_has(man, "\\fIhotx\\(ha(n<1)\\fR");
	free(man);
	quire_buffer_free(&r.buf);
	quire_doc_free(doc);
}
