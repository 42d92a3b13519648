/* Images and fonts the document refers to: finding them, reading them,
 * and telling their type from their bytes (an extension can lie). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "xhtml.h"

/* Files larger than this are not images a book should carry. */
#define MAX_RESOURCE (64u << 20)

static bool starts(const unsigned char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
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

enum quire_status xhtml_read_file(const char *path, unsigned char **data, size_t *len)
{
	enum quire_status st = QUIRE_ERR_IO;
	struct stat sb;
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;

	*data = NULL;
	*len = 0;
	if (f == NULL)
		goto out;
	if (fstat(fileno(f), &sb) != 0)
		goto out;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	if ((unsigned long long)sb.st_size > MAX_RESOURCE) {
		errno = EFBIG;
		goto out;
	}
	size_t size = (size_t)sb.st_size;
	buf = malloc(size ? size : 1);
	if (buf == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (fread(buf, 1, size, f) != size) {
		errno = EIO;
		goto out;
	}
	*data = buf;
	*len = size;
	buf = NULL;
	st = QUIRE_OK;
out:
	free(buf);
	if (f)
		fclose(f);
	return st;
}

/* Whether a relative path climbs out of its folder. */
static bool escapes(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

void xhtml_resource_free(struct xhtml_resource *res)
{
	free(res->path);
	free(res->data);
	memset(res, 0, sizeof(*res));
}

enum quire_status xhtml_load_image(const struct quire_write_options *opts, struct quire_log *log,
                                   unsigned line, const char *url, struct xhtml_resource *res)
{
	enum quire_status st = QUIRE_OK;
	char *rel = NULL;
	struct qstr candidate = {0};
	const char *why = "not found";

	memset(res, 0, sizeof(*res));
	if (url_has_scheme(url, NULL) || url[0] == '/' || url[0] == '\0') {
		/* Remote and absolute resources are not fetched (yet): the
		 * book must not depend on the network or on the whole disk. */
		why = url[0] == '\0' ? "empty URL" : "only relative paths are embedded";
		goto fail;
	}
	/* The path part, decoded: "my%20cat.png" names "my cat.png". */
	rel = url_decode(url, strcspn(url, "?#"));
	if (rel == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (rel[0] == '\0' || rel[0] == '/' || escapes(rel)) {
		why = "path leaves the input's folder";
		goto fail;
	}
	size_t nplaces = 1 + opts->resource_path_count;
	for (size_t i = 0; i < nplaces; i++) {
		const char *dir = i == 0 ? (opts->input_dir ? opts->input_dir : ".")
		                         : opts->resource_paths[i - 1];
		qstr_clear(&candidate);
		qstr_printf(&candidate, "%s/%s", dir, rel);
		if (candidate.oom) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		st = xhtml_read_file(candidate.data, &res->data, &res->len);
		if (st == QUIRE_ERR_NOMEM)
			goto out;
		if (st == QUIRE_OK)
			break;
		st = QUIRE_OK;
		if (errno != ENOENT) {
			why = strerror(errno);
			goto fail;
		}
	}
	if (res->data == NULL)
		goto fail;
	res->media_type = xhtml_image_type(res->data, res->len, &res->ext);
	if (res->media_type == NULL) {
		why = "not a PNG, JPEG, GIF or SVG image";
		goto fail;
	}
	why = xhtml_image_vet(res->data, &res->len, res->media_type);
	if (why)
		goto fail;
	res->path = candidate.data;
	candidate.data = NULL;
	goto out;
fail:
	char where[32] = "";
	if (line)
		snprintf(where, sizeof(where), "line %u: ", line);
	quire_log_report(log, QUIRE_SEV_WARNING, NULL, 0, 0,
	                 "%simage '%s': %s; its description is shown instead", where, url, why);
	xhtml_resource_free(res);
out:
	free(rel);
	qstr_free(&candidate);
	if (st != QUIRE_OK)
		xhtml_resource_free(res);
	return st;
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
