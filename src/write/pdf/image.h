/*
 * Images for the PDF backend: loaded from the resource path, checked and
 * decoded by the core's quire_image_check() (never with libharu's own PNG
 * loader, which crashes on valid files), handed to libharu once per
 * document.
 */
#ifndef QUIRE_PDF_IMAGE_H
#define QUIRE_PDF_IMAGE_H

#include <hpdf.h>
#include <stdbool.h>

#include "core/core.h"

struct pdf_image {
	char *url;       /* as the document names it (heap) */
	unsigned input;  /* of the node that names it: each input has its own folder */
	char *real;      /* the file it resolved to (heap), NULL when none */
	HPDF_Image img;  /* NULL when it could not be used */
	double w, h;     /* pixels */
};

struct pdf_images {
	HPDF_Doc pdf;
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	const char *filename;
	struct pdf_image *v;
	size_t n, cap;
	bool oom;
};

void pdf_images_init(struct pdf_images *im, HPDF_Doc pdf, const quire_doc *doc,
                     const struct quire_write_options *opts, struct quire_log *log,
                     const char *filename);
void pdf_images_free(struct pdf_images *im);

/* The file an image node names, loaded on first use from the folder of
 * the node's input: its index, with img NULL when it is missing,
 * unreadable, corrupt or of a kind quire cannot embed (warned once, naming
 * the node's file and line). -1 when out of memory. */
long pdf_images_get(struct pdf_images *im, const quire_node *image);

/* Checks and decodes image bytes (exposed for the unit tests): on success
 * *img is set (NULL when pdf is NULL: only checked) and *w, *h hold the
 * size in pixels; otherwise returns the reason. */
const char *pdf_image_decode(HPDF_Doc pdf, const unsigned char *data, size_t len, HPDF_Image *img,
                             double *w, double *h);

#endif
