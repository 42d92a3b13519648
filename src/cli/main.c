/* quire's command line. Uses only the public API. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	"Converts Markdown or article text to plain text, PDF, EPUB and more.\n"
	"INPUT and OUTPUT may be '-' for standard input and output. Several inputs\n"
	"are read into one document, in order.\n"
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
	"      --title-from-heading  use a single leading level-1 heading as the\n"
	"                          title when no title is set.\n"
	"      --resource-path DIRS  extra folders (colon-separated) for images.\n"
	"  -q, --quiet             do not print warnings.\n"
	"      --fail-on-warning   exit with status 4 if there was any warning, and\n"
	"                          write no output.\n"
	"      --list-formats      list the input and output formats.\n"
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
	"Messages look like 'quire: FILE:LINE:COL: warning: what is wrong'.\n"
	"\n"
	"Limits: inputs up to 512 MB; nesting (quotes, lists, emphasis) deeper than\n"
	"1000 levels is flattened with a warning. Images and other files named by\n"
	"a document are read only from the input's folder (and below) and from\n"
	"--resource-path; never from the network.\n";

enum {
	OPT_COLUMNS = 256,
	OPT_NO_SMART,
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
	OPT_TOC,
	OPT_TOC_DEPTH,
	OPT_SPLIT_LEVEL,
	OPT_CSS,
	OPT_COVER,
	OPT_EMBED_FONT,
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
	{"toc", no_argument, NULL, OPT_TOC},
	{"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
	{"split-level", required_argument, NULL, OPT_SPLIT_LEVEL},
	{"css", required_argument, NULL, OPT_CSS},
	{"epub-cover-image", required_argument, NULL, OPT_COVER},
	{"epub-embed-font", required_argument, NULL, OPT_EMBED_FONT},
	{NULL, 0, NULL, 0},
};

struct cli {
	const char *from, *to, *output;
	const char **metadata;
	size_t metadata_count;
	const char **resource_paths;
	size_t resource_path_count;
	const char **embed_fonts;
	size_t embed_font_count;
	bool quiet, fail_on_warning, title_given;
	struct quire_read_options ropts;
	struct quire_write_options wopts;
};

static void print_message(const struct quire_message *msg, void *user)
{
	const struct cli *cli = user;
	char line[1400];
	if (cli->quiet && msg->severity == QUIRE_SEV_WARNING)
		return;
	quire_message_format(msg, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "quire: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'quire --help' for more information.\n");
	return quire_exit_code(QUIRE_ERR_USAGE);
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

/* Returns -1 to go on, or an exit code. */
static int parse_args(struct cli *cli, int argc, char **argv)
{
	int c;
	double size;
	char *end;

	while ((c = getopt_long(argc, argv, "f:t:o:M:qhv", long_options, NULL)) != -1) {
		switch (c) {
		case 'f': cli->from = optarg; break;
		case 't': cli->to = optarg; break;
		case 'o': cli->output = optarg; break;
		case 'M':
			if (strchr(optarg, '=') == NULL || optarg[0] == '=')
				return usage_error("-M takes KEY=VALUE, not '%s'", optarg);
			/* A title given here wins, so no heading is taken for one. */
			if (strncasecmp(optarg, "title=", 6) == 0)
				cli->title_given = true;
			if (!push(&cli->metadata, &cli->metadata_count, optarg))
				return quire_exit_code(QUIRE_ERR_NOMEM);
			break;
		case 'q': cli->quiet = true; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'v': printf("quire %s\n", QUIRE_VERSION); return 0;
		case OPT_COLUMNS:
			if (!parse_int(optarg, 10, 10000, &cli->wopts.txt.columns))
				return usage_error("--columns takes a number from 10 to 10000, not '%s'", optarg);
			break;
		case OPT_NO_SMART: cli->ropts.smart = false; break;
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
			fprintf(stderr, "Try 'quire --help' for more information.\n");
			return quire_exit_code(QUIRE_ERR_USAGE);
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
static enum quire_status apply_metadata(struct cli *cli, quire_doc *doc)
{
	bool cleared_author = false, cleared_keywords = false;
	for (size_t i = 0; i < cli->metadata_count; i++) {
		const char *eq = strchr(cli->metadata[i], '=');
		size_t klen = (size_t)(eq - cli->metadata[i]);
		char key[128];
		if (klen >= sizeof(key)) {
			usage_error("metadata key too long in '%s'", cli->metadata[i]);
			return QUIRE_ERR_USAGE;
		}
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

static const struct quire_reader *pick_reader(struct cli *cli, const char *path, const char *src,
                                              size_t len)
{
	if (cli->from && strcasecmp(cli->from, "auto") != 0)
		return quire_reader_find(cli->from);
	const struct quire_reader *r = strcmp(path, "-") ? quire_reader_for_path(path) : NULL;
	return r ? r : quire_reader_detect(src, len);
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	struct quire_log log = {.fn = print_message, .user = &cli};
	enum quire_status st = QUIRE_OK;
	quire_doc *doc = NULL;
	struct output out = {0};
	int code;

	/* A closed stdout pipe must be an I/O error with a message, not a
	 * silent death by signal. */
	signal(SIGPIPE, SIG_IGN);
	quire_read_options_init(&cli.ropts);
	quire_write_options_init(&cli.wopts);
	code = parse_args(&cli, argc, argv);
	if (code >= 0)
		goto done;

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
	const struct quire_writer *writer = NULL;
	if (cli.to) {
		writer = quire_writer_find(cli.to);
		if (writer == NULL) {
			code = usage_error("unknown output format '%s' (see --list-formats)", cli.to);
			goto done;
		}
	} else if (cli.output && strcmp(cli.output, "-") != 0) {
		writer = quire_writer_for_path(cli.output);
		if (writer == NULL) {
			code = usage_error("cannot tell the output format from '%s'; use -t", cli.output);
			goto done;
		}
	} else {
		writer = quire_writer_find("txt");
	}
	const char *output = cli.output ? cli.output : "-";
	if (strcmp(output, "-") == 0 && writer->binary && isatty(STDOUT_FILENO)) {
		code = usage_error("will not write %s to a terminal; use -o FILE", writer->name);
		goto done;
	}
	for (int i = optind; i < argc; i++) {
		if (output_is_input(output, argv[i])) {
			code = usage_error("output '%s' is also an input; refusing to overwrite it",
			                   output);
			goto done;
		}
	}

	doc = quire_doc_new();
	if (doc == NULL) {
		st = QUIRE_ERR_NOMEM;
		goto fail;
	}
	bool stdin_used = false;
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		char *src = NULL;
		size_t len = 0;
		if (strcmp(path, "-") == 0) {
			if (stdin_used) {
				code = usage_error("%s", "standard input given twice");
				goto done;
			}
			stdin_used = true;
		}
		st = read_input(path, &src, &len, &log);
		if (st != QUIRE_OK)
			goto fail;
		warn_if_blank(&log, path, src, len);
		cli.ropts.filename = path;
		st = quire_read(doc, pick_reader(&cli, path, src, len), src, len, &cli.ropts, &log);
		free(src);
		if (st != QUIRE_OK)
			goto fail;
		if (cli.wopts.input_dir == NULL && strcmp(path, "-") != 0)
			cli.wopts.input_dir = path; /* replaced by its folder below */
	}
	char *input_dir = NULL;
	if (cli.wopts.input_dir) {
		const char *slash = strrchr(cli.wopts.input_dir, '/');
		input_dir = slash ? strndup(cli.wopts.input_dir,
		                            slash == cli.wopts.input_dir ? 1 : (size_t)(slash - cli.wopts.input_dir))
		                  : strdup(".");
		cli.wopts.input_dir = input_dir;
	}
	st = apply_metadata(&cli, doc);
	if (st == QUIRE_OK)
		st = output_open(&out, output, &log);
	if (st == QUIRE_OK)
		st = quire_write(doc, writer, &cli.wopts, &out.sink, &log);
	if (st == QUIRE_OK && cli.fail_on_warning && log.warnings > 0) {
		quire_log_report(&log, QUIRE_SEV_ERROR, NULL, 0, 0,
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
	free(input_dir);
fail:
	if (st != QUIRE_OK && log.errors == 0)
		quire_log_report(&log, QUIRE_SEV_ERROR, NULL, 0, 0, "%s", quire_errmsg(st));
	code = quire_exit_code(st);
done:
	quire_doc_free(doc);
	free(cli.metadata);
	free(cli.resource_paths);
	free(cli.embed_fonts);
	return code;
}
