/* Percent-encoding of link targets, one rule for every writer. */
#include "core.h"

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void quire_url_encode(struct qstr *out, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* RFC 3986 allows neither non-ASCII bytes nor these; an IRI
		 * would keep the former, but epubcheck (RSC-020) and the PDF
		 * /URI string take only a URI. A '%' that starts no escape is
		 * itself escaped, so the target decodes back to what was
		 * written. */
		bool bad = c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
		           c == '^' || c == '`' || c == '{' || c == '|' || c == '}' ||
		           (c == '%' && !(is_hex(p[1]) && is_hex(p[2])));
		if (bad) {
			qstr_putc(out, '%');
			qstr_putc(out, hex[c >> 4]);
			qstr_putc(out, hex[c & 15]);
		} else {
			qstr_putc(out, (char)c);
		}
	}
}
