/*
 * The txt backend: plain text for reading in a terminal or an e-mail,
 * wrapped to --columns (default 72) by display width.
 *
 * Conventions:
 * - Title block: title and subtitle centred, each on its own line(s), with
 *   a centred rule of '=' as wide as the wider of them; then a blank line
 *   and the authors ("A", "A and B", "A, B and C") and the date, centred.
 * - Headings: level 1 underlined with '=', level 2 with '-' (as wide as
 *   the heading text); levels 3 to 6 as "### Heading".
 * - Emphasis _x_, strong **x**, strikethrough ~~x~~; inline code in
 *   backticks `x` (more backticks when the code holds some).
 * - Superscript and subscript in Unicode's superscript and subscript
 *   characters (2³¹, H₂O) when every character of the text has one, else
 *   ^(x) and _(x). Keys, highlighted and underlined text as they are.
 * - Lists: "-" bullets; numbers keep the start number and delimiter and
 *   are right-aligned; continuation lines hang under the text; task items
 *   "[ ]" / "[x]". Loose lists have blank lines between items.
 * - Block quotes "> " (nested "> > "); code blocks indented 4 spaces, never
 *   wrapped (blank lines at their ends dropped, those inside kept);
 *   thematic break "* * *" centred.
 * - Paragraphs wrap at spaces and between CJK characters, never inside a
 *   word (a word wider than the line stands alone on its line); a source
 *   line end is a space, or nothing between two CJK characters.
 * - Tables: columns separated by two spaces, alignment honoured; a rule of
 *   '-' across the table above and below it, and one per column under the
 *   header; cells wrap when the table is too wide, and then body rows are
 *   separated by blank lines. A cell across columns takes their width and
 *   the gaps between them; a cell down several rows runs on beside them.
 * - Footnotes "word[1]"; links "text [n]"; both share one numbering: notes
 *   take 1..N in order of first reference, links N+1... in order of first
 *   appearance (the same URL keeps its number). At the end, under a rule of
 *   20 '-', the notes "[1] text" (hanging indent), then the URLs
 *   "[n] url", numbers right-aligned. Autolinks (text equal to the URL, or
 *   to it without "mailto:" or "http://") and links to "#anchors" get no
 *   number. Undefined notes show as "[^label]".
 * - Definition lists: each term on its own line, plain; its definitions
 *   under it indented by 4, with no blank line between a term and its
 *   definition (nor between definitions in a tight list).
 * - Details: the summary in bold as a run-in title, the start of the first
 *   paragraph ("**Summary** text..."), or a paragraph of its own when the
 *   content does not start with a paragraph.
 * - Images "[image: alt]"; raw HTML is dropped.
 * - No trailing spaces, no two blank lines in a row outside code blocks,
 *   one final newline.
 *
 * The tree is walked with the ENTER/EXIT iterator; what nesting needs
 * (quote and list prefixes) lives on a heap stack of frames.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/core.h"
#include "wrap.h"

/* Spaces between two table columns. */
#define TXT_COLUMN_GAP 2

/* A container's contribution to the start of each line inside it. */
struct frame {
	char first[48]; /* on its first line: "> ", "- ", "10. [x] " */
	char cont[48];  /* on the others: "> ", "  " */
	bool used;      /* first has been written */
	int counter;    /* lists: the next item number */
	int numw;       /* ordered lists: digits of the widest number */
};

/* A cell, kept at the grid column where it starts. */
struct tcell {
	char *text; /* NULL when the row has no cell starting here */
	int colspan, rowspan;
	enum quire_align align;
};

struct trow {
	bool header;
	struct tcell *cells; /* ncols entries */
};

struct table {
	int ncols;
	const enum quire_align *align;
	struct trow *rows;
	size_t nrows, cap;
};

struct txt {
	const quire_doc *doc;
	struct qout *o;
	int columns;
	struct frame *frames;
	size_t depth, fcap;
	bool started;       /* a line has been written */
	bool blank;         /* a blank line is due before the next line */
	size_t blank_depth; /* frames whose prefix that blank line carries */
	struct qstr inl;    /* inline text of the paragraph, heading or cell */
	struct qstr wrapped, pre1, pre2, line;
	struct qstr code_pre; /* the prefix of a code block's lines after its first */
	size_t *links; /* offsets in inl where open links' text starts */
	size_t nlinks, lcap;
	size_t *scripts; /* offsets in inl where open super- and subscripts start */
	size_t nscripts, scap;
	struct qset urls;      /* URL -> its number */
	const char **url_list; /* in order of number */
	size_t nurls, ucap;
	int first_link_number;
	struct table *table;
	bool runin; /* inl holds a details' summary, to start the next paragraph */
	int summary; /* inside a summary: bold already, strong adds no marks */
	bool oom;
};

static const char *cstr(const struct qstr *s)
{
	return s->data ? s->data : "";
}

/* The three filters below copy p in one piece and then rework the copy
 * in place: what they write is never longer than what they read, and one
 * append per text beats one per run of it. */

/* Document text minus control characters (tabs and newlines become
 * spaces): they would break the layout, and TXT_GLUE must stay ours. */
static void put_clean(struct qstr *s, const char *p, size_t len)
{
	size_t at = s->len;

	qstr_append(s, p, len);
	if (s->oom)
		return;
	char *d = s->data + at, *q = d, *end = d + len;
	for (; q < end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c >= 0x20 && c != 0x7f)
			*d++ = (char)c;
		else if (c == '\t' || c == '\n' || c == '\r')
			*d++ = ' ';
	}
	*d = '\0';
	s->len = (size_t)(d - s->data);
}

/* Prose as a browser shows it: a run of spaces is one space, even
 * across text nodes (raw HTML dropped between them leaves two). */
static void put_text(struct qstr *s, const char *p, size_t len)
{
	bool space = s->len && (s->data[s->len - 1] == ' ' || s->data[s->len - 1] == TXT_SOFT);
	size_t at = s->len;

	qstr_append(s, p, len);
	if (s->oom)
		return;
	char *d = s->data + at, *q = d, *end = d + len;
	for (; q < end; q++) {
		unsigned char c = (unsigned char)*q;
		bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (!is_space && c >= 0x20 && c != 0x7f) {
			*d++ = (char)c;
			space = false;
			continue;
		}
		if (is_space && !space)
			*d++ = ' ';
		space = space || is_space;
	}
	*d = '\0';
	s->len = (size_t)(d - s->data);
}

/* The length of the start of p free of control characters and DEL,
 * looked at eight bytes at a time. */
static size_t no_controls(const char *p, size_t len)
{
	size_t i = 0;
	for (; len - i >= 8; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, sizeof(x));
		uint64_t low = (x - 0x2020202020202020ULL) & ~x;           /* < 0x20 */
		uint64_t del = ((x ^ 0x7f7f7f7f7f7f7f7fULL) - 0x0101010101010101ULL) &
		               ~(x ^ 0x7f7f7f7f7f7f7f7fULL);              /* == 0x7f */
		if ((low | del) & 0x8080808080808080ULL)
			break;
	}
	while (i < len && (unsigned char)p[i] >= 0x20 && p[i] != 0x7f)
		i++;
	return i;
}

/* Code keeps its tabs; other control characters (escape sequences, a
 * stray CR) are dropped so the text cannot drive the terminal. */
static void put_code_line(struct qstr *s, const char *p, size_t len)
{
	size_t at = s->len, i = 0;

	qstr_append(s, p, len);
	if (s->oom)
		return;
	char *base = s->data + at;
	/* Most lines have nothing to drop: the copy stands as it is. */
	for (;;) {
		i += no_controls(base + i, len - i);
		if (i == len)
			return;
		if (base[i] != '\t')
			break;
		i++;
	}
	size_t d = i;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)base[i];
		if ((c >= 0x20 && c != 0x7f) || c == '\t')
			base[d++] = (char)c;
	}
	base[d] = '\0';
	s->len = at + d;
}

/* ---- lines ---- */

static void write_line(struct txt *t, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	qout_write(t->o, s, len);
	qout_putc(t->o, '\n');
	t->started = true;
}

static void request_blank(struct txt *t)
{
	if (!t->blank || t->blank_depth > t->depth)
		t->blank_depth = t->depth;
	t->blank = true;
}

/* Emits a due blank line, carrying the prefixes (quote marks) of the
 * containers that hold both what came before and what comes next. */
static void flush_blank(struct txt *t)
{
	if (t->blank && t->started) {
		qstr_clear(&t->pre2);
		qstr_append(&t->pre2, "", 0);
		for (size_t i = 0; i < t->blank_depth; i++)
			qstr_puts(&t->pre2, t->frames[i].cont);
		write_line(t, cstr(&t->pre2), t->pre2.len);
	}
	t->blank = false;
}

static void put_line(struct txt *t, const char *s, size_t len)
{
	flush_blank(t);
	write_line(t, s, len);
}

/* Each '\n'-terminated line of buf. */
static void put_lines(struct txt *t, const struct qstr *buf)
{
	const char *p = cstr(buf), *end = p + buf->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		put_line(t, p, (size_t)(nl - p));
		p = nl + 1;
	}
}

/* The prefixes of the next line (pre1) and of the lines after it (pre2). */
static void build_prefixes(struct txt *t)
{
	qstr_clear(&t->pre1);
	qstr_clear(&t->pre2);
	qstr_append(&t->pre1, "", 0);
	qstr_append(&t->pre2, "", 0);
	for (size_t i = 0; i < t->depth; i++) {
		const struct frame *f = &t->frames[i];
		qstr_puts(&t->pre1, f->used ? f->cont : f->first);
		qstr_puts(&t->pre2, f->cont);
	}
}

static void mark_used(struct txt *t)
{
	for (size_t i = 0; i < t->depth; i++)
		t->frames[i].used = true;
}

/* The prefixes' display width; first and cont of a frame are equally wide. */
static int prefix_width(struct txt *t)
{
	int w = 0;
	for (size_t i = 0; i < t->depth; i++)
		w += txt_width(t->frames[i].cont, strlen(t->frames[i].cont));
	return w;
}

/* Starts t->line with the next line's prefix. */
static void begin_line(struct txt *t)
{
	build_prefixes(t);
	mark_used(t);
	qstr_clear(&t->line);
	qstr_append(&t->line, t->pre1.data, t->pre1.len);
}

static void put_wrapped(struct txt *t, const char *text, size_t len)
{
	build_prefixes(t);
	qstr_clear(&t->wrapped);
	if (!txt_wrap(&t->wrapped, text, len, t->columns, cstr(&t->pre1), cstr(&t->pre2)))
		t->oom = true;
	if (t->wrapped.len)
		mark_used(t);
	put_lines(t, &t->wrapped);
}

static struct frame *push(struct txt *t)
{
	if (!QUIRE_RESERVE(t->frames, t->fcap, t->depth + 1))
		t->oom = true;
	if (t->oom)
		return NULL;
	struct frame *f = &t->frames[t->depth++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* A container that never wrote its first line (an empty list item or
 * quote) still shows its marker. */
static void pop(struct txt *t)
{
	if (t->depth == 0)
		return;
	if (!t->frames[t->depth - 1].used && t->frames[t->depth - 1].first[0]) {
		begin_line(t);
		put_line(t, cstr(&t->line), t->line.len);
	}
	t->depth--;
	if (t->blank && t->blank_depth > t->depth)
		t->blank_depth = t->depth;
}

/* Blocks are separated by a blank line, except inside a tight list. A
 * block there also swallows the blank line due from its own end (a loose
 * list nested in a tight one), so that its tight siblings stay together. */
static void end_block(struct txt *t, const quire_node *n)
{
	if (quire_list_item_is_tight(n->kind == QUIRE_LIST_ITEM ? n : n->parent))
		t->blank = false;
	else
		request_blank(t);
}

/* ---- blocks ---- */

static int heading_level(const quire_node *n)
{
	int level = n->as.heading.level;
	return level < 1 ? 1 : level > 6 ? 6 : level;
}

static void put_heading(struct txt *t, const quire_node *n)
{
	int maxw = 0, pw;
	const char *p, *end;

	put_wrapped(t, cstr(&t->inl), t->inl.len);
	if (heading_level(n) > 2 || t->wrapped.len == 0)
		return;
	pw = prefix_width(t);
	p = cstr(&t->wrapped);
	end = p + t->wrapped.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int w = txt_width(p, (size_t)(nl - p)) - pw;
		if (w > maxw)
			maxw = w;
		p = nl + 1;
	}
	if (maxw <= 0)
		return;
	begin_line(t);
	for (int i = 0; i < maxw; i++)
		qstr_putc(&t->line, heading_level(n) == 1 ? '=' : '-');
	put_line(t, cstr(&t->line), t->line.len);
}

static bool is_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/* Code is content: blank lines inside it are kept, runs included (Python
 * puts two between functions). Only blank lines at its ends go, since the
 * block already has a blank line around it. */
/* begin_line() for the lines of one code block: after the first, every
 * container is used and the prefix is the same (its continuation); it is
 * kept aside, as flush_blank() reuses pre2. */
static void code_line(struct txt *t, bool *begun)
{
	if (!*begun) {
		begin_line(t);
		qstr_clear(&t->code_pre);
		qstr_append(&t->code_pre, cstr(&t->pre2), t->pre2.len);
		*begun = true;
		return;
	}
	qstr_clear(&t->line);
	qstr_append(&t->line, cstr(&t->code_pre), t->code_pre.len);
}

static void put_code(struct txt *t, const quire_node *n)
{
	const char *p = n->as.code.literal.text;
	const char *end = p + n->as.code.literal.len;
	size_t pending_blank = 0;
	bool any = false, begun = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (is_blank(p, (size_t)(nl - p))) {
			if (any)
				pending_blank++;
		} else {
			for (; pending_blank > 0; pending_blank--) {
				code_line(t, &begun);
				put_line(t, cstr(&t->line), t->line.len);
			}
			code_line(t, &begun);
			qstr_puts(&t->line, "    ");
			put_code_line(&t->line, p, (size_t)(nl - p));
			put_line(t, cstr(&t->line), t->line.len);
			any = true;
		}
		p = nl + 1;
	}
}

static void put_centred(struct txt *t, const char *s, size_t len, int avail)
{
	int pad = (avail - txt_width(s, len)) / 2;
	begin_line(t);
	for (int i = 0; i < pad; i++)
		qstr_putc(&t->line, ' ');
	qstr_append(&t->line, s, len);
	put_line(t, cstr(&t->line), t->line.len);
}

static void put_break(struct txt *t)
{
	put_centred(t, "* * *", 5, t->columns - prefix_width(t));
}

static void enter_item(struct txt *t, const quire_node *n)
{
	struct frame *list = t->depth ? &t->frames[t->depth - 1] : NULL;
	const quire_node *p = n->parent;
	char marker[40];
	int len;

	if (p && p->kind == QUIRE_ORDERED_LIST && list) {
		len = snprintf(marker, sizeof(marker), "%*d%c ", list->numw, list->counter,
		               p->as.list.delim == ')' ? ')' : '.');
		if (list->counter < INT_MAX)
			list->counter++;
	}
	else
		len = snprintf(marker, sizeof(marker), "- ");
	if (n->as.item.task != QUIRE_TASK_NONE)
		len += snprintf(marker + len, sizeof(marker) - (size_t)len, "[%c] ",
		                n->as.item.task == QUIRE_TASK_CHECKED ? 'x' : ' ');
	struct frame *f = push(t);
	if (f == NULL)
		return;
	memcpy(f->first, marker, (size_t)len + 1);
	memset(f->cont, ' ', (size_t)len);
	f->cont[len] = '\0';
}

/* An admonition is a quote whose first line is its label in capitals. */
static void enter_admonition(struct txt *t, const quire_node *n)
{
	const char *label = quire_admonition_label(n->as.admonition.type);
	struct frame *f = push(t);

	if (f == NULL)
		return;
	strcpy(f->first, "> ");
	strcpy(f->cont, "> ");
	begin_line(t);
	for (const char *p = label; *p; p++)
		qstr_putc(&t->line, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
	put_line(t, cstr(&t->line), t->line.len);
}

/* A list pushes a frame with empty prefixes that numbers its items. */
static void enter_list(struct txt *t, const quire_node *n)
{
	long long count = 0;
	char a[24], b[24];

	for (const quire_node *c = n->first_child; c; c = c->next)
		count++;
	struct frame *f = push(t);
	if (f == NULL)
		return;
	f->used = true;
	f->counter = n->as.list.start;
	long long last = (long long)n->as.list.start + (count ? count - 1 : 0);
	if (last > INT_MAX)
		last = INT_MAX;
	int wa = snprintf(a, sizeof(a), "%d", n->as.list.start);
	int wb = snprintf(b, sizeof(b), "%lld", last);
	f->numw = wa > wb ? wa : wb;
}

/* ---- tables ---- */

static void free_table(struct table *tb)
{
	if (tb == NULL)
		return;
	for (size_t r = 0; r < tb->nrows; r++) {
		if (tb->rows[r].cells)
			for (int c = 0; c < tb->ncols; c++)
				free(tb->rows[r].cells[c].text);
		free(tb->rows[r].cells);
	}
	free(tb->rows);
	free(tb);
}

static void table_row(struct txt *t, const quire_node *n)
{
	struct table *tb = t->table;
	if (tb == NULL)
		return;
	if (!QUIRE_RESERVE(tb->rows, tb->cap, tb->nrows + 1))
		t->oom = true;
	if (t->oom)
		return;
	struct trow *r = &tb->rows[tb->nrows];
	r->header = n->as.row.header;
	r->cells = calloc(tb->ncols ? (size_t)tb->ncols : 1, sizeof(*r->cells));
	if (r->cells == NULL) {
		t->oom = true;
		return;
	}
	tb->nrows++;
}

static void table_cell(struct txt *t, const quire_node *n)
{
	struct table *tb = t->table;
	int c = n->as.cell.column;
	if (tb == NULL || tb->nrows == 0 || c < 0 || c >= tb->ncols)
		return;
	char *s = strdup(cstr(&t->inl));
	if (s == NULL) {
		t->oom = true;
		return;
	}
	struct tcell *cell = &tb->rows[tb->nrows - 1].cells[c];
	free(cell->text);
	cell->text = s;
	/* The model keeps spans inside the grid (doc.h); this keeps a
	 * writer's arrays safe from a tree that breaks that. */
	cell->colspan = n->as.cell.colspan < 1 ? 1 : n->as.cell.colspan;
	if (cell->colspan > tb->ncols - c)
		cell->colspan = tb->ncols - c;
	cell->rowspan = n->as.cell.rowspan < 1 ? 1 : n->as.cell.rowspan;
	cell->align = n->as.cell.align != QUIRE_ALIGN_NONE ? n->as.cell.align
	              : tb->align                         ? tb->align[c]
	                                                  : QUIRE_ALIGN_NONE;
}

/* Wraps a cell to width into t->wrapped; returns its widest line. */
static int wrap_cell(struct txt *t, const char *s, int width, int *lines)
{
	int maxw = 0;
	const char *p, *end;

	qstr_clear(&t->wrapped);
	if (!txt_wrap(&t->wrapped, s ? s : "", s ? strlen(s) : 0, width, "", ""))
		t->oom = true;
	p = cstr(&t->wrapped);
	end = p + t->wrapped.len;
	*lines = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int w = txt_width(p, (size_t)(nl - p));
		if (w > maxw)
			maxw = w;
		(*lines)++;
		p = nl + 1;
	}
	return maxw;
}

/* Column widths: each column's widest cell when the table fits; else each
 * gets its longest word, and the room left is shared in proportion to
 * how much more each would like. A cell across columns counts after the
 * others, widening its columns only when they are too narrow together. */
static void table_widths(struct txt *t, int *w)
{
	struct table *tb = t->table;
	int n = tb->ncols, lines;
	long long total_min = 0, total_max = 0;
	int *minw = calloc((size_t)n, sizeof(int)), *maxw = calloc((size_t)n, sizeof(int));

	if (minw == NULL || maxw == NULL) {
		t->oom = true;
		goto out;
	}
	for (int c = 0; c < n; c++) {
		minw[c] = maxw[c] = 1;
		for (size_t r = 0; r < tb->nrows; r++) {
			const struct tcell *cell = &tb->rows[r].cells[c];
			if (cell->colspan > 1)
				continue;
			int a = wrap_cell(t, cell->text, INT_MAX / 2, &lines);
			int b = wrap_cell(t, cell->text, 1, &lines);
			if (a > maxw[c])
				maxw[c] = a;
			if (b > minw[c])
				minw[c] = b;
		}
	}
	for (size_t r = 0; r < tb->nrows; r++)
		for (int c = 0; c < n; c++) {
			const struct tcell *cell = &tb->rows[r].cells[c];
			if (cell->colspan <= 1)
				continue;
			quire_columns_widen(maxw, c, cell->colspan,
			                    wrap_cell(t, cell->text, INT_MAX / 2, &lines), TXT_COLUMN_GAP);
			quire_columns_widen(minw, c, cell->colspan, wrap_cell(t, cell->text, 1, &lines),
			                    TXT_COLUMN_GAP);
		}
	for (int c = 0; c < n; c++) {
		if (maxw[c] < minw[c])
			maxw[c] = minw[c];
		total_min += minw[c];
		total_max += maxw[c];
	}
	long long room = (long long)t->columns - prefix_width(t) - 2LL * (n - 1);
	if (total_max <= room) {
		memcpy(w, maxw, (size_t)n * sizeof(int));
	} else if (total_min >= room) {
		memcpy(w, minw, (size_t)n * sizeof(int));
	} else {
		long long extra = room - total_min, span = total_max - total_min, given = 0;
		for (int c = 0; c < n; c++) {
			long long add = extra * (maxw[c] - minw[c]) / span;
			w[c] = minw[c] + (int)add;
			given += add;
		}
		for (int c = 0; given < extra; c = (c + 1) % n) {
			if (w[c] < maxw[c]) {
				w[c]++;
				given++;
			}
		}
	}
out:
	free(minw);
	free(maxw);
}

/* A rule of '-': per column under the header, else across the table.
 * The rules above and below keep a one-column table from reading as a
 * heading underlined with '-'. */
static void put_table_rule(struct txt *t, const int *w, int n, bool per_column)
{
	begin_line(t);
	for (int c = 0; c < n; c++) {
		if (c > 0)
			qstr_puts(&t->line, per_column ? "  " : "--");
		for (int k = 0; k < w[c]; k++)
			qstr_putc(&t->line, '-');
	}
	put_line(t, cstr(&t->line), t->line.len);
}

/* The line of a wrapped cell at *off ("" past its end); moves *off on. */
static const char *next_line(const char *s, size_t *off, size_t *len)
{
	s += *off;
	if (*s == '\0') {
		*len = 0;
		return "";
	}
	const char *nl = strchr(s, '\n');
	*len = nl ? (size_t)(nl - s) : strlen(s);
	*off += *len + (nl != NULL);
	return s;
}

/* What is being drawn in a grid column: the cell that starts there, in
 * this row or one above, until the row it ends in. */
struct tdraw {
	char *lines;  /* the cell wrapped to its width */
	size_t off;   /* the next line in lines */
	size_t end;   /* the row after the cell's last */
	int span;     /* its columns; 0 in a column a cell to the left covers */
	enum quire_align align;
};

/* Is there a blank line between body rows before row r? */
static bool table_gap(const struct table *tb, size_t r, bool multiline)
{
	return multiline && r > 0 && !tb->rows[r].header && !tb->rows[r - 1].header;
}

/* One line of the table: each cell's next line; on a gap line (between
 * rows), only the cells that span across it go on. */
static void put_table_line(struct txt *t, struct tdraw *d, const int *w, int n, bool gap, size_t r)
{
	begin_line(t);
	for (int c = 0; c < n; c += d[c].span > 0 ? d[c].span : 1) {
		int cw = quire_columns_width(w, c, d[c].span > 0 ? d[c].span : 1, TXT_COLUMN_GAP);
		size_t len = 0;
		const char *s = "";
		if (d[c].lines && (!gap || d[c].end > r))
			s = next_line(d[c].lines, &d[c].off, &len);
		int pad = cw - txt_width(s, len), left = 0;
		if (pad < 0)
			pad = 0;
		switch (d[c].align) {
		case QUIRE_ALIGN_RIGHT: left = pad; break;
		case QUIRE_ALIGN_CENTER: left = pad / 2; break;
		case QUIRE_ALIGN_LEFT:
		case QUIRE_ALIGN_NONE: left = 0; break;
		}
		if (c > 0)
			qstr_puts(&t->line, "  ");
		for (int k = 0; k < left; k++)
			qstr_putc(&t->line, ' ');
		qstr_append(&t->line, s, len);
		for (int k = left; k < pad; k++)
			qstr_putc(&t->line, ' ');
	}
	put_line(t, cstr(&t->line), t->line.len);
}

/* A table: a cell across columns is set in their width and the
 * separators between them; a cell down several rows runs on through
 * them (the last of them grows when it needs more lines), and the other
 * cells of those rows are drawn beside it. */
static void put_table(struct txt *t)
{
	struct table *tb = t->table;
	int n = tb->ncols, *w = NULL, lines;
	struct tdraw *d = NULL;
	int *heights = NULL;
	bool multiline = false;

	if (n <= 0 || tb->nrows == 0)
		goto out;
	w = calloc((size_t)n, sizeof(int));
	d = calloc((size_t)n, sizeof(*d));
	heights = calloc(tb->nrows, sizeof(int));
	if (w == NULL || d == NULL || heights == NULL) {
		t->oom = true;
		goto out;
	}
	table_widths(t, w);
	for (size_t r = 0; r < tb->nrows; r++) {
		heights[r] = 1;
		for (int c = 0; c < n; c++) {
			const struct tcell *cell = &tb->rows[r].cells[c];
			int cw = quire_columns_width(w, c, cell->colspan ? cell->colspan : 1,
			                             TXT_COLUMN_GAP);
			wrap_cell(t, cell->text, cw, &lines);
			if (cell->rowspan <= 1 && lines > heights[r])
				heights[r] = lines;
			/* A cell down several rows that needs more than a line
			 * each wraps too. */
			if (cell->rowspan > 1 && lines > cell->rowspan)
				multiline |= !tb->rows[r].header;
		}
		if (!tb->rows[r].header && heights[r] > 1)
			multiline = true;
	}
	/* The rows a cell spans grow, the last of them, until it fits. */
	for (size_t r = 0; r < tb->nrows; r++)
		for (int c = 0; c < n; c++) {
			const struct tcell *cell = &tb->rows[r].cells[c];
			if (cell->rowspan <= 1)
				continue;
			size_t last = r + (size_t)cell->rowspan - 1;
			if (last >= tb->nrows)
				last = tb->nrows - 1;
			long long room = 0;
			for (size_t k = r; k <= last; k++)
				room += heights[k] + (k > r && table_gap(tb, k, multiline));
			int cw = quire_columns_width(w, c, cell->colspan ? cell->colspan : 1,
			                             TXT_COLUMN_GAP);
			wrap_cell(t, cell->text, cw, &lines);
			if (lines > room)
				heights[last] += (int)(lines - room);
		}
	put_table_rule(t, w, n, false);
	for (size_t r = 0; r < tb->nrows && !t->oom; r++) {
		const struct trow *row = &tb->rows[r];
		if (table_gap(tb, r, multiline))
			put_table_line(t, d, w, n, true, r);
		/* The cells of this row take their columns; a column that
		 * neither they nor a cell from above cover is blank. */
		for (int c = 0; c < n; c++) {
			const struct tcell *cell = &row->cells[c];
			if (cell->colspan == 0) {
				if (d[c].end <= r) {
					free(d[c].lines);
					d[c] = (struct tdraw){.end = r + 1, .span = 1};
				}
				continue;
			}
			int cw = quire_columns_width(w, c, cell->colspan, TXT_COLUMN_GAP);
			wrap_cell(t, cell->text, cw, &lines);
			free(d[c].lines);
			d[c] = (struct tdraw){.lines = strdup(cstr(&t->wrapped)),
			                      .end = r + (size_t)cell->rowspan,
			                      .span = cell->colspan,
			                      .align = cell->align};
			if (d[c].lines == NULL) {
				t->oom = true;
				goto out;
			}
			for (int k = c + 1; k < c + cell->colspan; k++) {
				free(d[k].lines);
				d[k] = (struct tdraw){.end = d[c].end};
			}
			c += cell->colspan - 1;
		}
		for (int i = 0; i < heights[r]; i++)
			put_table_line(t, d, w, n, false, r);
		if (row->header && (r + 1 == tb->nrows || !tb->rows[r + 1].header))
			put_table_rule(t, w, n, true);
	}
	put_table_rule(t, w, n, false);
out:
	if (d)
		for (int c = 0; c < n; c++)
			free(d[c].lines);
	free(d);
	free(w);
	free(heights);
}

/* ---- inlines ---- */

/* A code span whose spaces belong to it (`git commit -m`): breaking the
 * line inside would make the reader guess where it resumes, so the spaces
 * of a span up to half the line wide do not break. A longer one breaks,
 * rather than stand out past the margin. */
static void put_code_span(struct qstr *s, const char *p, size_t len, int columns)
{
	size_t run = 0, longest = 0, at = s->len;
	for (size_t i = 0; i < len; i++) {
		run = p[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (size_t i = 0; i <= longest; i++)
		qstr_putc(s, '`');
	if (longest && len && p[0] == '`')
		qstr_putc(s, ' ');
	put_clean(s, p, len);
	if (longest && len && p[len - 1] == '`')
		qstr_putc(s, ' ');
	for (size_t i = 0; i <= longest; i++)
		qstr_putc(s, '`');
	if (s->oom || txt_width(s->data + at, s->len - at) > columns / 2)
		return;
	for (char *c = s->data + at; c < s->data + s->len; c++)
		if (*c == ' ')
			*c = TXT_GLUE;
}

static void enter_link(struct txt *t)
{
	if (!QUIRE_RESERVE(t->links, t->lcap, t->nlinks + 1))
		t->oom = true;
	if (!t->oom)
		t->links[t->nlinks++] = t->inl.len;
}

/* Unicode's superscript and subscript forms of ASCII characters, in
 * UTF-8. The Superscripts and Subscripts block (U+2070..U+209C) has the
 * digits, + - = ( ) and a few letters; 1, 2 and 3 are Latin-1's older
 * U+00B9, U+00B2, U+00B3, U+2071..U+2073 being unassigned or a letter. */
static const char *const sup_forms[128] = {
	['0'] = "\xe2\x81\xb0", ['1'] = "\xc2\xb9",     ['2'] = "\xc2\xb2",
	['3'] = "\xc2\xb3",     ['4'] = "\xe2\x81\xb4", ['5'] = "\xe2\x81\xb5",
	['6'] = "\xe2\x81\xb6", ['7'] = "\xe2\x81\xb7", ['8'] = "\xe2\x81\xb8",
	['9'] = "\xe2\x81\xb9", ['+'] = "\xe2\x81\xba", ['-'] = "\xe2\x81\xbb",
	['='] = "\xe2\x81\xbc", ['('] = "\xe2\x81\xbd", [')'] = "\xe2\x81\xbe",
	['i'] = "\xe2\x81\xb1", ['n'] = "\xe2\x81\xbf",
};

static const char *const sub_forms[128] = {
	['0'] = "\xe2\x82\x80", ['1'] = "\xe2\x82\x81", ['2'] = "\xe2\x82\x82",
	['3'] = "\xe2\x82\x83", ['4'] = "\xe2\x82\x84", ['5'] = "\xe2\x82\x85",
	['6'] = "\xe2\x82\x86", ['7'] = "\xe2\x82\x87", ['8'] = "\xe2\x82\x88",
	['9'] = "\xe2\x82\x89", ['+'] = "\xe2\x82\x8a", ['-'] = "\xe2\x82\x8b",
	['='] = "\xe2\x82\x8c", ['('] = "\xe2\x82\x8d", [')'] = "\xe2\x82\x8e",
	['a'] = "\xe2\x82\x90", ['e'] = "\xe2\x82\x91", ['o'] = "\xe2\x82\x92",
	['x'] = "\xe2\x82\x93", ['h'] = "\xe2\x82\x95", ['k'] = "\xe2\x82\x96",
	['l'] = "\xe2\x82\x97", ['m'] = "\xe2\x82\x98", ['n'] = "\xe2\x82\x99",
	['p'] = "\xe2\x82\x9a", ['s'] = "\xe2\x82\x9b", ['t'] = "\xe2\x82\x9c",
};

static void enter_script(struct txt *t)
{
	if (!QUIRE_RESERVE(t->scripts, t->scap, t->nscripts + 1))
		t->oom = true;
	if (!t->oom)
		t->scripts[t->nscripts++] = t->inl.len;
}

/* The script's text, as txt has rendered it so far, is rewritten in the
 * forms when it all has them; a character without one (a letter Unicode
 * lacks, a space, a mark of emphasis) would leave a half-raised word that
 * reads as another, so the whole text is bracketed instead: ^(iπ). */
static void exit_script(struct txt *t, const char *const forms[128], char mark)
{
	size_t start, len, i, at;

	if (t->nscripts == 0 || t->oom)
		return;
	start = t->scripts[--t->nscripts];
	if (start > t->inl.len)
		return;
	len = t->inl.len - start;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t->inl.data[start + i];
		if (c >= 128 || forms[c] == NULL)
			break;
	}
	at = t->inl.len;
	if (i == len) {
		for (i = 0; i < len; i++)
			qstr_puts(&t->inl, forms[(unsigned char)t->inl.data[start + i]]);
		if (t->inl.oom)
			return;
		memmove(t->inl.data + start, t->inl.data + at, t->inl.len - at);
		t->inl.len = start + (t->inl.len - at);
		t->inl.data[t->inl.len] = '\0';
		return;
	}
	qstr_puts(&t->inl, "^(");
	if (t->inl.oom)
		return;
	memmove(t->inl.data + start + 2, t->inl.data + start, len);
	t->inl.data[start] = mark;
	t->inl.data[start + 1] = '(';
	qstr_putc(&t->inl, ')');
}

/* Is the link's text its URL minus scheme? Autolinks show the address
 * already: <https://x>, <me@x> (mailto:) and GFM's www.x (http://). */
static bool same_as_url(const char *url, const char *scheme, const char *text, size_t tlen)
{
	size_t sl = strlen(scheme);
	return strncmp(url, scheme, sl) == 0 && strlen(url + sl) == tlen &&
	       memcmp(url + sl, text, tlen) == 0;
}

static void exit_link(struct txt *t, const quire_node *n)
{
	const char *url = n->as.link.url;
	size_t start, tlen;
	unsigned *num;
	int added;

	if (t->nlinks == 0)
		return;
	start = t->links[--t->nlinks];
	tlen = t->inl.len - start;
	const char *text = cstr(&t->inl) + start;
	if (url[0] == '#') {
		/* A link to another file of a book: the reader turns to the
		 * section by its title. */
		const quire_node *heading = quire_doc_cross_link(t->doc, n);
		char *title = heading ? quire_node_plain_text(heading) : NULL;
		if (heading && title == NULL)
			t->oom = true;
		if (title) {
			qstr_puts(&t->inl, " (see \"");
			put_clean(&t->inl, title, strlen(title));
			qstr_puts(&t->inl, "\")");
		}
		free(title);
		return;
	}
	if (url[0] == '\0')
		return;
	if (same_as_url(url, "", text, tlen) || same_as_url(url, "mailto:", text, tlen) ||
	    same_as_url(url, "http://", text, tlen))
		return;
	if (tlen == 0) {
		/* "[](url)": the URL is all there is to show. */
		put_clean(&t->inl, url, strlen(url));
		return;
	}
	added = qset_add(&t->urls, url, &num);
	if (added < 0) {
		t->oom = true;
		return;
	}
	if (added) {
		if (!QUIRE_RESERVE(t->url_list, t->ucap, t->nurls + 1))
			t->oom = true;
		if (t->oom)
			return;
		t->url_list[t->nurls++] = url;
		*num = (unsigned)(t->first_link_number + (int)t->nurls - 1);
	}
	qstr_printf(&t->inl, "%c[%u]", TXT_GLUE, *num);
}

static void put_image(struct txt *t, const quire_node *n)
{
	char *alt = quire_node_plain_text(n);
	if (alt == NULL) {
		t->oom = true;
		return;
	}
	if (alt[0]) {
		qstr_puts(&t->inl, "[image:");
		qstr_putc(&t->inl, TXT_GLUE);
		put_clean(&t->inl, alt, strlen(alt));
		qstr_putc(&t->inl, ']');
	} else {
		qstr_puts(&t->inl, "[image]");
	}
	free(alt);
}

/* ---- the walk ---- */

/* Levels 3 to 6 start with their '#' marks; 1 and 2 are underlined. */
static void enter_heading(struct txt *t, const quire_node *n)
{
	qstr_clear(&t->inl);
	if (heading_level(n) <= 2)
		return;
	for (int i = 0; i < heading_level(n); i++)
		qstr_putc(&t->inl, '#');
	qstr_putc(&t->inl, TXT_GLUE);
}

/* A table's cells are kept until its end, when the widths are known. */
static void enter_table(struct txt *t, const quire_node *n)
{
	free_table(t->table);
	t->table = calloc(1, sizeof(*t->table));
	if (t->table == NULL) {
		t->oom = true;
		return;
	}
	t->table->ncols = n->as.table.columns;
	t->table->align = n->as.table.align;
}

/* Renders root's subtree. A footnote definition is rendered only as the
 * root (from the notes at the end); elsewhere it is skipped. */
static void render(struct txt *t, const quire_node *root)
{
	struct quire_iter it;
	enum quire_event ev;

	quire_iter_init(&it, (quire_node *)root);
	while (!t->oom && (ev = quire_iter_next(&it)) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		bool enter = ev == QUIRE_EV_ENTER;

		switch (n->kind) {
		case QUIRE_DOCUMENT:
		case QUIRE_HTML_BLOCK:
		case QUIRE_HTML_INLINE:
			break;
		case QUIRE_FIGURE:
			/* Its blocks as they are, its caption a paragraph. */
			if (!enter)
				end_block(t, n);
			break;
		case QUIRE_PARAGRAPH:
		case QUIRE_CAPTION:
			if (enter && t->runin) {
				qstr_putc(&t->inl, ' ');
				t->runin = false;
			} else if (enter) {
				qstr_clear(&t->inl);
			} else {
				put_wrapped(t, cstr(&t->inl), t->inl.len);
				end_block(t, n);
			}
			break;
		case QUIRE_HEADING:
			if (enter) {
				enter_heading(t, n);
			} else {
				put_heading(t, n);
				end_block(t, n);
			}
			break;
		case QUIRE_BLOCK_QUOTE:
			if (enter) {
				struct frame *f = push(t);
				if (f) {
					strcpy(f->first, "> ");
					strcpy(f->cont, "> ");
				}
			} else {
				pop(t);
				end_block(t, n);
			}
			break;
		case QUIRE_ADMONITION:
			if (enter) {
				enter_admonition(t, n);
			} else {
				pop(t);
				end_block(t, n);
			}
			break;
		case QUIRE_DEFINITION_LIST:
			if (!enter)
				end_block(t, n);
			break;
		case QUIRE_DEFINITION_TERM:
			if (enter) {
				qstr_clear(&t->inl);
			} else {
				put_wrapped(t, cstr(&t->inl), t->inl.len);
				/* The next term or the definition follows at once. */
				t->blank = false;
			}
			break;
		case QUIRE_DEFINITION:
			if (enter) {
				struct frame *f = push(t);
				if (f) {
					strcpy(f->first, "    ");
					strcpy(f->cont, "    ");
				}
			} else {
				pop(t);
				if (n->parent && n->parent->kind == QUIRE_DEFINITION_LIST &&
				    n->parent->as.deflist.tight && n->next &&
				    n->next->kind == QUIRE_DEFINITION)
					t->blank = false;
				else
					request_blank(t);
			}
			break;
		case QUIRE_DETAILS:
			if (!enter) {
				end_block(t, n);
			}
			break;
		case QUIRE_SUMMARY:
			if (enter) {
				qstr_clear(&t->inl);
				qstr_puts(&t->inl, "**");
				t->summary++;
			} else {
				t->summary--;
				qstr_puts(&t->inl, "**");
				if (n->next && n->next->kind == QUIRE_PARAGRAPH) {
					t->runin = true;
				} else {
					put_wrapped(t, cstr(&t->inl), t->inl.len);
					end_block(t, n);
				}
			}
			break;
		case QUIRE_BULLET_LIST:
		case QUIRE_ORDERED_LIST:
			if (enter) {
				enter_list(t, n);
			} else {
				pop(t);
				end_block(t, n);
			}
			break;
		case QUIRE_LIST_ITEM:
			if (enter) {
				enter_item(t, n);
			} else {
				pop(t);
				end_block(t, n);
			}
			break;
		case QUIRE_CODE_BLOCK:
			put_code(t, n);
			end_block(t, n);
			break;
		case QUIRE_THEMATIC_BREAK:
			put_break(t);
			end_block(t, n);
			break;
		case QUIRE_TABLE:
			if (enter) {
				enter_table(t, n);
			} else if (t->table) {
				put_table(t);
				free_table(t->table);
				t->table = NULL;
				end_block(t, n);
			}
			break;
		case QUIRE_TABLE_ROW:
			if (enter)
				table_row(t, n);
			break;
		case QUIRE_TABLE_CELL:
			if (enter)
				qstr_clear(&t->inl);
			else
				table_cell(t, n);
			break;
		case QUIRE_FOOTNOTE_DEF:
			if (n != root && enter)
				quire_iter_skip_children(&it);
			break;
		case QUIRE_TEXT:
			put_text(&t->inl, n->as.literal.text, n->as.literal.len);
			break;
		case QUIRE_SOFT_BREAK:
			qstr_putc(&t->inl, TXT_SOFT);
			break;
		case QUIRE_HARD_BREAK:
			/* Two breaks in a row would make a blank line inside
			 * the paragraph. */
			if (t->inl.len && t->inl.data[t->inl.len - 1] != '\n')
				qstr_putc(&t->inl, '\n');
			break;
		case QUIRE_EMPH:
			qstr_putc(&t->inl, '_');
			break;
		case QUIRE_STRONG:
			if (t->summary == 0)
				qstr_puts(&t->inl, "**");
			break;
		case QUIRE_STRIKETHROUGH:
			qstr_puts(&t->inl, "~~");
			break;
		case QUIRE_SUPERSCRIPT:
		case QUIRE_SUBSCRIPT:
			if (enter)
				enter_script(t);
			else if (n->kind == QUIRE_SUPERSCRIPT)
				exit_script(t, sup_forms, '^');
			else
				exit_script(t, sub_forms, '_');
			break;
		case QUIRE_KBD:
		case QUIRE_MARK:
		case QUIRE_UNDERLINE:
			/* Plain text has no key caps, tint or rule; pandoc's plain
			 * writer too leaves the text as it is. */
			break;
		case QUIRE_CODE:
			put_code_span(&t->inl, n->as.literal.text, n->as.literal.len, t->table ? 0 : t->columns);
			break;
		case QUIRE_LINK:
			if (enter)
				enter_link(t);
			else
				exit_link(t, n);
			break;
		case QUIRE_IMAGE:
			if (enter) {
				put_image(t, n);
				quire_iter_skip_children(&it);
			}
			break;
		case QUIRE_FOOTNOTE_REF:
			if (n->as.footnote.def && n->as.footnote.number > 0)
				qstr_printf(&t->inl, "[%d]", n->as.footnote.number);
			else
				qstr_printf(&t->inl, "[^%s]", n->as.footnote.label);
			break;
		}
		if (t->inl.oom || t->line.oom || t->pre1.oom || t->pre2.oom || t->wrapped.oom)
			t->oom = true;
	}
}

/* Metadata strings are plain text; control characters become spaces. */
static void put_title_text(struct txt *t, const char *s, int *maxw)
{
	const char *p, *end;

	qstr_clear(&t->inl);
	put_clean(&t->inl, s, strlen(s));
	qstr_clear(&t->wrapped);
	if (!txt_wrap(&t->wrapped, cstr(&t->inl), t->inl.len, t->columns, "", ""))
		t->oom = true;
	p = cstr(&t->wrapped);
	end = p + t->wrapped.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int w = txt_width(p, (size_t)(nl - p));
		if (maxw && w > *maxw)
			*maxw = w;
		put_centred(t, p, (size_t)(nl - p), t->columns);
		p = nl + 1;
	}
}

static void put_title(struct txt *t, const struct quire_meta *m)
{
	int maxw = 0;
	struct qstr s = {0};

	if (m->title)
		put_title_text(t, m->title, &maxw);
	if (m->subtitle)
		put_title_text(t, m->subtitle, &maxw);
	if (maxw > 0) {
		for (int i = 0; i < maxw; i++)
			qstr_putc(&s, '=');
		put_centred(t, cstr(&s), s.len, t->columns);
		request_blank(t);
	}
	qstr_clear(&s);
	for (size_t i = 0; i < m->author_count; i++) {
		if (i > 0)
			qstr_puts(&s, i + 1 == m->author_count ? " and " : ", ");
		qstr_puts(&s, m->authors[i]);
	}
	if (s.len)
		put_title_text(t, cstr(&s), NULL);
	char shown[QUIRE_DATE_MAX];
	if (m->date)
		put_title_text(t, quire_date_display(m->date, m->lang, shown, sizeof(shown)), NULL);
	if (s.oom)
		t->oom = true;
	qstr_free(&s);
	request_blank(t);
}

/* Notes by number (note k at notes[k - 1]), then the link URLs, under a
 * rule. */
static void put_endnotes(struct txt *t, const quire_node *const *notes, size_t nnotes)
{
	char rule[21];
	int rw = t->columns < 20 ? t->columns : 20;

	if (nnotes == 0 && t->nurls == 0)
		return;
	memset(rule, '-', (size_t)rw);
	request_blank(t);
	put_line(t, rule, (size_t)rw);
	request_blank(t);
	int numw = snprintf(NULL, 0, "%zu", nnotes);
	for (size_t i = 1; i <= nnotes && !t->oom; i++) {
		struct frame *f;
		if (notes[i - 1] == NULL || (f = push(t)) == NULL)
			continue;
		int len = snprintf(f->first, sizeof(f->first), "%*s[%zu] ",
		                   numw - snprintf(NULL, 0, "%zu", i), "", i);
		memset(f->cont, ' ', (size_t)len);
		f->cont[len] = '\0';
		render(t, notes[i - 1]);
		pop(t);
		request_blank(t);
	}
	/* URLs found in the notes are appended while the loop above runs. */
	numw = snprintf(NULL, 0, "%d", t->first_link_number + (int)t->nurls - 1);
	for (size_t i = 0; i < t->nurls && !t->oom; i++) {
		struct frame *f = push(t);
		if (f == NULL)
			break;
		int num = t->first_link_number + (int)i;
		int len = snprintf(f->first, sizeof(f->first), "%*s[%d] ",
		                   numw - snprintf(NULL, 0, "%d", num), "", num);
		memset(f->cont, ' ', (size_t)len);
		f->cont[len] = '\0';
		qstr_clear(&t->inl);
		put_clean(&t->inl, t->url_list[i], strlen(t->url_list[i]));
		for (size_t k = 0; k < t->inl.len; k++)
			if (t->inl.data[k] == ' ')
				t->inl.data[k] = TXT_GLUE;
		put_wrapped(t, cstr(&t->inl), t->inl.len);
		pop(t);
	}
}

static enum quire_status txt_write(const quire_doc *doc, const struct quire_write_options *opts,
                                   struct quire_sink *sink, struct quire_log *log)
{
	struct qout *o = malloc(sizeof(*o));
	struct txt t = {0};
	const quire_node *const *notes;
	size_t nnotes = quire_doc_footnotes(doc, &notes);
	enum quire_status st = QUIRE_OK;

	(void)log;
	if (o == NULL)
		return QUIRE_ERR_NOMEM;
	qout_init(o, sink);
	t.doc = doc;
	t.o = o;
	t.columns = opts->txt.columns > 0 ? opts->txt.columns : 72;
	/* Notes and links share one numbering: notes first. */
	t.first_link_number = (int)nnotes + 1;

	put_title(&t, quire_doc_meta(doc));
	render(&t, quire_doc_root(doc));
	put_endnotes(&t, notes, nnotes);
	if (!t.started)
		qout_putc(o, '\n');
	if (t.oom || t.inl.oom || t.line.oom || t.pre1.oom || t.pre2.oom || t.wrapped.oom ||
	    t.code_pre.oom)
		st = QUIRE_ERR_NOMEM;
	if (st == QUIRE_OK)
		st = qout_finish(o);
	else
		(void)qout_finish(o);
	free(t.frames);
	free(t.links);
	free(t.scripts);
	free(t.url_list);
	free_table(t.table);
	qset_free(&t.urls);
	qstr_free(&t.inl);
	qstr_free(&t.wrapped);
	qstr_free(&t.pre1);
	qstr_free(&t.pre2);
	qstr_free(&t.line);
	qstr_free(&t.code_pre);
	free(o);
	return st;
}

const struct quire_writer quire_writer_txt = {
	.name = "txt",
	.extensions = "txt,text",
	.description = "plain text, wrapped to --columns",
	.binary = false,
	.write = txt_write,
};
