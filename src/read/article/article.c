/* The article reader: plain news-style text (a title, a byline, a
 * dateline, paragraphs, lists and subheadings) into the document model.
 * The grammar and every threshold are in FORMAT.md; keep them in step.
 *
 * The input is split into lines, the lines into blocks (runs of non-blank
 * lines) and the blocks into units (paragraphs, list items, breaks). The
 * decisions that need neighbours (repairing a paragraph broken in the
 * middle of a sentence, subheadings, the dateline) are separate passes
 * over the units, and the last pass builds the nodes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../../core/core.h"
#include "article.h"

/* A title is at most this many characters (code points) and words; a
 * longer first line is a paragraph that happens to stand alone. */
#define TITLE_MAX_CHARS 120
#define TITLE_MAX_WORDS 20
/* A byline names at most this many authors of at most this many words. */
#define BYLINE_MAX_AUTHORS 8
#define NAME_MAX_WORDS 5
/* A subheading is at most this many characters and words. */
#define HEADING_MAX_CHARS 60
#define HEADING_MAX_WORDS 8
/* Ordered list numbers have at most this many digits, so that a year at
 * the start of a wrapped line ("1984. The book...") is no list. */
#define LIST_MAX_DIGITS 3

struct line {
	const char *s; /* after the indentation */
	size_t len;    /* without trailing white space; 0 for a blank line */
	size_t indent;
	unsigned no;   /* 1-based */
};

enum unit_kind { U_PARA, U_ITEM, U_BREAK, U_HEADING, U_DEAD };

struct unit {
	enum unit_kind kind;
	struct qstr text; /* lines joined, white space collapsed */
	unsigned line;
	bool alone;       /* the only line of its block */
	bool first;       /* the first unit of its block (after a blank line) */
	bool ordered;     /* items */
	int number;
	char delim;
};

struct article {
	quire_doc *doc;
	const struct quire_read_options *opts;
	struct line *lines;
	size_t nlines;
	struct unit *units;
	size_t nunits, cap;
};

/* ---- characters ---- */

static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			n++;
	return n;
}

static utf8proc_category_t first_category(const char *s, size_t len)
{
	int32_t cp;
	if (len == 0)
		return UTF8PROC_CATEGORY_CN;
	quire_utf8_decode(s, len, &cp);
	return utf8proc_category(cp);
}

/* The last code point of s[0..len), and in *start where it begins. */
static int32_t last_cp(const char *s, size_t len, size_t *start)
{
	size_t i = len;
	int32_t cp = 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	if (len > 0)
		quire_utf8_decode(s + i, len - i, &cp);
	if (start)
		*start = i;
	return cp;
}

static bool is_letter_cat(utf8proc_category_t cat)
{
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
	       cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
	       cat == UTF8PROC_CATEGORY_LO;
}

static bool has_letter(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (is_letter_cat(utf8proc_category(cp)))
			return true;
	}
	return false;
}

/* Whether text ends a sentence: its last character, after closing quotes
 * and brackets, is . ! ? … : or ; */
static bool ends_sentence(const char *s, size_t len)
{
	for (;;) {
		size_t start;
		int32_t cp = last_cp(s, len, &start);
		switch (cp) {
		case '"': case '\'': case ')': case ']': case '*': case '_':
		case 0x201D: case 0x2019: case 0x00BB: case 0x203A:
			len = start;
			continue;
		case '.': case '!': case '?': case ':': case ';': case 0x2026:
			return true;
		default:
			return false;
		}
	}
}

/* ---- lines ---- */

/* Line endings become \n (CRLF and lone CR too), and a byte-order mark at
 * the start goes. (quire_read() has repaired the UTF-8 and turned lone CRs
 * into LF already; a second byte-order mark still goes here.) */
static enum quire_status normalise(const char *src, size_t len, struct qstr *out)
{
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		src += 3;
		len -= 3;
	}
	qstr_append(out, "", 0);
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (src[i] != '\r')
			continue;
		qstr_append(out, src + run, i - run);
		qstr_putc(out, '\n');
		if (i + 1 < len && src[i + 1] == '\n')
			i++;
		run = i + 1;
	}
	qstr_append(out, src + run, len - run);
	return out->oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
}

static bool is_blankish(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

static enum quire_status split_lines(struct article *a, const char *text, size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	a->lines = calloc(n, sizeof(*a->lines));
	if (a->lines == NULL)
		return QUIRE_ERR_NOMEM;
	size_t i = 0;
	while (i <= len && a->nlines < n) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct line *l = &a->lines[a->nlines];
		size_t b = i, e = end;
		while (b < e && (text[b] == ' ' || text[b] == '\t'))
			b++;
		while (e > b && is_blankish((unsigned char)text[e - 1]))
			e--;
		l->s = text + b;
		l->len = e - b;
		l->indent = b - i;
		l->no = (unsigned)(a->nlines + 1);
		a->nlines++;
		if (nl == NULL)
			break;
		i = end + 1;
	}
	return QUIRE_OK;
}

/* "* * *", "---", "___": a break between sections. */
static bool is_break(const struct line *l)
{
	size_t marks = 0;
	char mark = 0;
	for (size_t i = 0; i < l->len; i++) {
		char c = l->s[i];
		if (c == ' ')
			continue;
		if ((c != '*' && c != '-' && c != '_') || (mark && c != mark))
			return false;
		mark = c;
		marks++;
	}
	return marks >= 3;
}

struct marker {
	size_t skip; /* bytes of the marker and its space; 0: not an item */
	bool ordered;
	int number;
	char delim;
};

static struct marker list_marker(const struct line *l)
{
	struct marker m = {0};
	const char *s = l->s;
	size_t len = l->len;
	if (len >= 3 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
		m.skip = 2;
	} else if (len >= 5 && memcmp(s, "\xE2\x80\xA2 ", 4) == 0) {
		m.skip = 4;
	} else {
		size_t d = 0;
		int n = 0;
		while (d < len && d < LIST_MAX_DIGITS + 1 && s[d] >= '0' && s[d] <= '9')
			n = n * 10 + (s[d++] - '0');
		if (d >= 1 && d <= LIST_MAX_DIGITS && d + 2 < len && (s[d] == '.' || s[d] == ')') &&
		    s[d + 1] == ' ') {
			m.skip = d + 2;
			m.ordered = true;
			m.number = n;
			m.delim = s[d];
		}
	}
	while (m.skip && m.skip < len && l->s[m.skip] == ' ')
		m.skip++;
	if (m.skip >= len)
		m.skip = 0;
	return m;
}

/* ---- units ---- */

/* Appends a line's text: white space and control characters collapse to
 * one space, and a line that ends in a hyphen after a letter joins the
 * next without one ("well-" + "known"), because hard wrapping broke a
 * word there, not a space. */
static void join_line(struct qstr *t, const char *s, size_t len)
{
	if (t->len > 0) {
		bool hyphen = t->len >= 2 && t->data[t->len - 1] == '-' && t->data[t->len - 2] != ' ' &&
		              t->data[t->len - 2] != '-';
		if (!hyphen)
			qstr_putc(t, ' ');
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_blankish(c)) {
			if (t->len > 0 && t->data[t->len - 1] != ' ')
				qstr_putc(t, ' ');
		} else {
			qstr_putc(t, (char)c);
		}
	}
}

static struct unit *new_unit(struct article *a, enum unit_kind kind, const struct line *l)
{
	if (!QUIRE_RESERVE(a->units, a->cap, a->nunits + 1))
		return NULL;
	struct unit *u = &a->units[a->nunits++];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->line = l->no;
	qstr_append(&u->text, "", 0);
	return u;
}

static bool ends_with_colon(const struct line *l)
{
	return l->len > 0 && l->s[l->len - 1] == ':';
}

/* A block is a run of non-blank lines. A list starts at a marker at the
 * start of a block or after a line ending in a colon, so that a wrapped
 * line that happens to start with "- " or "12. " stays in its paragraph. */
static enum quire_status block_units(struct article *a, size_t from, size_t to)
{
	enum quire_status st = QUIRE_ERR_NOMEM;
	struct unit *cur = NULL;
	size_t before = a->nunits;

	for (size_t j = from; j < to; j++) {
		const struct line *l = &a->lines[j];
		if (to - from == 1 && is_break(l)) {
			if (new_unit(a, U_BREAK, l) == NULL)
				goto out;
			continue;
		}
		struct marker m = list_marker(l);
		bool item = m.skip &&
		            (j == from || ends_with_colon(&a->lines[j - 1]) || (cur && cur->kind == U_ITEM));
		if (item) {
			cur = new_unit(a, U_ITEM, l);
			if (cur == NULL)
				goto out;
			cur->ordered = m.ordered;
			cur->number = m.number;
			cur->delim = m.delim;
			join_line(&cur->text, l->s + m.skip, l->len - m.skip);
			continue;
		}
		/* A wrapped item goes on when indented or when it was cut
		 * in the middle of a sentence. */
		bool more = cur && cur->kind == U_PARA;
		if (cur && cur->kind == U_ITEM)
			more = l->indent > 0 || (!ends_sentence(cur->text.data, cur->text.len) &&
			                         first_category(l->s, l->len) == UTF8PROC_CATEGORY_LL);
		if (!more) {
			cur = new_unit(a, U_PARA, l);
			if (cur == NULL)
				goto out;
		}
		join_line(&cur->text, l->s, l->len);
	}
	if (a->nunits > before) {
		a->units[before].first = true;
		a->units[before].alone = to - from == 1;
	}
	for (size_t k = before; k < a->nunits; k++)
		if (a->units[k].text.oom)
			goto out;
	st = QUIRE_OK;
out:
	return st;
}

static size_t next_alive(const struct article *a, size_t i)
{
	for (i++; i < a->nunits; i++)
		if (a->units[i].kind != U_DEAD)
			return i;
	return a->nunits;
}

/* A paragraph broken in the middle of a sentence: it does not end a
 * sentence and the next one begins with a lower-case letter. */
static enum quire_status repair_paragraphs(struct article *a)
{
	for (size_t i = 0; i < a->nunits; i++) {
		struct unit *u = &a->units[i];
		if (u->kind != U_PARA)
			continue;
		for (size_t j = next_alive(a, i); j < a->nunits; j = next_alive(a, j)) {
			struct unit *v = &a->units[j];
			if (v->kind != U_PARA || !v->first || ends_sentence(u->text.data, u->text.len) ||
			    first_category(v->text.data, v->text.len) != UTF8PROC_CATEGORY_LL)
				break;
			join_line(&u->text, v->text.data, v->text.len);
			u->alone = false;
			v->kind = U_DEAD;
		}
		if (u->text.oom)
			return QUIRE_ERR_NOMEM;
	}
	return QUIRE_OK;
}

/* Could this paragraph be a subheading? A short line alone in its block,
 * starting with a capital or a digit, ending with a letter or a digit
 * (no sentence punctuation, no closing quote), and holding no link and
 * none of : / @ |. */
static bool heading_candidate(const struct unit *u)
{
	const char *s = u->text.data;
	size_t len = u->text.len;
	if (u->kind != U_PARA || !u->alone || len == 0)
		return false;
	if (count_chars(s, len) > HEADING_MAX_CHARS || count_words(s, len) > HEADING_MAX_WORDS)
		return false;
	/* A colon, slash, @ or bar marks a credit or a caption ("Photo:
	 * UN/Jean-Marc Ferré"), which is no heading. */
	if (strpbrk(s, "[:/@|"))
		return false;
	utf8proc_category_t first = first_category(s, len);
	if (first != UTF8PROC_CATEGORY_LU && first != UTF8PROC_CATEGORY_LT &&
	    first != UTF8PROC_CATEGORY_ND)
		return false;
	utf8proc_category_t last = utf8proc_category(last_cp(s, len, NULL));
	if (!is_letter_cat(last) && last != UTF8PROC_CATEGORY_ND)
		return false;
	return has_letter(s, len);
}

/* A subheading comes after the lead, between units that could not
 * themselves be one (a paragraph or a list after it); two short lines in a
 * row (an address, a signature) stay paragraphs. */
static void find_headings(struct article *a, size_t lead)
{
	size_t prev = lead;
	for (size_t i = next_alive(a, lead); i < a->nunits; prev = i, i = next_alive(a, i)) {
		size_t j = next_alive(a, i);
		if (j >= a->nunits || !heading_candidate(&a->units[i]))
			continue;
		const struct unit *v = &a->units[j];
		if (heading_candidate(&a->units[prev]))
			continue;
		if (v->kind == U_ITEM || (v->kind == U_PARA && !heading_candidate(v)))
			a->units[i].kind = U_HEADING;
	}
}

/* ---- title and byline ---- */

/* The plain text of s after inline parsing (links dropped, smart
 * punctuation applied). Heap-allocated; NULL when out of memory. */
static char *plain(struct article *a, const char *s, size_t len)
{
	quire_node *tmp = quire_node_new(a->doc, QUIRE_PARAGRAPH);
	if (tmp == NULL || article_inlines(a->doc, tmp, s, len, a->opts->smart, 0) != QUIRE_OK)
		return NULL;
	return quire_node_plain_text(tmp);
}

static bool title_like(const struct line *l)
{
	const char *s = l->s;
	size_t len = l->len;
	if (len == 0 || count_chars(s, len) > TITLE_MAX_CHARS ||
	    count_words(s, len) > TITLE_MAX_WORDS || !has_letter(s, len) || is_break(l) ||
	    list_marker(l).skip || first_category(s, len) == UTF8PROC_CATEGORY_LL)
		return false;
	/* A title may end in ? ! or an ellipsis but not in a full stop or
	 * in , ; : which leave it unfinished. */
	for (;;) {
		size_t start;
		int32_t cp = last_cp(s, len, &start);
		switch (cp) {
		case '"': case '\'': case ')': case ']': case 0x201D: case 0x2019: case 0x00BB:
			len = start; /* look inside closing quotes and brackets */
			continue;
		case ',': case ';': case ':':
			return false;
		case '.':
			return len >= 3 && s[len - 2] == '.' && s[len - 3] == '.';
		default:
			return true;
		}
	}
}

static bool name_word(const char *s, size_t len)
{
	static const char *const particles[] = {"de", "da", "di", "du", "del", "della", "van",
	                                        "von", "der", "den", "la", "le", "el", "al",
	                                        "bin", "ibn", "y", "dos", "das"};
	for (size_t i = 0; i < sizeof(particles) / sizeof(particles[0]); i++)
		if (strlen(particles[i]) == len && memcmp(s, particles[i], len) == 0)
			return true;
	utf8proc_category_t cat = first_category(s, len);
	if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT)
		return false;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (!is_letter_cat(utf8proc_category(cp)) && cp != '.' && cp != '-' && cp != '\'' &&
		    cp != 0x2019 && utf8proc_category(cp) != UTF8PROC_CATEGORY_MN)
			return false;
	}
	return true;
}

struct span {
	size_t start, end;
};

/* "By Jane Doe", "By Jane Doe and John Roe", "By A, B, and C": the number
 * of names (their spans in names), or 0 when the line is no byline. */
static size_t parse_byline(const char *s, size_t len, struct span names[BYLINE_MAX_AUTHORS])
{
	size_t count = 0, words = 0, i = 3;
	bool sep = true;    /* the next word starts a name */
	bool comma = false; /* the last name ended with a comma */

	if (len < 4 || strncasecmp(s, "by ", 3) != 0)
		return 0;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		size_t b = i;
		while (i < len && s[i] != ' ')
			i++;
		size_t e = i;
		if (b == e)
			break;
		if ((e - b == 3 && memcmp(s + b, "and", 3) == 0) || (e - b == 1 && s[b] == '&')) {
			/* "A and B", "A, B, and C", but not "and B" */
			if (count == 0 || (sep && !comma))
				return 0;
			sep = true;
			comma = false;
			continue;
		}
		comma = s[e - 1] == ',';
		if (comma)
			e--;
		if (e == b || !name_word(s + b, e - b))
			return 0;
		if (sep) {
			if (count == BYLINE_MAX_AUTHORS ||
			    first_category(s + b, e - b) == UTF8PROC_CATEGORY_LL)
				return 0;
			names[count++].start = b;
			words = 0;
		}
		names[count - 1].end = e;
		if (++words > NAME_MAX_WORDS)
			return 0;
		sep = comma;
	}
	return sep ? 0 : count;
}

/* Sets the authors when the line is a byline. */
static enum quire_status byline(struct article *a, const struct line *l, bool *found)
{
	enum quire_status st = QUIRE_OK;
	struct span names[BYLINE_MAX_AUTHORS];
	size_t count = parse_byline(l->s, l->len, names);

	for (size_t k = 0; k < count && st == QUIRE_OK; k++) {
		char *name = plain(a, l->s + names[k].start, names[k].end - names[k].start);
		if (name == NULL || !quire_meta_set(a->doc, "author", name))
			st = QUIRE_ERR_NOMEM;
		free(name);
	}
	*found = count > 0;
	return st;
}

/* The first non-blank line is the title when a blank line (or a byline)
 * follows it and it looks like one. Returns the first line of the body. */
static enum quire_status title_and_byline(struct article *a, size_t *body, const struct line **title)
{
	enum quire_status st = QUIRE_OK;
	size_t i = 0, n = a->nlines;
	bool found;

	*title = NULL;
	while (i < n && a->lines[i].len == 0)
		i++;
	*body = i;
	/* A line with nothing after it is a one-line text, not a title. */
	size_t rest = i + 1;
	while (rest < n && a->lines[rest].len == 0)
		rest++;
	struct span names[BYLINE_MAX_AUTHORS];
	char iso[11];
	const struct line *first = &a->lines[i];
	/* A byline or a dateline on the first line is not a title either. */
	if (rest >= n || !title_like(first) || parse_byline(first->s, first->len, names) ||
	    article_dateline(first->s, first->len, iso))
		return QUIRE_OK;
	if (a->lines[i + 1].len == 0) {
		/* A byline may also stand in a block of its own. */
		size_t b = i + 1;
		while (b < n && a->lines[b].len == 0)
			b++;
		*title = &a->lines[i];
		*body = i + 1;
		if (b < n && (b + 1 == n || a->lines[b + 1].len == 0)) {
			TRY(byline(a, &a->lines[b], &found));
			if (found)
				*body = b + 1;
		}
	} else if (i + 2 == n || a->lines[i + 2].len == 0) {
		TRY(byline(a, &a->lines[i + 1], &found));
		if (found) {
			*title = &a->lines[i];
			*body = i + 2;
		}
	}
out:
	return st;
}

/* ---- nodes ---- */

static quire_node *block(struct article *a, quire_node *parent, enum quire_kind kind,
                         unsigned line)
{
	quire_node *n = quire_node_new(a->doc, kind);
	if (n) {
		n->line = line;
		quire_node_append(parent, n);
	}
	return n;
}

static enum quire_status emit(struct article *a, const struct line *title)
{
	enum quire_status st = QUIRE_OK;
	quire_node *root = quire_doc_root(a->doc), *list = NULL, *n = NULL;
	const struct unit *last_item = NULL;
	bool smart = a->opts->smart;

	if (title && quire_doc_meta(a->doc)->title) {
		/* A second article in one document: its title heads its part. */
		if ((n = block(a, root, QUIRE_HEADING, title->no)) == NULL)
			goto nomem;
		n->as.heading.level = 1;
		TRY(article_inlines(a->doc, n, title->s, title->len, smart, title->no));
	} else if (title) {
		char *text = plain(a, title->s, title->len);
		int ok = text && quire_meta_set(a->doc, "title", text);
		free(text);
		if (!ok)
			goto nomem;
	}
	for (size_t i = 0; i < a->nunits; i++) {
		const struct unit *u = &a->units[i];
		switch (u->kind) {
		case U_DEAD:
			continue;
		case U_BREAK:
			list = NULL;
			if (block(a, root, QUIRE_THEMATIC_BREAK, u->line) == NULL)
				goto nomem;
			continue;
		case U_HEADING:
			list = NULL;
			if ((n = block(a, root, QUIRE_HEADING, u->line)) == NULL)
				goto nomem;
			n->as.heading.level = 2;
			break;
		case U_PARA:
			list = NULL;
			if ((n = block(a, root, QUIRE_PARAGRAPH, u->line)) == NULL)
				goto nomem;
			break;
		case U_ITEM:
			if (list && (last_item->ordered != u->ordered || last_item->delim != u->delim))
				list = NULL;
			if (list == NULL) {
				list = block(a, root, u->ordered ? QUIRE_ORDERED_LIST : QUIRE_BULLET_LIST,
				             u->line);
				if (list == NULL)
					goto nomem;
				list->as.list.start = u->ordered ? u->number : 1;
				list->as.list.delim = u->ordered ? u->delim : 0;
			} else if (u->first) {
				list->as.list.tight = false;
			}
			last_item = u;
			n = block(a, list, QUIRE_LIST_ITEM, u->line);
			if (n == NULL || (n = block(a, n, QUIRE_PARAGRAPH, u->line)) == NULL)
				goto nomem;
			break;
		}
		TRY(article_inlines(a->doc, n, u->text.data, u->text.len, smart, u->line));
	}
out:
	return st;
nomem:
	st = QUIRE_ERR_NOMEM;
	goto out;
}

static enum quire_status article_read(quire_doc *doc, const char *src, size_t len,
                                      const struct quire_read_options *opts,
                                      struct quire_log *log)
{
	enum quire_status st = QUIRE_OK;
	struct article a = {.doc = doc, .opts = opts};
	struct qstr norm = {0};
	const struct line *title = NULL;
	size_t body = 0;

	TRY(normalise(src, len, &norm));
	TRY(split_lines(&a, norm.data, norm.len));
	TRY(title_and_byline(&a, &body, &title));
	for (size_t i = body; i < a.nlines;) {
		size_t end = i;
		while (end < a.nlines && a.lines[end].len > 0)
			end++;
		if (end > i)
			TRY(block_units(&a, i, end));
		i = end + 1;
	}
	TRY(repair_paragraphs(&a));
	size_t lead = next_alive(&a, (size_t)-1);
	if (lead < a.nunits) {
		char iso[11];
		const struct unit *u = &a.units[lead];
		if (u->kind == U_PARA && quire_doc_meta(doc)->date == NULL &&
		    article_dateline(u->text.data, u->text.len, iso) && !quire_meta_set(doc, "date", iso)) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		find_headings(&a, lead);
	}
	TRY(emit(&a, title));
	/* Article text says nothing of its language: guess it, so that the
	 * writers tag and hyphenate it as what it is (metadata from the
	 * command line still replaces it). */
	if (quire_doc_meta(doc)->lang == NULL) {
		char *lang = quire_guess_lang(norm.data ? norm.data : "", norm.len);
		if (lang && !quire_meta_set(doc, "lang", lang))
			st = QUIRE_ERR_NOMEM;
		free(lang);
	}
out:
	for (size_t i = 0; i < a.nunits; i++)
		qstr_free(&a.units[i].text);
	free(a.units);
	free(a.lines);
	qstr_free(&norm);
	return st;
}

const struct quire_reader quire_reader_article = {
	.name = "article",
	.extensions = "txt,text",
	.description = "plain article text: title, byline, dateline, paragraphs",
	.read = article_read,
};
