/* Paragraphs: inline content collected into styled characters, itemised
 * into boxes, glue and penalties (hyphenation, URL and emergency breaks,
 * CJK), broken by the line breaker, and placed as runs on lines. */
#include "layout_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "linebreak.h"
#include "uri.h"

/* The left edge and width of the text, from the nesting indents. Deep
 * nesting is squeezed so that at least 8 ems remain and nothing passes
 * the margins. */
double lo_text_left(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, in = P->indent + P->rindent;
	if (L->measure - in >= minw || in <= 0)
		return P->indent;
	double room = L->measure > minw ? L->measure - minw : 0;
	return P->indent * room / in;
}

double lo_text_width(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, w = L->measure - P->indent - P->rindent;
	if (w >= minw)
		return w;
	return minw < L->measure ? minw : L->measure;
}

/* ---- growable arrays ---- */

bool lo_grow(struct pdf_layout *L, void **p, size_t *cap, size_t need, size_t size)
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
	return cp == 0xA0 || cp == 0x202F || cp == 0x2007 || cp == CP_HAIR;
}

bool lo_is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2002 || cp == 0x2003 ||
	       cp == 0x2009 || cp == 0x3000;
}

/* Inline images stand on the baseline as tall as a capital and a
 * descender, never larger than their own size at 96 dpi. */
void lo_inline_image_size(struct pdf_layout *L, long image, double size, double *w, double *h)
{
	const struct pdf_image *im = &L->images->v[image];
	double nw = im->w * 0.75, nh = im->h * 0.75, s = size * 0.95 / nh;
	if (s > 1)
		s = 1;
	if (nw * s > L->measure)
		s = L->measure / nw;
	*w = nw * s;
	*h = nh * s;
}

static void add_image_run(struct pdf_layout *L, struct pdf_line *ln, double x, long image,
                          double size, int link)
{
	double w, h;
	struct pdf_run *r = pdf_store_new_run(&L->store, ln);
	if (!r)
		return;
	lo_inline_image_size(L, image, size, &w, &h);
	*r = (struct pdf_run){.x = x, .width = w, .text = 0, .face = 0, .size = (float)h,
	                      .rise = (float)(-size * 0.2), .link = link,
	                      .flags = RUN_IMAGE | (link >= 0 ? RUN_LINK : 0), .image = image};
}

/* ---- collecting a paragraph ---- */

void lo_para_reset(struct priv *P)
{
	P->nch = 0;
	P->nspans = 0;
	P->bold = P->italic = P->mono = P->strike = 0;
	P->nlink = 0;
	P->frame = 0;
}

uint32_t lo_cur_span(struct pdf_layout *L, enum pdf_role role, double size, unsigned flags,
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

void lo_para_cp(struct pdf_layout *L, int32_t cp, uint32_t span)
{
	struct priv *P = L->priv;
	if (!GROW(L, P->ch, P->nch, P->capch))
		return;
	P->ch[P->nch++] = (struct pch){.cp = cp, .span = span, .after = 0};
}

void lo_para_text(struct pdf_layout *L, const char *s, size_t len, uint32_t span)
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
		lo_para_cp(L, cp, span);
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

int lo_new_link(struct pdf_layout *L, const char *url, int heading, int note)
{
	if (!GROW(L, L->links, L->nlinks, L->caplinks))
		return -1;
	L->links[L->nlinks] = (struct pdf_link){.url = url, .heading = heading, .note = note};
	return (int)L->nlinks++;
}

/* The inline content of node, in order, with its styles. */
void lo_collect_inline(struct pdf_layout *L, const quire_node *node, enum pdf_role base,
                       double size, unsigned base_flags)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	quire_iter_init(&it, (quire_node *)node);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		int link = P->nlink > 0 ? P->link_stack[P->nlink - 1] : -1;
		unsigned flags = base_flags | (P->strike ? SP_STRIKE : 0) | (link >= 0 ? SP_LINK : 0) |
		                 (P->frame > 0 ? SP_FRAME : 0);
		switch (n->kind) {
		case QUIRE_HTML_INLINE:
			/* Raw HTML has no meaning on a page (the reader warned). */
			break;
		case QUIRE_TEXT:
			lo_para_text(L, n->as.literal.text, n->as.literal.len,
			             lo_cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_CODE:
			P->mono++;
			lo_para_text(L, n->as.literal.text, n->as.literal.len,
			             lo_cur_span(L, style_role(P, base), size * 0.9,
			                         flags | SP_NOHYPH | SP_CODE, link));
			P->mono--;
			break;
		case QUIRE_SOFT_BREAK:
			lo_para_cp(L, ' ', lo_cur_span(L, style_role(P, base), size, flags, link));
			break;
		case QUIRE_HARD_BREAK:
			lo_para_cp(L, CP_HARD, lo_cur_span(L, style_role(P, base), size, flags, link));
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
				int li = n->as.link.url[0] && !pdf_uri_scripted(n->as.link.url)
				                 ? lo_new_link(L, n->as.link.url, -1, 0)
				                           : (P->nlink ? P->link_stack[P->nlink - 1] : -1);
				if (P->nlink < (int)(sizeof(P->link_stack) / sizeof(P->link_stack[0])))
					P->link_stack[P->nlink++] = li;
			} else if (P->nlink > 0) {
				P->nlink--;
			}
			break;
		case QUIRE_IMAGE: {
			if (!enter) {
				/* Clear of the frame, too little for extractors to see a space. */
				if (P->frame > 0 && --P->frame == 0)
					lo_para_cp(L, CP_HAIR, lo_cur_span(L, style_role(P, base), size,
					                                   flags & ~(unsigned)SP_FRAME, link));
				break;
			}
			long im = L->images ? pdf_images_get(L->images, n->as.link.url, n->line) : -1;
			if (im >= 0 && L->images->v[im].img && L->images->v[im].w > 0) {
				lo_para_cp(L, CP_IMAGE(im), lo_cur_span(L, style_role(P, base), size, flags, link));
				quire_iter_skip_children(&it);
				break;
			}
			if (L->images && L->images->oom)
				L->oom = true;
			/* The alt text in a frame where the image would be. */
			if (P->frame++ == 0)
				lo_para_cp(L, CP_HAIR, lo_cur_span(L, style_role(P, base), size, flags, link));
			if (!n->first_child)
				lo_para_text(L, n->as.link.url, strlen(n->as.link.url),
				             lo_cur_span(L, style_role(P, base), size, flags | SP_FRAME, link));
			break;
		}
		case QUIRE_FOOTNOTE_REF: {
			char num[32];
			if (P->no_notes)
				break;
			if (n->as.footnote.def && n->as.footnote.number > 0) {
				int li = lo_new_link(L, "", -1, n->as.footnote.number);
				snprintf(num, sizeof(num), "%d", n->as.footnote.number);
				lo_para_text(L, num, strlen(num),
				             lo_cur_span(L, style_role(P, base), size * 0.68,
				                         flags | SP_SUPER | SP_NOHYPH | SP_LINK, li));
			} else {
				snprintf(num, sizeof(num), "[^");
				lo_para_text(L, num, 2, lo_cur_span(L, style_role(P, base), size, flags, link));
				lo_para_text(L, n->as.footnote.label, strlen(n->as.footnote.label),
				             lo_cur_span(L, style_role(P, base), size, flags, link));
				lo_para_text(L, "]", 1, lo_cur_span(L, style_role(P, base), size, flags, link));
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
double lo_space_width(struct pdf_layout *L, const struct span *sp)
{
	int f = pdf_fonts_pick(L->fonts, sp->role, ' ');
	double w = pdf_fonts_width(L->fonts, f, ' ') * sp->size / 1000.0;
	return w < sp->size * 0.25 ? sp->size * 0.25 : w;
}


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
	P->boxes[P->nboxes] = (struct tmpl){.first = first, .n = n, .face = face, .span = span,
	                                    .image = -1};
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
void lo_take_marker(struct pdf_layout *L, struct pdf_line *ln, double size, double shift)
{
	struct priv *P = L->priv;
	int32_t cps[32];
	int mf[32];
	size_t m = 0;
	double mw = 0;
	if (!P->has_marker)
		return;
	if (P->marker_box) {
		double bw = P->marker_size * 0.62;
		struct pdf_run *r = pdf_store_new_run(&L->store, ln);
		if (r)
			*r = (struct pdf_run){
				.x = -shift - bw - size * 0.55, .width = bw, .text = 0, .face = 0,
				.size = (float)P->marker_size, .rise = 0, .link = -1,
				.flags = RUN_BOX | (P->marker_box == 2 ? RUN_CHECKED : 0), .image = -1};
		P->marker_box = 0;
		P->has_marker = false;
		P->marker_link = -1;
		return;
	}
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
		pdf_store_add_run(&L->store, ln, mx, cw, &cps[q], 1, mf[q], P->marker_size, 0, P->marker_link,
		           P->marker_link >= 0 ? RUN_LINK : 0);
		mx += cw;
	}
	P->has_marker = false;
	P->marker_link = -1;
}

/* Sets the collected paragraph: itemise, break, place, push. */
void lo_set_paragraph(struct pdf_layout *L, const struct pstyle *ps)
{
	struct priv *P = L->priv;
	double lw = lo_text_width(L);
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
		if (!lo_is_space(P->ch[i - 1].cp) && !is_nbsp(P->ch[i - 1].cp) && P->ch[i - 1].cp != CP_HARD) {
			size_t j = i - 1;
			while (j > 0 && !lo_is_space(P->ch[j - 1].cp) && !is_nbsp(P->ch[j - 1].cp) &&
			       P->ch[j - 1].cp >= 0)
				j--;
			last_word = j;
			break;
		}
	}
	size_t i = 0;
	while (i < P->nch && lo_is_space(P->ch[i].cp))
		i++;
	while (i < P->nch) {
		int32_t cp = P->ch[i].cp;
		if (cp == CP_HARD) {
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .stretch = 1e6}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF}, -1, -1);
			i++;
			while (i < P->nch && lo_is_space(P->ch[i].cp))
				i++;
			continue;
		}
		if (cp < CP_HARD) {
			const struct span *sp = &P->spans[P->ch[i].span];
			double w, h;
			lo_inline_image_size(L, CP_IMAGE_INDEX(cp), sp->size, &w, &h);
			push_box(L, i, 0, L->fonts->role_face[ROLE_REGULAR], P->ch[i].span, w);
			if (P->nboxes > 0)
				P->boxes[P->nboxes - 1].image = CP_IMAGE_INDEX(cp);
			i++;
			continue;
		}
		if (is_nbsp(cp)) {
			const struct span *sp = &P->spans[P->ch[i].span];
			double w = cp == 0x202F ? sp->size * 0.17
			           : cp == CP_HAIR ? sp->size * 0.09 : lo_space_width(L, sp);
			push_lb(L, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify && cp == 0xA0 ? w / 2 : 0,
			                            .shrink = justify && cp == 0xA0 ? w / 3 : 0}, -1, -1);
			i++;
			continue;
		}
		if (lo_is_space(cp)) {
			const struct span *sp = &P->spans[P->ch[i].span];
			while (i < P->nch && lo_is_space(P->ch[i].cp))
				i++;
			if (i >= P->nch || P->ch[i].cp == CP_HARD)
				continue;
			double w = lo_space_width(L, sp);
			push_lb(L, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify ? w / 2 : 0,
			                            .shrink = justify ? w / 3 : 0}, -1, -1);
			continue;
		}
		size_t j = i;
		while (j < P->nch && !lo_is_space(P->ch[j].cp) && !is_nbsp(P->ch[j].cp) && P->ch[j].cp >= 0)
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
		struct pdf_line *ln = lo_new_line(L, ps->leading, baseline);
		if (!ln)
			break;
		double x = 0, r = lines[k].ratio;
		if (r > 1e6 || r < -1)
			r = r < -1 ? -1 : 0;
		if (k == 0)
			lo_take_marker(L, ln, ps->size, 0);
		for (size_t it = lines[k].start; it < lines[k].end; it++) {
			const struct lb_item *li = &P->items[it];
			if (li->type == LB_GLUE) {
				/* The finishing glue takes up the rest of a last line. */
				if (li->stretch < 1e5) {
					double g = r >= 0 ? r * li->stretch : r * li->shrink;
					/* Between CJK characters (glue of no width) a gap
					 * stays under a tenth of an em, or extractors see
					 * a space there. */
					if (li->width == 0 && g > li->stretch * 1.6)
						g = li->stretch * 1.6;
					x += li->width + g;
				}
				continue;
			}
			if (li->type != LB_BOX)
				continue;
			long bi = P->item_box[it];
			if (bi < 0)
				continue;
			const struct tmpl *t = &P->boxes[bi];
			if (t->image >= 0) {
				const struct span *sp = &P->spans[t->span];
				add_image_run(L, ln, x, t->image, sp->size, sp->link);
				x += li->width;
			} else if (t->n > 0) {
				const struct span *sp = &P->spans[t->span];
				int32_t cps[512];
				size_t done = 0;
				double rise = (sp->flags & SP_SUPER) ? ps->size * 0.38 : 0;
				unsigned fl = ((sp->flags & SP_LINK) ? RUN_LINK : 0) |
				              ((sp->flags & SP_STRIKE) ? RUN_STRIKE : 0) |
				              ((sp->flags & SP_CODE) ? RUN_CODEBG : 0) |
				              ((sp->flags & SP_GRAY) ? RUN_GRAY : 0) |
				              ((sp->flags & SP_FRAME) ? RUN_FRAME : 0);
				while (done < t->n) {
					size_t m = t->n - done < 512 ? t->n - done : 512;
					double w = 0;
					for (size_t q = 0; q < m; q++) {
						cps[q] = P->ch[t->first + done + q].cp;
						w += pdf_fonts_width(L->fonts, t->face, cps[q]) * sp->size / 1000.0;
					}
					reverse_rtl(cps, m);
					pdf_store_add_run(&L->store, ln, x, w, cps, m, t->face, sp->size, rise, sp->link, fl);
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
			pdf_store_add_run(&L->store, ln, x, bk->width, &hy, 1, P->item_face[lines[k].end],
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
		lo_push_lines(L, first_line, L->nlines - first_line);
}

