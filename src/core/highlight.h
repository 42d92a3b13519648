/*
 * Syntax highlighting of code blocks for the writers: code and a fence's
 * info string in, token spans out. The engine is GNU source-highlight,
 * behind a C++ shim (highlight.cpp); this interface is C. Not installed.
 */
#ifndef QUIRE_HIGHLIGHT_H
#define QUIRE_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire/quire.h"

/* quire's own token classes: what a theme colours. Each of
 * source-highlight's element names (its default.style) maps to one. */
enum quire_token_class {
	QUIRE_TOK_PLAIN = 0,
	QUIRE_TOK_KEYWORD,
	QUIRE_TOK_TYPE,
	QUIRE_TOK_STRING,
	QUIRE_TOK_NUMBER,
	QUIRE_TOK_COMMENT,
	QUIRE_TOK_PREPROC,
	QUIRE_TOK_FUNCTION,
	QUIRE_TOK_OPERATOR,
	QUIRE_TOK_VARIABLE,
	QUIRE_TOK_SPECIAL,  /* escapes, regular expressions */
	QUIRE_TOK_PROPERTY, /* CSS properties, keys */
	QUIRE_TOK_DELETED,  /* diff: old file lines */
	QUIRE_TOK_INSERTED, /* diff: new file lines */
	QUIRE_TOK_HUNK,     /* diff: @@ lines */
	QUIRE_TOK_COUNT
};

/* A run of code bytes of one class. Spans are sorted, do not overlap,
 * never cover a newline, and leave plain text uncovered. */
struct quire_token_span {
	size_t offset, length;
	enum quire_token_class cls;
};

/* How a theme shows one class: a colour (0xRRGGBB) when set, bold,
 * italic. */
struct hl_look {
	bool set, bold, italic;
	uint32_t rgb;
};

/* A theme: its public name and description, then a look per class. */
struct hl_theme {
	struct quire_highlight_style style;
	struct hl_look look[QUIRE_TOK_COUNT];
};

/* The theme the options choose, NULL for none (highlighting off). */
const struct hl_theme *hl_theme_for(const struct quire_write_options *opts);

/* The CSS rules of a theme for the HTML class names (quire_token_class_name)
 * inside pre code, written into buf (HL_CSS_SIZE bytes, NUL-terminated). */
#define HL_CSS_SIZE 2048
void hl_theme_css(const struct hl_theme *theme, char buf[HL_CSS_SIZE]);

/* The language file source-highlight uses for a fence's info string (its
 * first word, with the usual aliases: "js", "py", "shell"...), NULL for
 * none or a language it does not know. */
const char *quire_highlight_language(const char *info, size_t len);

/* Splits code (len bytes) into token spans for lang, a name from
 * quire_highlight_language(). *out is malloc'ed (free() it), NULL and
 * *count 0 when nothing is highlighted (an unknown language, or one whose
 * definition fails to load: plain code, no message). QUIRE_ERR_NOMEM only
 * when memory ran out. Thread-safe: each language's definition is loaded
 * once per process, under a lock. */
enum quire_status quire_highlight(const char *lang, const char *code, size_t len,
				  struct quire_token_span **out, size_t *count);

/* A short name for a class, as an HTML class ("kw", "st"...); "" for plain. */
const char *quire_token_class_name(enum quire_token_class cls);

#endif
