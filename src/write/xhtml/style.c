/* The default stylesheet: book typography that reading systems may
 * override. Colours keep a contrast ratio above 7:1 (WCAG AAA). */
#include <string.h>

#include "xhtml.h"
#include "../../core/highlight.h"

const char xhtml_default_css[] =
	"html { -webkit-text-size-adjust: 100%; }\n"
	"body { font-family: Georgia, \"Times New Roman\", serif; line-height: 1.5;\n"
	"  margin: 0 auto; padding: 0 1em; max-width: 38em; color: #111; background: #fff;\n"
	"  hyphens: auto; -webkit-hyphens: auto; widows: 2; orphans: 2; }\n"
	"h1, h2, h3, h4, h5, h6 { font-family: \"Helvetica Neue\", Arial, sans-serif;\n"
	"  line-height: 1.2; hyphens: manual; -webkit-hyphens: manual;\n"
	"  page-break-after: avoid; break-after: avoid; }\n"
	"h1 { font-size: 1.8em; margin: 1.5em 0 0.8em; }\n"
	"h2 { font-size: 1.4em; margin: 1.4em 0 0.6em; }\n"
	"h3 { font-size: 1.2em; margin: 1.2em 0 0.5em; }\n"
	"h4, h5, h6 { font-size: 1em; margin: 1em 0 0.4em; }\n"
	"p { margin: 0 0 0.8em; }\n"
	"a { color: #0b3d91; }\n"
	"blockquote { margin: 1em 0 1em 1.5em; padding-left: 0.8em; border-left: 3px solid #555; }\n"
	"pre, code, kbd { font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace;\n"
	"  font-size: 0.88em; }\n"
	"pre { white-space: pre-wrap; overflow-wrap: break-word; background: #f4f4f4;\n"
	"  padding: 0.6em 0.8em; margin: 0 0 1em; line-height: 1.35; hyphens: none; -webkit-hyphens: none;\n"
	"  page-break-inside: avoid; }\n"
	"pre code { font-size: 1em; tab-size: 4; }\n"
	"hr { border: 0; border-top: 1px solid #555; margin: 1.5em 25%; }\n"
	"img { max-width: 100%; height: auto; }\n"
	"table { border-collapse: collapse; margin: 0 0 1em; max-width: 100%; }\n"
	"th, td { border: 1px solid #555; padding: 0.25em 0.5em; vertical-align: top; }\n"
	"th { background: #eee; }\n"
	".align-left { text-align: left; }\n"
	".align-center { text-align: center; }\n"
	".align-right { text-align: right; }\n"
	/* In bullet lists the box takes the bullet's place; numbered items
	 * keep their number and show the box after it. */
	"ul > li.task { list-style-type: none; }\n"
	".task-box { display: inline-block; width: 1.3em; }\n"
	"ul > li.task > .task-box, ul > li.task > p:first-child > .task-box { margin-left: -1.3em; }\n"
	"del { text-decoration: line-through; }\n"
	"sup, sub { line-height: 0; }\n"
	/* A key cap: a frame, not only a face, so that keys read as keys on
	 * a reading system that replaces the monospace font. */
	"kbd { padding: 0 0.3em; border: 1px solid #555; border-radius: 0.25em;\n"
	"  box-shadow: inset 0 -1px 0 #555; background: #f4f4f4; white-space: nowrap; }\n"
	/* Light enough for #111 text at 7:1, dark enough to stay a grey band
	 * on a black-and-white screen. */
	"mark { background: #ffe066; color: #111; }\n"
	"a.noteref { text-decoration: none; }\n"
	"hr.footnotes { margin: 2em 0 1em; width: 30%; }\n"
	"aside.footnote { font-size: 0.9em; margin: 0 0 0.6em; }\n"
	".missing-image { font-style: italic; }\n"
	".titlepage { text-align: center; margin-top: 20%; }\n"
	".titlepage .title { font-size: 2.2em; margin-bottom: 0.4em; }\n"
	".titlepage .subtitle { font-size: 1.3em; font-style: italic; }\n"
	".titlepage .author { font-size: 1.2em; margin: 0.2em 0; }\n"
	".titlepage .title + .author, .titlepage .subtitle + .author { margin-top: 1.5em; }\n"
	".titlepage .date { margin-top: 1em; }\n"
	".titlepage .description { max-width: 30em; margin: 2em auto 0; }\n"
	".cover { text-align: center; margin: 0; padding: 0; }\n"
	".cover img { max-height: 100%; }\n"
	"nav ol { list-style-type: none; padding-left: 1.2em; }\n"
	"nav[hidden] { display: none; }\n";

/* Added only to documents that have images or figures, so that the
 * others' stylesheet stays as it was. A missing image is a framed box,
 * as the PDF draws it: its alt text, then its file name. */
const char xhtml_figure_css[] =
	"figure { margin: 1em 0; text-align: center; page-break-inside: avoid;\n"
	"  break-inside: avoid; }\n"
	"figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.4em; }\n"
	".missing-image { border: 1px solid #555; padding: 0 0.3em; color: #333; }\n"
	"div.missing-image { margin: 0 0 1em; padding: 0.6em 0.8em; text-align: center; }\n"
	"figure > div.missing-image { margin: 0; }\n"
	".missing-file { font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace;\n"
	"  font-size: 0.85em; font-style: normal; overflow-wrap: break-word; }\n";

/* Added only to documents that have admonitions, so that the others'
 * stylesheet stays as it was. */
const char xhtml_admonition_css[] =
	/* A tinted box whose left rule tells the type apart in black and
	 * white too (solid, double, thick). */
	".admonition { margin: 1em 0; padding: 0.5em 0.8em; border: 1px solid #555;\n"
	"  border-left: 4px solid #555; background: #f4f4f4; }\n"
	".admonition > :last-child { margin-bottom: 0; }\n"
	".admonition-title { font-family: \"Helvetica Neue\", Arial, sans-serif; font-weight: bold;\n"
	"  margin: 0 0 0.3em; page-break-after: avoid; break-after: avoid; }\n"
	".admonition.note { border-left-color: #0b3d91; background: #eef2f9; }\n"
	".admonition.tip { border-left-color: #1b5e20; background: #eef6ee; }\n"
	".admonition.important { border-left: 6px double #4a148c; background: #f3eef8; }\n"
	".admonition.warning { border-left: 8px solid #7a4f00; background: #fbf4e4; }\n"
	".admonition.caution { border-left: 8px double #8b0000; border-width: 2px 2px 2px 8px;\n"
	"  background: #fbeeee; }\n";

/* Added only to documents that have definition lists or details. */
const char xhtml_deflist_css[] =
	"dl { margin: 0 0 1em; }\n"
	"dt { font-weight: bold; margin: 0; page-break-after: avoid; break-after: avoid; }\n"
	"dd { margin: 0 0 0.5em 2em; }\n"
	"dd > :last-child { margin-bottom: 0; }\n"
	"details { margin: 0 0 1em; }\n"
	"summary { font-weight: bold; margin: 0 0 0.4em; cursor: pointer; }\n";

/* Whether a code block names a language highlighting knows. */
static bool has_highlighted_code(const quire_doc *doc)
{
	struct quire_iter it;
	quire_iter_init(&it, quire_doc_root(doc));
	while (quire_iter_next(&it) != QUIRE_EV_DONE) {
		const quire_node *n = quire_iter_node(&it);
		if (n->kind == QUIRE_CODE_BLOCK && n->as.code.lang &&
		    quire_highlight_language(n->as.code.lang, strlen(n->as.code.lang)))
			return true;
	}
	return false;
}

size_t xhtml_css_parts(const quire_doc *doc, const struct quire_write_options *opts,
                       char hl_css[HL_CSS_SIZE], const char *parts[XHTML_CSS_PARTS + 1])
{
	size_t n = 0;
	const struct hl_theme *theme = hl_theme_for(opts);

	parts[n++] = xhtml_default_css;
	if (quire_doc_admonitions(doc) > 0)
		parts[n++] = xhtml_admonition_css;
	if (quire_doc_definition_lists(doc) + quire_doc_details(doc) > 0)
		parts[n++] = xhtml_deflist_css;
	if (quire_doc_images(doc) > 0)
		parts[n++] = xhtml_figure_css;
	/* The theme's rules only where there is code to colour, so that the
	 * others' stylesheet stays as it was. */
	if (theme && has_highlighted_code(doc)) {
		hl_theme_css(theme, hl_css);
		parts[n++] = hl_css;
	}
	parts[n] = NULL;
	return n;
}
