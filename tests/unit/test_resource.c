/* The resource sandbox (src/core/resource.c) and the nesting limit
 * (src/core/limits.c). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "quire/quire.h"

/* A scratch tree: TOP/doc (the input folder) with a picture, a subfolder
 * and a link out; TOP/outside.png beside it; TOP/extra (a resource-path
 * folder). */
static char top[256], docdir[300], extra[300];
static char last_message[1200];

static void keep_message(const struct quire_message *msg, void *user)
{
	(void)user;
	quire_message_format(msg, last_message, sizeof(last_message));
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	cr_assert_not_null(fp, "%s", path);
	fputs(text, fp);
	fclose(fp);
}

static void setup(void)
{
	char path[600];
	snprintf(top, sizeof(top), "/tmp/quire-resource-%ld-%ld", (long)getpid(), (long)time(NULL));
	snprintf(docdir, sizeof(docdir), "%s/doc", top);
	snprintf(extra, sizeof(extra), "%s/extra", top);
	cr_assert_eq(mkdir(top, 0700), 0);
	cr_assert_eq(mkdir(docdir, 0700), 0);
	cr_assert_eq(mkdir(extra, 0700), 0);
	snprintf(path, sizeof(path), "%s/img", docdir);
	cr_assert_eq(mkdir(path, 0700), 0);
	write_file(docdir, "pic.png", "PNGDATA");
	write_file(docdir, "img/a b.png", "SPACE");
	write_file(top, "outside.png", "SECRET");
	write_file(extra, "shared.png", "SHARED");
	snprintf(path, sizeof(path), "%s/escape.png", docdir);
	cr_assert_eq(symlink("../outside.png", path), 0);
	snprintf(path, sizeof(path), "%s/inner-link.png", docdir);
	cr_assert_eq(symlink("pic.png", path), 0);
	snprintf(path, sizeof(path), "%s/fifo", docdir);
	cr_assert_eq(mkfifo(path, 0600), 0);
	snprintf(path, sizeof(path), "%s/big.png", docdir);
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, (off_t)1 << 30), 0); /* 1 GB, sparse */
	close(fd);
	last_message[0] = '\0';
}

static void teardown(void)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	cr_assert_eq(system(cmd), 0);
}

/* Loads url with the input in docdir (and extra on the resource path
 * when with_extra); returns the status, the data in *data. */
static enum quire_status load(const char *url, bool with_extra, char **data, size_t *len)
{
	struct quire_write_options opts;
	struct quire_log log = {.fn = keep_message};
	const char *paths[] = {extra};
	quire_write_options_init(&opts);
	opts.input_dir = docdir;
	if (with_extra) {
		opts.resource_paths = paths;
		opts.resource_path_count = 1;
	}
	last_message[0] = '\0';
	return quire_resource_load(&opts, NULL, url, "image", "doc.md", 7, 12, &log, 0, data, len,
	                           NULL);
}

static void assert_refused(const char *url, const char *reason)
{
	char *data = (char *)1;
	size_t len = 1;
	enum quire_status st = load(url, true, &data, &len);
	cr_assert_eq(st, QUIRE_ERR_INPUT, "%s: status %d", url, st);
	cr_assert_null(data, "%s: data returned", url);
	cr_assert_eq(len, 0);
	cr_assert(strstr(last_message, "doc.md:7:12: warning:") != NULL, "%s: %s", url, last_message);
	cr_assert(strstr(last_message, reason) != NULL, "%s: '%s' lacks '%s'", url, last_message,
	          reason);
}

static void assert_loads(const char *url, bool with_extra, const char *want)
{
	char *data = NULL;
	size_t len = 0;
	enum quire_status st = load(url, with_extra, &data, &len);
	cr_assert_eq(st, QUIRE_OK, "%s: status %d (%s)", url, st, last_message);
	cr_assert_eq(len, strlen(want));
	cr_assert_str_eq(data, want);
	cr_assert_eq(last_message[0], '\0', "%s: unexpected message %s", url, last_message);
	free(data);
}

TestSuite(resource, .init = setup, .fini = teardown);

Test(resource, relative_file_in_the_input_folder)
{
	assert_loads("pic.png", false, "PNGDATA");
	assert_loads("./img/../pic.png", false, "PNGDATA");
}

Test(resource, real_path_and_message_without_a_file)
{
	struct quire_write_options opts;
	struct quire_log log = {.fn = keep_message};
	char *data = NULL, *real = NULL;
	size_t len = 0;
	quire_write_options_init(&opts);
	opts.input_dir = docdir;
	cr_assert_eq(quire_resource_load(&opts, NULL, "inner-link.png", "image", NULL, 3, 0, &log,
	                                 0, &data, &len, &real),
	             QUIRE_OK);
	cr_assert(strstr(real, "/doc/pic.png") != NULL, "%s", real);
	free(real);
	free(data);
	cr_assert_eq(quire_resource_load(&opts, NULL, "/etc/passwd", "image", NULL, 3, 0, &log, 0,
	                                 &data, &len, &real),
	             QUIRE_ERR_INPUT);
	cr_assert_null(real);
	cr_assert_str_eq(last_message, "quire: warning: line 3: image '/etc/passwd' not used: it is "
	                               "outside the resource path (the input's folder and "
	                               "--resource-path); its description is shown instead");
}

Test(resource, percent_escapes_are_decoded)
{
	assert_loads("img/a%20b.png", false, "SPACE");
}

Test(resource, link_inside_the_folder_is_followed)
{
	assert_loads("inner-link.png", false, "PNGDATA");
}

Test(resource, resource_path_folder)
{
	assert_loads("shared.png", true, "SHARED");
	char abs[700];
	snprintf(abs, sizeof(abs), "%s/shared.png", extra);
	assert_loads(abs, true, "SHARED");
	snprintf(abs, sizeof(abs), "%s/pic.png", docdir);
	assert_loads(abs, false, "PNGDATA");
}

/* input_dir "" (a document from standard input) has no folder: not the
 * current one either; only the resource path, and with none nothing. */
Test(resource, no_input_folder)
{
	struct quire_write_options opts;
	struct quire_log log = {.fn = keep_message};
	const char *paths[] = {extra};
	char *data = NULL, cwd[600], abs[700];
	size_t len = 0;
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(chdir(docdir), 0);
	quire_write_options_init(&opts);
	cr_assert_eq(quire_resource_load(&opts, NULL, "pic.png", "image", NULL, 1, 0, &log, 0,
	                                 &data, &len, NULL),
	             QUIRE_OK, "NULL is the current folder");
	free(data);
	data = NULL;
	opts.input_dir = "";
	cr_assert_eq(quire_resource_load(&opts, NULL, "pic.png", "image", NULL, 1, 0, &log, 0,
	                                 &data, &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert(strstr(last_message, "from standard input reads files only from "
	                               "--resource-path") != NULL, "%s", last_message);
	snprintf(abs, sizeof(abs), "%s/pic.png", docdir);
	cr_assert_eq(quire_resource_load(&opts, NULL, abs, "image", NULL, 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_ERR_INPUT);
	opts.resource_paths = paths;
	opts.resource_path_count = 1;
	cr_assert_eq(quire_resource_load(&opts, NULL, "pic.png", "image", NULL, 1, 0, &log, 0,
	                                 &data, &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert(strstr(last_message, "no such file in the resource path") != NULL, "%s",
	          last_message);
	cr_assert_eq(quire_resource_load(&opts, NULL, abs, "image", NULL, 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert(strstr(last_message, "outside the resource path (--resource-path)") != NULL, "%s",
	          last_message);
	cr_assert_eq(quire_resource_load(&opts, NULL, "shared.png", "image", NULL, 1, 0, &log, 0,
	                                 &data, &len, NULL),
	             QUIRE_OK);
	cr_assert_str_eq(data, "SHARED");
	free(data);
	cr_assert_eq(chdir(cwd), 0);
}

/* input_dir NULL: each node's names resolve in the folder of its own
 * input, the sandbox of that input only; "-" has none, even inside the
 * current folder; a fixed input_dir still serves every input. */
Test(resource, per_input_folder)
{
	struct quire_write_options opts;
	struct quire_log log = {.fn = keep_message};
	char *data = NULL, cwd[600], other[400], a[500], b[500];
	size_t len = 0;
	snprintf(other, sizeof(other), "%s/other", top);
	cr_assert_eq(mkdir(other, 0700), 0);
	write_file(other, "pic.png", "OTHER");
	snprintf(a, sizeof(a), "%s/a.md", docdir);
	snprintf(b, sizeof(b), "%s/b.md", other);
	quire_write_options_init(&opts);
	cr_assert_eq(quire_resource_load(&opts, a, "pic.png", "image", a, 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_OK);
	cr_assert_str_eq(data, "PNGDATA");
	free(data);
	cr_assert_eq(quire_resource_load(&opts, b, "pic.png", "image", b, 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_OK);
	cr_assert_str_eq(data, "OTHER");
	free(data);
	cr_assert_eq(quire_resource_load(&opts, a, "../other/pic.png", "image", a, 1, 0, &log, 0,
	                                 &data, &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert(strstr(last_message, "outside the resource path") != NULL, "%s", last_message);
	cr_assert(strstr(last_message, "/doc/a.md:1:") != NULL, "%s", last_message);
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(chdir(docdir), 0);
	cr_assert_eq(quire_resource_load(&opts, "-", "pic.png", "image", "-", 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert(strstr(last_message, "from standard input reads files only from") != NULL, "%s",
	          last_message);
	cr_assert_eq(chdir(cwd), 0);
	opts.input_dir = docdir;
	cr_assert_eq(quire_resource_load(&opts, b, "pic.png", "image", b, 1, 0, &log, 0, &data,
	                                 &len, NULL),
	             QUIRE_OK);
	cr_assert_str_eq(data, "PNGDATA", "a fixed input_dir serves every input");
	free(data);
}

Test(resource, dotdot_escape_is_refused)
{
	assert_refused("../outside.png", "outside the resource path");
	assert_refused("img/../../outside.png", "outside the resource path");
}

Test(resource, symlink_escape_is_refused)
{
	assert_refused("escape.png", "outside the resource path");
}

Test(resource, absolute_paths_outside_are_refused)
{
	assert_refused("/etc/passwd", "outside the resource path");
	assert_refused("/dev/zero", "outside the resource path");
	char abs[700];
	snprintf(abs, sizeof(abs), "%s/outside.png", top);
	assert_refused(abs, "outside the resource path");
}

Test(resource, network_and_other_schemes_are_refused)
{
	assert_refused("http://example.com/a.png", "remote files are never fetched");
	assert_refused("HTTPS://example.com/a.png", "remote files are never fetched");
	assert_refused("file:///etc/passwd", "only local files");
	assert_refused("data:image/png;base64,AAAA", "only local files");
}

Test(resource, special_files_are_refused_before_reading)
{
	assert_refused("img", "folder");
	assert_refused("fifo", "not a regular file"); /* would block if opened */
	assert_refused("missing.png", "no such file");
	assert_refused("", "empty");
	assert_refused("pic%00.png", "NUL");
}

Test(resource, huge_file_is_refused_without_reading, .timeout = 5)
{
	assert_refused("big.png", "larger than 64 MB");
}

Test(resource, cap_is_the_callers)
{
	struct quire_write_options opts;
	struct quire_log log = {.fn = keep_message};
	char *data = NULL;
	size_t len = 0;
	quire_write_options_init(&opts);
	opts.input_dir = docdir;
	cr_assert_eq(quire_resource_load(&opts, NULL, "pic.png", "image", "doc.md", 1, 0, &log, 3,
	                                 &data, &len, NULL),
	             QUIRE_ERR_INPUT);
	cr_assert_null(data);
	cr_assert_eq(log.warnings, 1);
}

Test(resource, option_files_are_checked_too)
{
	char *data = NULL, path[700], why[128];
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/outside.png", top);
	cr_assert_eq(quire_file_load(path, 0, &data, &len, why, sizeof(why)), QUIRE_OK);
	cr_assert_str_eq(data, "SECRET");
	free(data);
	data = NULL;
	/* The words are those the command line has always used. */
	cr_assert_eq(quire_file_load("/dev/zero", 0, &data, &len, why, sizeof(why)), QUIRE_ERR_IO);
	cr_assert_str_eq(why, "not a regular file");
	snprintf(path, sizeof(path), "%s/big.png", docdir);
	cr_assert_eq(quire_file_load(path, 0, &data, &len, why, sizeof(why)), QUIRE_ERR_IO);
	cr_assert_str_eq(why, "larger than 64 MB");
	cr_assert_eq(quire_file_load(top, 0, &data, &len, why, sizeof(why)), QUIRE_ERR_IO);
	cr_assert_str_eq(why, strerror(EISDIR));
	cr_assert_eq(quire_file_load("/nonexistent/x", 0, &data, &len, why, sizeof(why)),
	             QUIRE_ERR_IO);
	cr_assert_str_eq(why, strerror(ENOENT));
	cr_assert_null(data);
}

/* ---- the nesting limit ---- */

static struct quire_log counting_log = {0};

static quire_doc *nested(enum quire_kind kind, int levels)
{
	quire_doc *doc = quire_doc_new();
	quire_node *parent = quire_doc_root(doc);
	for (int i = 0; i < levels; i++) {
		quire_node *n = quire_node_new(doc, kind);
		quire_node_append(parent, n);
		if (kind == QUIRE_BULLET_LIST) {
			quire_node *item = quire_node_new(doc, QUIRE_LIST_ITEM);
			quire_node_append(n, item);
			n = item;
		} else if (kind == QUIRE_EMPH && i == 0) {
			quire_node *p = quire_node_new(doc, QUIRE_PARAGRAPH);
			quire_node_unlink(n);
			quire_node_append(parent, p);
			quire_node_append(p, n);
		}
		parent = n;
	}
	quire_node *leaf = quire_node_new_literal(doc, QUIRE_TEXT, "deep", 4);
	if (kind != QUIRE_EMPH) {
		quire_node *p = quire_node_new(doc, QUIRE_PARAGRAPH);
		quire_node_append(parent, p);
		parent = p;
	}
	quire_node_append(parent, leaf);
	return doc;
}

static int max_depth(quire_doc *doc, int *texts)
{
	struct quire_iter it;
	int best = 0;
	*texts = 0;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		if (it.event != QUIRE_EV_ENTER)
			continue;
		int d = quire_node_depth(quire_iter_node(&it));
		best = d > best ? d : best;
		if (quire_iter_node(&it)->kind == QUIRE_TEXT)
			(*texts)++;
	}
	return best;
}

Test(limits, shallow_documents_are_untouched)
{
	int texts;
	quire_doc *doc = nested(QUIRE_BLOCK_QUOTE, QUIRE_MAX_NESTING);
	memset(&counting_log, 0, sizeof(counting_log));
	cr_assert_eq(quire_doc_limit_nesting(doc, "x", &counting_log), QUIRE_OK);
	cr_assert_eq(counting_log.warnings, 0);
	cr_assert_eq(max_depth(doc, &texts), QUIRE_MAX_NESTING + 2);
	quire_doc_free(doc);
}

Test(limits, deep_quotes_lists_and_emphasis_are_flattened)
{
	enum quire_kind kinds[] = {QUIRE_BLOCK_QUOTE, QUIRE_BULLET_LIST, QUIRE_EMPH};
	int want[] = {QUIRE_MAX_NESTING + 2, 2 * QUIRE_MAX_NESTING + 2, QUIRE_MAX_NESTING + 2};
	for (size_t k = 0; k < 3; k++) {
		int texts;
		quire_doc *doc = nested(kinds[k], 100000);
		memset(&counting_log, 0, sizeof(counting_log));
		cr_assert_eq(quire_doc_limit_nesting(doc, "x", &counting_log), QUIRE_OK);
		cr_assert_eq(counting_log.warnings, 1);
		cr_assert_eq(max_depth(doc, &texts), want[k], "kind %d: depth %d", kinds[k],
		             max_depth(doc, &texts));
		cr_assert_eq(texts, 1, "the text survives");
		quire_doc_free(doc);
	}
}

Test(limits, read_applies_the_limit)
{
	size_t n = 100000;
	char *src = malloc(n + 8);
	memset(src, '>', n);
	memcpy(src + n, " deep\n", 7);
	quire_doc *doc = quire_doc_new();
	struct quire_log log = {.fn = keep_message};
	cr_assert_eq(quire_read(doc, quire_reader_find("markdown"), src, n + 6, NULL, &log),
	             QUIRE_OK);
	cr_assert(strstr(last_message, "nesting deeper than 1000 levels flattened"), "%s",
	          last_message);
	int texts;
	cr_assert_eq(max_depth(doc, &texts), QUIRE_MAX_NESTING + 2);
	quire_doc_free(doc);
	free(src);
}

/* A flattened figure's caption becomes a paragraph: a CAPTION is only
 * ever a FIGURE's child (doc.h), which the writers rely on. */
Test(limits, deep_figures_leave_no_stray_caption)
{
	quire_doc *doc = quire_doc_new();
	quire_node *parent = quire_doc_root(doc);
	for (int i = 0; i < QUIRE_MAX_NESTING + 10; i++) {
		quire_node *fig = quire_node_new(doc, QUIRE_FIGURE);
		quire_node *cap = quire_node_new(doc, QUIRE_CAPTION);
		quire_node_append(parent, fig);
		quire_node_append(fig, cap);
		quire_node_append(cap, quire_node_new_literal(doc, QUIRE_TEXT, "c", 1));
		parent = fig;
	}
	memset(&counting_log, 0, sizeof(counting_log));
	cr_assert_eq(quire_doc_limit_nesting(doc, "x", &counting_log), QUIRE_OK);
	cr_assert_eq(counting_log.warnings, 1);
	struct quire_iter it;
	int captions = 0, texts = 0;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		quire_node *n = quire_iter_node(&it);
		if (it.event != QUIRE_EV_ENTER)
			continue;
		texts += n->kind == QUIRE_TEXT;
		if (n->kind == QUIRE_CAPTION) {
			captions++;
			cr_assert_eq(n->parent->kind, QUIRE_FIGURE);
		}
	}
	cr_assert_eq(texts, QUIRE_MAX_NESTING + 10, "every caption's text survives");
	cr_assert_eq(captions, QUIRE_MAX_NESTING);
	quire_doc_free(doc);
}
