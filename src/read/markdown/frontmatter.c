/* YAML front matter: finding the block, and turning it into metadata with
 * libyaml's event parser. The walk over events is a loop with a fixed-size
 * frame stack, so nesting costs no C stack; aliases are refused outright,
 * which removes "billion laughs" expansion without counting anything. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "core/core.h"
#include "read/markdown/markdown.h"

/* Deeper YAML than this is not metadata anyone writes by hand. */
#define MAX_DEPTH 64
/* A front matter block with more events than this is rejected: libyaml's
 * work is linear, but there is no reason to accept megabytes of it. */
#define MAX_EVENTS 200000

/* The end of the line starting at p (past its newline, or end). */
static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

/* True when the line at p is exactly fence, then optional blanks. */
static bool is_fence(const char *p, const char *end, const char *fence)
{
	size_t n = strlen(fence);
	if ((size_t)(end - p) < n || memcmp(p, fence, n) != 0)
		return false;
	for (p += n; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static bool is_blank(const char *p, const char *end)
{
	for (; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

bool md_front_matter_find(const char *src, size_t len, struct md_front_matter *fm)
{
	const char *p = src, *end = src + len;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (!is_fence(p, end, "---"))
		return false;
	const char *yaml = next_line(p, end);
	/* "---" followed by a blank line is a thematic break (pandoc agrees). */
	if (yaml == end || is_blank(yaml, end))
		return false;
	unsigned lines = 1;
	for (p = yaml; p < end; p = next_line(p, end)) {
		lines++;
		if (is_fence(p, end, "---") || is_fence(p, end, "...")) {
			fm->yaml = yaml;
			fm->yaml_len = (size_t)(p - yaml);
			fm->yaml_line = 2;
			fm->body_offset = (size_t)(next_line(p, end) - src);
			fm->lines = lines;
			return true;
		}
	}
	return false;
}

enum frame_kind { FRAME_MAP, FRAME_SEQ };

struct frame {
	enum frame_kind kind;
	bool expect_key; /* maps: the next node is a key */
	bool is_key;     /* this collection is itself a map key (ignored) */
	bool name_value; /* maps: the pending value belongs to a "name" key */
};

struct fm_state {
	quire_doc *doc;
	const struct md_front_matter *fm;
	const struct quire_read_options *opts;
	struct quire_log *log;
	struct frame frames[MAX_DEPTH];
	int depth;
	char *key;          /* the current top-level key; NULL when ignored */
	struct qstr joined; /* a sequence under a scalar key, joined by ", " */
	bool joined_any;
};

static bool is_list_key(const char *key)
{
	return strcasecmp(key, "author") == 0 || strcasecmp(key, "authors") == 0 ||
	       strcasecmp(key, "keywords") == 0 || strcasecmp(key, "keyword") == 0;
}

static bool is_keywords(const char *key)
{
	return strcasecmp(key, "keywords") == 0 || strcasecmp(key, "keyword") == 0;
}

/* YAML's null: an empty plain scalar, "~" or "null". Such a value sets
 * nothing rather than the string "null". */
static bool is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* One value for a list key; keywords given as one string are a comma
 * list. */
static enum quire_status add_list_value(struct fm_state *s, const char *value, bool split)
{
	if (value[0] == '\0')
		return QUIRE_OK; /* author: "" names nobody */
	if (!split || !is_keywords(s->key))
		return quire_meta_set(s->doc, s->key, value) ? QUIRE_OK : QUIRE_ERR_NOMEM;
	enum quire_status st = QUIRE_OK;
	struct qstr word = {0};
	const char *p = value;
	for (;;) {
		const char *comma = strchr(p, ',');
		const char *stop = comma ? comma : p + strlen(p);
		while (p < stop && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		const char *q = stop;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n'))
			q--;
		if (q > p) {
			qstr_clear(&word);
			qstr_append(&word, p, (size_t)(q - p));
			if (word.oom || !quire_meta_set(s->doc, s->key, word.data)) {
				st = QUIRE_ERR_NOMEM;
				goto out;
			}
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
out:
	qstr_free(&word);
	return st;
}

/* A scalar value at some depth: decides what it means from the frames. */
static enum quire_status on_value(struct fm_state *s, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	bool author = is_list_key(s->key) && !is_keywords(s->key);

	if (is_null(ev))
		return QUIRE_OK;
	if (s->depth == 1) {
		if (is_list_key(s->key)) {
			quire_meta_clear(s->doc, s->key);
			return add_list_value(s, value, true);
		}
		return quire_meta_set(s->doc, s->key, value) ? QUIRE_OK : QUIRE_ERR_NOMEM;
	}
	if (s->depth == 2 && s->frames[1].kind == FRAME_SEQ) {
		if (is_list_key(s->key))
			return add_list_value(s, value, false);
		if (s->joined_any)
			qstr_puts(&s->joined, ", ");
		qstr_puts(&s->joined, value);
		s->joined_any = true;
		return s->joined.oom ? QUIRE_ERR_NOMEM : QUIRE_OK;
	}
	/* author: {name: X}, or author: [{name: X}, {name: Y}] */
	bool name = s->frames[s->depth - 1].kind == FRAME_MAP && s->frames[s->depth - 1].name_value;
	if (author && name &&
	    ((s->depth == 2 && s->frames[1].kind == FRAME_MAP) ||
	     (s->depth == 3 && s->frames[1].kind == FRAME_SEQ && s->frames[2].kind == FRAME_MAP))) {
		if (s->depth == 2)
			quire_meta_clear(s->doc, s->key);
		return quire_meta_set(s->doc, s->key, value) ? QUIRE_OK : QUIRE_ERR_NOMEM;
	}
	return QUIRE_OK;
}

static enum quire_status on_scalar(struct fm_state *s, yaml_event_t *ev)
{
	if (s->depth == 0)
		return QUIRE_OK; /* a bare scalar document: reported at the end */
	struct frame *f = &s->frames[s->depth - 1];
	if (f->kind == FRAME_MAP && f->expect_key) {
		f->expect_key = false;
		if (s->depth == 1) {
			free(s->key);
			s->key = strdup((const char *)ev->data.scalar.value);
			if (s->key == NULL)
				return QUIRE_ERR_NOMEM;
		} else {
			f->name_value =
				strcasecmp((const char *)ev->data.scalar.value, "name") == 0;
		}
		return QUIRE_OK;
	}
	if (f->kind == FRAME_MAP)
		f->expect_key = true;
	if (s->key == NULL)
		return QUIRE_OK;
	/* Block scalars ("description: >") keep a final newline that no
	 * metadata field wants. The event is ours to change. */
	size_t n = ev->data.scalar.length;
	while (n > 0 && (ev->data.scalar.value[n - 1] == '\n' || ev->data.scalar.value[n - 1] == ' '))
		ev->data.scalar.value[--n] = '\0';
	return on_value(s, ev);
}

static enum quire_status on_start(struct fm_state *s, enum frame_kind kind)
{
	struct frame *parent = s->depth ? &s->frames[s->depth - 1] : NULL;
	struct frame *f = &s->frames[s->depth++];

	f->kind = kind;
	f->expect_key = kind == FRAME_MAP;
	f->name_value = false;
	f->is_key = parent && parent->kind == FRAME_MAP && parent->expect_key;
	if (f->is_key && s->depth == 2) {
		/* A complex key at the top: its value means nothing to us. */
		free(s->key);
		s->key = NULL;
	}
	if (s->depth == 2 && s->key && kind == FRAME_SEQ) {
		if (is_list_key(s->key))
			quire_meta_clear(s->doc, s->key);
		qstr_clear(&s->joined);
		s->joined_any = false;
	}
	return QUIRE_OK;
}

static enum quire_status on_end(struct fm_state *s)
{
	struct frame *f = &s->frames[--s->depth];
	enum quire_status st = QUIRE_OK;

	if (s->depth == 1 && f->kind == FRAME_SEQ && s->key && !is_list_key(s->key) &&
	    s->joined_any)
		st = quire_meta_set(s->doc, s->key, s->joined.data) ? QUIRE_OK : QUIRE_ERR_NOMEM;
	if (s->depth > 0) {
		struct frame *parent = &s->frames[s->depth - 1];
		if (parent->kind == FRAME_MAP)
			parent->expect_key = !f->is_key;
	}
	return st;
}

static void report(struct fm_state *s, yaml_mark_t mark, const char *problem, const char *context)
{
	quire_log_report(s->log, QUIRE_SEV_ERROR, s->opts->filename ? s->opts->filename : "-",
	                 s->fm->yaml_line + (unsigned)mark.line, (unsigned)mark.column + 1,
	                 "invalid YAML front matter: %s%s%s", problem ? problem : "syntax error",
	                 context ? " " : "", context ? context : "");
}

/* True when the YAML text holds nothing but blank lines. */
static bool is_empty_yaml(const char *p, size_t len)
{
	for (const char *end = p + len; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return false;
	return true;
}

enum quire_status md_front_matter_parse(quire_doc *doc, const struct md_front_matter *fm,
                                        const struct quire_read_options *opts,
                                        struct quire_log *log, bool *taken)
{
	struct fm_state s = {.doc = doc, .fm = fm, .opts = opts, .log = log};
	yaml_parser_t parser;
	yaml_event_t ev;
	enum quire_status st = QUIRE_OK;
	bool have_event = false;
	long events = 0;

	/* Until the root node shows a mapping, the block may be Markdown
	 * ("---", a line of text, "---" is a thematic break and a setext
	 * heading): nothing is set before then, and nothing is reported. */
	*taken = false;
	if (!yaml_parser_initialize(&parser))
		return QUIRE_ERR_NOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)fm->yaml, fm->yaml_len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				st = QUIRE_ERR_NOMEM;
			} else if (*taken) {
				report(&s, parser.problem_mark, parser.problem, parser.context);
				st = QUIRE_ERR_INPUT;
			}
			goto out;
		}
		have_event = true;
		if (++events > MAX_EVENTS) {
			report(&s, ev.start_mark, "too many nodes", NULL);
			st = QUIRE_ERR_INPUT;
			goto out;
		}
		bool root = s.depth == 0 && !*taken;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			/* "---" then "---": empty front matter, as Jekyll
			 * writes it. A block of comments is Markdown, where
			 * "# x" is a heading. */
			if (!*taken)
				*taken = is_empty_yaml(fm->yaml, fm->yaml_len);
			goto out;
		case YAML_ALIAS_EVENT:
			if (root)
				goto out;
			report(&s, ev.start_mark, "aliases are not allowed", NULL);
			st = QUIRE_ERR_INPUT;
			goto out;
		case YAML_SCALAR_EVENT:
			if (root)
				goto out;
			TRY(on_scalar(&s, &ev));
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (root && ev.type == YAML_SEQUENCE_START_EVENT)
				goto out;
			*taken = true;
			if (s.depth == MAX_DEPTH) {
				report(&s, ev.start_mark, "nesting deeper than 64 levels", NULL);
				st = QUIRE_ERR_INPUT;
				goto out;
			}
			TRY(on_start(&s, ev.type == YAML_MAPPING_START_EVENT ? FRAME_MAP : FRAME_SEQ));
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			TRY(on_end(&s));
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		}
		yaml_event_delete(&ev);
		have_event = false;
	}
out:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	qstr_free(&s.joined);
	free(s.key);
	return st;
}
