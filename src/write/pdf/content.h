/*
 * A page's content stream: operators go into one reused buffer, words of
 * a line share one TJ array, and the finished page is deflated and
 * written to the file at once.
 */
#ifndef QUIRE_PDF_CONTENT_H
#define QUIRE_PDF_CONTENT_H

#include <stdbool.h>

#include "core/core.h"
#include "file.h"
#include "fonts.h"

/* A colour, each component 0 to 1. */
struct pdf_rgb {
	float r, g, b;
};

struct pdf_content {
	struct qstr ops;   /* the page being written */
	struct pdf_fonts *fonts;
	bool failed;       /* out of memory */
	/* text state inside BT .. ET */
	int face;          /* -1: none set */
	float size;
	struct pdf_rgb fill; /* the text colour set last */
	bool has_fill;       /* fill has been set in this text object */
	bool in_array;     /* a TJ array is open */
	bool in_string;    /* a string inside it is open */
	int32_t *cps;      /* the text being shown, as code points */
	size_t cps_cap;
	double pen_x, pen_y;
};

void pdf_content_init(struct pdf_content *ct, struct pdf_fonts *fonts);
void pdf_content_free(struct pdf_content *ct);

/* Numbers, then an operator: pdf_content_op(ct, "re", 4, x, y, w, h). */
void pdf_content_op(struct pdf_content *ct, const char *op, int n, ...);
/* An operator written as is ("f", "S", "0 g"). */
void pdf_content_raw(struct pdf_content *ct, const char *op);

void pdf_content_begin_text(struct pdf_content *ct);
void pdf_content_end_text(struct pdf_content *ct);
/* Sets UTF-8 text, shaped, at (x, y) with a face of the fonts and size
 * in the colour fill (a gray as "g", any other as "rg"). Words that
 * follow on the same baseline share one TJ array, placed from where the
 * text before ended as drawn. The face is named /F<face> in the
 * resources. */
void pdf_content_text(struct pdf_content *ct, int face, float size, struct pdf_rgb fill,
                      double x, double y, const char *text);

/* Image number image (named /Im<image> in the resources) drawn in the
 * box (x, y, w, h). */
void pdf_content_image(struct pdf_content *ct, long image, double x, double y, double w,
                       double h);

/* Writes what was drawn as the stream object ref, deflated, and empties
 * the buffer for the next page. */
void pdf_content_flush(struct pdf_content *ct, struct pdf_file *file, pdf_ref ref);

#endif
