/* Images as the core's check leaves them (src/core/image.c): a PNG
 * decoded to 8-bit gray or RGB, with any transparency as a soft mask; a
 * JPEG, fully checked, embedded as it is. */
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *embed_png(struct pdf_file *file, const struct quire_image *qi, pdf_ref *out)
{
	const char *why = NULL;
	unsigned char *color = NULL, *alpha = NULL;
	size_t npx = (size_t)qi->width * qi->height, chans = (qi->gray ? 1 : 3) + qi->alpha;
	unsigned char *pix = qi->pixels;
	bool opaque = true;
	char dict[160];
	pdf_ref mask = 0;

	if (qi->alpha) {
		size_t cc = chans - 1;
		color = malloc(npx * cc);
		alpha = malloc(npx);
		if (!color || !alpha) {
			why = QUIRE_IMAGE_NOMEM;
			goto out;
		}
		for (size_t i = 0; i < npx; i++) {
			memcpy(color + i * cc, pix + i * chans, cc);
			alpha[i] = pix[i * chans + cc];
			if (alpha[i] != 255)
				opaque = false;
		}
		pix = color;
	}
	if (qi->alpha && !opaque) {
		mask = pdf_file_reserve(file);
		snprintf(dict, sizeof(dict),
		         "/Type /XObject /Subtype /Image /Width %u /Height %u "
		         "/ColorSpace /DeviceGray /BitsPerComponent 8",
		         qi->width, qi->height);
		pdf_file_stream(file, mask, dict, alpha, npx, true);
	}
	*out = pdf_file_reserve(file);
	int n = snprintf(dict, sizeof(dict),
	                 "/Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /%s "
	                 "/BitsPerComponent 8",
	                 qi->width, qi->height, qi->gray ? "DeviceGray" : "DeviceRGB");
	if (mask)
		snprintf(dict + n, sizeof(dict) - (size_t)n, " /SMask %lu 0 R", (unsigned long)mask);
	pdf_file_stream(file, *out, dict, pix, npx * (qi->gray ? 1 : 3), true);
	if (pdf_file_failed(file))
		why = "it could not be written";
out:
	free(color);
	free(alpha);
	return why;
}

/* A JPEG goes in as it is, for readers to decode. */
static const char *embed_jpeg(struct pdf_file *file, const struct quire_image *qi,
                              const unsigned char *data, size_t len, pdf_ref *out)
{
	static const char *const space[] = {[1] = "DeviceGray", [3] = "DeviceRGB",
	                                    [4] = "DeviceCMYK"};
	char dict[200];
	*out = pdf_file_reserve(file);
	/* Adobe's CMYK JPEGs store the inks inverted. */
	snprintf(dict, sizeof(dict),
	         "/Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /%s "
	         "/BitsPerComponent 8 /Filter /DCTDecode%s",
	         qi->width, qi->height, space[qi->components],
	         qi->components == 4 && qi->adobe ? " /Decode [1 0 1 0 1 0 1 0]" : "");
	pdf_file_stream(file, *out, dict, data, len, false);
	return pdf_file_failed(file) ? "it could not be written" : NULL;
}

const char *pdf_image_decode(struct pdf_file *file, const unsigned char *data, size_t len,
                             pdf_ref *img, double *w, double *h)
{
	struct quire_image qi;
	const char *why = quire_image_check(data, len, file != NULL, &qi);

	*img = 0;
	if (why)
		goto out;
	*w = qi.width;
	*h = qi.height;
	if (!file)
		goto out;
	switch (qi.type) {
	case QUIRE_IMAGE_PNG:
		why = embed_png(file, &qi, img);
		break;
	case QUIRE_IMAGE_JPEG:
		why = embed_jpeg(file, &qi, data, len, img);
		break;
	}
out:
	quire_image_free(&qi);
	return why;
}

/* ---- finding the file ---- */

/* The core's loader keeps to the resource path (the folder of the
 * node's input and --resource-path) and warns when it refuses a file. */
static enum quire_status load_file(struct pdf_images *im, const quire_node *image,
                                   const char *file, char **data, size_t *len, char **real)
{
	return quire_resource_load(im->opts, quire_doc_input_name(im->doc, image->input),
	                           image->as.link.url, "image", file, image->line, image->column,
	                           im->log, 0, data, len, real);
}

void pdf_images_init(struct pdf_images *im, struct pdf_file *file, const quire_doc *doc,
                     const struct quire_write_options *opts, struct quire_log *log,
                     const char *filename)
{
	memset(im, 0, sizeof(*im));
	im->file = file;
	im->doc = doc;
	im->opts = opts;
	im->log = log;
	im->filename = filename;
}

void pdf_images_free(struct pdf_images *im)
{
	for (size_t i = 0; i < im->n; i++) {
		free(im->v[i].url);
		free(im->v[i].real);
	}
	free(im->v);
	memset(im, 0, sizeof(*im));
}

long pdf_images_get(struct pdf_images *im, const quire_node *image)
{
	const char *url = image->as.link.url;
	const char *file = quire_node_file(im->doc, image, im->filename);
	unsigned line = image->line, column = image->column;
	long idx = -1;
	char *data = NULL;
	size_t len = 0;
	/* The same name from two inputs may be two files. */
	for (size_t i = 0; i < im->n; i++)
		if (im->v[i].input == image->input && strcmp(im->v[i].url, url) == 0) {
			idx = (long)i;
			goto out;
		}
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 8;
		struct pdf_image *v = realloc(im->v, cap * sizeof(*v));
		if (!v)
			goto oom;
		im->v = v;
		im->cap = cap;
	}
	struct pdf_image *e = &im->v[im->n];
	memset(e, 0, sizeof(*e));
	e->url = strdup(url);
	if (!e->url)
		goto oom;
	e->input = image->input;
	idx = (long)im->n++;
	enum quire_status st = load_file(im, image, file, &data, &len, &e->real);
	if (st == QUIRE_ERR_NOMEM)
		goto oom;
	if (st != QUIRE_OK)
		goto out;
	/* One copy of each file, however many inputs name it. */
	for (size_t i = 0; i + 1 < im->n; i++)
		if (im->v[i].real && strcmp(im->v[i].real, e->real) == 0) {
			e->img = im->v[i].img;
			e->w = im->v[i].w;
			e->h = im->v[i].h;
			goto out;
		}
	const char *why = pdf_image_decode(im->file, (const unsigned char *)data, len, &e->img,
	                                   &e->w, &e->h);
	if (why && file)
		quire_log_report(im->log, QUIRE_SEV_WARNING, file, line, column,
		                 "image '%s' not used: %s; its description is shown instead", url,
		                 why);
	else if (why)
		quire_log_report(im->log, QUIRE_SEV_WARNING, NULL, 0, 0,
		                 "line %u: image '%s' not used: %s; its description is shown "
		                 "instead",
		                 line, url, why);
	goto out;
oom:
	im->oom = true;
	idx = -1;
out:
	free(data);
	return idx;
}
