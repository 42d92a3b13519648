/* PLACEHOLDER: replaced by the real plain-text writer. */
#include <stdlib.h>
#include "../../core/core.h"
static enum quire_status txt_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	struct qout o;
	char *text = quire_node_plain_text(quire_doc_root(doc));
	qout_init(&o, sink);
	if (text)
		qout_puts(&o, text);
	qout_putc(&o, '\n');
	free(text);
	return qout_finish(&o);
}
const struct quire_writer quire_writer_txt = {
	.name = "txt", .extensions = "txt,text", .description = "plain text", .write = txt_write,
};
