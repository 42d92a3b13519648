/* Escaping and line discipline for roff output (private to the man writer). */
#ifndef QUIRE_WRITE_MAN_ROFF_H
#define QUIRE_WRITE_MAN_ROFF_H

#include <stdbool.h>
#include <stddef.h>

#include "../../core/core.h"

enum roff_font { ROFF_R, ROFF_I, ROFF_B, ROFF_BI };

/* roff cares about where a line begins: a '.' or '\'' there starts a
 * request, and a leading space forces a break. The emitter tracks that. */
struct roff {
	struct qout out;
	bool bol;            /* at the beginning of an output line */
	enum roff_font font; /* the font in effect in the output */
	enum roff_font want; /* the font the next glyph needs */
};

enum roff_text_mode {
	ROFF_TEXT,       /* running text: spaces at a line start are dropped */
	ROFF_TEXT_CELL,  /* a table cell: tabs and newlines become spaces */
	ROFF_CODE_LINES  /* inside .EX/.EE: newlines kept, empty lines protected */
};

void roff_init(struct roff *r, struct quire_sink *sink);
/* Ends the current line if something is on it. */
void roff_newline(struct roff *r);
/* Writes a request or macro line such as ".PP" or ".IP \(bu 2". */
void roff_macro(struct roff *r, const char *line);
/* Writes raw roff (already escaped) on the current line. */
void roff_raw(struct roff *r, const char *s);
/* Writes UTF-8 text, escaped so that roff prints it as is. */
void roff_text(struct roff *r, const char *s, size_t len, enum roff_text_mode mode);
/* Writes s as one double-quoted macro argument (preceded by a space). */
void roff_arg(struct roff *r, const char *s);
/* Asks for font f from the next glyph on. The escape (\fR, \fI, \fB,
 * \f(BI) is written only before text, so empty styles cost nothing. */
void roff_font(struct roff *r, enum roff_font f);

#endif
