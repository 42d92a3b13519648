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

bool quire_list_item_is_tight(const quire_node *item)
{
	const quire_node *list = item ? item->parent : NULL;
	return item && item->kind == QUIRE_LIST_ITEM && list &&
	       (list->kind == QUIRE_BULLET_LIST || list->kind == QUIRE_ORDERED_LIST) &&
	       list->as.list.tight;
}
