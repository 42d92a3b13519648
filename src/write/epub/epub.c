/* The EPUB 3 backend: chapters and resources, each written to the zip
 * container (../zip/archive.h) as soon as it is made, and the package
 * files that describe them at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epub.h"

/* The book being built; epub_write() owns it and all it points to.
 * Nothing is held for each chapter: where it ends is found again from
 * where it starts (chapter_end), its file name comes from its number
 * (chapter_file) and its title from its first block (chapter_title). */
struct epub {
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	struct xhtml x;
	const char *lang;
	char *title; /* heap */
	bool title_page; /* draw title.xhtml */
	char *identifier; /* heap */
	char modified[32];

	size_t nchapters;
	char href[32];       /* chapter_href's answer */
	char first_file[32]; /* the first chapter's file */

	struct epub_item *items;
	size_t nitems, cap_items;
	/* Images by resolved path -> item index + 1. */
	struct qset images;
	size_t nimages;
	bool has_images;  /* an image is shown in the text (accessibility metadata) */
	int cover_item;   /* -1 when there is no cover */
	int font_items;   /* how many fonts were embedded */
	char *user_css;   /* href of --css, or NULL */
	const char *css[4]; /* the stylesheets every page links, NULL-terminated */

	/* The container, open from the start: each file goes to the sink
	 * when it is added, so that of the book only the zip's directory
	 * (deflated) and the items other than chapters are held. */
	struct quire_zip *zip;
	struct qstr name; /* an entry's name, reused */
	/* A digest of the files added so far, in order (epub_identifier). */
	unsigned long long digest[2];

};

/* Lists an item for the package files, once it is in the container. */
static enum quire_status record_item(struct epub *b, enum epub_rank rank, const char *href,
                                     const char *id, const char *media_type,
                                     const char *properties, bool spine)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	char *h = strdup(href), *i = strdup(id);

	if (h == NULL || i == NULL || !QUIRE_RESERVE(b->items, b->cap_items, b->nitems + 1))
		goto out;
	b->items[b->nitems] = (struct epub_item){
		.rank = rank, .seq = b->nitems, .href = h, .id = i, .media_type = media_type,
		.properties = properties, .spine = spine};
	b->nitems++;
	h = i = NULL;
	st = QUIRE_OK;
out:
	free(h);
	free(i);
	return st;
}

/* The container's name of href; NULL when out of memory. */
static const char *entry_name(struct epub *b, const char *href)
{
	qstr_clear(&b->name);
	qstr_printf(&b->name, EPUB_DIR "%s", href);
	return b->name.oom ? NULL : b->name.data;
}

/* Writes a file to the container at once. */
static enum quire_status put_file(struct epub *b, const char *href, const void *data, size_t len)
{
	const char *name = entry_name(b, href);

	if (name == NULL)
		return QUIRE_ERR_NOMEM;
	epub_digest(b->digest, href, strlen(href));
	epub_digest(b->digest, data, len);
	return quire_zip_add_deflated(b->zip, name, data, len);
}

/* Adds an item, taking ownership of data (also on failure), which is
 * written to the container at once. */
static enum quire_status add_item(struct epub *b, enum epub_rank rank, const char *href,
                                  const char *id, const char *media_type, const char *properties,
                                  unsigned char *data, size_t len, bool spine)
{
	enum quire_status st = put_file(b, href, data, len);
	if (st == QUIRE_OK)
		st = record_item(b, rank, href, id, media_type, properties, spine);
	free(data);
	return st;
}

static const char *text_type(const char *href)
{
	size_t n = strlen(href);
	if (n > 4 && strcmp(href + n - 4, ".css") == 0)
		return "text/css";
	if (n > 4 && strcmp(href + n - 4, ".ncx") == 0)
		return "application/x-dtbncx+xml";
	return "application/xhtml+xml";
}

/* Adds an item from a qstr, which is emptied. */
static enum quire_status add_text(struct epub *b, enum epub_rank rank, const char *href,
                                  const char *id, const char *properties, struct qstr *s,
                                  bool spine)
{
	const char *type = text_type(href);
	if (s->oom) {
		qstr_free(s);
		return QUIRE_ERR_NOMEM;
	}
	unsigned char *data = (unsigned char *)s->data;
	size_t len = s->len;
	*s = (struct qstr){0};
	return add_item(b, rank, href, id, type, properties, data, len, spine);
}

/* ---- chapters ---- */

/* The file of chapter i (from 0), in buf. */
static const char *chapter_file(size_t i, char buf[32])
{
	snprintf(buf, 32, EPUB_CHAPTER_FILE, i + 1);
	return buf;
}

/* Valid until the next call: the renderer copies it at once. */
static const char *chapter_href(void *user, int chapter)
{
	struct epub *b = user;
	if (chapter < 0 || (size_t)chapter >= b->nchapters)
		return "";
	return chapter_file((size_t)chapter, b->href);
}

static enum quire_status image_src(void *user, const quire_node *image, struct qstr *out,
                                   bool *found)
{
	struct epub *b = user;
	enum quire_status st = QUIRE_OK;
	struct xhtml_resource res;
	unsigned *slot = NULL;
	char href[64], id[32];

	*found = false;
	TRY(xhtml_load_image(b->opts, b->log, b->doc, image, &res));
	if (res.data == NULL)
		goto out;
	b->has_images = true;
	/* One copy of each file, however often it is shown. */
	int added = qset_add(&b->images, res.path, &slot);
	if (added < 0) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (added == 0) {
		qstr_puts(out, b->items[*slot - 1].href);
		*found = true;
		goto out;
	}
	b->nimages++;
	snprintf(href, sizeof(href), "images/img%04zu.%s", b->nimages, res.ext);
	snprintf(id, sizeof(id), "img%04zu", b->nimages);
	*slot = (unsigned)b->nitems + 1;
	TRY(add_item(b, EPUB_RANK_IMAGE, href, id, res.media_type, NULL, res.data, res.len, false));
	res.data = NULL;
	qstr_puts(out, href);
	*found = true;
out:
	xhtml_resource_free(&res);
	return st;
}

/* Top-level headings at or above the split level start chapters. What
 * comes before the first of them is a chapter of its own, unless it has
 * nothing to show (only notes or raw HTML). */
static bool shows(const quire_node *block)
{
	return block->kind != QUIRE_FOOTNOTE_DEF && block->kind != QUIRE_HTML_BLOCK;
}

/* Where the chapter that starts at first ends: the next one's first
 * block, or NULL. The first chapter starts at the first block. */
static quire_node *chapter_end(const struct epub *b, const quire_node *first)
{
	int level = b->opts->epub.split_level;
	bool content = shows(first);

	for (quire_node *c = first->next; c; c = c->next) {
		bool split = level > 0 && c->kind == QUIRE_HEADING && c->as.heading.level <= level;
		/* Each input file is a chapter of its own. */
		split = split || (c->prev && c->prev->input != c->input);
		if (split && content)
			return c;
		content = content || shows(c);
	}
	return NULL;
}

static void count_chapters(struct epub *b)
{
	b->nchapters = 0;
	for (quire_node *first = quire_doc_root(b->doc)->first_child; first;
	     first = chapter_end(b, first))
		b->nchapters++;
}

/* The file name without folder and extension, heap; NULL when out of
 * memory, "" when there is none. */
static char *file_stem(const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return strndup(base, len);
}

/* The name of a chapter that starts an input file of several without a
 * heading: the first file's front matter title (a later file's is a
 * heading by now), else the file's name. NULL: use the book's title. */
static char *file_chapter_title(const struct epub *b, const quire_node *first)
{
	const char *file;

	if (quire_doc_input_count(b->doc) < 2 || first == NULL ||
	    (first->prev && first->prev->input == first->input))
		return NULL;
	if (first->input == 0 && quire_doc_meta(b->doc)->title)
		return strdup(quire_doc_meta(b->doc)->title);
	file = quire_doc_input_name(b->doc, first->input);
	if (file == NULL || strcmp(file, "-") == 0)
		return NULL;
	return file_stem(file);
}

/* The <title> of chapter i: its first heading, else the name of the
 * file it starts (file_chapter_title); *title is heap, or NULL when there
 * is none (use the book's). */
static enum quire_status chapter_title(const struct epub *b, const quire_node *first,
                                       char **title)
{
	*title = NULL;
	if (first && first->kind == QUIRE_HEADING) {
		*title = quire_node_plain_text(first);
		if (*title == NULL)
			return QUIRE_ERR_NOMEM;
	} else if (first) {
		*title = file_chapter_title(b, first);
	}
	if (*title && (*title)[0] == '\0') {
		free(*title);
		*title = NULL;
	}
	return QUIRE_OK;
}

/* Each chapter goes to the container as soon as it is rendered; the
 * package files list the chapters from their number alone. */
static enum quire_status render_chapters(struct epub *b)
{
	enum quire_status st = QUIRE_OK;
	struct qstr page = {0};
	char *title = NULL, file[32];

	size_t i = 0;
	for (quire_node *first = quire_doc_root(b->doc)->first_child, *end; first;
	     first = end, i++) {
		end = chapter_end(b, first);
		free(title);
		TRY(chapter_title(b, first, &title));
		struct xhtml_page head = {
			.xml = true, .epub = true, .lang = b->lang, .title = title ? title : b->title,
			.css_hrefs = b->css, .body_attrs = "epub:type=\"bodymatter\""};
		qstr_clear(&page);
		xhtml_head(&page, &head);
		qstr_puts(&page, "<section>\n");
		TRY(xhtml_render(&b->x, (int)i, first, end, &page));
		qstr_puts(&page, "</section>\n");
		xhtml_tail(&page);
		if (page.oom) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		TRY(put_file(b, chapter_file(i, file), page.data, page.len));
	}
out:
	free(title);
	qstr_free(&page);
	return st;
}

/* ---- generated pages ---- */

/* The title from the metadata, else the first heading (as before), else,
 * where that gave "Untitled", the input file's name without folder and
 * extension with a warning, as pandoc does. Only a title the document gave
 * gets a title page: never one for a file name or for "Untitled". */
static enum quire_status choose_title(struct epub *b)
{
	const char *file = b->opts->filename;

	b->title = xhtml_doc_title(b->doc);
	if (b->title == NULL)
		return QUIRE_ERR_NOMEM;
	b->title_page = strcmp(b->title, "Untitled") != 0;
	if (b->title_page || file == NULL || strcmp(file, "-") == 0)
		return QUIRE_OK;
	char *name = file_stem(file);
	if (name == NULL)
		return QUIRE_ERR_NOMEM;
	if (name[0] == '\0') {
		free(name);
		return QUIRE_OK;
	}
	free(b->title);
	b->title = name;
	quire_log_report(b->log, QUIRE_SEV_WARNING, file, 0, 0,
	                 "no title; using '%s' from the file name", name);
	return QUIRE_OK;
}

static enum quire_status title_page(struct epub *b)
{
	struct qstr page = {0};
	struct xhtml_page head = {.xml = true, .epub = true, .lang = b->lang, .title = b->title,
	                          .css_hrefs = b->css, .body_attrs = "epub:type=\"frontmatter\""};

	xhtml_head(&page, &head);
	qstr_puts(&page, "<section class=\"titlepage\" epub:type=\"titlepage\">\n");
	xhtml_title_block(&b->x, &page, b->title);
	qstr_puts(&page, "</section>\n");
	xhtml_tail(&page);
	return add_text(b, EPUB_RANK_TITLE, "title.xhtml", "title-page", NULL, &page, true);
}

static enum quire_status cover_page(struct epub *b)
{
	struct qstr page = {0};
	struct xhtml_page head = {.xml = true, .epub = true, .lang = b->lang, .title = b->title,
	                          .css_hrefs = b->css, .body_attrs = "epub:type=\"cover\""};
	const char *href = b->items[b->cover_item].href;

	xhtml_head(&page, &head);
	qstr_puts(&page, "<section class=\"cover\">\n<img src=\"");
	xml_escape(&page, href, strlen(href), true);
	qstr_puts(&page, "\" alt=\"Cover: ");
	xml_escape(&page, b->title, strlen(b->title), true);
	qstr_puts(&page, "\"/>\n</section>\n");
	xhtml_tail(&page);
	return add_text(b, EPUB_RANK_COVER, "cover.xhtml", "cover", NULL, &page, true);
}

/* ---- files given on the command line ---- */

/* A file named by an option, through the one loader for those; why says
 * what went wrong, for the caller to report as an error or a warning. */
static enum quire_status load_file(const char *path, unsigned char **data, size_t *len, char *why,
                                   size_t why_size)
{
	char *bytes = NULL;
	enum quire_status st = quire_file_load(path, 0, &bytes, len, why, why_size);
	*data = (unsigned char *)bytes;
	return st;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static enum quire_status load_css(struct epub *b)
{
	enum quire_status st = QUIRE_OK;
	char why[128];
	unsigned char *data = NULL;
	size_t len = 0;
	const char *parts[XHTML_CSS_PARTS + 1];
	char hl_css[2048];
	size_t nparts = xhtml_css_parts(b->doc, b->opts, hl_css, parts), n = 0;
	for (size_t k = 0; k < nparts; k++)
		n += strlen(parts[k]);
	unsigned char *def = malloc(n);

	if (def == NULL)
		return QUIRE_ERR_NOMEM;
	n = 0;
	for (size_t k = 0; k < nparts; k++) {
		size_t part = strlen(parts[k]);
		memcpy(def + n, parts[k], part);
		n += part;
	}
	TRY(add_item(b, EPUB_RANK_CSS, "css/book.css", "css-book", "text/css", NULL, def, n, false));
	if (b->opts->epub.css == NULL)
		goto out;
	st = load_file(b->opts->epub.css, &data, &len, why, sizeof(why));
	if (st == QUIRE_ERR_IO) {
		quire_log_report(b->log, QUIRE_SEV_ERROR, b->opts->epub.css, 0, 0,
		                 "cannot read the stylesheet: %s", why);
		goto out;
	}
	if (st != QUIRE_OK)
		goto out;
	TRY(add_item(b, EPUB_RANK_CSS, "css/user.css", "css-user", "text/css", NULL, data, len,
	             false));
	data = NULL;
	b->user_css = "css/user.css";
out:
	free(data);
	return st;
}

static enum quire_status load_cover(struct epub *b)
{
	enum quire_status st = QUIRE_OK;
	unsigned char *data = NULL;
	size_t len = 0;
	const char *ext = NULL, *type;
	char href[32];
	const char *path = b->opts->epub.cover_image;
	char failure[128];

	b->cover_item = -1;
	if (path == NULL)
		goto out;
	/* A cover the user named but that cannot be read is an error, as a
	 * stylesheet is: a book quietly without its cover is the wrong book. */
	st = load_file(path, &data, &len, failure, sizeof(failure));
	if (st == QUIRE_ERR_IO) {
		quire_log_report(b->log, QUIRE_SEV_ERROR, path, 0, 0,
		                 "cannot read the cover image: %s", failure);
		goto out;
	}
	if (st != QUIRE_OK)
		goto out;
	type = xhtml_image_type(data, len, &ext);
	struct quire_svg_removed removed = {0};
	const char *why = type ? xhtml_image_vet(&data, &len, type, &removed)
	                       : "not a PNG, JPEG, GIF or SVG image";
	if (why) {
		quire_log_report(b->log, QUIRE_SEV_WARNING, path, 0, 0,
		                 "cannot use the cover: %s; the book has no cover", why);
		goto out;
	}
	if (removed.count > 0) {
		char what[256];
		xhtml_svg_removed(what, sizeof(what), &removed);
		quire_log_report(b->log, QUIRE_SEV_WARNING, path, 0, 0, "the cover: %s", what);
	}
	snprintf(href, sizeof(href), "images/cover.%s", ext);
	b->cover_item = (int)b->nitems;
	TRY(add_item(b, EPUB_RANK_IMAGE, href, "cover-image", type, "cover-image", data, len,
	             false));
	data = NULL;
	TRY(cover_page(b));
out:
	free(data);
	return st;
}

/* Fonts keep their file name (made safe), so @font-face families read
 * naturally; the first font becomes the body font. */
static enum quire_status load_fonts(struct epub *b, struct qstr *css)
{
	enum quire_status st = QUIRE_OK;
	unsigned char *data = NULL;
	struct qstr name = {0}, href = {0};
	char why[128];

	for (size_t i = 0; i < b->opts->epub.embed_font_count; i++) {
		const char *path = b->opts->epub.embed_fonts[i];
		const char *ext = NULL;
		size_t len = 0;
		st = load_file(path, &data, &len, why, sizeof(why));
		if (st == QUIRE_ERR_IO) {
			quire_log_report(b->log, QUIRE_SEV_WARNING, path, 0, 0,
			                 "cannot read the font (%s); not embedded", why);
			st = QUIRE_OK;
			continue;
		}
		if (st != QUIRE_OK)
			goto out;
		const char *type = xhtml_font_type(data, len, &ext);
		if (type == NULL) {
			quire_log_report(b->log, QUIRE_SEV_WARNING, path, 0, 0,
			                 "not a TrueType, OpenType or WOFF font; not embedded");
			free(data);
			data = NULL;
			continue;
		}
		qstr_clear(&name);
		const char *base = base_name(path);
		for (const char *p = base; *p && p != strrchr(base, '.'); p++) {
			char c = *p;
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			          (c >= '0' && c <= '9') || c == '-' || c == '_';
			qstr_putc(&name, ok ? c : '_');
		}
		if (name.len == 0)
			qstr_puts(&name, "font");
		qstr_clear(&href);
		qstr_printf(&href, "fonts/%02d-%s.%s", b->font_items + 1, name.data, ext);
		char id[32];
		snprintf(id, sizeof(id), "font%02d", b->font_items + 1);
		if (name.oom || href.oom) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		TRY(add_item(b, EPUB_RANK_FONT, href.data, id, type, NULL, data, len, false));
		data = NULL;
		/* The CSS lives in css/, the fonts in fonts/. */
		qstr_printf(css, "@font-face { font-family: \"%s\"; src: url(\"../%s\"); }\n", name.data,
		            href.data);
		if (b->font_items == 0)
			qstr_printf(css, "body { font-family: \"%s\", serif; }\n", name.data);
		b->font_items++;
	}
out:
	free(data);
	qstr_free(&name);
	qstr_free(&href);
	return st;
}

/* ---- contents ---- */

/* One walk of the contents (walk_toc): what visit gets, and an href
 * made again for each entry. */
struct toc_walk {
	epub_toc_visit visit;
	void *user;
	struct qstr href;
	size_t n; /* entries given */
};

static enum quire_status toc_entry(struct toc_walk *w, int level, const char *file,
                                   const char *id, const char *text)
{
	qstr_clear(&w->href);
	qstr_puts(&w->href, file);
	if (id) {
		qstr_putc(&w->href, '#');
		qstr_puts(&w->href, id);
	}
	if (w->href.oom)
		return QUIRE_ERR_NOMEM;
	struct xhtml_toc_entry e = {.level = level, .href = w->href.data, .text = text};
	w->n++;
	return w->visit(w->user, &e);
}

/* A chapter's own entry, under its title (else the book's when
 * or_book). */
static enum quire_status chapter_entry(struct toc_walk *w, struct epub *b, size_t i,
                                       const quire_node *first, bool or_book)
{
	char *title = NULL, file[32];
	enum quire_status st = chapter_title(b, first, &title);
	if (st == QUIRE_OK && (title || or_book))
		st = toc_entry(w, 1, chapter_file(i, file), NULL, title ? title : b->title);
	free(title);
	return st;
}

/* Top-level headings down to the TOC depth, in reading order, each to
 * the chapter it is in. A book without any gets one entry per chapter,
 * so the lists are never empty. (struct epub_package.walk_toc) */
static enum quire_status walk_toc(void *book, epub_toc_visit visit, void *user)
{
	struct epub *b = book;
	enum quire_status st = QUIRE_OK;
	struct toc_walk w = {.visit = visit, .user = user};
	int depth = b->opts->toc_depth > 0 ? b->opts->toc_depth : 3;
	const quire_node *root = quire_doc_root(b->doc);
	const struct quire_toc_entry *headings;
	size_t nheadings = quire_doc_toc(b->doc, &headings), k = 0;

	bool several = quire_doc_input_count(b->doc) > 1;
	int first_level = 0; /* of the current input's first heading; 0: none yet */

	/* The chapters hold the top-level blocks in order, and the entries
	 * the headings: walked side by side, each heading meets its chapter.
	 * With several input files, each file's headings nest under its first
	 * one, and a file without any has an entry of its own. */
	char file[32];
	size_t i = 0;
	for (quire_node *first = root->first_child, *end; first; first = end, i++) {
		end = chapter_end(b, first);
		chapter_file(i, file);
		for (const quire_node *n = first; n && n != end; n = n->next) {
			if (several && (n->prev == NULL || n->prev->input != n->input)) {
				first_level = 0;
				const quire_node *m = n;
				while (m && m->input == n->input && m->kind != QUIRE_HEADING)
					m = m->next;
				if (m == NULL || m->input != n->input)
					TRY(chapter_entry(&w, b, i, first, false));
			}
			while (k < nheadings && headings[k].heading->parent != root)
				k++;
			if (k == nheadings || headings[k].heading != n)
				continue;
			const struct quire_toc_entry *h = &headings[k++];
			int level = h->level;
			if (several && first_level == 0) {
				first_level = level;
				level = 1;
			} else if (several && first_level > 1) {
				level = level - first_level + 1 < 2 ? 2 : level - first_level + 1;
			}
			if (level > depth)
				continue;
			const struct xhtml_target *target = xhtml_heading_target(&b->x, n);
			if (target == NULL || target->chapter != (int)i)
				continue;
			const char *text = h->text[0] ? h->text : "(untitled section)";
			TRY(toc_entry(&w, level, file, target->id, text));
		}
	}
	if (w.n > 0)
		goto out;
	i = 0;
	for (quire_node *first = root->first_child; first; first = chapter_end(b, first), i++)
		TRY(chapter_entry(&w, b, i, first, true));
	if (w.n == 0)
		TRY(toc_entry(&w, 1, "title.xhtml", NULL, b->title));
out:
	qstr_free(&w.href);
	return st;
}

/* ---- the container ---- */

static int item_order(const void *pa, const void *pb)
{
	const struct epub_item *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const char container_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"  <rootfiles>\n"
	"    <rootfile full-path=\"" EPUB_DIR "content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"  </rootfiles>\n"
	"</container>\n";

static struct epub_package package_of(const struct epub *b)
{
	return (struct epub_package){
		.meta = quire_doc_meta(b->doc), .lang = b->lang, .title = b->title,
		.identifier = b->identifier, .modified = b->modified, .css = b->css,
		.items = b->items, .nitems = b->nitems,
		.first_chapter = b->nchapters > 0 ? b->first_file : NULL, .nchapters = b->nchapters,
		.walk_toc = walk_toc, .book = (void *)b,
		.has_cover = b->cover_item >= 0, .has_title_page = b->title_page, .has_images = b->has_images};
}

/* Hands a package file's bytes so far to the container (xhtml_drain). */
static enum quire_status drain(void *user, struct qstr *s)
{
	struct epub *b = user;
	if (s->oom)
		return QUIRE_ERR_NOMEM;
	enum quire_status st = quire_zip_feed(b->zip, s->data, s->len);
	qstr_clear(s);
	return st;
}

/* A package file, written by make into the container a piece at a time:
 * for a book of many chapters they are as long as the book's directory. */
static enum quire_status write_package_file(
	struct epub *b, const char *href,
	enum quire_status (*make)(const struct epub_package *, struct qstr *,
	                          const struct xhtml_drain *))
{
	enum quire_status st = QUIRE_OK;
	struct qstr s = {0};
	struct xhtml_drain d = {.fn = drain, .user = b};
	struct epub_package package = package_of(b);
	const char *name;

	TRY(quire_zip_begin(b->zip));
	TRY(make(&package, &s, &d));
	TRY(drain(b, &s));
	name = entry_name(b, href);
	if (name == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	TRY(quire_zip_end(b->zip, name));
out:
	qstr_free(&s);
	return st;
}

/* OCF wants only the mimetype first, stored, so that a reader can sniff
 * the type at a fixed offset (epub_write writes it before any file); the
 * book's files follow in the order they were made, and the container and
 * the package document, which describe them, come last. */
static enum quire_status finish_zip(struct epub *b)
{
	enum quire_status st = QUIRE_OK;

	TRY(quire_zip_add_deflated(b->zip, "META-INF/container.xml", container_xml,
	                           sizeof(container_xml) - 1));
	TRY(write_package_file(b, "content.opf", epub_package));
	st = quire_zip_finish(b->zip);
out:
	return st;
}

/* ---- the writer ---- */

static void epub_free(struct epub *b)
{
	xhtml_free(&b->x);
	for (size_t i = 0; i < b->nitems; i++) {
		free(b->items[i].href);
		free(b->items[i].id);
	}
	free(b->items);
	quire_zip_free(b->zip);
	qstr_free(&b->name);
	qset_free(&b->images);
	free(b->title);
	free(b->identifier);
}

static enum quire_status epub_write(const quire_doc *doc, const struct quire_write_options *opts,
                                    struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	struct epub b = {.doc = doc, .opts = opts, .log = log, .cover_item = -1};
	struct qstr fonts_css = {0};
	struct xhtml_hooks hooks = {.chapter_href = chapter_href, .image_src = image_src, .user = &b};
	struct tm tm;
	/* dcterms:modified has four-digit years. */
	long long ts = opts->timestamp < 0 ? 0 : opts->timestamp;
	time_t t = (time_t)(ts > 253402300799LL ? 253402300799LL : ts);

	xhtml_init(&b.x, doc, opts, log, true, &hooks);
	TRY(quire_zip_open(&b.zip, opts->timestamp, sink, log, "the EPUB"));
	TRY(quire_zip_add_stored(b.zip, "mimetype", "application/epub+zip", 20));
	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	strftime(b.modified, sizeof(b.modified), "%Y-%m-%dT%H:%M:%SZ", &tm);
	b.lang = xhtml_lang(doc);
	TRY(choose_title(&b));
	if (b.title == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	count_chapters(&b);
	chapter_file(0, b.first_file);
	size_t i = 0;
	for (quire_node *first = quire_doc_root(doc)->first_child, *end; first; first = end, i++) {
		end = chapter_end(&b, first);
		TRY(xhtml_register(&b.x, (int)i, first, end));
	}
	TRY(xhtml_register_done(&b.x));

	b.css[0] = "css/book.css";
	TRY(load_css(&b));
	TRY(load_fonts(&b, &fonts_css));
	if (fonts_css.len) {
		TRY(add_text(&b, EPUB_RANK_CSS, "css/fonts.css", "css-fonts", NULL, &fonts_css, false));
		b.css[1] = "css/fonts.css";
	}
	if (b.user_css)
		b.css[b.css[1] ? 2 : 1] = b.user_css;
	TRY(load_cover(&b));
	/* A book without text keeps the page: the spine is never empty. */
	b.title_page = b.title_page || b.nchapters == 0;
	if (b.title_page)
		TRY(title_page(&b));
	TRY(render_chapters(&b));

	qsort(b.items, b.nitems, sizeof(*b.items), item_order);
	/* From the files so far: everything but the navigation and the
	 * package, which carry the identifier. */
	b.identifier = epub_identifier(quire_doc_meta(doc), b.digest);
	if (b.identifier == NULL || b.x.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	TRY(write_package_file(&b, "nav.xhtml", epub_nav));
	TRY(write_package_file(&b, "toc.ncx", epub_ncx));
	TRY(record_item(&b, EPUB_RANK_NAV, "nav.xhtml", "nav", text_type("nav.xhtml"), "nav", true));
	TRY(record_item(&b, EPUB_RANK_NCX, "toc.ncx", "ncx", text_type("toc.ncx"), NULL, false));
	qsort(b.items, b.nitems, sizeof(*b.items), item_order);
	TRY(finish_zip(&b));
out:
	qstr_free(&fonts_css);
	epub_free(&b);
	return st;
}

const struct quire_writer quire_writer_epub = {
	.name = "epub",
	.extensions = "epub",
	.description = "EPUB 3 e-book",
	.binary = true,
	.write = epub_write,
};
