/* Nodes to XHTML. Ids, cross-chapter links and footnotes are resolved
 * through a registration pass, so every link in the output points at an
 * id that exists and every id is unique and a valid XML name. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xhtml.h"
#include "../../core/highlight.h"

void xhtml_warn(struct xhtml *x, unsigned line, unsigned column, const char *fmt, ...)
{
	char text[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* Messages name a line only with a file ("FILE:LINE:"): that of
	 * the input the node came from; without one, the line goes into
	 * the text. */
	const char *file = line ? quire_node_file(x->doc, x->at, x->filename) : x->filename;
	if (line && file)
		quire_log_report(x->log, QUIRE_SEV_WARNING, file, line, column, "%s", text);
	else if (line)
		quire_log_report(x->log, QUIRE_SEV_WARNING, NULL, 0, 0, "line %u: %s", line, text);
	else
		quire_log_report(x->log, QUIRE_SEV_WARNING, x->filename, 0, 0, "%s", text);
}

void xhtml_text(struct xhtml *x, struct qstr *out, const char *s, size_t len, unsigned line)
{
	size_t dropped = xml_escape(out, s, len, false);
	if (dropped)
		xhtml_warn(x, line, 0, "removed %zu character%s that XML does not allow", dropped,
		           dropped == 1 ? "" : "s");
}

static void attr(struct xhtml *x, struct qstr *out, const char *s, unsigned line)
{
	size_t dropped = xml_escape(out, s, strlen(s), true);
	if (dropped)
		xhtml_warn(x, line, 0, "removed %zu character%s that XML does not allow", dropped,
		           dropped == 1 ? "" : "s");
}

/* A code block's text, its tokens in <span class="kw"> and the like when
 * highlighting is on and the fence names a language it knows. */
static enum quire_status code_text(struct xhtml *x, struct qstr *out, const quire_node *n)
{
	const char *text = n->as.code.literal.text;
	size_t len = n->as.code.literal.len, count = 0, pos = 0;
	struct quire_token_span *spans = NULL;
	const char *lang = n->as.code.lang;
	enum quire_status st = QUIRE_OK;

	if (hl_theme_for(x->opts) && lang)
		TRY(quire_highlight(quire_highlight_language(lang, strlen(lang)), text, len, &spans,
				    &count));
	for (size_t i = 0; i < count; i++) {
		xhtml_text(x, out, text + pos, spans[i].offset - pos, n->line);
		qstr_printf(out, "<span class=\"%s\">", quire_token_class_name(spans[i].cls));
		xhtml_text(x, out, text + spans[i].offset, spans[i].length, n->line);
		qstr_puts(out, "</span>");
		pos = spans[i].offset + spans[i].length;
	}
	xhtml_text(x, out, text + pos, len - pos, n->line);
out:
	free(spans);
	return st;
}

/* ---- registration ---- */

void xhtml_init(struct xhtml *x, const quire_doc *doc, const struct quire_write_options *opts,
                struct quire_log *log, bool epub, const struct xhtml_hooks *hooks)
{
	memset(x, 0, sizeof(*x));
	x->doc = doc;
	x->opts = opts;
	x->log = log;
	x->filename = opts->filename;
	x->epub = epub;
	if (hooks)
		x->hooks = *hooks;
	x->nnotes = (int)quire_doc_footnotes(doc, &x->notes);
	x->note_chapter = malloc(((size_t)x->nnotes + 1) * sizeof(*x->note_chapter));
	x->queue = malloc(((size_t)x->nnotes + 1) * sizeof(*x->queue));
	if (!x->note_chapter || !x->queue) {
		x->oom = true;
		return;
	}
	for (int i = 0; i <= x->nnotes; i++)
		x->note_chapter[i] = -1;
}

void xhtml_free(struct xhtml *x)
{
	for (size_t i = 0; i < x->ntargets; i++)
		free(x->targets[i].id);
	free(x->targets);
	qset_free(&x->heading_ids);
	qset_free(&x->note_ids);
	qset_free(&x->out_ids);
	free(x->note_chapter);
	free(x->queue);
	memset(x, 0, sizeof(*x));
}

/* Records that key (in keys) lands in chapter under an output id made
 * from wanted: a valid name, unique in the whole book. A key seen before
 * keeps its first target. */
static enum quire_status add_target(struct xhtml *x, struct qset *keys, const char *key,
                                    const char *wanted, int chapter)
{
	enum quire_status st = QUIRE_OK;
	struct qstr name = {0};
	size_t base;
	unsigned *slot = NULL;

	if (qset_has(keys, key))
		goto out;
	xml_ncname(&name, wanted);
	base = name.len;
	for (unsigned k = 2; !name.oom && qset_has(&x->out_ids, name.data); k++) {
		name.len = base;
		qstr_printf(&name, "-%u", k);
	}
	if (name.oom || qset_add(&x->out_ids, name.data, NULL) < 0) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (!QUIRE_RESERVE(x->targets, x->cap_targets, x->ntargets + 1)) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (qset_add(keys, key, &slot) < 0) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	x->targets[x->ntargets].id = name.data;
	x->targets[x->ntargets].chapter = chapter;
	x->targets[x->ntargets].emitted = false;
	name.data = NULL;
	*slot = (unsigned)++x->ntargets;
out:
	qstr_free(&name);
	return st;
}

/* The target of key, or NULL. qset has no lookup that yields the value,
 * so this goes through qset_add, which may grow the set: memory can run
 * out even here, and that is remembered in x->oom. */
static struct xhtml_target *find_target(struct xhtml *x, struct qset *keys, const char *key)
{
	unsigned *slot = NULL;
	if (!qset_has(keys, key))
		return NULL;
	if (qset_add(keys, key, &slot) < 0) {
		x->oom = true;
		return NULL;
	}
	if (slot == NULL || *slot == 0)
		return NULL;
	return &x->targets[*slot - 1];
}

const struct xhtml_target *xhtml_heading_target(struct xhtml *x, const quire_node *heading)
{
	if (heading->kind != QUIRE_HEADING || heading->as.heading.id == NULL)
		return NULL;
	return find_target(x, &x->heading_ids, heading->as.heading.id);
}

static void note_key(char *buf, size_t size, int number, int ref)
{
	if (ref)
		snprintf(buf, size, "%d:%d", number, ref);
	else
		snprintf(buf, size, "%d", number);
}

/* Registers what a subtree renders: heading ids and footnote references.
 * Notes first referenced here are given this chapter. */
static enum quire_status register_tree(struct xhtml *x, quire_node *root, int chapter)
{
	enum quire_status st = QUIRE_OK;
	struct quire_iter it;
	char key[48], id[48];

	quire_iter_init(&it, root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER)
			continue;
		if (n->kind == QUIRE_FOOTNOTE_DEF && n != root) {
			quire_iter_skip_children(&it);
		} else if (n->kind == QUIRE_IMAGE) {
			quire_iter_skip_children(&it);
		} else if (n->kind == QUIRE_HEADING && n->as.heading.id) {
			TRY(add_target(x, &x->heading_ids, n->as.heading.id, n->as.heading.id, chapter));
		} else if (n->kind == QUIRE_FOOTNOTE_REF && n->as.footnote.def) {
			int num = n->as.footnote.number;
			if (num < 1 || num > x->nnotes || x->notes[num - 1] == NULL)
				continue;
			note_key(key, sizeof(key), num, n->as.footnote.ref_index);
			snprintf(id, sizeof(id), "fnref-%d-%d", num, n->as.footnote.ref_index);
			TRY(add_target(x, &x->note_ids, key, id, chapter));
			if (x->note_chapter[num] < 0) {
				x->note_chapter[num] = chapter;
				x->queue[x->nqueue++] = num;
			}
		}
	}
out:
	return st;
}

enum quire_status xhtml_register(struct xhtml *x, int chapter, quire_node *first,
                                 const quire_node *end)
{
	enum quire_status st = QUIRE_OK;
	if (x->oom)
		return QUIRE_ERR_NOMEM;
	for (quire_node *b = first; b && b != end; b = b->next) {
		if (b->kind == QUIRE_FOOTNOTE_DEF)
			continue;
		TRY(register_tree(x, b, chapter));
	}
out:
	return st;
}

enum quire_status xhtml_register_done(struct xhtml *x)
{
	enum quire_status st = QUIRE_OK;
	char key[48], id[48];

	if (x->oom)
		return QUIRE_ERR_NOMEM;
	/* A note goes at the end of the chapter of its first reference.
	 * References inside notes are rendered with their note, so they
	 * may pull further notes into that chapter: a work list, linear. */
	for (int i = 0; i < x->nqueue; i++) {
		int num = x->queue[i];
		int chapter = x->note_chapter[num];
		note_key(key, sizeof(key), num, 0);
		snprintf(id, sizeof(id), "fn-%d", num);
		TRY(add_target(x, &x->note_ids, key, id, chapter));
		TRY(register_tree(x, (quire_node *)x->notes[num - 1], chapter));
	}
out:
	return st;
}

/* ---- rendering ---- */

struct render {
	struct xhtml *x;
	struct qstr *out;
	const quire_node *open_link; /* the link whose <a> is open */
	const quire_node *note;      /* the footnote being rendered */
	/* Per open table: 0 no row group open, 1 <thead>, 2 <tbody>. */
	unsigned char *tables;
	size_t ntables, cap_tables;
};

/* Appends the href of a target as seen from the chapter being rendered. */
static void target_href(struct xhtml *x, struct qstr *out, const struct xhtml_target *t)
{
	if (x->hooks.chapter_href && t->chapter != x->chapter)
		attr(x, out, x->hooks.chapter_href(x->hooks.user, t->chapter), 0);
	qstr_putc(out, '#');
	attr(x, out, t->id, 0);
}

/* The escaped href of a link, or *ok false when the link cannot work and
 * is rendered as its text. */
static enum quire_status link_href(struct render *r, const quire_node *n, struct qstr *href,
                                   bool *ok)
{
	static const char *const refused[] = {"javascript", "vbscript", "data", "file"};
	enum quire_status st = QUIRE_OK;
	struct xhtml *x = r->x;
	const char *url = n->as.link.url;
	size_t scheme_len = 0;
	char *frag = NULL;

	*ok = false;
	/* "" and "#" are placeholders: text, and nothing to warn about. */
	if (url[0] == '\0' || strcmp(url, "#") == 0)
		goto out;
	if (url[0] == '#') {
		/* Fragments name headings by their model id; "%20"-style
		 * escapes are undone first, as a browser would. */
		frag = quire_percent_decode(url + 1, strlen(url + 1), NULL);
		if (frag == NULL) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		const struct xhtml_target *t = find_target(x, &x->heading_ids, frag);
		if (t == NULL)
			t = find_target(x, &x->heading_ids, url + 1);
		if (t == NULL) {
			xhtml_warn(x, n->line, n->column, "link to '%s': no heading has that id; kept as plain text",
			           url);
			goto out;
		}
		target_href(x, href, t);
		*ok = true;
		goto out;
	}
	if (url_has_scheme(url, &scheme_len)) {
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			if (scheme_len == strlen(refused[i]) &&
			    strncasecmp(url, refused[i], scheme_len) == 0) {
				xhtml_warn(x, n->line, n->column, "link to a %s: URL; kept as plain text",
				           refused[i]);
				goto out;
			}
		}
	} else if (url[0] == '/' && url[1] == '/') {
		/* Scheme-relative: a file has no scheme to be relative to. */
		qstr_puts(href, "https:");
	} else if (x->epub) {
		/* A relative file that is not in the book is a broken link in
		 * every reading system. */
		xhtml_warn(x, n->line, n->column, "link to '%s' is not part of the book; kept as plain text", url);
		goto out;
	}
	xml_escape_url(href, url);
	*ok = true;
out:
	free(frag);
	return st;
}

static const char *align_class(const quire_node *cell)
{
	const quire_node *row = cell->parent;
	const quire_node *table = row ? row->parent : NULL;
	int col = cell->as.cell.column;
	enum quire_align align = cell->as.cell.align;
	if (align == QUIRE_ALIGN_NONE) {
		if (table == NULL || table->kind != QUIRE_TABLE || col < 0 ||
		    col >= table->as.table.columns || table->as.table.align == NULL)
			return NULL;
		align = table->as.table.align[col];
	}
	switch (align) {
	case QUIRE_ALIGN_NONE: return NULL;
	case QUIRE_ALIGN_LEFT: return "align-left";
	case QUIRE_ALIGN_CENTER: return "align-center";
	case QUIRE_ALIGN_RIGHT: return "align-right";
	}
	return NULL;
}

/* A header cell with nothing to read is a data cell: an empty <th>
 * names no column for a screen reader (axe: empty-table-header). */
static bool cell_is_blank(const quire_node *cell)
{
	struct quire_iter it;
	quire_iter_init(&it, (quire_node *)cell);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n == cell)
			continue;
		if (n->kind == QUIRE_HTML_INLINE || n->kind == QUIRE_SOFT_BREAK ||
		    n->kind == QUIRE_HARD_BREAK)
			continue;
		if (n->kind != QUIRE_TEXT)
			return false;
		for (size_t i = 0; i < n->as.literal.len; i++)
			if (n->as.literal.text[i] != ' ' && n->as.literal.text[i] != '\t')
				return false;
	}
	return true;
}

static void task_box(struct render *r, const quire_node *item)
{
	qstr_puts(r->out, item->as.item.task == QUIRE_TASK_CHECKED
	                          ? "<span class=\"task-box\">\xE2\x98\x91</span> "
	                          : "<span class=\"task-box\">\xE2\x98\x90</span> ");
}

/* The back-links of the note being rendered: its number links back to the
 * first reference, further references get their own. */
static void note_backlinks(struct render *r)
{
	struct xhtml *x = r->x;
	const quire_node *def = r->note;
	int num = def->as.footnote.number;
	int refs = def->as.footnote.ref_index;
	char key[48];
	bool first = true;

	for (int k = 1; k <= refs; k++) {
		note_key(key, sizeof(key), num, k);
		const struct xhtml_target *t = find_target(x, &x->note_ids, key);
		if (t == NULL)
			continue;
		qstr_puts(r->out, "<a class=\"footnote-back\" role=\"doc-backlink\" href=\"");
		target_href(x, r->out, t);
		if (first)
			qstr_printf(r->out, "\">%d.</a> ", num);
		else
			qstr_printf(r->out, "\" aria-label=\"back to reference %d\">\xE2\x86\xA9%d</a> ",
			            k, k);
		first = false;
	}
}

static enum quire_status table_push(struct render *r)
{
	if (!QUIRE_RESERVE(r->tables, r->cap_tables, r->ntables + 1))
		return QUIRE_ERR_NOMEM;
	r->tables[r->ntables++] = 0;
	return QUIRE_OK;
}

static const char *const group_close[] = {"", "</thead>\n", "</tbody>\n"};

/* A paragraph; in a tight list item, its bare text. The first paragraph
 * of a task item starts with the box, of a note with its back-links. */
static void render_paragraph(struct render *r, const quire_node *n, bool enter)
{
	struct qstr *out = r->out;
	/* A tight definition list's definitions, as pandoc writes them. */
	bool tight_definition = n->parent && n->parent->kind == QUIRE_DEFINITION &&
	                        n->parent->parent &&
	                        n->parent->parent->kind == QUIRE_DEFINITION_LIST &&
	                        n->parent->parent->as.deflist.tight;

	if (quire_list_item_is_tight(n->parent) || tight_definition) {
		/* A following block still starts on its own line. */
		if (enter && n->prev == NULL && !tight_definition &&
		    n->parent->as.item.task != QUIRE_TASK_NONE)
			task_box(r, n->parent);
		if (!enter && n->next)
			qstr_putc(out, '\n');
		return;
	}
	if (!enter) {
		qstr_puts(out, "</p>\n");
		return;
	}
	qstr_puts(out, "<p>");
	if (n->parent && n->parent->kind == QUIRE_LIST_ITEM && n->prev == NULL &&
	    n->parent->as.item.task != QUIRE_TASK_NONE)
		task_box(r, n->parent);
	if (r->note && n->parent == r->note && n->prev == NULL)
		note_backlinks(r);
}

static void render_table_row(struct render *r, const quire_node *n, bool enter)
{
	struct qstr *out = r->out;

	if (!enter) {
		qstr_puts(out, "</tr>\n");
		return;
	}
	if (r->ntables > 0 && n->parent && n->parent->kind == QUIRE_TABLE) {
		/* Only leading header rows can be a <thead>; HTML has no head
		 * after the body. */
		unsigned char *group = &r->tables[r->ntables - 1];
		unsigned char want = n->as.row.header && *group != 2 ? 1 : 2;
		if (*group != want) {
			qstr_puts(out, group_close[*group]);
			qstr_puts(out, want == 1 ? "<thead>\n" : "<tbody>\n");
			*group = want;
		}
	}
	qstr_puts(out, "<tr>");
}

/* A heading carries its id where it lands first, in its own chapter. */
static void render_heading(struct render *r, const quire_node *n, bool enter)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	int level = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;

	if (!enter) {
		qstr_printf(out, "</h%d>\n", level);
		return;
	}
	struct xhtml_target *t = n->as.heading.id ? find_target(x, &x->heading_ids, n->as.heading.id)
	                                          : NULL;
	if (t && !t->emitted && t->chapter == x->chapter) {
		qstr_printf(out, "<h%d id=\"", level);
		attr(x, out, t->id, 0);
		qstr_puts(out, "\">");
		t->emitted = true;
	} else {
		qstr_printf(out, "<h%d>", level);
	}
}

/* The title attribute of a link or image, when it has a title. */
static void title_attr(struct xhtml *x, struct qstr *out, const quire_node *n)
{
	if (n->as.link.title[0] == '\0')
		return;
	qstr_puts(out, " title=\"");
	attr(x, out, n->as.link.title, n->line);
	qstr_putc(out, '"');
}

static enum quire_status render_link(struct render *r, const quire_node *n, bool enter)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	enum quire_status st = QUIRE_OK;
	struct qstr href = {0};
	bool ok;

	if (!enter) {
		if (r->open_link == n) {
			qstr_puts(out, "</a>");
			r->open_link = NULL;
		}
		goto out;
	}
	/* A link inside a link would nest <a>: keep the outer one. */
	if (r->open_link)
		goto out;
	TRY(link_href(r, n, &href, &ok));
	if (!ok)
		goto out;
	qstr_puts(out, "<a href=\"");
	qstr_append(out, href.data, href.len);
	qstr_putc(out, '"');
	title_attr(x, out, n);
	qstr_putc(out, '>');
	r->open_link = n;
out:
	qstr_free(&href);
	return st;
}

/* The size an image asks for. HTML's width and height attributes take
 * whole CSS pixels only; a percentage is a style. The stylesheet's
 * "height: auto" would undo a height alone, so that one is a style too. */
static void size_attrs(struct qstr *out, const quire_node *n)
{
	struct quire_length w = n->as.link.width, h = n->as.link.height;
	if (w.unit == QUIRE_UNIT_PX)
		qstr_printf(out, " width=\"%.0f\"", w.value < 1 ? 1 : w.value);
	if (h.unit == QUIRE_UNIT_PX)
		qstr_printf(out, " height=\"%.0f\"", h.value < 1 ? 1 : h.value);
	if (w.unit == QUIRE_UNIT_PERCENT)
		qstr_printf(out, " style=\"width: %g%%\"", w.value);
	else if (w.unit == QUIRE_UNIT_NONE && h.unit == QUIRE_UNIT_PX)
		qstr_printf(out, " style=\"height: %.0fpx; width: auto\"",
		            h.value < 1 ? 1 : h.value);
}

static void img_tag(struct render *r, const quire_node *n, const struct qstr *href, const char *alt)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;

	qstr_puts(out, "<img src=\"");
	qstr_append(out, href->data, href->len);
	qstr_puts(out, "\" alt=\"");
	attr(x, out, alt, n->line);
	qstr_putc(out, '"');
	title_attr(x, out, n);
	size_attrs(out, n);
	qstr_puts(out, "/>");
}

/* An image the backend has no file for: a framed box with what the
 * document says of it, its alt text and its file name (the warning has
 * said why). A block of its own when the image is alone in its
 * paragraph, as the PDF frames it. */
static void missing_box(struct render *r, const quire_node *n, const char *alt, bool block)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	const char *url = n->as.link.url;
	const char *tag = block ? "div" : "span";

	if (alt[0] == '\0' && url[0] == '\0')
		return;
	qstr_printf(out, "<%s class=\"missing-image\">", tag);
	if (alt[0]) {
		qstr_puts(out, "<span class=\"missing-alt\">");
		xhtml_text(x, out, alt, strlen(alt), n->line);
		qstr_puts(out, "</span>");
	}
	if (alt[0] && url[0])
		qstr_puts(out, block ? "<br/>" : " ");
	if (url[0]) {
		qstr_puts(out, "<span class=\"missing-file\">");
		xhtml_text(x, out, url, strlen(url), n->line);
		qstr_puts(out, "</span>");
	}
	qstr_printf(out, "</%s>", tag);
	if (block)
		qstr_putc(out, '\n');
}

/* An image, or a box with its description when the backend has no file
 * for it. */
static enum quire_status render_image(struct render *r, const quire_node *n)
{
	struct xhtml *x = r->x;
	enum quire_status st = QUIRE_OK;
	struct qstr href = {0};
	char *alt = quire_node_plain_text(n);
	bool found = false;

	if (alt == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (x->hooks.image_src)
		TRY(x->hooks.image_src(x->hooks.user, n, &href, &found));
	if (found)
		img_tag(r, n, &href, alt);
	else
		missing_box(r, n, alt, false);
out:
	qstr_free(&href);
	free(alt);
	return st;
}

static enum quire_status render_tree(struct render *r, quire_node *root);

/* What the first paragraph of a task item or of a note starts with (its
 * box, its back-links), before a lone image that is no paragraph. */
static void lead_in(struct render *r, const quire_node *para)
{
	const quire_node *item = para->parent;
	bool task = item && item->kind == QUIRE_LIST_ITEM && para->prev == NULL &&
	            item->as.item.task != QUIRE_TASK_NONE;
	bool back = r->note && item == r->note && para->prev == NULL;
	bool tight = quire_list_item_is_tight(item);

	if (!task && !back)
		return;
	if (!tight)
		qstr_puts(r->out, "<p>");
	if (task)
		task_box(r, item);
	if (back)
		note_backlinks(r);
	qstr_puts(r->out, tight ? "\n" : "</p>\n");
}

/* A paragraph that is one image (quire_lone_image): with a caption, a
 * <figure> with the image and a <figcaption>, as the PDF sets it; one
 * whose file is missing, a block box with its description (in a figure
 * when it has a title to caption it with); otherwise the paragraph as
 * any other. */
static enum quire_status render_lone_image(struct render *r, const quire_node *para,
                                           const quire_node *image, const quire_node *link)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	enum quire_status st = QUIRE_OK;
	struct qstr href = {0};
	char *alt = quire_node_plain_text(image);
	enum quire_caption_from from = quire_lone_image_caption(image);
	bool found = false;

	if (alt == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (x->hooks.image_src)
		TRY(x->hooks.image_src(x->hooks.user, image, &href, &found));
	if (found && from == QUIRE_CAPTION_NONE) {
		render_paragraph(r, para, true);
		if (link)
			TRY(render_link(r, link, true));
		img_tag(r, image, &href, alt);
		if (link)
			TRY(render_link(r, link, false));
		render_paragraph(r, para, false);
		goto out;
	}
	lead_in(r, para);
	/* The box shows the alt text already: only a title captions it. */
	if (!found && from != QUIRE_CAPTION_TITLE) {
		missing_box(r, image, alt, true);
		goto out;
	}
	qstr_puts(out, "<figure>\n");
	if (!found) {
		missing_box(r, image, alt, true);
	} else {
		if (link)
			TRY(render_link(r, link, true));
		img_tag(r, image, &href, alt);
		if (link)
			TRY(render_link(r, link, false));
		qstr_putc(out, '\n');
	}
	qstr_puts(out, "<figcaption>");
	if (from == QUIRE_CAPTION_TITLE)
		xhtml_text(x, out, image->as.link.title, strlen(image->as.link.title), image->line);
	else
		for (quire_node *c = image->first_child; c; c = c->next)
			TRY(render_tree(r, c));
	qstr_puts(out, "</figcaption>\n</figure>\n");
out:
	qstr_free(&href);
	free(alt);
	return st;
}

/* A note's number, linked to the note; an undefined one as written. */
static void render_note_ref(struct render *r, const quire_node *n)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	int num = n->as.footnote.number;
	char key[48];
	const struct xhtml_target *ref = NULL, *note = NULL;

	if (n->as.footnote.def && num >= 1 && num <= x->nnotes) {
		note_key(key, sizeof(key), num, n->as.footnote.ref_index);
		ref = find_target(x, &x->note_ids, key);
		note_key(key, sizeof(key), num, 0);
		note = find_target(x, &x->note_ids, key);
	}
	if (ref == NULL || note == NULL) {
		/* An undefined note stays as it was written. */
		qstr_puts(out, "[^");
		xhtml_text(x, out, n->as.footnote.label, strlen(n->as.footnote.label), n->line);
		qstr_putc(out, ']');
		return;
	}
	if (r->open_link) {
		qstr_puts(out, "<sup id=\"");
		attr(x, out, ref->id, 0);
		qstr_printf(out, "\">%d</sup>", num);
		return;
	}
	qstr_puts(out, "<sup><a class=\"noteref\" id=\"");
	attr(x, out, ref->id, 0);
	qstr_puts(out, "\" href=\"");
	target_href(x, out, note);
	qstr_puts(out, x->epub ? "\" epub:type=\"noteref\" role=\"doc-noteref\">"
	                       : "\" role=\"doc-noteref\">");
	qstr_printf(out, "%d</a></sup>", num);
}

static enum quire_status render_node(struct render *r, quire_node *n, bool enter, bool *skip)
{
	struct xhtml *x = r->x;
	struct qstr *out = r->out;
	enum quire_status st = QUIRE_OK;

	switch (n->kind) {
	case QUIRE_DOCUMENT:
		break;
	case QUIRE_HEADING:
		render_heading(r, n, enter);
		break;
	case QUIRE_PARAGRAPH: {
		const quire_node *link, *image = quire_lone_image(n, &link);
		if (image == NULL)
			render_paragraph(r, n, enter);
		else if (enter)
			TRY(render_lone_image(r, n, image, link));
		*skip = enter && image != NULL;
		break;
	}
	case QUIRE_FIGURE:
		qstr_puts(out, enter ? "<figure>\n" : "</figure>\n");
		break;
	case QUIRE_CAPTION:
		/* Only a figure's child (doc.h); anywhere else HTML would
		 * not have it. */
		if (n->parent && n->parent->kind == QUIRE_FIGURE)
			qstr_puts(out, enter ? "<figcaption>" : "</figcaption>\n");
		else
			qstr_puts(out, enter ? "<p class=\"caption\">" : "</p>\n");
		break;
	case QUIRE_BLOCK_QUOTE:
		qstr_puts(out, enter ? "<blockquote>\n" : "</blockquote>\n");
		break;
	case QUIRE_ADMONITION:
		/* A div, not an aside: some reading systems hide asides or
		 * show them only as pop-ups, and this text belongs in the
		 * flow. role="note" says what it is. */
		if (enter)
			qstr_printf(out,
			            "<div class=\"admonition %s\" role=\"note\">\n"
			            "<p class=\"admonition-title\">%s</p>\n",
			            quire_admonition_name(n->as.admonition.type),
			            quire_admonition_label(n->as.admonition.type));
		else
			qstr_puts(out, "</div>\n");
		break;
	case QUIRE_DEFINITION_LIST:
		qstr_puts(out, enter ? "<dl>\n" : "</dl>\n");
		break;
	/* HTML's dl holds groups of terms each followed by definitions: a
	 * term without a definition gets an empty one, a definition without
	 * a term an empty term. */
	case QUIRE_DEFINITION_TERM:
		qstr_puts(out, enter ? "<dt>" : "</dt>\n");
		if (!enter && (n->next == NULL || (n->next->kind != QUIRE_DEFINITION_TERM &&
		                                   n->next->kind != QUIRE_DEFINITION)))
			qstr_puts(out, "<dd></dd>\n");
		break;
	case QUIRE_DEFINITION:
		if (enter && (n->prev == NULL || (n->prev->kind != QUIRE_DEFINITION_TERM &&
		                                  n->prev->kind != QUIRE_DEFINITION)))
			qstr_puts(out, "<dt></dt>\n");
		qstr_puts(out, enter ? "<dd>" : "</dd>\n");
		break;
	case QUIRE_DETAILS:
		qstr_puts(out, enter ? "<details>\n" : "</details>\n");
		break;
	case QUIRE_SUMMARY:
		qstr_puts(out, enter ? "<summary>" : "</summary>\n");
		break;
	case QUIRE_BULLET_LIST:
		qstr_puts(out, enter ? "<ul>\n" : "</ul>\n");
		break;
	case QUIRE_ORDERED_LIST:
		if (!enter)
			qstr_puts(out, "</ol>\n");
		else if (n->as.list.start != 1)
			qstr_printf(out, "<ol start=\"%d\">\n", n->as.list.start);
		else
			qstr_puts(out, "<ol>\n");
		break;
	case QUIRE_LIST_ITEM:
		if (!enter) {
			qstr_puts(out, "</li>\n");
			break;
		}
		if (n->as.item.task == QUIRE_TASK_NONE) {
			qstr_puts(out, "<li>");
			break;
		}
		qstr_puts(out, "<li class=\"task\">");
		if (n->first_child == NULL || n->first_child->kind != QUIRE_PARAGRAPH)
			task_box(r, n);
		break;
	case QUIRE_CODE_BLOCK:
		qstr_puts(out, "<pre><code");
		if (n->as.code.lang && n->as.code.lang[0]) {
			qstr_puts(out, " class=\"language-");
			attr(x, out, n->as.code.lang, n->line);
			qstr_putc(out, '"');
		}
		qstr_putc(out, '>');
		TRY(code_text(x, out, n));
		qstr_puts(out, "</code></pre>\n");
		break;
	case QUIRE_THEMATIC_BREAK:
		qstr_puts(out, "<hr/>\n");
		break;
	case QUIRE_TABLE:
		if (enter) {
			TRY(table_push(r));
			qstr_puts(out, "<table>\n");
		} else if (r->ntables > 0) {
			qstr_puts(out, group_close[r->tables[--r->ntables]]);
			qstr_puts(out, "</table>\n");
		}
		break;
	case QUIRE_TABLE_ROW:
		render_table_row(r, n, enter);
		break;
	case QUIRE_TABLE_CELL: {
		bool head = n->parent && n->parent->kind == QUIRE_TABLE_ROW &&
		            n->parent->as.row.header && !cell_is_blank(n);
		const char *cls = align_class(n);
		if (!enter) {
			qstr_puts(out, head ? "</th>" : "</td>");
			break;
		}
		qstr_puts(out, head ? "<th scope=\"col\"" : "<td");
		if (cls)
			qstr_printf(out, " class=\"%s\"", cls);
		if (n->as.cell.colspan > 1)
			qstr_printf(out, " colspan=\"%d\"", n->as.cell.colspan);
		if (n->as.cell.rowspan > 1)
			qstr_printf(out, " rowspan=\"%d\"", n->as.cell.rowspan);
		qstr_putc(out, '>');
		break;
	}
	case QUIRE_FOOTNOTE_DEF:
		/* Notes are rendered at the end of their chapter. */
		if (enter)
			*skip = true;
		break;
	case QUIRE_HTML_BLOCK:
	case QUIRE_HTML_INLINE:
		/* Raw HTML is never emitted: it cannot be trusted to be
		 * well-formed, nor safe. */
		break;
	case QUIRE_TEXT:
		xhtml_text(x, out, n->as.literal.text, n->as.literal.len, n->line);
		break;
	case QUIRE_SOFT_BREAK:
		qstr_putc(out, '\n');
		break;
	case QUIRE_HARD_BREAK:
		qstr_puts(out, "<br/>\n");
		break;
	case QUIRE_EMPH:
		qstr_puts(out, enter ? "<em>" : "</em>");
		break;
	case QUIRE_STRONG:
		qstr_puts(out, enter ? "<strong>" : "</strong>");
		break;
	case QUIRE_STRIKETHROUGH:
		qstr_puts(out, enter ? "<del>" : "</del>");
		break;
	case QUIRE_SUPERSCRIPT:
		qstr_puts(out, enter ? "<sup>" : "</sup>");
		break;
	case QUIRE_SUBSCRIPT:
		qstr_puts(out, enter ? "<sub>" : "</sub>");
		break;
	case QUIRE_KBD:
		qstr_puts(out, enter ? "<kbd>" : "</kbd>");
		break;
	case QUIRE_MARK:
		qstr_puts(out, enter ? "<mark>" : "</mark>");
		break;
	case QUIRE_UNDERLINE:
		qstr_puts(out, enter ? "<u>" : "</u>");
		break;
	case QUIRE_CODE:
		qstr_puts(out, "<code>");
		xhtml_text(x, out, n->as.literal.text, n->as.literal.len, n->line);
		qstr_puts(out, "</code>");
		break;
	case QUIRE_LINK:
		TRY(render_link(r, n, enter));
		break;
	case QUIRE_IMAGE:
		if (enter) {
			*skip = true;
			TRY(render_image(r, n));
		}
		break;
	case QUIRE_FOOTNOTE_REF:
		render_note_ref(r, n);
		break;
	}
out:
	return st;
}

static enum quire_status render_tree(struct render *r, quire_node *root)
{
	enum quire_status st = QUIRE_OK;
	struct quire_iter it;

	quire_iter_init(&it, root);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		bool skip = false;
		r->x->at = quire_iter_node(&it);
		TRY(render_node(r, quire_iter_node(&it), it.event == QUIRE_EV_ENTER, &skip));
		if (skip)
			quire_iter_skip_children(&it);
	}
out:
	return st;
}

static enum quire_status render_note(struct render *r, const quire_node *def)
{
	enum quire_status st = QUIRE_OK;
	struct xhtml *x = r->x;
	char key[48];

	note_key(key, sizeof(key), def->as.footnote.number, 0);
	const struct xhtml_target *t = find_target(x, &x->note_ids, key);
	if (t == NULL)
		goto out;
	qstr_puts(r->out, "<aside class=\"footnote\" id=\"");
	attr(x, r->out, t->id, 0);
	qstr_puts(r->out, x->epub ? "\" epub:type=\"footnote\" role=\"doc-footnote\">\n"
	                          : "\" role=\"doc-footnote\">\n");
	r->note = def;
	if (def->first_child == NULL || def->first_child->kind != QUIRE_PARAGRAPH) {
		qstr_puts(r->out, "<p>");
		note_backlinks(r);
		qstr_puts(r->out, "</p>\n");
	}
	for (quire_node *c = def->first_child; c; c = c->next)
		TRY(render_tree(r, c));
	qstr_puts(r->out, "</aside>\n");
out:
	r->note = NULL;
	return st;
}

enum quire_status xhtml_render(struct xhtml *x, int chapter, quire_node *first,
                               const quire_node *end, struct qstr *out)
{
	enum quire_status st = QUIRE_OK;
	struct render r = {.x = x, .out = out};
	bool any_note = false;

	if (x->oom)
		return QUIRE_ERR_NOMEM;
	x->chapter = chapter;
	for (quire_node *b = first; b && b != end; b = b->next)
		TRY(render_tree(&r, b));
	/* Notes come in the order of their numbers, which is the order of
	 * their first references. */
	for (int num = 1; num <= x->nnotes; num++) {
		if (x->note_chapter[num] != chapter || x->notes[num - 1] == NULL)
			continue;
		if (!any_note)
			qstr_puts(out, "<hr class=\"footnotes\"/>\n");
		any_note = true;
		TRY(render_note(&r, x->notes[num - 1]));
	}
	if (out->oom || x->oom)
		st = QUIRE_ERR_NOMEM;
out:
	free(r.tables);
	return st;
}

/* ---- pages ---- */

void xhtml_head(struct qstr *out, const struct xhtml_page *page)
{
	if (page->xml)
		qstr_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	qstr_puts(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"");
	if (page->epub)
		qstr_puts(out, " xmlns:epub=\"http://www.idpf.org/2007/ops\"");
	qstr_puts(out, " lang=\"");
	xml_escape(out, page->lang, strlen(page->lang), true);
	qstr_puts(out, "\" xml:lang=\"");
	xml_escape(out, page->lang, strlen(page->lang), true);
	qstr_puts(out, "\">\n<head>\n");
	if (!page->xml)
		qstr_puts(out, "<meta charset=\"utf-8\"/>\n");
	qstr_puts(out, "<title>");
	xml_escape(out, page->title, strlen(page->title), false);
	qstr_puts(out, "</title>\n");
	if (page->extra_head)
		qstr_puts(out, page->extra_head);
	for (const char *const *h = page->css_hrefs; h && *h; h++) {
		qstr_puts(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
		xml_escape(out, *h, strlen(*h), true);
		qstr_puts(out, "\"/>\n");
	}
	for (const char *const *css = page->inline_css; css && *css; css++) {
		qstr_puts(out, "<style>\n");
		/* The style element's text ends at the first "</style"; a
		 * backslash keeps the CSS meaning and breaks that match. */
		for (const char *p = *css; *p;) {
			const char *lt = strstr(p, "</");
			if (lt == NULL) {
				qstr_puts(out, p);
				break;
			}
			qstr_append(out, p, (size_t)(lt - p));
			qstr_puts(out, "<\\/");
			p = lt + 2;
		}
		qstr_puts(out, "\n</style>\n");
	}
	qstr_puts(out, "</head>\n<body");
	if (page->body_attrs) {
		qstr_putc(out, ' ');
		qstr_puts(out, page->body_attrs);
	}
	qstr_puts(out, ">\n");
}

void xhtml_tail(struct qstr *out)
{
	qstr_puts(out, "</body>\n</html>\n");
}

static void meta_text(struct xhtml *x, struct qstr *out, const char *s)
{
	size_t dropped = xml_escape(out, s, strlen(s), false);
	if (dropped)
		xhtml_warn(x, 0, 0, "removed %zu character%s that XML does not allow from the metadata",
		           dropped, dropped == 1 ? "" : "s");
}

void xhtml_title_block(struct xhtml *x, struct qstr *out, const char *title)
{
	const struct quire_meta *m = quire_doc_meta(x->doc);

	qstr_puts(out, "<h1 class=\"title\">");
	meta_text(x, out, title);
	qstr_puts(out, "</h1>\n");
	if (m->subtitle) {
		qstr_puts(out, "<p class=\"subtitle\">");
		meta_text(x, out, m->subtitle);
		qstr_puts(out, "</p>\n");
	}
	for (size_t i = 0; i < m->author_count; i++) {
		qstr_puts(out, "<p class=\"author\">");
		meta_text(x, out, m->authors[i]);
		qstr_puts(out, "</p>\n");
	}
	if (m->date) {
		char shown[QUIRE_DATE_MAX];
		qstr_puts(out, "<p class=\"date\">");
		meta_text(x, out, quire_date_display(m->date, m->lang, shown, sizeof(shown)));
		qstr_puts(out, "</p>\n");
	}
	if (m->description) {
		qstr_puts(out, "<p class=\"description\">");
		meta_text(x, out, m->description);
		qstr_puts(out, "</p>\n");
	}
}

int xhtml_toc_nest(struct xhtml_toc_nesting *nesting, int level)
{
	int *levels = nesting->levels, closed = 0;

	if (nesting->depth == 0 ||
	    (level > levels[nesting->depth - 1] && nesting->depth < XHTML_TOC_MAX_DEPTH)) {
		levels[nesting->depth++] = level;
		return 0;
	}
	while (nesting->depth > 1 && level <= levels[nesting->depth - 2]) {
		nesting->depth--;
		closed++;
	}
	levels[nesting->depth - 1] = level;
	return closed + 1;
}

enum quire_status xhtml_drain(const struct xhtml_drain *d, struct qstr *out)
{
	if (d == NULL || (out->len < XHTML_DRAIN_AT && !out->oom))
		return QUIRE_OK;
	return d->fn(d->user, out);
}

void xhtml_toc_list_add(struct xhtml_toc_lister *l, struct qstr *out,
                        const struct xhtml_toc_entry *entry)
{
	if (l->n == 0)
		qstr_puts(out, "<ol>\n");
	int closed = xhtml_toc_nest(&l->nesting, entry->level);
	if (closed == 0) {
		qstr_puts(out, l->n == 0 ? "<li>" : "\n<ol>\n<li>");
	} else {
		/* The item before, and the lists it climbs out of. */
		while (--closed > 0)
			qstr_puts(out, "</li>\n</ol>\n");
		qstr_puts(out, "</li>\n<li>");
	}
	qstr_puts(out, "<a href=\"");
	xml_escape(out, entry->href, strlen(entry->href), true);
	qstr_puts(out, "\">");
	xml_escape(out, entry->text, strlen(entry->text), false);
	qstr_puts(out, "</a>");
	l->n++;
}

void xhtml_toc_list_end(struct xhtml_toc_lister *l, struct qstr *out)
{
	if (l->n == 0)
		return;
	while (l->nesting.depth > 0) {
		qstr_puts(out, "</li>\n");
		if (--l->nesting.depth > 0)
			qstr_puts(out, "</ol>\n");
	}
	qstr_puts(out, "</ol>\n");
}

void xhtml_toc_list(struct qstr *out, const struct xhtml_toc_entry *entries, size_t n)
{
	struct xhtml_toc_lister l = {0};

	for (size_t i = 0; i < n; i++)
		xhtml_toc_list_add(&l, out, &entries[i]);
	xhtml_toc_list_end(&l, out);
}

enum quire_status xhtml_toc_add(struct xhtml_toc *t, int level, const char *file, const char *id,
                                const char *text)
{
	size_t file_len = file ? strlen(file) : 0, id_len = id ? strlen(id) : 0;
	char *href = malloc(file_len + id_len + 2);

	if (href == NULL || !QUIRE_RESERVE(t->entries, t->cap_entries, t->n + 1) ||
	    !QUIRE_RESERVE(t->hrefs, t->cap_hrefs, t->n + 1)) {
		free(href);
		return QUIRE_ERR_NOMEM;
	}
	memcpy(href, file ? file : "", file_len);
	href[file_len] = '\0';
	if (id) {
		href[file_len] = '#';
		memcpy(href + file_len + 1, id, id_len + 1);
	}
	t->entries[t->n] = (struct xhtml_toc_entry){.level = level, .href = href, .text = text};
	t->hrefs[t->n++] = href;
	return QUIRE_OK;
}

void xhtml_toc_free(struct xhtml_toc *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->hrefs[i]);
	free(t->hrefs);
	free(t->entries);
	memset(t, 0, sizeof(*t));
}

const char *xhtml_lang(const quire_doc *doc)
{
	const char *lang = quire_doc_meta(doc)->lang;
	if (lang == NULL || lang[0] == '\0' || strlen(lang) > 35)
		return "en";
	/* BCP 47 in outline: alphanumeric subtags of 1 to 8, '-' between. */
	size_t run = 0;
	for (const char *p = lang; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9');
		if (alnum && ++run <= 8)
			continue;
		if (*p == '-' && run > 0 && p[1]) {
			run = 0;
			continue;
		}
		return "en";
	}
	return lang;
}

char *xhtml_doc_title(const quire_doc *doc)
{
	const struct quire_meta *m = quire_doc_meta(doc);
	struct quire_iter it;

	if (m->title && m->title[0])
		return strdup(m->title);
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER || n->kind != QUIRE_HEADING)
			continue;
		char *text = quire_node_plain_text(n);
		if (text == NULL || text[0])
			return text;
		free(text);
	}
	return strdup("Untitled");
}
