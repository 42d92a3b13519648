/* libFuzzer target: the Markdown reader, front matter included (the seeds
 * in tests/corpus have front matter; the dictionary knows its markers).
 * Reads the input, finishes the document, and walks it. */
#include <stddef.h>
#include <stdint.h>

#include "quire/quire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct quire_read_options opts;
	struct quire_log log = {0};
	struct quire_iter it;
	quire_doc *doc = quire_doc_new();

	if (doc == NULL)
		return 0;
	quire_read_options_init(&opts);
	opts.filename = "fuzz.md";
	/* The last byte, when there is one, picks the options, so both
	 * settings are explored from the same corpus. */
	if (size > 0) {
		opts.smart = (data[size - 1] & 1) != 0;
		opts.title_from_heading = (data[size - 1] & 2) != 0;
	}
	if (quire_read(doc, quire_reader_find("markdown"), (const char *)data, size, &opts, &log) ==
	    QUIRE_OK && quire_doc_finish(doc)) {
		quire_iter_init(&it, quire_doc_root(doc));
		while (quire_iter_next(&it) != QUIRE_EV_DONE)
			;
	}
	quire_doc_free(doc);
	return 0;
}
