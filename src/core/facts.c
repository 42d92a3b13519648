/* The facts quire_doc_finish() works out for every writer (finish.c
 * builds them), and what a writer can ask of a node alone. */
#include "core.h"
#include "doc_private.h"

size_t quire_doc_footnotes(const quire_doc *doc, const quire_node *const **defs)
{
	*defs = doc->notes;
	return doc->nnotes;
}

size_t quire_doc_toc(const quire_doc *doc, const struct quire_toc_entry **entries)
{
	*entries = doc->toc;
	return doc->ntoc;
}

size_t quire_doc_admonitions(const quire_doc *doc)
{
	return doc->nadmonitions;
}

size_t quire_doc_definition_lists(const quire_doc *doc)
{
	return doc->ndeflists;
}

size_t quire_doc_details(const quire_doc *doc)
{
	return doc->ndetails;
}

size_t quire_doc_images(const quire_doc *doc)
{
	return doc->nimages;
}

static const quire_node *only_child(const quire_node *n)
{
	return n && n->first_child && n->first_child == n->last_child ? n->first_child : NULL;
}

const quire_node *quire_lone_image(const quire_node *para, const quire_node **link)
{
	const quire_node *only = para && para->kind == QUIRE_PARAGRAPH ? only_child(para) : NULL;
	*link = NULL;
	if (only && only->kind == QUIRE_LINK) {
		const quire_node *in = only_child(only);
		if (in == NULL || in->kind != QUIRE_IMAGE)
			return NULL;
		*link = only;
		only = in;
	}
	return only && only->kind == QUIRE_IMAGE ? only : NULL;
}

enum quire_caption_from quire_lone_image_caption(const quire_node *image)
{
	const quire_node *para = image->parent;
	if (para && para->kind == QUIRE_LINK)
		para = para->parent;
	const quire_node *figure = para ? para->parent : NULL;
	if (figure && figure->kind == QUIRE_FIGURE)
		for (const quire_node *c = figure->first_child; c; c = c->next)
			if (c->kind == QUIRE_CAPTION)
				return QUIRE_CAPTION_NONE;
	if (image->as.link.title[0])
		return QUIRE_CAPTION_TITLE;
	/* Any alt text at all, as the PDF has always decided. */
	return image->first_child ? QUIRE_CAPTION_ALT : QUIRE_CAPTION_NONE;
}

bool quire_list_item_is_tight(const quire_node *item)
{
	const quire_node *list = item ? item->parent : NULL;
	return item && item->kind == QUIRE_LIST_ITEM && list &&
	       (list->kind == QUIRE_BULLET_LIST || list->kind == QUIRE_ORDERED_LIST) &&
	       list->as.list.tight;
}

const quire_node *quire_doc_cross_link(const quire_doc *doc, const quire_node *link)
{
	size_t lo = 0, hi = doc->ncross;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->cross[mid].link == link)
			return doc->cross[mid].heading;
		if ((uintptr_t)doc->cross[mid].link < (uintptr_t)link)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void quire_doc_report_lost_links(quire_doc *doc, struct quire_log *log)
{
	if (doc->lost_reported)
		return;
	doc->lost_reported = true;
	for (size_t i = 0; i < doc->nrenamed; i++) {
		const quire_node *n = doc->renamed[i];
		quire_log_report(log, QUIRE_SEV_WARNING, quire_node_file(doc, n, NULL), n->line,
		                 n->column, "heading id '%s' is an earlier heading's; this one's is '%s'",
		                 doc->renamed_from[i], n->as.heading.id);
	}
	for (size_t i = 0; i < doc->nlost; i++) {
		const quire_node *n = doc->lost[i];
		const char *file = quire_node_file(doc, n, NULL);
		if (doc->lost_targets[i][0] == '#')
			quire_log_report(log, QUIRE_SEV_WARNING, file, n->line, n->column,
			                 "link to '%s': no heading of this file has that id, only "
			                 "another file of the book; kept as plain text",
			                 doc->lost_targets[i]);
		else
			quire_log_report(log, QUIRE_SEV_WARNING, file, n->line, n->column,
			                 "link to '%s': not one of the book's files; kept as plain text",
			                 doc->lost_targets[i]);
	}
}
