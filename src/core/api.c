/* Statuses, messages, options, the registry and the read/write entry
 * points. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core.h"
#include "registry.h"

const char *quire_errmsg(enum quire_status st)
{
	switch (st) {
	case QUIRE_OK: return "success";
	case QUIRE_ERR_INPUT: return "input rejected";
	case QUIRE_ERR_USAGE: return "usage error";
	case QUIRE_ERR_IO: return "input/output error";
	case QUIRE_ERR_NOMEM: return "out of memory";
	case QUIRE_ERR_WARNING: return "warnings treated as errors";
	case QUIRE_ERR_INTERNAL: return "internal error";
	}
	return "unknown status";
}

int quire_exit_code(enum quire_status st)
{
	switch (st) {
	case QUIRE_OK: return 0;
	case QUIRE_ERR_INPUT: return 1;
	case QUIRE_ERR_USAGE: return 2;
	case QUIRE_ERR_IO: return 3;
	case QUIRE_ERR_WARNING: return 4;
	case QUIRE_ERR_NOMEM:
	case QUIRE_ERR_INTERNAL:
		return 5;
	}
	return 5;
}

/* ---- messages ----
 * A message shows strings a document or a command line chose: file names,
 * URLs, image paths, link targets, metadata keys. Shown raw on a terminal,
 * their control characters could recolour it, retitle its window or clear
 * it, so every message shows them as text instead (quire.h). */

/* A message being written into buf (size bytes): used bytes are written,
 * need counts what all of it would take, like snprintf's return. Once a
 * piece does not fit nothing more is written, so no escape and no
 * character is cut in two. */
struct msg_out {
	char *buf;
	size_t size, used, need;
	bool full;
};

/* Appends n bytes; cuttable pieces (plain ASCII) are written as far as
 * they fit. */
static void msg_put(struct msg_out *m, const char *s, size_t n, bool cuttable)
{
	size_t room = m->size > m->used ? m->size - m->used - 1 : 0; /* the NUL's byte kept */
	m->need += n;
	if (m->full)
		return;
	if (n > room) {
		m->full = true;
		if (!cuttable)
			return;
		n = room;
	}
	memcpy(m->buf + m->used, s, n);
	m->used += n;
}

static bool plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Appends s as a message shows it: C0 controls and DEL as \xNN, C1
 * controls (U+0080-U+009F) as \u00NN, each byte that starts no valid UTF-8
 * sequence as \xNN, and everything else as it is, backslashes included.
 * What it writes shows unchanged when shown again, so strings passed on
 * from quire_log_report() to quire_message_format() are not escaped
 * twice. */
static void msg_put_shown(struct msg_out *m, const char *s)
{
	size_t n = strlen(s);
	char esc[8];
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;
		int32_t cp;
		if (plain_ascii(c)) {
			while (i + k < n && plain_ascii((unsigned char)s[i + k]))
				k++;
			msg_put(m, s + i, k, true);
		} else if (c < 0x80) {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			msg_put(m, esc, 4, false);
		} else if ((k = (size_t)quire_utf8_decode(s + i, n - i, &cp)) == 1) {
			/* A lone byte of 0x80 or more is never valid UTF-8. */
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			msg_put(m, esc, 4, false);
		} else if (cp <= 0x9f) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
			msg_put(m, esc, 6, false);
		} else {
			msg_put(m, s + i, k, false);
		}
		i += k;
	}
}

static size_t msg_end(struct msg_out *m)
{
	if (m->size > 0)
		m->buf[m->used] = '\0';
	return m->need;
}

size_t quire_message_format(const struct quire_message *msg, char *buf, size_t size)
{
	struct msg_out m = {.buf = buf, .size = size};
	char where[64] = "";
	if (msg->line && msg->column)
		snprintf(where, sizeof(where), ":%u:%u", msg->line, msg->column);
	else if (msg->line)
		snprintf(where, sizeof(where), ":%u", msg->line);
	msg_put(&m, "quire: ", 7, true);
	if (msg->file)
		msg_put_shown(&m, msg->file);
	msg_put(&m, where, strlen(where), true);
	if (msg->file)
		msg_put(&m, ": ", 2, true);
	if (msg->severity == QUIRE_SEV_WARNING)
		msg_put(&m, "warning: ", 9, true);
	msg_put_shown(&m, msg->text ? msg->text : "");
	return msg_end(&m);
}

/* Drops a UTF-8 sequence that truncation cut short at the end of s (len
 * bytes), so that its first bytes are not shown as \xNN. */
static void drop_cut_character(char *s, size_t len)
{
	size_t i = len;
	while (i > 0 && len - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < want)
		s[i - 1] = '\0';
}

void quire_log_report(struct quire_log *log, enum quire_severity sev, const char *file,
                      unsigned line, unsigned column, const char *fmt, ...)
{
	char raw[1024], text[1024], name[4096];
	va_list ap;

	if (log == NULL)
		return;
	if (sev == QUIRE_SEV_WARNING)
		log->warnings++;
	else
		log->errors++;
	if (log->fn == NULL)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (n < 0)
		raw[0] = '\0';
	else if ((size_t)n >= sizeof(raw))
		drop_cut_character(raw, sizeof(raw) - 1);
	struct msg_out t = {.buf = text, .size = sizeof(text)};
	msg_put_shown(&t, raw);
	msg_end(&t);
	struct quire_message msg = {
		.severity = sev, .file = NULL, .line = line, .column = column, .text = text};
	if (file) {
		struct msg_out f = {.buf = name, .size = sizeof(name)};
		msg_put_shown(&f, file);
		msg_end(&f);
		msg.file = name;
	}
	log->fn(&msg, log->user);
}

void quire_read_options_init(struct quire_read_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->smart = true;
	opts->emoji_shortcodes = true;
}

void quire_write_options_init(struct quire_write_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->timestamp = (long long)time(NULL);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			opts->timestamp = v;
	}
	opts->toc_depth = 3;
	opts->txt.columns = 72;
	opts->epub.split_level = 1;
	opts->pdf.chapter_break = true;
}

const struct quire_reader *const *quire_readers(void)
{
	return quire_reader_registry;
}

const struct quire_writer *const *quire_writers(void)
{
	return quire_writer_registry;
}

/* Whether ext is one of the comma-separated names in list. */
static bool list_has(const char *list, const char *ext)
{
	size_t n = strlen(ext);
	if (n == 0)
		return false;
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncasecmp(p, ext, n) == 0)
			return true;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return false;
}

const struct quire_reader *quire_reader_find(const char *name)
{
	for (const struct quire_reader *const *r = quire_reader_registry; *r; r++)
		if (strcasecmp((*r)->name, name) == 0)
			return *r;
	return NULL;
}

const struct quire_writer *quire_writer_find(const char *name)
{
	for (const struct quire_writer *const *w = quire_writer_registry; *w; w++)
		if (strcasecmp((*w)->name, name) == 0)
			return *w;
	return NULL;
}

const struct quire_reader *quire_reader_for_path(const char *path)
{
	const char *ext = quire_path_extension(path);
	for (const struct quire_reader *const *r = quire_reader_registry; *r; r++)
		if (list_has((*r)->extensions, ext))
			return *r;
	return NULL;
}

const struct quire_writer *quire_writer_for_path(const char *path)
{
	const char *ext = quire_path_extension(path);
	for (const struct quire_writer *const *w = quire_writer_registry; *w; w++)
		if (list_has((*w)->extensions, ext))
			return *w;
	return NULL;
}

/* Markdown block syntax at the start of a line: an ATX heading, a fence, a
 * block quote, a table row, a setext underline, or front matter. Article
 * lists ("- ", "1. ") are shared by both formats and prove nothing. */
static bool line_is_markdown(const char *p, size_t len, bool first_line)
{
	size_t i = 0;
	while (i < len && i < 3 && p[i] == ' ')
		i++;
	p += i;
	len -= i;
	if (len == 0)
		return false;
	if (first_line && len >= 3 && memcmp(p, "---", 3) == 0 && (len == 3 || p[3] == '\r'))
		return true;
	if (p[0] == '#') {
		size_t h = 0;
		while (h < len && p[h] == '#')
			h++;
		return h <= 6 && (h == len || p[h] == ' ');
	}
	if (len >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0))
		return true;
	if (p[0] == '>' )
		return true;
	if (p[0] == '|' && len > 1 && memchr(p + 1, '|', len - 1))
		return true;
	bool underline = len >= 3;
	for (size_t k = 0; k < len && underline; k++)
		underline = p[k] == '=' || p[k] == '\r';
	return underline;
}

const struct quire_reader *quire_reader_detect(const char *src, size_t len)
{
	size_t i = 0;
	bool first = true;
	char *owned = NULL;
	const struct quire_reader *found = NULL;

	/* Judge the text quire_read() will see (UTF-16 converted, lone CRs
	 * as LF), not the raw bytes. */
	if (quire_input_normalize(&src, &len, NULL, NULL, &owned) != QUIRE_OK)
		owned = NULL;
	while (i < len) {
		const char *nl = memchr(src + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - src) : len;
		if (line_is_markdown(src + i, end - i, first)) {
			found = quire_reader_find("markdown");
			break;
		}
		first = false;
		i = end + 1;
	}
	free(owned);
	if (found == NULL)
		found = quire_reader_find("article");
	return found ? found : quire_reader_find("markdown");
}

enum quire_status quire_read(quire_doc *doc, const struct quire_reader *reader, const char *src,
                             size_t len, const struct quire_read_options *opts,
                             struct quire_log *log)
{
	struct quire_read_options defaults;
	if (doc == NULL || reader == NULL)
		return QUIRE_ERR_USAGE;
	if (opts == NULL) {
		quire_read_options_init(&defaults);
		opts = &defaults;
	}
	const char *file = opts->filename ? opts->filename : "-";
	char *owned = NULL;
	/* Once here, for every reader: encodings and line ends before,
	 * the nesting limit after, so no writer sees deeper nesting. */
	if (!quire_doc_begin_input(doc, file))
		return QUIRE_ERR_NOMEM;
	enum quire_status st = quire_input_normalize(&src, &len, file, log, &owned);
	if (st == QUIRE_OK)
		st = reader->read(doc, src, len, opts, log);
	if (st == QUIRE_OK)
		st = quire_doc_limit_nesting(doc, file, log);
	if (st == QUIRE_OK)
		st = quire_doc_limit_meta(doc, file, log);
	free(owned);
	return st;
}

enum quire_status quire_write(quire_doc *doc, const struct quire_writer *writer,
                              const struct quire_write_options *opts, struct quire_sink *out,
                              struct quire_log *log)
{
	struct quire_write_options defaults;
	if (doc == NULL || writer == NULL || out == NULL)
		return QUIRE_ERR_USAGE;
	if (opts == NULL) {
		quire_write_options_init(&defaults);
		opts = &defaults;
	}
	if (!quire_doc_finish(doc))
		return QUIRE_ERR_NOMEM;
	quire_doc_report_lost_links(doc, log);
	return writer->write(doc, opts, out, log);
}
