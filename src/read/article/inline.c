/* Inline content of article text: [text](url) links, bare http(s) URLs
 * and smart punctuation. One left-to-right pass; every look-ahead stops at
 * the next bracket or space, so the regions scanned ahead never overlap
 * and the whole is linear in the length of the text. */
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../../core/core.h"
#include "article.h"

/* The smart-punctuation state carried across text runs and links: the
 * code point written last (0 at the start of the paragraph). */
struct smart {
	bool on;
	int32_t prev;
};

static bool cp_is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
	       cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
	       cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND ||
	       cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
}

static bool cp_is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' ||
	       (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

/* After these a quote opens: the start, a space, an opening bracket or
 * quote, a dash or a slash. */
static bool opens_after(int32_t prev)
{
	switch (prev) {
	case 0: case '(': case '[': case '{': case '-': case '/':
	case 0x201C: case 0x2018: case 0x00AB: case 0x2039: case 0x201E: case 0x201A:
	case 0x2013: case 0x2014:
		return true;
	default:
		return cp_is_space(prev);
	}
}

/* Words that begin with an elided letter: 'tis, 'twas, 'em, ... and
 * decades such as '90s. An apostrophe before them is not an opening quote. */
static bool elision_follows(const char *s, size_t len)
{
	static const char *const words[] = {"tis", "twas", "twere", "twill", "twould",
	                                    "em", "cause", "til", "bout", "n"};
	size_t n = 0;
	while (n < len && n < 8 && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	                            (s[n] >= '0' && s[n] <= '9')))
		n++;
	if (n < len && n < 8 && (unsigned char)s[n] >= 0x80) {
		int32_t cp;
		quire_utf8_decode(s + n, len - n, &cp);
		if (cp_is_alnum(cp))
			return false; /* a longer word, not an elision */
	}
	if (n == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == 's')
		return true; /* '90s */
	if (n == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9')
		return true; /* class of '17 */
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

static void put_cp(struct qstr *out, struct smart *sm, int32_t cp)
{
	char buf[4];
	qstr_append(out, buf, (size_t)quire_utf8_encode(cp, buf));
	sm->prev = cp;
}

/* Appends s[0..len) to out, with smart punctuation when it is on. Only
 * ASCII ' " - . are touched, so typographic characters already in the
 * text, guillemets and other languages' quotes pass through. */
static void smart_put(struct qstr *out, struct smart *sm, const char *s, size_t from, size_t to,
                      size_t len)
{
	size_t i = from;
	/* The look-ahead sees past the run (a quote before a link opens);
	 * the conversion stays inside it. */
	while (i < to) {
		unsigned char c = (unsigned char)s[i];
		int32_t next = i + 1 < len ? (unsigned char)s[i + 1] : 0;
		if (next >= 0x80)
			quire_utf8_decode(s + i + 1, len - i - 1, &next);
		if (sm->on && c == '"') {
			bool open = opens_after(sm->prev) && next != 0 && !cp_is_space(next);
			put_cp(out, sm, open ? 0x201C : 0x201D);
			i++;
		} else if (sm->on && c == '\'') {
			bool open = opens_after(sm->prev) && next != 0 && !cp_is_space(next) &&
			            !elision_follows(s + i + 1, len - i - 1);
			put_cp(out, sm, open ? 0x2018 : 0x2019);
			i++;
		} else if (sm->on && (c == '-' || c == '.')) {
			size_t run = 1;
			while (i + run < to && s[i + run] == (char)c)
				run++;
			if (c == '-' && run == 2)
				put_cp(out, sm, 0x2013);
			else if (c == '-' && run == 3)
				put_cp(out, sm, 0x2014);
			else if (c == '.' && run >= 3) {
				for (size_t k = 0; k < run / 3; k++)
					put_cp(out, sm, 0x2026);
				for (size_t k = 0; k < run % 3; k++)
					put_cp(out, sm, '.');
			} else {
				for (size_t k = 0; k < run; k++)
					put_cp(out, sm, (int32_t)c);
			}
			i += run;
		} else if (c < 0x80) {
			qstr_putc(out, (char)c);
			sm->prev = c;
			i++;
		} else {
			int32_t cp;
			int n = quire_utf8_decode(s + i, to - i, &cp);
			qstr_append(out, s + i, (size_t)n);
			sm->prev = cp;
			i += (size_t)n;
		}
	}
}

/* The state of one paragraph's parse: text collects until a link needs a
 * node of its own. */
struct inl {
	quire_doc *doc;
	quire_node *parent;
	unsigned line;
	struct smart sm;
	struct qstr text;
};

static quire_node *text_node(struct inl *p, const char *s, size_t len)
{
	quire_node *t = quire_node_new_literal(p->doc, QUIRE_TEXT, s, len);
	if (t)
		t->line = p->line;
	return t;
}

static enum quire_status flush_text(struct inl *p)
{
	if (p->text.oom)
		return QUIRE_ERR_NOMEM;
	if (p->text.len == 0)
		return QUIRE_OK;
	quire_node *t = text_node(p, p->text.data, p->text.len);
	if (t == NULL)
		return QUIRE_ERR_NOMEM;
	quire_node_append(p->parent, t);
	qstr_clear(&p->text);
	return QUIRE_OK;
}

/* A link to url whose text is label (already converted). */
static enum quire_status add_link(struct inl *p, const char *url, size_t url_len,
                                  const char *label, size_t label_len)
{
	enum quire_status st = flush_text(p);
	if (st != QUIRE_OK)
		return st;
	quire_node *link = quire_node_new(p->doc, QUIRE_LINK);
	char *u = quire_doc_strndup(p->doc, url, url_len);
	quire_node *t = text_node(p, label, label_len);
	if (link == NULL || u == NULL || t == NULL)
		return QUIRE_ERR_NOMEM;
	link->line = p->line;
	link->as.link.url = u;
	quire_node_append(link, t);
	quire_node_append(p->parent, link);
	return QUIRE_OK;
}

static bool url_stop(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7f;
	int32_t cp;
	quire_utf8_decode(s + i, len - i, &cp);
	utf8proc_category_t cat = utf8proc_category(cp);
	return cp_is_space(cp) || (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO);
}

/* The length of a bare http(s) URL at s[i], 0 when there is none. Trailing
 * punctuation belongs to the sentence, and a closing parenthesis or
 * bracket to the URL only when it has its opening one. */
static size_t bare_url(const char *s, size_t len, size_t i)
{
	size_t scheme;
	if (len - i > 8 && strncasecmp(s + i, "https://", 8) == 0)
		scheme = 8;
	else if (len - i > 7 && strncasecmp(s + i, "http://", 7) == 0)
		scheme = 7;
	else
		return 0;
	if (i > 0) {
		unsigned char b = (unsigned char)s[i - 1];
		if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		    b == '/' || b == '.' || b == '@')
			return 0;
	}
	/* The host is checked before the scan, so that a scan that starts
	 * always ends in a link and no byte is scanned twice. */
	unsigned char host = i + scheme < len ? (unsigned char)s[i + scheme] : 0;
	if (!((host >= '0' && host <= '9') || (host >= 'a' && host <= 'z') ||
	      (host >= 'A' && host <= 'Z') || host >= 0x80) ||
	    url_stop(s, len, i + scheme))
		return 0;
	size_t end = i + scheme;
	int parens = 0, brackets = 0;
	while (end < len && !url_stop(s, len, end)) {
		parens += s[end] == '(' ? 1 : s[end] == ')' ? -1 : 0;
		brackets += s[end] == '[' ? 1 : s[end] == ']' ? -1 : 0;
		end++;
	}
	for (;;) {
		char last = s[end - 1];
		if (end > i + scheme && strchr(".,;:!?'*_", last)) {
			end--;
		} else if (end > i + scheme && last == ')' && parens < 0) {
			parens++;
			end--;
		} else if (end > i + scheme && last == ']' && brackets < 0) {
			brackets++;
			end--;
		} else {
			break;
		}
	}
	return end - i;
}

/* At s[i] == '[': the end of a [text](url) link (one past its ')'), or 0;
 * *close is the ']' and the url is s[*ua..*ub). The label may hold no
 * bracket and the url no bracket or space (spaces may surround it), which
 * keeps the scans disjoint and turns "[...]" and "[a] (b)" into text. */
static size_t bracket_link(const char *s, size_t len, size_t i, size_t *close, size_t *ua,
                           size_t *ub)
{
	size_t j = i + 1, k;
	int depth = 0;
	while (j < len && s[j] != ']' && s[j] != '[')
		j++;
	if (j + 1 >= len || s[j] != ']' || s[j + 1] != '(')
		return 0;
	for (k = j + 2; k < len && s[k] == ' '; k++)
		;
	*ua = k;
	for (; k < len; k++) {
		char c = s[k];
		if (c == ')' && depth == 0)
			break;
		if (c == ')')
			depth--;
		else if (c == '(')
			depth++;
		else if (c == ' ' || c == '\t' || c == '[' || c == ']' || c == '<' || c == '>')
			break;
	}
	*ub = k;
	while (k < len && s[k] == ' ')
		k++;
	if (k >= len || s[k] != ')')
		return 0;
	*close = j;
	return k + 1;
}

enum quire_status article_inlines(quire_doc *doc, quire_node *parent, const char *s, size_t len,
                                  bool smart, unsigned line)
{
	enum quire_status st = QUIRE_OK;
	struct inl p = {.doc = doc, .parent = parent, .line = line, .sm = {.on = smart}};
	struct qstr label = {0};
	size_t i = 0, run = 0;

	while (i < len) {
		size_t close = 0, end = 0, url_len = 0, ua = 0, ub = 0;
		if (s[i] == '[')
			end = bracket_link(s, len, i, &close, &ua, &ub);
		else if (s[i] == 'h' || s[i] == 'H')
			url_len = bare_url(s, len, i);
		if (end == 0 && url_len == 0) {
			i++;
			continue;
		}
		/* <http://...> is a URL in its usual wrapping, which goes. */
		bool angle = url_len && i > run && s[i - 1] == '<' && i + url_len < len &&
		             s[i + url_len] == '>';
		smart_put(&p.text, &p.sm, s, run, angle ? i - 1 : i, len);
		if (url_len) {
			/* The URL is shown as written: no smart punctuation in it. */
			TRY(add_link(&p, s + i, url_len, s + i, url_len));
			p.sm.prev = (unsigned char)s[i + url_len - 1];
			i += url_len + angle;
		} else {
			const char *url = s + ua;
			size_t ulen = ub - ua;
			if (ulen == 0 || (ulen == 1 && url[0] == '#')) {
				/* A placeholder target: nothing may point nowhere, so
				 * the label stays as plain text. */
				smart_put(&p.text, &p.sm, s, i + 1, close, len);
			} else if (close == i + 1) {
				TRY(add_link(&p, url, ulen, url, ulen));
			} else {
				qstr_clear(&label);
				qstr_append(&label, "", 0);
				smart_put(&label, &p.sm, s, i + 1, close, len);
				if (label.oom) {
					st = QUIRE_ERR_NOMEM;
					goto out;
				}
				TRY(add_link(&p, url, ulen, label.data, label.len));
			}
			i = end;
		}
		run = i;
	}
	smart_put(&p.text, &p.sm, s, run, len, len);
	st = flush_text(&p);
out:
	qstr_free(&label);
	qstr_free(&p.text);
	return st;
}
