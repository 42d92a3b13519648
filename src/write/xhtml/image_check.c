/* Whether an image file can go into a book, and in what form. PNG and
 * JPEG files get the core's check, which every writer shares (a full
 * decode); GIF, which only EPUB and HTML take, a structural check here
 * (reading systems and epubcheck reject truncated bitmaps). An SVG file
 * is parsed and sanitised by the core (svg.c), and the book gets the
 * sanitised tree written out, never the file's own bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/svg.h"
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

static const char *clean_svg(unsigned char **data, size_t *len,
                             struct quire_svg_removed *removed)
{
	struct quire_svg svg;
	unsigned char *out = NULL;
	size_t out_len = 0;
	const char *why = quire_svg_parse(*data, *len, &svg);
	if (why == NULL)
		why = quire_svg_write(&svg, &out, &out_len);
	if (why == NULL) {
		free(*data);
		*data = out;
		*len = out_len;
		if (removed)
			*removed = svg.removed;
	}
	quire_svg_free(&svg);
	return why;
}

const char *xhtml_image_vet(unsigned char **data, size_t *len, const char *media_type,
                            struct quire_svg_removed *removed)
{
	if (removed)
		*removed = (struct quire_svg_removed){0};
	if (strcmp(media_type, "image/png") == 0 || strcmp(media_type, "image/jpeg") == 0) {
		/* The check the PDF writer makes too: a file one writer
		 * refuses, every writer refuses. */
		struct quire_image img;
		const char *why = quire_image_check(*data, *len, false, &img);
		quire_image_free(&img);
		return why;
	}
	if (strcmp(media_type, "image/gif") == 0)
		return check_gif(*data, *len);
	if (strcmp(media_type, "image/svg+xml") == 0)
		return clean_svg(data, len, removed);
	return "not a PNG, JPEG, GIF or SVG image";
}

void xhtml_svg_removed(char *buf, size_t size, const struct quire_svg_removed *removed)
{
	bool one = removed->count == 1;
	snprintf(buf, size, "removed %u part%s that could refer outside the file or run scripts (%s)",
	         removed->count, one ? "" : "s", removed->kinds);
}
