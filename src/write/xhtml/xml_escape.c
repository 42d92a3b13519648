/* Escaping for XML text, attribute values, URLs and names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xhtml.h"

/* XML 1.0 section 2.2 allows tab, LF, CR and most of Unicode. DEL and the
 * C1 controls are allowed by XML but not by HTML, and no reader wants
 * them, so they go too. */
static bool xml_allowed(int32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if (cp >= 0x7f && cp <= 0x9f)
		return false;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return false;
	return cp != 0xfffe && cp != 0xffff && cp <= 0x10ffff;
}

/* The bytes xml_escape() looks at: controls, non-ASCII, DEL, & < > ";
 * in text, tab and line feed pass as they are. */
static const bool special[2][256] = {
	{[0x00 ... 0x08] = true, [0x0b ... 0x1f] = true, ['&'] = true, ['<'] = true, ['>'] = true,
	 ['"'] = true, [0x7f ... 0xff] = true},
	{[0x00 ... 0x1f] = true, ['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true,
	 [0x7f ... 0xff] = true},
};

/* True when one of the 8 bytes of x is special[] (SWAR: a byte's high
 * bit is set where it is below 0x20 or above 0x7E, or one of & < > "). */
static bool special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
#define HAS_ZERO(v) (((v) - ones) & ~(v) & highs)
	uint64_t control = (x - ones * 0x20) & ~x & highs;
	uint64_t high = x & highs;
	uint64_t del = HAS_ZERO(x ^ (ones * 0x7F));
	uint64_t amp = HAS_ZERO(x ^ (ones * '&'));
	uint64_t lt = HAS_ZERO(x ^ (ones * '<'));
	uint64_t gt = HAS_ZERO(x ^ (ones * '>'));
	uint64_t quot = HAS_ZERO(x ^ (ones * '"'));
#undef HAS_ZERO
	return (control | high | del | amp | lt | gt | quot) != 0;
}

/* The length of the well-formed character at p (lead byte 0xC2 or more)
 * when XML may hold it as it is, else 0. Two- and three-byte forms, most
 * of any non-Latin text, are checked here without a call. */
static size_t plain_multibyte(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	if (c < 0xE0) {
		/* U+0080..U+009F (C2 80..C2 9F) are C1 controls. */
		if (left < 2 || (p[1] & 0xC0) != 0x80 || (c == 0xC2 && p[1] < 0xA0))
			return 0;
		return 2;
	}
	if (c < 0xF0) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0; /* overlong, or a surrogate */
		if (c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
			return 0; /* U+FFFE, U+FFFF */
		return 3;
	}
	int32_t cp;
	int n = quire_utf8_decode((const char *)p, left, &cp);
	return n >= 2 && xml_allowed(cp) ? (size_t)n : 0;
}

size_t xml_escape(struct qstr *out, const char *s, size_t len, bool attr)
{
	size_t dropped = 0;
	size_t i = 0;
	const bool *stop = special[attr];

	while (i < len) {
		size_t run = i;
		/* Copy plain text in runs: ASCII and well-formed characters an
		 * XML document may hold, which is nearly all of any text. */
		for (;;) {
			for (uint64_t x; len - run >= 8 && (memcpy(&x, s + run, 8), !special8(x));)
				run += 8;
			while (run < len && !stop[(unsigned char)s[run]])
				run++;
			if (run >= len || (unsigned char)s[run] < 0xC2)
				break;
			size_t n = plain_multibyte((const unsigned char *)s + run, len - run);
			if (n == 0)
				break;
			run += n;
		}
		if (run > i)
			qstr_append(out, s + i, run - i);
		i = run;
		if (i >= len)
			break;
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': qstr_puts(out, "&amp;"); i++; continue;
		case '<': qstr_puts(out, "&lt;"); i++; continue;
		/* Always escaped, so "]]>" can never appear. */
		case '>': qstr_puts(out, "&gt;"); i++; continue;
		case '"': qstr_puts(out, attr ? "&quot;" : "\""); i++; continue;
		default: break;
		}
		int32_t cp;
		int n = quire_utf8_decode(s + i, len - i, &cp);
		if (n < 1)
			n = 1;
		if (!xml_allowed(cp)) {
			dropped++;
		} else if (cp == '\r' || ((cp == '\n' || cp == '\t') && attr)) {
			/* A parser would normalise these anyway; say so plainly. */
			qstr_putc(out, attr ? ' ' : '\n');
		} else if (cp == 0xfffd) {
			/* Invalid UTF-8 decodes to U+FFFD too: write the real one. */
			qstr_puts(out, "\xEF\xBF\xBD");
		} else {
			qstr_append(out, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	return dropped;
}

bool url_has_scheme(const char *url, size_t *scheme_len)
{
	const char *p = url;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	if (scheme_len)
		*scheme_len = (size_t)(p - url);
	return *p == ':';
}

size_t xml_escape_url(struct qstr *out, const char *url)
{
	struct qstr enc = {0};
	size_t dropped = 0;

	qstr_append(&enc, "", 0);
	quire_url_encode(&enc, url);
	if (enc.oom)
		out->oom = true;
	else
		dropped = xml_escape(out, enc.data, enc.len, true);
	qstr_free(&enc);
	return dropped;
}

/* XML 1.0 fifth edition, productions [4] and [4a], without ':'. */
static bool name_start(int32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) ||
	       (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) ||
	       (c >= 0x200c && c <= 0x200d) || (c >= 0x2070 && c <= 0x218f) ||
	       (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) ||
	       (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) ||
	       (c >= 0x10000 && c <= 0xeffff);
}

static bool name_char(int32_t c)
{
	return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xb7 ||
	       (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/* Letters, digits, '-', '_' and '.': an ASCII name needs no decoding. */
static bool ascii_name(const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

void xml_ncname(struct qstr *out, const char *s)
{
	size_t start = out->len;
	size_t len = strlen(s);

	/* The usual case, a slug starting with a letter, is its own name. */
	if (len > 0 && (((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') || s[0] == '_') && ascii_name(s)) {
		qstr_append(out, s, len);
		return;
	}

	for (size_t i = 0; i < len;) {
		int32_t cp;
		int n = quire_utf8_decode(s + i, len - i, &cp);
		if (n < 1)
			n = 1;
		bool first = out->len == start;
		if (first && !name_start(cp) && name_char(cp))
			qstr_puts(out, "x-");
		if (name_char(cp) && cp != 0xfffd)
			qstr_append(out, s + i, (size_t)n);
		i += (size_t)n;
	}
	if (out->len == start)
		qstr_puts(out, "x");
}
