/* libFuzzer target: every registered writer over one parsed document,
 * into memory. The first byte chooses the reader and some options; the
 * rest is the document. Images resolve against fuzz/resources, so the
 * image paths of the writers are reached too. Every writer runs on every
 * input, except PDF, on one input in four (see below). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "quire/quire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct quire_read_options ropts;
	struct quire_write_options wopts;
	struct quire_log log = {0};
	const struct quire_reader *reader = quire_reader_find("markdown");
	uint8_t knobs = size > 0 ? data[0] : 0;
	quire_doc *doc;

	if (size > 0) {
		data++;
		size--;
	}
	if ((knobs & 1) && quire_reader_find("article"))
		reader = quire_reader_find("article");
	if ((doc = quire_doc_new()) == NULL)
		return 0;
	quire_read_options_init(&ropts);
	ropts.filename = "fuzz";
	ropts.smart = (knobs & 2) != 0;
	ropts.title_from_heading = (knobs & 4) != 0;
	quire_write_options_init(&wopts);
	wopts.timestamp = 1700000000;
	wopts.input_dir = QUIRE_FUZZ_RESOURCES;
	wopts.toc = (knobs & 8) != 0;
	wopts.toc_depth = 1 + (knobs >> 4) % 6;
	wopts.txt.columns = (knobs & 16) ? 20 : 72;
	wopts.epub.split_level = (knobs >> 5) % 4;
	if (quire_read(doc, reader, (const char *)data, size, &ropts, &log) == QUIRE_OK) {
		for (const struct quire_writer *const *w = quire_writers(); *w; w++) {
			/* The PDF writer loads fonts and a hyphenation
			 * dictionary each time, some 70,000 allocations: a
			 * hundred times the others under ASan. It gets one
			 * input in four, so the rest keep their pace. */
			if (strcmp((*w)->name, "pdf") == 0 && (knobs & 0xC0) != 0xC0)
				continue;
			struct quire_buffer buf = {0};
			struct quire_sink sink = quire_buffer_sink(&buf);
			quire_write(doc, *w, &wopts, &sink, &log);
			quire_buffer_free(&buf);
		}
	}
	quire_doc_free(doc);
	return 0;
}
