/* Link targets for annotations. */
#include "uri.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"

char *pdf_uri_ascii(const char *url)
{
	struct qstr q = {0};
	qstr_append(&q, "", 0);
	quire_url_encode(&q, url);
	if (q.oom || !q.data) {
		qstr_free(&q);
		return NULL;
	}
	return q.data;
}

bool pdf_uri_scripted(const char *url)
{
	static const char *const schemes[] = {"javascript:", "vbscript:", "data:"};
	char low[16];
	size_t n = 0;
	for (const char *p = url; *p && n < sizeof(low) - 1; p++)
		if ((unsigned char)*p > ' ')
			low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	low[n] = 0;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(low, schemes[i], strlen(schemes[i])) == 0)
			return true;
	return false;
}

bool pdf_uri_too_long(const char *url)
{
	/* Encoding makes a byte three at most. */
	if (strlen(url) <= PDF_MAX_URI / 3)
		return false;
	char *uri = pdf_uri_ascii(url);
	bool over = uri && strlen(uri) > PDF_MAX_URI;
	free(uri);
	return over;
}
