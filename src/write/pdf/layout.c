/* Block layout: the model walk (one quire_iter, no recursion), headings,
 * lists, quotes, code, tables, notes and the title block, onto the
 * vertical list the page builder cuts into pages. */
#include "layout_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"
#include "../../core/highlight.h"

/* ---- lines and space, with the block state applied ---- */

/* The left edge and width of the text, from the nesting indents. Deep
 * nesting is squeezed so that at least 8 ems remain and nothing passes
 * the margins. */
static double lo_text_left(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, in = P->indent + P->rindent;
	if (L->measure - in >= minw || in <= 0)
		return P->indent;
	double room = L->measure > minw ? L->measure - minw : 0;
	return P->indent * room / in;
}

static double lo_text_width(const struct pdf_layout *L)
{
	const struct priv *P = L->priv;
	double minw = L->size * 8, w = L->measure - P->indent - P->rindent;
	if (w >= minw)
		return w;
	return minw < L->measure ? minw : L->measure;
}

/* A new line at the text's left edge; the first after a heading or a
 * note's start carries it. */
static struct pdf_line *lo_new_line(struct pdf_layout *L, double height, double baseline)
{
	struct priv *P = L->priv;
	struct pdf_line *ln = pdf_store_new_line(&L->store, height, baseline);
	if (!ln)
		return NULL;
	ln->indent = lo_text_left(L);
	ln->heading = P->pending_heading;
	ln->note = P->pending_note;
	P->pending_heading = -1;
	P->pending_note = 0;
	return ln;
}

/* Space between blocks. After a heading, no break may come here. */
static void lo_vspace(struct pdf_layout *L, double h)
{
	struct priv *P = L->priv;
	if (L->store.nitems == 0)
		return;
	if (P->keep_next) {
		pdf_store_push_item(&L->store, PB_PENALTY, 0, PB_INF, -1);
		P->keep_next = false;
	}
	pdf_store_vspace(&L->store, h);
}

/* Notes referred to from line, as it goes into the body's vertical list:
 * the first such line of each note is where the page builder sets it. */
static void note_refs_on(struct pdf_layout *L, size_t line)
{
	struct priv *P = L->priv;
	const struct pdf_line *ln = &L->store.lines[line];
	if (P->in_notes)
		return;
	for (size_t q = ln->first_run; q < ln->first_run + ln->nruns; q++) {
		int lk = L->store.runs[q].link;
		if (lk < 0 || L->links[lk].note <= 0)
			continue;
		size_t number = (size_t)L->links[lk].note;
		if (number >= P->nnote_refs) {
			if (!QUIRE_RESERVE(P->note_ref, P->capnote_refs, number + 1)) {
				L->store.oom = true;
				return;
			}
			while (P->nnote_refs <= number)
				P->note_ref[P->nnote_refs++] = -1;
		}
		if (P->note_ref[number] < 0)
			P->note_ref[number] = (long)line;
	}
}

/* The lines of one block go in with widow and orphan control. Lines
 * right after a heading: adjacent boxes never break, so the heading's
 * keep is done. */
static void lo_push_lines(struct pdf_layout *L, size_t first, size_t n)
{
	struct priv *P = L->priv;
	P->keep_next = false;
	pdf_store_push_lines(&L->store, first, n);
	for (size_t k = first; k < first + n; k++)
		note_refs_on(L, k);
}

/* A list item's marker (or a note's number) hangs left of the first line
 * of the item's first block, whatever that block is; shift is how far the
 * line's text starts right of the block's edge. Its runs go first on the
 * line, ahead of the text set there already. */
static void take_marker(struct pdf_layout *L, size_t line, double size, double shift)
{
	struct priv *P = L->priv;
	int32_t cps[32];
	int mf[32];
	size_t m = 0, first = L->store.nruns;
	double mw = 0;
	struct pdf_line tmp = {.first_run = first};
	if (!P->has_marker)
		return;
	if (P->marker_box) {
		double bw = P->marker_size * 0.62;
		struct pdf_run *r = pdf_store_new_run(&L->store, &tmp);
		if (r)
			*r = (struct pdf_run){
				.x = -shift - bw - size * 0.55, .width = bw, .text = 0, .face = 0,
				.size = (float)P->marker_size, .rise = 0, .link = -1,
				.flags = RUN_BOX | (P->marker_box == 2 ? RUN_CHECKED : 0), .image = -1};
		P->marker_box = 0;
		goto out;
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
		struct pdf_style style = pdf_style_plain(mf[q], P->marker_size, 0,
		                                         P->marker_link >= 0 ? RUN_LINK : 0);
		pdf_store_add_run(&L->store, &tmp, mx, cw, &cps[q], 1, &style, P->marker_link);
		mx += cw;
	}
out:
	if (!L->store.oom)
		pdf_store_runs_to_front(&L->store, line, first);
	P->has_marker = false;
	P->marker_link = -1;
}

/* The first line of a block starts a pending heading or note and
 * carries a pending marker. */
static void start_block(struct pdf_layout *L, size_t line, double size, double shift)
{
	struct priv *P = L->priv;
	L->store.lines[line].heading = P->pending_heading;
	L->store.lines[line].note = P->pending_note;
	P->pending_heading = -1;
	P->pending_note = 0;
	take_marker(L, line, size, shift);
}

/* Sets the collected inline content through the paragraph setter, width
 * wide (0: the text width), and places its lines in the block: at the
 * text's left edge, the first one starting a pending heading or note and
 * carrying a pending marker. Pushed to the vertical list when push. */
static void set_collected(struct pdf_layout *L, const struct pstyle *ps, double width, bool push)
{
	struct priv *P = L->priv;
	struct para_text text = {.ch = P->ch, .nch = P->nch, .spans = P->spans};
	size_t first = L->store.nlines;
	size_t n = pdf_para_set(&P->setter, &L->store, &text, width > 0 ? width : lo_text_width(L), ps);
	if (n == 0)
		return;
	for (size_t k = first; k < first + n; k++)
		L->store.lines[k].indent = lo_text_left(L);
	start_block(L, first, ps->size, 0);
	if (push)
		lo_push_lines(L, first, n);
}



/* ---- blocks ---- */

static void block_text(struct pdf_layout *L, const quire_node *n, enum pdf_role role, double size,
                       double leading, enum align align, double first_indent, bool hyphenate)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = align, .first_indent = first_indent, .size = size,
	                    .leading = leading, .hyphenate = hyphenate};
	lo_para_reset(P);
	lo_collect_inline(L, n, role, size, 0);
	set_collected(L, &ps, 0, true);
}

/* The text of a code block as the setter's input: tabs expanded to the
 * next multiple of 4 columns, each line ended by CP_HARD but the last. */
static void collect_code(struct pdf_layout *L, const char *text, size_t len, uint32_t span,
                         const struct quire_token_span *tok, size_t ntok, const uint32_t *tok_span)
{
	size_t t = 0;
	if (len > 0 && text[len - 1] == '\n')
		len--;
	for (size_t pos = 0; pos <= len; pos++) {
		size_t e = pos, column = 0;
		while (e < len && text[e] != '\n')
			e++;
		if (pos > 0)
			lo_para_cp(L, CP_HARD, span);
		while (pos < e) {
			int32_t cp;
			/* A highlighted token's characters take its span. */
			while (t < ntok && tok[t].offset + tok[t].length <= pos)
				t++;
			uint32_t sp = t < ntok && tok[t].offset <= pos ? tok_span[tok[t].cls] : span;
			pos += (size_t)quire_utf8_decode(text + pos, e - pos, &cp);
			size_t reps = 1;
			if (cp == '\t') {
				reps = 4 - column % 4;
				cp = ' ';
			}
			cp = pdf_fonts_sanitize(L->fonts, cp);
			for (; reps > 0; reps--, column++)
				lo_para_cp(L, cp, sp);
		}
	}
}

/* The tokens of a code block in lang, and a span per token class in
 * tok_span[] (the theme's colour and, for bold, the mono bold face; the
 * PDF has no mono italic: italic classes keep the plain face). */
static size_t code_tokens(struct pdf_layout *L, const char *text, size_t len, const char *lang,
                          double size, uint32_t base, struct quire_token_span **tok,
                          uint32_t tok_span[QUIRE_TOK_COUNT])
{
	size_t ntok = 0;
	*tok = NULL;
	if (L->hl_theme == NULL || lang == NULL)
		return 0;
	if (quire_highlight(quire_highlight_language(lang, strlen(lang)), text, len, tok, &ntok) !=
	    QUIRE_OK) {
		L->store.oom = true;
		return 0;
	}
	for (int c = 0; c < QUIRE_TOK_COUNT; c++) {
		const struct hl_look *look = &L->hl_theme->look[c];
		struct pdf_rgb fill = {(float)((look->rgb >> 16) & 0xff) / 255.0f,
		                       (float)((look->rgb >> 8) & 0xff) / 255.0f,
		                       (float)(look->rgb & 0xff) / 255.0f};
		tok_span[c] = look->set || look->bold
		                      ? lo_fill_span(L, look->bold ? ROLE_MONOBOLD : ROLE_MONO, size,
		                                     fill, look->set)
		                      : base;
	}
	return ntok;
}

/* Code is set smaller than the body, as books do: at the size where
 * CODE_COLUMNS columns of the mono face fill the full measure, no larger
 * than it was (0.85 of the body) and no smaller than CODE_MIN_PT. A
 * block whose widest line (a diagram, a long call) passes its measure is
 * set smaller still, down to CODE_WIDE_MIN_PT, when that makes every line
 * fit; else it wraps. The padding is CODE_PAD of the size each side. */
#define CODE_COLUMNS 80
#define CODE_MIN_PT 7.0
#define CODE_WIDE_MIN_PT 6.5
#define CODE_PAD 0.6
/* A break inside a code block that fits on a page costs what leaving
 * half a page empty does (the page builder's 10000 x empty^3), so the
 * block moves to the next page whole when that leaves less blank. */
#define CODE_KEEP 1250

/* The width of text's widest line in points per point of size, tabs
 * expanded as collect_code does. */
static double code_widest(struct pdf_layout *L, const char *text, size_t len)
{
	double widest = 0, w = 0;
	size_t column = 0;
	for (size_t pos = 0; pos < len;) {
		int32_t cp;
		pos += (size_t)quire_utf8_decode(text + pos, len - pos, &cp);
		if (cp == '\n') {
			w = 0;
			column = 0;
			continue;
		}
		size_t reps = 1;
		if (cp == '\t') {
			reps = 4 - column % 4;
			cp = ' ';
		}
		cp = pdf_fonts_sanitize(L->fonts, cp);
		int f = pdf_fonts_pick(L->fonts, ROLE_MONO, cp);
		w += (double)reps * pdf_fonts_width(L->fonts, f, cp) / 1000.0;
		column += reps;
		if (w > widest)
			widest = w;
	}
	return widest;
}

static double code_size(struct pdf_layout *L, const char *text, size_t len)
{
	double hi = L->size * 0.85, lo = fmin(CODE_MIN_PT, hi);
	int zf = pdf_fonts_pick(L->fonts, ROLE_MONO, '0');
	double column = pdf_fonts_width(L->fonts, zf, '0') / 1000.0;
	double size = column > 0 ? L->measure / (CODE_COLUMNS * column + 2 * CODE_PAD) : hi;
	size = fmax(lo, fmin(size, hi));
	double widest = code_widest(L, text, len), tw = lo_text_width(L);
	if ((widest + 2 * CODE_PAD) * size > tw) {
		/* A hair under the exact fit: the wrapping sums the widths. */
		double fit = tw / (widest + 2 * CODE_PAD) * (1 - 1e-9);
		if (fit >= fmin(CODE_WIDE_MIN_PT, size))
			size = fit;
	}
	return size;
}

/* A code block: its lines in the mono face on a shaded box, padded
 * inside it; highlighted when the fence names a language. */
static void code_lines(struct pdf_layout *L, const char *text, size_t len, const char *lang)
{
	struct priv *P = L->priv;
	double size = code_size(L, text, len), pad = size * CODE_PAD;
	double avail = lo_text_width(L) - 2 * pad;
	struct pstyle ps = {.align = AL_RAGGED, .size = size, .leading = size * 1.4, .code = true};
	size_t first = L->store.nlines, item0 = L->store.nitems;
	double height = 0;

	if (avail < size * 8)
		avail = size * 8;
	lo_para_reset(P);
	uint32_t base = lo_cur_span(L, ROLE_MONO, size, 0, -1), tok_span[QUIRE_TOK_COUNT];
	struct quire_token_span *tok;
	size_t ntok = code_tokens(L, text, len, lang, size, base, &tok, tok_span);
	collect_code(L, text, len, base, tok, ntok, tok_span);
	free(tok);
	struct para_text in = {.ch = P->ch, .nch = P->nch, .spans = P->spans};
	size_t n = pdf_para_set(&P->setter, &L->store, &in, avail, &ps);
	if (n == 0 || L->store.oom)
		return;
	for (size_t k = first; k < first + n; k++) {
		struct pdf_line *ln = &L->store.lines[k];
		ln->indent = lo_text_left(L) + pad;
		ln->flags = LINE_BG;
		ln->bg_x = lo_text_left(L);
		ln->bg_w = lo_text_width(L);
	}
	start_block(L, first, L->size, pad);
	/* Padding above and below, inside the shaded box. */
	L->store.lines[first].height += pad * 0.6;
	L->store.lines[first].baseline += pad * 0.6;
	L->store.lines[first + n - 1].height += pad * 0.6;
	lo_push_lines(L, first, n);
	for (size_t k = first; k < first + n && !L->store.oom; k++)
		height += L->store.lines[k].height;
	if (L->store.oom || L->page_height <= 0 || height > L->page_height)
		return;
	for (size_t i = item0; i < L->store.nitems; i++)
		if (L->store.items[i].type == PB_PENALTY && L->store.items[i].penalty == 0)
			L->store.items[i].penalty = CODE_KEEP;
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
		if (cp == CP_HAIR) {
			w += sp->size * 0.09;
			continue;
		}
		if (P->ch[i].cp < CP_HARD) {
			double iw, ih;
			pdf_para_image_size(&P->setter, CP_IMAGE_INDEX(P->ch[i].cp), sp->size, &iw, &ih);
			w += iw;
			space = false;
			continue;
		}
		if (pdf_para_is_space(cp)) {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		if (space) {
			w += pdf_para_space_width(&P->setter, sp);
			continue;
		}
		int f = pdf_fonts_pick(L->fonts, sp->role, cp);
		w += pdf_fonts_width(L->fonts, f, cp) * sp->size / 1000.0;
	}
	return w;
}

/* A length of the model in points: CSS pixels at 96 per inch, a
 * percentage of the text width (of); 0 when not given. */
static double length_pt(struct quire_length len, double of)
{
	switch (len.unit) {
	case QUIRE_UNIT_NONE:
		return 0;
	case QUIRE_UNIT_PX:
		return len.value * 0.75;
	case QUIRE_UNIT_PERCENT:
		return len.value * of / 100;
	}
	return 0;
}

/* An image's size in points, *w by *h at first its pixels at 96 dpi:
 * the size the document asks for, if any, the aspect ratio kept when it
 * gives only one side. */
static void asked_size(const quire_node *n, double tw, double *w, double *h)
{
	double aw = length_pt(n->as.link.width, tw), ah = length_pt(n->as.link.height, 0);
	if (aw > 0 && ah > 0) {
		*w = aw;
		*h = ah;
	} else if (aw > 0) {
		*h *= aw / *w;
		*w = aw;
	} else if (ah > 0) {
		*w *= ah / *h;
		*h = ah;
	}
}

/* An image alone in its paragraph: centred, as large as its own pixels at
 * 96 dpi (or the size the document asks for) allow but inside the measure
 * and the page, with its title (or else its alt text) as a caption unless
 * its figure has one. One that cannot be used has its alt text set in a
 * frame instead. */
static void block_image(struct pdf_layout *L, const quire_node *n, const char *href)
{
	struct priv *P = L->priv;
	long im = pdf_images_get(L->images, n);
	const char *title = n->as.link.title;
	double tw = lo_text_width(L), csize = L->size * 0.9;
	if (im < 0) {
		L->store.oom = true;
		return;
	}
	const struct pdf_image *img = &L->images->v[im];
	enum quire_caption_from from = quire_lone_image_caption(n);
	bool caption = from != QUIRE_CAPTION_NONE;
	if (!img->img || img->w <= 0 || img->h <= 0) {
		struct pstyle ps = {.align = AL_CENTER, .size = L->size, .leading = L->leading};
		lo_para_reset(P);
		if (n->first_child)
			for (const quire_node *c = n->first_child; c; c = c->next)
				lo_collect_inline(L, c, ROLE_ITALIC, L->size, SP_GRAY);
		else
			lo_para_text(L, n->as.link.url, strlen(n->as.link.url),
			             lo_cur_span(L, ROLE_ITALIC, L->size, SP_GRAY, -1));
		size_t first = L->store.nlines;
		set_collected(L, &ps, tw - L->size * 2, false);
		for (size_t k = first; k < L->store.nlines; k++) {
			struct pdf_line *ln = &L->store.lines[k];
			ln->flags |= LINE_FRAME;
			ln->indent = lo_text_left(L) + L->size;
			ln->bg_x = lo_text_left(L);
			ln->bg_w = tw;
			if (k == first) {
				ln->flags |= LINE_RULE_ABOVE;
				ln->height += L->size * 0.5;
				ln->baseline += L->size * 0.5;
			}
			if (k + 1 == L->store.nlines) {
				ln->flags |= LINE_RULE_BELOW;
				ln->height += L->size * 0.5;
			}
		}
		lo_push_lines(L, first, L->store.nlines - first);
		return;
	}
	double w = img->w * 0.75, h = img->h * 0.75;
	asked_size(n, tw, &w, &h);
	double maxh = L->page_height > 0 ? L->page_height * 0.9 - (caption ? L->leading * 3 : 0)
	                                 : h;
	double s = 1;
	if (w * s > tw)
		s = tw / w;
	if (h * s > maxh && maxh > 0)
		s = maxh / h;
	w *= s;
	h *= s;
	size_t first = L->store.nlines;
	/* A list item's marker stands level with the image's top. */
	struct pdf_line *ln = lo_new_line(L, h, fmin(h, L->size * 0.8));
	if (!ln)
		return;
	ln->flags = LINE_IMAGE;
	ln->image = im;
	/* Centred, except after a list item's marker. */
	bool in_list = P->has_marker || P->nlists > 0;
	ln->bg_x = lo_text_left(L) + (in_list ? 0 : (tw - w) / 2);
	ln->bg_w = w;
	take_marker(L, L->store.nlines - 1, L->size, 0);
	struct pdf_run *r;
	if (href && href[0] && !pdf_uri_scripted(href) && (r = pdf_store_new_run(&L->store, ln))) {
		/* A linked image: an undrawn run over it carries the link. */
		double rs = h / 1.1;
		*r = (struct pdf_run){
			.x = ln->bg_x - ln->indent, .width = w, .text = 0, .size = (float)rs,
			.rise = (float)(ln->baseline - 0.85 * rs), .link = lo_new_link(L, href, -1, 0, n),
			.flags = RUN_IMAGE, .image = -1};
	}
	lo_push_lines(L, first, 1);
	if (caption) {
		struct pstyle ps = {.align = in_list ? AL_RAGGED : AL_CENTER, .size = csize,
		                    .leading = csize * 1.3};
		/* The caption stays with its image. */
		pdf_store_push_item(&L->store, PB_PENALTY, 0, PB_INF, -1);
		pdf_store_push_item(&L->store, PB_GLUE, L->leading * 0.3, 0, -1);
		lo_para_reset(P);
		if (from == QUIRE_CAPTION_TITLE)
			lo_para_text(L, title, strlen(title), lo_cur_span(L, ROLE_ITALIC, csize, 0, -1));
		else
			for (const quire_node *c = n->first_child; c; c = c->next)
				lo_collect_inline(L, c, ROLE_ITALIC, csize, 0);
		P->keep_next = true;
		set_collected(L, &ps, 0, true);
	}
}

/* A figure's caption, set as a lone image's is: smaller, in italic,
 * centred, and kept with the figure's content on its side (an image
 * before it, or whatever follows a caption that comes first). */
static void block_caption(struct pdf_layout *L, const quire_node *n, double gap)
{
	struct priv *P = L->priv;
	double csize = L->size * 0.9;
	bool in_list = P->has_marker || P->nlists > 0;
	struct pstyle ps = {.align = in_list ? AL_RAGGED : AL_CENTER, .size = csize,
	                    .leading = csize * 1.3};
	if (n->prev && L->store.nitems > 0) {
		/* The space after the content above becomes the caption's
		 * own, and no place for a page break. */
		if (L->store.items[L->store.nitems - 1].type == PB_GLUE)
			L->store.nitems--;
		pdf_store_push_item(&L->store, PB_PENALTY, 0, PB_INF, -1);
		pdf_store_push_item(&L->store, PB_GLUE, L->leading * 0.3, 0, -1);
	} else {
		lo_vspace(L, gap);
	}
	lo_para_reset(P);
	for (const quire_node *c = n->first_child; c; c = c->next)
		lo_collect_inline(L, c, ROLE_ITALIC, csize, 0);
	set_collected(L, &ps, 0, true);
	P->keep_next = n->next != NULL;
	P->prev_para = false;
}

/* The widest word of the collected text: a column narrower than this
 * would break inside a word. */
static double widest_word(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	double best = 0, w = 0;
	for (size_t i = 0; i <= P->nch; i++) {
		int32_t cp = i < P->nch ? P->ch[i].cp : ' ';
		if (cp == CP_HARD || pdf_para_is_space(cp)) {
			if (w > best)
				best = w;
			w = 0;
			continue;
		}
		const struct span *sp = &P->spans[P->ch[i].span];
		if (cp == CP_HAIR) {
			w += sp->size * 0.09;
			continue;
		}
		if (cp < CP_HARD) {
			double iw, ih;
			pdf_para_image_size(&P->setter, CP_IMAGE_INDEX(cp), sp->size, &iw, &ih);
			w += iw;
			continue;
		}
		int f = pdf_fonts_pick(L->fonts, sp->role, cp);
		w += pdf_fonts_width(L->fonts, f, cp) * sp->size / 1000.0;
	}
	return best;
}

/* The smallest a table's type may become to fit the measure; below it,
 * words break inside. */
#define TABLE_MIN_SCALE 0.6

/* Column widths in room, from each column's widest word (minw) and
 * natural width (maxw), both times scale. Narrow columns (within an
 * equal share) get all they want first; the others share the rest in
 * proportion to what they lack. When even the widest words do not fit,
 * the narrow columns keep theirs and the wide ones share the rest. */
static void fit_columns(const double *minw, const double *maxw, double *colw, int ncols,
                        double scale, double room)
{
	double share = room / ncols, summin = 0, summax = 0;
	double fixed = 0, wide_min = 0, wide_max = 0;
	for (int c = 0; c < ncols; c++) {
		summin += minw[c] * scale;
		summax += maxw[c] * scale;
		if (maxw[c] * scale <= share)
			fixed += maxw[c] * scale;
		else {
			wide_min += minw[c] * scale;
			wide_max += maxw[c] * scale;
		}
	}
	for (int c = 0; c < ncols; c++) {
		double lo = minw[c] * scale, hi = maxw[c] * scale;
		if (summax <= room)
			colw[c] = hi;
		else if (fixed + wide_min <= room)
			colw[c] = hi <= share ? hi
			                      : lo + (hi - lo) * (room - fixed - wide_min) / (wide_max - wide_min);
		else if (summin <= room)
			colw[c] = lo + (hi - lo) * (room - summin) / (summax - summin);
		else
			colw[c] = lo; /* adjusted below */
	}
	if (summin > room) {
		double small = 0, big = 0;
		for (int c = 0; c < ncols; c++) {
			if (minw[c] * scale <= share)
				small += minw[c] * scale;
			else
				big += minw[c] * scale;
		}
		for (int c = 0; c < ncols; c++) {
			if (small < room && minw[c] * scale > share)
				colw[c] = minw[c] * scale * (room - small) / big;
			else if (small >= room)
				colw[c] = room * minw[c] / (summin / scale);
		}
	}
}

static void collect_cell(struct pdf_layout *L, const quire_node *row, const quire_node *cell,
                         double size)
{
	struct priv *P = L->priv;
	lo_para_reset(P);
	lo_collect_inline(L, cell, row->as.row.header ? ROLE_BOLD : ROLE_REGULAR, size, 0);
}

/* A cell being set: where its lines are, and the rows it covers. */
struct table_cell_set {
	int col, span;
	size_t row, last;   /* its first and last row, in the group */
	size_t first, n;    /* its lines in the store */
	size_t skip;        /* its lines set in the rows above the current one */
	enum quire_align align;
};

/* A table being set: its columns, type, and the header rows that come
 * again after a page break. */
struct table_set {
	const quire_node *table;
	int ncols;
	double size, leading, total; /* total: the width of all columns */
	double *minw, *maxw, *colw, *colx;
	struct table_cell_set *cells; /* the row group's */
	size_t ncells, capcells;
	size_t *rows;                 /* per row of the group: its text lines */
	size_t caprows;
	bool *covered;                /* per column: a cell goes on below the row */
	size_t *active;               /* the cells of the current row, from above too */
	size_t nactive, capactive;
	size_t hdr_from, hdr_n;      /* the header rows' items */
	bool hdr_open, first_row;
};

/* The columns a cell covers, kept inside the table. */
static int cell_span(const struct table_set *T, const quire_node *cell)
{
	int c = cell->as.cell.column, span = cell->as.cell.colspan;
	if (span < 1 || c < 0 || c >= T->ncols)
		return 1;
	return span > T->ncols - c ? T->ncols - c : span;
}

/* A cell across columns c..c+span-1 that wants want, with gap between
 * columns: the columns that have less between them grow, evenly. */
static void widen_span(double *w, int c, int span, double want, double gap)
{
	double have = gap * (span - 1);
	for (int k = c; k < c + span; k++)
		have += w[k];
	if (want <= have)
		return;
	for (int k = c; k < c + span; k++)
		w[k] += (want - have) / span;
}

/* Column widths and the type size: each column between its widest word
 * and its natural width, fitted to the measure. A cell across columns
 * counts after the others, widening its columns only when these are too
 * narrow together. */
static void table_measure(struct pdf_layout *L, struct table_set *T)
{
	int ncols = T->ncols;
	double avail = lo_text_width(L);
	double gap1 = ncols > 4 ? 0.8 : 1.2; /* ems between columns */
	/* Widths at the body size; they scale with the type. */
	for (int pass = 0; pass < 2; pass++)
		for (const quire_node *row = T->table->first_child; row; row = row->next)
			for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
				int c = cell->as.cell.column, span = cell_span(T, cell);
				if (c < 0 || c >= ncols || (span > 1) != (pass == 1))
					continue;
				collect_cell(L, row, cell, L->size);
				double w = natural_width(L) + 0.01; /* rounding must not wrap it */
				double m = widest_word(L) + 0.01;
				if (span > 1) {
					widen_span(T->maxw, c, span, w, gap1 * L->size);
					widen_span(T->minw, c, span, m, gap1 * L->size);
					continue;
				}
				if (w > T->maxw[c])
					T->maxw[c] = w;
				if (m > T->minw[c])
					T->minw[c] = m;
			}
	double summin = 0;
	for (int c = 0; c < ncols; c++) {
		if (T->minw[c] < L->size)
			T->minw[c] = L->size;
		if (T->maxw[c] < T->minw[c])
			T->maxw[c] = T->minw[c];
		summin += T->minw[c];
	}
	double scale = 1;
	if (summin + gap1 * L->size * (ncols - 1) > avail) {
		scale = avail / (summin + gap1 * L->size * (ncols - 1));
		if (scale < TABLE_MIN_SCALE)
			scale = TABLE_MIN_SCALE;
	}
	T->size = L->size * scale;
	T->leading = T->size * 1.3;
	double gap = gap1 * T->size;
	double room = avail - gap * (ncols - 1);
	if (room < ncols * T->size)
		room = ncols * T->size; /* over the margin only when nothing else can be done */
	fit_columns(T->minw, T->maxw, T->colw, ncols, scale, room);
	double total = 0;
	for (int c = 0; c < ncols; c++) {
		T->colx[c] = total;
		total += T->colw[c] + gap;
	}
	T->total = total - gap;
}

/* The width of a cell across columns c..c+span-1. */
static double span_width(const struct table_set *T, int c, int span)
{
	return T->colx[c + span - 1] + T->colw[c + span - 1] - T->colx[c];
}

/* The cells of row (the group's row r), each set in its columns' width
 * (lines kept out of the vertical list), appended to T->cells. */
static void table_cells(struct pdf_layout *L, struct table_set *T, const quire_node *row,
                        size_t r, size_t nrows)
{
	for (const quire_node *cell = row->first_child; cell; cell = cell->next) {
		int c = cell->as.cell.column;
		if (c < 0 || c >= T->ncols)
			continue;
		if (!QUIRE_RESERVE(T->cells, T->capcells, T->ncells + 1)) {
			L->store.oom = true;
			return;
		}
		struct table_cell_set *cs = &T->cells[T->ncells++];
		struct pstyle ps = {.align = AL_RAGGED, .size = T->size, .leading = T->leading,
		                    .hyphenate = true};
		size_t down = cell->as.cell.rowspan > 1 ? (size_t)cell->as.cell.rowspan - 1 : 0;
		cs->col = c;
		cs->span = cell_span(T, cell);
		cs->row = r;
		cs->last = down < nrows - r ? r + down : nrows - 1;
		cs->align = cell->as.cell.align != QUIRE_ALIGN_NONE ? cell->as.cell.align
		            : T->table->as.table.align           ? T->table->as.table.align[c]
		                                                 : QUIRE_ALIGN_NONE;
		collect_cell(L, row, cell, T->size);
		cs->first = L->store.nlines;
		set_collected(L, &ps, span_width(T, c, cs->span), false);
		cs->n = L->store.nlines - cs->first;
		cs->skip = 0;
	}
}

/* The lines k0 .. k1 - 1 of the current row's cells (T->active) as runs
 * of the row's line lni, each aligned in its columns and set lower by
 * its place in the piece. A cell down several rows has its lines shared
 * out: each row takes as many as it has text lines, from where the rows
 * above left off (skip). */
static void table_piece_runs(struct pdf_layout *L, const struct table_set *T, size_t lni,
                             size_t k0, size_t k1)
{
	for (size_t i = 0; i < T->nactive && !L->store.oom; i++) {
		const struct table_cell_set *cs = &T->cells[T->active[i]];
		size_t skip = cs->skip;
		double width = span_width(T, cs->col, cs->span);
		for (size_t k = k0; skip + k < cs->n && k < k1; k++) {
			const struct pdf_line *src = &L->store.lines[cs->first + skip + k];
			size_t r0 = src->first_run, nr = src->nruns;
			double used = 0;
			for (size_t q = r0; q < r0 + nr; q++)
				if (L->store.runs[q].x + L->store.runs[q].width > used)
					used = L->store.runs[q].x + L->store.runs[q].width;
			double off = T->colx[cs->col] + (cs->align == QUIRE_ALIGN_RIGHT    ? width - used
			                                 : cs->align == QUIRE_ALIGN_CENTER ? (width - used) / 2
			                                                                   : 0);
			for (size_t q = r0; q < r0 + nr; q++) {
				struct pdf_run *run = pdf_store_new_run(&L->store, &L->store.lines[lni]);
				if (!run)
					break;
				*run = L->store.runs[q];
				run->x += off;
				run->rise -= (float)(T->leading * (double)(k - k0));
			}
		}
	}
}

/* The thin rule under the group's row r, on its last line lni: across
 * the table, but where a cell goes on down into the next row. */
static void table_row_rule(struct pdf_layout *L, const struct table_set *T, size_t lni, size_t r)
{
	struct pdf_line *ln = &L->store.lines[lni];
	double gap = T->ncols > 1 ? T->colx[1] - T->colw[0] : 0;
	double x0 = 0;
	bool open = true; /* a stretch of rule from x0 is open */
	bool *covered = T->covered;
	for (int c = 0; c < T->ncols; c++)
		covered[c] = false;
	for (size_t i = 0; i < T->nactive; i++) {
		const struct table_cell_set *cs = &T->cells[T->active[i]];
		if (cs->last > r)
			for (int c = cs->col; c < cs->col + cs->span; c++)
				covered[c] = true;
	}
	for (int c = 0; c <= T->ncols && !L->store.oom; c++) {
		bool cov = c < T->ncols && covered[c];
		if (open && (cov || c == T->ncols)) {
			double x1 = c == T->ncols ? T->total : T->colx[c] - gap / 2;
			struct pdf_run *run = x1 > x0 ? pdf_store_new_run(&L->store, ln) : NULL;
			if (run) {
				*run = (struct pdf_run){.x = x0 + ln->bg_x - ln->indent, .width = x1 - x0,
				                        .text = 0, .face = 0, .size = (float)T->size,
				                        .rise = (float)(ln->baseline - ln->height + 0.5),
				                        .fill = PDF_RGB_BLACK, .link = -1, .flags = RUN_RULE,
				                        .image = -1};
			}
			open = false;
		} else if (!open && !cov && c < T->ncols) {
			x0 = c == 0 ? 0 : T->colx[c] - gap / 2;
			open = true;
		}
	}
}

/* A row is one line of the page, its cells' lines set lower by rise: it
 * does not split, and the text reads cell by cell. A row too tall for
 * that is cut into pieces of several text lines. Rules sit in extra
 * space, clear of the letters. */
static void table_row_lines(struct pdf_layout *L, const struct table_set *T,
                            const quire_node *row, size_t r)
{
	double size = T->size, leading = T->leading;
	size_t rows = T->rows[r];
	bool header = row->as.row.header;
	bool before_body = header && row->next && !row->next->as.row.header;
	bool spans_on = false; /* a cell goes on into the next row */
	for (size_t i = 0; i < T->nactive && !spans_on; i++)
		spans_on = T->cells[T->active[i]].last > r;
	size_t chunk = rows;
	if (L->page_height > 0 && leading * (double)rows > L->page_height * 0.5) {
		chunk = (size_t)(L->page_height * 0.1 / leading);
		if (chunk < 1)
			chunk = 1;
	}
	for (size_t k0 = 0; k0 < rows && !L->store.oom; k0 += chunk) {
		size_t k1 = k0 + chunk < rows ? k0 + chunk : rows;
		struct pdf_line *ln = lo_new_line(L, leading * (double)(k1 - k0),
		                                  leading * 0.5 + size * 0.35);
		if (!ln)
			break;
		ln->bg_x = lo_text_left(L);
		ln->bg_w = T->total;
		if (k0 == 0 && T->first_row) {
			ln->flags |= LINE_RULE_ABOVE;
			ln->height += size * 0.3;
			ln->baseline += size * 0.3;
		} else if (k0 == 0) {
			ln->height += size * 0.15;
			ln->baseline += size * 0.15;
		}
		if (k1 == rows) {
			if (before_body || !row->next)
				ln->flags |= LINE_RULE_BELOW;
			else if (!header && !spans_on)
				ln->flags |= LINE_RULE_THIN;
			ln->height += size * 0.3;
		}
		size_t lni = L->store.nlines - 1;
		table_piece_runs(L, T, lni, k0, k1);
		if (k1 == rows && !header && spans_on && row->next)
			table_row_rule(L, T, lni, r);
	}
}

/* A page break, after which the header rows come again: legal, or with
 * penalty only when nothing else will do. */
static void table_break(struct pdf_layout *L, const struct table_set *T, int penalty)
{
	pdf_store_push_item(&L->store, PB_PENALTY, 0, penalty, -1);
	if (T->hdr_n > 0 && !L->store.oom) {
		L->store.items[L->store.nitems - 1].repeat_from = T->hdr_from;
		L->store.items[L->store.nitems - 1].repeat_n = T->hdr_n;
	}
}

/* The row's lines from first on into the vertical list. A page may break
 * before a body row that is not the first, and between the pieces of a
 * tall body row; the leading header rows' boxes are consecutive items.
 * Inside a group of rows that cells span, a break costs the most a legal
 * one may (in_group): the group stays on one page when it fits on one. */
static void table_row_items(struct pdf_layout *L, struct table_set *T, const quire_node *row,
                            size_t first, size_t end, bool in_group)
{
	bool header = row->as.row.header;
	if (!T->first_row && !header && !(row->prev && row->prev->as.row.header))
		table_break(L, T, in_group ? PB_INF - 1 : 0);
	size_t box0 = L->store.nitems;
	for (size_t k = first; k < end; k++) {
		if (k > first && !header)
			table_break(L, T, 0);
		pdf_store_push_item(&L->store, PB_BOX, L->store.lines[k].height, 0, (long)k);
		note_refs_on(L, k);
	}
	if (header && T->hdr_open) {
		if (T->hdr_n == 0)
			T->hdr_from = box0;
		T->hdr_n += L->store.nitems - box0;
	} else {
		T->hdr_open = false;
	}
}

/* The rows from row on that cells span together: at least row itself. */
static size_t table_group(const quire_node *row)
{
	size_t n = 0, need = 1;
	for (; row && n < need; row = row->next, n++)
		for (const quire_node *cell = row->first_child; cell; cell = cell->next)
			if (cell->as.cell.rowspan > 1 && (size_t)cell->as.cell.rowspan - 1 > need - n - 1)
				need = n + (size_t)cell->as.cell.rowspan;
	return n;
}

/* Tables: each column between its widest word and its natural width,
 * fitted to the measure; when even the widest words do not fit, the type
 * gets smaller (down to TABLE_MIN_SCALE), then words break. Cells wrap in
 * their columns and take their alignment; rules above, below the header
 * and below the table, thin ones between rows. A row never splits; a
 * page may break between body rows, and the header rows are set again at
 * the top of the next page. Rows that cells span are set as a group: a
 * row is as tall as its own cells need, and the last of the group grows
 * until the cells down several rows fit. */
static void table_rows(struct pdf_layout *L, const quire_node *table)
{
	struct table_set T = {.table = table, .hdr_open = true, .first_row = true};
	size_t *starts = NULL, capstarts = 0; /* per row of a group: its first line */
	T.ncols = table->as.table.columns > 0 ? table->as.table.columns : 1;
	size_t ncols = (size_t)T.ncols;
	T.minw = calloc(ncols, sizeof(*T.minw));
	T.maxw = calloc(ncols, sizeof(*T.maxw));
	T.colw = calloc(ncols, sizeof(*T.colw));
	T.colx = calloc(ncols, sizeof(*T.colx));
	T.covered = calloc(ncols, sizeof(*T.covered));
	if (!T.minw || !T.maxw || !T.colw || !T.colx || !T.covered) {
		L->store.oom = true;
		goto out;
	}
	table_measure(L, &T);
	for (const quire_node *row = table->first_child; row && !L->store.oom;) {
		size_t nrows = table_group(row);
		const quire_node *r0 = row;
		if (!QUIRE_RESERVE(T.rows, T.caprows, nrows) ||
		    !QUIRE_RESERVE(starts, capstarts, nrows)) {
			L->store.oom = true;
			break;
		}
		bool first_row = T.first_row;
		T.ncells = 0;
		row = r0;
		for (size_t r = 0; r < nrows; r++, row = row->next) {
			table_cells(L, &T, row, r, nrows);
			T.rows[r] = 0;
		}
		for (size_t i = 0; i < T.ncells; i++) {
			const struct table_cell_set *cs = &T.cells[i];
			if (cs->last == cs->row && cs->n > T.rows[cs->row])
				T.rows[cs->row] = cs->n;
		}
		for (size_t r = 0; r < nrows; r++)
			if (T.rows[r] == 0)
				T.rows[r] = 1;
		for (size_t i = 0; i < T.ncells; i++) {
			const struct table_cell_set *cs = &T.cells[i];
			size_t have = 0;
			for (size_t r = cs->row; r <= cs->last; r++)
				have += T.rows[r];
			if (cs->n > have)
				T.rows[cs->last] += cs->n - have;
		}
		/* The rows' lines, then their items: a group taller than a
		 * page breaks where its rows do, like any rows. */
		size_t first = L->store.nlines, next = 0;
		T.nactive = 0;
		row = r0;
		for (size_t r = 0; r < nrows && !L->store.oom; r++, row = row->next) {
			/* The cells from above that go on, then the row's own. */
			size_t kept = 0;
			for (size_t i = 0; i < T.nactive; i++)
				if (T.cells[T.active[i]].last >= r)
					T.active[kept++] = T.active[i];
			T.nactive = kept;
			for (; next < T.ncells && T.cells[next].row == r; next++) {
				if (!QUIRE_RESERVE(T.active, T.capactive, T.nactive + 1)) {
					L->store.oom = true;
					goto out;
				}
				T.active[T.nactive++] = next;
			}
			starts[r] = L->store.nlines;
			table_row_lines(L, &T, row, r);
			for (size_t i = 0; i < T.nactive; i++)
				T.cells[T.active[i]].skip += T.rows[r];
			T.first_row = false;
		}
		double height = 0;
		for (size_t k = first; k < L->store.nlines; k++)
			height += L->store.lines[k].height;
		bool keep = nrows > 1 && (L->page_height <= 0 || height <= L->page_height * 0.9);
		T.first_row = first_row;
		row = r0;
		for (size_t r = 0; r < nrows && !L->store.oom; r++, row = row->next) {
			size_t end = r + 1 < nrows ? starts[r + 1] : L->store.nlines;
			table_row_items(L, &T, row, starts[r], end, keep && r > 0);
			T.first_row = false;
		}
	}
out:
	free(T.minw);
	free(T.maxw);
	free(T.colw);
	free(T.colx);
	free(T.cells);
	free(T.rows);
	free(T.covered);
	free(T.active);
	free(starts);
}

static void add_heading(struct pdf_layout *L, const quire_node *n)
{
	struct priv *P = L->priv;
	char *title = quire_node_plain_text(n);
	if (!title) {
		L->store.oom = true;
		return;
	}
	if (!lo_room(L, QUIRE_RESERVE(L->headings, L->capheadings, L->nheadings + 1))) {
		free(title);
		return;
	}
	L->headings[L->nheadings] = (struct pdf_heading){
		.level = n->as.heading.level, .title = title,
		.id = n->as.heading.id ? n->as.heading.id : "", .line = L->store.nlines,
		.source_line = n->line, .source_column = n->column,
		.source_file = quire_node_file(P->doc, n, L->filename)};
	P->pending_heading = (int)L->nheadings++;
}

static void list_marker(struct pdf_layout *L, const quire_node *item)
{
	struct priv *P = L->priv;
	static const char *const bullets[] = {"\u2022", "\u2013", "\u25E6", "\u25AA"};
	struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
	P->marker_size = L->size;
	P->marker_box = 0;
	if (item->as.item.task != QUIRE_TASK_NONE) {
		/* A drawn box: glyphs for it are missing from most faces. */
		P->marker[0] = '\0';
		P->marker_box = item->as.item.task == QUIRE_TASK_CHECKED ? 2 : 1;
	} else if (ls && ls->ordered)
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

/* The hanging indent of an ordered list: room for its widest number. */
static double number_step(struct pdf_layout *L, const quire_node *list)
{
	char num[32];
	long last = list->as.list.start;
	for (const quire_node *it = list->first_child; it; it = it->next)
		last++;
	snprintf(num, sizeof(num), "%ld%c", last - 1, list->as.list.delim ? list->as.list.delim : '.');
	double w = 0;
	for (const char *c = num; *c; c++)
		w += pdf_fonts_width(L->fonts, pdf_fonts_pick(L->fonts, ROLE_REGULAR, *c), *c) * L->size /
		     1000.0;
	return fmax(L->size * 2, w + L->size * 0.8);
}

/* The image a paragraph's child is, alone or alone in a link (*link). */
static const quire_node *image_of(const quire_node *c, const quire_node **link)
{
	*link = NULL;
	if (c->kind == QUIRE_LINK && c->first_child && c->first_child == c->last_child) {
		*link = c;
		c = c->first_child;
	}
	return c->kind == QUIRE_IMAGE ? c : NULL;
}

/* A figure's paragraph of images and nothing else but spaces: a browser
 * shows each at its size; set in a line of text they would shrink to the
 * text's height. */
static bool images_only(const quire_node *para)
{
	const quire_node *link;
	size_t images = 0;
	if (para->parent == NULL || para->parent->kind != QUIRE_FIGURE)
		return false;
	for (const quire_node *c = para->first_child; c; c = c->next) {
		if (image_of(c, &link)) {
			images++;
			continue;
		}
		if (c->kind == QUIRE_SOFT_BREAK || c->kind == QUIRE_HARD_BREAK)
			continue;
		if (c->kind != QUIRE_TEXT)
			return false;
		for (size_t k = 0; k < c->as.literal.len; k++)
			if (c->as.literal.text[k] != ' ')
				return false;
	}
	return images > 1;
}

/* A paragraph; an image alone in it (or alone in a link that is) is a
 * block of its own, and so is each of a figure's paragraph of images. */
static void block_paragraph(struct pdf_layout *L, const quire_node *n, double gap)
{
	struct priv *P = L->priv;
	const quire_node *link;
	const quire_node *only = quire_lone_image(n, &link);
	if (only && L->images) {
		lo_vspace(L, quire_list_item_is_tight(n->parent) ? 0 : gap);
		block_image(L, only, link ? link->as.link.url : NULL);
		lo_vspace(L, gap);
		P->prev_para = false;
		return;
	}
	if (L->images && images_only(n)) {
		for (const quire_node *c = n->first_child; c; c = c->next) {
			const quire_node *img = image_of(c, &link);
			if (img == NULL)
				continue;
			lo_vspace(L, gap);
			block_image(L, img, link ? link->as.link.url : NULL);
		}
		lo_vspace(L, gap);
		P->prev_para = false;
		return;
	}
	bool indent = P->prev_para && n->prev && n->prev->kind == QUIRE_PARAGRAPH;
	/* A definition's first paragraph follows its term closely. */
	bool close = quire_list_item_is_tight(n->parent) ||
	             (n->parent && n->parent->kind == QUIRE_DEFINITION && n->prev == NULL);
	/* Quotations are set a size smaller, as books do. */
	double size = P->quotes > 0 ? L->size * 0.93 : L->size;
	lo_vspace(L, indent || close ? 0 : gap);
	if (P->runin) {
		/* A details' summary in bold, then the paragraph, as one. */
		struct pstyle ps = {.align = L->ragged ? AL_RAGGED : AL_JUSTIFY, .size = size,
		                    .leading = size * 1.3, .hyphenate = true};
		lo_para_reset(P);
		lo_collect_inline(L, P->runin, ROLE_BOLD, size, 0);
		lo_para_text(L, " ", 1, lo_cur_span(L, ROLE_REGULAR, size, 0, -1));
		lo_collect_inline(L, n, ROLE_REGULAR, size, 0);
		set_collected(L, &ps, 0, true);
		P->runin = NULL;
	} else {
		block_text(L, n, ROLE_REGULAR, size, size * 1.3, L->ragged ? AL_RAGGED : AL_JUSTIFY,
		           indent ? L->size * 1.5 : 0, true);
	}
	P->prev_para = true;
}

/* A definition list's term: bold, on its own line, kept with its
 * definition. Several terms follow each other closely; a term after a
 * definition is apart from it, as loose items are. */
static void block_term(struct pdf_layout *L, const quire_node *n, double gap)
{
	struct priv *P = L->priv;
	if (n->prev && n->prev->kind == QUIRE_DEFINITION)
		lo_vspace(L, gap);
	block_text(L, n, ROLE_BOLD, L->size, L->size * 1.3, AL_RAGGED, 0, false);
	P->keep_next = true;
	P->prev_para = false;
}

/* A definition: its blocks indented under the term. */
static void block_definition(struct pdf_layout *L, const quire_node *n, bool enter, double gap)
{
	struct priv *P = L->priv;
	bool tight = n->parent && n->parent->kind == QUIRE_DEFINITION_LIST &&
	             n->parent->as.deflist.tight;
	if (enter && n->prev && n->prev->kind == QUIRE_DEFINITION && !tight)
		lo_vspace(L, gap);
	P->indent += enter ? L->size * 2 : -L->size * 2;
	P->prev_para = false;
}

/* A details' summary: the bold run-in title of the paragraph after it,
 * or a bold line of its own when no paragraph follows. */
static void block_summary(struct pdf_layout *L, const quire_node *n, double gap)
{
	struct priv *P = L->priv;
	if (n->next && n->next->kind == QUIRE_PARAGRAPH) {
		P->runin = n;
		return;
	}
	lo_vspace(L, gap);
	block_text(L, n, ROLE_BOLD, L->size, L->size * 1.3, AL_RAGGED, 0, false);
	P->keep_next = n->next != NULL;
	P->prev_para = false;
}

/* A heading, kept with what follows. */
static void block_heading(struct pdf_layout *L, const quire_node *n)
{
	struct priv *P = L->priv;
	static const double scale[] = {1.9, 1.5, 1.25, 1.1, 1.0, 1.0};
	int lv = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;
	double size = L->size * scale[lv - 1];
	lo_vspace(L, L->leading * (lv <= 2 ? 2.0 : 1.3));
	add_heading(L, n);
	block_text(L, n, lv == 6 ? ROLE_BOLDITALIC : ROLE_BOLD, size, size * 1.25, AL_RAGGED, 0,
	           false);
	P->keep_next = true;
	lo_vspace(L, L->leading * 0.4);
	P->prev_para = false;
}

/* Entering or leaving a list: its numbering and hanging indent. */
static void block_list(struct pdf_layout *L, const quire_node *n, bool enter, double gap)
{
	struct priv *P = L->priv;
	lo_vspace(L, quire_list_item_is_tight(n->parent) ? 0 : gap);
	if (enter) {
		if (!lo_room(L, QUIRE_RESERVE(P->lists, P->caplists, P->nlists + 1)))
			return;
		P->lists[P->nlists++] = (struct list_state){
			.ordered = n->kind == QUIRE_ORDERED_LIST, .tight = n->as.list.tight,
			.counter = n->as.list.start, .delim = n->as.list.delim,
			.step = n->kind == QUIRE_ORDERED_LIST ? number_step(L, n) : L->size * 1.5};
	} else if (P->nlists > 0) {
		P->nlists--;
	}
	P->prev_para = false;
}

/* Entering a list item: its marker waits for its first line. Leaving
 * it: an empty item still shows its marker. */
static void block_item(struct pdf_layout *L, const quire_node *n, bool enter, double gap)
{
	struct priv *P = L->priv;
	struct list_state *ls = P->nlists ? &P->lists[P->nlists - 1] : NULL;
	double step = ls ? ls->step : L->size * 1.5;
	if (enter) {
		if (n->prev && ls && !ls->tight)
			lo_vspace(L, gap);
		list_marker(L, n);
		P->indent += step;
	} else {
		if (P->has_marker) {
			lo_para_reset(P);
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
			set_collected(L, &ps, 0, true);
		}
		P->indent -= step;
	}
	P->prev_para = false;
}

/* A thematic break: an ornament, a lozenge between two short rules. */
static void block_ornament(struct pdf_layout *L, double gap)
{
	struct priv *P = L->priv;
	double w = fmin(lo_text_width(L) * 0.3, L->size * 10);
	lo_vspace(L, gap);
	size_t first = L->store.nlines;
	struct pdf_line *ln = lo_new_line(L, L->leading * 1.5, L->leading * 0.75);
	if (ln) {
		ln->flags = LINE_ORNAMENT;
		ln->bg_x = lo_text_left(L) + (lo_text_width(L) - w) / 2;
		ln->bg_w = w;
		lo_push_lines(L, first, 1);
	}
	lo_vspace(L, gap);
	P->prev_para = false;
}

/* An admonition: its label in bold capitals on a shaded bar across the text,
 * ruled above and kept with what follows; then the content, indented and
 * set like a quote; then a rule. The label takes a pending list marker. */
static void block_admonition(struct pdf_layout *L, const quire_node *n, bool enter, double gap)
{
	struct priv *P = L->priv;
	double in = L->size * 1.5, pad = L->size * 0.45;
	struct pdf_line *ln;
	size_t first;

	if (!enter) {
		P->quotes--;
		P->indent -= in;
		P->rindent -= in;
		lo_vspace(L, gap * 0.5);
		first = L->store.nlines;
		if ((ln = lo_new_line(L, pad, 0)) != NULL) {
			ln->flags = LINE_RULE_BELOW;
			ln->bg_x = lo_text_left(L);
			ln->bg_w = lo_text_width(L);
			lo_push_lines(L, first, 1);
		}
		lo_vspace(L, gap);
		P->prev_para = false;
		return;
	}
	/* In capitals, as the txt writer has it: the same words either way. */
	const char *name = quire_admonition_label(n->as.admonition.type);
	char label[16];
	size_t len = 0;
	for (; name[len] && len + 1 < sizeof(label); len++)
		label[len] = name[len] >= 'a' && name[len] <= 'z' ? (char)(name[len] - 'a' + 'A')
		                                                  : name[len];
	struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
	lo_vspace(L, quire_list_item_is_tight(n->parent) ? 0 : gap);
	lo_para_reset(P);
	lo_para_text(L, label, len, lo_cur_span(L, ROLE_BOLD, L->size, 0, -1));
	first = L->store.nlines;
	set_collected(L, &ps, 0, false);
	for (size_t k = first; k < L->store.nlines; k++) {
		ln = &L->store.lines[k];
		ln->bg_x = lo_text_left(L);
		ln->bg_w = lo_text_width(L);
		ln->flags |= LINE_BG;
		if (k == first) {
			ln->flags |= LINE_RULE_ABOVE;
			ln->height += pad * 0.5;
			ln->baseline += pad * 0.5;
		}
		if (k + 1 == L->store.nlines)
			ln->height += pad * 0.5;
	}
	lo_push_lines(L, first, L->store.nlines - first);
	P->keep_next = true;
	P->quotes++;
	P->indent += in;
	P->rindent += in;
	P->prev_para = false;
}

/* Inlines straight under a container, from n on: set as a paragraph. */
static void block_loose_inlines(struct pdf_layout *L, const quire_node *n, double gap)
{
	struct priv *P = L->priv;
	struct pstyle ps = {.align = L->ragged ? AL_RAGGED : AL_JUSTIFY, .size = L->size,
	                    .leading = L->leading, .hyphenate = true};
	lo_para_reset(P);
	lo_vspace(L, gap);
	for (const quire_node *m = n; m && quire_kind_is_inline(m->kind); m = m->next)
		lo_collect_inline(L, m, ROLE_REGULAR, L->size, 0);
	set_collected(L, &ps, 0, true);
}

/* The first block of an input file: a new page when there are several
 * (n is not the first block) and they break, and a chapter's start. */
static void start_chapter(struct pdf_layout *L, const quire_node *n)
{
	struct priv *P = L->priv;
	if (n->prev && L->chapter_break && L->store.nitems > 0) {
		pdf_store_push_item(&L->store, PB_PENALTY, 0, -PB_INF, -1);
		P->prev_para = false;
	}
	if (!lo_room(L, QUIRE_RESERVE(L->chapters, L->capchapters, L->nchapters + 1)))
		return;
	L->chapters[L->nchapters++] = (struct pdf_chapter){.input = n->input,
	                                                   .line = L->store.nlines};
}

/* Walks the blocks under root. Footnote definitions are kept for the end
 * unless root is one. */
static void walk_blocks(struct pdf_layout *L, const quire_node *root)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	double gap = L->leading * 0.5;
	quire_iter_init(&it, (quire_node *)root);
	while (!L->store.oom && quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		if (enter && n->parent == root && root->kind == QUIRE_DOCUMENT &&
		    (n->prev == NULL || n->prev->input != n->input))
			start_chapter(L, n);
		switch (n->kind) {
		case QUIRE_DOCUMENT:
		case QUIRE_HTML_BLOCK:
			break;
		case QUIRE_PARAGRAPH:
			if (!enter)
				break;
			block_paragraph(L, n, gap);
			quire_iter_skip_children(&it);
			break;
		case QUIRE_HEADING:
			if (!enter)
				break;
			block_heading(L, n);
			quire_iter_skip_children(&it);
			break;
		case QUIRE_BLOCK_QUOTE:
			lo_vspace(L, gap);
			P->quotes += enter ? 1 : -1;
			P->indent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->rindent += enter ? L->size * 1.5 : -L->size * 1.5;
			P->prev_para = false;
			break;
		case QUIRE_ADMONITION:
			block_admonition(L, n, enter, gap);
			break;
		case QUIRE_DEFINITION_LIST:
		case QUIRE_DETAILS:
			lo_vspace(L, quire_list_item_is_tight(n->parent) && enter ? 0 : gap);
			P->prev_para = false;
			break;
		case QUIRE_DEFINITION_TERM:
			if (!enter)
				break;
			block_term(L, n, gap);
			quire_iter_skip_children(&it);
			break;
		case QUIRE_DEFINITION:
			block_definition(L, n, enter, gap);
			break;
		case QUIRE_SUMMARY:
			if (!enter)
				break;
			block_summary(L, n, gap);
			quire_iter_skip_children(&it);
			break;
		case QUIRE_FIGURE:
			/* Its blocks as they are; nothing after it is indented
			 * as a paragraph that follows a paragraph. */
			P->prev_para = false;
			break;
		case QUIRE_CAPTION:
			if (!enter)
				break;
			block_caption(L, n, gap);
			quire_iter_skip_children(&it);
			break;
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
			block_list(L, n, enter, gap);
			break;
		case QUIRE_LIST_ITEM:
			block_item(L, n, enter, gap);
			break;
		case QUIRE_CODE_BLOCK:
			if (!enter)
				break;
			lo_vspace(L, gap);
			code_lines(L, n->as.literal.text, n->as.literal.len, n->as.code.lang);
			lo_vspace(L, gap);
			P->prev_para = false;
			break;
		case QUIRE_THEMATIC_BREAK:
			if (enter)
				block_ornament(L, gap);
			break;
		case QUIRE_TABLE:
			if (!enter)
				break;
			lo_vspace(L, gap);
			table_rows(L, n);
			lo_vspace(L, gap);
			P->prev_para = false;
			quire_iter_skip_children(&it);
			break;
		case QUIRE_TABLE_ROW:
		case QUIRE_TABLE_CELL:
			quire_iter_skip_children(&it);
			break;
		case QUIRE_FOOTNOTE_DEF:
			/* Set apart by notes(), from the core's list. */
			if (n != root)
				quire_iter_skip_children(&it);
			break;
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
		case QUIRE_LINK:
		case QUIRE_IMAGE:
		case QUIRE_FOOTNOTE_REF:
		case QUIRE_HTML_INLINE:
			if (enter && (n->prev == NULL || quire_kind_is_block(n->prev->kind)))
				block_loose_inlines(L, n, gap);
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
	lo_para_reset(P);
	lo_para_text(L, m->title, strlen(m->title), lo_cur_span(L, ROLE_BOLD, ps.size, 0, -1));
	set_collected(L, &ps, 0, true);
	if (m->subtitle) {
		lo_vspace(L, L->leading * 0.4);
		ps.size = L->size * 1.35;
		ps.leading = ps.size * 1.25;
		lo_para_reset(P);
		lo_para_text(L, m->subtitle, strlen(m->subtitle), lo_cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		set_collected(L, &ps, 0, true);
	}
	if (m->author_count > 0) {
		lo_vspace(L, L->leading * 0.8);
		ps.size = L->size * 1.15;
		ps.leading = ps.size * 1.3;
		lo_para_reset(P);
		for (size_t i = 0; i < m->author_count; i++) {
			const char *sep = i == 0 ? "" : i + 1 == m->author_count ? " and " : ", ";
			lo_para_text(L, sep, strlen(sep), lo_cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
			lo_para_text(L, m->authors[i], strlen(m->authors[i]),
			             lo_cur_span(L, ROLE_REGULAR, ps.size, 0, -1));
		}
		set_collected(L, &ps, 0, true);
	}
	if (m->date) {
		lo_vspace(L, L->leading * 0.3);
		ps.size = L->size;
		ps.leading = L->leading;
		lo_para_reset(P);
		char shown[QUIRE_DATE_MAX];
		const char *date = quire_date_display(m->date, m->lang, shown, sizeof(shown));
		lo_para_text(L, date, strlen(date), lo_cur_span(L, ROLE_ITALIC, ps.size, 0, -1));
		set_collected(L, &ps, 0, true);
	}
	lo_vspace(L, L->leading * 2);
}

/* The headings the contents lists: their indices among the body's
 * headings (the core's contents entries, in the order walk_blocks meets
 * them), down to toc_depth. */
static void toc_scan(struct pdf_layout *L, const struct quire_toc_entry *entries, size_t n)
{
	size_t cap = 0;
	for (size_t index = 0; index < n && !L->store.oom; index++)
		if (entries[index].level <= L->toc_depth &&
		    lo_room(L, QUIRE_RESERVE(L->toc_heading, cap, L->ntoc + 1)))
			L->toc_heading[L->ntoc++] = (long)index;
}

/* The contents page's title in the document's language. */
static const char *contents_title(const char *lang)
{
	static const struct {
		const char *lang, *title;
	} titles[] = {
		{"de", "Inhalt"}, {"es", "\u00cdndice"}, {"fr", "Table des mati\u00e8res"},
		{"it", "Indice"}, {"nl", "Inhoud"}, {"pt", "Sum\u00e1rio"},
		{"ru", "\u0421\u043e\u0434\u0435\u0440\u0436\u0430\u043d\u0438\u0435"},
		{"ja", "\u76ee\u6b21"}, {"zh", "\u76ee\u5f55"},
	};
	for (size_t i = 0; lang && i < sizeof(titles) / sizeof(titles[0]); i++)
		if (strncmp(lang, titles[i].lang, 2) == 0 &&
		    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
			return titles[i].title;
	return "Contents";
}

/* The contents page: each entry a link to its heading, indented by level,
 * with dotted leaders to its page number; on pages of its own. */
static void toc_block(struct pdf_layout *L, const quire_doc *doc)
{
	struct priv *P = L->priv;
	const struct quire_toc_entry *entries;
	size_t nentries = quire_doc_toc(doc, &entries);
	toc_scan(L, entries, nentries);
	if (L->ntoc == 0)
		return;
	if (L->store.nitems > 0)
		pdf_store_push_item(&L->store, PB_PENALTY, 0, -PB_INF, -1);
	struct pstyle hs = {.align = AL_RAGGED, .size = L->size * 1.5, .leading = L->size * 1.9};
	lo_para_reset(P);
	const char *title = contents_title(quire_doc_meta(doc)->lang);
	lo_para_text(L, title, strlen(title), lo_cur_span(L, ROLE_BOLD, hs.size, 0, -1));
	set_collected(L, &hs, 0, true);
	P->keep_next = true;
	lo_vspace(L, L->leading);
	int32_t dot = '.';
	int dotf = pdf_fonts_pick(L->fonts, ROLE_REGULAR, dot);
	double dotw = pdf_fonts_width(L->fonts, dotf, dot) * L->size / 1000.0;
	double pitch = L->size * 0.55, tw = lo_text_width(L);
	for (size_t k = 0; k < L->ntoc && !L->store.oom; k++) {
		const quire_node *n = entries[L->toc_heading[k]].heading;
		int lv = n->as.heading.level < 1 ? 1 : n->as.heading.level;
		double indent = (lv - 1) * L->size * 1.5;
		char num[16];
		if (L->toc_pages)
			snprintf(num, sizeof(num), "%d", L->toc_pages[k]);
		else
			snprintf(num, sizeof(num), "000");
		int32_t ncp[16];
		int nf[16];
		double numw = 0;
		size_t nn = 0;
		for (const char *c = num; *c && nn < 16; c++, nn++) {
			ncp[nn] = *c;
			nf[nn] = pdf_fonts_pick(L->fonts, ROLE_REGULAR, *c);
			numw += pdf_fonts_width(L->fonts, nf[nn], *c) * L->size / 1000.0;
		}
		double numroom = L->size * 2.5;
		int li = lo_new_link(L, "", (int)L->toc_heading[k], 0, NULL);
		double hang = L->size * 1.5; /* an entry's second line, under its words */
		struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
		if (lv == 1 && L->toc_depth > 1)
			lo_vspace(L, L->leading * 0.4);
		lo_para_reset(P);
		P->link_stack[0] = li;
		P->nlink = 1;
		P->no_notes = true;
		lo_collect_inline(L, n, lv == 1 && L->toc_depth > 1 ? ROLE_BOLD : ROLE_REGULAR, L->size, 0);
		P->no_notes = false;
		P->nlink = 0;
		size_t first = L->store.nlines;
		set_collected(L, &ps, tw - indent - numroom - hang, false);
		if (L->store.nlines == first || L->store.oom)
			break;
		for (size_t q = first; q < L->store.nlines; q++) {
			struct pdf_line *ln = &L->store.lines[q];
			ln->indent += indent + (q > first ? hang : 0);
			for (size_t r = ln->first_run; r < ln->first_run + ln->nruns; r++) {
				/* Entries are links but set in black, as in a book. */
				L->store.runs[r].flags &= ~(unsigned)RUN_LINK;
				if (!(L->store.runs[r].flags & RUN_GRAY))
					L->store.runs[r].fill = (struct pdf_rgb)PDF_RGB_BLACK;
				else
					L->store.runs[r].fill = (struct pdf_rgb)PDF_RGB_GRAY;
				L->store.runs[r].link = li;
			}
		}
		struct pdf_line *last = &L->store.lines[L->store.nlines - 1];
		double end = 0;
		for (size_t r = last->first_run; r < last->first_run + last->nruns; r++)
			if (L->store.runs[r].x + L->store.runs[r].width > end)
				end = L->store.runs[r].x + L->store.runs[r].width;
		/* Leaders on a grid from the margin, so that they line up. */
		double lind = indent + (L->store.nlines - 1 > first ? hang : 0);
		double right = tw - lind - numroom;
		double x0 = ceil((lind + end + L->size * 0.5) / pitch) * pitch - lind;
		struct pdf_style dot_style = pdf_style_plain(dotf, L->size, 0, 0);
		for (double x = x0; x + dotw <= right; x += pitch)
			pdf_store_add_run(&L->store, last, x, dotw, &dot, 1, &dot_style, li);
		double x = tw - lind - numw;
		for (size_t q = 0; q < nn; q++) {
			double cw = pdf_fonts_width(L->fonts, nf[q], ncp[q]) * L->size / 1000.0;
			struct pdf_style num_style = pdf_style_plain(nf[q], L->size, 0, 0);
			pdf_store_add_run(&L->store, last, x, cw, &ncp[q], 1, &num_style, li);
			x += cw;
		}
		lo_push_lines(L, first, L->store.nlines - first);
	}
	pdf_store_push_item(&L->store, PB_PENALTY, 0, -PB_INF, -1);
}

/* Footnotes are laid out a size smaller, each on its own, and kept out of
 * the vertical list: the page builder sets them at the foot of the page
 * that refers to them. Space between a note's blocks is added to the line
 * below it. */
static void notes(struct pdf_layout *L, const quire_doc *doc)
{
	struct priv *P = L->priv;
	const quire_node *const *defs;
	size_t ndefs = quire_doc_footnotes(doc, &defs);
	if (ndefs == 0)
		return;
	double size = L->size, leading = L->leading;
	P->in_notes = true;
	L->size = size * 0.85;
	L->leading = L->size * 1.3;
	for (size_t i = 0; i < ndefs && !L->store.oom; i++) {
		const quire_node *d = defs[i];
		if (d == NULL)
			continue;
		size_t it0 = L->store.nitems;
		snprintf(P->marker, sizeof(P->marker), "%d.", d->as.footnote.number);
		P->has_marker = true;
		P->marker_size = L->size;
		P->marker_link = lo_new_link(L, "", -1, -d->as.footnote.number, NULL);
		P->pending_note = d->as.footnote.number;
		P->indent += L->size * 2;
		P->prev_para = false;
		P->keep_next = false;
		walk_blocks(L, d);
		if (P->has_marker) {
			lo_para_reset(P);
			struct pstyle ps = {.align = AL_RAGGED, .size = L->size, .leading = L->leading};
			set_collected(L, &ps, 0, true);
		}
		P->indent -= L->size * 2;
		if (!lo_room(L, QUIRE_RESERVE(L->notes, L->capnotes_out, L->nnotes_out + 1)))
			break;
		size_t first = L->nnote_lines;
		double pending = 0;
		for (size_t k = it0; k < L->store.nitems; k++) {
			const struct pb_item *it = &L->store.items[k];
			long line = L->store.item_line[k];
			if (it->type == PB_GLUE) {
				pending += it->height;
			} else if (it->type == PB_BOX && line >= 0) {
				if (!lo_room(L, QUIRE_RESERVE(L->note_line, L->capnote_lines, L->nnote_lines + 1)))
					break;
				if (L->nnote_lines > first) {
					L->store.lines[line].height += pending;
					L->store.lines[line].baseline += pending;
				}
				pending = 0;
				L->note_line[L->nnote_lines++] = (size_t)line;
			}
		}
		L->store.nitems = it0;
		size_t number = (size_t)d->as.footnote.number;
		L->notes[L->nnotes_out++] = (struct pdf_note){
			.first = first, .count = L->nnote_lines - first, .number = d->as.footnote.number,
			.ref_line = number < P->nnote_refs ? P->note_ref[number] : -1};
	}
	L->size = size;
	L->leading = leading;
	P->in_notes = false;
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
	pdf_store_init(&L->store);
	L->priv = calloc(1, sizeof(struct priv));
	if (!L->priv)
		L->store.oom = true;
	else {
		((struct priv *)L->priv)->pending_heading = -1;
		((struct priv *)L->priv)->marker_link = -1;
	}
}

enum quire_status pdf_layout_doc(struct pdf_layout *L, const quire_doc *doc)
{
	struct priv *P = L->priv;
	if (!P)
		return QUIRE_ERR_NOMEM;
	P->doc = doc;
	P->setter.fonts = L->fonts;
	P->setter.hyph = L->hyph;
	P->setter.images = L->images;
	P->setter.image_max_width = L->measure;
	title_block(L, quire_doc_meta(doc));
	if (L->toc)
		toc_block(L, doc);
	walk_blocks(L, quire_doc_root(doc));
	notes(L, doc);
	return L->store.oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

size_t pdf_layout_simple(struct pdf_layout *L, const char *text, enum pdf_role role, double size,
                         unsigned flags, size_t *n, double *width)
{
	size_t first = L->store.nruns;
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
			struct pdf_style style = pdf_style_plain(ef, size, 0, flags);
			pdf_store_add_run(&L->store, &tmp, x, ew, &ell, 1, &style, -1);
			x += ew;
			break;
		}
		struct pdf_style style = pdf_style_plain(f, size, 0, flags);
		if (cp != ' ')
			pdf_store_add_run(&L->store, &tmp, x, w, &cp, 1, &style, -1);
		x += w;
	}
	*n = L->store.nruns - first;
	*width = x;
	return first;
}

void pdf_layout_free(struct pdf_layout *L)
{
	struct priv *P = L->priv;
	if (P) {
		free(P->ch);
		free(P->spans);
		pdf_para_free(&P->setter);
		free(P->lists);
		free(P->note_ref);
		free(P);
	}
	for (size_t i = 0; i < L->nheadings; i++)
		free(L->headings[i].title);
	free(L->headings);
	free(L->chapters);
	free(L->toc_heading);
	free(L->note_line);
	free(L->notes);
	free(L->links);
	pdf_store_free(&L->store);
	memset(L, 0, sizeof(*L));
}
