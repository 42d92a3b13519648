/* Converting Markdown to PDF in memory with libquire.
 *
 *     cc embed.c $(pkg-config --cflags --libs quire) -o embed
 *     ./embed out.pdf
 *
 * The document, the options and the output buffer belong to the caller;
 * nothing here touches a global, so each thread may run its own. */
#include <stdio.h>
#include <string.h>

#include <quire/quire.h>

static const char markdown[] =
	"---\n"
	"title: Embedded\n"
	"author: libquire\n"
	"---\n"
	"\n"
	"# Hello from the library\n"
	"\n"
	"This PDF was made in memory by *libquire*, without the `quire` tool:\n"
	"\n"
	"- read with `quire_read()`\n"
	"- written with `quire_write()` to a memory sink\n";

/* Messages arrive here, already split into file, line and text. */
static void on_message(const struct quire_message *msg, void *user)
{
	char line[1200];
	(void)user;
	quire_message_format(msg, line, sizeof(line));
	fprintf(stderr, "embed: %s\n", line);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "embed.pdf";
	const struct quire_writer *pdf = quire_writer_find("pdf");
	struct quire_log log = {.fn = on_message};
	struct quire_read_options ro;
	struct quire_write_options wo;
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	enum quire_status st;
	quire_doc *doc = NULL;
	FILE *fp = NULL;
	int code = 1;

	if (pdf == NULL) {
		fprintf(stderr, "embed: this libquire %s has no pdf writer\n", QUIRE_VERSION);
		goto out;
	}
	doc = quire_doc_new();
	if (doc == NULL) {
		fprintf(stderr, "embed: %s\n", quire_errmsg(QUIRE_ERR_NOMEM));
		goto out;
	}
	quire_read_options_init(&ro);
	ro.filename = "embedded.md"; /* names the input in messages */
	quire_write_options_init(&wo);
	wo.toc = true;
	st = quire_read(doc, quire_reader_find("markdown"), markdown, strlen(markdown), &ro, &log);
	if (st == QUIRE_OK)
		st = quire_write(doc, pdf, &wo, &sink, &log);
	if (st != QUIRE_OK) {
		fprintf(stderr, "embed: conversion failed: %s\n", quire_errmsg(st));
		code = quire_exit_code(st);
		goto out;
	}
	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp) != 0) {
		fp = NULL;
		perror(path);
		goto out;
	}
	fp = NULL;
	printf("embed: wrote %zu bytes of PDF to %s\n", out.len, path);
	code = 0;
out:
	quire_buffer_free(&out);
	quire_doc_free(doc);
	return code;
}
