/*
 * Images for the PDF backend: loaded from the resource path, checked and
 * decoded by the core's quire_image_check(), written to the file once per
 * document as soon as it is first met (only its object number stays).
 */
#ifndef QUIRE_PDF_IMAGE_H
#define QUIRE_PDF_IMAGE_H

#include <stdbool.h>

#include "core/core.h"
#include "file.h"

struct pdf_image {
	char *url;       /* as the document names it (heap) */
	unsigned input;  /* of the node that names it: each input has its own folder */
	char *real;      /* the file it resolved to (heap), NULL when none */
	pdf_ref img;     /* its XObject; 0 when it could not be used */
	double w, h;     /* pixels */
};

struct pdf_images {
	struct pdf_file *file;
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	const char *filename;
	struct pdf_image *v;
	size_t n, cap;
	bool oom;
};

void pdf_images_init(struct pdf_images *im, struct pdf_file *file, const quire_doc *doc,
                     const struct quire_write_options *opts, struct quire_log *log,
                     const char *filename);
void pdf_images_free(struct pdf_images *im);

/* The file an image node names, loaded on first use from the folder of
 * the node's input: its index, with img NULL when it is missing,
 * unreadable, corrupt or of a kind quire cannot embed (warned once, naming
 * the node's file and line). -1 when out of memory. */
long pdf_images_get(struct pdf_images *im, const quire_node *image);

/* Checks and decodes image bytes (exposed for the unit tests): on success
 * the image is written to file as an XObject whose number is *img (0 when
 * file is NULL: only checked) and *w, *h hold the size in pixels;
 * otherwise returns the reason. */
const char *pdf_image_decode(struct pdf_file *file, const unsigned char *data, size_t len,
                             pdf_ref *img, double *w, double *h);

#endif
