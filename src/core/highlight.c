/*
 * The C side of highlighting (highlight.h): which language file a fence's
 * info string names, and the classes' short names. The engine is in
 * highlight.cpp.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "quire/quire.h"

#include "core/highlight.h"

/* The info string's first word, case-insensitive, to a source-highlight
 * language file. YAML, TOML and Dockerfiles have no definition of their
 * own; the generic configuration one gives their comments, strings and
 * variables. */
static const struct {
	const char *name, *file;
} aliases[] = {
	{"js", "javascript.lang"},   {"javascript", "javascript.lang"},
	{"mjs", "javascript.lang"},  {"cjs", "javascript.lang"},
	{"jsx", "javascript.lang"},  {"ts", "javascript.lang"},
	{"typescript", "javascript.lang"},
	{"sh", "sh.lang"},	     {"bash", "sh.lang"},
	{"shell", "sh.lang"},	     {"console", "sh.lang"},
	{"zsh", "sh.lang"},	     {"py", "python.lang"},
	{"python", "python.lang"},   {"python3", "python.lang"},
	{"c", "c.lang"},	     {"h", "c.lang"},
	{"cpp", "cpp.lang"},	     {"c++", "cpp.lang"},
	{"cc", "cpp.lang"},	     {"cxx", "cpp.lang"},
	{"hpp", "cpp.lang"},	     {"rust", "rust.lang"},
	{"rs", "rust.lang"},	     {"go", "go.lang"},
	{"golang", "go.lang"},	     {"java", "java.lang"},
	{"json", "json.lang"},	     {"yaml", "conf.lang"},
	{"yml", "conf.lang"},	     {"toml", "conf.lang"},
	{"ini", "conf.lang"},	     {"dockerfile", "conf.lang"},
	{"html", "html.lang"},	     {"xhtml", "html.lang"},
	{"xml", "xml.lang"},	     {"svg", "xml.lang"},
	{"css", "css.lang"},	     {"sql", "sql.lang"},
	{"diff", "diff.lang"},	     {"patch", "diff.lang"},
	{"make", "makefile.lang"},   {"makefile", "makefile.lang"},
	{"ruby", "ruby.lang"},	     {"rb", "ruby.lang"},
	{"php", "php.lang"},	     {"lua", "lua.lang"},
	{"perl", "perl.lang"},	     {"pl", "perl.lang"},
};

const char *quire_highlight_language(const char *info, size_t len)
{
	size_t n = 0;
	if (!info)
		return NULL;
	/* The first word; "{.js}" style attributes name no language here. */
	while (n < len && info[n] != ' ' && info[n] != '\t' && info[n] != '{' && info[n] != ',')
		n++;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strlen(aliases[i].name) == n && !strncasecmp(aliases[i].name, info, n))
			return aliases[i].file;
	return NULL;
}

const char *quire_token_class_name(enum quire_token_class cls)
{
	switch (cls) {
	case QUIRE_TOK_PLAIN: return "";
	case QUIRE_TOK_KEYWORD: return "kw";
	case QUIRE_TOK_TYPE: return "ty";
	case QUIRE_TOK_STRING: return "st";
	case QUIRE_TOK_NUMBER: return "nu";
	case QUIRE_TOK_COMMENT: return "co";
	case QUIRE_TOK_PREPROC: return "pp";
	case QUIRE_TOK_FUNCTION: return "fu";
	case QUIRE_TOK_OPERATOR: return "op";
	case QUIRE_TOK_VARIABLE: return "va";
	case QUIRE_TOK_SPECIAL: return "sc";
	case QUIRE_TOK_PROPERTY: return "pr";
	case QUIRE_TOK_DELETED: return "de";
	case QUIRE_TOK_INSERTED: return "in";
	case QUIRE_TOK_HUNK: return "hu";
	case QUIRE_TOK_COUNT: break;
	}
	return "";
}

#define LOOK(hex, b, i) {.set = true, .bold = b, .italic = i, .rgb = hex}

/* The default: dark colours, each at least 5.5:1 against the code
 * background of both the EPUB (#f4f4f4) and the PDF (#f1f1f0), so WCAG
 * AA holds with room (tests/unit/test_highlight.c checks). Printed in
 * grey they are all dark; what tells the main classes apart there is the
 * face: keywords and directives bold, comments italic. */
static const struct hl_theme theme_quire = {
	{"quire", "colours for screens and print; keywords bold, comments italic (default)"},
	{
		[QUIRE_TOK_KEYWORD] = LOOK(0x1d3f8f, true, false),
		[QUIRE_TOK_TYPE] = LOOK(0x1f6b45, false, false),
		[QUIRE_TOK_STRING] = LOOK(0xa31515, false, false),
		[QUIRE_TOK_NUMBER] = LOOK(0x8a4500, false, false),
		[QUIRE_TOK_COMMENT] = LOOK(0x5b616e, false, true),
		[QUIRE_TOK_PREPROC] = LOOK(0x7a2a8c, true, false),
		[QUIRE_TOK_FUNCTION] = LOOK(0x00566b, false, false),
		[QUIRE_TOK_OPERATOR] = LOOK(0x4d4d4d, false, false),
		[QUIRE_TOK_VARIABLE] = LOOK(0x7a4a00, false, false),
		[QUIRE_TOK_SPECIAL] = LOOK(0xb0004f, false, false),
		[QUIRE_TOK_PROPERTY] = LOOK(0x1f5a85, false, false),
		[QUIRE_TOK_DELETED] = LOOK(0xa31515, false, false),
		[QUIRE_TOK_INSERTED] = LOOK(0x1e6b1e, false, false),
		[QUIRE_TOK_HUNK] = LOOK(0x6a2c91, true, false),
	},
};

/* No colour at all, for black-and-white printing and e-ink: faces only.
 * The text keeps the code's own colour. */
static const struct hl_theme theme_mono = {
	{"mono", "no colours: keywords and directives bold, comments italic"},
	{
		[QUIRE_TOK_KEYWORD] = {.bold = true},
		[QUIRE_TOK_PREPROC] = {.bold = true},
		[QUIRE_TOK_COMMENT] = {.italic = true},
		[QUIRE_TOK_HUNK] = {.bold = true},
		[QUIRE_TOK_INSERTED] = {.bold = true},
		[QUIRE_TOK_DELETED] = {.italic = true},
	},
};

static const struct quire_highlight_style *const styles[] = {
	&theme_quire.style,
	&theme_mono.style,
	NULL,
};

const struct quire_highlight_style *const *quire_highlight_styles(void)
{
	return styles;
}

const struct hl_theme *hl_theme_for(const struct quire_write_options *opts)
{
	const char *name = opts ? opts->highlight_style : NULL;
	if (name == NULL)
		return &theme_quire;
	for (size_t i = 0; styles[i]; i++)
		if (strcmp(styles[i]->name, name) == 0)
			/* Every style is the first member of its theme. */
			return (const struct hl_theme *)(const void *)styles[i];
	return NULL;
}

void hl_theme_css(const struct hl_theme *theme, char buf[HL_CSS_SIZE])
{
	size_t n = 0;
	buf[0] = '\0';
	for (int c = QUIRE_TOK_PLAIN + 1; c < QUIRE_TOK_COUNT; c++) {
		const struct hl_look *look = &theme->look[c];
		if (!look->set && !look->bold && !look->italic)
			continue;
		char color[32] = "";
		if (look->set)
			snprintf(color, sizeof color, " color: #%06x;", (unsigned)look->rgb);
		int w = snprintf(buf + n, HL_CSS_SIZE - n, "pre code .%s {%s%s%s }\n",
				 quire_token_class_name((enum quire_token_class)c), color,
				 look->bold ? " font-weight: bold;" : "",
				 look->italic ? " font-style: italic;" : "");
		if (w < 0 || (size_t)w >= HL_CSS_SIZE - n) {
			buf[n] = '\0';
			break;
		}
		n += (size_t)w;
	}
}
