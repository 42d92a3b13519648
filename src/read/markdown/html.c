/* Raw HTML into the model: see html.h. */
#include "read/markdown/html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <gumbo.h>

/* What an element becomes. */
enum el {
	EL_TRANSPARENT, /* its content stays, in order */
	EL_DROP,        /* not shown, with a warning: scripts, embedded objects, forms */
	EL_HIDDEN,      /* shows nothing anyway: metadata, column specs, <wbr> */
	EL_BREAK,
	EL_RULE,
	EL_IMAGE,
	EL_LINK,
	EL_INLINE, /* a container of the kind in the table */
	EL_CODE,
	EL_PRE,
	EL_PARA,
	EL_HEADING,
	EL_QUOTE,
	EL_BULLETS,
	EL_NUMBERS,
	EL_ITEM,
	EL_TABLE,
	EL_ROW,
	EL_CELL,
	EL_TITLE,   /* a <dt> outside a <dl>: a paragraph in bold */
	EL_DLIST,   /* <dl> */
	EL_TERM,    /* <dt> */
	EL_DEF,     /* <dd> */
	EL_DETAILS, /* <details> */
	EL_SUMMARY, /* <summary> */
	EL_FIGURE,
	EL_CAPTION, /* <figcaption>: a figure's caption, or a paragraph elsewhere */
};

struct element {
	const char *name;
	enum el el;
	enum quire_kind kind; /* EL_INLINE */
};

/* In strcmp() order, for bsearch(). Any element not here is transparent. */
static const struct element elements[] = {
	{"a", EL_LINK, QUIRE_LINK},
	{"applet", EL_DROP, 0},
	{"audio", EL_DROP, 0},
	{"b", EL_INLINE, QUIRE_STRONG},
	{"base", EL_HIDDEN, 0},
	{"blockquote", EL_QUOTE, 0},
	{"br", EL_BREAK, 0},
	{"canvas", EL_DROP, 0},
	{"cite", EL_INLINE, QUIRE_EMPH},
	{"code", EL_CODE, 0},
	{"col", EL_HIDDEN, 0},
	{"colgroup", EL_HIDDEN, 0},
	{"dd", EL_DEF, 0},
	{"del", EL_INLINE, QUIRE_STRIKETHROUGH},
	{"details", EL_DETAILS, 0},
	{"dfn", EL_INLINE, QUIRE_EMPH},
	{"dl", EL_DLIST, 0},
	{"dt", EL_TERM, 0},
	{"em", EL_INLINE, QUIRE_EMPH},
	{"embed", EL_DROP, 0},
	{"figcaption", EL_CAPTION, 0},
	{"figure", EL_FIGURE, 0},
	{"form", EL_DROP, 0},
	{"frame", EL_DROP, 0},
	{"frameset", EL_DROP, 0},
	{"h1", EL_HEADING, 0},
	{"h2", EL_HEADING, 0},
	{"h3", EL_HEADING, 0},
	{"h4", EL_HEADING, 0},
	{"h5", EL_HEADING, 0},
	{"h6", EL_HEADING, 0},
	{"head", EL_HIDDEN, 0},
	{"hr", EL_RULE, 0},
	{"i", EL_INLINE, QUIRE_EMPH},
	{"iframe", EL_DROP, 0},
	{"img", EL_IMAGE, 0},
	{"input", EL_DROP, 0},
	{"ins", EL_INLINE, QUIRE_UNDERLINE},
	{"kbd", EL_INLINE, QUIRE_KBD},
	{"li", EL_ITEM, 0},
	{"link", EL_HIDDEN, 0},
	{"mark", EL_INLINE, QUIRE_MARK},
	{"math", EL_DROP, 0},
	{"meta", EL_HIDDEN, 0},
	{"noembed", EL_HIDDEN, 0},
	{"object", EL_DROP, 0},
	{"ol", EL_NUMBERS, 0},
	{"p", EL_PARA, 0},
	{"pre", EL_PRE, 0},
	{"s", EL_INLINE, QUIRE_STRIKETHROUGH},
	{"samp", EL_CODE, 0},
	{"script", EL_DROP, 0},
	{"select", EL_DROP, 0},
	{"strike", EL_INLINE, QUIRE_STRIKETHROUGH},
	{"strong", EL_INLINE, QUIRE_STRONG},
	{"style", EL_DROP, 0},
	{"sub", EL_INLINE, QUIRE_SUBSCRIPT},
	{"summary", EL_SUMMARY, 0},
	{"sup", EL_INLINE, QUIRE_SUPERSCRIPT},
	{"svg", EL_DROP, 0},
	{"table", EL_TABLE, 0},
	{"td", EL_CELL, 0},
	{"template", EL_DROP, 0},
	{"textarea", EL_DROP, 0},
	{"th", EL_CELL, 0},
	{"title", EL_HIDDEN, 0},
	{"tr", EL_ROW, 0},
	{"tt", EL_CODE, 0},
	{"u", EL_INLINE, QUIRE_UNDERLINE},
	{"ul", EL_BULLETS, 0},
	{"var", EL_INLINE, QUIRE_EMPH},
	{"video", EL_DROP, 0},
	{"wbr", EL_HIDDEN, 0},
};

static int element_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct element *)e)->name);
}

static const struct element transparent = {"", EL_TRANSPARENT, 0};

static const struct element *element_of(const char *name)
{
	const struct element *e = bsearch(name, elements, sizeof(elements) / sizeof(elements[0]),
	                                  sizeof(elements[0]), element_cmp);
	return e ? e : &transparent;
}

/* The element's name in lower case, at most size - 1 bytes (longer names
 * are no element of the table). */
static void element_name(const GumboNode *g, char *name, size_t size)
{
	const char *known = gumbo_normalized_tagname(g->v.element.tag);
	size_t n = 0;

	if (known && *known) {
		n = strlen(known);
		if (n >= size)
			n = 0;
		memcpy(name, known, n);
	} else {
		GumboStringPiece piece = g->v.element.original_tag;
		gumbo_tag_from_original_text(&piece);
		for (; n < piece.length && n + 1 < size; n++) {
			char ch = piece.data[n];
			name[n] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		if (n < piece.length)
			n = 0;
	}
	name[n] = '\0';
}

static const char *attribute(const GumboNode *g, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&g->v.element.attributes, name);
	return a ? a->value : NULL;
}

/* ---- gumbo on the parse's allocator ---- */

static void *gumbo_alloc(void *user, size_t size)
{
	struct cmark_mem *mem = user;
	return mem->calloc(1, size ? size : 1);
}

static void gumbo_dealloc(void *user, void *p)
{
	struct cmark_mem *mem = user;
	mem->free(p);
}

/* gumbo's options with the parse's allocator. */
static GumboOptions options(struct md_html *h)
{
	GumboOptions o = kGumboDefaultOptions;
	o.allocator = gumbo_alloc;
	o.deallocator = gumbo_dealloc;
	o.userdata = h->mem;
	return o;
}

static GumboOutput *parse(struct md_html *h, const char *s, size_t len, GumboTag context)
{
	GumboOptions o = options(h);
	o.max_errors = 0; /* errors are not reported: keep none */
	o.fragment_context = context;
	return gumbo_parse_with_options(&o, s, len);
}

/* gumbo frees its tree recursively: a deep one is left to the arena,
 * which goes whole when the parse ends. */
static void release(struct md_html *h, GumboOutput *out, size_t depth)
{
	GumboOptions o = options(h);
	if (out && depth < 200)
		gumbo_destroy_output(&o, out);
}

static void warn_dropped(struct md_html *h, const char *name, unsigned line, unsigned column)
{
	quire_log_report(h->log, QUIRE_SEV_WARNING, h->filename, line, column,
	                 "<%s> element not shown: quire shows no %s", name,
	                 strcmp(name, "script") == 0 || strcmp(name, "style") == 0
	                         ? "scripts or style sheets"
	                         : "embedded objects, forms or scripts");
}

/* ---- text ---- */

static bool html_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* The text of a subtree, as gumbo decoded it (<br> as a line end). */
struct text_frame {
	const GumboNode *node;
	unsigned child;
};

static bool text_content(const GumboNode *root, struct qstr *out)
{
	struct text_frame *frames = NULL;
	size_t depth = 0, cap = 0;
	bool ok = true;

	/* An explicit stack: the depth is the input's. */
	if (!QUIRE_RESERVE(frames, cap, 1))
		return false;
	frames[depth++] = (struct text_frame){root, 0};
	while (depth > 0) {
		struct text_frame *f = &frames[depth - 1];
		const GumboNode *g = f->node;
		if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE) {
			if (g->type != GUMBO_NODE_COMMENT)
				qstr_puts(out, g->v.text.text);
			depth--;
			continue;
		}
		if (f->child == 0 && g->v.element.tag == GUMBO_TAG_BR)
			qstr_putc(out, '\n');
		const GumboVector *kids = &g->v.element.children;
		if (f->child >= kids->length) {
			depth--;
			continue;
		}
		const GumboNode *k = kids->data[f->child++];
		if (!QUIRE_RESERVE(frames, cap, depth + 1)) {
			ok = false;
			break;
		}
		frames[depth++] = (struct text_frame){k, 0};
	}
	free(frames);
	return ok && !out->oom;
}

/* ---- blocks ---- */

/* What a model node holds. */
enum holds { HOLDS_BLOCKS, HOLDS_INLINES, HOLDS_ITEMS, HOLDS_ROWS, HOLDS_CELLS, HOLDS_DEFS };

static enum holds holds_of(const quire_node *q)
{
	if (q->kind == QUIRE_BULLET_LIST || q->kind == QUIRE_ORDERED_LIST)
		return HOLDS_ITEMS;
	if (q->kind == QUIRE_DEFINITION_LIST)
		return HOLDS_DEFS;
	if (q->kind == QUIRE_TABLE)
		return HOLDS_ROWS;
	if (q->kind == QUIRE_TABLE_ROW)
		return HOLDS_CELLS;
	if (quire_kind_is_inline(q->kind) || q->kind == QUIRE_PARAGRAPH ||
	    q->kind == QUIRE_HEADING || q->kind == QUIRE_TABLE_CELL ||
	    q->kind == QUIRE_DEFINITION_TERM || q->kind == QUIRE_SUMMARY || q->kind == QUIRE_CAPTION)
		return HOLDS_INLINES;
	return HOLDS_BLOCKS;
}

struct frame {
	const GumboNode *g;
	size_t child;
	quire_node *q;    /* where the children go */
	quire_node *para; /* HOLDS_BLOCKS: the paragraph loose inline content is in */
	quire_node *item; /* HOLDS_ITEMS: the item loose content is in;
	                   * HOLDS_DEFS: the term text straight in the list is in */
	bool table;       /* q is a table whose rows are to be finished */
	const void **groups; /* table: per row, its row group (<thead>, <tbody>, <tfoot>) */
	size_t ngroups, capgroups;
};

struct walk {
	struct md_html *h;
	unsigned line; /* of the block's first line */
	struct frame *frames;
	size_t depth, cap, deepest;
	struct qstr buf;
	/* Whitespace collapses as in a browser, within one paragraph. */
	quire_node *ws_root;
	bool ws_start, ws_pending;
	size_t grid_budget; /* the most grid slots a table may have */
	/* Elements still open where the block ends (details, dl, dd), outer
	 * first, and the nodes they became. */
	const GumboNode *left_open[MD_HTML_MAX_OPEN];
	quire_node *left_node[MD_HTML_MAX_OPEN];
	size_t nleft;
	bool oom;
};

static unsigned g_line(const struct walk *w, const GumboNode *g)
{
	unsigned l = g->type == GUMBO_NODE_ELEMENT ? g->v.element.start_pos.line : 0;
	return l ? w->line + l - 1 : w->line;
}

static unsigned g_column(const GumboNode *g)
{
	return g->type == GUMBO_NODE_ELEMENT ? g->v.element.start_pos.column : 0;
}

static quire_node *new_node(struct walk *w, enum quire_kind kind, const GumboNode *g)
{
	quire_node *q = quire_node_new(w->h->doc, kind);
	if (q == NULL) {
		w->oom = true;
		return NULL;
	}
	q->line = g_line(w, g);
	q->column = g_column(g);
	return q;
}

/* The node inline content goes to in frame f (made when needed), and the
 * paragraph-like node whose whitespace it shares. */
static quire_node *inline_target(struct walk *w, struct frame *f, const GumboNode *g)
{
	switch (holds_of(f->q)) {
	case HOLDS_INLINES:
		return f->q;
	case HOLDS_BLOCKS:
		if (f->para == NULL) {
			if ((f->para = new_node(w, QUIRE_PARAGRAPH, g)) == NULL)
				return NULL;
			quire_node_append(f->q, f->para);
		}
		return f->para;
	case HOLDS_ITEMS:
		if (f->item == NULL) {
			if ((f->item = new_node(w, QUIRE_LIST_ITEM, g)) == NULL)
				return NULL;
			quire_node_append(f->q, f->item);
		}
		if (f->item->last_child == NULL || f->item->last_child->kind != QUIRE_PARAGRAPH) {
			quire_node *p = new_node(w, QUIRE_PARAGRAPH, g);
			if (p == NULL)
				return NULL;
			quire_node_append(f->item, p);
		}
		return f->item->last_child;
	case HOLDS_DEFS:
		/* Text straight in a <dl>: a term, as a browser shows it
		 * unindented. */
		if (f->item == NULL || f->item != f->q->last_child) {
			if ((f->item = new_node(w, QUIRE_DEFINITION_TERM, g)) == NULL)
				return NULL;
			quire_node_append(f->q, f->item);
		}
		return f->item;
	case HOLDS_ROWS:
	case HOLDS_CELLS:
		return NULL; /* text between rows or cells: gumbo moves it out */
	}
	return NULL;
}

/* The paragraph-like ancestor of an inline target. */
static quire_node *inline_root(quire_node *q)
{
	while (q->parent && quire_kind_is_inline(q->kind))
		q = q->parent;
	return q;
}

static void ws_enter(struct walk *w, quire_node *target)
{
	quire_node *root = inline_root(target);
	if (root != w->ws_root) {
		w->ws_root = root;
		w->ws_start = true;
		w->ws_pending = false;
	}
}

/* A pending space, before content that is not text. */
static void flush_space(struct walk *w, quire_node *target)
{
	ws_enter(w, target);
	if (w->ws_pending && !w->ws_start) {
		quire_node *t = quire_node_new_literal(w->h->doc, QUIRE_TEXT, " ", 1);
		if (t == NULL) {
			w->oom = true;
			return;
		}
		quire_node_append(target, t);
	}
	w->ws_pending = false;
	w->ws_start = false;
}

static void add_text(struct walk *w, struct frame *f, const GumboNode *g, const char *s)
{
	size_t i = 0;
	while (s[i] && html_space(s[i]))
		i++;
	bool blank = s[i] == '\0';
	if (blank && holds_of(f->q) != HOLDS_INLINES) {
		/* Whitespace between blocks, or before a paragraph's text. */
		if (w->ws_root && (f->para && inline_root(f->para) == w->ws_root))
			w->ws_pending = true;
		return;
	}
	quire_node *target = inline_target(w, f, g);
	if (target == NULL)
		return;
	ws_enter(w, target);
	qstr_clear(&w->buf);
	for (i = 0; s[i]; i++) {
		if (html_space(s[i])) {
			w->ws_pending = true;
			continue;
		}
		if (w->ws_pending && !w->ws_start)
			qstr_putc(&w->buf, ' ');
		w->ws_pending = false;
		w->ws_start = false;
		qstr_putc(&w->buf, s[i]);
	}
	if (w->buf.oom) {
		w->oom = true;
		return;
	}
	if (w->buf.len == 0)
		return;
	quire_node *t = quire_node_new_literal(w->h->doc, QUIRE_TEXT, w->buf.data, w->buf.len);
	if (t == NULL) {
		w->oom = true;
		return;
	}
	t->line = w->line;
	quire_node_append(target, t);
}

static bool push(struct walk *w, const GumboNode *g, quire_node *q)
{
	if (!QUIRE_RESERVE(w->frames, w->cap, w->depth + 1)) {
		w->oom = true;
		return false;
	}
	w->frames[w->depth++] = (struct frame){.g = g, .q = q};
	if (w->depth > w->deepest)
		w->deepest = w->depth;
	return true;
}

/* A leaf inline (image, code span, break) into frame f. */
static void add_leaf(struct walk *w, struct frame *f, const GumboNode *g, quire_node *leaf)
{
	quire_node *target = inline_target(w, f, g);
	if (target == NULL)
		return;
	if (leaf->kind == QUIRE_HARD_BREAK) {
		ws_enter(w, target);
		quire_node_append(target, leaf);
		w->ws_pending = false;
		w->ws_start = true;
		return;
	}
	flush_space(w, target);
	quire_node_append(target, leaf);
}

const char *md_html_length(const char *s, size_t n, bool height, struct quire_length *len)
{
	static const struct {
		const char *name;
		double px; /* CSS pixels in one */
	} units[] = {{"px", 1}, {"in", 96}, {"inch", 96}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4},
	             {"pt", 96 / 72.0}};
	const char *p = s, *end = s + n;
	double v = 0, scale = 1;
	bool digits = false;

	*len = (struct quire_length){QUIRE_UNIT_NONE, 0};
	while (p < end && html_space(*p))
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits = true)
		v = v * 10 + (*p - '0');
	if (p < end && *p == '.')
		for (double f = 0.1; ++p < end && *p >= '0' && *p <= '9'; f /= 10, digits = true)
			v += (*p - '0') * f;
	const char *u = p;
	while (p < end && ((*p | 32) >= 'a' && (*p | 32) <= 'z'))
		p++;
	enum quire_unit unit = QUIRE_UNIT_PX;
	if (p == u && p < end && *p == '%') {
		unit = QUIRE_UNIT_PERCENT;
		p++;
	} else if (p > u) {
		scale = 0;
		for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (strlen(units[k].name) == (size_t)(p - u) &&
			    strncasecmp(units[k].name, u, (size_t)(p - u)) == 0)
				scale = units[k].px;
	}
	while (p < end && html_space(*p))
		p++;
	v *= scale;
	if (!digits || p < end || v <= 0)
		return "not a number of pixels (or in, cm, mm, pt) or a percentage";
	if (unit == QUIRE_UNIT_PERCENT && height)
		return "a height cannot be a percentage of a page that reflows";
	if (unit == QUIRE_UNIT_PERCENT && v > 100)
		return "more than 100%";
	if (unit == QUIRE_UNIT_PX && v > QUIRE_MAX_PX)
		return "larger than any page";
	len->unit = unit;
	len->value = (float)v;
	return NULL;
}

/* An <img>'s width or height (md_html_length); one that makes no sense is
 * left out with a warning, and the image keeps its own size on that
 * side. */
static struct quire_length image_length(struct md_html *h, const GumboNode *g, const char *name,
                                        unsigned line, unsigned column)
{
	struct quire_length len = {QUIRE_UNIT_NONE, 0};
	const char *s = attribute(g, name);
	const char *why = s ? md_html_length(s, strlen(s), strcmp(name, "height") == 0, &len) : NULL;
	if (why)
		quire_log_report(h->log, QUIRE_SEV_WARNING, h->filename, line, column,
		                 "<img> %s=\"%.40s\" ignored: %s", name, s, why);
	return len;
}

static quire_node *make_image(struct md_html *h, const GumboNode *g, unsigned line,
                              unsigned column, bool *oom)
{
	const char *src = attribute(g, "src"), *alt = attribute(g, "alt"), *title = attribute(g, "title");
	quire_node *q = quire_node_new(h->doc, QUIRE_IMAGE);
	if (q == NULL)
		goto fail;
	q->line = line;
	q->column = column;
	q->as.link.width = image_length(h, g, "width", line, column);
	q->as.link.height = image_length(h, g, "height", line, column);
	q->as.link.url = quire_doc_strdup(h->doc, src ? src : "");
	q->as.link.title = quire_doc_strdup(h->doc, title ? title : "");
	if (q->as.link.url == NULL || q->as.link.title == NULL)
		goto fail;
	if (alt && *alt) {
		quire_node *t = quire_node_new_literal(h->doc, QUIRE_TEXT, alt, strlen(alt));
		if (t == NULL)
			goto fail;
		quire_node_append(q, t);
	}
	return q;
fail:
	*oom = true;
	return NULL;
}

/* The language of a <pre> or its <code>: class="language-x" or "lang-x". */
static const char *pre_lang(const GumboNode *g)
{
	for (int round = 0; round < 2 && g; round++) {
		const char *cls = attribute(g, "class");
		for (const char *p = cls; p && *p;) {
			while (html_space(*p))
				p++;
			const char *e = p;
			while (*e && !html_space(*e))
				e++;
			if ((size_t)(e - p) > 9 && memcmp(p, "language-", 9) == 0)
				return p + 9;
			if ((size_t)(e - p) > 5 && memcmp(p, "lang-", 5) == 0)
				return p + 5;
			p = e;
		}
		/* The one <code> child, if any. */
		const GumboVector *kids = &g->v.element.children;
		const GumboNode *code = NULL;
		for (unsigned k = 0; k < kids->length; k++) {
			const GumboNode *c = kids->data[k];
			if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_CODE)
				code = c;
		}
		g = code;
	}
	return "";
}

static void add_pre(struct walk *w, struct frame *f, const GumboNode *g)
{
	struct qstr text = {0};
	if (!text_content(g, &text)) {
		qstr_free(&text);
		w->oom = true;
		return;
	}
	if (text.len && text.data[text.len - 1] != '\n')
		qstr_putc(&text, '\n');
	const char *lang = pre_lang(g);
	size_t n = 0;
	while (lang[n] && !html_space(lang[n]))
		n++;
	quire_node *q = quire_node_new_literal(w->h->doc, QUIRE_CODE_BLOCK, text.data ? text.data : "",
	                                       text.len);
	qstr_free(&text);
	if (q == NULL || (q->as.code.lang = quire_doc_strndup(w->h->doc, lang, n)) == NULL) {
		w->oom = true;
		return;
	}
	q->line = g_line(w, g);
	if (holds_of(f->q) == HOLDS_BLOCKS) {
		f->para = NULL;
		quire_node_append(f->q, q);
		return;
	}
	/* Inside a paragraph or a cell: its text as a code span. */
	quire_node *span = quire_node_new_literal(w->h->doc, QUIRE_CODE, q->as.code.literal.text,
	                                          q->as.code.literal.len);
	if (span == NULL) {
		w->oom = true;
		return;
	}
	add_leaf(w, f, g, span);
}

static void add_code(struct walk *w, struct frame *f, const GumboNode *g)
{
	struct qstr text = {0};
	if (!text_content(g, &text)) {
		qstr_free(&text);
		w->oom = true;
		return;
	}
	/* Whitespace collapses in a code element too. */
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < text.len; i++) {
		if (html_space(text.data[i])) {
			space = o > 0;
			continue;
		}
		if (space)
			text.data[o++] = ' ';
		space = false;
		text.data[o++] = text.data[i];
	}
	quire_node *q = quire_node_new_literal(w->h->doc, QUIRE_CODE, text.data ? text.data : "", o);
	qstr_free(&text);
	if (q == NULL) {
		w->oom = true;
		return;
	}
	q->line = g_line(w, g);
	if (o > 0)
		add_leaf(w, f, g, q);
}

/* A span attribute as browsers read it: leading digits, at most max; def
 * when there are none. */
static int span_of(const GumboNode *g, const char *name, int def, int max)
{
	const char *a = attribute(g, name);
	long v = 0;
	bool digits = false;

	if (a == NULL)
		return def;
	while (html_space(*a))
		a++;
	for (; *a >= '0' && *a <= '9'; a++) {
		digits = true;
		if (v <= max)
			v = v * 10 + (*a - '0');
	}
	if (!digits)
		return def;
	return v > max ? max : (int)v;
}

/* Appends an empty cell at grid column col to row r, covering n columns
 * (split so that no span passes QUIRE_TABLE_MAX_SPAN). */
static bool pad_row(struct walk *w, quire_node *r, int col, int n, bool one_by_one)
{
	while (n > 0) {
		quire_node *c = quire_node_new(w->h->doc, QUIRE_TABLE_CELL);
		if (c == NULL) {
			w->oom = true;
			return false;
		}
		c->as.cell.column = col;
		c->as.cell.colspan =
			one_by_one ? 1 : n > QUIRE_TABLE_MAX_SPAN ? QUIRE_TABLE_MAX_SPAN : n;
		col += c->as.cell.colspan;
		n -= c->as.cell.colspan;
		quire_node_append(r, c);
	}
	return true;
}

/* A table whose grid would be far larger than its text (one wide row and
 * many short ones: every short row padded to the widest, which each writer
 * would then hold) is shown as its rows, each a paragraph of its cells
 * joined by " | ", as a pipe table that is too large is read as text. */
static void table_as_rows(struct walk *w, quire_node *table, size_t cells)
{
	quire_log_report(w->h->log, QUIRE_SEV_WARNING, w->h->filename, table->line, table->column,
	                 "table shown as rows of text: its grid would have %zu cells, most of "
	                 "them padding",
	                 cells);
	while (table->first_child) {
		quire_node *row = table->first_child;
		quire_node_unlink(row);
		quire_node *para = quire_node_new(w->h->doc, QUIRE_PARAGRAPH);
		if (para == NULL) {
			w->oom = true;
			return;
		}
		para->line = row->line;
		para->column = row->column;
		quire_node_insert_before(table, para);
		for (quire_node *cell = row->first_child; cell; cell = cell->next) {
			quire_node *bar = cell == row->first_child
			                          ? NULL
			                          : quire_node_new_literal(w->h->doc, QUIRE_TEXT, " | ", 3);
			if (cell != row->first_child && bar == NULL) {
				w->oom = true;
				return;
			}
			if (bar)
				quire_node_append(para, bar);
			while (cell->first_child) {
				quire_node *c = cell->first_child;
				quire_node_unlink(c);
				quire_node_append(para, c);
			}
		}
	}
	quire_node_unlink(table);
}

/* Rows done: the grid, by HTML's table forming algorithm cut down. A cell
 * starts at its row's first grid slot that no cell from above covers; it
 * spans down at most to the end of its row group (rowspan=0: to there),
 * and never across a slot covered from above (overlapping cells are
 * HTML's "table model error"; a browser draws them over each other, here
 * the later one is narrowed). The columns are the widest row's; a short
 * row gets empty cells (one per column, as for tables without spans; one
 * per gap in a table with spans, so that a wide colspan costs no cell per
 * column in every short row). The first row's cells align the columns
 * they cover; a cell's own alignment stays where it differs. */
static void finish_table(struct walk *w, quire_node *table, const struct frame *f)
{
	size_t nrows = 0, r;
	int *down = NULL; /* per grid column: the rows below this one a cell from above covers */
	size_t *left = NULL; /* per row: the rows to the end of its group, its own included */
	size_t capdown = 0;
	int columns = 0;
	bool spans = false;
	enum quire_align *align = NULL;

	for (quire_node *row = table->first_child; row; row = row->next)
		nrows++;
	if (nrows > 0 && (left = malloc(sizeof(*left) * nrows)) == NULL)
		goto oom;
	r = nrows;
	for (quire_node *row = table->last_child; row; row = row->prev) {
		r--;
		const void *group = r < f->ngroups ? f->groups[r] : NULL;
		bool same = row->next && r + 1 < f->ngroups && group && f->groups[r + 1] == group &&
		            row->next->as.row.header == row->as.row.header;
		left[r] = same ? left[r + 1] + 1 : 1;
	}
	for (bool flat = false, again = true; again;) {
		again = false;
		columns = 0;
		spans = false;
		r = 0;
		for (quire_node *row = table->first_child; row && !again; row = row->next, r++) {
			int col = 0;
			if (r > 0 && left[r - 1] == 1) /* a new group: nothing spans into it */
				for (int k = 0; k < columns; k++)
					down[k] = 0;
			for (quire_node *c = row->first_child; c; c = c->next) {
				while (col < columns && down[col] > 0)
					col++;
				if (flat)
					c->as.cell.colspan = c->as.cell.rowspan = 1;
				int cs = c->as.cell.colspan, rs = c->as.cell.rowspan;
				for (int k = 1; k < cs && col + k < columns; k++)
					if (down[col + k] > 0) {
						cs = k;
						break;
					}
				if (rs == 0 || (size_t)rs > left[r])
					rs = (int)left[r];
				if (!QUIRE_RESERVE(down, capdown, (size_t)col + (size_t)cs))
					goto oom;
				for (; columns < col + cs; columns++)
					down[columns] = 0;
				c->as.cell.column = col;
				c->as.cell.colspan = cs;
				c->as.cell.rowspan = rs;
				spans |= cs > 1 || rs > 1;
				/* Marked -rs so that this row's later cells pass
				 * it, and turned into rs - 1 below. */
				for (int k = 0; k < cs; k++)
					down[col + k] = -rs;
				col += cs;
			}
			for (int k = 0; k < columns; k++)
				down[k] = down[k] < 0 ? -down[k] - 1 : down[k] > 0 ? down[k] - 1 : 0;
			/* Wide colspans in many rows would make a grid (and each
			 * writer's arrays) far larger than the input: then the
			 * spans go, as in a table without them. */
			if (spans && !flat && (r + 1) * (size_t)columns > w->grid_budget) {
				quire_log_report(w->h->log, QUIRE_SEV_WARNING, w->h->filename, table->line,
				                 table->column,
				                 "table cell spans ignored: its grid would have more than "
				                 "%zu cells",
				                 w->grid_budget);
				flat = again = true;
				for (quire_node *q = table->first_child; q; q = q->next)
					for (quire_node *c = q->first_child; c; c = c->next)
						c->as.cell.colspan = c->as.cell.rowspan = 1;
			}
		}
	}
	if (nrows * (size_t)columns > w->grid_budget) {
		table_as_rows(w, table, nrows * (size_t)columns);
		goto out;
	}
	/* The padding: the slots of each row that no cell covers. */
	for (int k = 0; k < columns; k++)
		down[k] = 0;
	r = 0;
	for (quire_node *row = table->first_child; row; row = row->next, r++) {
		if (r > 0 && left[r - 1] == 1)
			for (int k = 0; k < columns; k++)
				down[k] = 0;
		int end = 0; /* past this row's own cells */
		for (quire_node *c = row->first_child; c; c = c->next) {
			end = c->as.cell.column + c->as.cell.colspan;
			for (int k = c->as.cell.column; k < end; k++)
				down[k] = -c->as.cell.rowspan;
		}
		for (int k = end; k < columns;) {
			int gap = 0;
			while (k + gap < columns && down[k + gap] == 0)
				gap++;
			if (gap > 0 && !pad_row(w, row, k, gap, !spans))
				goto out;
			for (int j = k; j < k + gap; j++)
				down[j] = -1;
			k += gap;
			while (k < columns && down[k] != 0)
				k++;
		}
		for (int k = 0; k < columns; k++)
			down[k] = down[k] < 0 ? -down[k] - 1 : down[k] > 0 ? down[k] - 1 : 0;
	}
	align = quire_doc_alloc(w->h->doc, sizeof(*align) * (size_t)(columns + 1));
	if (align == NULL)
		goto oom;
	if (table->first_child)
		for (quire_node *c = table->first_child->first_child; c; c = c->next)
			for (int k = 0; k < c->as.cell.colspan; k++)
				align[c->as.cell.column + k] = c->as.cell.align;
	for (quire_node *row = table->first_child; row; row = row->next)
		for (quire_node *c = row->first_child; c; c = c->next)
			if (c->as.cell.align == align[c->as.cell.column])
				c->as.cell.align = QUIRE_ALIGN_NONE;
	table->as.table.columns = columns;
	table->as.table.align = align;
	goto out;
oom:
	w->oom = true;
out:
	free(down);
	free(left);
}

static enum quire_align align_of(const GumboNode *g)
{
	const char *a = attribute(g, "align");
	const char *style = attribute(g, "style");
	if (a == NULL && style && strstr(style, "text-align"))
		a = strstr(style, "center") ? "center" : strstr(style, "right") ? "right" : "left";
	if (a == NULL)
		return QUIRE_ALIGN_NONE;
	if (strcmp(a, "center") == 0)
		return QUIRE_ALIGN_CENTER;
	if (strcmp(a, "right") == 0)
		return QUIRE_ALIGN_RIGHT;
	return strcmp(a, "left") == 0 ? QUIRE_ALIGN_LEFT : QUIRE_ALIGN_NONE;
}

/* The frame of the table node, if it is being walked. */
static struct frame *table_frame(struct walk *w, const quire_node *table)
{
	for (size_t k = w->depth; k-- > 0;)
		if (w->frames[k].table && w->frames[k].q == table)
			return &w->frames[k];
	return NULL;
}

/* If g is one of the elements left open at the block's end, the node it
 * became: the Markdown that follows goes into it (md_html_block_end). */
static void remember_open(struct walk *w, const GumboNode *g, quire_node *q)
{
	for (size_t k = 0; k < w->nleft; k++)
		if (w->left_open[k] == g)
			w->left_node[k] = q;
}

/* The details, dl and dd elements that the block leaves open: on the
 * path of last children from the root, none of them with an end tag. */
static void find_left_open(struct walk *w, const GumboNode *root)
{
	const GumboNode *g = root;
	w->nleft = 0;
	for (size_t steps = 0; steps < MD_HTML_MAX_DEPTH + 2; steps++) {
		const GumboVector *kids = &g->v.element.children;
		const GumboNode *last = NULL;
		for (unsigned k = kids->length; k-- > 0;) {
			const GumboNode *c = kids->data[k];
			if (c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_COMMENT)
				continue;
			last = c;
			break;
		}
		if (last == NULL || last->type != GUMBO_NODE_ELEMENT ||
		    last->v.element.original_end_tag.length > 0)
			return;
		GumboTag tag = last->v.element.tag;
		if ((tag == GUMBO_TAG_DETAILS || tag == GUMBO_TAG_DL || tag == GUMBO_TAG_DD) &&
		    w->nleft < MD_HTML_MAX_OPEN)
			w->left_open[w->nleft++] = last;
		g = last;
	}
}

void md_html_finish(quire_doc *doc, quire_node *q)
{
	if (q->kind == QUIRE_DEFINITION_LIST) {
		/* Compact when no definition holds more than one block. */
		q->as.deflist.tight = true;
		for (quire_node *d = q->first_child; d; d = d->next)
			if (d->kind == QUIRE_DEFINITION && d->first_child && d->first_child->next)
				q->as.deflist.tight = false;
	} else if (q->kind == QUIRE_DETAILS &&
	           (q->first_child == NULL || q->first_child->kind != QUIRE_SUMMARY)) {
		/* No summary: "Details", as browsers show. */
		quire_node *s = quire_node_new(doc, QUIRE_SUMMARY);
		quire_node *t = s ? quire_node_new_literal(doc, QUIRE_TEXT, "Details", 7) : NULL;
		if (t == NULL)
			return;
		s->line = t->line = q->line;
		quire_node_append(s, t);
		quire_node_prepend(q, s);
	}
}

/* Opens element g (of frame f): appends what it becomes and pushes the
 * frame its children go to; leaves are added at once. */
static void open_element(struct walk *w, struct frame *f, const GumboNode *g)
{
	char name[16];
	element_name(g, name, sizeof(name));
	const struct element *e = element_of(name);
	enum holds holds = holds_of(f->q);
	quire_node *q = NULL;
	bool oom = false;
	enum el el = e->el;

	/* A <dt> outside a <dl>, and a <summary> other than the first of its
	 * <details>, are titles in bold. */
	if ((el == EL_TERM && holds != HOLDS_DEFS) ||
	    (el == EL_SUMMARY && (f->q->kind != QUIRE_DETAILS || (f->q->first_child &&
	                                                          f->q->first_child->kind ==
	                                                                  QUIRE_SUMMARY))))
		el = EL_TITLE;
	/* A block straight in a <dl> ends the term loose text is in. */
	if (holds == HOLDS_DEFS && el != EL_INLINE && el != EL_LINK && el != EL_CODE &&
	    el != EL_BREAK && el != EL_IMAGE && el != EL_TRANSPARENT && el != EL_HIDDEN)
		f->item = NULL;
	switch (el) {
	case EL_DROP:
		warn_dropped(w->h, name, g_line(w, g), g_column(g));
		return;
	case EL_HIDDEN:
		return;
	case EL_BREAK:
		if ((q = new_node(w, QUIRE_HARD_BREAK, g)) != NULL)
			add_leaf(w, f, g, q);
		return;
	case EL_RULE:
		if (holds == HOLDS_BLOCKS && (q = new_node(w, QUIRE_THEMATIC_BREAK, g)) != NULL) {
			f->para = NULL;
			quire_node_append(f->q, q);
		}
		return;
	case EL_IMAGE:
		if ((q = make_image(w->h, g, g_line(w, g), g_column(g), &oom)) != NULL)
			add_leaf(w, f, g, q);
		w->oom |= oom;
		return;
	case EL_CODE:
		add_code(w, f, g);
		return;
	case EL_PRE:
		add_pre(w, f, g);
		return;
	case EL_LINK:
	case EL_INLINE: {
		const char *href = e->el == EL_LINK ? attribute(g, "href") : NULL;
		if (e->el == EL_LINK && href == NULL)
			break; /* an anchor: transparent */
		quire_node *target = inline_target(w, f, g);
		if (target == NULL)
			return;
		if ((q = new_node(w, e->kind, g)) == NULL)
			return;
		if (href) {
			const char *title = attribute(g, "title");
			q->as.link.url = quire_doc_strdup(w->h->doc, href);
			q->as.link.title = quire_doc_strdup(w->h->doc, title ? title : "");
			if (q->as.link.url == NULL || q->as.link.title == NULL) {
				w->oom = true;
				return;
			}
		}
		flush_space(w, target);
		w->ws_start = true; /* no space at the start of its content */
		quire_node_append(target, q);
		push(w, g, q);
		return;
	}
	case EL_PARA:
	case EL_HEADING:
	case EL_QUOTE:
	case EL_TITLE:
	case EL_FIGURE:
	case EL_CAPTION:
		if (holds != HOLDS_BLOCKS && holds != HOLDS_ITEMS)
			break;
		if (holds == HOLDS_ITEMS) {
			/* A block straight in a list: it goes in an item. */
			if (inline_target(w, f, g) == NULL)
				return;
		}
		{
			quire_node *parent = holds == HOLDS_ITEMS ? f->item : f->q;
			enum quire_kind kind = el == EL_HEADING  ? QUIRE_HEADING
			                       : el == EL_QUOTE  ? QUIRE_BLOCK_QUOTE
			                       : el == EL_FIGURE ? QUIRE_FIGURE
			                                         : QUIRE_PARAGRAPH;
			/* A figure's first caption; any other is a paragraph. */
			if (el == EL_CAPTION && parent->kind == QUIRE_FIGURE) {
				kind = QUIRE_CAPTION;
				for (quire_node *c = parent->first_child; c; c = c->next)
					if (c->kind == QUIRE_CAPTION)
						kind = QUIRE_PARAGRAPH;
			}
			if ((q = new_node(w, kind, g)) == NULL)
				return;
			if (e->el == EL_HEADING)
				q->as.heading.level = name[1] - '0';
			if (holds == HOLDS_ITEMS && parent->last_child &&
			    parent->last_child->kind == QUIRE_PARAGRAPH &&
			    parent->last_child->first_child == NULL)
				quire_node_unlink(parent->last_child);
			f->para = NULL;
			quire_node_append(parent, q);
			if (el == EL_TITLE) {
				/* A title in bold: a <dt> outside a list, a
				 * <summary> outside its <details>. */
				quire_node *b = new_node(w, QUIRE_STRONG, g);
				if (b == NULL)
					return;
				quire_node_append(q, b);
				q = b;
			}
			push(w, g, q);
		}
		return;
	case EL_DLIST:
	case EL_DETAILS:
		if (holds != HOLDS_BLOCKS)
			break;
		if ((q = new_node(w, el == EL_DLIST ? QUIRE_DEFINITION_LIST : QUIRE_DETAILS, g)) ==
		    NULL)
			return;
		f->para = NULL;
		quire_node_append(f->q, q);
		remember_open(w, g, q);
		push(w, g, q);
		return;
	case EL_TERM:
	case EL_DEF:
		if (holds != HOLDS_DEFS)
			break;
		if ((q = new_node(w, el == EL_TERM ? QUIRE_DEFINITION_TERM : QUIRE_DEFINITION, g)) ==
		    NULL)
			return;
		quire_node_append(f->q, q);
		f->item = NULL;
		if (el == EL_DEF)
			remember_open(w, g, q);
		push(w, g, q);
		return;
	case EL_SUMMARY:
		if ((q = new_node(w, QUIRE_SUMMARY, g)) == NULL)
			return;
		f->para = NULL;
		quire_node_prepend(f->q, q);
		push(w, g, q);
		return;
	case EL_BULLETS:
	case EL_NUMBERS:
		if (holds != HOLDS_BLOCKS)
			break;
		if ((q = new_node(w, e->el == EL_NUMBERS ? QUIRE_ORDERED_LIST : QUIRE_BULLET_LIST, g)) ==
		    NULL)
			return;
		if (e->el == EL_NUMBERS) {
			const char *start = attribute(g, "start");
			q->as.list.start = start ? atoi(start) : 1;
			q->as.list.delim = '.';
		}
		q->as.list.tight = true;
		f->para = NULL;
		quire_node_append(f->q, q);
		push(w, g, q);
		return;
	case EL_ITEM:
		if (holds != HOLDS_ITEMS)
			break;
		if ((q = new_node(w, QUIRE_LIST_ITEM, g)) == NULL)
			return;
		quire_node_append(f->q, q);
		f->item = NULL;
		push(w, g, q);
		return;
	case EL_TABLE:
		if (holds != HOLDS_BLOCKS)
			break;
		if ((q = new_node(w, QUIRE_TABLE, g)) == NULL)
			return;
		f->para = NULL;
		quire_node_append(f->q, q);
		if (push(w, g, q))
			w->frames[w->depth - 1].table = true;
		return;
	case EL_ROW:
		if (holds != HOLDS_ROWS)
			break;
		if ((q = new_node(w, QUIRE_TABLE_ROW, g)) == NULL)
			return;
		/* A header: in <thead>, or all of its cells <th>. */
		bool header = g->parent && g->parent->type == GUMBO_NODE_ELEMENT &&
		              g->parent->v.element.tag == GUMBO_TAG_THEAD;
		if (!header) {
			unsigned cells = 0, heads = 0;
			const GumboVector *kids = &g->v.element.children;
			for (unsigned k = 0; k < kids->length; k++) {
				const GumboNode *c = kids->data[k];
				if (c->type != GUMBO_NODE_ELEMENT)
					continue;
				cells += c->v.element.tag == GUMBO_TAG_TD || c->v.element.tag == GUMBO_TAG_TH;
				heads += c->v.element.tag == GUMBO_TAG_TH;
			}
			header = cells > 0 && heads == cells && f->q->first_child == NULL;
		}
		q->as.row.header = header && f->q->first_child == NULL;
		quire_node_append(f->q, q);
		struct frame *t = table_frame(w, f->q);
		if (t) {
			if (!QUIRE_RESERVE(t->groups, t->capgroups, t->ngroups + 1)) {
				w->oom = true;
				return;
			}
			t->groups[t->ngroups++] = g->parent;
		}
		push(w, g, q);
		return;
	case EL_CELL:
		if (holds != HOLDS_CELLS)
			break;
		if ((q = new_node(w, QUIRE_TABLE_CELL, g)) == NULL)
			return;
		quire_node_append(f->q, q);
		/* Browsers' limits: a colspan of 0 is 1, a rowspan of 0 runs to
		 * the end of the row group (finish_table()). */
		q->as.cell.colspan = span_of(g, "colspan", 1, QUIRE_TABLE_MAX_SPAN);
		if (q->as.cell.colspan == 0)
			q->as.cell.colspan = 1;
		q->as.cell.rowspan = span_of(g, "rowspan", 1, 65534);
		q->as.cell.align = align_of(g);
		push(w, g, q);
		return;
	case EL_TRANSPARENT:
		break;
	}
	/* Transparent: the children go where this element's would have
	 * (f moves if the stack grows). */
	quire_node *para = f->para, *item = f->item;
	if (push(w, g, f->q)) {
		struct frame *nf = &w->frames[w->depth - 1];
		nf->para = para;
		nf->item = item;
	}
}

/* Elements that never nest: void ones, and those whose end tag may be
 * left out (a table's rows and cells, list items, paragraphs). */
static bool uncounted(const char *name, size_t n)
{
	static const char *const names[] = {
		"area",  "base",   "br",    "caption", "col",  "colgroup", "dd",    "dt",
		"embed", "hr",     "img",   "input",   "li",   "link",     "meta",  "optgroup",
		"option", "p",     "param", "rp",      "rt",   "source",   "tbody", "td",
		"tfoot", "th",     "thead", "tr",      "track", "wbr"};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strlen(names[k]) == n && strncasecmp(names[k], name, n) == 0)
			return true;
	return false;
}

/* The end of the tag that starts at p (after its '>'), quoted values
 * skipped; NULL when no '>' closes it. */
static const char *tag_close(const char *p, const char *end)
{
	char quote = 0;
	for (p++; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

static const char *tag_end(const char *p, const char *end)
{
	const char *e = tag_close(p, end);
	return e ? e : end;
}

static bool ascii_letter(char ch)
{
	return (ch | 32) >= 'a' && (ch | 32) <= 'z';
}

/* Where a block's last tag starts when no '>' closes it, or len. An HTML5
 * parser drops such a tag at the end of its input, and with it whatever
 * text follows inside it: "<div id=x\n*hi*" shows nothing in a browser.
 * CommonMark makes such lines an HTML block all the same, so the user's
 * text would go unseen. The text of script, style, textarea and title is
 * not looked into: '<' there is not a tag. */
static size_t unclosed_tag(const char *lit, size_t len)
{
	static const char *const raw[] = {"script", "style", "textarea", "title"};
	const char *p = lit, *end = lit + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char *name = p + 1 + (p + 1 < end && p[1] == '/');
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *c = p + 4;
			while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
				c++;
			p = c + 3 <= end ? c + 3 : end;
			continue;
		}
		if (name >= end || !ascii_letter(*name)) {
			p++;
			continue;
		}
		const char *e = tag_close(p, end);
		if (e == NULL)
			return (size_t)(p - lit);
		size_t n = 0;
		while (name + n < e && (ascii_letter(name[n]) || (name[n] >= '0' && name[n] <= '9')))
			n++;
		p = e;
		if (name[-1] == '/')
			continue;
		for (size_t k = 0; k < sizeof(raw) / sizeof(raw[0]); k++) {
			if (strlen(raw[k]) != n || strncasecmp(raw[k], name, n) != 0)
				continue;
			/* To its end tag, or the end of the block. */
			while ((p = memchr(p, '<', (size_t)(end - p))) != NULL &&
			       !(end - p >= (ptrdiff_t)(n + 2) && p[1] == '/' &&
			         strncasecmp(p + 2, name, n) == 0))
				p++;
			if (p == NULL)
				return len;
			break;
		}
	}
	return len;
}

/* The unclosed tag at the end of a block (lit + from), kept as the text of
 * a paragraph of its own, line for line. */
static void keep_unclosed(struct walk *w, const char *lit, size_t from, size_t len,
                          quire_node *parent)
{
	unsigned line = w->line, column = 1;
	for (size_t k = 0; k < from; k++) {
		column++;
		if (lit[k] == '\n') {
			line++;
			column = 1;
		}
	}
	while (len > from && (lit[len - 1] == '\n' || lit[len - 1] == '\r'))
		len--;
	quire_log_report(w->h->log, QUIRE_SEV_WARNING, w->h->filename, line, column,
	                 "HTML tag not closed by '>': kept as text");
	quire_node *para = quire_node_new(w->h->doc, QUIRE_PARAGRAPH);
	if (para == NULL) {
		w->oom = true;
		return;
	}
	para->line = line;
	para->column = column;
	quire_node_append(parent, para);
	for (const char *p = lit + from, *end = lit + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		quire_node *t = quire_node_new_literal(w->h->doc, QUIRE_TEXT, p, (size_t)(stop - p));
		quire_node *br = nl ? quire_node_new(w->h->doc, QUIRE_SOFT_BREAK) : NULL;
		if (t == NULL || (nl && br == NULL)) {
			w->oom = true;
			return;
		}
		quire_node_append(para, t);
		if (br)
			quire_node_append(para, br);
		p = nl ? nl + 1 : end;
	}
}

/* gumbo's time grows with the square of the nesting (each tag looks
 * through the open elements): a block nested deeper than MD_HTML_MAX_DEPTH
 * loses the tags below that depth, their text kept, with a warning. A
 * tag scanner, not a parser: comments are skipped, quoted values too.
 * Returns the filtered copy (heap), or NULL when none is needed (or out
 * of memory: *oom). */
static char *flatten_deep(const char *lit, size_t len, size_t *out_len, bool *oom)
{
	const char *p = lit, *end = lit + len;
	size_t depth = 0, deepest = 0;
	struct qstr q = {0};

	for (int pass = 0; pass < 2; pass++) {
		depth = 0;
		for (p = lit; p < end;) {
			const char *next = memchr(p, '<', (size_t)(end - p));
			if (next == NULL)
				next = end;
			if (pass)
				qstr_append(&q, p, (size_t)(next - p));
			if (next == end)
				break;
			p = next;
			const char *e;
			bool keep = true;
			if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				const char *c = p + 4;
				while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
					c++;
				e = c + 3 <= end ? c + 3 : end;
			} else if (end - p >= 3 && p[1] == '/' && ((p[2] | 32) >= 'a' && (p[2] | 32) <= 'z')) {
				e = tag_end(p, end);
				size_t n = 2;
				while (p + n < e && ((p[n] | 32) >= 'a' && (p[n] | 32) <= 'z'))
					n++;
				keep = depth <= MD_HTML_MAX_DEPTH;
				if (depth > 0 && !uncounted(p + 2, n - 2))
					depth--;
			} else if (end - p >= 2 && ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z')) {
				e = tag_end(p, end);
				size_t n = 1;
				while (p + n < e && ((p[n] | 32) >= 'a' && (p[n] | 32) <= 'z'))
					n++;
				if (!uncounted(p + 1, n - 1) && !(e - p >= 2 && e[-2] == '/')) {
					depth++;
					if (depth > deepest)
						deepest = depth;
				}
				keep = depth <= MD_HTML_MAX_DEPTH;
			} else {
				e = p + 1;
			}
			if (pass && keep)
				qstr_append(&q, p, (size_t)(e - p));
			p = e;
		}
		if (deepest <= MD_HTML_MAX_DEPTH)
			return NULL;
	}
	if (q.oom) {
		qstr_free(&q);
		*oom = true;
		return NULL;
	}
	*out_len = q.len;
	return q.data ? q.data : calloc(1, 1);
}

enum quire_status md_html_block(struct md_html *h, const char *lit, size_t len, unsigned line,
                                quire_node *parent, struct md_html_block_end *end)
{
	struct walk w = {.h = h, .line = line, .grid_budget = 4 * len + 250000};
	size_t flat_len = 0;

	if (end)
		end->nopen = 0;
	char *flat = flatten_deep(lit, len, &flat_len, &w.oom);
	GumboOutput *out = NULL;

	if (w.oom)
		goto out;
	if (flat) {
		quire_log_report(h->log, QUIRE_SEV_WARNING, h->filename, line, 0,
		                 "HTML nested deeper than %d elements: the tags below are dropped, "
		                 "their text kept",
		                 MD_HTML_MAX_DEPTH);
		lit = flat;
		len = flat_len;
	}
	size_t unclosed = unclosed_tag(lit, len);
	out = parse(h, lit, unclosed, GUMBO_TAG_DIV);

	if (out == NULL || !push(&w, out->root, parent))
		goto out;
	find_left_open(&w, out->root);
	while (w.depth > 0 && !w.oom) {
		struct frame *f = &w.frames[w.depth - 1];
		const GumboVector *kids = &f->g->v.element.children;
		if (f->child >= kids->length) {
			quire_node *para = f->para, *item = f->item;
			if (f->table) {
				finish_table(&w, f->q, f);
				free(f->groups);
			}
			const GumboNode *g = f->g;
			/* A frame of its own (not a transparent element's). */
			if (w.depth >= 2 && w.frames[w.depth - 2].q != f->q)
				md_html_finish(h->doc, f->q);
			w.depth--;
			/* A transparent element passes on its loose paragraph. */
			if (w.depth > 0 && w.frames[w.depth - 1].q == f->q && g != out->root) {
				w.frames[w.depth - 1].para = para;
				w.frames[w.depth - 1].item = item;
			}
			continue;
		}
		const GumboNode *g = kids->data[f->child++];
		switch (g->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			add_text(&w, f, g, g->v.text.text);
			break;
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE:
			open_element(&w, f, g);
			break;
		case GUMBO_NODE_COMMENT:
		case GUMBO_NODE_DOCUMENT:
			break;
		}
	}
	if (unclosed < len && !w.oom)
		keep_unclosed(&w, lit, unclosed, len, parent);
	if (end) {
		for (size_t k = 0; k < w.nleft; k++) {
			if (w.left_node[k] == NULL)
				continue;
			end->open[end->nopen].node = w.left_node[k];
			element_name(w.left_open[k], end->open[end->nopen].name,
			             sizeof(end->open[end->nopen].name));
			end->nopen++;
		}
	}
out:
	release(h, out, w.deepest);
	free(flat);
	free(w.frames);
	qstr_free(&w.buf);
	return w.oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

/* ---- inline tags ---- */

enum quire_status md_html_inline(struct md_html *h, const char *lit, size_t len, unsigned line,
                                 unsigned column, struct md_html_tag *tag)
{
	enum quire_status st = QUIRE_OK;
	GumboOutput *out = NULL;
	bool oom = false;

	memset(tag, 0, sizeof(*tag));
	if (len < 3 || lit[0] != '<' || lit[1] == '!' || lit[1] == '?')
		goto out; /* comments, declarations, CDATA, processing instructions */
	if (lit[1] == '/') {
		size_t n = 0;
		for (size_t i = 2; i < len && n + 1 < sizeof(tag->name); i++) {
			char ch = lit[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '-'))
				break;
			tag->name[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		tag->name[n] = '\0';
		tag->role = MD_HTML_CLOSE;
		goto out;
	}
	out = parse(h, lit, len, GUMBO_TAG_SPAN);
	const GumboNode *g = out ? out->root : NULL;
	/* The first element under the fragment's root. */
	while (g && g->type == GUMBO_NODE_ELEMENT) {
		const GumboVector *kids = &g->v.element.children;
		const GumboNode *first = NULL;
		for (unsigned k = 0; k < kids->length && !first; k++)
			if (((const GumboNode *)kids->data[k])->type == GUMBO_NODE_ELEMENT)
				first = kids->data[k];
		if (g != out->root || first == NULL)
			break;
		g = first;
	}
	if (g == NULL || g == out->root)
		goto out;
	element_name(g, tag->name, sizeof(tag->name));
	const struct element *e = element_of(tag->name);
	tag->role = MD_HTML_OPEN;
	switch (e->el) {
	case EL_DROP:
		warn_dropped(h, tag->name, line, column);
		tag->dropped = true;
		if ((tag->node = quire_node_new(h->doc, QUIRE_EMPH)) == NULL)
			oom = true;
		break;
	case EL_HIDDEN:
	case EL_RULE:
		tag->role = MD_HTML_NOTHING;
		break;
	case EL_BREAK:
		tag->role = MD_HTML_LEAF;
		if ((tag->node = quire_node_new(h->doc, QUIRE_HARD_BREAK)) == NULL)
			oom = true;
		break;
	case EL_IMAGE:
		tag->role = MD_HTML_LEAF;
		tag->node = make_image(h, g, line, column, &oom);
		break;
	case EL_CODE:
		tag->code = true;
		if ((tag->node = quire_node_new(h->doc, QUIRE_EMPH)) == NULL)
			oom = true;
		break;
	case EL_LINK: {
		const char *href = attribute(g, "href"), *title = attribute(g, "title");
		if (href == NULL)
			break;
		if ((tag->node = quire_node_new(h->doc, QUIRE_LINK)) == NULL ||
		    (tag->node->as.link.url = quire_doc_strdup(h->doc, href)) == NULL ||
		    (tag->node->as.link.title = quire_doc_strdup(h->doc, title ? title : "")) == NULL)
			oom = true;
		break;
	}
	case EL_INLINE:
		if ((tag->node = quire_node_new(h->doc, e->kind)) == NULL)
			oom = true;
		break;
	case EL_PRE:
	case EL_PARA:
	case EL_HEADING:
	case EL_QUOTE:
	case EL_BULLETS:
	case EL_NUMBERS:
	case EL_ITEM:
	case EL_TABLE:
	case EL_ROW:
	case EL_CELL:
	case EL_TITLE:
	case EL_DLIST:
	case EL_TERM:
	case EL_DEF:
	case EL_DETAILS:
	case EL_SUMMARY:
	case EL_FIGURE:
	case EL_CAPTION:
	case EL_TRANSPARENT:
		break; /* in a paragraph, block elements keep their content where it is */
	}
	if (tag->node) {
		tag->node->line = line;
		tag->node->column = column;
	}
out:
	release(h, out, 0);
	if (oom)
		st = QUIRE_ERR_NOMEM;
	return st;
}
