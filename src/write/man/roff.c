/* roff escaping. Every character that roff might read as markup is
 * spelled with a named glyph, so the page prints the text it was given:
 * groff maps '-' to a hyphen (U+2010) and '\'' and '`' to curly quotes in
 * UTF-8 output, which breaks copied command lines (man-pages(7) asks for
 * \- and \(aq); non-ASCII becomes \[uXXXX] because groff reads its input
 * as Latin-1 unless a preprocessor converts it. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "roff.h"

void roff_init(struct roff *r, struct quire_sink *sink)
{
	qout_init(&r->out, sink);
	r->bol = true;
	r->font = ROFF_R;
	r->want = ROFF_R;
	r->run = 0;
	r->max_run = 0;
	r->word = 0;
	r->measure = NULL;
}

/* Output of text goes through these two, which write nothing while text
 * is only measured. */
static void put_s(struct roff *r, const char *s)
{
	if (r->measure == NULL)
		qout_puts(&r->out, s);
}

static void put_c(struct roff *r, char c)
{
	if (r->measure == NULL)
		qout_putc(&r->out, c);
}

static void flush_font(struct roff *r)
{
	static const char *const names[] = {
		[ROFF_R] = "\\fR", [ROFF_I] = "\\fI", [ROFF_B] = "\\fB", [ROFF_BI] = "\\f(BI"};
	if (r->want == r->font || r->measure)
		return;
	qout_puts(&r->out, names[r->want]);
	r->font = r->want;
	r->bol = false;
}

void roff_newline(struct roff *r)
{
	if (!r->bol) {
		flush_font(r); /* a style must not leak into the next line */
		put_c(r, '\n');
	}
	r->bol = true;
	r->run = 0;
	r->word = 0;
}

void roff_macro(struct roff *r, const char *line)
{
	roff_newline(r);
	put_s(r, line);
	put_c(r, '\n');
}

void roff_raw(struct roff *r, const char *s)
{
	if (*s == '\0' || r->measure)
		return;
	qout_puts(&r->out, s);
	r->bol = s[strlen(s) - 1] == '\n';
}

/* Escapes one code point that needs it; returns false for plain ASCII. */
static bool put_special(struct roff *r, int32_t cp)
{
	char esc[16];
	switch (cp) {
	case '\\': put_s(r, "\\(rs"); return true;
	case '-': put_s(r, "\\-"); return true;
	case '\'': put_s(r, "\\(aq"); return true;
	case '`': put_s(r, "\\(ga"); return true;
	case '~': put_s(r, "\\(ti"); return true;
	case '^': put_s(r, "\\(ha"); return true;
	case 0xA0: put_s(r, "\\~"); return true;
	default: break;
	}
	if (cp < 0x80)
		return false;
	snprintf(esc, sizeof(esc), "\\[u%04X]", (unsigned)cp);
	put_s(r, esc);
	return true;
}

/* Accounts for a space: a break point. */
static void space(struct roff *r)
{
	r->run = 0;
	r->word = 0;
	if (r->measure)
		r->measure->total++;
}

/* Accounts for a glyph width columns wide, with a break point before it
 * when the run would grow past the limit (in filled text only). */
static void glyph(struct roff *r, int width, enum roff_text_mode mode)
{
	if (mode != ROFF_CODE_LINES && r->max_run > 0 && r->run > 0 &&
	    r->run + width > r->max_run) {
		put_s(r, "\\:\\%");
		r->run = 0;
	}
	r->run += width;
	r->word += width;
	if (r->measure) {
		r->measure->total += width;
		if (r->run > r->measure->longest)
			r->measure->longest = r->run;
		if (r->word > r->measure->longest_word)
			r->measure->longest_word = r->word;
	}
}

/* Writes the character at s (len bytes left, not a line end) as a glyph;
 * returns the bytes it took. */
static size_t put_char(struct roff *r, const char *s, size_t len, enum roff_text_mode mode)
{
	unsigned char c = (unsigned char)*s;
	int32_t cp = c;
	int n = 1;

	if (c < 0x20 || c == 0x7f)
		return 1; /* control characters have no glyph */
	if (c >= 0x80)
		n = quire_utf8_decode(s, len, &cp);
	int width = c < 0x80 ? 1 : utf8proc_charwidth(cp);
	glyph(r, width > 0 ? width : 0, mode);
	if (!put_special(r, cp))
		put_c(r, (char)c);
	return (size_t)n;
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
				put_s(r, "\\&");
			put_c(r, '\n');
			r->bol = true;
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			c = ' ';
			if (mode == ROFF_TEXT && !r->bol) {
				put_c(r, ' ');
				space(r);
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
			put_s(r, "\\&");
		r->bol = false;
		if (c == ' ') { /* also a tab or line end made a space */
			put_c(r, ' ');
			if (mode == ROFF_CODE_LINES)
				glyph(r, 1, mode);
			else
				space(r);
			i++;
			continue;
		}
		i += put_char(r, s + i, len - i, mode);
	}
}

/* May a URL break at i (between url[i - 1] and url[i])? After a slash
 * that does not begin "//", and before a query, a parameter or a
 * fragment. */
static bool url_break(const char *url, size_t len, size_t i)
{
	return i > 0 && i < len &&
	       ((url[i - 1] == '/' && url[i] != '/') || url[i] == '?' || url[i] == '&' ||
	        url[i] == '#');
}

void roff_url(struct roff *r, const char *open, const char *url, size_t len, const char *close,
              enum roff_text_mode mode)
{
	flush_font(r);
	/* At the start of a word, \\% keeps troff from hyphenating it; inside
	 * one (after a parenthesis) it would be a hyphenation point, so a
	 * break point comes first and the URL hyphenates as a word of its own. */
	if (r->word > 0) {
		put_s(r, "\\:");
		r->run = 0;
	}
	put_s(r, "\\%");
	r->bol = false;
	roff_text(r, open, strlen(open), mode);
	for (size_t i = 0; i < len;) {
		size_t j = i + 1;
		while (j < len && !url_break(url, len, j))
			j++;
		/* The \\% again: troff would hyphenate what follows a break
		 * point as a word of its own. */
		if (i > 0) {
			put_s(r, "\\:\\%");
			r->run = 0;
		}
		roff_text(r, url + i, j - i, mode);
		i = j;
	}
	roff_text(r, close, strlen(close), mode);
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
			if (!put_special(r, c))
				qout_putc(&r->out, (char)c);
			i++;
		} else {
			int32_t cp;
			int n = quire_utf8_decode(s + i, len - i, &cp);
			put_special(r, cp);
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

void roff_font_now(struct roff *r)
{
	flush_font(r);
}
