/* Block layout: the model walk (one quire_iter, no recursion), inline
 * collection into styled characters, itemising into boxes, glue and
 * penalties, and placing the lines the line breaker chose. */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "linebreak.h"

enum { SP_NOHYPH = 1, SP_CODE = 2, SP_STRIKE = 4, SP_SUPER = 8, SP_LINK = 16, SP_GRAY = 32 };

#define CP_HARD (-1) /* a hard line break */

enum align { AL_JUSTIFY, AL_RAGGED, AL_CENTER };

struct span {
	enum pdf_role role;
	double size;
	unsigned flags;
	int link;
};

struct pch {
	int32_t cp;
	uint32_t span;
	uint8_t after; /* a soft hyphen (1) or a zero-width space (2) followed */
};

struct tmpl {
	size_t first, n; /* characters */
	int face;
	uint32_t span;
};

struct list_state {
	bool ordered, tight;
	int counter;
	char delim;
	double step;
};

struct priv {
	const quire_doc *doc;
	/* the paragraph being collected */
	struct pch *ch;
	size_t nch, capch;
	struct span *spans;
	size_t nspans, capspans;
	/* itemised */
	struct lb_item *items;
	long *item_box; /* box template, or -1 */
	int *item_face; /* penalties: the face of the hyphen */
	size_t nitems, capitems;
	struct tmpl *boxes;
	size_t nboxes, capboxes;
	int *faces;
	double *widths;
	unsigned char *kinds;
	size_t capword;
	/* block state */
	double indent, rindent;
	bool keep_next, prev_para;
	char marker[32];
	bool has_marker;
	double marker_size;
	int marker_link; /* a note's number links back to its reference, else -1 */
	int pending_heading, pending_note;
	struct list_state *lists;
	size_t nlists, caplists;
	const quire_node **notes;
	size_t nnotes, capnotes;
	int link_stack[16];
	int nlink;
	int bold, italic, mono, strike;
};

/* The left edge and width of the text, from the nesting indents. Deep
 * nesting is squeezed so that at least 8 ems remain and nothing passes
 * the margins. */
static double text_left(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, in = P->indent + P->rindent;
	if (L->measure - in >= minw || in <= 0)
		return P->indent;
	double room = L->measure > minw ? L->measure - minw : 0;
	return P->indent * room / in;
}

static double text_width(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, w = L->measure - P->indent - P->rindent;
	if (w >= minw)
		return w;
	return minw < L->measure ? minw : L->measure;
}

/* ---- growable arrays ---- */

static bool grow(struct pdf_layout *L, void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t cap2 = *cap ? *cap : 16;
	while (cap2 < need)
		cap2 *= 2;
	void *np = realloc(*p, cap2 * size);
	if (!np) {
		L->oom = true;
		return false;
	}
	*p = np;
	*cap = cap2;
	return true;
}

#define GROW(L, arr, n, cap) grow((L), (void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)))

static size_t pool_add(struct pdf_layout *L, const int32_t *cps, size_t n)
{
	size_t off = L->pool.len;
	char buf[8];
	for (size_t i = 0; i < n; i++) {
		int k = quire_utf8_encode(cps[i], buf);
		qstr_append(&L->pool, buf, (size_t)k);
	}
	qstr_append(&L->pool, "", 1); /* keep the NUL inside the pool */
	if (L->pool.oom)
		L->oom = true;
	return off;
}

static bool is_letter(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
	       c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN;
}

static bool is_cjk(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

static bool is_rtl(int32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* libharu has no bidi: a right-to-left word is drawn in reverse so that it
 * reads (and extracts) in its logical order. Only whole words: a mixed
 * word is left alone. */
static void reverse_rtl(int32_t *cps, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (is_rtl(cps[i]))
			any = true;
		else if (is_letter(cps[i]) || (cps[i] >= '0' && cps[i] <= '9'))
			return;
	}
	if (!any)
		return;
	for (size_t i = 0, j = n - 1; i < j; i++, j--) {
		int32_t t = cps[i];
		cps[i] = cps[j];
		cps[j] = t;
	}
}

/* No-break spaces: glue where no line may end. */
static bool is_nbsp(int32_t cp)
{
	return cp == 0xA0 || cp == 0x202F || cp == 0x2007;
}

static bool is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2002 || cp == 0x2003 ||
	       cp == 0x2009 || cp == 0x3000;
}

/* ---- runs, lines, vertical items ---- */

static struct pdf_line *new_line(struct pdf_layout *L, double height, double baseline)
{
	struct priv *P = L->priv;
	if (!GROW(L, L->lines, L->nlines, L->caplines))
		return NULL;
	struct pdf_line *ln = &L->lines[L->nlines++];
	memset(ln, 0, sizeof(*ln));
	ln->indent = text_left(L);
	ln->height = height;
	ln->baseline = baseline;
	ln->first_run = L->nruns;
	ln->heading = P->pending_heading;
	ln->note = P->pending_note;
	P->pending_heading = -1;
	P->pending_note = 0;
	return ln;
}

static void add_run(struct pdf_layout *L, struct pdf_line *ln, double x, double w,
                    const int32_t *cps, size_t n, int face, double size, double rise, int link,
                    unsigned flags)
{
	if (n == 0 || L->oom)
		return;
	if (ln->nruns > 0) {
		struct pdf_run *pr = &L->runs[L->nruns - 1];
		size_t plen = strlen(L->pool.data + pr->text);
		if (pr->face == face && pr->size == (float)size && pr->rise == (float)rise &&
		    pr->link == link && pr->flags == flags && fabs(pr->x + pr->width - x) < 1e-6 &&
		    pr->text + plen + 1 == L->pool.len) {
			L->pool.len--; /* drop the NUL and extend */
			pool_add(L, cps, n);
			pr->width += w;
			return;
		}
	}
	if (!GROW(L, L->runs, L->nruns, L->capruns))
		return;
	struct pdf_run *r = &L->runs[L->nruns++];
	r->x = x;
	r->width = w;
	r->text = pool_add(L, cps, n);
	r->face = face;
	r->size = (float)size;
	r->rise = (float)rise;
	r->link = link;
	r->flags = flags;
	ln->nruns++;
}

static void push_item(struct pdf_layout *L, enum pb_type type, double height, int penalty,
                      long line)
{
	if (L->nitems == L->capitems) {
		size_t cap = L->capitems ? L->capitems * 2 : 256;
		struct pb_item *it = realloc(L->items, cap * sizeof(*it));
		if (it)
			L->items = it;
		long *il = realloc(L->item_line, cap * sizeof(*il));
		if (il)
			L->item_line = il;
		if (!it || !il) {
			L->oom = true;
			return;
		}
		L->capitems = cap;
	}
	L->items[L->nitems] = (struct pb_item){.type = type, .height = height, .penalty = penalty};
	L->item_line[L->nitems] = line;
	L->nitems++;
}

/* Space between blocks. After a heading, no break may come here. */
static void vspace(struct pdf_layout *L, double h)
{
	struct priv *P = L->priv;
	if (L->nitems == 0)
		return;
	if (P->keep_next) {
		push_item(L, PB_PENALTY, 0, PB_INF, -1);
		P->keep_next = false;
	}
	struct pb_item *last = &L->items[L->nitems - 1];
	if (last->type == PB_GLUE) {
		if (last->height < h)
			last->height = h;
		return;
	}
	push_item(L, PB_GLUE, h, 0, -1);
}

/* The lines of one block go in with widow and orphan control: no break
 * after the first line or before the last. */
static void push_lines(struct pdf_layout *L, size_t first, size_t n)
{
	struct priv *P = L->priv;
	/* Lines right after a heading: adjacent boxes never break. */
	P->keep_next = false;
	for (size_t k = 0; k < n; k++) {
		if (pb_line_break_allowed(k, n))
			push_item(L, PB_PENALTY, 0, 0, -1);
		push_item(L, PB_BOX, L->lines[first + k].height, 0, (long)(first + k));
	}
}

/* ---- collecting a paragraph ---- */

static void para_reset(struct priv *P)
{
	P->nch = 0;
	P->nspans = 0;
	P->bold = P->italic = P->mono = P->strike = 0;
	P->nlink = 0;
}

static uint32_t cur_span(struct pdf_layout *L, enum pdf_role role, double size, unsigned flags,
                         int link)
{
	struct priv *P = L->priv;
	if (P->nspans > 0) {
		struct span *s = &P->spans[P->nspans - 1];
		if (s->role == role && s->size == size && s->flags == flags && s->link == link)
			return (uint32_t)(P->nspans - 1);
	}
	if (!GROW(L, P->spans, P->nspans, P->capspans))
		return 0;
	P->spans[P->nspans] = (struct span){.role = role, .size = size, .flags = flags, .link = link};
	return (uint32_t)P->nspans++;
}

static void para_cp(struct pdf_layout *L, int32_t cp, uint32_t span)
{
	struct priv *P = L->priv;
	if (!GROW(L, P->ch, P->nch, P->capch))
		return;
	P->ch[P->nch++] = (struct pch){.cp = cp, .span = span, .after = 0};
}

static void para_text(struct pdf_layout *L, const char *s, size_t len, uint32_t span)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || cp == '\t' || cp == '\r') {
			cp = ' ';
		} else if (cp == 0xAD || cp == 0x200B) {
			/* Invisible break opportunities: never drawn. */
			struct priv *P = L->priv;
			if (P->nch > 0 && P->ch[P->nch - 1].cp > ' ')
				P->ch[P->nch - 1].after = cp == 0xAD ? 1 : 2;
			continue;
		} else if (cp == 0x2060 || cp == 0xFEFF || cp == 0x200C || cp == 0x200D) {
			continue; /* joiners: nothing to draw, and no break */
		} else {
			cp = pdf_fonts_sanitize(L->fonts, cp);
		}
		para_cp(L, cp, span);
	}
}

static enum pdf_role style_role(struct priv *P, enum pdf_role base)
{
	if (P->mono)
		return (P->bold || base == ROLE_BOLD) ? ROLE_MONOBOLD : ROLE_MONO;
	bool b = P->bold > 0 || base == ROLE_BOLD || base == ROLE_BOLDITALIC;
	bool i = P->italic > 0 || base == ROLE_ITALIC || base == ROLE_BOLDITALIC;
	if (b && i)
		return ROLE_BOLDITALIC;
	if (b)
		return ROLE_BOLD;
	if (i)
		return ROLE_ITALIC;
	return base;
}

static int new_link(struct pdf_layout *L, const char *url, int heading, int note)
{
	if (!GROW(L, L->links, L->nlinks, L->caplinks))
		return -1;
	L->links[L->nlinks] = (struct pdf_link){.url = url, .heading = heading, .note = note};
	return (int)L->nlinks++;
}

/* The inline content of node, in order, with its styles. */
static void collect_inline(struct pdf_layout *L, const quire_node *node, enum pdf_role base,
                           double size, unsigned base_flags)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	quire_iter_init(&it, (quire_node *)node);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		int link = P->nlink > 0 ? P->link_stack[P->nlink - 1] : -1;
		unsigned flags = base_flags | (P->strike ? SP_STRIKE : 0) | (link >= 0 ? SP_LINK : 0);
		switch (n->kind) {
		case QUIRE_HTML_INLINE:
			/* Raw HTML has no meaning on a page (the reader warned). */
			break;
		case QUIRE_TEXT:
			para_text(L, n->as.literal.text, n->as.literal.len,
			          cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_CODE:
			P->mono++;
			para_text(L, n->as.literal.text, n->as.literal.len,
			          cur_span(L, style_role(P, base), size * 0.9,
			                   flags | SP_NOHYPH | SP_CODE, link));
			P->mono--;
			break;
		case QUIRE_SOFT_BREAK:
			para_cp(L, ' ', cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_HARD_BREAK:
			para_cp(L, CP_HARD, cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_EMPH:
			P->italic += enter ? 1 : -1;
			break;
		case QUIRE_STRONG:
			P->bold += enter ? 1 : -1;
			break;
		case QUIRE_STRIKETHROUGH:
			P->strike += enter ? 1 : -1;
			break;
		case QUIRE_LINK:
			if (enter) {
				/* A link to nowhere is not marked as one. */
				int li = n->as.link.url[0] ? new_link(L, n->as.link.url, -1, 0)
				                           : (P->nlink ? P->link_stack[P->nlink - 1] : -1);
				if (P->nlink < (int)(sizeof(P->link_stack) / sizeof(P->link_stack[0])))
					P->link_stack[P->nlink++] = li;
			} else if (P->nlink > 0) {
				P->nlink--;
			}
			break;
		case QUIRE_IMAGE:
			para_text(L, enter ? "[" : "]", 1, cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_FOOTNOTE_REF: {
			char num[32];
			if (n->as.footnote.def && n->as.footnote.number > 0) {
				int li = new_link(L, "", -1, n->as.footnote.number);
				snprintf(num, sizeof(num), "%d", n->as.footnote.number);
				para_text(L, num, strlen(num),
				          cur_span(L, style_role(P, base), size * 0.68,
				                   flags | SP_SUPER | SP_NOHYPH | SP_LINK, li));
			} else {
				snprintf(num, sizeof(num), "[^");
				para_text(L, num, 2, cur_span(L, style_role(P, base), size, flags, link));
				para_text(L, n->as.footnote.label, strlen(n->as.footnote.label),
				          cur_span(L, style_role(P, base), size, flags, link));
				para_text(L, "]", 1, cur_span(L, style_role(P, base), size, flags, link));
			}
			break;
		}
		case QUIRE_DOCUMENT:
		case QUIRE_HEADING:
		case QUIRE_PARAGRAPH:
		case QUIRE_BLOCK_QUOTE:
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
		case QUIRE_LIST_ITEM:
		case QUIRE_CODE_BLOCK:
		case QUIRE_THEMATIC_BREAK:
		case QUIRE_TABLE:
		case QUIRE_TABLE_ROW:
		case QUIRE_TABLE_CELL:
		case QUIRE_FOOTNOTE_DEF:
		case QUIRE_HTML_BLOCK:
			break;
		}
	}
}

/* ---- itemising ---- */

/* The natural word space. Some faces have a narrow space (Gentium: 0.22
 * em); a book wants about a quarter em before any stretching. */
static double space_width(struct pdf_layout *L, const struct span *sp)
{
	int f = pdf_fonts_pick(L->fonts, sp->role, ' ');
	double w = pdf_fonts_width(L->fonts, f, ' ') * sp->size / 1000.0;
	return w < sp->size * 0.25 ? sp->size * 0.25 : w;
}

struct pstyle {
	enum align align;
	double first_indent;
	double size, leading;
	bool hyphenate;
	double width; /* the measure when not 0 (table cells) */
	bool no_push; /* make the lines but leave them out of the vertical list */
};

static void push_lb(struct pdf_layout *L, struct lb_item it, long box, int face)
{
	struct priv *P = L->priv;
	if (P->nitems == P->capitems) {
		size_t cap = P->capitems ? P->capitems * 2 : 256;
		struct lb_item *a = realloc(P->items, cap * sizeof(*a));
		if (a)
			P->items = a;
		long *b = realloc(P->item_box, cap * sizeof(*b));
		if (b)
			P->item_box = b;
		int *c = realloc(P->item_face, cap * sizeof(*c));
		if (c)
			P->item_face = c;
		if (!a || !b || !c) {
			L->oom = true;
			return;
		}
		P->capitems = cap;
	}
	P->items[P->nitems] = it;
	P->item_box[P->nitems] = box;
	P->item_face[P->nitems] = face;
	P->nitems++;
}

static void push_box(struct pdf_layout *L, size_t first, size_t n, int face, uint32_t span,
                     double width)
{
	struct priv *P = L->priv;
	if (!GROW(L, P->boxes, P->nboxes, P->capboxes))
		return;
	P->boxes[P->nboxes] = (struct tmpl){.first = first, .n = n, .face = face, .span = span};
	push_lb(L, (struct lb_item){.type = LB_BOX, .width = width}, (long)P->nboxes, face);
	P->nboxes++;
}

enum { BK_NONE, BK_HYPHEN, BK_EXPLICIT, BK_URL, BK_ANY, BK_CJK };

static bool url_like(const struct pch *c, size_t n)
{
	for (size_t k = 0; k + 2 < n; k++)
		if (c[k].cp == ':' && c[k + 1].cp == '/' && c[k + 2].cp == '/')
			return true;
	return n > 4 && c[0].cp == 'w' && c[1].cp == 'w' && c[2].cp == 'w' && c[3].cp == '.';
}

static void itemise_word(struct pdf_layout *L, size_t a, size_t b, bool last, double line_width,
                         bool hyphenate)
{
	struct priv *P = L->priv;
	size_t n = b - a;
	const struct pch *c = P->ch + a;

	if (n > P->capword) {
		size_t cap = n * 2;
		int *f = realloc(P->faces, cap * sizeof(*f));
		if (f)
			P->faces = f;
		double *w = realloc(P->widths, cap * sizeof(*w));
		if (w)
			P->widths = w;
		unsigned char *k = realloc(P->kinds, cap);
		if (k)
			P->kinds = k;
		if (!f || !w || !k) {
			L->oom = true;
			return;
		}
		P->capword = cap;
	}
	double total = 0;
	bool digit = false, nohyph = !hyphenate || last;
	for (size_t k = 0; k < n; k++) {
		const struct span *s = &P->spans[c[k].span];
		P->faces[k] = pdf_fonts_pick(L->fonts, s->role, c[k].cp);
		P->widths[k] = pdf_fonts_width(L->fonts, P->faces[k], c[k].cp) * s->size / 1000.0;
		total += P->widths[k];
		P->kinds[k] = BK_NONE;
		if (c[k].cp >= '0' && c[k].cp <= '9')
			digit = true;
	}
	bool url = url_like(c, n);
	if (!nohyph && !digit && !url && L->hyph) {
		/* Each run of letters is hyphenated on its own. */
		size_t k = 0;
		char buf[1024];
		size_t ends[256];
		bool pts[1024];
		while (k < n) {
			while (k < n && !(is_letter(c[k].cp) && !(P->spans[c[k].span].flags & SP_NOHYPH)))
				k++;
			size_t s = k, len = 0, m = 0;
			while (k < n && is_letter(c[k].cp) && !(P->spans[c[k].span].flags & SP_NOHYPH) &&
			       m < 250 && len + 4 < sizeof(buf)) {
				len += (size_t)quire_utf8_encode(c[k].cp, buf + len);
				ends[m++] = len - 1;
				k++;
			}
			if (m >= 5 && hyph_word(L->hyph, buf, len, pts) > 0) {
				for (size_t j = 0; j + 1 < m; j++)
					if (pts[ends[j]])
						P->kinds[s + j] = BK_HYPHEN;
			}
			if (k < n && is_letter(c[k].cp) && !(P->spans[c[k].span].flags & SP_NOHYPH))
				k++; /* an over-long run: skip on */
		}
	}
	bool sensible = url || total > line_width / 3;
	for (size_t k = 0; k + 1 < n; k++) {
		int32_t cp = c[k].cp, next = c[k + 1].cp;
		if ((cp == '-' || cp == 0x2010 || cp == 0x2013 || cp == 0x2014) && k > 0 &&
		    (is_letter(next) || (next >= '0' && next <= '9')) && !url)
			P->kinds[k] = BK_EXPLICIT;
		else if (sensible && (cp == '/' || cp == '.' || cp == '-' || cp == '_' || cp == '?' ||
		                      cp == '&' || cp == '=' || cp == '#' || cp == ',' || cp == ';') &&
		         next != cp && next != '/' && k > 0)
			P->kinds[k] = BK_URL;
		else if (is_cjk(cp) && is_cjk(next))
			P->kinds[k] = BK_CJK;
		if (c[k].after == 1)
			P->kinds[k] = BK_HYPHEN;
		else if (c[k].after == 2)
			P->kinds[k] = BK_URL;
	}
	/* Any piece still wider than the line breaks anywhere. */
	double seg = 0;
	size_t seg_start = 0;
	for (size_t k = 0; k < n; k++) {
		seg += P->widths[k];
		if (seg > line_width) {
			for (size_t j = seg_start; j + 1 < n && j < k + 1; j++)
				if (P->kinds[j] == BK_NONE)
					P->kinds[j] = BK_ANY;
			/* Re-measure from the last forced point. */
			seg = P->widths[k];
			seg_start = k;
		}
		if (P->kinds[k] != BK_NONE) {
			seg = 0;
			seg_start = k + 1;
		}
	}
	/* Boxes: cut at breaks and at changes of face or span. */
	size_t s = 0;
	double w = 0;
	for (size_t k = 0; k < n; k++) {
		w += P->widths[k];
		bool cut = k + 1 == n || P->kinds[k] != BK_NONE || P->faces[k + 1] != P->faces[k] ||
		           c[k + 1].span != c[k].span;
		if (!cut)
			continue;
		push_box(L, a + s, k + 1 - s, P->faces[k], c[k].span, w);
		s = k + 1;
		w = 0;
		const struct span *sp = &P->spans[c[k].span];
		switch (P->kinds[k]) {
		case BK_HYPHEN: {
			int hf = pdf_fonts_pick(L->fonts, sp->role, '-');
			double hw = pdf_fonts_width(L->fonts, hf, '-') * sp->size / 1000.0;
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .width = hw, .penalty = 100, .flagged = true},
			        -1, hf);
			break;
		}
		case BK_EXPLICIT:
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = 50, .flagged = true}, -1, -1);
			break;
		case BK_URL:
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = 100}, -1, -1);
			break;
		case BK_ANY:
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = 900}, -1, -1);
			break;
		case BK_CJK:
			push_lb(L, (struct lb_item){.type = LB_GLUE, .stretch = sp->size * 0.05}, -1, -1);
			break;
		default:
			break;
		}
	}
}

/* A list item's marker (or a note's number) hangs left of the first line
 * of the item's first block, whatever that block is; shift is how far the
 * line's text starts right of the block's edge. */
static void take_marker(struct pdf_layout *L, struct pdf_line *ln, double size, double shift)
{
	struct priv *P = L->priv;
	int32_t cps[32];
	int mf[32];
	size_t m = 0;
	double mw = 0;
	if (!P->has_marker)
		return;
	for (size_t q = 0; P->marker[q] && m < 31;) {
		int32_t cp;
		q += (size_t)quire_utf8_decode(P->marker + q, strlen(P->marker + q), &cp);
		cps[m++] = cp;
	}
	for (size_t q = 0; q < m; q++) {
		mf[q] = pdf_fonts_pick(L->fonts, ROLE_REGULAR, cps[q]);
		mw += pdf_fonts_width(L->fonts, mf[q], cps[q]) * P->marker_size / 1000.0;
	}
	double mx = -shift - mw - size * 0.5;
	for (size_t q = 0; q < m; q++) {
		double cw = pdf_fonts_width(L->fonts, mf[q], cps[q]) * P->marker_size / 1000.0;
		add_run(L, ln, mx, cw, &cps[q], 1, mf[q], P->marker_size, 0, P->marker_link,
		        P->marker_link >= 0 ? RUN_LINK : 0);
		mx += cw;
	}
	P->has_marker = false;
	P->marker_link = -1;
}

/* Sets the collected paragraph: itemise, break, place, push. */
static void set_paragraph(struct pdf_layout *L, const struct pstyle *ps)
{
	struct priv *P = L->priv;
	double lw = text_width(L);
	if (ps->width > 0)
		lw = ps->width;
	bool justify = ps->align == AL_JUSTIFY;
	struct lb_line *lines = NULL;
	size_t nlines = 0;

	P->nitems = 0;
	P->nboxes = 0;
	if (ps->first_indent > 0)
		push_box(L, 0, 0, L->fonts->role_face[ROLE_REGULAR], 0, ps->first_indent);
	/* The last word (never hyphenated). */
	size_t last_word = P->nch;
	for (size_t i = P->nch; i > 0; i--) {
		if (!is_space(P->ch[i - 1].cp) && !is_nbsp(P->ch[i - 1].cp) && P->ch[i - 1].cp != CP_HARD) {
			size_t j = i - 1;
			while (j > 0 && !is_space(P->ch[j - 1].cp) && !is_nbsp(P->ch[j - 1].cp) &&
			       P->ch[j - 1].cp >= 0)
				j--;
			last_word = j;
			break;
		}
	}
	size_t i = 0;
	while (i < P->nch && is_space(P->ch[i].cp))
		i++;
	while (i < P->nch) {
		int32_t cp = P->ch[i].cp;
		if (cp == CP_HARD) {
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .stretch = 1e6}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF}, -1, -1);
			i++;
			while (i < P->nch && is_space(P->ch[i].cp))
				i++;
			continue;
		}
		if (is_nbsp(cp)) {
			const struct span *sp = &P->spans[P->ch[i].span];
			double w = cp == 0x202F ? sp->size * 0.17 : space_width(L, sp);
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify && cp == 0xA0 ? w / 2 : 0,
			                            .shrink = justify && cp == 0xA0 ? w / 3 : 0}, -1, -1);
			i++;
			continue;
		}
		if (is_space(cp)) {
			const struct span *sp = &P->spans[P->ch[i].span];
			while (i < P->nch && is_space(P->ch[i].cp))
				i++;
			if (i >= P->nch || P->ch[i].cp < 0)
				continue;
			double w = space_width(L, sp);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify ? w / 2 : 0,
			                            .shrink = justify ? w / 3 : 0}, -1, -1);
			continue;
		}
		size_t j = i;
		while (j < P->nch && !is_space(P->ch[j].cp) && !is_nbsp(P->ch[j].cp) && P->ch[j].cp >= 0)
			j++;
		/* The first line is shorter by its indent: a run must fit there too. */
		itemise_word(L, i, j, i == last_word, lw - ps->first_indent, ps->hyphenate);
		i = j;
	}
	push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
	push_lb(L, (struct lb_item){.type = LB_GLUE, .stretch = 1e6}, -1, -1);
	push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF}, -1, -1);
	if (L->oom)
		return;

	struct lb_params par;
	lb_params_default(&par, lw);
	/* As TeX: hyphenate only where the spacing needs it, and avoid
	 * hyphens on consecutive lines. */
	par.pretolerance = 0.9;
	par.tolerance = 1.2;
	par.flagged_demerits = 10000;
	par.final_flagged_demerits = 5000;
	if (!justify)
		par.right_stretch = ps->size * 3;
	if (lb_break(P->items, P->nitems, &par, &lines, &nlines) != QUIRE_OK) {
		L->oom = true;
		return;
	}
	size_t first_line = L->nlines;
	double baseline = ps->leading * 0.5 + ps->size * 0.35;
	for (size_t k = 0; k < nlines; k++) {
		struct pdf_line *ln = new_line(L, ps->leading, baseline);
		if (!ln)
			break;
		double x = 0, r = lines[k].ratio;
		if (r > 1e6 || r < -1)
			r = r < -1 ? -1 : 0;
		if (k == 0)
			take_marker(L, ln, ps->size, 0);
		for (size_t it = lines[k].start; it < lines[k].end; it++) {
			const struct lb_item *li = &P->items[it];
			if (li->type == LB_GLUE) {
				/* The finishing glue takes up the rest of a last line. */
				if (li->stretch < 1e5)
					x += li->width + (r >= 0 ? r * li->stretch : r * li->shrink);
				continue;
			}
			if (li->type != LB_BOX)
				continue;
			long bi = P->item_box[it];
			if (bi < 0)
				continue;
			const struct tmpl *t = &P->boxes[bi];
			if (t->n > 0) {
				const struct span *sp = &P->spans[t->span];
				int32_t cps[512];
				size_t done = 0;
				double rise = (sp->flags & SP_SUPER) ? ps->size * 0.38 : 0;
				unsigned fl = ((sp->flags & SP_LINK) ? RUN_LINK : 0) |
				              ((sp->flags & SP_STRIKE) ? RUN_STRIKE : 0) |
				              ((sp->flags & SP_CODE) ? RUN_CODEBG : 0) |
				              ((sp->flags & SP_GRAY) ? RUN_GRAY : 0);
				while (done < t->n) {
					size_t m = t->n - done < 512 ? t->n - done : 512;
					double w = 0;
					for (size_t q = 0; q < m; q++) {
						cps[q] = P->ch[t->first + done + q].cp;
						w += pdf_fonts_width(L->fonts, t->face, cps[q]) * sp->size / 1000.0;
					}
					reverse_rtl(cps, m);
					add_run(L, ln, x, w, cps, m, t->face, sp->size, rise, sp->link, fl);
					x += w;
					done += m;
				}
			} else {
				x += li->width;
			}
		}
		const struct lb_item *bk = &P->items[lines[k].end];
		if (bk->type == LB_PENALTY && bk->flagged && bk->width > 0) {
			int32_t hy = '-';
			long prevbox = -1;
			for (size_t it = lines[k].end; it > lines[k].start; it--)
				if (P->item_box[it - 1] >= 0) {
					prevbox = P->item_box[it - 1];
					break;
				}
			const struct span *sp = prevbox >= 0 ? &P->spans[P->boxes[prevbox].span] : NULL;
			add_run(L, ln, x, bk->width, &hy, 1, P->item_face[lines[k].end],
			        sp ? sp->size : ps->size, 0, sp ? sp->link : -1,
			        sp && (sp->flags & SP_LINK) ? RUN_LINK : 0);
			x += bk->width;
		}
		if (ps->align == AL_CENTER) {
			double off = (lw - x) / 2;
			for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++)
				L->runs[q].x += off;
		}
	}
	free(lines);
	if (!ps->no_push)
		push_lines(L, first_line, L->nlines - first_line);
}

/* ---- blocks ---- */

static void block_text(struct pdf_layout *L, const quire_node *n, enum pdf_role role, double size,
                       double leading, enum align align, double first_indent, bool hyphenate)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = align, .first_indent = first_indent, .size = size,
	                    .leading = leading, .hyphenate = hyphenate};
	para_reset(P);
	collect_inline(L, n, role, size, 0);
	set_paragraph(L, &ps);
}

static void code_lines(struct pdf_layout *L, const char *text, size_t len)
{
	double size = L->size * 0.85, leading = size * 1.4, pad = size * 0.6;
	double avail = text_width(L) - 2 * pad;
	size_t first_line = L->nlines;
	int32_t mark = 0x21AA; /* ↪ */
	int markf = pdf_fonts_pick(L->fonts, ROLE_MONO, mark);
	double markw = pdf_fonts_width(L->fonts, markf, mark) * size / 1000.0 +
	               pdf_fonts_width(L->fonts, markf, ' ') * size / 1000.0;
	int32_t *cps = NULL;
	double *ws = NULL;
	int *fs = NULL;
	size_t cap = 0;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (avail < size * 8)
		avail = size * 8;
	size_t pos = 0;
	do {
		size_t e = pos;
		while (e < len && text[e] != '\n')
			e++;
		/* Decode with tabs expanded to the next multiple of 4 columns. */
		size_t n = 0;
		for (size_t i = pos; i < e;) {
			int32_t cp;
			i += (size_t)quire_utf8_decode(text + i, e - i, &cp);
			size_t reps = 1;
			if (cp == '\t') {
				reps = 4 - n % 4;
				cp = ' ';
			}
			cp = pdf_fonts_sanitize(L->fonts, cp);
			if (n + reps + 1 > cap) {
				cap = (n + reps + 1) * 2;
				int32_t *c2 = realloc(cps, cap * sizeof(*c2));
				double *w2 = c2 ? realloc(ws, cap * sizeof(*w2)) : NULL;
				int *f2 = w2 ? realloc(fs, cap * sizeof(*f2)) : NULL;
				if (c2)
					cps = c2;
				if (w2)
					ws = w2;
				if (f2)
					fs = f2;
				if (!c2 || !w2 || !f2) {
					L->oom = true;
					goto out;
				}
			}
			while (reps--) {
				cps[n] = cp;
				fs[n] = pdf_fonts_pick(L->fonts, ROLE_MONO, cp);
				ws[n] = pdf_fonts_width(L->fonts, fs[n], cp) * size / 1000.0;
				n++;
			}
		}
		size_t p = 0;
		bool first = true;
		do {
			double x0 = first ? 0 : markw, x = x0;
			size_t q = p;
			while (q < n && x + ws[q] <= avail + 1e-6) {
				x += ws[q];
				q++;
			}
			if (q < n) {
				/* Wrap after the last space in the second half, if any. */
				for (size_t k = q; k > p + (q - p) / 2; k--)
					if (cps[k - 1] == ' ') {
						q = k;
						break;
					}
				if (q == p)
					q = p + 1;
			}
			struct pdf_line *ln = new_line(L, leading, leading * 0.5 + size * 0.35);
			if (!ln)
				goto out;
			ln->indent = text_left(L) + pad;
			ln->flags = LINE_BG;
			ln->bg_x = text_left(L);
			ln->bg_w = text_width(L);
			if (!first)
				add_run(L, ln, 0, markw, &mark, 1, markf, size, 0, -1, RUN_GRAY);
			else if (pos == 0)
				take_marker(L, ln, L->size, pad);
			x = x0;
			for (size_t k = p; k < q;) {
				if (cps[k] == ' ') {
					x += ws[k];
					k++;
					continue;
				}
				size_t s = k;
				double w = 0;
				while (k < q && cps[k] != ' ' && fs[k] == fs[s]) {
					w += ws[k];
					k++;
				}
				add_run(L, ln, x, w, cps + s, k - s, fs[s], size, 0, -1, 0);
				x += w;
			}
			p = q;
			first = false;
		} while (p < n);
		pos = e + 1;
	} while (pos <= len);
	/* Padding above and below, inside the shaded box. */
	if (L->nlines > first_line) {
		L->lines[first_line].height += pad * 0.6;
		L->lines[first_line].baseline += pad * 0.6;
		L->lines[L->nlines - 1].height += pad * 0.6;
	}
	push_lines(L, first_line, L->nlines - first_line);
out:
	free(cps);
	free(ws);
	free(fs);
}

static void rule_line(struct pdf_layout *L, double from, double width)
{
	size_t first = L->nlines;
	struct pdf_line *ln = new_line(L, L->leading, L->leading * 0.5);
	if (!ln)
		return;
	ln->flags = LINE_RULE;
	ln->bg_x = text_left(L) + from;
	ln->bg_w = width;
	push_lines(L, first, 1);
}

/* The natural width of the collected text, spaces collapsed. */
static double natural_width(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	double w = 0;
	bool space = false;
	for (size_t i = 0; i < P->nch; i++) {
		const struct span *sp = &P->spans[P->ch[i].span];
		int32_t cp = P->ch[i].cp < 0 ? ' ' : P->ch[i].cp;
		if (is_space(cp)) {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		if (space) {
			w += space_width(L, sp);
			continue;
		}
		int f = pdf_fonts_pick(L->fonts, sp->role, cp);
		w += pdf_fonts_width(L->fonts, f, cp) * sp->size / 1000.0;
	}
	return w;
}

/* Tables (simply, for now): columns as wide as their widest cell, shrunk
 * in proportion when the table is wider than the measure; cells wrap
 * inside their column; rules above, below the header and below. */
static void table_rows(struct pdf_layout *L, const quire_node *table)
{
	struct priv *P = L->priv;
	int ncols = table->as.table.columns > 0 ? table->as.table.columns : 1;
	double gap = L->size * 1.2, avail = text_width(L);
	if (ncols * L->size * 3 + (ncols - 1) * gap > avail) {
		/* Too many columns for the measure: one paragraph per row. */
		struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
		for (const quire_node *row = table->first_child; row; row = row->next) {
			para_reset(P);
			for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
				if (cell != row->first_child)
					para_text(L, " | ", 3, cur_span(L, ROLE_REGULAR, L->size, 0, -1));
				collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR,
				               L->size, 0);
			}
			set_paragraph(L, &ps);
		}
		return;
	}
	double *colw = calloc((size_t)ncols, sizeof(*colw));
	double *colx = calloc((size_t)ncols, sizeof(*colx));
	size_t *cell_first = calloc((size_t)ncols, sizeof(*cell_first));
	size_t *cell_n = calloc((size_t)ncols, sizeof(*cell_n));
	if (!colw || !colx || !cell_first || !cell_n) {
		L->oom = true;
		goto out;
	}
	for (const quire_node *row = table->first_child; row; row = row->next)
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			int c = cell->as.cell.column;
			if (c < 0 || c >= ncols)
				continue;
			para_reset(P);
			collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR, L->size, 0);
			double w = natural_width(L) + 0.01; /* rounding must not wrap it */
			if (w > colw[c])
				colw[c] = w;
		}
	double total = gap * (ncols - 1);
	for (int c = 0; c < ncols; c++) {
		if (colw[c] < L->size)
			colw[c] = L->size;
		total += colw[c];
	}
	if (total > avail) {
		/* Shrink the wide columns; narrow ones keep their width. */
		double fixed = gap * (ncols - 1), share = avail - fixed;
		double fair = share / ncols, wide = 0, narrow = 0;
		for (int c = 0; c < ncols; c++) {
			if (colw[c] > fair)
				wide += colw[c];
			else
				narrow += colw[c];
		}
		double scale = wide > 0 ? (share - narrow) / wide : 1;
		double minw = fmin(L->size * 4, fair);
		double sum = 0;
		for (int c = 0; c < ncols; c++) {
			if (colw[c] > fair)
				colw[c] = colw[c] * scale < minw ? minw : colw[c] * scale;
			sum += colw[c];
		}
		/* Whatever is left over comes off every column alike. */
		if (sum > share)
			for (int c = 0; c < ncols; c++)
				colw[c] *= share / sum;
	}
	total = 0;
	for (int c = 0; c < ncols; c++) {
		colx[c] = total;
		total += colw[c] + gap;
	}
	total -= gap;
	if (total > avail)
		total = avail;
	bool first_row = true;
	for (const quire_node *row = table->first_child; row; row = row->next) {
		size_t rows = 0;
		for (int c = 0; c < ncols; c++)
			cell_n[c] = 0;
		for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
			int c = cell->as.cell.column;
			if (c < 0 || c >= ncols)
				continue;
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading,
			                    .width = colw[c], .no_push = true,
			                    .hyphenate = true};
			para_reset(P);
			collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR, L->size, 0);
			cell_first[c] = L->nlines;
			set_paragraph(L, &ps);
			cell_n[c] = L->nlines - cell_first[c];
			if (cell_n[c] > rows)
				rows = cell_n[c];
		}
		size_t first = L->nlines;
		for (size_t k = 0; k < rows && !L->oom; k++) {
			struct pdf_line *ln = new_line(L, L->leading, L->leading * 0.5 + L->size * 0.35);
			if (!ln)
				break;
			size_t lni = L->nlines - 1;
			ln->bg_x = text_left(L);
			ln->bg_w = total;
			/* Rules sit in extra space, clear of the letters. */
			if (first_row && k == 0) {
				ln->flags |= LINE_RULE_ABOVE;
				ln->height += L->size * 0.3;
				ln->baseline += L->size * 0.3;
			}
			if (k + 1 == rows && (row->as.row.header || !row->next)) {
				ln->flags |= LINE_RULE_BELOW;
				ln->height += L->size * 0.3;
			}
			for (int c = 0; c < ncols; c++) {
				if (k >= cell_n[c])
					continue;
				const struct pdf_line *src = &L->lines[cell_first[c] + k];
				size_t r0 = src->first_run, nr = src->nruns;
				double used = 0;
				for (size_t q = r0; q < r0 + nr; q++)
					if (L->runs[q].x + L->runs[q].width > used)
						used = L->runs[q].x + L->runs[q].width;
				enum quire_align al = table->as.table.align ? table->as.table.align[c] : QUIRE_ALIGN_NONE;
				double off = colx[c] + (al == QUIRE_ALIGN_RIGHT ? colw[c] - used
				                        : al == QUIRE_ALIGN_CENTER ? (colw[c] - used) / 2 : 0);
				for (size_t q = r0; q < r0 + nr; q++) {
					if (!GROW(L, L->runs, L->nruns, L->capruns))
						break;
					struct pdf_run r = L->runs[q];
					r.x += off;
					L->runs[L->nruns++] = r;
					L->lines[lni].nruns++;
				}
			}
		}
		/* A row is not split; a page may break between rows. */
		if (!first_row)
			push_item(L, PB_PENALTY, 0, 0, -1);
		for (size_t k = first; k < L->nlines; k++)
			push_item(L, PB_BOX, L->lines[k].height, 0, (long)k);
		first_row = false;
	}
out:
	free(colw);
	free(colx);
	free(cell_first);
	free(cell_n);
}

static void add_heading(struct pdf_layout *L, const quire_node *n)
{
	struct priv *P = L->priv;
	char *title = quire_node_plain_text(n);
	if (!title) {
		L->oom = true;
		return;
	}
	if (!GROW(L, L->headings, L->nheadings, L->capheadings)) {
		free(title);
		return;
	}
	L->headings[L->nheadings] = (struct pdf_heading){
		.level = n->as.heading.level, .title = title,
		.id = n->as.heading.id ? n->as.heading.id : "", .line = L->nlines};
	P->pending_heading = (int)L->nheadings++;
}

static void list_marker(struct pdf_layout *L, const quire_node *item)
{
	struct priv *P = L->priv;
	static const char *const bullets[] = {"\u2022", "\u2013", "\u25E6", "\u25AA"};
	struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
	P->marker_size = L->size;
	if (item->as.item.task != QUIRE_TASK_NONE)
		snprintf(P->marker, sizeof(P->marker), "%s",
		         item->as.item.task == QUIRE_TASK_CHECKED ? "\u2611" : "\u2610");
	else if (ls && ls->ordered)
		snprintf(P->marker, sizeof(P->marker), "%d%c", ls->counter, ls->delim ? ls->delim : '.');
	else {
		size_t depth = 0;
		for (size_t k = 0; k < P->nlists; k++)
			depth += !P->lists[k].ordered;
		snprintf(P->marker, sizeof(P->marker), "%s", bullets[(depth ? depth - 1 : 0) % 4]);
	}
	if (ls)
		ls->counter++;
	P->has_marker = true;
}

/* Blocks inside an item of a tight list have no space around them. */
static bool in_tight_item(const quire_node *n)
{
	const quire_node *item = n->parent;
	return item && item->kind == QUIRE_LIST_ITEM && item->parent &&
	       (item->parent->kind == QUIRE_BULLET_LIST || item->parent->kind == QUIRE_ORDERED_LIST) &&
	       item->parent->as.list.tight;
}

/* Walks the blocks under root. Footnote definitions are kept for the end
 * unless root is one. */
static void walk_blocks(struct pdf_layout *L, const quire_node *root)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	double gap = L->leading * 0.5;
	quire_iter_init(&it, (quire_node *)root);
	while (!L->oom && quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		switch (n->kind) {
		case QUIRE_DOCUMENT:
			break;
		case QUIRE_PARAGRAPH: {
			if (!enter)
				break;
			bool indent = P->prev_para && n->prev && n->prev->kind == QUIRE_PARAGRAPH;
			vspace(L, indent || in_tight_item(n) ? 0 : gap);
			block_text(L, n, ROLE_REGULAR, L->size, L->leading,
			           L->ragged ? AL_RAGGED : AL_JUSTIFY, indent ? L->size * 1.5 : 0, true);
			P->prev_para = true;
			quire_iter_skip_children(&it);
			break;
		}
		case QUIRE_HEADING: {
			if (!enter)
				break;
			static const double scale[] = {1.9, 1.5, 1.25, 1.1, 1.0, 1.0};
			int lv = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;
			double size = L->size * scale[lv - 1];
			vspace(L, L->leading * (lv <= 2 ? 2.0 : 1.3));
			add_heading(L, n);
			block_text(L, n, lv == 6 ? ROLE_BOLDITALIC : ROLE_BOLD, size, size * 1.25, AL_RAGGED,
			           0, false);
			P->keep_next = true;
			vspace(L, L->leading * 0.4);
			P->prev_para = false;
			quire_iter_skip_children(&it);
			break;
		}
		case QUIRE_BLOCK_QUOTE:
			vspace(L, gap);
			P->indent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->rindent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->prev_para = false;
			break;
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
			vspace(L, in_tight_item(n) ? 0 : gap);
			if (enter) {
				if (!GROW(L, P->lists, P->nlists, P->caplists))
					break;
				P->lists[P->nlists++] = (struct list_state){
					.ordered = n->kind == QUIRE_ORDERED_LIST, .tight = n->as.list.tight,
					.counter = n->as.list.start, .delim = n->as.list.delim,
					.step = L->size * (n->kind == QUIRE_ORDERED_LIST ? 2.0 : 1.5)};
			} else if (P->nlists > 0) {
				P->nlists--;
			}
			P->prev_para = false;
			break;
		case QUIRE_LIST_ITEM: {
			struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
			double step = ls ? ls->step : L->size * 1.5;
			if (enter) {
				if (n->prev && ls && !ls->tight)
					vspace(L, gap);
				list_marker(L, n);
				P->indent += step;
			} else {
				if (P->has_marker) {
					/* An empty item still shows its marker. */
					para_reset(P);
					struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
					set_paragraph(L, &ps);
				}
				P->indent -= step;
			}
			P->prev_para = false;
			break;
		}
		case QUIRE_HTML_BLOCK:
			break;
		case QUIRE_CODE_BLOCK:
			if (!enter)
				break;
			vspace(L, gap);
			code_lines(L, n->as.literal.text, n->as.literal.len);
			vspace(L, gap);
			P->prev_para = false;
			break;
		case QUIRE_THEMATIC_BREAK: {
			if (!enter)
				break;
			double w = text_width(L) * 0.3;
			vspace(L, gap);
			rule_line(L, (text_width(L) - w) / 2, w);
			vspace(L, gap);
			P->prev_para = false;
			break;
		}
		case QUIRE_TABLE:
			if (!enter)
				break;
			vspace(L, gap);
			table_rows(L, n);
			vspace(L, gap);
			P->prev_para = false;
			quire_iter_skip_children(&it);
			break;
		case QUIRE_TABLE_ROW:
		case QUIRE_TABLE_CELL:
			quire_iter_skip_children(&it);
			break;
		case QUIRE_FOOTNOTE_DEF:
			if (n != root) {
				if (enter && n->as.footnote.number > 0 &&
				    GROW(L, P->notes, P->nnotes, P->capnotes))
					P->notes[P->nnotes++] = n;
				quire_iter_skip_children(&it);
			}
			break;
		case QUIRE_TEXT:
		case QUIRE_SOFT_BREAK:
		case QUIRE_HARD_BREAK:
		case QUIRE_EMPH:
		case QUIRE_STRONG:
		case QUIRE_STRIKETHROUGH:
		case QUIRE_CODE:
		case QUIRE_LINK:
		case QUIRE_IMAGE:
		case QUIRE_FOOTNOTE_REF:
		case QUIRE_HTML_INLINE:
			/* Inlines straight under a container: set them as a paragraph. */
			if (enter && (n->prev == NULL || quire_kind_is_block(n->prev->kind))) {
				struct pstyle ps = {.align = L->ragged ? AL_RAGGED : AL_JUSTIFY,
				                    .size = L->size, .leading = L->leading, .hyphenate = true};
				para_reset(P);
				vspace(L, gap);
				for (const quire_node *m = n; m && quire_kind_is_inline(m->kind); m = m->next)
					collect_inline(L, m, ROLE_REGULAR, L->size, 0);
				set_paragraph(L, &ps);
			}
			if (!quire_kind_is_leaf(n->kind) && enter)
				quire_iter_skip_children(&it);
			break;
		}
	}
}

static void title_block(struct pdf_layout *L, const struct quire_meta *m)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = AL_CENTER};
	if (!m->title)
		return;
	ps.size = L->size * 2.1;
	ps.leading = ps.size * 1.2;
	para_reset(P);
	para_text(L, m->title, strlen(m->title), cur_span(L, ROLE_BOLD, ps.size, 0, -1));
	set_paragraph(L, &ps);
	if (m->subtitle) {
		vspace(L, L->leading * 0.4);
		ps.size = L->size * 1.35;
		ps.leading = ps.size * 1.25;
		para_reset(P);
		para_text(L, m->subtitle, strlen(m->subtitle), cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		set_paragraph(L, &ps);
	}
	if (m->author_count > 0) {
		vspace(L, L->leading * 0.8);
		ps.size = L->size * 1.15;
		ps.leading = ps.size * 1.3;
		para_reset(P);
		for (size_t i = 0; i < m->author_count; i++) {
			const char *sep = i == 0 ? "" : i + 1 == m->author_count ? " and " : ", ";
			para_text(L, sep, strlen(sep), cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
			para_text(L, m->authors[i], strlen(m->authors[i]),
			          cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
		}
		set_paragraph(L, &ps);
	}
	if (m->date) {
		vspace(L, L->leading * 0.3);
		ps.size = L->size;
		ps.leading = L->leading;
		para_reset(P);
		para_text(L, m->date, strlen(m->date), cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		set_paragraph(L, &ps);
	}
	vspace(L, L->leading * 2);
}

static void notes(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	if (P->nnotes == 0)
		return;
	/* In order of number (definitions may come in any order). */
	for (size_t i = 1; i < P->nnotes; i++) {
		const quire_node *x = P->notes[i];
		size_t j = i;
		while (j > 0 && P->notes[j - 1]->as.footnote.number > x->as.footnote.number) {
			P->notes[j] = P->notes[j - 1];
			j--;
		}
		P->notes[j] = x;
	}
	vspace(L, L->leading * 1.5);
	rule_line(L, 0, L->measure * 0.25);
	for (size_t i = 0; i < P->nnotes; i++) {
		const quire_node *d = P->notes[i];
		snprintf(P->marker, sizeof(P->marker), "%d.", d->as.footnote.number);
		P->has_marker = true;
		P->marker_size = L->size;
		P->marker_link = new_link(L, "", -1, -d->as.footnote.number);
		P->pending_note = d->as.footnote.number;
		P->indent += L->size * 2;
		P->prev_para = false;
		walk_blocks(L, d);
		if (P->has_marker) {
			para_reset(P);
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
			set_paragraph(L, &ps);
		}
		P->indent -= L->size * 2;
		vspace(L, L->leading * 0.3);
	}
}

void pdf_layout_init(struct pdf_layout *L, struct pdf_fonts *fonts, struct hyph *hyph,
                     double size, double measure, bool ragged, struct quire_log *log,
                     const char *filename)
{
	memset(L, 0, sizeof(*L));
	L->fonts = fonts;
	L->hyph = hyph;
	L->size = size;
	L->leading = size * 1.3;
	L->measure = measure;
	L->ragged = ragged;
	L->log = log;
	L->filename = filename;
	L->priv = calloc(1, sizeof(struct priv));
	if (!L->priv)
		L->oom = true;
	else {
		((struct priv *)L->priv)->pending_heading = -1;
		((struct priv *)L->priv)->marker_link = -1;
	}
	qstr_append(&L->pool, "", 1); /* offset 0: the empty string */
}

enum quire_status pdf_layout_doc(struct pdf_layout *L, const quire_doc *doc)
{
	struct priv *P = L->priv;
	if (!P)
		return QUIRE_ERR_NOMEM;
	P->doc = doc;
	title_block(L, quire_doc_meta(doc));
	walk_blocks(L, quire_doc_root(doc));
	notes(L);
	return L->oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

size_t pdf_layout_simple(struct pdf_layout *L, const char *text, enum pdf_role role, double size,
                         unsigned flags, size_t *n, double *width)
{
	size_t first = L->nruns;
	struct pdf_line tmp = {0};
	double x = 0;
	int32_t ell = 0x2026;
	int ef = pdf_fonts_pick(L->fonts, role, ell);
	double ew = pdf_fonts_width(L->fonts, ef, ell) * size / 1000.0;
	for (size_t i = 0, len = strlen(text); i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(text + i, len - i, &cp);
		cp = pdf_fonts_sanitize(L->fonts, cp);
		int f = pdf_fonts_pick(L->fonts, role, cp);
		double w = pdf_fonts_width(L->fonts, f, cp) * size / 1000.0;
		/* A title too long for the header ends in an ellipsis. */
		if (x + w + (i < len ? ew : 0) > L->measure) {
			add_run(L, &tmp, x, ew, &ell, 1, ef, size, 0, -1, flags);
			x += ew;
			break;
		}
		if (cp != ' ')
			add_run(L, &tmp, x, w, &cp, 1, f, size, 0, -1, flags);
		x += w;
	}
	*n = L->nruns - first;
	*width = x;
	return first;
}

void pdf_layout_free(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	if (P) {
		free(P->ch);
		free(P->spans);
		free(P->items);
		free(P->item_box);
		free(P->item_face);
		free(P->boxes);
		free(P->faces);
		free(P->widths);
		free(P->kinds);
		free(P->lists);
		free(P->notes);
		free(P);
	}
	for (size_t i = 0; i < L->nheadings; i++)
		free(L->headings[i].title);
	free(L->headings);
	free(L->runs);
	free(L->lines);
	free(L->items);
	free(L->item_line);
	free(L->links);
	qstr_free(&L->pool);
	memset(L, 0, sizeof(*L));
}
