/* _GNU_SOURCE: O_TMPFILE and getrandom(). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

/* ---- temporary files and fatal signals ----
 *
 * A temporary output has no name while it is written where the system
 * allows (O_TMPFILE): killed even by SIGKILL, nothing is left. It gets its
 * name only once complete, by linkat() straight to the target, or, when
 * the target exists, to a temporary name renamed over it at once.
 * Elsewhere it is a named file from mkstemp(), listed here so that
 * SIGINT, SIGTERM and SIGHUP remove it before the process dies.
 *
 * Those signals are blocked in every thread and taken by one thread of
 * their own (sigwait), which may then take the lock like any other code:
 * a file is created, named, renamed or removed under temps_lock, so the
 * signal thread sees every named temporary file, and none half made. */
static pthread_mutex_t temps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct output *temps; /* the named temporary files, under temps_lock */
static sigset_t fatal_signals;
static pthread_t signal_thread;
static bool signal_thread_running;
static int wake_signal;       /* one of fatal_signals, sent to stop the thread */
static bool signals_stopping; /* under temps_lock */

static void *take_signals(void *arg)
{
	int sig = 0;
	sigset_t one;

	(void)arg;
	if (sigwait(&fatal_signals, &sig) != 0)
		return NULL;
	/* Never released: other threads stop at their next file step. */
	pthread_mutex_lock(&temps_lock);
	if (signals_stopping) {
		pthread_mutex_unlock(&temps_lock);
		return NULL;
	}
	for (struct output *o = temps; o; o = o->next_temp)
		unlink(o->temp_path);
	/* Die of the signal, as without this thread, so that a shell
	 * sees why (exit status 128 + the signal). */
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

void output_signals_start(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction old;

	sigemptyset(&fatal_signals);
	/* A signal ignored when we started (nohup, a background job) stays
	 * ignored. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
			sigaddset(&fatal_signals, sigs[i]);
			wake_signal = sigs[i];
		}
	}
	if (wake_signal == 0)
		return;
	if (pthread_sigmask(SIG_BLOCK, &fatal_signals, NULL) != 0)
		return;
	if (pthread_create(&signal_thread, NULL, take_signals, NULL) == 0)
		signal_thread_running = true;
	else
		pthread_sigmask(SIG_UNBLOCK, &fatal_signals, NULL);
}

void output_signals_stop(void)
{
	/* The signals stay blocked: one that comes now finds the work done,
	 * and the process about to exit with its own status. Woken by a
	 * signal rather than cancelled: pthread_cancel() needs libgcc_s
	 * loaded, and aborts when that fails for want of memory. */
	if (signal_thread_running) {
		pthread_mutex_lock(&temps_lock);
		signals_stopping = true;
		pthread_mutex_unlock(&temps_lock);
		if (pthread_kill(signal_thread, wake_signal) == 0)
			pthread_join(signal_thread, NULL);
		signal_thread_running = false;
	}
}

static void list_temp(struct output *out)
{
	out->next_temp = temps;
	temps = out;
}

static void unlist_temp(struct output *out)
{
	for (struct output **p = &temps; *p; p = &(*p)->next_temp) {
		if (*p == out) {
			*p = out->next_temp;
			break;
		}
	}
	out->next_temp = NULL;
}

/* Replaces the XXXXXX at the end of name with random letters. */
static void randomise(char *name)
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long counter;
	unsigned char r[6];
	char *x = name + strlen(name) - 6;

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		/* Called under temps_lock: the counter needs no more. */
		unsigned long v = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^
		                  (++counter * 2654435761u);
		for (size_t i = 0; i < sizeof(r); i++, v >>= 5)
			r[i] = (unsigned char)v;
	}
	for (size_t i = 0; i < sizeof(r); i++)
		x[i] = letters[r[i] % (sizeof(letters) - 1)];
}

/* Gives the complete unnamed file its name: the target's. Under
 * temps_lock, so that a signal finds either no name or the whole file.
 * Returns 0 or an errno. */
static int name_unnamed(struct output *out)
{
	char proc[64];
	int err = 0;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fileno(out->fp));
	pthread_mutex_lock(&temps_lock);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, out->target, AT_SYMLINK_FOLLOW) == 0)
		goto out;
	err = errno;
	/* linkat() never replaces: link to a free temporary name, then
	 * rename that over the target. */
	for (int tries = 0; err == EEXIST && tries < 100; tries++) {
		randomise(out->temp_path);
		err = linkat(AT_FDCWD, proc, AT_FDCWD, out->temp_path, AT_SYMLINK_FOLLOW) == 0 ? 0
		                                                                                : errno;
	}
	if (err == 0 && rename(out->temp_path, out->target) != 0) {
		err = errno;
		unlink(out->temp_path);
	}
out:
	pthread_mutex_unlock(&temps_lock);
	return err;
}

/* Opens the temporary file for out->target, in its folder: unnamed where
 * the system can (and /proc is there for linkat), else from mkstemp() and
 * listed. out->temp_path holds the name pattern. Returns the descriptor,
 * or -1 with errno. */
static int open_temp(struct output *out)
{
	const char *slash = strrchr(out->target, '/');
	size_t dirlen = slash ? (size_t)(slash - out->target) : 0;
	char *dir = slash ? strndup(out->target, dirlen ? dirlen : 1) : strdup(".");
	int fd = -1;

	if (dir == NULL)
		return -1;
	if (access("/proc/self/fd", X_OK) == 0)
		fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	if (fd >= 0) {
		out->unnamed = true;
		return fd;
	}
	/* Not supported by this kernel or file system (or the folder is
	 * wrong, which mkstemp will say again). */
	pthread_mutex_lock(&temps_lock);
	fd = mkstemp(out->temp_path);
	if (fd >= 0)
		list_temp(out);
	pthread_mutex_unlock(&temps_lock);
	return fd;
}

static enum quire_status file_write(void *ctx, const void *data, size_t len)
{
	struct output *out = ctx;
	if (out->failed)
		return QUIRE_ERR_IO;
	if (len && fwrite(data, 1, len, out->fp) != len) {
		out->failed = true;
		out->saved_errno = errno;
		return QUIRE_ERR_IO;
	}
	return QUIRE_OK;
}

static enum quire_status io_error(struct quire_log *log, const char *path, const char *what, int err)
{
	quire_log_report(log, QUIRE_SEV_ERROR, strcmp(path, "-") ? path : "<stdout>", 0, 0, "%s: %s",
	                 what, strerror(err ? err : EIO));
	return QUIRE_ERR_IO;
}

/* Where path leads, through every symbolic link as open() would go, even
 * to a file that does not exist yet; a copy of path when it is no link.
 * The output replaces that file, so that a link stays a link. NULL with
 * errno set when out of memory or the links loop. */
static char *link_target(const char *path)
{
	char *cur = strdup(path);
	char buf[PATH_MAX];
	struct stat sb;

	for (int hops = 0; cur; hops++) {
		if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
			return cur; /* a missing file is created here */
		ssize_t n = readlink(cur, buf, sizeof(buf) - 1);
		if (n < 0 || hops == 40) {
			/* The same errno as opening the path would give. */
			if (n >= 0)
				errno = ELOOP;
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		/* A relative link is relative to the link's own folder. */
		const char *slash = strrchr(cur, '/');
		int dirlen = buf[0] != '/' && slash ? (int)(slash - cur) + 1 : 0;
		size_t need = (size_t)dirlen + (size_t)n + 1;
		char *next = malloc(need);
		if (next)
			snprintf(next, need, "%.*s%s", dirlen, cur, buf);
		free(cur);
		cur = next;
	}
	return NULL;
}

/* Writes to a direct output go to memory from here on. */
static enum quire_status hold_output(struct output *out)
{
	out->held = true;
	out->sink = quire_buffer_sink(&out->hold);
	return QUIRE_OK;
}

enum quire_status output_open(struct output *out, const char *path, mode_t mode, bool hold,
                              struct quire_log *log)
{
	struct stat sb;

	memset(out, 0, sizeof(*out));
	out->path = path;
	out->sink.write = file_write;
	out->sink.ctx = out;
	if (strcmp(path, "-") == 0) {
		out->fp = stdout;
		return hold ? hold_output(out) : QUIRE_OK;
	}
	bool exists = stat(path, &sb) == 0;
	if (exists) {
		if (S_ISDIR(sb.st_mode))
			return io_error(log, path, "cannot write output", EISDIR);
		if (!S_ISREG(sb.st_mode)) {
			/* Renaming over a device would replace the device node.
			 * Non-blocking, so that a FIFO nobody reads is an error
			 * (ENXIO), not a hang; then blocking again for writes. */
			int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
			int flags = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
			if (fd < 0 || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
			    (out->fp = fdopen(fd, "wb")) == NULL) {
				int err = errno;
				if (fd >= 0)
					close(fd);
				if (err == ENXIO)
					quire_log_report(log, QUIRE_SEV_ERROR, path, 0, 0,
					                 "cannot write output: nothing reads this FIFO");
				else
					io_error(log, path, "cannot write output", err);
				return QUIRE_ERR_IO;
			}
			return hold ? hold_output(out) : QUIRE_OK;
		}
	}
	out->target = link_target(path);
	if (out->target == NULL) {
		if (errno == ENOMEM)
			return QUIRE_ERR_NOMEM;
		return io_error(log, path, "cannot write output", errno);
	}
	const char *slash = strrchr(out->target, '/');
	size_t dirlen = slash ? (size_t)(slash - out->target) + 1 : 0;
	const char *base = slash ? slash + 1 : out->target;
	size_t need = dirlen + strlen(base) + 16;
	out->temp_path = malloc(need);
	if (out->temp_path == NULL) {
		output_abort(out);
		return QUIRE_ERR_NOMEM;
	}
	snprintf(out->temp_path, need, "%.*s.%s.XXXXXX", (int)dirlen, out->target, base);
	int fd = open_temp(out);
	if (fd < 0) {
		int err = errno;
		free(out->temp_path);
		out->temp_path = NULL;
		output_abort(out);
		return io_error(log, path, "cannot write output", err);
	}
	/* The file is made 0600. A file replaced keeps its permissions
	 * (and, where we may, its owner and group); a new one gets those a
	 * plain create would. */
	if (exists) {
		/* Only root may give a file away; others keep the group when
		 * they are in it. Not fatal: the file then becomes theirs. */
		bool owned = fchown(fd, sb.st_uid, sb.st_gid) == 0 ||
		             fchown(fd, (uid_t)-1, sb.st_gid) == 0;
		(void)owned;
		mode = sb.st_mode & 0777;
	}
	fchmod(fd, mode);
	out->fp = fdopen(fd, "wb");
	if (out->fp == NULL) {
		int err = errno;
		close(fd);
		output_abort(out);
		return io_error(log, path, "cannot write output", err);
	}
	return QUIRE_OK;
}

enum quire_status output_commit(struct output *out, struct quire_log *log)
{
	int err = 0;
	bool ok = !out->failed;

	if (!ok)
		err = out->saved_errno;
	if (ok && out->held && out->hold.len > 0 &&
	    fwrite(out->hold.data, 1, out->hold.len, out->fp) != out->hold.len) {
		ok = false;
		err = errno;
	}
	quire_buffer_free(&out->hold);
	if (fflush(out->fp) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (ferror(out->fp) && ok) {
		ok = false;
		err = EIO;
	}
	/* Named while still open: closed, an unnamed file is gone. */
	if (ok && out->unnamed && (err = name_unnamed(out)) != 0)
		ok = false;
	if (out->fp != stdout) {
		if (fclose(out->fp) != 0 && ok) {
			ok = false;
			err = errno;
		}
		out->fp = NULL;
	}
	if (ok && out->temp_path && !out->unnamed) {
		pthread_mutex_lock(&temps_lock);
		if (rename(out->temp_path, out->target) != 0) {
			ok = false;
			err = errno;
		} else {
			unlist_temp(out);
		}
		pthread_mutex_unlock(&temps_lock);
	}
	if (!ok) {
		output_abort(out);
		return io_error(log, out->path, "cannot write output", err);
	}
	free(out->temp_path);
	out->temp_path = NULL;
	free(out->target);
	out->target = NULL;
	return QUIRE_OK;
}

void output_report_failure(const struct output *out, struct quire_log *log)
{
	if (out->failed)
		io_error(log, out->path, "cannot write output", out->saved_errno);
}

void output_abort(struct output *out)
{
	quire_buffer_free(&out->hold);
	if (out->fp && out->fp != stdout)
		fclose(out->fp);
	out->fp = NULL;
	if (out->temp_path) {
		/* An unnamed file went with its descriptor; one that failed to
		 * be named left no name behind (name_unnamed). */
		if (!out->unnamed) {
			pthread_mutex_lock(&temps_lock);
			unlink(out->temp_path);
			unlist_temp(out);
			pthread_mutex_unlock(&temps_lock);
		}
		free(out->temp_path);
		out->temp_path = NULL;
	}
	free(out->target);
	out->target = NULL;
}

bool output_is_input(const char *output, const char *input)
{
	struct stat a, b;
	if (strcmp(output, "-") == 0 || strcmp(input, "-") == 0)
		return false;
	if (strcmp(output, input) == 0)
		return true;
	return stat(output, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static enum quire_status input_too_large(struct quire_log *log, const char *name)
{
	quire_log_report(log, QUIRE_SEV_ERROR, name, 0, 0, "cannot read input: larger than %d MB",
	                 QUIRE_MAX_INPUT >> 20);
	return QUIRE_ERR_INPUT;
}

enum quire_status read_input(const char *path, char **data, size_t *len, struct quire_log *log)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	struct stat sb = { 0 }; /* zero (no kind) if fstat fails */
	char *buf = NULL;
	size_t used = 0, cap = 0;
	enum quire_status st = QUIRE_OK;

	*data = NULL;
	*len = 0;
	if (fp == NULL) {
		quire_log_report(log, QUIRE_SEV_ERROR, name, 0, 0, "cannot read input: %s",
		                 strerror(errno));
		return QUIRE_ERR_IO;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		quire_log_report(log, QUIRE_SEV_ERROR, name, 0, 0, "cannot read input: %s",
		                 strerror(EISDIR));
		st = QUIRE_ERR_IO;
		goto out;
	}
	/* A named device (/dev/zero, /dev/urandom) would be read forever. */
	if (!is_stdin && (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))) {
		quire_log_report(log, QUIRE_SEV_ERROR, name, 0, 0,
		                 "cannot read input: it is a device, not a file");
		st = QUIRE_ERR_IO;
		goto out;
	}
	/* A regular file (named, or redirected to standard input) says its
	 * size: one over the cap is refused before a byte of it is read. */
	if (S_ISREG(sb.st_mode) && sb.st_size > QUIRE_MAX_INPUT) {
		st = input_too_large(log, name);
		goto out;
	}
	for (;;) {
		if (used > QUIRE_MAX_INPUT) {
			st = input_too_large(log, name);
			goto out;
		}
		if (cap - used < 65536 && cap <= QUIRE_MAX_INPUT) {
			size_t ncap = cap ? cap * 2 : 65536;
			/* A pipe has no size: one byte past the cap is all it takes
			 * to know it is too large, so the buffer never grows beyond
			 * that (doubling it would cost twice the cap). */
			if (ncap > (size_t)QUIRE_MAX_INPUT + 1)
				ncap = (size_t)QUIRE_MAX_INPUT + 1;
			char *fresh = realloc(buf, ncap + 1);
			if (fresh == NULL) {
				st = QUIRE_ERR_NOMEM;
				goto out;
			}
			buf = fresh;
			cap = ncap;
		}
		size_t n = fread(buf + used, 1, cap - used, fp);
		used += n;
		if (n == 0) {
			if (ferror(fp)) {
				quire_log_report(log, QUIRE_SEV_ERROR, name, 0, 0, "cannot read input: %s",
				                 strerror(errno ? errno : EIO));
				st = QUIRE_ERR_IO;
				goto out;
			}
			break;
		}
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	buf = NULL;
out:
	free(buf);
	if (!is_stdin)
		fclose(fp);
	return st;
}
