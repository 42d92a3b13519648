/* Collecting a paragraph: the inline content of the model as styled
 * characters and spans, the paragraph setter's input (layout side: it
 * keeps the nesting of emphasis, links and frames in struct priv). */
#include "layout_priv.h"

#include <stdio.h>
#include <string.h>

#include "uri.h"

void lo_para_reset(struct priv *P)
{
	P->nch = 0;
	P->nspans = 0;
	P->bold = P->italic = P->mono = P->strike = 0;
	P->super = P->sub = P->mark = P->under = 0;
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
	if (!lo_room(L, QUIRE_RESERVE(P->spans, P->capspans, P->nspans + 1)))
		return 0;
	P->spans[P->nspans] = (struct span){.role = role, .size = size, .flags = flags, .link = link};
	return (uint32_t)P->nspans++;
}

uint32_t lo_fill_span(struct pdf_layout *L, enum pdf_role role, double size, struct pdf_rgb fill,
                      bool has_fill)
{
	struct priv *P = L->priv;
	if (!lo_room(L, QUIRE_RESERVE(P->spans, P->capspans, P->nspans + 1)))
		return 0;
	P->spans[P->nspans] = (struct span){.role = role, .size = size,
	                                    .flags = has_fill ? SP_FILL : 0, .link = -1, .fill = fill};
	return (uint32_t)P->nspans++;
}

void lo_para_cp(struct pdf_layout *L, int32_t cp, uint32_t span)
{
	struct priv *P = L->priv;
	if (!lo_room(L, QUIRE_RESERVE(P->ch, P->capch, P->nch + 1)))
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

int lo_new_link(struct pdf_layout *L, const char *url, int heading, int note,
                const quire_node *at)
{
	const struct priv *P = L->priv;
	if (!lo_room(L, QUIRE_RESERVE(L->links, L->caplinks, L->nlinks + 1)))
		return -1;
	L->links[L->nlinks] = (struct pdf_link){.url = url, .heading = heading, .note = note,
	                                        .line = at ? at->line : 0,
	                                        .column = at ? at->column : 0,
	                                        .file = quire_node_file(P->doc, at, L->filename),
	                                        .too_long = url[0] && pdf_uri_too_long(url)};
	return (int)L->nlinks++;
}

/* The inline content of node, in order, with its styles. */
void lo_collect_inline(struct pdf_layout *L, const quire_node *node, enum pdf_role base,
                       double base_size, unsigned base_flags)
{
	struct priv *P = L->priv;
	struct quire_iter it;
	quire_iter_init(&it, (quire_node *)node);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = it.event == QUIRE_EV_ENTER;
		int link = P->nlink > 0 ? P->link_stack[P->nlink - 1] : -1;
		bool marked = link >= 0 && !L->links[link].too_long;
		unsigned flags = base_flags | (P->strike ? SP_STRIKE : 0) | (marked ? SP_LINK : 0) |
		                 (P->frame > 0 ? SP_FRAME : 0) | (P->mark > 0 ? SP_MARK : 0) |
		                 (P->under > 0 ? SP_UNDER : 0) |
		                 (P->super > 0 ? SP_SUPER : P->sub > 0 ? SP_SUB : 0);
		/* Scripts in the size of a note number, however deep. */
		double size = P->super > 0 || P->sub > 0 ? base_size * 0.68 : base_size;
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
		case QUIRE_SUPERSCRIPT:
			P->super += enter ? 1 : -1;
			break;
		case QUIRE_SUBSCRIPT:
			P->sub += enter ? 1 : -1;
			break;
		case QUIRE_MARK:
			P->mark += enter ? 1 : -1;
			break;
		case QUIRE_UNDERLINE:
			P->under += enter ? 1 : -1;
			break;
		case QUIRE_KBD:
			/* A key: monospace in a thin frame, kept clear of the
			 * text beside it as a missing image's alt text is. */
			if (enter) {
				P->mono++;
				if (P->frame++ == 0)
					lo_para_cp(L, CP_HAIR, lo_cur_span(L, style_role(P, base), size,
					                                   flags, link));
			} else {
				if (P->frame > 0 && --P->frame == 0)
					lo_para_cp(L, CP_HAIR, lo_cur_span(L, style_role(P, base), size,
					                                   flags & ~(unsigned)SP_FRAME, link));
				if (P->mono > 0)
					P->mono--;
			}
			break;
		case QUIRE_LINK:
			if (enter) {
				/* A link to nowhere is not marked as one. */
				int li = n->as.link.url[0] && !pdf_uri_scripted(n->as.link.url)
				                 ? lo_new_link(L, n->as.link.url, -1, 0, n)
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
			long im = L->images ? pdf_images_get(L->images, n) : -1;
			if (im >= 0 && L->images->v[im].img && L->images->v[im].w > 0) {
				lo_para_cp(L, CP_IMAGE(im), lo_cur_span(L, style_role(P, base), size, flags, link));
				quire_iter_skip_children(&it);
				break;
			}
			if (L->images && L->images->oom)
				L->store.oom = true;
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
				int li = lo_new_link(L, "", -1, n->as.footnote.number, n);
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
		case QUIRE_ADMONITION:
		case QUIRE_DEFINITION_LIST:
		case QUIRE_DEFINITION_TERM:
		case QUIRE_DEFINITION:
		case QUIRE_DETAILS:
		case QUIRE_SUMMARY:
		case QUIRE_FIGURE:
		case QUIRE_CAPTION:
			break;
		}
	}
}

