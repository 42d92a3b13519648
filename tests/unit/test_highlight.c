/* Syntax highlighting: the language a fence names, the spans
 * source-highlight's definitions give, and their use from threads. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/highlight.h"

/* The spans of code in lang (an info string) as "class[text] ...". */
static char *spans_of(const char *info, const char *code)
{
	struct quire_token_span *sp;
	size_t n, len = strlen(code);
	const char *lang = quire_highlight_language(info, strlen(info));
	cr_assert_eq(quire_highlight(lang, code, len, &sp, &n), QUIRE_OK);
	char *s = calloc(1, 4 * len + 16 * n + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++) {
		cr_assert_leq(sp[i].offset + sp[i].length, len);
		cr_assert(i == 0 || sp[i].offset >= sp[i - 1].offset + sp[i - 1].length);
		cr_assert_null(memchr(code + sp[i].offset, '\n', sp[i].length));
		sprintf(s + strlen(s), "%s%s[%.*s]", i ? " " : "",
			quire_token_class_name(sp[i].cls), (int)sp[i].length, code + sp[i].offset);
	}
	free(sp);
	return s;
}

#define expect_spans(info, code, want)                                                             \
	do {                                                                                       \
		char *got_ = spans_of(info, code);                                                 \
		cr_expect_str_eq(got_, want);                                                      \
		free(got_);                                                                        \
	} while (0)

Test(highlight, aliases)
{
	cr_expect_str_eq(quire_highlight_language("js", 2), "javascript.lang");
	cr_expect_str_eq(quire_highlight_language("JavaScript {.x}", 15), "javascript.lang");
	cr_expect_str_eq(quire_highlight_language("console", 7), "sh.lang");
	cr_expect_str_eq(quire_highlight_language("c++", 3), "cpp.lang");
	cr_expect_str_eq(quire_highlight_language("yml", 3), "conf.lang");
	cr_expect_null(quire_highlight_language("", 0));
	cr_expect_null(quire_highlight_language("cobolx", 6));
	cr_expect_null(quire_highlight_language("j", 1));
}

Test(highlight, javascript_offsets)
{
	expect_spans("js", "function f(a) {\n  // note\n  return \"x\" + 42; /* two\nlines */\n}\n",
		     "kw[function] fu[f] op[(] op[)] op[{] co[// note] kw[return] st[\"x\"] op[+] "
		     "nu[42] op[;] co[/* two] co[lines */] op[}]");
}

Test(highlight, languages)
{
	expect_spans("python", "import os\ndef f(x):\n    return 'a'  # c\n",
		     "pp[import] kw[def] fu[f] op[(] op[):] kw[return] st['a'] co[# c]");
	expect_spans("c", "#include <stdio.h>\nint main(void) { return 0; }",
		     "pp[#include] st[<stdio.h>] ty[int] fu[main] op[(] ty[void] op[)] op[{] "
		     "kw[return] nu[0] op[;] op[}]");
	expect_spans("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n",
		     "de[--- a/x] in[+++ b/x] hu[@@ -1 +1 @@] de[-old] in[+new]");
	expect_spans("sh", "ls $HOME | grep \"x\" # c", "va[$HOME] op[|] st[\"x\"] co[# c]");
}

Test(highlight, plain)
{
	struct quire_token_span *sp = (void *)1;
	size_t n = 1;
	cr_expect_eq(quire_highlight(NULL, "int x;", 6, &sp, &n), QUIRE_OK);
	cr_expect_null(sp);
	cr_expect_eq(n, 0);
	/* A definition that is not there: plain, every time. */
	for (int i = 0; i < 2; i++) {
		cr_expect_eq(quire_highlight("no-such.lang", "int x;", 6, &sp, &n), QUIRE_OK);
		cr_expect_eq(n, 0);
	}
	expect_spans("c", "", "");
}

/* Definitions are loaded once, by whichever thread comes first. */
static void *highlight_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		char *s = spans_of(i % 2 ? "ruby" : "go", "x = \"a\" # b\n");
		free(s);
	}
	return NULL;
}

Test(highlight, threads)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, highlight_thread, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	expect_spans("ruby", "x = \"a\" # b", "op[=] st[\"a\"] co[# b]");
}

/* WCAG 2 relative luminance of 0xRRGGBB. */
static double luminance(uint32_t rgb)
{
	double c[3];
	for (int i = 0; i < 3; i++) {
		double v = (double)((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
		c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Every colour of the default theme meets WCAG AA (4.5:1) on the code
 * background of both EPUB/HTML (pre, src/write/xhtml/style.c: #f4f4f4)
 * and PDF (LINE_BG, src/write/pdf/emit.c: 0.945 0.945 0.94 rg). */
Test(highlight, default_theme_contrast)
{
	const uint32_t backgrounds[] = {0xf4f4f4, 0xf1f1f0};
	const struct hl_theme *t = hl_theme_for(NULL);
	cr_assert_not_null(t);
	cr_expect_str_eq(t->style.name, "quire");
	cr_expect_eq((const void *)quire_highlight_styles()[0], (const void *)&t->style);
	int coloured = 0;
	for (int c = QUIRE_TOK_PLAIN + 1; c < QUIRE_TOK_COUNT; c++) {
		if (!t->look[c].set)
			continue;
		coloured++;
		for (size_t b = 0; b < 2; b++) {
			double r = contrast(t->look[c].rgb, backgrounds[b]);
			cr_expect_geq(r, 4.5, "%s #%06x on #%06x: %.2f:1",
				      quire_token_class_name((enum quire_token_class)c),
				      (unsigned)t->look[c].rgb, (unsigned)backgrounds[b], r);
		}
	}
	cr_expect_geq(coloured, 8);
	/* Grey scale: keywords and comments differ by face. */
	cr_expect(t->look[QUIRE_TOK_KEYWORD].bold);
	cr_expect(t->look[QUIRE_TOK_COMMENT].italic);
}

Test(highlight, styles)
{
	struct quire_write_options o;
	quire_write_options_init(&o);
	cr_expect_not_null(hl_theme_for(&o));
	o.highlight_style = "mono";
	cr_expect_str_eq(hl_theme_for(&o)->style.name, "mono");
	o.highlight_style = "none";
	cr_expect_null(hl_theme_for(&o));
	char css[HL_CSS_SIZE];
	hl_theme_css(hl_theme_for(NULL), css);
	cr_expect(strstr(css, "pre code .kw { color: #1d3f8f; font-weight: bold; }\n") != NULL, "%s",
		  css);
	cr_expect(strstr(css, "pre code .co { color: #5b616e; font-style: italic; }\n") != NULL);
}

/* Lines are kept by text once highlighted outside any multi-line state:
 * the same text again gives the same spans at its own offsets, and inside
 * a comment or string it is highlighted there, not taken from the cache. */
Test(highlight, repeated_lines)
{
	expect_spans("js", "x = f(1);\n", "op[=] fu[f] op[(] nu[1] op[);]");
	expect_spans("js", "y;\nx = f(1);\nx = f(1);\n",
		     "op[;] op[=] fu[f] op[(] nu[1] op[);] op[=] fu[f] op[(] nu[1] op[);]");
	expect_spans("js", "/* a\nx = f(1);\n*/ x = f(1);\n",
		     "co[/* a] co[x = f(1);] co[*/] op[=] fu[f] op[(] nu[1] op[);]");
}

/* What javascript.lang lacks (ES2015 and later): import, await and the
 * like as keywords, template literals as strings; "from", "of" and "as"
 * only where they are keywords. */
Test(highlight, modern_javascript)
{
	expect_spans("mjs", "import { x as y } from 'm';\n",
		     "kw[import] op[{] kw[as] op[}] kw[from] st['m'] op[;]");
	expect_spans("js", "let v = await import(`a ${b}`);\n",
		     "kw[let] op[=] kw[await] kw[import] op[(] st[`a ${b}`] op[);]");
	expect_spans("js", "for (const a of list) Buffer.from(s); x.of = 1; // import\n",
		     "kw[for] op[(] kw[const] kw[of] op[)] op[.] fu[from] op[(] op[);] op[.] op[=] "
		     "nu[1] op[;] co[// import]");
}
