/*
 * The PDF file itself: numbered objects written to the sink as soon as
 * they are done, then the cross-reference table and the trailer.
 *
 * Why not libharu: it keeps every object of the document (page, content
 * stream, annotation, bookmark, destination) as a tree of dictionaries
 * until the file is saved, a few kilobytes a page and a heading, and its
 * fonts can only be addressed by Unicode code, never by glyph. Here a
 * finished page leaves behind eight bytes (its offset), and fonts are
 * written by quire from HarfBuzz's subsetter (fonts.c).
 *
 * Objects that refer to one written later (a page to its parent, a page
 * to the shared resources, a link to a later page) take a number reserved
 * beforehand with pdf_file_reserve(); the object is written whenever it is
 * ready.
 *
 * Errors are sticky, as qout's: after the first failed write or
 * allocation every call is a no-op and pdf_file_finish() returns the
 * status.
 */
#ifndef QUIRE_PDF_FILE_H
#define QUIRE_PDF_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <zlib.h>

#include "core/core.h"

/* An object number; 0 is none. */
typedef uint32_t pdf_ref;

struct pdf_file {
	struct qout out;
	uint64_t offset;      /* bytes written so far */
	uint64_t *xref;       /* per object number: its offset, 0 while not written */
	size_t nobjs, cap;    /* numbers 1 .. nobjs - 1 handed out */
	enum quire_status status;
	z_stream z;           /* one deflate stream, reset for every stream */
	bool z_ready;
	struct qstr packed;   /* a stream's deflated bytes */
};

/* Starts the file: the header goes to the sink. */
void pdf_file_init(struct pdf_file *f, struct quire_sink *sink);
/* Frees what the file holds (not the sink). */
void pdf_file_free(struct pdf_file *f);

/* A new object number, for an object written later. */
pdf_ref pdf_file_reserve(struct pdf_file *f);
/* Begins object ref ("N 0 obj"); pdf_file_end() closes it. */
void pdf_file_begin(struct pdf_file *f, pdf_ref ref);
void pdf_file_end(struct pdf_file *f);
/* Reserves and begins in one. */
pdf_ref pdf_file_begin_new(struct pdf_file *f);

void pdf_file_write(struct pdf_file *f, const void *data, size_t len);
void pdf_file_puts(struct pdf_file *f, const char *s);
void pdf_file_printf(struct pdf_file *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes v with at most places (0 to 3) decimals and no trailing zeros
 * into buf, not terminated; returns its length. */
#define PDF_NUM_MAX 40
size_t pdf_format_num(char buf[PDF_NUM_MAX], double v, int places);

/* A number with at most three decimals and no trailing zeros. */
void pdf_file_num(struct pdf_file *f, double v);
/* " N 0 R" */
void pdf_file_ref(struct pdf_file *f, pdf_ref ref);
/* A text string (document information, bookmarks, /Lang): a literal
 * string when it is printable ASCII, else UTF-16BE after a byte-order
 * mark, in hex. Controls become spaces. */
void pdf_file_text(struct pdf_file *f, const char *utf8);
/* Byte x as it goes inside a literal string, into out (1 or 2 bytes):
 * escaped where PDF's lexer needs it, a CR too (it would be read as LF).
 * Returns the length. */
size_t pdf_escape_byte(unsigned char x, char out[2]);
/* A byte string as a literal string, escaped where PDF's lexer needs it. */
void pdf_file_string(struct pdf_file *f, const char *bytes, size_t len);

/* A whole stream object: "<< /Length n [/Filter /FlateDecode] dict >>
 * stream .. endstream". dict holds further entries (may be NULL). With
 * deflate, data is deflated first. */
void pdf_file_stream(struct pdf_file *f, pdf_ref ref, const char *dict, const void *data,
                     size_t len, bool deflate);

/* Writes the cross-reference table and the trailer naming root and info
 * (0: none); objects reserved and never written are marked free. Flushes
 * the sink; returns the first error of the whole file, or QUIRE_OK. */
enum quire_status pdf_file_finish(struct pdf_file *f, pdf_ref root, pdf_ref info);

/* Whether a write or an allocation failed. */
static inline bool pdf_file_failed(const struct pdf_file *f)
{
	return f->status != QUIRE_OK;
}

#endif
