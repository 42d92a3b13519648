/* The standalone HTML backend: one HTML5 page from the shared XHTML
 * renderer, with the stylesheet inline and images embedded as data: URLs,
 * so the file needs nothing beside it. */
#include <stdlib.h>
#include <string.h>

#include "../xhtml/xhtml.h"

struct html {
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
};

static enum quire_status html_image(void *user, const quire_node *image, struct qstr *out,
                                    bool *found)
{
	struct html *h = user;
	struct xhtml_resource res;
	enum quire_status st;

	*found = false;
	st = xhtml_load_image(h->opts, h->log, h->doc, image, &res);
	if (st != QUIRE_OK || res.data == NULL)
		return st;
	qstr_printf(out, "data:%s;base64,", res.media_type);
	xhtml_base64(out, res.data, res.len);
	*found = true;
	xhtml_resource_free(&res);
	return QUIRE_OK;
}

static void meta_name(struct qstr *head, const char *name, const char *content)
{
	qstr_printf(head, "<meta name=\"%s\" content=\"", name);
	xml_escape(head, content, strlen(content), true);
	qstr_puts(head, "\"/>\n");
}

/* The page's contents list: top-level headings down to the TOC depth. */
static enum quire_status toc(struct xhtml *x, struct qstr *out)
{
	enum quire_status st = QUIRE_OK;
	const struct quire_toc_entry *headings;
	size_t nheadings = quire_doc_toc(x->doc, &headings);
	const quire_node *root = quire_doc_root(x->doc);
	struct xhtml_toc entries = {0};

	for (size_t i = 0; i < nheadings; i++) {
		const struct quire_toc_entry *h = &headings[i];
		if (h->heading->parent != root)
			continue;
		const struct xhtml_target *t = xhtml_heading_target(x, h->heading);
		if (t == NULL || h->level > x->opts->toc_depth)
			continue;
		TRY(xhtml_toc_add(&entries, h->level, NULL, t->id, h->text));
	}
	if (entries.n == 0)
		goto out;
	qstr_puts(out, "<nav id=\"toc\" role=\"doc-toc\">\n<h2>Contents</h2>\n");
	xhtml_toc_list(out, entries.entries, entries.n);
	qstr_puts(out, "</nav>\n");
out:
	xhtml_toc_free(&entries);
	return st;
}

static enum quire_status html_write(const quire_doc *doc, const struct quire_write_options *opts,
                                    struct quire_sink *sink, struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	struct html h = {.doc = doc, .opts = opts, .log = log};
	struct xhtml_hooks hooks = {.image_src = html_image, .user = &h};
	struct xhtml x;
	struct qstr page = {0}, extra = {0};
	const struct quire_meta *m = quire_doc_meta(doc);
	char *user_css = NULL;
	size_t user_len = 0;
	char *title = NULL;
	quire_node *root = quire_doc_root(doc);
	struct qout o;

	xhtml_init(&x, doc, opts, log, false, &hooks);
	TRY(xhtml_register(&x, 0, root->first_child, NULL));
	TRY(xhtml_register_done(&x));
	if (opts->epub.css) {
		char why[128];
		st = quire_file_load(opts->epub.css, 0, &user_css, &user_len, why, sizeof(why));
		if (st == QUIRE_ERR_IO)
			quire_log_report(log, QUIRE_SEV_ERROR, opts->epub.css, 0, 0,
			                 "cannot read the stylesheet: %s", why);
		if (st != QUIRE_OK)
			goto out;
	}
	title = xhtml_doc_title(doc);
	if (title == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}

	qstr_puts(&extra, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
	for (size_t i = 0; i < m->author_count; i++)
		meta_name(&extra, "author", m->authors[i]);
	if (m->description)
		meta_name(&extra, "description", m->description);
	if (m->keyword_count) {
		struct qstr kw = {0};
		for (size_t i = 0; i < m->keyword_count; i++)
			qstr_printf(&kw, "%s%s", i ? ", " : "", m->keywords[i]);
		if (kw.data)
			meta_name(&extra, "keywords", kw.data);
		qstr_free(&kw);
	}
	const char *css[XHTML_CSS_PARTS + 2];
	char hl_css[2048];
	size_t nparts = xhtml_css_parts(doc, opts, hl_css, css);
	css[nparts] = (const char *)user_css;
	css[nparts + 1] = NULL;
	struct xhtml_page head = {.lang = xhtml_lang(doc), .title = title, .inline_css = css,
	                          .extra_head = extra.data};
	xhtml_head(&page, &head);
	if (m->title && m->title[0]) {
		qstr_puts(&page, "<header class=\"titlepage\">\n");
		xhtml_title_block(&x, &page, title);
		qstr_puts(&page, "</header>\n");
	}
	if (opts->toc)
		TRY(toc(&x, &page));
	qstr_puts(&page, "<main>\n");
	TRY(xhtml_render(&x, 0, root->first_child, NULL, &page));
	qstr_puts(&page, "</main>\n");
	xhtml_tail(&page);
	if (page.oom || extra.oom) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	qout_init(&o, sink);
	qout_write(&o, page.data, page.len);
	st = qout_finish(&o);
out:
	xhtml_free(&x);
	qstr_free(&page);
	qstr_free(&extra);
	free(user_css);
	free(title);
	return st;
}

const struct quire_writer quire_writer_html = {
	.name = "html",
	.extensions = "html,htm",
	.description = "a standalone HTML5 page",
	.binary = false,
	.write = html_write,
};
