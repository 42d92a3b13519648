/*
 * quire: a document converter, as a library.
 *
 * The pipeline is read -> document model (quire/doc.h) -> write. Readers
 * and writers are const tables found by name or by file extension.
 *
 *     quire_doc *doc = quire_doc_new();
 *     struct quire_read_options ro;  quire_read_options_init(&ro);
 *     struct quire_write_options wo; quire_write_options_init(&wo);
 *     struct quire_buffer out = {0};
 *     struct quire_sink sink = quire_buffer_sink(&out);
 *     struct quire_log log = {0};
 *     st = quire_read(doc, quire_reader_find("markdown"), src, len, &ro, &log);
 *     if (st == QUIRE_OK)
 *         st = quire_write(doc, quire_writer_find("pdf"), &wo, &sink, &log);
 *     quire_buffer_free(&out);
 *     quire_doc_free(doc);
 *
 * Errors: every fallible call returns an enum quire_status; QUIRE_OK is 0.
 * What went wrong in detail goes to the quire_log as messages with file,
 * line and column. quire_errmsg() names a status.
 *
 * Thread-safety: the library has no mutable global state. Separate
 * documents, logs and sinks may be used from separate threads at once.
 */
#ifndef QUIRE_QUIRE_H
#define QUIRE_QUIRE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "quire/doc.h"
#include "quire/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define QUIRE_VERSION "0.1.0"

enum quire_status {
	QUIRE_OK = 0,
	QUIRE_SKIP_CHILDREN, /* only from node callbacks: do not descend */
	QUIRE_ERR_INPUT,     /* the input was rejected */
	QUIRE_ERR_USAGE,     /* a bad option or argument */
	QUIRE_ERR_IO,        /* reading or writing a file failed */
	QUIRE_ERR_NOMEM,     /* out of memory */
	QUIRE_ERR_WARNING,   /* warnings were made fatal (--fail-on-warning) */
	QUIRE_ERR_INTERNAL   /* a library quire relies on failed */
};

/* A short English description of a status, e.g. "input rejected". */
QUIRE_API const char *quire_errmsg(enum quire_status st);
/* The documented process exit code for a status:
 * 0 success, 1 bad input, 2 usage, 3 I/O, 4 warning made fatal,
 * 5 out of memory or internal failure. */
QUIRE_API int quire_exit_code(enum quire_status st);

/* ---- messages ---- */

enum quire_severity { QUIRE_SEV_WARNING, QUIRE_SEV_ERROR };

struct quire_message {
	enum quire_severity severity;
	const char *file;     /* NULL when not about a file */
	unsigned line, column; /* 0 when unknown */
	const char *text;
};

typedef void (*quire_message_fn)(const struct quire_message *msg, void *user);

/* Where messages go. Zero-initialise; set fn to receive messages (with fn
 * NULL they are only counted). The library only increments the counters
 * and calls fn; fn's strings are valid during the call only. */
struct quire_log {
	quire_message_fn fn;
	void *user;
	unsigned warnings, errors;
};

/* Formats a message as "quire: FILE:LINE:COL: warning: TEXT" (parts that
 * are unknown are left out) into buf, always NUL-terminated. Returns the
 * length it needed, like snprintf. */
QUIRE_API size_t quire_message_format(const struct quire_message *msg, char *buf, size_t size);

/* Reports a message to the log (for readers, writers and the CLI). */
QUIRE_API void quire_log_report(struct quire_log *log, enum quire_severity sev, const char *file,
                                unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* ---- output ---- */

/* A sink takes bytes in order; write returns QUIRE_OK or an error (which
 * ends the conversion). The writer never seeks. */
struct quire_sink {
	enum quire_status (*write)(void *ctx, const void *data, size_t len);
	void *ctx;
};

/* A growable memory buffer. Zero-initialise; free with quire_buffer_free(). */
struct quire_buffer {
	char *data;
	size_t len, cap;
};
QUIRE_API struct quire_sink quire_buffer_sink(struct quire_buffer *buf);
QUIRE_API void quire_buffer_free(struct quire_buffer *buf);

/* ---- options ---- */

struct quire_read_options {
	const char *filename;    /* used in messages and to resolve relative paths; NULL: "-" */
	bool smart;              /* curly quotes, dashes, ellipses (default true) */
	bool title_from_heading; /* a single leading level-1 heading becomes the title
	                          * when no title is set (default false) */
};

struct quire_txt_options {
	int columns; /* wrap width in display columns (default 72) */
};

struct quire_pdf_options {
	const char *paper;    /* "a4" (default), "letter", "legal", "a5", or "WxH" with units */
	const char *margin;   /* a length such as "25mm"; NULL: the default */
	double font_size;     /* body size in points; 0: the default */
	const char *mainfont; /* a file or a fontconfig family; NULL: bundled */
	const char *monofont;
	bool ragged;          /* ragged-right instead of justified */
};

struct quire_epub_options {
	int split_level;                 /* chapters start at headings of this level (default 1) */
	const char *css;                 /* an extra stylesheet file, or NULL */
	const char *cover_image;         /* a cover image file, or NULL */
	const char *const *embed_fonts;  /* font files to embed */
	size_t embed_font_count;
};

struct quire_write_options {
	/* Folder that relative resources (images) resolve against, and the
	 * extra folders of --resource-path. NULL/0: the current folder. */
	const char *input_dir;
	const char *const *resource_paths;
	size_t resource_path_count;
	/* Seconds since the epoch for dates written into the output. Set by
	 * quire_write_options_init() from SOURCE_DATE_EPOCH when it is a valid
	 * number, otherwise from the clock. */
	long long timestamp;
	bool toc;      /* add a table of contents where the format has one */
	int toc_depth; /* heading levels listed (default 3) */
	struct quire_txt_options txt;
	struct quire_pdf_options pdf;
	struct quire_epub_options epub;
};

QUIRE_API void quire_read_options_init(struct quire_read_options *opts);
QUIRE_API void quire_write_options_init(struct quire_write_options *opts);

/* ---- readers and writers ---- */

struct quire_reader {
	const char *name;        /* "markdown" */
	const char *extensions;  /* comma-separated, no dots: "md,markdown" */
	const char *description;
	/* Appends the blocks of src to doc and merges its metadata. src need
	 * not be NUL-terminated and may hold any bytes. */
	enum quire_status (*read)(quire_doc *doc, const char *src, size_t len,
	                          const struct quire_read_options *opts, struct quire_log *log);
};

struct quire_writer {
	const char *name;       /* "txt" */
	const char *extensions; /* comma-separated, no dots */
	const char *description;
	bool binary;            /* output is not text (never written to a terminal) */
	enum quire_status (*write)(const quire_doc *doc, const struct quire_write_options *opts,
	                           struct quire_sink *out, struct quire_log *log);
};

/* NULL-terminated lists of every reader and writer. */
QUIRE_API const struct quire_reader *const *quire_readers(void);
QUIRE_API const struct quire_writer *const *quire_writers(void);
/* By name (case-insensitive), or NULL. */
QUIRE_API const struct quire_reader *quire_reader_find(const char *name);
QUIRE_API const struct quire_writer *quire_writer_find(const char *name);
/* By the path's extension, or NULL. */
QUIRE_API const struct quire_reader *quire_reader_for_path(const char *path);
QUIRE_API const struct quire_writer *quire_writer_for_path(const char *path);
/* For input without a name (stdin): markdown when the text has Markdown
 * block syntax (ATX headings, fences, lists, tables, block quotes, front
 * matter), otherwise article. */
QUIRE_API const struct quire_reader *quire_reader_detect(const char *src, size_t len);

QUIRE_API enum quire_status quire_read(quire_doc *doc, const struct quire_reader *reader,
                                       const char *src, size_t len,
                                       const struct quire_read_options *opts, struct quire_log *log);
/* Finishes the document (quire_doc_finish) and writes it to out. */
QUIRE_API enum quire_status quire_write(quire_doc *doc, const struct quire_writer *writer,
                                        const struct quire_write_options *opts,
                                        struct quire_sink *out, struct quire_log *log);

#ifdef __cplusplus
}
#endif
#endif
