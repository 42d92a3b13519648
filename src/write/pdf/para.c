/* The paragraph setter: styled characters itemised into boxes, glue and
 * penalties (hyphenation, URL and emergency breaks, CJK), broken by the
 * line breaker, and placed as runs on lines of the store. */
#include "para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

bool pdf_para_is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2002 || cp == 0x2003 ||
	       cp == 0x2009 || cp == 0x3000;
}

/* Inline images stand on the baseline as tall as a capital and a
 * descender, never larger than their own size at 96 dpi. */
void pdf_para_image_size(const struct pdf_para *S, long image, double size, double *w, double *h)
{
	const struct pdf_image *im = &S->images->v[image];
	double nw = im->w * 0.75, nh = im->h * 0.75, s = size * 0.95 / nh;
	if (s > 1)
		s = 1;
	if (nw * s > S->image_max_width)
		s = S->image_max_width / nw;
	*w = nw * s;
	*h = nh * s;
}

static void add_image_run(struct pdf_para *S, struct pdf_line *ln, double x, long image,
                          double size, int link)
{
	double w, h;
	struct pdf_run *r = pdf_store_new_run(S->st, ln);
	if (!r)
		return;
	pdf_para_image_size(S, image, size, &w, &h);
	*r = (struct pdf_run){.x = x, .width = w, .text = 0, .face = 0, .size = (float)h,
	                      .rise = (float)(-size * 0.2), .link = link,
	                      .flags = RUN_IMAGE | (link >= 0 ? RUN_LINK : 0), .image = image};
}

/* ---- itemising ---- */

/* The natural word space. Some faces have a narrow space (Gentium: 0.22
 * em); a book wants about a quarter em before any stretching. */
double pdf_para_space_width(struct pdf_para *S, const struct span *sp)
{
	int f = pdf_fonts_pick(S->fonts, sp->role, ' ');
	double w = pdf_fonts_width(S->fonts, f, ' ') * sp->size / 1000.0;
	return w < sp->size * 0.25 ? sp->size * 0.25 : w;
}


static void push_lb(struct pdf_para *S, struct lb_item it, long box, int face)
{
	if (!QUIRE_RESERVE(S->items, S->capitems, S->nitems + 1) ||
	    !QUIRE_RESERVE(S->item_box, S->capitem_boxes, S->nitems + 1) ||
	    !QUIRE_RESERVE(S->item_face, S->capitem_faces, S->nitems + 1)) {
		S->st->oom = true;
		return;
	}
	S->items[S->nitems] = it;
	S->item_box[S->nitems] = box;
	S->item_face[S->nitems] = face;
	S->nitems++;
}

static void push_box(struct pdf_para *S, size_t first, size_t n, int face, uint32_t span,
                     double width)
{
	if (!QUIRE_RESERVE(S->boxes, S->capboxes, S->nboxes + 1)) {
		S->st->oom = true;
		return;
	}
	S->boxes[S->nboxes] = (struct tmpl){.first = first, .n = n, .face = face, .span = span,
	                                    .image = -1};
	push_lb(S, (struct lb_item){.type = LB_BOX, .width = width}, (long)S->nboxes, face);
	S->nboxes++;
}

enum { BK_NONE, BK_HYPHEN, BK_EXPLICIT, BK_URL, BK_ANY, BK_CJK };

static bool url_like(const struct pch *c, size_t n)
{
	for (size_t k = 0; k + 2 < n; k++)
		if (c[k].cp == ':' && c[k + 1].cp == '/' && c[k + 2].cp == '/')
			return true;
	return n > 4 && c[0].cp == 'w' && c[1].cp == 'w' && c[2].cp == 'w' && c[3].cp == '.';
}

/* A letter that may be hyphenated. */
static bool hyphenable(const struct para_text *T, const struct pch *c)
{
	return is_letter(c->cp) && !(T->spans[c->span].flags & SP_NOHYPH);
}

/* Marks the hyphenation points of the n characters c (S->kinds): each run
 * of letters is hyphenated on its own. */
static void hyphen_points(struct pdf_para *S, const struct pch *c, size_t n)
{
	size_t k = 0;
	char buf[1024];
	size_t ends[256];
	bool pts[1024];
	while (k < n) {
		while (k < n && !hyphenable(S->text, &c[k]))
			k++;
		size_t s = k, len = 0, m = 0;
		while (k < n && hyphenable(S->text, &c[k]) && m < 250 && len + 4 < sizeof(buf)) {
			len += (size_t)quire_utf8_encode(c[k].cp, buf + len);
			ends[m++] = len - 1;
			k++;
		}
		if (m >= 5 && hyph_word(S->hyph, buf, len, pts) > 0) {
			for (size_t j = 0; j + 1 < m; j++)
				if (pts[ends[j]])
					S->kinds[s + j] = BK_HYPHEN;
		}
		if (k < n && hyphenable(S->text, &c[k]))
			k++; /* an over-long run: skip on */
	}
}

/* The widths of n characters of one span set in one face, as shaped
 * together, into widths. False when out of memory. */
static bool measure_shaped(struct pdf_para *S, const struct pch *c, size_t n, int face,
                           double *widths)
{
	if (!QUIRE_RESERVE(S->seg, S->capseg, n) || !QUIRE_RESERVE(S->segadv, S->capsegadv, n)) {
		S->st->oom = true;
		return false;
	}
	for (size_t k = 0; k < n; k++)
		S->seg[k] = c[k].cp;
	pdf_fonts_advances(S->fonts, face, S->seg, n, S->segadv);
	double size = S->text->spans[c[0].span].size;
	for (size_t k = 0; k < n; k++)
		widths[k] = S->segadv[k] * size / 1000.0;
	return true;
}

static void itemise_word(struct pdf_para *S, size_t a, size_t b, bool last, double line_width,
                         bool hyphenate)
{
	size_t n = b - a;
	const struct pch *c = S->text->ch + a;

	if (!QUIRE_RESERVE(S->faces, S->capfaces, n) || !QUIRE_RESERVE(S->widths, S->capwidths, n) ||
	    !QUIRE_RESERVE(S->kinds, S->capkinds, n)) {
		S->st->oom = true;
		return;
	}
	double total = 0;
	bool digit = false, nohyph = !hyphenate || last;
	for (size_t k = 0; k < n; k++) {
		const struct span *s = &S->text->spans[c[k].span];
		S->faces[k] = pdf_fonts_pick(S->fonts, s->role, c[k].cp);
		S->kinds[k] = BK_NONE;
		if (c[k].cp >= '0' && c[k].cp <= '9')
			digit = true;
	}
	/* Each stretch of one face and span shaped as a whole (kerning,
	 * ligatures): a character's width is its share of the shaped text. */
	for (size_t k = 0, e; k < n; k = e) {
		for (e = k + 1; e < n && S->faces[e] == S->faces[k] && c[e].span == c[k].span; e++)
			;
		if (!measure_shaped(S, c + k, e - k, S->faces[k], S->widths + k))
			return;
		for (size_t j = k; j < e; j++)
			total += S->widths[j];
	}
	bool url = url_like(c, n);
	if (!nohyph && !digit && !url && S->hyph)
		hyphen_points(S, c, n);
	bool sensible = url || total > line_width / 3;
	for (size_t k = 0; k + 1 < n; k++) {
		int32_t cp = c[k].cp, next = c[k + 1].cp;
		if ((cp == '-' || cp == 0x2010 || cp == 0x2013 || cp == 0x2014) && k > 0 &&
		    (is_letter(next) || (next >= '0' && next <= '9')) && !url)
			S->kinds[k] = BK_EXPLICIT;
		else if (sensible && (cp == '/' || cp == '.' || cp == '-' || cp == '_' || cp == '?' ||
		                      cp == '&' || cp == '=' || cp == '#' || cp == ',' || cp == ';') &&
		         next != cp && next != '/' && k > 0)
			S->kinds[k] = BK_URL;
		else if (is_cjk(cp) && is_cjk(next))
			S->kinds[k] = BK_CJK;
		if (c[k].after == 1)
			S->kinds[k] = BK_HYPHEN;
		else if (c[k].after == 2)
			S->kinds[k] = BK_URL;
	}
	/* Any piece still wider than the line breaks anywhere. */
	double seg = 0;
	size_t seg_start = 0;
	bool anywhere = false;
	for (size_t k = 0; k < n; k++) {
		seg += S->widths[k];
		if (seg > line_width) {
			anywhere = true;
			for (size_t j = seg_start; j + 1 < n && j < k + 1; j++)
				if (S->kinds[j] == BK_NONE)
					S->kinds[j] = BK_ANY;
			/* Re-measure from the last forced point. */
			seg = S->widths[k];
			seg_start = k;
		}
		if (S->kinds[k] != BK_NONE) {
			seg = 0;
			seg_start = k + 1;
		}
	}
	/* In a paragraph set in pieces (broken first-fit where it has no
	 * glue), the rest of such a word breaks anywhere too: as one box it
	 * could leave a short line before it. */
	for (size_t j = seg_start; S->split && anywhere && j + 1 < n; j++)
		if (S->kinds[j] == BK_NONE)
			S->kinds[j] = BK_ANY;
	/* Boxes: cut at breaks and at changes of face or span. */
	size_t s = 0;
	double w = 0;
	for (size_t k = 0; k < n; k++) {
		w += S->widths[k];
		bool cut = k + 1 == n || S->kinds[k] != BK_NONE || S->faces[k + 1] != S->faces[k] ||
		           c[k + 1].span != c[k].span;
		if (!cut)
			continue;
		push_box(S, a + s, k + 1 - s, S->faces[k], c[k].span, w);
		s = k + 1;
		w = 0;
		const struct span *sp = &S->text->spans[c[k].span];
		switch (S->kinds[k]) {
		case BK_HYPHEN: {
			int hf = pdf_fonts_pick(S->fonts, sp->role, '-');
			double hw = pdf_fonts_width(S->fonts, hf, '-') * sp->size / 1000.0;
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .width = hw, .penalty = 100, .flagged = true},
			        -1, hf);
			break;
		}
		case BK_EXPLICIT:
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = 50, .flagged = true}, -1, -1);
			break;
		case BK_URL:
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = 100}, -1, -1);
			break;
		case BK_ANY:
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = 900}, -1, -1);
			break;
		case BK_CJK:
			push_lb(S, (struct lb_item){.type = LB_GLUE, .stretch = sp->size * 0.05}, -1, -1);
			break;
		default:
			break;
		}
	}
}

/* Part of a word: not a space, a break or an image. */
static bool in_word(int32_t cp)
{
	return !pdf_para_is_space(cp) && !is_nbsp(cp) && cp >= 0;
}

/* The position of the last word (never hyphenated). */
static size_t last_word_start(const struct para_text *T)
{
	for (size_t i = T->nch; i > 0; i--) {
		int32_t cp = T->ch[i - 1].cp;
		if (pdf_para_is_space(cp) || is_nbsp(cp) || cp == CP_HARD)
			continue;
		size_t j = i - 1;
		while (j > 0 && in_word(T->ch[j - 1].cp))
			j--;
		return j;
	}
	return T->nch;
}

/* A forced line end: the line is filled, then broken. */
static void push_line_end(struct pdf_para *S)
{
	push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
	push_lb(S, (struct lb_item){.type = LB_GLUE, .stretch = 1e6}, -1, -1);
	push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF}, -1, -1);
}

/* The text as boxes, glue and penalties, for lines lw wide; first: it
 * starts the paragraph (and its indent), last: it ends it (its last word
 * is not hyphenated). */
static void itemise(struct pdf_para *S, double lw, const struct pstyle *ps, bool first, bool last)
{
	const struct para_text *T = S->text;
	bool justify = ps->align == AL_JUSTIFY;
	size_t last_word = last ? last_word_start(T) : T->nch;

	S->nitems = 0;
	S->nboxes = 0;
	if (first && ps->first_indent > 0)
		push_box(S, 0, 0, S->fonts->role_face[ROLE_REGULAR], 0, ps->first_indent);
	size_t i = 0;
	while (i < T->nch && pdf_para_is_space(T->ch[i].cp))
		i++;
	while (i < T->nch) {
		int32_t cp = T->ch[i].cp;
		if (cp == CP_HARD) {
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(S, (struct lb_item){.type = LB_GLUE, .stretch = 1e6}, -1, -1);
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = -LB_INF}, -1, -1);
			i++;
			while (i < T->nch && pdf_para_is_space(T->ch[i].cp))
				i++;
			continue;
		}
		if (cp < CP_HARD) {
			const struct span *sp = &T->spans[T->ch[i].span];
			double w, h;
			pdf_para_image_size(S, CP_IMAGE_INDEX(cp), sp->size, &w, &h);
			push_box(S, i, 0, S->fonts->role_face[ROLE_REGULAR], T->ch[i].span, w);
			if (S->nboxes > 0)
				S->boxes[S->nboxes - 1].image = CP_IMAGE_INDEX(cp);
			i++;
			continue;
		}
		if (is_nbsp(cp)) {
			const struct span *sp = &T->spans[T->ch[i].span];
			double w = cp == 0x202F ? sp->size * 0.17
			           : cp == CP_HAIR ? sp->size * 0.09 : pdf_para_space_width(S, sp);
			push_lb(S, (struct lb_item){.type = LB_PENALTY, .penalty = LB_INF}, -1, -1);
			push_lb(S, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify && cp == 0xA0 ? w / 2 : 0,
			                            .shrink = justify && cp == 0xA0 ? w / 3 : 0}, -1, -1);
			i++;
			continue;
		}
		if (pdf_para_is_space(cp)) {
			const struct span *sp = &T->spans[T->ch[i].span];
			while (i < T->nch && pdf_para_is_space(T->ch[i].cp))
				i++;
			if (i >= T->nch || T->ch[i].cp == CP_HARD)
				continue;
			double w = pdf_para_space_width(S, sp);
			push_lb(S, (struct lb_item){.type = LB_GLUE, .width = w,
			                            .stretch = justify ? w / 2 : 0,
			                            .shrink = justify ? w / 3 : 0}, -1, -1);
			continue;
		}
		size_t j = i;
		while (j < T->nch && in_word(T->ch[j].cp))
			j++;
		/* The first line is shorter by its indent: a run must fit there too. */
		itemise_word(S, i, j, i == last_word, lw - ps->first_indent, ps->hyphenate);
		i = j;
	}
	push_line_end(S);
}

/* The run flags a span's characters get. */
static unsigned run_flags(unsigned span_flags)
{
	return ((span_flags & SP_LINK) ? RUN_LINK : 0) | ((span_flags & SP_STRIKE) ? RUN_STRIKE : 0) |
	       ((span_flags & SP_CODE) ? RUN_CODEBG : 0) | ((span_flags & SP_GRAY) ? RUN_GRAY : 0) |
	       ((span_flags & SP_FRAME) ? RUN_FRAME : 0) | ((span_flags & SP_MARK) ? RUN_MARK : 0) |
	       ((span_flags & SP_UNDER) ? RUN_UNDER : 0);
}

/* How far a span's baseline is raised (lowered, below 0) in a paragraph
 * of ps's size: the paragraph's size, not the span's, so that a
 * superscript in small type sits where a note number does. */
static double span_rise(const struct span *sp, const struct pstyle *ps)
{
	if (sp->flags & SP_SUPER)
		return ps->size * 0.38;
	if (sp->flags & SP_SUB)
		return -ps->size * 0.16;
	return 0;
}

/* A box of text at x, as runs. box_width: the box's
 * width as itemised (the text measured shaped), used as it is when the
 * box is one run. */
static void place_text(struct pdf_para *S, struct pdf_line *ln, double x, const struct tmpl *t,
                       const struct pstyle *ps, double box_width)
{
	const struct span *sp = &S->text->spans[t->span];
	int32_t cps[512];
	size_t done = 0;
	double rise = span_rise(sp, ps);
	struct pdf_style style = pdf_style_plain(t->face, sp->size, rise, run_flags(sp->flags));
	if (sp->flags & SP_FILL)
		style.fill = sp->fill;
	while (done < t->n) {
		size_t m = t->n - done < 512 ? t->n - done : 512;
		double w = 0, adv[512];
		for (size_t q = 0; q < m; q++)
			cps[q] = S->text->ch[t->first + done + q].cp;
		/* Code measured every character already (set_code); other text
		 * is measured as it is drawn, shaped. */
		if (ps->code) {
			for (size_t q = 0; q < m; q++)
				w += S->widths[t->first + done + q];
		} else if (m == t->n) {
			w = box_width;
		} else {
			pdf_fonts_advances(S->fonts, t->face, cps, m, adv);
			for (size_t q = 0; q < m; q++)
				w += adv[q] * sp->size / 1000.0;
		}
		if (!ps->code)
			reverse_rtl(cps, m);
		pdf_store_add_run(S->st, ln, x, w, cps, m, &style, sp->link);
		x += w;
		done += m;
	}
}

/* The items of one broken line as runs on ln, the glue set at ratio r;
 * returns where the line's text ends. Boxes that follow one another
 * in the text with nothing between them on the line (the pieces of a
 * word cut at the points where it could have broken) become one run,
 * shaped whole as it was measured: a ligature or a kerning pair across
 * such a point stays. */
static double place_items(struct pdf_para *S, struct pdf_line *ln, const struct lb_line *bl,
                          double r, const struct pstyle *ps)
{
	double x = 0, pend_x = 0, pend_w = 0;
	struct tmpl pend = {0};
	bool pending = false;
	for (size_t it = bl->start; it <= bl->end; it++) {
		const struct lb_item *li = it < bl->end ? &S->items[it] : NULL;
		long bi = li && li->type == LB_BOX ? S->item_box[it] : -1;
		const struct tmpl *t = bi >= 0 ? &S->boxes[bi] : NULL;
		bool text = t && t->image < 0 && t->n > 0;
		if (pending && text && t->face == pend.face && t->span == pend.span &&
		    t->first == pend.first + pend.n) {
			pend.n += t->n;
			pend_w += li->width;
			x += li->width;
			continue;
		}
		if (pending && (!li || li->type != LB_PENALTY)) {
			place_text(S, ln, pend_x, &pend, ps, pend_w);
			pending = false;
		}
		if (!li)
			break;
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
		if (li->type != LB_BOX || !t)
			continue;
		if (t->image >= 0) {
			const struct span *sp = &S->text->spans[t->span];
			add_image_run(S, ln, x, t->image, sp->size, sp->link);
		} else if (text) {
			if (pending)
				place_text(S, ln, pend_x, &pend, ps, pend_w);
			pend = *t;
			pend_x = x;
			pend_w = li->width;
			pending = true;
		}
		x += li->width;
	}
	return x;
}

/* The hyphen of a line broken at a hyphenation point, at x; returns its
 * width (0: none). */
static double place_hyphen(struct pdf_para *S, struct pdf_line *ln, const struct lb_line *bl,
                           double x, const struct pstyle *ps)
{
	double size = ps->size;
	const struct lb_item *bk = &S->items[bl->end];
	if (!(bk->type == LB_PENALTY && bk->flagged && bk->width > 0))
		return 0;
	int32_t hy = '-';
	long prevbox = -1;
	for (size_t it = bl->end; it > bl->start; it--)
		if (S->item_box[it - 1] >= 0) {
			prevbox = S->item_box[it - 1];
			break;
		}
	const struct span *sp = prevbox >= 0 ? &S->text->spans[S->boxes[prevbox].span] : NULL;
	/* The hyphen belongs to its word: raised with a superscript, on the
	 * tint and the rule of highlighted and underlined text. */
	unsigned keep = RUN_LINK | RUN_MARK | RUN_UNDER;
	struct pdf_style style = pdf_style_plain(S->item_face[bl->end], sp ? sp->size : size,
	                                         sp ? span_rise(sp, ps) : 0,
	                                         sp ? run_flags(sp->flags) & keep : 0);
	pdf_store_add_run(S->st, ln, x, bk->width, &hy, 1, &style, sp ? sp->link : -1);
	return bk->width;
}

/* ---- preformatted text ---- */

/* Punctuation a code line may break after (or, for '.', before). */
static bool code_punct(int32_t cp)
{
	return cp > 0 && cp < 128 && strchr(",;:([{)]}=&|+-*/<>!?.", (int)cp);
}

/* Whether a wrapped code line may end before character k: after a space,
 * else after punctuation that a letter, digit or quote follows (never
 * inside "=>" or "::"), else before a '.' that follows a word. */
static bool code_break_before(const struct pch *ch, size_t k)
{
	int32_t a = ch[k - 1].cp, b = ch[k].cp;
	if (a == ' ')
		return true;
	if (b == '.')
		return !code_punct(a);
	return code_punct(a) && a != '.' && b != ' ' && !code_punct(b);
}

/* Where a code line from p (of n characters) wrapped at avail, starting
 * at x0, ends: after its last space in the second half, if any, else at
 * the last punctuation break there (code_break_before), else where it
 * is full, and after at least one character. */
static size_t code_wrap(const struct pch *ch, const double *ws, size_t p, size_t n, double x0,
                        double avail)
{
	double x = x0;
	size_t q = p;
	while (q < n && x + ws[q] <= avail + 1e-6) {
		x += ws[q];
		q++;
	}
	if (q < n) {
		size_t brk = q;
		for (size_t k = q; k > p + (q - p) / 2; k--)
			if (ch[k - 1].cp == ' ') {
				brk = k;
				break;
			}
		for (size_t k = q; brk == q && k > p + (q - p) / 2; k--)
			if (code_break_before(ch, k)) {
				brk = k;
				break;
			}
		q = brk;
		if (q == p)
			q = p + 1;
	}
	return q;
}

/* One line of code: the characters p .. q - 1 as items (spaces as glue,
 * text as boxes cut where the face changes), after lead of glue. */
static void itemise_code(struct pdf_para *S, size_t p, size_t q, double lead)
{
	const struct pch *ch = S->text->ch;
	S->nitems = 0;
	S->nboxes = 0;
	if (lead > 0)
		push_lb(S, (struct lb_item){.type = LB_GLUE, .width = lead}, -1, -1);
	for (size_t k = p; k < q;) {
		if (ch[k].cp == ' ') {
			push_lb(S, (struct lb_item){.type = LB_GLUE, .width = S->widths[k]}, -1, -1);
			k++;
			continue;
		}
		size_t s = k;
		double w = 0;
		/* A box per face and span: highlighted tokens have spans of
		 * their own. */
		while (k < q && ch[k].cp != ' ' && S->faces[k] == S->faces[s] &&
		       ch[k].span == ch[s].span) {
			w += S->widths[k];
			k++;
		}
		push_box(S, s, k - s, S->faces[s], ch[s].span, w);
	}
}

/* Code: each line of the source (they end at CP_HARD) as it is, in one
 * face and size, wrapped where it passes the measure; the rest of a
 * wrapped line starts with a gray mark. */
static void set_code(struct pdf_para *S, double avail, const struct pstyle *ps)
{
	const struct para_text *T = S->text;
	struct pdf_store *st = S->st;
	int32_t mark = 0x21AA; /* ↪ */
	int markf = pdf_fonts_pick(S->fonts, ROLE_MONO, mark);
	double markw = pdf_fonts_width(S->fonts, markf, mark) * ps->size / 1000.0 +
	               pdf_fonts_width(S->fonts, markf, ' ') * ps->size / 1000.0;
	double baseline = ps->leading * 0.5 + ps->size * 0.35;
	struct pdf_style mark_style = pdf_style_plain(markf, ps->size, 0, RUN_GRAY);

	if (!QUIRE_RESERVE(S->faces, S->capfaces, T->nch) ||
	    !QUIRE_RESERVE(S->widths, S->capwidths, T->nch)) {
		st->oom = true;
		return;
	}
	for (size_t k = 0; k < T->nch; k++) {
		const struct span *sp = &T->spans[T->ch[k].span];
		if (T->ch[k].cp < 0)
			continue;
		S->faces[k] = pdf_fonts_pick(S->fonts, sp->role, T->ch[k].cp);
		S->widths[k] = pdf_fonts_width(S->fonts, S->faces[k], T->ch[k].cp) * sp->size / 1000.0;
	}
	size_t a = 0;
	do {
		size_t e = a;
		while (e < T->nch && T->ch[e].cp != CP_HARD)
			e++;
		size_t p = a;
		bool first = true;
		do {
			size_t q = code_wrap(T->ch, S->widths, p, e, first ? 0 : markw, avail);
			struct pdf_line *ln = pdf_store_new_line(st, ps->leading, baseline);
			if (!ln)
				return;
			if (!first)
				pdf_store_add_run(st, ln, 0, markw, &mark, 1, &mark_style, -1);
			itemise_code(S, p, q, first ? 0 : markw);
			if (st->oom)
				return;
			place_items(S, ln, &(struct lb_line){.start = 0, .end = S->nitems}, 0, ps);
			p = q;
			first = false;
		} while (p < e);
		a = e + 1;
	} while (a <= T->nch);
}

/* Where the piece of T that starts at a ends: the end of T when little
 * is left, else the first space after PIECE characters, else (one word
 * longer than that) right there. */
static size_t piece_end(const struct para_text *T, size_t a)
{
	if (T->nch - a <= 2 * PARA_PIECE)
		return T->nch;
	for (size_t b = a + PARA_PIECE; b < a + 2 * PARA_PIECE; b++)
		if (pdf_para_is_space(T->ch[b].cp))
			return b;
	return a + PARA_PIECE;
}

/* The first character of broken line bl, in the piece's text; SIZE_MAX
 * for a line of no characters. */
static size_t line_first_char(const struct pdf_para *S, const struct lb_line *bl)
{
	for (size_t it = bl->start; it < bl->end; it++)
		if (S->items[it].type == LB_BOX && S->item_box[it] >= 0)
			return S->boxes[S->item_box[it]].first;
	return SIZE_MAX;
}

/* Sets one piece of the paragraph (all of it, but for very long ones) and
 * places its lines; returns where the next piece starts, relative to the
 * piece: at the first character of its last line but one, set again with
 * what follows, as the piece's end here is not the paragraph's. */
static size_t set_piece(struct pdf_para *S, double lw, const struct pstyle *ps, bool first,
                        bool last)
{
	struct pdf_store *st = S->st;
	struct lb_line *lines = NULL;
	size_t nlines = 0, next = S->text->nch;

	itemise(S, lw, ps, first, last);
	if (st->oom)
		goto out;
	struct lb_params par;
	lb_params_default(&par, lw);
	/* As TeX: hyphenate only where the spacing needs it, and avoid
	 * hyphens on consecutive lines. */
	par.pretolerance = 0.9;
	par.tolerance = 1.2;
	par.flagged_demerits = 10000;
	par.final_flagged_demerits = 5000;
	if (ps->align != AL_JUSTIFY)
		par.right_stretch = ps->size * 3;
	/* A piece of a long paragraph that is all one word has no glue:
	 * every line is as bad as any other, and total-fit would put the
	 * short one first, at each join. */
	bool glue = false;
	for (size_t k = 0; k < S->nitems && !glue; k++)
		glue = S->items[k].type == LB_GLUE && S->items[k].stretch < 1e5;
	bool piece = !(first && last);
	if ((piece && !glue ? lb_first_fit : lb_break)(S->items, S->nitems, &par, &lines, &nlines) !=
	    QUIRE_OK) {
		st->oom = true;
		goto out;
	}
	/* The last two lines are set again with what follows: the last ends
	 * where the piece does, not the paragraph, and the one before it may
	 * have been shortened to leave it room (a piece cut inside a word). */
	for (size_t drop = nlines > 2 ? 2 : 1; !last && drop > 0 && nlines > drop; drop--) {
		size_t restart = line_first_char(S, &lines[nlines - drop]);
		if (restart != SIZE_MAX && restart > 0) {
			nlines -= drop;
			next = restart;
			break;
		}
	}
	double baseline = ps->leading * 0.5 + ps->size * 0.35;
	for (size_t k = 0; k < nlines; k++) {
		struct pdf_line *ln = pdf_store_new_line(st, ps->leading, baseline);
		if (!ln)
			break;
		double r = lines[k].ratio;
		if (r > 1e6 || r < -1)
			r = r < -1 ? -1 : 0;
		double x = place_items(S, ln, &lines[k], r, ps);
		x += place_hyphen(S, ln, &lines[k], x, ps);
		if (ps->align == AL_CENTER) {
			double off = (lw - x) / 2;
			for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++)
				st->runs[q].x += off;
		}
	}
out:
	free(lines);
	return next;
}

size_t pdf_para_set(struct pdf_para *S, struct pdf_store *st, const struct para_text *text,
                    double lw, const struct pstyle *ps)
{
	size_t first_line = st->nlines;

	S->st = st;
	if (ps->code) {
		S->text = text;
		set_code(S, lw, ps);
		goto out;
	}
	/* A long paragraph is set a piece at a time, each piece's last line
	 * again with the next, so that the items of its breaking stay
	 * bounded whatever its length; the lines differ from setting it
	 * whole only near the joins, dozens of lines apart. */
	size_t a = 0;
	S->split = piece_end(text, 0) < text->nch;
	do {
		size_t b = piece_end(text, a);
		struct para_text piece = {.ch = text->ch + a, .nch = b - a, .spans = text->spans};
		S->text = &piece;
		a += set_piece(S, lw, ps, a == 0, b == text->nch);
	} while (a < text->nch && !st->oom);
out:
	S->st = NULL;
	S->text = NULL;
	S->split = false;
	return st->nlines - first_line;
}

void pdf_para_free(struct pdf_para *S)
{
	free(S->items);
	free(S->item_box);
	free(S->item_face);
	free(S->boxes);
	free(S->faces);
	free(S->widths);
	free(S->kinds);
	free(S->seg);
	free(S->segadv);
	memset(S, 0, sizeof(*S));
}
