/* Images and fonts the document refers to: finding them, reading them,
 * and telling their type from their bytes (an extension can lie). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xhtml.h"

/* Files larger than this are not images a book should carry. */
#define MAX_RESOURCE (64u << 20)

static bool starts(const unsigned char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* The '>' after the "]" that ends a document type's internal subset
 * (from its '['), spaces between; NULL when there is none before end. */
static const unsigned char *subset_end(const unsigned char *p, const unsigned char *end)
{
	while ((p = memchr(p + 1, ']', (size_t)(end - p - 1)))) {
		const unsigned char *q = p + 1;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q < end && *q == '>')
			return q;
	}
	return NULL;
}

/* An SVG file is XML whose root element is <svg>: skip an optional BOM,
 * the XML declaration, comments and a doctype, then look for "<svg". */
static bool looks_like_svg(const unsigned char *data, size_t len)
{
	size_t i = 0, limit = len < 4096 ? len : 4096;
	if (starts(data, len, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < limit) {
		unsigned char c = data[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c != '<')
			return false;
		if (limit - i >= 4 && memcmp(data + i, "<svg", 4) == 0)
			return true;
		if (limit - i >= 2 && (data[i + 1] == '?' || data[i + 1] == '!')) {
			const unsigned char *gt = memchr(data + i, '>', limit - i);
			const unsigned char *bracket = memchr(data + i, '[', limit - i);
			/* A document type's internal subset holds '>'s: it ends
			 * at "]", spaces, ">". The parser judges it; this only
			 * finds the root's name. */
			if (limit - i >= 9 && memcmp(data + i, "<!DOCTYPE", 9) == 0 && gt &&
			    bracket && bracket < gt)
				gt = subset_end(bracket, data + limit);
			if (gt == NULL)
				return false;
			i = (size_t)(gt - data) + 1;
			continue;
		}
		return false;
	}
	return false;
}

const char *xhtml_image_type(const unsigned char *data, size_t len, const char **ext)
{
	const char *type = NULL, *e = NULL;
	if (starts(data, len, "\x89PNG\r\n\x1a\n", 8)) {
		type = "image/png";
		e = "png";
	} else if (starts(data, len, "\xFF\xD8\xFF", 3)) {
		type = "image/jpeg";
		e = "jpg";
	} else if (starts(data, len, "GIF87a", 6) || starts(data, len, "GIF89a", 6)) {
		type = "image/gif";
		e = "gif";
	} else if (looks_like_svg(data, len)) {
		type = "image/svg+xml";
		e = "svg";
	}
	if (ext)
		*ext = e;
	return type;
}

const char *xhtml_font_type(const unsigned char *data, size_t len, const char **ext)
{
	const char *type = NULL, *e = NULL;
	if (starts(data, len, "\x00\x01\x00\x00", 4) || starts(data, len, "true", 4)) {
		type = "font/ttf";
		e = "ttf";
	} else if (starts(data, len, "OTTO", 4)) {
		type = "font/otf";
		e = "otf";
	} else if (starts(data, len, "wOFF", 4)) {
		type = "font/woff";
		e = "woff";
	} else if (starts(data, len, "wOF2", 4)) {
		type = "font/woff2";
		e = "woff2";
	}
	if (ext)
		*ext = e;
	return type;
}

void xhtml_resource_free(struct xhtml_resource *res)
{
	free(res->path);
	free(res->data);
	memset(res, 0, sizeof(*res));
}

enum quire_status xhtml_load_image(const struct quire_write_options *opts, struct quire_log *log,
                                   const quire_doc *doc, const quire_node *image,
                                   struct xhtml_resource *res)
{
	const char *why, *url = image->as.link.url;
	/* The image is the input's that names it: its folder is where the
	 * image is looked for, its name is the file of the messages. */
	const char *input = quire_doc_input_name(doc, image->input);
	const char *file = quire_node_file(doc, image, opts->filename);
	unsigned line = image->line, column = image->column;
	char *data = NULL;
	struct quire_svg_removed removed = {0};

	memset(res, 0, sizeof(*res));
	/* The core decides what a document may read (the resource path,
	 * no network, regular files only) and says why it refuses. */
	enum quire_status st = quire_resource_load(opts, input, url, "image", file, line, column,
	                                           log, MAX_RESOURCE, &data, &res->len, &res->path);
	if (st == QUIRE_ERR_INPUT)
		return QUIRE_OK;
	if (st != QUIRE_OK)
		return st;
	res->data = (unsigned char *)data;
	res->media_type = xhtml_image_type(res->data, res->len, &res->ext);
	why = res->media_type ? xhtml_image_vet(&res->data, &res->len, res->media_type, &removed)
	                      : "not a PNG, JPEG, GIF or SVG image";
	if (why) {
		/* "FILE:LINE:" with a file; without one, the line in the text. */
		char where[32] = "";
		if (line && !file)
			snprintf(where, sizeof(where), "line %u: ", line);
		quire_log_report(log, QUIRE_SEV_WARNING, file, file ? line : 0, file ? column : 0,
		                 "%simage '%s' not used: %s; its description is shown instead", where, url, why);
		xhtml_resource_free(res);
	} else if (removed.count > 0) {
		/* One warning per image, however many parts went; placed as
		 * the one above. */
		char where[32] = "", what[256];
		if (line && !file)
			snprintf(where, sizeof(where), "line %u: ", line);
		xhtml_svg_removed(what, sizeof(what), &removed);
		quire_log_report(log, QUIRE_SEV_WARNING, file, file ? line : 0, file ? column : 0,
		                 "%simage '%s': %s", where, url, what);
	}
	return QUIRE_OK;
}

void xhtml_base64(struct qstr *out, const unsigned char *data, size_t len)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		char quad[4] = {digits[(v >> 18) & 63], digits[(v >> 12) & 63],
		                i + 1 < len ? digits[(v >> 6) & 63] : '=',
		                i + 2 < len ? digits[v & 63] : '='};
		qstr_append(out, quad, 4);
	}
}
