/*
 * A page's content stream, written by quire rather than through libharu's
 * drawing calls, then deflated into the page at once.
 *
 * libharu's drawing calls cost more than the drawing: each clears a buffer
 * byte by byte, formats numbers to five places and re-measures the text it
 * is given, and every page's stream stays in memory uncompressed until the
 * document is saved. Here operators go into one reused buffer, words of a
 * line share one TJ array, and each finished page keeps only its deflated
 * bytes (libharu 2.3.0 has no call for a stream that is already
 * compressed: see pdf_content_flush).
 */
#ifndef QUIRE_PDF_CONTENT_H
#define QUIRE_PDF_CONTENT_H

#include <hpdf.h>
#include <stdbool.h>
#include <zlib.h>

#include "core/core.h"

/* A colour, each component 0 to 1. */
struct pdf_rgb {
	float r, g, b;
};

struct pdf_content {
	struct qstr ops;   /* the page being written */
	struct qstr packed; /* its deflated bytes */
	z_stream z;        /* one deflate stream, reset for every page */
	bool z_ready;
	bool failed;       /* out of memory or a libharu error */
	/* text state inside BT .. ET */
	HPDF_Font font;
	float size;
	struct pdf_rgb fill; /* the text colour set last */
	bool has_fill;       /* fill has been set in this text object */
	bool in_array;     /* a TJ array is open */
	double pen_x, pen_y;
};

void pdf_content_init(struct pdf_content *ct);
void pdf_content_free(struct pdf_content *ct);

/* Numbers, then an operator: pdf_content_op(ct, "re", 4, x, y, w, h). */
void pdf_content_op(struct pdf_content *ct, const char *op, int n, ...);
/* An operator written as is ("f", "S", "0 g"). */
void pdf_content_raw(struct pdf_content *ct, const char *op);

void pdf_content_begin_text(struct pdf_content *ct);
void pdf_content_end_text(struct pdf_content *ct);
/* Sets UTF-8 text (BMP only) at (x, y) with font and size in the colour
 * fill (a gray as "g", any other as "rg"); width is its advance as
 * measured, which lets words that follow on the same baseline share one
 * TJ array. */
void pdf_content_text(struct pdf_content *ct, HPDF_Page page, HPDF_Font font, float size,
                      struct pdf_rgb fill, double x, double y, const char *text, double width);

/* An image drawn in the box (x, y, w, h). */
void pdf_content_image(struct pdf_content *ct, HPDF_Page page, HPDF_Image image, double x,
                       double y, double w, double h);

/* Deflates what was written into the page's content stream and empties
 * the buffer for the next page. */
void pdf_content_flush(struct pdf_content *ct, HPDF_Page page);

#endif
