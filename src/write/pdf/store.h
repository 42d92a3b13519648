/*
 * The page-item store: the laid-out lines, the runs of text on them (their
 * UTF-8 in one pool) and the vertical list of boxes, glue and penalties
 * the page builder cuts into pages. The store owns all of these arrays;
 * the layout fills them (block layout and paragraph setter alike) and the
 * emitter reads them.
 */
#ifndef QUIRE_PDF_STORE_H
#define QUIRE_PDF_STORE_H

#include "content.h"
#include "core/core.h"
#include "pages.h"

enum { RUN_LINK = 1, RUN_STRIKE = 2, RUN_CODEBG = 4, RUN_GRAY = 8, RUN_IMAGE = 16, RUN_FRAME = 32,
       RUN_BOX = 64, RUN_CHECKED = 128, RUN_MARK = 256, RUN_UNDER = 512,
       RUN_RULE = 1024 /* no text: a thin rule from x, width long, at rise (tables) */ };
enum { LINE_BG = 1, LINE_RULE = 2, LINE_RULE_ABOVE = 4, LINE_RULE_BELOW = 8, LINE_IMAGE = 16,
       LINE_FRAME = 32, LINE_RULE_THIN = 64, LINE_ORNAMENT = 128 };

/* The colours runs have today: text, links, running heads and other gray
 * text, the shading behind inline code. Initialisers, so that static
 * tables may use them: (struct pdf_rgb)PDF_RGB_LINK as a value. */
#define PDF_RGB_BLACK {0, 0, 0}
#define PDF_RGB_LINK {0.05f, 0.25f, 0.55f}
#define PDF_RGB_GRAY {0.45f, 0.45f, 0.45f}
#define PDF_RGB_CODE_SHADE {0.93f, 0.93f, 0.92f}
/* Highlighted text: a yellow that prints as a light gray band. */
#define PDF_RGB_MARK {1.0f, 0.92f, 0.55f}

/* How a run of text looks, decided at layout time: the emitter draws
 * what it says. */
struct pdf_style {
	int face;
	float size, rise; /* rise: the baseline's shift up */
	struct pdf_rgb fill;
	struct pdf_rgb background; /* behind the text, when has_background */
	bool has_background;
	unsigned flags; /* RUN_*: decorations (strike, frame, link) and kinds */
};

/* The style runs of a face and size get from their flags: links in the
 * link colour, RUN_GRAY in gray, RUN_CODEBG shaded, else black. */
struct pdf_style pdf_style_plain(int face, double size, double rise, unsigned flags);

struct pdf_run {
	double x, width; /* from the line's left edge */
	size_t text;     /* offset of NUL-terminated UTF-8 in the pool */
	int face;
	float size, rise;
	struct pdf_rgb fill;
	struct pdf_rgb background; /* when has_background */
	bool has_background;
	int link; /* index in links, or -1 */
	unsigned flags;
	long image; /* RUN_IMAGE: index in images, size high, its foot at rise */
};

struct pdf_line {
	double indent;          /* left edge, from the left margin */
	double height, baseline; /* box height; baseline from its top */
	double bg_x, bg_w;      /* LINE_BG and LINE_RULE extent, from the left margin */
	size_t first_run, nruns;
	unsigned flags;
	int heading; /* index in headings when this line starts one, else -1 */
	int note;    /* footnote number whose text starts here, else 0 */
	long image;  /* LINE_IMAGE: index in images, drawn over bg_x, bg_w */
};

struct pdf_store {
	struct qstr pool; /* run texts; offset 0 is the empty string */
	struct pdf_run *runs;
	size_t nruns, capruns;
	struct pdf_line *lines;
	size_t nlines, caplines;
	struct pb_item *items; /* the vertical list */
	long *item_line;       /* per item: its line, or -1 */
	size_t nitems, capitems, capitem_lines;
	bool oom; /* sticky: an allocation failed */
};

void pdf_store_init(struct pdf_store *st);
void pdf_store_free(struct pdf_store *st);

/* A new empty line at the left edge, starting no heading or note; NULL
 * when out of memory. The pointer holds until the next new line. */
struct pdf_line *pdf_store_new_line(struct pdf_store *st, double height, double baseline);
/* Text on ln, the store's last line: n code points at x, w wide. It
 * extends the line's last run when that one ends at x in the same style. */
void pdf_store_add_run(struct pdf_store *st, struct pdf_line *ln, double x, double w,
                       const int32_t *cps, size_t n, const struct pdf_style *style, int link);
/* A blank run (no text) at the end of ln, for the caller to fill; NULL
 * when out of memory. */
struct pdf_run *pdf_store_new_run(struct pdf_store *st, struct pdf_line *ln);
/* Moves the runs from first on (the last ones of the store) to the start
 * of line, ahead of its own runs and those of the lines after it. */
void pdf_store_runs_to_front(struct pdf_store *st, size_t line, size_t first);

/* The vertical list. */
void pdf_store_push_item(struct pdf_store *st, enum pb_type type, double height, int penalty,
                         long line);
/* Space of h between blocks: none at the very start, and one glue (the
 * larger) where two meet. */
void pdf_store_vspace(struct pdf_store *st, double h);
/* The lines first .. first + n - 1 as boxes, with no break after the
 * first line or before the last (widows and orphans). */
void pdf_store_push_lines(struct pdf_store *st, size_t first, size_t n);

#endif
