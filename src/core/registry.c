/* Every reader and writer, one line each. Adding a format is a folder
 * under src/read or src/write and one line here. */
#include "registry.h"

extern const struct quire_reader quire_reader_markdown;
extern const struct quire_reader quire_reader_article;
extern const struct quire_writer quire_writer_txt;
extern const struct quire_writer quire_writer_tree;
extern const struct quire_writer quire_writer_man;
extern const struct quire_writer quire_writer_epub;
extern const struct quire_writer quire_writer_html;
extern const struct quire_writer quire_writer_pdf;

const struct quire_reader *const quire_reader_registry[] = {
	&quire_reader_markdown,
	&quire_reader_article,
	NULL,
};

const struct quire_writer *const quire_writer_registry[] = {
	&quire_writer_txt,
	&quire_writer_tree,
	&quire_writer_man,
	&quire_writer_epub,
	&quire_writer_html,
	&quire_writer_pdf,
	NULL,
};
