/* Paper sizes and lengths. */
#include "paper.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "25mm", "1in", "72pt", "2.5cm", "72" (points). */
bool pdf_parse_length(const char *s, size_t len, double *pt)
{
	char buf[64], *end;
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	double v = strtod(buf, &end);
	if (end == buf || !(v > 0) || !isfinite(v))
		return false;
	while (*end == ' ')
		end++;
	if (!*end || strcasecmp(end, "pt") == 0)
		*pt = v;
	else if (strcasecmp(end, "mm") == 0)
		*pt = v * 72.0 / 25.4;
	else if (strcasecmp(end, "cm") == 0)
		*pt = v * 72.0 / 2.54;
	else if (strcasecmp(end, "in") == 0)
		*pt = v * 72.0;
	else
		return false;
	return true;
}

bool pdf_parse_paper(const char *s, double *w, double *h)
{
	static const struct { const char *name; double w, h; } sizes[] = {
		{"a4", 595.276, 841.890}, {"letter", 612, 792}, {"legal", 612, 1008},
		{"a5", 419.528, 595.276}, {"a6", 297.638, 419.528}, {"a3", 841.890, 1190.551},
		{"b5", 498.898, 708.661},
	};
	if (!s || !*s)
		s = "a4";
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strcasecmp(s, sizes[i].name) == 0) {
			*w = sizes[i].w;
			*h = sizes[i].h;
			return true;
		}
	const char *x = strpbrk(s, "xX");
	if (!x)
		return false;
	const char *unit = x + 1 + strspn(x + 1, "0123456789. ");
	/* "210x297mm": the unit after H applies to W as well. */
	size_t wl = (size_t)(x - s);
	char wbuf[64];
	if (wl == 0 || wl + strlen(unit) >= sizeof(wbuf))
		return false;
	memcpy(wbuf, s, wl);
	wbuf[wl] = 0;
	if (strspn(wbuf, "0123456789. ") == wl)
		strcat(wbuf, unit);
	return pdf_parse_length(wbuf, strlen(wbuf), w) && pdf_parse_length(x + 1, strlen(x + 1), h);
}

