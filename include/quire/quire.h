/*
 * quire: a document converter, as a library.
 *
 * The pipeline is read -> document model (quire/doc.h) -> write. Readers
 * and writers are const tables, found by name or by file extension. A
 * program converts a string of Markdown to PDF in memory like this
 * (samples/embed.c is the complete program):
 *
 *     enum quire_status st;
 *     quire_doc *doc = quire_doc_new();              (NULL: out of memory)
 *     struct quire_read_options ro;  quire_read_options_init(&ro);
 *     struct quire_write_options wo; quire_write_options_init(&wo);
 *     struct quire_buffer out = {0};
 *     struct quire_sink sink = quire_buffer_sink(&out);
 *     struct quire_log log = {0};                    (or set log.fn)
 *     st = quire_read(doc, quire_reader_find("markdown"), src, len, &ro, &log);
 *     if (st == QUIRE_OK)
 *         st = quire_write(doc, quire_writer_find("pdf"), &wo, &sink, &log);
 *     ... use out.data, out.len ...
 *     quire_buffer_free(&out);
 *     quire_doc_free(doc);
 *
 * Ownership: the caller owns the document (free it with quire_doc_free()),
 * the options, the log, the sink and whatever the sink writes into. The
 * library keeps no pointer to any of them after a call returns, and copies
 * what it needs of the input. Readers and writers are static tables that
 * are never freed.
 *
 * Errors: every call that can fail returns an enum quire_status, QUIRE_OK
 * (0) on success. The details (what, in which file, at which line and
 * column) go to the caller's struct quire_log as messages, and the log
 * counts warnings and errors. A warning never stops a conversion; an error
 * does. quire_errmsg() names a status and quire_exit_code() gives the
 * command line's exit code for it. Bad input never crashes the library and
 * never reads or writes out of bounds: it is reported and rejected.
 *
 * Thread-safety: the library has no mutable global state. Separate
 * documents, logs and sinks may be used from separate threads at once, and
 * one options struct and the reader and writer tables may be shared by
 * them read-only. One document, one log or one sink must be used by one
 * thread at a time. (cmark-gfm, which the Markdown reader uses, keeps a
 * process-wide table; the reader serialises its use internally.)
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

/* What a call did. Every value but QUIRE_OK means the call did not do its
 * job; the log holds the details. */
enum quire_status {
	QUIRE_OK = 0,
	/* 1 is unused, so the values below stay those of earlier versions. */
	QUIRE_ERR_INPUT = 2, /* the input was rejected */
	QUIRE_ERR_USAGE,     /* a bad option or argument */
	QUIRE_ERR_IO,        /* reading or writing a file failed */
	QUIRE_ERR_NOMEM,     /* out of memory */
	QUIRE_ERR_WARNING,   /* warnings were made fatal (--fail-on-warning) */
	QUIRE_ERR_INTERNAL   /* a library quire relies on failed */
};

/* A short English description of a status, e.g. "input rejected": a
 * static string, never NULL. */
QUIRE_API const char *quire_errmsg(enum quire_status st);
/* The documented process exit code for a status:
 * 0 success, 1 bad input, 2 usage, 3 I/O, 4 warning made fatal,
 * 5 out of memory or internal failure. */
QUIRE_API int quire_exit_code(enum quire_status st);

/* ---- messages ---- */

enum quire_severity { QUIRE_SEV_WARNING, QUIRE_SEV_ERROR };

/* One message. Every string is valid only during the call to the log's
 * fn; copy what you keep.
 *
 * Messages name strings that a document or a command line chose (file
 * names, URLs, image paths, link targets, metadata keys), so file and text
 * as a log's fn receives them are already escaped, safe to print to a
 * terminal: C0 control characters (newline and tab included) and DEL are
 * shown as \xNN (ESC as \x1b), C1 control characters (U+0080 to U+009F)
 * as \u00NN (\u009b), and each byte that is not part of valid UTF-8 as
 * \xNN. Nothing else is changed: a backslash stays a backslash, so the
 * escaping cannot be undone, and escaping again changes nothing. Both
 * strings are valid UTF-8 without control characters. */
struct quire_message {
	enum quire_severity severity;
	const char *file;     /* NULL when not about a file */
	unsigned line, column; /* 1-based; 0 when unknown */
	const char *text;     /* UTF-8, no trailing newline, at most 1023 bytes */
};

typedef void (*quire_message_fn)(const struct quire_message *msg, void *user);

/* Where messages go. Zero-initialise; set fn (and user, passed back to it)
 * to receive messages; with fn NULL they are only counted. The library
 * only increments the counters and calls fn, synchronously, from the
 * thread that runs the conversion. A log is not locked: give each thread
 * its own, or make fn and the counters safe yourself. Messages arrive in
 * the order they are found. */
struct quire_log {
	quire_message_fn fn;
	void *user;
	unsigned warnings, errors;
};

/* Formats a message as "quire: FILE:LINE:COL: warning: TEXT" (parts that
 * are unknown are left out; errors have no "error:") into buf, always
 * NUL-terminated when size > 0 and truncated when too small (never inside
 * an escape or a character). FILE and TEXT are escaped as described at
 * struct quire_message, so a message built by the caller is as safe to
 * print as one from the library. Returns the length it needed, like
 * snprintf. Thread-safe. */
QUIRE_API size_t quire_message_format(const struct quire_message *msg, char *buf, size_t size);

/* Reports a message to the log (for readers, writers and the CLI): counts
 * it and, when log->fn is set, formats fmt like printf, escapes the text
 * and file as described at struct quire_message (the text truncated to
 * 1023 bytes) and calls fn. log may be NULL (then nothing happens). */
QUIRE_API void quire_log_report(struct quire_log *log, enum quire_severity sev, const char *file,
                                unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* ---- output ---- */

/* Where a writer's bytes go. write receives them in order, in pieces of
 * any size, and returns QUIRE_OK or an error status, which ends the
 * conversion with that status (the output is then incomplete). The writer
 * never seeks and never writes after an error. ctx is passed back as is. */
struct quire_sink {
	enum quire_status (*write)(void *ctx, const void *data, size_t len);
	void *ctx;
};

/* A growable memory buffer for output in memory. Zero-initialise, get its
 * sink with quire_buffer_sink(), and free data with quire_buffer_free()
 * (which zeroes the struct, ready for reuse). data holds len bytes and is
 * not NUL-terminated; it is NULL until something is written. A write that
 * cannot grow the buffer returns QUIRE_ERR_NOMEM and keeps what was there. */
struct quire_buffer {
	char *data;
	size_t len, cap;
};
QUIRE_API struct quire_sink quire_buffer_sink(struct quire_buffer *buf);
QUIRE_API void quire_buffer_free(struct quire_buffer *buf);

/* ---- options ---- */

/* Options. Initialise with quire_read_options_init() and
 * quire_write_options_init() before changing fields, so that fields added
 * later get their defaults. Every pointer in them is borrowed: the strings
 * and arrays must stay valid during the quire_read() or quire_write() call
 * that uses them, and are never freed or changed by the library. A NULL
 * options pointer means the defaults. */
struct quire_read_options {
	const char *filename;    /* used in messages and to resolve relative paths; NULL: "-" */
	bool smart;              /* curly quotes, dashes, ellipses (default true) */
	bool title_from_heading; /* a single leading level-1 heading becomes the title
	                          * when no title is set (default false) */
	bool emoji_shortcodes;   /* Markdown: GitHub's ":tada:" becomes its emoji
	                          * (default true) */
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
	/* With several inputs, each starts on a new page (default true); one
	 * input is never broken. */
	bool chapter_break;
};

struct quire_epub_options {
	int split_level;                 /* chapters start at headings of this level (default 1) */
	const char *css;                 /* an extra stylesheet file, or NULL */
	const char *cover_image;         /* a cover image file, or NULL */
	const char *const *embed_fonts;  /* font files to embed */
	size_t embed_font_count;
};

struct quire_write_options {
	/* Where relative resources (images) resolve, then the extra folders
	 * of --resource-path. input_dir NULL (the default): each node's names
	 * resolve against the folder of the input it was read from (its
	 * quire_read_options filename, see quire_doc_input_name()), which is
	 * the sandbox of that input's nodes only; an input read without a
	 * filename or as "-" (standard input) has no folder and may read
	 * files only from resource_paths; nodes a program made (of no input)
	 * use the current folder. input_dir set: that one folder for every
	 * node, "" none at all (a program that names its inputs only for
	 * messages keeps its own sandbox this way). */
	const char *input_dir;
	const char *const *resource_paths;
	size_t resource_path_count;
	/* The input's name, for messages about no place in the document, and
	 * about a place in one that came from no input (a tree built by a
	 * program); messages about a place name the place's own input
	 * (quire_doc_input_name()). NULL when the document came from several
	 * files or none. Borrowed. */
	const char *filename;
	/* Seconds since the epoch for dates written into the output. Set by
	 * quire_write_options_init() from SOURCE_DATE_EPOCH when it is a valid
	 * number, otherwise from the clock. */
	long long timestamp;
	bool toc;      /* add a table of contents where the format has one */
	int toc_depth; /* heading levels listed (default 3) */
	/* Syntax highlighting of code blocks whose fence names a language
	 * (PDF, EPUB, HTML): a style of quire_highlight_styles(), NULL for
	 * the default ("quire"), "none" (or a name no style has) for plain
	 * code. */
	const char *highlight_style;
	struct quire_txt_options txt;
	struct quire_pdf_options pdf;
	struct quire_epub_options epub;
};

/* Fill opts with the defaults. quire_write_options_init() reads
 * SOURCE_DATE_EPOCH (with getenv: do not change the environment from
 * another thread meanwhile) or else the clock for timestamp. */
QUIRE_API void quire_read_options_init(struct quire_read_options *opts);
QUIRE_API void quire_write_options_init(struct quire_write_options *opts);

/* ---- readers and writers ---- */

struct quire_reader {
	const char *name;        /* "markdown" */
	const char *extensions;  /* comma-separated, no dots: "md,markdown" */
	const char *description;
	/* Appends the blocks of src to doc and merges its metadata. Called by
	 * quire_read() (programs call that, not this) with input it has
	 * normalised: valid UTF-8 without NUL bytes or lone CRs, not
	 * necessarily NUL-terminated. */
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

/* Readers and writers are static, immutable tables; the pointers below
 * stay valid for the life of the process and may be shared by threads.
 * NULL-terminated lists of every reader and writer in this build: */
QUIRE_API const struct quire_reader *const *quire_readers(void);
QUIRE_API const struct quire_writer *const *quire_writers(void);

/* The styles of syntax highlighting (quire_write_options.highlight_style),
 * NULL-terminated, the default first. Static, like the writers. */
struct quire_highlight_style {
	const char *name;        /* "quire" */
	const char *description;
};
QUIRE_API const struct quire_highlight_style *const *quire_highlight_styles(void);
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

/* Reads len bytes of src with reader and appends the result to doc: its
 * blocks after those already there, its metadata merged (later values
 * replace scalars, lists grow). src need not be NUL-terminated; invalid
 * UTF-8 is repaired with a warning. The library copies what it keeps, so
 * src may be freed on return. Call it once per input, then write.
 * Returns QUIRE_OK; QUIRE_ERR_INPUT when the input is rejected (for
 * example malformed front matter; the document may then hold part of it
 * and should be freed); QUIRE_ERR_NOMEM; QUIRE_ERR_USAGE when doc or
 * reader is NULL. log may be NULL. */
QUIRE_API enum quire_status quire_read(quire_doc *doc, const struct quire_reader *reader,
                                       const char *src, size_t len,
                                       const struct quire_read_options *opts, struct quire_log *log);
/* Finishes the document (quire_doc_finish(): heading ids, note numbers)
 * and writes it with writer to out. The document is not otherwise
 * changed, so it may be written again, to other formats. Because of the
 * finishing step, two threads may write one document at once only after
 * quire_doc_finish() has been called on it. Returns QUIRE_OK, the error a
 * sink returned, QUIRE_ERR_NOMEM, QUIRE_ERR_IO (a resource such as an
 * image or a font cannot be read), QUIRE_ERR_INPUT (the document cannot
 * be expressed in the format), QUIRE_ERR_INTERNAL (a library failed), or
 * QUIRE_ERR_USAGE when doc, writer or out is NULL. On error the sink may
 * have received part of the output: discard it. log may be NULL. */
QUIRE_API enum quire_status quire_write(quire_doc *doc, const struct quire_writer *writer,
                                        const struct quire_write_options *opts,
                                        struct quire_sink *out, struct quire_log *log);

#ifdef __cplusplus
}
#endif
#endif
