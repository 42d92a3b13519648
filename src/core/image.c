/* Structural checks of image files, shared by every writer that embeds
 * them, made before any decoder sees the bytes. */
#include <string.h>

#include "core.h"

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Every chunk from the signature to IEND lies within the file, IHDR first.
 * libpng allocates a chunk's declared length before it reads the data, so
 * a tiny file declaring a 2 GB text chunk would cost 2 GB; walked here
 * first, no length can exceed the file's own size. */
const char *quire_image_check_png(const unsigned char *d, size_t len)
{
	size_t i = 8;
	bool first = true;
	if (len < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0)
		return "not a PNG file";
	while (i + 12 <= len) {
		unsigned long n = be32(d + i);
		if (n > len - i - 12)
			return "the PNG file is truncated";
		if (first && memcmp(d + i + 4, "IHDR", 4) != 0)
			return "the PNG file has no header chunk";
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return NULL;
		first = false;
		i += 12 + n;
	}
	return "the PNG file is truncated";
}
