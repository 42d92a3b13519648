/* The public API as an embedding program sees it: NULL handling, memory
 * output, and separate conversions in parallel threads. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "quire/quire.h"

static const char sample[] =
	"---\ntitle: T\n---\n# Head\n\nSome *text* with ~~strike~~ and a note.[^n]\n\n"
	"| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- open\n\n[^n]: The note.\n";

/* Converts src (sample when NULL) with the named writer into buf. */
static enum quire_status convert_text(const char *src, const char *writer,
                                      struct quire_buffer *buf)
{
	quire_doc *doc = quire_doc_new();
	struct quire_sink sink = quire_buffer_sink(buf);
	enum quire_status st = QUIRE_ERR_NOMEM;
	if (src == NULL)
		src = sample;
	if (doc) {
		st = quire_read(doc, quire_reader_find("markdown"), src, strlen(src), NULL, NULL);
		if (st == QUIRE_OK)
			st = quire_write(doc, quire_writer_find(writer), NULL, &sink, NULL);
	}
	quire_doc_free(doc);
	return st;
}

static enum quire_status convert(const char *writer, struct quire_buffer *buf)
{
	return convert_text(NULL, writer, buf);
}

Test(api, null_arguments_are_usage_errors)
{
	quire_doc *doc = quire_doc_new();
	struct quire_buffer buf = {0};
	struct quire_sink sink = quire_buffer_sink(&buf);
	cr_assert_eq(quire_read(doc, NULL, "x", 1, NULL, NULL), QUIRE_ERR_USAGE);
	cr_assert_eq(quire_read(NULL, quire_reader_find("markdown"), "x", 1, NULL, NULL),
	             QUIRE_ERR_USAGE);
	cr_assert_eq(quire_write(doc, NULL, NULL, &sink, NULL), QUIRE_ERR_USAGE);
	cr_assert_eq(quire_write(doc, quire_writer_find("tree"), NULL, NULL, NULL), QUIRE_ERR_USAGE);
	cr_assert_eq(buf.len, 0);
	quire_doc_free(doc);
}

Test(api, null_log_and_options_use_defaults)
{
	struct quire_buffer buf = {0};
	cr_assert_eq(convert("man", &buf), QUIRE_OK);
	cr_assert(buf.len > 0);
	cr_assert(memmem(buf.data, buf.len, ".TH \"T\"", 7) != NULL);
	quire_buffer_free(&buf);
	cr_assert_null(buf.data);
	cr_assert_eq(buf.len, 0);
}

struct run {
	const char *src;
	const char *writer;
	struct quire_buffer buf;
	enum quire_status st;
};

static void *run_thread(void *arg)
{
	struct run *r = arg;
	for (int i = 0; i < 50 && r->st == QUIRE_OK; i++) {
		quire_buffer_free(&r->buf);
		r->st = convert_text(r->src, r->writer, &r->buf);
	}
	return NULL;
}

/* Each thread has its own document, log and buffer; the results must be
 * those of a conversion alone. (The Markdown reader's cmark-gfm keeps a
 * process-wide table of special characters; a race there lost '~'.) */
Test(api, parallel_conversions_match_a_serial_one)
{
	const char *writers[] = {"tree", "man", "txt"};
	/* Strikethrough across lines is what the race broke. */
	struct quire_buffer text = {0};
	struct quire_sink sink = quire_buffer_sink(&text);
	FILE *fp = fopen(QUIRE_TEST_DATA "/corpus/strikethrough.md", "rb");
	char chunk[4096];
	size_t n;
	cr_assert_not_null(fp);
	for (int copies = 0; copies < 8; copies++) {
		rewind(fp);
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			sink.write(sink.ctx, chunk, n);
		sink.write(sink.ctx, sample, strlen(sample));
	}
	sink.write(sink.ctx, "", 1);
	fclose(fp);
	for (size_t w = 0; w < sizeof(writers) / sizeof(writers[0]); w++) {
		struct quire_buffer alone = {0};
		struct run runs[4];
		pthread_t threads[4];
		cr_assert_eq(convert_text(text.data, writers[w], &alone), QUIRE_OK);
		for (int t = 0; t < 4; t++) {
			runs[t] = (struct run){.src = text.data, .writer = writers[w], .st = QUIRE_OK};
			cr_assert_eq(pthread_create(&threads[t], NULL, run_thread, &runs[t]), 0);
		}
		for (int t = 0; t < 4; t++) {
			pthread_join(threads[t], NULL);
			cr_assert_eq(runs[t].st, QUIRE_OK);
			cr_assert_eq(runs[t].buf.len, alone.len, "%s: thread %d differs", writers[w], t);
			cr_assert(memcmp(runs[t].buf.data, alone.data, alone.len) == 0,
			          "%s: thread %d differs", writers[w], t);
			quire_buffer_free(&runs[t].buf);
		}
		quire_buffer_free(&alone);
	}
	quire_buffer_free(&text);
}

/* Each quire_read() is an input: its nodes carry its number, and the
 * document keeps its name; a tree built by a program has none. */
Test(api, inputs_are_numbered_and_named)
{
	quire_doc *doc = quire_doc_new();
	struct quire_read_options ro;
	quire_read_options_init(&ro);
	cr_assert_eq(quire_doc_input_count(doc), 0);
	cr_assert_null(quire_doc_input_name(doc, 0));
	ro.filename = "d1/a.md";
	cr_assert_eq(quire_read(doc, quire_reader_find("markdown"), "# A\n\nx\n", 7, &ro, NULL),
	             QUIRE_OK);
	ro.filename = NULL;
	cr_assert_eq(quire_read(doc, quire_reader_find("markdown"), "# B\n\ny\n", 7, &ro, NULL),
	             QUIRE_OK);
	cr_assert_eq(quire_doc_input_count(doc), 2);
	cr_assert_str_eq(quire_doc_input_name(doc, 0), "d1/a.md");
	cr_assert_str_eq(quire_doc_input_name(doc, 1), "-");
	const quire_node *first = quire_doc_root(doc)->first_child;
	const quire_node *last = quire_doc_root(doc)->last_child;
	cr_assert_eq(first->input, 0);
	cr_assert_eq(first->first_child->input, 0);
	cr_assert_eq(last->input, 1);
	cr_assert_eq(last->first_child->input, 1);
	quire_doc_free(doc);
}

/* A heading id given twice ({#x}) would make two elements with one id
 * (epubcheck rejects the book): the second becomes x-1, with a warning,
 * and in a book its own file's "#x" links follow it. */
static void count_warning(const struct quire_message *m, void *user)
{
	if (m->severity == QUIRE_SEV_WARNING && strstr(m->text, "is an earlier heading's"))
		(*(int *)user)++;
}

Test(api, repeated_heading_ids_are_made_unique)
{
	static const char a[] = "# A {#x}\n\n[to a](#x)\n\n## Again {#x}\n";
	static const char b[] = "# B {#x}\n\n[to b](#x)\n";
	quire_doc *doc = quire_doc_new();
	struct quire_read_options ro;
	int warnings = 0;
	struct quire_log log = {.fn = count_warning, .user = &warnings};
	struct quire_buffer buf = {0};
	struct quire_sink sink = quire_buffer_sink(&buf);
	quire_read_options_init(&ro);
	ro.filename = "a.md";
	cr_assert_eq(quire_read(doc, quire_reader_find("markdown"), a, strlen(a), &ro, &log), QUIRE_OK);
	ro.filename = "b.md";
	cr_assert_eq(quire_read(doc, quire_reader_find("markdown"), b, strlen(b), &ro, &log), QUIRE_OK);
	cr_assert_eq(quire_write(doc, quire_writer_find("tree"), NULL, &sink, &log), QUIRE_OK);
	const quire_node *root = quire_doc_root(doc);
	const quire_node *h1 = root->first_child, *h2 = h1->next->next, *h3 = h2->next;
	cr_assert_str_eq(h1->as.heading.id, "x");
	cr_assert_str_eq(h2->as.heading.id, "x-1");
	cr_assert_str_eq(h3->as.heading.id, "x-2");
	cr_assert_str_eq(h1->next->first_child->as.link.url, "#x");
	cr_assert_str_eq(h3->next->first_child->as.link.url, "#x-2");
	cr_assert_eq(warnings, 2);
	quire_buffer_free(&buf);
	quire_doc_free(doc);
}
