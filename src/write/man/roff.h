/* Escaping and line discipline for roff output (private to the man writer). */
#ifndef QUIRE_WRITE_MAN_ROFF_H
#define QUIRE_WRITE_MAN_ROFF_H

#include <stdbool.h>
#include <stddef.h>

#include "../../core/core.h"

enum roff_font { ROFF_R, ROFF_I, ROFF_B, ROFF_BI };

/* roff cares about where a line begins: a '.' or '\'' there starts a
 * request, and a leading space forces a break. The emitter tracks that. */
/* What text would take on the page, in display columns, measured instead
 * of written (see roff.measure). */
struct roff_measure {
	long total;       /* all of it on one line */
	int longest;      /* the longest stretch without a break point */
	int longest_word; /* the longest stretch without a space */
};

struct roff {
	struct qout out;
	bool bol;            /* at the beginning of an output line */
	enum roff_font font; /* the font in effect in the output */
	enum roff_font want; /* the font the next glyph needs */
	/* The stretch of glyphs since the last break point (a space or \:),
	 * and the widest one allowed: a longer one gets a break point (\:),
	 * so that no word is wider than the line or the table column it is
	 * set in, where troff could only let it overflow. 0: no limit. */
	int run, max_run;
	int word; /* the glyphs since the last space */
	/* When set, text is measured into it and nothing is written, not
	 * even requests. */
	struct roff_measure *measure;
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
/* Writes a URL as one word that troff never hyphenates (\%), with break
 * points (\:) after its slashes and before a query or fragment, so that a
 * long one breaks where a reader expects rather than overflowing the line.
 * open and close are written around it as part of the word ("<", ">"). */
void roff_url(struct roff *r, const char *open, const char *url, size_t len, const char *close,
              enum roff_text_mode mode);
/* Writes s as one double-quoted macro argument (preceded by a space). */
void roff_arg(struct roff *r, const char *s);
/* Asks for font f from the next glyph on. The escape (\fR, \fI, \fB,
 * \f(BI) is written only before text, so empty styles cost nothing. */
void roff_font(struct roff *r, enum roff_font f);
/* Writes the font change asked for now rather than before the next glyph:
 * a table cell ends in the font it began with, because tbl sets the
 * cells one after another and a change would carry into the next. */
void roff_font_now(struct roff *r);

#endif
