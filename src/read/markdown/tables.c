/* A guard against cmark-gfm's table blow-up: the table extension pads
 * every row to the delimiter row's column count, so a 150 KB file with
 * 10,000 columns and 10,000 one-cell rows builds 100 million cells (many
 * GB). Counting the cells a table would get is one linear pass. */
#include "read/markdown/markdown.h"

#include <string.h>

static bool is_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

/* The column count of a GFM delimiter row ("| --- | :-: |"), or 0 when
 * the line is not one. */
static size_t delimiter_columns(const char *p, const char *end)
{
	size_t pipes = 0, dashes = 0;
	const char *first = NULL, *last = NULL;
	for (const char *q = p; q < end; q++) {
		switch (*q) {
		case '|': pipes++; break;
		case '-': dashes++; break;
		case ':': case ' ': case '\t': case '\r': break;
		default: return 0;
		}
		if (*q != ' ' && *q != '\t' && *q != '\r') {
			if (first == NULL)
				first = q;
			last = q;
		}
	}
	if (dashes == 0 || first == NULL)
		return 0;
	size_t cols = pipes + 1;
	if (*first == '|')
		cols--;
	if (*last == '|' && last != first)
		cols--;
	return cols ? cols : 1;
}

size_t md_table_cells(const char *src, size_t len)
{
	const char *p = src, *end = src + len;
	size_t total = 0, cols = 0;

	/* Without a pipe there is no table. */
	if (len == 0 || memchr(src, '|', len) == NULL)
		return 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		size_t c;
		if (is_blank(p, eol))
			cols = 0;
		else if (cols > 0)
			total += cols;
		else if ((c = delimiter_columns(p, eol)) > 0) {
			cols = c;
			total += 2 * c; /* the header row and this one */
		}
		if (total > (size_t)-1 / 2)
			return total;
		p = eol < end ? eol + 1 : end;
	}
	return total;
}
