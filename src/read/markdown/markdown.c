/* PLACEHOLDER: replaced by the real Markdown reader. */
#include "../../core/core.h"
static enum quire_status md_read(quire_doc *doc, const char *src, size_t len,
                                 const struct quire_read_options *opts, struct quire_log *log)
{
	quire_node *p = quire_node_new(doc, QUIRE_PARAGRAPH);
	quire_node *t = quire_node_new_literal(doc, QUIRE_TEXT, src, len);
	if (!p || !t)
		return QUIRE_ERR_NOMEM;
	quire_node_append(p, t);
	quire_node_append(quire_doc_root(doc), p);
	return QUIRE_OK;
}
const struct quire_reader quire_reader_markdown = {
	.name = "markdown", .extensions = "md,markdown", .description = "CommonMark with GitHub extensions", .read = md_read,
};
