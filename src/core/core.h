/*
 * Private helpers shared by readers and writers. Not installed.
 */
#ifndef QUIRE_CORE_H
#define QUIRE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire/quire.h"

#define TRY(expr)                                   \
	do {                                        \
		if ((st = (expr)) != QUIRE_OK)      \
			goto out;                   \
	} while (0)

/* ---- buffered output over a sink ----
 * Errors are sticky: after the first failed write every call is a no-op
 * and qout_finish() returns that status, so writers need not check each
 * call. */
struct qout {
	struct quire_sink *sink;
	enum quire_status status;
	size_t len;
	char buf[16384];
};

void qout_init(struct qout *o, struct quire_sink *sink);
void qout_write(struct qout *o, const void *data, size_t len);
void qout_puts(struct qout *o, const char *s);
void qout_putc(struct qout *o, char c);
void qout_printf(struct qout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flushes; returns the first error or QUIRE_OK. */
enum quire_status qout_finish(struct qout *o);

/* ---- a growable byte string (heap, not arena) ---- */
struct qstr {
	char *data; /* NUL-terminated when non-NULL */
	size_t len, cap;
	bool oom;   /* sticky: an allocation failed */
};
void qstr_append(struct qstr *s, const char *data, size_t len);
void qstr_puts(struct qstr *s, const char *z);
void qstr_putc(struct qstr *s, char c);
void qstr_printf(struct qstr *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qstr_clear(struct qstr *s);
void qstr_free(struct qstr *s);

/* ---- a set of strings (open addressing), for unique ids ----
 * Each key carries an unsigned counter for the caller's use (0 when new). */
struct qset_slot {
	char *key;
	unsigned value;
};
struct qset {
	struct qset_slot *slots;
	size_t cap, count;
};
/* Returns 1 when added, 0 when already present, -1 when out of memory.
 * The set keeps its own copy. When value is not NULL it receives a pointer
 * to the key's counter, valid until the next qset_add. */
int qset_add(struct qset *set, const char *key, unsigned **value);
bool qset_has(const struct qset *set, const char *key);
void qset_free(struct qset *set);

/* ---- UTF-8 ---- */

/* Copies src into a new heap buffer (NUL-terminated), replacing each
 * invalid UTF-8 sequence and each NUL byte by U+FFFD. *bad_line and
 * *bad_col (1-based, columns in bytes) give the first repair, 0 when there
 * was none; *repairs counts them. Returns NULL when out of memory. */
char *quire_utf8_repair(const char *src, size_t len, size_t *out_len, unsigned *bad_line,
                        unsigned *bad_col, size_t *repairs);

/* True when src is valid UTF-8 without NUL bytes: quire_utf8_repair()
 * would return an identical copy, which a reader can then spare. */
bool quire_utf8_valid(const char *src, size_t len);

/* Decodes one code point from valid UTF-8 at s (at most len bytes). Returns
 * the number of bytes consumed (>= 1) and sets *cp; on invalid input
 * returns 1 and sets *cp to U+FFFD. */
int quire_utf8_decode(const char *s, size_t len, int32_t *cp);
/* Encodes cp into buf (4 bytes at least); returns the length. */
int quire_utf8_encode(int32_t cp, char *buf);

/* ---- headings ---- */

/* The plain text of a node's inline content (text, code, and the text
 * inside emphasis, links, ...), soft breaks as spaces. Heap-allocated. */
char *quire_node_plain_text(const quire_node *node);

/* The slug of a heading text: NFC, case-folded, punctuation and symbols
 * dropped, spaces to '-'. Heap-allocated; never empty ("section" when
 * nothing is left). */
char *quire_slugify(const char *text);

/* ---- paths ---- */

/* The folder part of a path ("." when there is none). Heap-allocated. */
char *quire_path_dirname(const char *path);
/* The extension after the last '.' of the last component, or "". */
const char *quire_path_extension(const char *path);

#endif
