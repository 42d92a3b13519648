/* libFuzzer target: the article-text reader. */
#include <stddef.h>
#include <stdint.h>

#include "quire/quire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct quire_reader *reader = quire_reader_find("article");
	struct quire_read_options opts;
	struct quire_log log = {0};
	struct quire_iter it;
	quire_doc *doc;

	/* Until the article reader is registered there is nothing to test. */
	if (reader == NULL || (doc = quire_doc_new()) == NULL)
		return 0;
	quire_read_options_init(&opts);
	opts.filename = "fuzz.txt";
	if (size > 0)
		opts.smart = (data[size - 1] & 1) != 0;
	if (quire_read(doc, reader, (const char *)data, size, &opts, &log) == QUIRE_OK &&
	    quire_doc_finish(doc)) {
		quire_iter_init(&it, quire_doc_root(doc));
		while (quire_iter_next(&it) != QUIRE_EV_DONE)
			;
	}
	quire_doc_free(doc);
	return 0;
}
