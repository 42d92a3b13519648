/* Loading files that a document names (images, and any other resource):
 * the one place that decides what a document may read.
 *
 * A document is untrusted. It may name files only inside the resource
 * path: the folder of the input that names them (and below) plus the
 * --resource-path folders. Each input's folder is the sandbox of the
 * nodes read from it only. An input without a folder (standard input) has
 * only the --resource-path folders; with none, nothing is even looked up.
 * Each candidate is resolved with realpath(), so "..", absolute paths and
 * symbolic links are judged by where they really lead. Only regular files
 * are read, and only up to a size cap; the type and size are checked on
 * the open descriptor before any byte is read, so a FIFO cannot block us
 * and a 1 GB sparse file costs nothing. Nothing is ever fetched from the
 * network. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"

/* Compared by address, to word the message with the cap. */
const char QUIRE_FILE_TOO_LARGE[] = "it is too large";

/* The scheme of a URL ("http" in "http://x"), or 0 length when the text
 * is a path. A scheme is letters, digits, '+', '-', '.' starting with a
 * letter, then ':'; one letter alone would be a Windows drive. */
static size_t scheme_length(const char *url)
{
	size_t i = 0;
	if (!((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z')))
		return 0;
	while ((url[i] >= 'a' && url[i] <= 'z') || (url[i] >= 'A' && url[i] <= 'Z') ||
	       (url[i] >= '0' && url[i] <= '9') || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	return url[i] == ':' && i > 1 ? i : 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *quire_percent_decode(const char *s, size_t len, bool *had_nul)
{
	char *out = malloc(len + 1);
	size_t j = 0;
	int hi, lo;

	if (had_nul)
		*had_nul = false;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && (hi = hex_value(s[i + 1])) >= 0 &&
		    (lo = hex_value(s[i + 2])) >= 0) {
			if (hi == 0 && lo == 0) {
				if (had_nul)
					*had_nul = true;
				out[j++] = s[i];
				continue;
			}
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

/* Whether the resolved path lies at or below the resolved root. */
static bool path_is_under(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return path[0] == '/';
	return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The folder a node's relative names resolve against: opts->input_dir
 * when the caller fixed one; else the folder of the input the node was
 * read from (input), none ("") for an input without a file (standard
 * input, "-"), the current folder for nodes of no input (a tree built by
 * a program). *owned holds what must be freed. NULL when out of memory. */
static const char *own_folder(const struct quire_write_options *opts, const char *input,
                              char **owned)
{
	*owned = NULL;
	if (opts && opts->input_dir)
		return opts->input_dir;
	if (input == NULL)
		return ".";
	if (strcmp(input, "-") == 0)
		return "";
	return *owned = quire_path_dirname(input);
}

/* The allowed roots, resolved. The node's own folder comes first: relative
 * names are looked up there before the --resource-path folders; a folder
 * of "" gives none. Roots that do not exist are left out. Returns the
 * count, or -1 when out of memory. */
static long resolve_roots(const struct quire_write_options *opts, const char *own,
                          char ***roots_out)
{
	size_t total = 1 + (opts ? opts->resource_path_count : 0), n = 0;
	char **roots = calloc(total, sizeof(*roots));

	*roots_out = roots;
	if (roots == NULL)
		return -1;
	for (size_t i = 0; i < total; i++) {
		const char *dir = i == 0 ? own : opts->resource_paths[i - 1];
		if (dir == NULL || *dir == '\0')
			continue;
		char *real = realpath(dir, NULL);
		if (real == NULL) {
			if (errno == ENOMEM)
				return -1;
			continue;
		}
		roots[n++] = real;
	}
	return (long)n;
}

static void free_roots(char **roots, long n)
{
	for (long i = 0; roots && i < n; i++)
		free(roots[i]);
	free(roots);
}

/* Reads a regular file whose type and size were checked on fd. */
static enum quire_status read_fd(int fd, size_t size, char **data, size_t *len)
{
	char *buf = malloc(size + 1);
	size_t used = 0;

	if (buf == NULL)
		return QUIRE_ERR_NOMEM;
	while (used < size) {
		ssize_t n = read(fd, buf + used, size - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* shrank under us: take what is there */
		used += (size_t)n;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return QUIRE_OK;
}

enum quire_status quire_file_open(const char *path, size_t max_bytes, int *fd_out,
                                  size_t *size_out, const char **why, int *err)
{
	struct stat sb;
	int fd = -1;

	*fd_out = -1;
	*err = 0;
	/* lstat first: open() on a FIFO or a device has effects of its own. */
	if (lstat(path, &sb) != 0) {
		*err = errno;
		*why = NULL;
		return QUIRE_ERR_INPUT;
	}
	if (S_ISDIR(sb.st_mode)) {
		*why = "it is a folder";
		return QUIRE_ERR_INPUT;
	}
	if (!S_ISREG(sb.st_mode)) {
		*why = S_ISLNK(sb.st_mode) ? "it is a symbolic link" : "it is not a regular file";
		return QUIRE_ERR_INPUT;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*err = errno;
		*why = errno == ELOOP ? "it is a symbolic link" : NULL;
		return QUIRE_ERR_INPUT;
	}
	/* The path may have been swapped since lstat: judge the descriptor. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		*why = "it is not a regular file";
		return QUIRE_ERR_INPUT;
	}
	if ((unsigned long long)sb.st_size > (unsigned long long)max_bytes) {
		close(fd);
		*why = QUIRE_FILE_TOO_LARGE;
		return QUIRE_ERR_INPUT;
	}
	*fd_out = fd;
	*size_out = (size_t)sb.st_size;
	return QUIRE_OK;
}

/* Why a file named on the command line cannot be used, in the words the
 * command line has always used: the system's for a missing, forbidden or
 * folder path, "not a regular file", "larger than N MB". */
static void file_load_why(const char *path, const char *why, int err, size_t max_bytes,
                          char *out, size_t size)
{
	struct stat sb;
	if (why == QUIRE_FILE_TOO_LARGE)
		snprintf(out, size, "larger than %zu MB", max_bytes >> 20);
	else if (why == NULL)
		snprintf(out, size, "%s", strerror(err ? err : EIO));
	else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(out, size, "%s", strerror(EISDIR));
	else
		snprintf(out, size, "not a regular file");
}

enum quire_status quire_file_load(const char *path, size_t max_bytes, char **data, size_t *len,
                                  char *why, size_t why_size)
{
	const char *refused = NULL;
	int fd = -1, err = 0;
	size_t size = 0;
	enum quire_status st = QUIRE_ERR_IO;
	char *real = NULL;

	*data = NULL;
	*len = 0;
	if (why_size > 0)
		why[0] = '\0';
	if (max_bytes == 0)
		max_bytes = QUIRE_RESOURCE_MAX_BYTES;
	/* A file named on the command line may be a link: the user chose it.
	 * A path that does not resolve fails as opening it would. */
	real = realpath(path, NULL);
	if (real == NULL) {
		err = errno;
		if (err == ENOMEM)
			return QUIRE_ERR_NOMEM;
		file_load_why(path, NULL, err, max_bytes, why, why_size);
		goto out;
	}
	if (quire_file_open(real, max_bytes, &fd, &size, &refused, &err) == QUIRE_OK)
		st = read_fd(fd, size, data, len);
	else
		file_load_why(real, refused, err, max_bytes, why, why_size);
out:
	if (fd >= 0)
		close(fd);
	free(real);
	return st;
}

/* Reports a refusal: "FILE:LINE: warning: image 'x' not used: why". A
 * writer may not know the file; the line then goes into the text, since
 * a message names a line only after a file. */
static void refuse(struct quire_log *log, const char *what, const char *url, const char *doc_file,
                   unsigned line, unsigned column, const char *why, size_t max_bytes)
{
	char where[32] = "", cap[48] = "";
	if (doc_file == NULL && line > 0)
		snprintf(where, sizeof(where), "line %u: ", line);
	if (why == QUIRE_FILE_TOO_LARGE)
		snprintf(cap, sizeof(cap), "larger than %zu MB", max_bytes >> 20);
	quire_log_report(log, QUIRE_SEV_WARNING, doc_file, doc_file ? line : 0,
	                 doc_file ? column : 0, "%s%s '%s' not used: %s%s", where, what, url,
	                 why == QUIRE_FILE_TOO_LARGE ? cap : why,
	                 strcmp(what, "image") == 0 ? "; its description is shown instead" : "");
}

enum quire_status quire_resource_load(const struct quire_write_options *opts, const char *input,
                                      const char *url, const char *what, const char *doc_file,
                                      unsigned line, unsigned column, struct quire_log *log,
                                      size_t max_bytes, char **data, size_t *len,
                                      char **real_path)
{
	enum quire_status st = QUIRE_ERR_INPUT;
	char **roots = NULL, *path = NULL, *real = NULL, *candidate = NULL, *owned = NULL;
	const char *why = NULL, *own = own_folder(opts, input, &owned);
	long nroots = 0;
	int fd = -1, err = 0;
	size_t size = 0;
	bool bad = false;
	bool no_input_dir = own && own[0] == '\0';

	*data = NULL;
	*len = 0;
	if (real_path)
		*real_path = NULL;
	if (own == NULL)
		return QUIRE_ERR_NOMEM;
	if (max_bytes == 0)
		max_bytes = QUIRE_RESOURCE_MAX_BYTES;
	if (url == NULL || *url == '\0') {
		why = "the path is empty";
		goto refuse;
	}
	size_t scheme = scheme_length(url);
	if (scheme > 0) {
		if ((scheme == 4 && strncasecmp(url, "http", 4) == 0) ||
		    (scheme == 5 && strncasecmp(url, "https", 5) == 0))
			why = "remote files are never fetched";
		else
			why = "only local files may be used";
		goto refuse;
	}
	/* The path part only: a query or fragment names no file. */
	path = quire_percent_decode(url, strcspn(url, "?#"), &bad);
	if (path == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	if (bad) {
		why = "the path holds a NUL byte";
		goto refuse;
	}
	nroots = resolve_roots(opts, own, &roots);
	if (nroots < 0) {
		nroots = 0;
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	/* Without a root nothing can be inside: refuse before the path is
	 * even resolved, so that no file outside is touched (and whether it
	 * exists does not show in the message). */
	if (nroots == 0) {
		why = no_input_dir ? "a document from standard input reads files only from "
		                     "--resource-path folders"
		                   : "no folder of the resource path exists";
		goto refuse;
	}
	/* A relative name is looked up in each root in turn; an absolute
	 * one stands for itself and must still land inside a root. */
	for (long i = 0; i < (path[0] == '/' ? 1 : nroots); i++) {
		free(candidate);
		if (path[0] == '/') {
			candidate = strdup(path);
		} else {
			struct qstr s = {0};
			qstr_printf(&s, "%s/%s", roots[i], path);
			candidate = s.oom ? (qstr_free(&s), NULL) : s.data;
		}
		if (candidate == NULL) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		real = realpath(candidate, NULL);
		if (real != NULL)
			break;
		err = errno;
	}
	if (real == NULL) {
		why = err == ENOENT || err == 0 ? "no such file in the resource path" : strerror(err);
		goto refuse;
	}
	bool inside = false;
	for (long i = 0; i < nroots && !inside; i++)
		inside = path_is_under(real, roots[i]);
	if (!inside) {
		why = no_input_dir ? "it is outside the resource path (--resource-path)"
		                   : "it is outside the resource path (the input's folder and "
		                     "--resource-path)";
		goto refuse;
	}
	st = quire_file_open(real, max_bytes, &fd, &size, &why, &err);
	if (st == QUIRE_OK)
		st = read_fd(fd, size, data, len);
	if (st == QUIRE_OK && real_path) {
		*real_path = real;
		real = NULL;
	}
	if (st != QUIRE_ERR_INPUT)
		goto out;
	if (why == NULL)
		why = strerror(err ? err : EIO);
refuse:
	st = QUIRE_ERR_INPUT;
	refuse(log, what ? what : "file", url ? url : "", doc_file, line, column, why, max_bytes);
out:
	if (fd >= 0)
		close(fd);
	free_roots(roots, nroots);
	free(owned);
	free(path);
	free(candidate);
	free(real);
	return st;
}
