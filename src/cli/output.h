/* Input files and atomic output for the CLI. */
#ifndef QUIRE_CLI_OUTPUT_H
#define QUIRE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "quire/quire.h"

/* Output is written to a temporary file beside the target and renamed into
 * place by output_commit(); output_abort() removes it, so a failed run
 * leaves no file and never changes an existing one. Standard output and
 * special files (devices, FIFOs) are written directly, or, when the
 * output is held, kept in memory until output_commit() writes it, so
 * that output_abort() can still write nothing. */
struct output {
	struct quire_sink sink;
	FILE *fp;
	const char *path;  /* as given, "-" for stdout: for messages */
	char *target;      /* the file renamed over: path, or where its links lead */
	char *temp_path;   /* NULL when writing directly */
	bool unnamed;      /* an O_TMPFILE file, named by output_commit() */
	struct output *next_temp; /* in output.c's list of named temporary files */
	bool held;         /* written directly, but only by output_commit() */
	struct quire_buffer hold;
	bool failed;
	int saved_errno;
};

#include <sys/types.h>

/* mode: the permissions of a newly created file (0666 less the umask,
 * which the caller reads once: umask() is not thread-safe); a file that
 * is replaced keeps its own. A path that is a symbolic link is written
 * through: the file it leads to is replaced, the link stays. hold: a
 * direct output (stdout, a FIFO, a device) is held in memory until
 * output_commit(), for a run that may still decide to write nothing
 * (--fail-on-warning). */
enum quire_status output_open(struct output *out, const char *path, mode_t mode, bool hold,
                              struct quire_log *log);
enum quire_status output_commit(struct output *out, struct quire_log *log);
/* Every output_open() ends in output_commit() or output_abort(). */
void output_abort(struct output *out);
/* When a write failed (a full disk, a closed pipe), says why. */
void output_report_failure(const struct output *out, struct quire_log *log);

/* SIGINT, SIGTERM and SIGHUP (unless ignored) remove the temporary files
 * of the outputs open, then end the process as they would have. Call
 * start before any other thread is made (every thread must block them),
 * stop at the end. Interrupted by SIGKILL, an output leaves nothing
 * where the system has O_TMPFILE, else its temporary file. */
void output_signals_start(void);
void output_signals_stop(void);

/* Whether writing to output would overwrite the input at path. */
bool output_is_input(const char *output, const char *input);

/* The largest input read, so that a pipe that never ends (< /dev/zero)
 * stops with an error instead of taking all memory. */
#define QUIRE_MAX_INPUT (512 << 20)

/* Reads a whole file ("-": stdin) into a heap buffer. Named devices are
 * refused; more than QUIRE_MAX_INPUT bytes is an input error. */
enum quire_status read_input(const char *path, char **data, size_t *len, struct quire_log *log);

#endif
