/* Whether an image file can go into a book as it is. PNG and JPEG files
 * get the core's check, which every writer shares (a full decode); GIF
 * and SVG, which only EPUB and HTML take, structural checks here:
 * reading systems and epubcheck reject truncated bitmaps, and SVG files
 * that are not well-formed, run scripts, or load anything from outside
 * the book. */
#include <string.h>

#include "xhtml.h"

/* GIF: a screen descriptor and the trailer byte. */
static const char *check_gif(const unsigned char *d, size_t len)
{
	if (len < 14 || d[len - 1] != 0x3b)
		return "the GIF file is truncated";
	if ((d[6] | d[7] << 8) == 0 || (d[8] | d[9] << 8) == 0)
		return "the GIF image has no size";
	return NULL;
}

static bool starts_with(const unsigned char *p, const unsigned char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static const unsigned char *find(const unsigned char *p, const unsigned char *end, const char *s)
{
	size_t n = strlen(s);
	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

static bool name_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
}

/* An entity reference at p ('&'): only the five XML predefines and
 * character references exist without a DTD. Returns its length, 0 when
 * it is not one. */
static size_t entity(const unsigned char *p, const unsigned char *end)
{
	static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
	for (size_t i = 0; i < 5; i++)
		if (starts_with(p, end, names[i]))
			return strlen(names[i]);
	const unsigned char *q = p + 1;
	if (q < end && *q == '#') {
		q++;
		bool hex = q < end && *q == 'x';
		q += hex;
		const unsigned char *digits = q;
		while (q < end && ((*q >= '0' && *q <= '9') ||
		                   (hex && ((*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F')))))
			q++;
		if (q > digits && q < end && *q == ';')
			return (size_t)(q - p) + 1;
	}
	return 0;
}

/* A reference that stays inside the file: "#id", or a data: URL. */
static bool local_ref(const unsigned char *v, const unsigned char *end)
{
	while (v < end && (*v == ' ' || *v == '\'' || *v == '"'))
		v++;
	return v == end || *v == '#' || starts_with(v, end, "data:");
}

/* Checks an attribute value (between its quotes) of attribute name. */
static const char *check_value(const unsigned char *name, size_t nlen, const unsigned char *v,
                               const unsigned char *end)
{
	bool href = (nlen >= 4 && memcmp(name + nlen - 4, "href", 4) == 0 &&
	             (nlen == 4 || name[nlen - 5] == ':'));
	if (href && !local_ref(v, end))
		return "the SVG file refers to a file outside itself";
	if (nlen >= 2 && (name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N'))
		return "the SVG file has event handlers (scripts)";
	for (const unsigned char *p = v; p < end; p++) {
		if (*p == '<')
			return "the SVG file is not well-formed";
		if (*p == '&' && entity(p, end) == 0)
			return "the SVG file is not well-formed";
		if (starts_with(p, end, "url(") && !local_ref(p + 4, end))
			return "the SVG file refers to a file outside itself";
	}
	return NULL;
}

/* SVG: well-formed XML (tags nest, attributes are quoted, entities are
 * predefined), with no script, foreignObject, DTD subset or reference to
 * another file. Elements nest at most 256 deep, which no drawing needs. */
static const char *check_svg(const unsigned char *d, size_t len, size_t *doctype_at,
                             size_t *doctype_len)
{
	const unsigned char *p = d, *end = d + len;
	const unsigned char *stack[256];
	size_t slen[256], depth = 0;
	bool root_seen = false;
	const char *bad = "the SVG file is not well-formed";

	if (starts_with(p, end, "\xEF\xBB\xBF"))
		p += 3;

	while (p < end) {
		if (*p == '&') {
			size_t n = entity(p, end);
			if (n == 0 || depth == 0)
				return bad;
			p += n;
			continue;
		}
		if (*p != '<') {
			bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
			if (depth == 0 && !space)
				return bad;
			/* Style sheets inside the drawing load files too. */
			if ((starts_with(p, end, "url(") && !local_ref(p + 4, end)) ||
			    starts_with(p, end, "@import"))
				return "the SVG file refers to a file outside itself";
			p++;
			continue;
		}
		if (starts_with(p, end, "<!--")) {
			const unsigned char *q = find(p + 4, end, "-->");
			if (q == NULL)
				return bad;
			p = q + 3;
		} else if (starts_with(p, end, "<![CDATA[")) {
			const unsigned char *q = find(p + 9, end, "]]>");
			if (q == NULL || depth == 0)
				return bad;
			p = q + 3;
		} else if (starts_with(p, end, "<?")) {
			const unsigned char *q = find(p + 2, end, "?>");
			if (q == NULL)
				return bad;
			p = q + 2;
		} else if (starts_with(p, end, "<!DOCTYPE")) {
			const unsigned char *q = p;
			while (q < end && *q != '>' && *q != '[')
				q++;
			if (q == end || *q == '[')
				return "the SVG file has a document type with declarations";
			*doctype_at = (size_t)(p - d);
			*doctype_len = (size_t)(q + 1 - p);
			p = q + 1;
		} else if (p + 1 < end && p[1] == '/') {
			const unsigned char *name = p + 2, *q = name;
			while (q < end && name_byte(*q))
				q++;
			size_t n = (size_t)(q - name);
			while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
				q++;
			if (q == end || *q != '>' || depth == 0 || slen[depth - 1] != n ||
			    memcmp(stack[depth - 1], name, n) != 0)
				return bad;
			depth--;
			p = q + 1;
		} else {
			const unsigned char *name = p + 1, *q = name;
			while (q < end && name_byte(*q))
				q++;
			size_t n = (size_t)(q - name);
			if (n == 0 || (depth == 0 && root_seen))
				return bad;
			if ((n == 6 && memcmp(name, "script", 6) == 0) ||
			    (n >= 7 && memcmp(name + n - 7, ":script", 7) == 0))
				return "the SVG file has scripts";
			if (n >= 13 && memcmp(name + n - 13, "foreignObject", 13) == 0)
				return "the SVG file embeds foreign content";
			/* Attributes: name="value" or name='value'. */
			for (;;) {
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
					q++;
				if (q == end)
					return bad;
				if (*q == '>' || (*q == '/' && q + 1 < end && q[1] == '>'))
					break;
				const unsigned char *an = q;
				while (q < end && name_byte(*q))
					q++;
				size_t alen = (size_t)(q - an);
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
					q++;
				if (alen == 0 || q == end || *q != '=')
					return bad;
				q++;
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
					q++;
				if (q == end || (*q != '"' && *q != '\''))
					return bad;
				const unsigned char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
				if (close == NULL)
					return bad;
				const char *why = check_value(an, alen, q + 1, close);
				if (why)
					return why;
				q = close + 1;
			}
			root_seen = true;
			if (*q == '/') {
				p = q + 2;
				continue;
			}
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return "the SVG file nests too deeply";
			stack[depth] = name;
			slen[depth++] = n;
			p = q + 1;
		}
	}
	return depth == 0 && root_seen ? NULL : bad;
}

const char *xhtml_image_vet(unsigned char *data, size_t *len, const char *media_type)
{
	if (strcmp(media_type, "image/png") == 0 || strcmp(media_type, "image/jpeg") == 0) {
		/* The check the PDF writer makes too: a file one writer
		 * refuses, every writer refuses. */
		struct quire_image img;
		const char *why = quire_image_check(data, *len, false, &img);
		quire_image_free(&img);
		return why;
	}
	if (strcmp(media_type, "image/gif") == 0)
		return check_gif(data, *len);
	if (strcmp(media_type, "image/svg+xml") == 0) {
		size_t at = 0, n = 0;
		const char *why = check_svg(data, *len, &at, &n);
		/* A document type adds nothing once entities are known to be
		 * predefined, and EPUB forbids its external identifiers. */
		if (why == NULL && n > 0) {
			memmove(data + at, data + at + n, *len - at - n);
			*len -= n;
		}
		return why;
	}
	return "not a PNG, JPEG, GIF or SVG image";
}
