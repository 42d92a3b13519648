/* quire's command line. Uses only the public API. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quire/quire.h"

#include "output.h"

static const char usage_text[] =
	"Usage: quire [OPTIONS] INPUT... [-o OUTPUT]\n"
	"       quire [OPTIONS] --output-dir DIR [-j N] INPUT...\n"
	"Converts Markdown or article text to plain text, PDF, EPUB and more.\n"
	"INPUT and OUTPUT may be '-' for standard input and output. Several inputs\n"
	"are read into one document, in order; with --output-dir each input is\n"
	"converted on its own.\n"
	"\n"
	"General options:\n"
	"  -f, --from FORMAT       input format: markdown, article or auto (default).\n"
	"                          auto: .md/.markdown are Markdown, .txt is article\n"
	"                          text; standard input and other names are Markdown\n"
	"                          when they have Markdown block syntax (# headings,\n"
	"                          ``` fences, > quotes, | tables, front matter),\n"
	"                          otherwise article text.\n"
	"  -t, --to FORMAT         output format (see --list-formats); default: from\n"
	"                          the output's extension, else txt.\n"
	"  -o, --output FILE       write to FILE (default: standard output).\n"
	"  -M, --metadata KEY=VAL  set metadata (overrides front matter); author and\n"
	"                          keywords may be given several times.\n"
	"      --no-smart          keep straight quotes, -- and ... as typed.\n"
	"      --no-emoji-shortcodes  keep GitHub's :shortcodes: as typed.\n"
	"      --title-from-heading  use a single leading level-1 heading as the\n"
	"                          title when no title is set.\n"
	"      --resource-path DIRS  extra folders (colon-separated) for images; the\n"
	"                          only ones for a document from standard input.\n"
	"  -q, --quiet             do not print warnings.\n"
	"      --fail-on-warning   exit with status 4 if there was any warning, and\n"
	"                          write no output.\n"
	"      --output-dir DIR    batch mode: convert each INPUT separately into\n"
	"                          DIR/NAME.EXT (NAME: the input's name without its\n"
	"                          extension; EXT: the output format's). DIR is\n"
	"                          created when missing. A failing file does not\n"
	"                          stop the others.\n"
	"  -j, --jobs N            with --output-dir: convert N files at a time\n"
	"                          (1 to 256, default 1).\n"
	"      --list-formats      list the input and output formats.\n"
	"      --highlight-style NAME  colours and faces for code blocks whose fence\n"
	"                          names a language, in PDF, EPUB and HTML (see\n"
	"                          --list-highlight-styles; default: quire).\n"
	"      --no-highlight      show code blocks without syntax highlighting.\n"
	"      --list-highlight-styles  list the highlighting styles.\n"
	"  -h, --help              show this help.\n"
	"  -v, --version           show the version.\n"
	"\n"
	"Plain text (txt):\n"
	"      --columns N         wrap at N display columns (default 72).\n"
	"\n"
	"PDF:\n"
	"      --paper SIZE        a4 (default), letter, legal, a5, or WxH with mm,\n"
	"                          cm, in or pt units (210x297mm).\n"
	"      --margin LEN        page margin (e.g. 25mm).\n"
	"      --fontsize PT       body text size in points.\n"
	"      --mainfont FONT     body font: a file or a fontconfig family.\n"
	"      --monofont FONT     code font: a file or a fontconfig family.\n"
	"      --ragged            ragged-right instead of justified text.\n"
	"      --no-chapter-break  run several input files on (default: each starts\n"
	"                          a page; --chapter-break).\n"
	"      --toc               add a table of contents.\n"
	"      --toc-depth N       heading levels in the contents (default 3).\n"
	"\n"
	"EPUB:\n"
	"      --split-level N     start a chapter at each heading of level N (1).\n"
	"      --css FILE          add a stylesheet.\n"
	"      --epub-cover-image FILE  use FILE as the cover.\n"
	"      --epub-embed-font FILE   embed a font (may be repeated).\n"
	"\n"
	"Environment:\n"
	"  SOURCE_DATE_EPOCH       seconds since 1970 used for dates in the output,\n"
	"                          for reproducible builds.\n"
	"\n"
	"Exit status:\n"
	"  0  success\n"
	"  1  bad input (the input could not be converted)\n"
	"  2  usage error (bad option, unknown format, output equal to an input)\n"
	"  3  input/output error (cannot read an input or write the output)\n"
	"  4  a warning was made fatal by --fail-on-warning\n"
	"  5  out of memory or internal error\n"
	"With --output-dir, the highest status of any file.\n"
	"Messages look like 'quire: FILE:LINE:COL: warning: what is wrong'.\n"
	"\n"
	"Limits: inputs up to 512 MB; nesting (quotes, lists, emphasis) deeper than\n"
	"1000 levels is flattened with a warning. Images and other files named by\n"
	"a document are read only from the folder of the input file that names\n"
	"them (and below) and from --resource-path; never from the network. A\n"
	"document read from standard input has no folder: its images come only\n"
	"from --resource-path.\n";

enum {
	OPT_COLUMNS = 256,
	OPT_NO_SMART,
	OPT_NO_EMOJI,
	OPT_TITLE_FROM_HEADING,
	OPT_RESOURCE_PATH,
	OPT_FAIL_ON_WARNING,
	OPT_LIST_FORMATS,
	OPT_PAPER,
	OPT_MARGIN,
	OPT_FONTSIZE,
	OPT_MAINFONT,
	OPT_MONOFONT,
	OPT_RAGGED,
	OPT_CHAPTER_BREAK,
	OPT_NO_CHAPTER_BREAK,
	OPT_TOC,
	OPT_TOC_DEPTH,
	OPT_SPLIT_LEVEL,
	OPT_CSS,
	OPT_COVER,
	OPT_EMBED_FONT,
	OPT_OUTPUT_DIR,
	OPT_HIGHLIGHT_STYLE,
	OPT_NO_HIGHLIGHT,
	OPT_LIST_HIGHLIGHT_STYLES,
};

static const struct option long_options[] = {
	{"from", required_argument, NULL, 'f'},
	{"to", required_argument, NULL, 't'},
	{"output", required_argument, NULL, 'o'},
	{"metadata", required_argument, NULL, 'M'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'v'},
	{"columns", required_argument, NULL, OPT_COLUMNS},
	{"no-smart", no_argument, NULL, OPT_NO_SMART},
	{"no-emoji-shortcodes", no_argument, NULL, OPT_NO_EMOJI},
	{"title-from-heading", no_argument, NULL, OPT_TITLE_FROM_HEADING},
	{"resource-path", required_argument, NULL, OPT_RESOURCE_PATH},
	{"fail-on-warning", no_argument, NULL, OPT_FAIL_ON_WARNING},
	{"list-formats", no_argument, NULL, OPT_LIST_FORMATS},
	{"paper", required_argument, NULL, OPT_PAPER},
	{"margin", required_argument, NULL, OPT_MARGIN},
	{"fontsize", required_argument, NULL, OPT_FONTSIZE},
	{"mainfont", required_argument, NULL, OPT_MAINFONT},
	{"monofont", required_argument, NULL, OPT_MONOFONT},
	{"ragged", no_argument, NULL, OPT_RAGGED},
	{"chapter-break", no_argument, NULL, OPT_CHAPTER_BREAK},
	{"no-chapter-break", no_argument, NULL, OPT_NO_CHAPTER_BREAK},
	{"toc", no_argument, NULL, OPT_TOC},
	{"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
	{"split-level", required_argument, NULL, OPT_SPLIT_LEVEL},
	{"css", required_argument, NULL, OPT_CSS},
	{"epub-cover-image", required_argument, NULL, OPT_COVER},
	{"epub-embed-font", required_argument, NULL, OPT_EMBED_FONT},
	{"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
	{"jobs", required_argument, NULL, 'j'},
	{"highlight-style", required_argument, NULL, OPT_HIGHLIGHT_STYLE},
	{"no-highlight", no_argument, NULL, OPT_NO_HIGHLIGHT},
	{"list-highlight-styles", no_argument, NULL, OPT_LIST_HIGHLIGHT_STYLES},
	{NULL, 0, NULL, 0},
};

/* Messages and progress share stderr between threads. Each message is
 * formatted whole and written with one write(2) under the lock, so lines
 * never interleave; on a terminal the progress line is cleared before a
 * message and drawn again after it. Every line but the progress line is a
 * struct quire_message formatted by quire_message_format(), which shows
 * control characters and bytes that are not UTF-8 in file names and text
 * as escapes: nothing a document or a file name holds reaches the terminal
 * raw. */
struct console {
	pthread_mutex_t lock;
	bool tty;          /* stderr is a terminal */
	bool quiet;
	size_t total, done, failed;
	bool progress_shown;
};

struct cli {
	const char *from, *to, *output, *output_dir;
	int jobs;
	const char **metadata;
	size_t metadata_count;
	const char **resource_paths;
	size_t resource_path_count;
	const char **embed_fonts;
	size_t embed_font_count;
	bool quiet, fail_on_warning, title_given;
	const struct quire_writer *writer;
	mode_t create_mode; /* for new output files: 0666 less the umask */
	/* Set before any conversion starts and only read after, so that
	 * worker threads share them safely. */
	struct quire_read_options ropts;
	struct quire_write_options wopts;
	struct console con;
};

/* One conversion: every input read into one document, written to output. */
struct job {
	const char *const *inputs;
	size_t input_count;
	const char *output;
};

static void write_all(const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* nowhere left to report to */
		s += n;
		len -= (size_t)n;
	}
}

static void draw_progress(struct console *con)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "\r\033[Kquire: %zu done, %zu left, %zu failed",
	                 con->done, con->total - con->done, con->failed);
	if (n > 0)
		write_all(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	con->progress_shown = true;
}

/* Writes a message as one whole line in one write(2), clearing the
 * progress line first and drawing it again after. The caller holds
 * con->lock. */
static void put_message_locked(struct console *con, const struct quire_message *msg)
{
	char buf[1600];
	bool progress = con->tty && con->progress_shown;
	size_t n = 0;
	if (progress) {
		memcpy(buf, "\r\033[K", 4);
		n = 4;
	}
	/* Cut when too long (at a character), but keep the line a line. */
	size_t room = sizeof(buf) - n - 1;
	size_t need = quire_message_format(msg, buf + n, room);
	n += need < room ? need : strlen(buf + n);
	buf[n++] = '\n';
	write_all(buf, n);
	if (progress)
		draw_progress(con);
}

static void console_message(struct console *con, const struct quire_message *msg)
{
	pthread_mutex_lock(&con->lock);
	put_message_locked(con, msg);
	pthread_mutex_unlock(&con->lock);
}

/* A line of quire's own about file (NULL: about no file). */
static void console_say(struct console *con, const char *file, const char *text)
{
	struct quire_message msg = {.severity = QUIRE_SEV_ERROR, .file = file, .text = text};
	console_message(con, &msg);
}

/* Counts a finished file: redraws the progress line on a terminal, else
 * gives the file one line of its own. */
static void console_file_done(struct console *con, const char *input, const char *output,
                              int code)
{
	char text[1024];
	struct quire_message msg = {.severity = QUIRE_SEV_ERROR, .text = text};
	pthread_mutex_lock(&con->lock);
	con->done++;
	if (code != 0)
		con->failed++;
	if (con->tty) {
		draw_progress(con);
	} else if (code != 0) {
		snprintf(text, sizeof(text), "failed (exit %d)", code);
		msg.file = input;
		put_message_locked(con, &msg);
	} else if (!con->quiet) {
		snprintf(text, sizeof(text), "%s -> %s", input, output);
		put_message_locked(con, &msg);
	}
	pthread_mutex_unlock(&con->lock);
}

/* Warnings shown per conversion: a hostile document can make one per
 * link or image (50,000 lines of log); the rest are counted. */
#define MAX_SHOWN_WARNINGS 100

/* The messages of one conversion. */
struct job_log {
	struct cli *cli;
	unsigned warnings; /* seen so far */
};

static void print_message(const struct quire_message *msg, void *user)
{
	struct job_log *jl = user;
	if (msg->severity == QUIRE_SEV_WARNING &&
	    (jl->cli->quiet || ++jl->warnings > MAX_SHOWN_WARNINGS))
		return;
	console_message(&jl->cli->con, msg);
}

/* Usage errors come before any conversion starts, on the main thread. */
static int usage_error(const char *fmt, const char *arg)
{
	char text[1024], line[1400];
	snprintf(text, sizeof(text), fmt, arg);
	struct quire_message msg = {.severity = QUIRE_SEV_ERROR, .text = text};
	quire_message_format(&msg, line, sizeof(line));
	fprintf(stderr, "%s\nTry 'quire --help' for more information.\n", line);
	return quire_exit_code(QUIRE_ERR_USAGE);
}

/* The long option whose value is val, or NULL. */
static const struct option *long_option_of(int val)
{
	for (const struct option *o = long_options; o->name; o++)
		if (o->val == val)
			return o;
	return NULL;
}

/* Reports an option getopt_long() refused (it returned c, '?' or ':';
 * opterr is 0 so that it says nothing itself, since it would name the
 * program by its full path). arg is the argument it was at when it
 * failed. */
static int option_error(int c, const char *arg)
{
	char name[128];
	/* A long option's own value, or one of the short options: the
	 * option was known, so its argument was wrong. Else optopt is an
	 * unknown short option, or 0 for an unknown or ambiguous long one. */
	const struct option *known = optopt ? long_option_of(optopt) : NULL;
	bool is_long = strncmp(arg, "--", 2) == 0;
	if (known && is_long)
		snprintf(name, sizeof(name), "--%s", known->name);
	else if (optopt)
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	if (c == ':')
		return usage_error("option '%s' needs an argument", name);
	if (known && is_long)
		return usage_error("option '%s' takes no argument", name);
	if (optopt == 0 && is_long) {
		size_t len = strlen(name + 2), matches = 0;
		for (const struct option *o = long_options; o->name; o++)
			if (strncmp(o->name, name + 2, len) == 0)
				matches++;
		if (matches > 1)
			return usage_error("option '%s' is ambiguous", name);
	}
	return usage_error("unknown option '%s'", name);
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool push(const char ***list, size_t *count, const char *value)
{
	const char **fresh = realloc(*list, (*count + 1) * sizeof(**list));
	if (fresh == NULL)
		return false;
	fresh[(*count)++] = value;
	*list = fresh;
	return true;
}

static void list_formats(void)
{
	printf("Input formats:\n");
	for (const struct quire_reader *const *r = quire_readers(); *r; r++)
		printf("  %-10s %s (.%s)\n", (*r)->name, (*r)->description, (*r)->extensions);
	printf("Output formats:\n");
	for (const struct quire_writer *const *w = quire_writers(); *w; w++)
		printf("  %-10s %s (.%s)\n", (*w)->name, (*w)->description, (*w)->extensions);
}

static void list_highlight_styles(void)
{
	for (const struct quire_highlight_style *const *h = quire_highlight_styles(); *h; h++)
		printf("  %-10s %s\n", (*h)->name, (*h)->description);
}

static bool highlight_style_known(const char *name)
{
	for (const struct quire_highlight_style *const *h = quire_highlight_styles(); *h; h++)
		if (strcmp((*h)->name, name) == 0)
			return true;
	return false;
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(struct cli *cli, int argc, char **argv)
{
	int c;
	double size;
	char *end;

	opterr = 0;
	/* The leading ':' tells a missing argument (':') from an unknown
	 * option ('?'). */
	while ((c = getopt_long(argc, argv, ":f:t:o:M:j:qhv", long_options, NULL)) != -1) {
		switch (c) {
		case 'f': cli->from = optarg; break;
		case 't': cli->to = optarg; break;
		case 'o': cli->output = optarg; break;
		case 'M':
			if (strchr(optarg, '=') == NULL || optarg[0] == '=')
				return usage_error("-M takes KEY=VALUE, not '%s'", optarg);
			if (strchr(optarg, '=') - optarg >= 128)
				return usage_error("metadata key too long in '%s'", optarg);
			/* A title given here wins, so no heading is taken for one. */
			if (strncasecmp(optarg, "title=", 6) == 0)
				cli->title_given = true;
			if (!push(&cli->metadata, &cli->metadata_count, optarg))
				return quire_exit_code(QUIRE_ERR_NOMEM);
			break;
		case 'q': cli->quiet = true; break;
		case 'j':
			if (!parse_int(optarg, 1, 256, &cli->jobs))
				return usage_error("-j takes a number from 1 to 256, not '%s'", optarg);
			break;
		case OPT_OUTPUT_DIR: cli->output_dir = optarg; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'v': printf("quire %s\n", QUIRE_VERSION); return 0;
		case OPT_COLUMNS:
			if (!parse_int(optarg, 10, 10000, &cli->wopts.txt.columns))
				return usage_error("--columns takes a number from 10 to 10000, not '%s'", optarg);
			break;
		case OPT_NO_SMART: cli->ropts.smart = false; break;
		case OPT_NO_EMOJI: cli->ropts.emoji_shortcodes = false; break;
		case OPT_TITLE_FROM_HEADING: cli->ropts.title_from_heading = true; break;
		case OPT_RESOURCE_PATH: {
			/* Split in place: optarg points into argv, which we own. */
			char *p = optarg;
			for (char *tok = strtok(p, ":"); tok; tok = strtok(NULL, ":"))
				if (!push(&cli->resource_paths, &cli->resource_path_count, tok))
					return quire_exit_code(QUIRE_ERR_NOMEM);
			break;
		}
		case OPT_FAIL_ON_WARNING: cli->fail_on_warning = true; break;
		case OPT_LIST_FORMATS: list_formats(); return 0;
		case OPT_LIST_HIGHLIGHT_STYLES: list_highlight_styles(); return 0;
		case OPT_HIGHLIGHT_STYLE:
			if (!highlight_style_known(optarg))
				return usage_error("unknown highlight style '%s' "
						   "(see --list-highlight-styles)", optarg);
			cli->wopts.highlight_style = optarg;
			break;
		case OPT_NO_HIGHLIGHT: cli->wopts.highlight_style = "none"; break;
		case OPT_PAPER: cli->wopts.pdf.paper = optarg; break;
		case OPT_MARGIN: cli->wopts.pdf.margin = optarg; break;
		case OPT_FONTSIZE:
			errno = 0;
			size = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(size >= 4 && size <= 72))
				return usage_error("--fontsize takes points from 4 to 72, not '%s'", optarg);
			cli->wopts.pdf.font_size = size;
			break;
		case OPT_MAINFONT: cli->wopts.pdf.mainfont = optarg; break;
		case OPT_MONOFONT: cli->wopts.pdf.monofont = optarg; break;
		case OPT_RAGGED: cli->wopts.pdf.ragged = true; break;
		case OPT_CHAPTER_BREAK: cli->wopts.pdf.chapter_break = true; break;
		case OPT_NO_CHAPTER_BREAK: cli->wopts.pdf.chapter_break = false; break;
		case OPT_TOC: cli->wopts.toc = true; break;
		case OPT_TOC_DEPTH:
			if (!parse_int(optarg, 1, 6, &cli->wopts.toc_depth))
				return usage_error("--toc-depth takes a number from 1 to 6, not '%s'", optarg);
			break;
		case OPT_SPLIT_LEVEL:
			if (!parse_int(optarg, 0, 6, &cli->wopts.epub.split_level))
				return usage_error("--split-level takes a number from 0 to 6, not '%s'", optarg);
			break;
		case OPT_CSS: cli->wopts.epub.css = optarg; break;
		case OPT_COVER: cli->wopts.epub.cover_image = optarg; break;
		case OPT_EMBED_FONT:
			if (!push(&cli->embed_fonts, &cli->embed_font_count, optarg))
				return quire_exit_code(QUIRE_ERR_NOMEM);
			break;
		default:
			/* getopt_long() has stepped past a refused long option
			 * and past a short one that ended its argument. */
			return option_error(c, argv[optind - 1]);
		}
	}
	if (cli->title_given)
		cli->ropts.title_from_heading = false;
	cli->wopts.resource_paths = cli->resource_paths;
	cli->wopts.resource_path_count = cli->resource_path_count;
	cli->wopts.epub.embed_fonts = cli->embed_fonts;
	cli->wopts.epub.embed_font_count = cli->embed_font_count;
	return -1;
}

static bool valid_epoch(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch == NULL || *epoch == '\0')
		return true;
	for (const char *p = epoch; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return strlen(epoch) <= 18;
}

/* Applies -M after the inputs, so it overrides front matter. A list key
 * given with -M replaces the document's list. */
static enum quire_status apply_metadata(const struct cli *cli, quire_doc *doc)
{
	bool cleared_author = false, cleared_keywords = false;
	for (size_t i = 0; i < cli->metadata_count; i++) {
		const char *eq = strchr(cli->metadata[i], '=');
		size_t klen = (size_t)(eq - cli->metadata[i]);
		char key[128]; /* parse_args refused longer keys */
		if (klen >= sizeof(key))
			return QUIRE_ERR_USAGE;
		memcpy(key, cli->metadata[i], klen);
		key[klen] = '\0';
		bool is_author = strcasecmp(key, "author") == 0 || strcasecmp(key, "authors") == 0;
		bool is_kw = strcasecmp(key, "keywords") == 0 || strcasecmp(key, "keyword") == 0;
		if (is_author && !cleared_author) {
			quire_meta_clear(doc, key);
			cleared_author = true;
		}
		if (is_kw && !cleared_keywords) {
			quire_meta_clear(doc, key);
			cleared_keywords = true;
		}
		if (!quire_meta_set(doc, key, eq + 1))
			return QUIRE_ERR_NOMEM;
	}
	return QUIRE_OK;
}

/* In a pipeline an empty input usually means an earlier step failed:
 * say so, though it is not an error. */
static void warn_if_blank(struct quire_log *log, const char *path, const char *src, size_t len)
{
	size_t i = 0;
	while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' ||
	                   src[i] == '\f' || src[i] == '\v'))
		i++;
	if (i == len)
		quire_log_report(log, QUIRE_SEV_WARNING, strcmp(path, "-") ? path : "<stdin>", 0, 0,
		                 "%s", len == 0 ? "the input is empty" : "the input holds only white space");
}

static const struct quire_reader *pick_reader(const struct cli *cli, const char *path, const char *src,
                                              size_t len)
{
	if (cli->from && strcasecmp(cli->from, "auto") != 0)
		return quire_reader_find(cli->from);
	const struct quire_reader *r = strcmp(path, "-") ? quire_reader_for_path(path) : NULL;
	return r ? r : quire_reader_detect(src, len);
}

/* Runs one conversion with its own document, log, options and output, so
 * that worker threads can run several at once. Returns the exit code. */
static int convert(struct cli *cli, const struct job *job)
{
	struct job_log jl = {.cli = cli};
	struct quire_log log = {.fn = print_message, .user = &jl};
	struct quire_read_options ropts = cli->ropts;
	struct quire_write_options wopts = cli->wopts;
	enum quire_status st = QUIRE_OK;
	quire_doc *doc = NULL;
	struct output out = {0};
	/* In batch mode messages of parallel files mix: name the file even in
	 * messages about no particular place. */
	const char *who = cli->output_dir ? job->inputs[0] : NULL;

	doc = quire_doc_new();
	if (doc == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < job->input_count; i++) {
		const char *path = job->inputs[i];
		char *src = NULL;
		size_t len = 0;
		st = read_input(path, &src, &len, &log);
		if (st != QUIRE_OK)
			goto out;
		warn_if_blank(&log, path, src, len);
		ropts.filename = path;
		st = quire_read(doc, pick_reader(cli, path, src, len), src, len, &ropts, &log);
		free(src);
		if (st != QUIRE_OK)
			goto out;
	}
	/* Relative resources resolve against the folder of the input that
	 * names them, each input's folder the sandbox of its own nodes only;
	 * standard input has none, only --resource-path (src/core/resource.c). */
	wopts.input_dir = NULL;
	/* Messages about no place in a one-file run name that file; those
	 * about a place name the place's input whatever the count. */
	if (job->input_count == 1)
		wopts.filename = job->inputs[0];
	st = apply_metadata(cli, doc);
	if (st == QUIRE_OK)
		st = output_open(&out, job->output, cli->create_mode, cli->fail_on_warning, &log);
	if (st == QUIRE_OK)
		st = quire_write(doc, cli->writer, &wopts, &out.sink, &log);
	if (st == QUIRE_OK && cli->fail_on_warning && log.warnings > 0) {
		quire_log_report(&log, QUIRE_SEV_ERROR, who, 0, 0,
		                 "%u warning%s made fatal by --fail-on-warning; no output written",
		                 log.warnings, log.warnings == 1 ? "" : "s");
		st = QUIRE_ERR_WARNING;
	}
	if (st == QUIRE_OK) {
		st = output_commit(&out, &log);
	} else {
		output_report_failure(&out, &log);
		output_abort(&out);
	}
out:
	if (!cli->quiet && jl.warnings > MAX_SHOWN_WARNINGS) {
		char text[64];
		snprintf(text, sizeof(text), "%u more warnings not shown",
		         jl.warnings - MAX_SHOWN_WARNINGS);
		struct quire_message more = {.severity = QUIRE_SEV_WARNING, .file = who, .text = text};
		console_message(&cli->con, &more);
	}
	if (st != QUIRE_OK && log.errors == 0)
		quire_log_report(&log, QUIRE_SEV_ERROR, who, 0, 0, "%s", quire_errmsg(st));
	quire_doc_free(doc);
	return quire_exit_code(st);
}

/* ---- batch mode (--output-dir) ---- */

struct batch {
	struct cli *cli;
	const char *const *inputs;
	char **outputs;
	int *codes;
	size_t count;
	size_t next; /* the next input to take, under cli->con.lock */
};

static void *batch_worker(void *arg)
{
	struct batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->cli->con.lock);
		size_t i = b->next < b->count ? b->next++ : b->count;
		pthread_mutex_unlock(&b->cli->con.lock);
		if (i == b->count)
			break;
		struct job job = {.inputs = &b->inputs[i], .input_count = 1, .output = b->outputs[i]};
		b->codes[i] = convert(b->cli, &job);
		console_file_done(&b->cli->con, b->inputs[i], b->outputs[i], b->codes[i]);
	}
	return NULL;
}

/* Creates dir and its missing parents, like mkdir -p. */
static bool make_dirs(const char *dir)
{
	char *path = strdup(dir);
	bool ok = path != NULL;
	for (char *p = path ? path + 1 : NULL; ok && p && *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			ok = false;
		*p = '/';
	}
	if (ok && mkdir(dir, 0777) != 0 && errno != EEXIST)
		ok = false;
	free(path);
	struct stat sb;
	if (ok && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		errno = ENOTDIR;
		ok = false;
	}
	return ok;
}

/* DIR/STEM.EXT for an input: its last path component without the last
 * extension, and the writer's first extension. */
static char *batch_output_path(const char *dir, const char *input, const struct quire_writer *w)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	size_t ext = strcspn(w->extensions, ",");
	size_t dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	size_t need = dlen + 1 + stem + 1 + ext + 1;
	char *path = malloc(need);
	if (path)
		snprintf(path, need, "%.*s/%.*s.%.*s", (int)dlen, dir, (int)stem, base, (int)ext,
		         w->extensions);
	return path;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_batch(struct cli *cli, const char *const *inputs, size_t count)
{
	struct batch b = {.cli = cli, .inputs = inputs, .count = count};
	pthread_t *threads = NULL;
	char **sorted = NULL;
	size_t started = 0;
	int code = 0;

	b.outputs = calloc(count, sizeof(*b.outputs));
	b.codes = calloc(count, sizeof(*b.codes));
	sorted = calloc(count, sizeof(*sorted));
	if (b.outputs == NULL || b.codes == NULL || sorted == NULL) {
		code = quire_exit_code(QUIRE_ERR_NOMEM);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		if (strcmp(inputs[i], "-") == 0) {
			code = usage_error("%s", "standard input cannot be used with --output-dir");
			goto out;
		}
		b.outputs[i] = batch_output_path(cli->output_dir, inputs[i], cli->writer);
		if (b.outputs[i] == NULL) {
			code = quire_exit_code(QUIRE_ERR_NOMEM);
			goto out;
		}
		sorted[i] = b.outputs[i];
	}
	/* Two inputs with one name (a.md, a.txt) would race for one output. */
	qsort(sorted, count, sizeof(*sorted), compare_paths);
	for (size_t i = 1; i < count; i++) {
		if (strcmp(sorted[i - 1], sorted[i]) == 0) {
			code = usage_error("two inputs would both be written to '%s'", sorted[i]);
			goto out;
		}
	}
	if (!make_dirs(cli->output_dir)) {
		char text[256];
		snprintf(text, sizeof(text), "cannot create output folder: %s", strerror(errno));
		console_say(&cli->con, cli->output_dir, text);
		code = quire_exit_code(QUIRE_ERR_IO);
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < count; k++) {
			if (output_is_input(b.outputs[i], inputs[k])) {
				code = usage_error("output '%s' is also an input; refusing to overwrite it",
				                   b.outputs[i]);
				goto out;
			}
		}
	}

	cli->con.total = count;
	if (cli->con.tty) {
		pthread_mutex_lock(&cli->con.lock);
		draw_progress(&cli->con);
		pthread_mutex_unlock(&cli->con.lock);
	}
	size_t nthreads = (size_t)cli->jobs < count ? (size_t)cli->jobs : count;
	if (nthreads > 1) {
		threads = calloc(nthreads - 1, sizeof(*threads));
		/* The main thread works too; a thread that cannot be started
		 * only makes the batch slower. */
		for (size_t t = 0; threads && t < nthreads - 1; t++) {
			if (pthread_create(&threads[started], NULL, batch_worker, &b) != 0)
				break;
			started++;
		}
	}
	batch_worker(&b);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	if (cli->con.tty && cli->con.progress_shown) {
		write_all("\n", 1); /* the last progress line stays as the summary */
		cli->con.progress_shown = false;
	}
	for (size_t i = 0; i < count; i++)
		if (b.codes[i] > code)
			code = b.codes[i];
	if (cli->con.failed > 0) {
		char text[128];
		snprintf(text, sizeof(text), "%zu of %zu files failed", cli->con.failed, count);
		console_say(&cli->con, NULL, text);
	}
out:
	if (b.outputs)
		for (size_t i = 0; i < count; i++)
			free(b.outputs[i]);
	free(b.outputs);
	free(b.codes);
	free(sorted);
	free(threads);
	return code;
}

int main(int argc, char **argv)
{
	struct cli cli = {.jobs = 1};
	int code;

	/* A closed stdout pipe must be an I/O error with a message, not a
	 * silent death by signal. */
	signal(SIGPIPE, SIG_IGN);
	/* Before any thread: every thread inherits the blocked signals. */
	output_signals_start();
	pthread_mutex_init(&cli.con.lock, NULL);
	cli.con.tty = isatty(STDERR_FILENO);
	/* umask() can only be read by setting it, which is not thread-safe:
	 * read it once here, before any thread starts. */
	mode_t mask = umask(0);
	umask(mask);
	cli.create_mode = 0666 & ~mask;
	quire_read_options_init(&cli.ropts);
	quire_write_options_init(&cli.wopts);
	code = parse_args(&cli, argc, argv);
	if (code >= 0)
		goto done;
	cli.con.quiet = cli.quiet;

	if (optind >= argc) {
		code = usage_error("%s", "no input file (use '-' for standard input)");
		goto done;
	}
	if (!valid_epoch()) {
		code = usage_error("SOURCE_DATE_EPOCH must be a number of seconds, not '%s'",
		                   getenv("SOURCE_DATE_EPOCH"));
		goto done;
	}
	if (cli.from && strcasecmp(cli.from, "auto") != 0 && !quire_reader_find(cli.from)) {
		code = usage_error("unknown input format '%s' (see --list-formats)", cli.from);
		goto done;
	}
	if (cli.output_dir && cli.output) {
		code = usage_error("%s", "-o and --output-dir cannot be used together");
		goto done;
	}
	if (cli.jobs > 1 && cli.output_dir == NULL) {
		code = usage_error("%s", "-j needs --output-dir (several inputs without it make one document)");
		goto done;
	}
	if (cli.to) {
		cli.writer = quire_writer_find(cli.to);
		if (cli.writer == NULL) {
			code = usage_error("unknown output format '%s' (see --list-formats)", cli.to);
			goto done;
		}
	} else if (cli.output && strcmp(cli.output, "-") != 0) {
		cli.writer = quire_writer_for_path(cli.output);
		if (cli.writer == NULL) {
			code = usage_error("cannot tell the output format from '%s'; use -t", cli.output);
			goto done;
		}
	} else {
		cli.writer = quire_writer_find("txt");
	}
	const char *const *inputs = (const char *const *)argv + optind;
	size_t input_count = (size_t)(argc - optind);
	if (cli.output_dir) {
		code = run_batch(&cli, inputs, input_count);
		goto done;
	}

	const char *output = cli.output ? cli.output : "-";
	if (strcmp(output, "-") == 0 && cli.writer->binary && isatty(STDOUT_FILENO)) {
		code = usage_error("will not write %s to a terminal; use -o FILE", cli.writer->name);
		goto done;
	}
	bool stdin_used = false;
	for (size_t i = 0; i < input_count; i++) {
		if (output_is_input(output, inputs[i])) {
			code = usage_error("output '%s' is also an input; refusing to overwrite it",
			                   output);
			goto done;
		}
		if (strcmp(inputs[i], "-") == 0) {
			if (stdin_used) {
				code = usage_error("%s", "standard input given twice");
				goto done;
			}
			stdin_used = true;
		}
	}
	struct job job = {.inputs = inputs, .input_count = input_count, .output = output};
	code = convert(&cli, &job);
done:
	free(cli.metadata);
	free(cli.resource_paths);
	free(cli.embed_fonts);
	pthread_mutex_destroy(&cli.con.lock);
	output_signals_stop();
	return code;
}
