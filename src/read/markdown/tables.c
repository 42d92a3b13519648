/* Guards against cmark-gfm's table blow-ups. The table extension pads
 * every row to the delimiter row's column count, so a 150 KB file with
 * 10,000 columns and 10,000 one-cell rows builds 100 million cells (many
 * GB); counting the cells a table would get is one linear pass. And it
 * appends each cell of a row to a list by walking the list, so a row costs
 * the square of its cells (40,000 columns, 240 KB: 12 s); rows are cut to
 * MD_MAX_COLUMNS cells before cmark-gfm sees them. */
#include "read/markdown/markdown.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

/* cmark-gfm's spacechar: what may follow a pipe before the next cell. */
static bool is_spacechar(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f';
}

size_t md_row_cells(const char *p, const char *end, size_t keep, const char **dropped)
{
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '>'))
		p++;
	if (p < end && *p == '|')
		for (p++; p < end && is_spacechar(*p); p++)
			;
	while (p < end) {
		const char *cell = p;
		/* cmark-gfm's scanner takes the longest run of cell text,
		 * so a backslash before a pipe always escapes it, even
		 * after another backslash. */
		while (p < end && !(*p == '|' && !(p > cell && p[-1] == '\\')))
			p++;
		bool pipe = p < end;
		if (n++ == keep)
			*dropped = cell;
		if (!pipe)
			break;
		for (p++; p < end && is_spacechar(*p); p++)
			;
	}
	return n;
}

/* The column count of a GFM delimiter row ("| --- | :-: |"), or 0 when
 * the line is not one. */
static size_t delimiter_columns(const char *p, const char *end)
{
	size_t pipes = 0, dashes = 0;
	const char *first = NULL, *last = NULL;
	/* A table in a block quote or a list item: its prefix. */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '>'))
		p++;
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

/* Where the line at p ends, before "\r\n", "\n" or "\r". memchr, since
 * every line of every document is looked at. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *stop = nl ? nl : end;
	const char *cr = memchr(p, '\r', (size_t)(stop - p));
	return cr ? cr : stop;
}

/* Past the line ending at eol (line_end's answer) and its terminator. */
static const char *past_eol(const char *eol, const char *end)
{
	if (eol < end && *eol++ == '\r' && eol < end && *eol == '\n')
		eol++;
	return eol;
}

const char *md_line_after(const char *p, const char *end)
{
	return past_eol(line_end(p, end), end);
}

enum quire_status md_tables_cut(const char *src, size_t len, char **out, size_t *out_len,
                                struct md_table_cut *cut)
{
	const char *end = src + len, *copied = src;
	char *dst = NULL;
	size_t n = 0;
	unsigned line = 1;

	memset(cut, 0, sizeof(*cut));
	*out = NULL;
	*out_len = 0;
	/* Rows have more pipes than cells, and most documents no such
	 * line: then there is nothing to do. */
	if (len == 0 || memchr(src, '|', len) == NULL)
		return QUIRE_OK;
	for (const char *p = src; p < end;) {
		/* A run of lines without a blank one: cmark-gfm reads every
		 * line of the paragraph before a delimiter row as a header,
		 * and the lines after it as rows. Only a line at least
		 * MD_MAX_COLUMNS bytes long can hold that many cells, so a
		 * block without one is passed over at the cost of finding its
		 * lines. */
		const char *block = p, *q;
		unsigned block_line = line, nlines = 0;
		bool long_line = false, table = false;
		for (q = p; q < end; nlines++) {
			const char *eol = line_end(q, end);
			if (is_blank(q, eol))
				break;
			if ((size_t)(eol - q) >= MD_MAX_COLUMNS)
				long_line = true;
			q = past_eol(eol, end);
		}
		unsigned next_line = block_line + nlines + (q < end ? 1 : 0);
		p = q < end ? md_line_after(q, end) : end;
		line = next_line;
		if (!long_line)
			continue;
		for (q = block; q < p && !table; q = md_line_after(q, end))
			table = delimiter_columns(q, line_end(q, end)) > 0;
		for (q = block, line = block_line; table && q < p; q = md_line_after(q, end), line++) {
			const char *eol = line_end(q, end), *dropped = NULL;
			size_t cells;
			if ((size_t)(eol - q) < MD_MAX_COLUMNS ||
			    (cells = md_row_cells(q, eol, MD_MAX_COLUMNS, &dropped)) <= MD_MAX_COLUMNS)
				continue;
			if (dst == NULL && (dst = malloc(len)) == NULL)
				return QUIRE_ERR_NOMEM;
			/* Cut after the last pipe kept: a final pipe makes no
			 * cell, so the row keeps MD_MAX_COLUMNS. */
			memcpy(dst + n, copied, (size_t)(dropped - copied));
			n += (size_t)(dropped - copied);
			copied = eol;
			if (cut->lines++ == 0) {
				cut->first_line = line;
				cut->first_column = (unsigned)(dropped - q) + 1;
			}
			cut->cells += cells - MD_MAX_COLUMNS;
		}
		line = next_line;
	}
	if (dst != NULL) {
		memcpy(dst + n, copied, (size_t)(end - copied));
		n += (size_t)(end - copied);
		*out = dst;
		*out_len = n;
	}
	return QUIRE_OK;
}
