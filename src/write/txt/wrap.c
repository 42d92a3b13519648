/* Greedy line wrapping by display width, one grapheme cluster at a time.
 * Greedy (not optimal-fit) because plain text readers expect the ragged
 * right of an e-mail, and it needs no look-ahead. */
#include <string.h>
#include <utf8proc.h>

#include "wrap.h"

/* The end of the grapheme cluster that starts at pos (UAX #29, extended
 * clusters); *first receives its first code point. */
static size_t cluster_end(const char *s, size_t len, size_t pos, int32_t *first)
{
	utf8proc_int32_t state = 0;
	int32_t prev, cp;
	unsigned char c = (unsigned char)s[pos];

	/* Two ASCII characters always have a cluster break between them
	 * (none is Extend, ZWJ, SpacingMark or Prepend), except CR LF. */
	if (c < 0x80 && (pos + 1 == len || ((unsigned char)s[pos + 1] < 0x80 &&
	                                    !(c == '\r' && s[pos + 1] == '\n')))) {
		*first = c;
		return pos + 1;
	}
	pos += (size_t)quire_utf8_decode(s + pos, len - pos, &prev);
	*first = prev;
	while (pos < len) {
		int n = quire_utf8_decode(s + pos, len - pos, &cp);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		pos += (size_t)n;
		prev = cp;
	}
	return pos;
}

int txt_cluster_width(const char *s, size_t len)
{
	int w = 0, regional = 0;
	bool emoji = false;
	size_t pos = 0;

	if (len == 1 && (unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x7f)
		return 1;
	while (pos < len) {
		int32_t cp;
		pos += (size_t)quire_utf8_decode(s + pos, len - pos, &cp);
		int cw = utf8proc_charwidth(cp);
		if (cw > w)
			w = cw;
		/* VS16 asks for emoji presentation, which terminals draw two
		 * columns wide; so do flags (a pair of regional indicators). */
		if (cp == 0xFE0F)
			emoji = true;
		if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
			regional++;
	}
	if (emoji || regional >= 2)
		w = w < 2 ? 2 : w;
	return w;
}

int txt_width(const char *s, size_t len)
{
	int w = 0;
	size_t pos = 0;

	while (pos < len) {
		int32_t cp;
		size_t end = cluster_end(s, len, pos, &cp);
		w += txt_cluster_width(s + pos, end - pos);
		pos = end;
	}
	return w;
}

/* Han ideographs, kana and CJK radicals: a line may break between any two
 * of them, as Chinese and Japanese are written without spaces. Hangul is
 * left out: Korean puts spaces between words. */
static bool is_ideo(int32_t c)
{
	return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* Closing punctuation that must not begin a line (kinsoku shori). */
static bool is_close(int32_t c)
{
	switch (c) {
	case 0x3001: case 0x3002: case 0x3009: case 0x300B: case 0x300D: case 0x300F:
	case 0x3011: case 0x3015: case 0x3017: case 0x3019: case 0x301B: case 0x30FB:
	case 0x30FC: case 0xFF01: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A:
	case 0xFF1B: case 0xFF1F: case 0xFF3D: case 0xFF5D:
		return true;
	default:
		return false;
	}
}

/* Opening punctuation that must not end a line. */
static bool is_open(int32_t c)
{
	switch (c) {
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
	case 0x3016: case 0x3018: case 0x301A: case 0xFF08: case 0xFF3B: case 0xFF5B:
		return true;
	default:
		return false;
	}
}

/* Characters written without spaces between them. */
static bool is_cjk(int32_t c)
{
	return is_ideo(c) || is_close(c) || is_open(c) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFF00 && c <= 0xFF60);
}

/* May a line break between clusters starting with a and b (no space)? */
static bool cjk_break(int32_t a, int32_t b)
{
	if (is_close(b) || is_open(a))
		return false;
	if (is_ideo(a))
		return is_ideo(b) || is_open(b);
	return is_close(a);
}

/* Lines are written straight into out; the word being gathered is a
 * slice of the text (a word never spans a space, so it is contiguous),
 * copied once, when it is placed on a line. */
struct wrap {
	struct qstr *out;
	const char *first_prefix, *prefix;
	int first_avail, avail;
	bool first;           /* the next line emitted is the first */
	bool line_open;       /* the current line has a word (and its prefix) */
	size_t line_begin;    /* where the current line starts in out */
	int line_w;           /* its width, prefix excluded */
	const char *word;     /* the unbreakable run being gathered */
	size_t word_len;
	int word_w;
	bool word_glue;       /* it holds TXT_GLUE, written as a space */
	int gap;              /* spaces between the line and the word */
};

/* qstr_append without the call when there is room (most of the time). */
static void put(struct qstr *s, const char *p, size_t n)
{
	if (s->data && !s->oom && s->cap - s->len > n) {
		memcpy(s->data + s->len, p, n);
		s->len += n;
		s->data[s->len] = '\0';
	} else {
		qstr_append(s, p, n);
	}
}

static void open_line(struct wrap *w)
{
	const char *prefix = w->first ? w->first_prefix : w->prefix;

	w->line_begin = w->out->len;
	put(w->out, prefix, strlen(prefix));
	w->line_open = true;
}

static void emit_line(struct wrap *w)
{
	struct qstr *out = w->out;

	if (!w->line_open)
		open_line(w);
	while (out->len > w->line_begin && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	put(out, "\n", 1);
	w->first = false;
	w->line_open = false;
	w->line_w = 0;
	w->gap = 0;
}

/* Moves the gathered word onto the line, or onto a new line when it does
 * not fit; a word too wide for any line still goes on one (alone). */
static void flush_word(struct wrap *w)
{
	static const char spaces[] = "                ";
	int avail = w->first ? w->first_avail : w->avail;
	struct qstr *out = w->out;

	if (w->word_len == 0)
		return;
	if (w->line_open && w->line_w + w->gap + w->word_w > avail)
		emit_line(w);
	if (!w->line_open) {
		open_line(w);
	} else {
		for (int left = w->gap; left > 0; left -= (int)sizeof(spaces) - 1)
			put(out, spaces, left < (int)sizeof(spaces) - 1 ? (size_t)left : sizeof(spaces) - 1);
		w->line_w += w->gap;
	}
	size_t at = out->len;
	put(out, w->word, w->word_len);
	if (w->word_glue && !out->oom)
		for (char *g = out->data + at; (g = memchr(g, TXT_GLUE, out->len - (size_t)(g - out->data)));)
			*g++ = ' ';
	w->line_w += w->word_w;
	w->word_len = 0;
	w->word_w = 0;
	w->word_glue = false;
	w->gap = 0;
}

/* Extends the word by the n bytes at p, which follow it in the text. */
static void add_to_word(struct wrap *w, const char *p, size_t n, int width)
{
	if (w->word_len == 0)
		w->word = p;
	w->word_len += n;
	w->word_w += width;
}

static int avail_after(int width, const char *prefix)
{
	int a = width - txt_width(prefix, strlen(prefix));
	return a < 1 ? 1 : a;
}

bool txt_wrap(struct qstr *out, const char *text, size_t len, int width, const char *first_prefix,
              const char *prefix)
{
	struct wrap w = {
		.out = out,
		.first_prefix = first_prefix,
		.prefix = prefix,
		.first_avail = avail_after(width, first_prefix),
		.avail = avail_after(width, prefix),
		.first = true,
	};
	int32_t prev = -1; /* first code point of the previous cluster of the word */
	size_t pos = 0;

	while (pos < len) {
		/* A run of printable ASCII other than the space is part of one
		 * word, one column a byte, with no break inside; its last
		 * byte goes the slow way when a combining mark may follow. */
		size_t run = pos;
		while (run < len && (unsigned char)text[run] > ' ' && (unsigned char)text[run] < 0x7f)
			run++;
		if (run > pos && run < len && (unsigned char)text[run] >= 0x80)
			run--;
		if (run > pos) {
			if (prev >= 0 && cjk_break(prev, (unsigned char)text[pos]))
				flush_word(&w);
			add_to_word(&w, text + pos, run - pos, (int)(run - pos));
			prev = (unsigned char)text[run - 1];
			pos = run;
			continue;
		}
		int32_t cp;
		size_t end = cluster_end(text, len, pos, &cp);
		size_t n = end - pos;

		if (n == 1 && cp == '\n') {
			flush_word(&w);
			emit_line(&w);
			prev = -1;
		} else if (n == 1 && cp == TXT_SOFT) {
			int32_t next = -1;
			if (end < len)
				quire_utf8_decode(text + end, len - end, &next);
			flush_word(&w);
			if (w.line_open && w.gap == 0 && !(prev >= 0 && is_cjk(prev) && is_cjk(next)))
				w.gap = 1;
			prev = -1;
		} else if (n == 1 && cp == ' ') {
			flush_word(&w);
			if (w.line_open)
				w.gap++;
			prev = -1;
		} else if (n == 1 && cp == TXT_GLUE) {
			add_to_word(&w, text + pos, 1, 1);
			w.word_glue = true;
			prev = -1;
		} else {
			if (prev >= 0 && cjk_break(prev, cp))
				flush_word(&w);
			add_to_word(&w, text + pos, n, txt_cluster_width(text + pos, n));
			prev = cp;
		}
		pos = end;
	}
	flush_word(&w);
	if (w.line_open)
		emit_line(&w);
	return !out->oom;
}
