/* roff escaping. Every character that roff might read as markup is
 * spelled with a named glyph, so the page prints the text it was given:
 * groff maps '-' to a hyphen (U+2010) and '\'' and '`' to curly quotes in
 * UTF-8 output, which breaks copied command lines (man-pages(7) asks for
 * \- and \(aq); non-ASCII becomes \[uXXXX] because groff reads its input
 * as Latin-1 unless a preprocessor converts it. */
#include <stdio.h>
#include <string.h>

#include "roff.h"

void roff_init(struct roff *r, struct quire_sink *sink)
{
	qout_init(&r->out, sink);
	r->bol = true;
	r->font = ROFF_R;
	r->want = ROFF_R;
}

static void flush_font(struct roff *r)
{
	static const char *const names[] = {
		[ROFF_R] = "\\fR", [ROFF_I] = "\\fI", [ROFF_B] = "\\fB", [ROFF_BI] = "\\f(BI"};
	if (r->want == r->font)
		return;
	qout_puts(&r->out, names[r->want]);
	r->font = r->want;
	r->bol = false;
}

void roff_newline(struct roff *r)
{
	if (!r->bol) {
		flush_font(r); /* a style must not leak into the next line */
		qout_putc(&r->out, '\n');
	}
	r->bol = true;
}

void roff_macro(struct roff *r, const char *line)
{
	roff_newline(r);
	qout_puts(&r->out, line);
	qout_putc(&r->out, '\n');
}

void roff_raw(struct roff *r, const char *s)
{
	if (*s == '\0')
		return;
	qout_puts(&r->out, s);
	r->bol = s[strlen(s) - 1] == '\n';
}

/* Escapes one code point that needs it; returns false for plain ASCII. */
static bool put_special(struct qout *o, int32_t cp)
{
	switch (cp) {
	case '\\': qout_puts(o, "\\(rs"); return true;
	case '-': qout_puts(o, "\\-"); return true;
	case '\'': qout_puts(o, "\\(aq"); return true;
	case '`': qout_puts(o, "\\(ga"); return true;
	case '~': qout_puts(o, "\\(ti"); return true;
	case '^': qout_puts(o, "\\(ha"); return true;
	case 0xA0: qout_puts(o, "\\~"); return true;
	default: break;
	}
	if (cp < 0x80)
		return false;
	qout_printf(o, "\\[u%04X]", (unsigned)cp);
	return true;
}

void roff_text(struct roff *r, const char *s, size_t len, enum roff_text_mode mode)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' && mode == ROFF_CODE_LINES) {
			/* An empty input line in no-fill mode is fine for groff, but
			 * other formatters warn; a zero-width glyph keeps it a line. */
			if (r->bol)
				qout_puts(&r->out, "\\&");
			qout_putc(&r->out, '\n');
			r->bol = true;
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			c = ' ';
			if (mode == ROFF_TEXT && !r->bol) {
				qout_putc(&r->out, ' ');
				i++;
				continue;
			}
		}
		if (c == ' ' && r->bol && mode != ROFF_CODE_LINES) {
			i++;
			continue;
		}
		flush_font(r);
		if (r->bol && c == '.')
			qout_puts(&r->out, "\\&");
		r->bol = false;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f) {
				i++; /* control characters have no glyph */
				continue;
			}
			if (!put_special(&r->out, c))
				qout_putc(&r->out, (char)c);
			i++;
			continue;
		}
		int32_t cp;
		int n = quire_utf8_decode(s + i, len - i, &cp);
		put_special(&r->out, cp);
		i += (size_t)n;
	}
}

void roff_arg(struct roff *r, const char *s)
{
	size_t len = strlen(s);
	qout_puts(&r->out, " \"");
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"') {
			qout_puts(&r->out, "\\(dq");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			qout_putc(&r->out, ' ');
			i++;
		} else if (c < 0x80) {
			if (!put_special(&r->out, c))
				qout_putc(&r->out, (char)c);
			i++;
		} else {
			int32_t cp;
			int n = quire_utf8_decode(s + i, len - i, &cp);
			put_special(&r->out, cp);
			i += (size_t)n;
		}
	}
	qout_putc(&r->out, '"');
	r->bol = false;
}

void roff_font(struct roff *r, enum roff_font f)
{
	r->want = f;
}
