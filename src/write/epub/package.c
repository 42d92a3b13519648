/* The package files EPUB asks for besides the book's own: the package
 * document, the navigation document and the EPUB 2 NCX, written from the
 * list of items and the contents entries that epub.c gives (struct
 * epub_package). Nothing here calls into epub.c or sees its state. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "epub.h"

static void esc(struct qstr *out, const char *s)
{
	xml_escape(out, s, strlen(s), false);
}

static void esc_attr(struct qstr *out, const char *s)
{
	xml_escape(out, s, strlen(s), true);
}

/* ---- navigation ---- */

/* The contents entries are given one at a time (epub_package.walk_toc)
 * and written as they come. */

struct nav_list {
	struct xhtml_toc_lister lister;
	struct qstr *out;
	const struct xhtml_drain *d;
};

static enum quire_status nav_entry(void *user, const struct xhtml_toc_entry *entry)
{
	struct nav_list *list = user;
	xhtml_toc_list_add(&list->lister, list->out, entry);
	return xhtml_drain(list->d, list->out);
}

/* How deep the NCX's points nest, which its head states. */
struct ncx_depth {
	struct xhtml_toc_nesting nesting;
	int max;
};

static enum quire_status ncx_depth(void *user, const struct xhtml_toc_entry *entry)
{
	struct ncx_depth *depth = user;
	xhtml_toc_nest(&depth->nesting, entry->level);
	if (depth->nesting.depth > depth->max)
		depth->max = depth->nesting.depth;
	return QUIRE_OK;
}

struct ncx_points {
	struct xhtml_toc_nesting nesting;
	size_t n;
	struct qstr *out;
	const struct xhtml_drain *d;
};

static enum quire_status ncx_point(void *user, const struct xhtml_toc_entry *entry)
{
	struct ncx_points *points = user;
	struct qstr *out = points->out;

	for (int closed = xhtml_toc_nest(&points->nesting, entry->level); closed > 0; closed--)
		qstr_puts(out, "</navPoint>\n");
	points->n++;
	qstr_printf(out, "<navPoint id=\"np%zu\" playOrder=\"%zu\"><navLabel><text>", points->n,
	            points->n);
	esc(out, entry->text);
	qstr_puts(out, "</text></navLabel><content src=\"");
	esc_attr(out, entry->href);
	qstr_puts(out, "\"/>\n");
	return xhtml_drain(points->d, out);
}

enum quire_status epub_nav(const struct epub_package *p, struct qstr *nav,
                           const struct xhtml_drain *d)
{
	enum quire_status st = QUIRE_OK;
	struct nav_list list = {.out = nav, .d = d};
	struct xhtml_page head = {.xml = true, .epub = true, .lang = p->lang, .title = p->title,
	                          .css_hrefs = p->css, .body_attrs = "epub:type=\"frontmatter\""};

	xhtml_head(nav, &head);
	qstr_puts(nav, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>Contents</h1>\n");
	TRY(p->walk_toc(p->book, nav_entry, &list));
	xhtml_toc_list_end(&list.lister, nav);
	qstr_puts(nav, "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n"
	               "<h2>Landmarks</h2>\n<ol>\n");
	if (p->has_cover)
		qstr_puts(nav, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
	if (p->has_title_page)
		qstr_puts(nav, "<li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title page</a></li>\n");
	qstr_puts(nav, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n");
	if (p->first_chapter)
		qstr_printf(nav, "<li><a epub:type=\"bodymatter\" href=\"%s\">Start of content</a></li>\n",
		            p->first_chapter);
	qstr_puts(nav, "</ol>\n</nav>\n");
	xhtml_tail(nav);
	if (nav->oom)
		st = QUIRE_ERR_NOMEM;
out:
	return st;
}

enum quire_status epub_ncx(const struct epub_package *p, struct qstr *ncx,
                           const struct xhtml_drain *d)
{
	enum quire_status st = QUIRE_OK;
	struct ncx_points points = {.out = ncx, .d = d};
	struct ncx_depth depth = {.max = 1};

	TRY(p->walk_toc(p->book, ncx_depth, &depth));
	qstr_puts(ncx, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
	esc_attr(ncx, p->lang);
	qstr_puts(ncx, "\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
	esc_attr(ncx, p->identifier);
	qstr_printf(ncx, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
	                 "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
	                 "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
	                 "<docTitle><text>", depth.max);
	esc(ncx, p->title);
	qstr_puts(ncx, "</text></docTitle>\n<navMap>\n");
	TRY(p->walk_toc(p->book, ncx_point, &points));
	while (points.nesting.depth-- > 0)
		qstr_puts(ncx, "</navPoint>\n");
	qstr_puts(ncx, "</navMap>\n</ncx>\n");
	if (ncx->oom)
		st = QUIRE_ERR_NOMEM;
out:
	return st;
}

/* ---- the package document ---- */

/* dc:date must be W3CDTF. Dates written as "2017-03-05", "5 March 2017"
 * or "March 5, 2017" become that; anything else is left out (it still
 * shows on the title page). */
static bool w3c_date(const char *s, char *buf, size_t size)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                     "jul", "aug", "sep", "oct", "nov", "dec"};
	int y = 0, m = 0, d = 0, n = 0;
	char word[16];

	if (s == NULL)
		return false;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0') {
	} else if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && s[n] == '\0') {
		d = 0;
	} else if (sscanf(s, "%4d%n", &y, &n) == 1 && s[n] == '\0' && n == 4) {
		m = d = 0;
	} else if (sscanf(s, "%2d %15[A-Za-z] %4d%n", &d, word, &y, &n) == 3 && s[n] == '\0') {
		m = -1;
	} else if (sscanf(s, "%15[A-Za-z] %2d, %4d%n", word, &d, &y, &n) == 3 && s[n] == '\0') {
		m = -1;
	} else {
		return false;
	}
	if (m == -1) {
		m = 0;
		for (int i = 0; i < 12; i++)
			if (strncasecmp(word, months[i], 3) == 0 && strlen(word) >= 3)
				m = i + 1;
		if (m == 0)
			return false;
	}
	if (y < 1000 || y > 9999 || m < 0 || m > 12 || d < 0 || d > 31 || (d > 0 && m == 0))
		return false;
	if (m == 0)
		snprintf(buf, size, "%04d", y);
	else if (d == 0)
		snprintf(buf, size, "%04d-%02d", y, m);
	else
		snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return true;
}

/* A 128-bit digest of the book's files, from two 64-bit multiplicative
 * streams; enough to tell books apart, not a security property. Eight
 * bytes a step (read little-endian, so every machine gets the same
 * identifier): a byte at a time was a measurable share of the EPUB's time. */
void epub_digest(unsigned long long h[2], const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i = 0;
	if (h[0] == 0 && h[1] == 0) {
		h[0] = 0xcbf29ce484222325ULL;
		h[1] = 0x84222325cbf29ce4ULL;
	}
	for (; i + 8 <= len; i += 8) {
		unsigned long long w;
		memcpy(&w, p + i, sizeof(w));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		h[0] = (h[0] ^ w) * 0x100000001b3ULL;
		h[1] = (h[1] ^ (w >> 32 | w << 32)) * 0x9e3779b97f4a7c15ULL;
		h[0] ^= h[0] >> 31;
		h[1] ^= h[1] >> 29;
	}
	for (; i < len; i++) {
		h[0] = (h[0] ^ p[i]) * 0x100000001b3ULL;
		h[1] = (h[1] ^ p[i]) * 0x100000001b3ULL;
		h[1] ^= h[1] >> 29;
	}
	/* The length closes each piece, so ("ab","c") and ("a","bc") differ. */
	h[0] = (h[0] ^ len) * 0x100000001b3ULL;
	h[1] = (h[1] ^ ~(unsigned long long)len) * 0x100000001b3ULL;
}

char *epub_identifier(const struct quire_meta *m, const unsigned long long digest[2])
{
	char buf[64];

	if (m->identifier && m->identifier[0])
		return strdup(m->identifier);
	unsigned long long a = digest[0], c = digest[1];
	/* RFC 9562 version 8 (custom), variant 10. */
	unsigned long long hi = (a & ~0xf000ULL) | 0x8000ULL;
	unsigned long long lo = (c & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(buf, sizeof(buf), "urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx", hi >> 32,
	         (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
	return strdup(buf);
}

static void meta_prop(struct qstr *opf, const char *property, const char *value)
{
	qstr_printf(opf, "<meta property=\"%s\">", property);
	esc(opf, value);
	qstr_puts(opf, "</meta>\n");
}

/* Accessibility metadata (schema.org, as Ace by DAISY checks it). */
static void accessibility(const struct epub_package *p, struct qstr *opf)
{
	meta_prop(opf, "schema:accessMode", "textual");
	if (p->has_images || p->has_cover)
		meta_prop(opf, "schema:accessMode", "visual");
	meta_prop(opf, "schema:accessModeSufficient", "textual");
	if (p->has_images)
		meta_prop(opf, "schema:accessModeSufficient", "textual,visual");
	meta_prop(opf, "schema:accessibilityFeature", "structuralNavigation");
	meta_prop(opf, "schema:accessibilityFeature", "tableOfContents");
	meta_prop(opf, "schema:accessibilityFeature", "readingOrder");
	if (p->has_images)
		meta_prop(opf, "schema:accessibilityFeature", "alternativeText");
	meta_prop(opf, "schema:accessibilityHazard", "none");
	meta_prop(opf, "schema:accessibilitySummary",
	          p->has_images
	                  ? "Text in a logical reading order, with headings for structural "
	                    "navigation, a table of contents, and images described by their "
	                    "alternative text."
	                  : "Text in a logical reading order, with headings for structural "
	                    "navigation and a table of contents.");
}

/* Whether the chapters go before item i (or at the end, i == nitems):
 * where the text's rank starts. */
static bool chapters_here(const struct epub_package *p, size_t i)
{
	bool after = i == p->nitems || p->items[i].rank >= EPUB_RANK_TEXT;
	return after && (i == 0 || p->items[i - 1].rank < EPUB_RANK_TEXT);
}

/* Every item, and those read in order. */
static enum quire_status manifest_and_spine(const struct epub_package *p, struct qstr *opf,
                                            const struct xhtml_drain *d)
{
	enum quire_status st = QUIRE_OK;

	qstr_puts(opf, "<manifest>\n");
	for (size_t i = 0; i <= p->nitems; i++) {
		if (chapters_here(p, i)) {
			for (size_t c = 1; c <= p->nchapters; c++) {
				qstr_printf(opf, "<item id=\"" EPUB_CHAPTER_ID "\" href=\"" EPUB_CHAPTER_FILE
				                 "\" media-type=\"application/xhtml+xml\"/>\n", c, c);
				TRY(xhtml_drain(d, opf));
			}
		}
		if (i == p->nitems)
			break;
		const struct epub_item *it = &p->items[i];
		qstr_puts(opf, "<item id=\"");
		esc_attr(opf, it->id);
		qstr_puts(opf, "\" href=\"");
		esc_attr(opf, it->href);
		qstr_printf(opf, "\" media-type=\"%s\"", it->media_type);
		if (it->properties)
			qstr_printf(opf, " properties=\"%s\"", it->properties);
		qstr_puts(opf, "/>\n");
		TRY(xhtml_drain(d, opf));
	}
	qstr_puts(opf, "</manifest>\n<spine toc=\"ncx\">\n");
	for (size_t i = 0; i <= p->nitems; i++) {
		if (chapters_here(p, i)) {
			for (size_t c = 1; c <= p->nchapters; c++) {
				qstr_printf(opf, "<itemref idref=\"" EPUB_CHAPTER_ID "\"/>\n", c);
				TRY(xhtml_drain(d, opf));
			}
		}
		if (i == p->nitems || !p->items[i].spine)
			continue;
		qstr_puts(opf, "<itemref idref=\"");
		esc_attr(opf, p->items[i].id);
		qstr_puts(opf, "\"/>\n");
		TRY(xhtml_drain(d, opf));
	}
	qstr_puts(opf, "</spine>\n");
out:
	return st;
}

enum quire_status epub_package(const struct epub_package *p, struct qstr *opf,
                               const struct xhtml_drain *d)
{
	enum quire_status st = QUIRE_OK;
	const struct quire_meta *m = p->meta;
	char date[16];

	qstr_puts(opf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
	               "unique-identifier=\"pub-id\" xml:lang=\"");
	esc_attr(opf, p->lang);
	qstr_puts(opf, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	               "<dc:identifier id=\"pub-id\">");
	esc(opf, p->identifier);
	qstr_puts(opf, "</dc:identifier>\n<dc:title id=\"title\">");
	esc(opf, p->title);
	qstr_puts(opf, "</dc:title>\n");
	if (m->subtitle && m->subtitle[0]) {
		qstr_puts(opf, "<dc:title id=\"subtitle\">");
		esc(opf, m->subtitle);
		qstr_puts(opf, "</dc:title>\n"
		               "<meta refines=\"#title\" property=\"title-type\">main</meta>\n"
		               "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
	}
	for (size_t i = 0; i < m->author_count; i++) {
		if (m->authors[i][0] == '\0')
			continue;
		qstr_printf(opf, "<dc:creator id=\"creator%zu\">", i + 1);
		esc(opf, m->authors[i]);
		qstr_printf(opf, "</dc:creator>\n<meta refines=\"#creator%zu\" property=\"role\" "
		                 "scheme=\"marc:relators\">aut</meta>\n", i + 1);
	}
	qstr_puts(opf, "<dc:language>");
	esc(opf, p->lang);
	qstr_puts(opf, "</dc:language>\n");
	if (w3c_date(m->date, date, sizeof(date)))
		qstr_printf(opf, "<dc:date>%s</dc:date>\n", date);
	if (m->description && m->description[0]) {
		qstr_puts(opf, "<dc:description>");
		esc(opf, m->description);
		qstr_puts(opf, "</dc:description>\n");
	}
	for (size_t i = 0; i < m->keyword_count; i++) {
		if (m->keywords[i][0] == '\0')
			continue;
		qstr_puts(opf, "<dc:subject>");
		esc(opf, m->keywords[i]);
		qstr_puts(opf, "</dc:subject>\n");
	}
	qstr_printf(opf, "<meta property=\"dcterms:modified\">%s</meta>\n", p->modified);

	accessibility(p, opf);
	if (p->has_cover)
		qstr_puts(opf, "<meta name=\"cover\" content=\"cover-image\"/>\n");
	qstr_puts(opf, "</metadata>\n");
	TRY(manifest_and_spine(p, opf, d));
	qstr_puts(opf, "</package>\n");
	if (opf->oom)
		st = QUIRE_ERR_NOMEM;
out:
	return st;
}
