/* UTF-8 repair and coding, plain text of inlines, slugs, paths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core.h"

int quire_utf8_decode(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	if (n < 1) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (int)n;
}

int quire_utf8_encode(int32_t cp, char *buf)
{
	return (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
}

/* True when the 8 bytes at p are all ASCII and none is NUL. */
static bool ascii8(const char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof(x));
	uint64_t zero = (x - 0x0101010101010101ULL) & ~x;
	return ((x | zero) & 0x8080808080808080ULL) == 0;
}

/* The offset of the first byte at or after i that starts no valid UTF-8
 * sequence (a NUL counts as invalid), or len. */
static size_t valid_until(const char *src, size_t len, size_t i)
{
	while (i < len) {
		if (len - i >= 8 && ascii8(src + i)) {
			i += 8;
			continue;
		}
		unsigned char c = (unsigned char)src[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = c == 0 ? -1
		                            : utf8proc_iterate((const utf8proc_uint8_t *)src + i,
		                                               (utf8proc_ssize_t)(len - i), &cp);
		if (n < 1)
			return i;
		i += (size_t)n;
	}
	return len;
}

bool quire_utf8_valid(const char *src, size_t len)
{
	return valid_until(src, len, 0) == len;
}

char *quire_utf8_repair(const char *src, size_t len, size_t *out_len, unsigned *bad_line,
                        unsigned *bad_col, size_t *repairs)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	struct qstr out = {0};
	size_t i = 0, run = 0;

	*bad_line = *bad_col = 0;
	*repairs = 0;
	qstr_append(&out, "", 0);
	while ((i = valid_until(src, len, i)) < len) {
		qstr_append(&out, src + run, i - run);
		qstr_append(&out, replacement, 3);
		/* The first repair's position is counted only when there is
		 * one: valid input pays nothing for it. */
		if (*repairs == 0) {
			unsigned line = 1;
			size_t line_start = 0;
			for (const char *nl = src; (nl = memchr(nl, '\n', (size_t)(src + i - nl)));) {
				line++;
				line_start = (size_t)(++nl - src);
			}
			*bad_line = line;
			*bad_col = (unsigned)(i - line_start + 1);
		}
		(*repairs)++;
		i++;
		run = i;
	}
	qstr_append(&out, src + run, len - run);
	if (out.oom) {
		qstr_free(&out);
		return NULL;
	}
	*out_len = out.len;
	return out.data;
}

static char *plain_text(const quire_node *node, bool images)
{
	struct qstr s = {0};
	struct quire_iter it;

	qstr_append(&s, "", 0);
	quire_iter_init(&it, (quire_node *)node);
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER)
			continue;
		if (n->kind == QUIRE_IMAGE && !images) {
			quire_iter_skip_children(&it);
			continue;
		}
		switch (n->kind) {
		case QUIRE_TEXT:
		case QUIRE_CODE:
			qstr_append(&s, n->as.literal.text, n->as.literal.len);
			break;
		case QUIRE_SOFT_BREAK:
		case QUIRE_HARD_BREAK:
			qstr_putc(&s, ' ');
			break;
		case QUIRE_FOOTNOTE_REF:
		case QUIRE_HTML_INLINE:
		case QUIRE_HTML_BLOCK:
			break;
		case QUIRE_CODE_BLOCK:
			qstr_append(&s, n->as.code.literal.text, n->as.code.literal.len);
			break;
		case QUIRE_DOCUMENT:
		case QUIRE_HEADING:
		case QUIRE_PARAGRAPH:
		case QUIRE_BLOCK_QUOTE:
		case QUIRE_ADMONITION:
		case QUIRE_DEFINITION_LIST:
		case QUIRE_DEFINITION_TERM:
		case QUIRE_DEFINITION:
		case QUIRE_DETAILS:
		case QUIRE_SUMMARY:
		case QUIRE_FIGURE:
		case QUIRE_CAPTION:
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
		case QUIRE_LIST_ITEM:
		case QUIRE_THEMATIC_BREAK:
		case QUIRE_TABLE:
		case QUIRE_TABLE_ROW:
		case QUIRE_TABLE_CELL:
		case QUIRE_FOOTNOTE_DEF:
		case QUIRE_EMPH:
		case QUIRE_STRONG:
		case QUIRE_STRIKETHROUGH:
		case QUIRE_SUPERSCRIPT:
		case QUIRE_SUBSCRIPT:
		case QUIRE_KBD:
		case QUIRE_MARK:
		case QUIRE_UNDERLINE:
		case QUIRE_LINK:
		case QUIRE_IMAGE:
			break;
		}
	}
	if (s.oom) {
		qstr_free(&s);
		return NULL;
	}
	return s.data;
}

char *quire_node_plain_text(const quire_node *node)
{
	return plain_text(node, true);
}

char *quire_node_shown_text(const quire_node *node)
{
	return plain_text(node, false);
}

/* quire_slugify() for ASCII text, where folding is lowering, letters
 * and digits are the characters kept, and no normalisation applies. */
static void slugify_ascii(struct qstr *s, const char *text, bool github)
{
	bool pending_dash = false;

	for (const char *p = text; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (pending_dash && s->len > 0)
				qstr_putc(s, '-');
			pending_dash = false;
			qstr_putc(s, c);
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (github)
				qstr_putc(s, '-');
			else
				pending_dash = true;
		}
	}
}

/* GitHub's slugs turn every space into '-', so runs and ends stay; ours
 * join a run into one and drop it at the ends. */
static char *slugify(const char *text, bool github)
{
	utf8proc_uint8_t *folded = NULL;
	struct qstr s = {0};
	bool pending_dash = false;
	const char *p = text;

	while (*p && (unsigned char)*p < 0x80)
		p++;
	if (*p == '\0') {
		qstr_append(&s, "", 0);
		slugify_ascii(&s, text, github);
		goto done;
	}

	/* NFC and case folding in one pass; text is valid UTF-8 by contract,
	 * so a failure here means memory. */
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	qstr_append(&s, "", 0);
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(folded + i, n - i, &cp);
		if (len < 1)
			break;
		utf8proc_category_t cat = utf8proc_category(cp);
		bool keep = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
		            cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
		            cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_ND ||
		            cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO ||
		            cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
		            cp == '-' || cp == '_';
		bool space = cat == UTF8PROC_CATEGORY_ZS || cp == ' ' || cp == '\t' || cp == '\n';
		if (keep) {
			if (pending_dash && s.len > 0)
				qstr_putc(&s, '-');
			pending_dash = false;
			qstr_append(&s, (const char *)folded + i, (size_t)len);
		} else if (space) {
			if (github)
				qstr_putc(&s, '-');
			else
				pending_dash = true;
		}
		i += len;
	}
	free(folded);
done:
	if (s.len == 0 && !github)
		qstr_puts(&s, "section");
	if (s.oom) {
		qstr_free(&s);
		return NULL;
	}
	return s.data;
}

char *quire_slugify(const char *text)
{
	return slugify(text, false);
}

char *quire_slugify_github(const char *text)
{
	return slugify(text, true);
}

char *quire_path_dirname(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

const char *quire_path_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}
