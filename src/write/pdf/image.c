/* PNG through libpng's simplified API (every depth, colour type and
 * interlace becomes 8-bit gray or RGB, with any transparency as a soft
 * mask), JPEG checked by a full libjpeg decode and then embedded as is. */
#include "image.h"

#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>

/* Larger images are refused rather than decoded into memory. */
#define MAX_PIXELS ((size_t)40 * 1000 * 1000)

static const char *decode_png(HPDF_Doc pdf, const unsigned char *data, size_t len, HPDF_Image *out,
                              double *w, double *h)
{
	const char *why = NULL;
	png_image pi;
	unsigned char *buf = NULL, *color = NULL, *alpha = NULL;

	memset(&pi, 0, sizeof(pi));
	pi.version = PNG_IMAGE_VERSION;
	/* libpng allocates what a chunk declares before reading it, and its
	 * simplified API offers no png_set_chunk_malloc_max(): lengths are
	 * checked against the file first. */
	why = quire_image_check_png(data, len);
	if (why)
		goto out;
	if (!png_image_begin_read_from_memory(&pi, data, len)) {
		why = "not a readable PNG file";
		goto out;
	}
	if (pi.width == 0 || pi.height == 0 || (size_t)pi.width * pi.height > MAX_PIXELS) {
		why = "the image is too large";
		goto out;
	}
	bool gray = !(pi.format & PNG_FORMAT_FLAG_COLOR);
	bool has_alpha = (pi.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	pi.format = gray ? (has_alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY)
	                 : (has_alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB);
	size_t npx = (size_t)pi.width * pi.height, chans = (gray ? 1 : 3) + has_alpha;
	buf = malloc(npx * chans);
	if (!buf) {
		why = "out of memory";
		goto out;
	}
	if (!png_image_finish_read(&pi, NULL, buf, 0, NULL)) {
		why = "a corrupt or truncated PNG file";
		goto out;
	}
	*w = pi.width;
	*h = pi.height;
	if (!pdf)
		goto out;
	unsigned char *pix = buf;
	bool opaque = true;
	if (has_alpha) {
		size_t cc = chans - 1;
		color = malloc(npx * cc);
		alpha = malloc(npx);
		if (!color || !alpha) {
			why = "out of memory";
			goto out;
		}
		for (size_t i = 0; i < npx; i++) {
			memcpy(color + i * cc, buf + i * chans, cc);
			alpha[i] = buf[i * chans + cc];
			if (alpha[i] != 255)
				opaque = false;
		}
		pix = color;
	}
	HPDF_ColorSpace cs = gray ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
	HPDF_Image img = HPDF_LoadRawImageFromMem(pdf, pix, pi.width, pi.height, cs, 8);
	if (img && has_alpha && !opaque) {
		HPDF_Image mask = HPDF_LoadRawImageFromMem(pdf, alpha, pi.width, pi.height,
		                                           HPDF_CS_DEVICE_GRAY, 8);
		if (!mask || HPDF_Image_AddSMask(img, mask) != HPDF_OK)
			img = NULL;
	}
	if (!img)
		why = "libharu could not embed it";
	*out = img;
out:
	png_image_free(&pi);
	free(buf);
	free(color);
	free(alpha);
	return why;
}

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
	int warnings;
};

/* libjpeg's default error exit calls exit(): jump back instead. */
static void jpeg_fail(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;
	longjmp(e->jb, 1);
}

/* A truncated file is only a warning to libjpeg (it pads with gray): count
 * warnings, which mean corrupt data, and refuse the file. */
static void jpeg_message(j_common_ptr cinfo, int level)
{
	struct jerr *e = (struct jerr *)cinfo->err;
	if (level < 0)
		e->warnings++;
}

static const char *check_jpeg(const unsigned char *data, size_t len, double *w, double *h)
{
	struct jpeg_decompress_struct ci;
	struct jerr e;
	/* volatile: these live across the longjmp */
	const char *volatile why = NULL;
	JSAMPARRAY volatile row = NULL;

	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = jpeg_fail;
	e.mgr.emit_message = jpeg_message;
	e.warnings = 0;
	if (setjmp(e.jb)) {
		why = "a corrupt or truncated JPEG file";
		goto out;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	if (ci.image_width == 0 || ci.image_height == 0 ||
	    (size_t)ci.image_width * ci.image_height > MAX_PIXELS) {
		why = "the image is too large";
		goto out;
	}
	if (ci.num_components != 1 && ci.num_components != 3 && ci.num_components != 4) {
		why = "a JPEG colour space quire cannot embed";
		goto out;
	}
	/* Scaled down 8 times: the whole file is read and checked, cheaply. */
	ci.scale_num = 1;
	ci.scale_denom = 8;
	jpeg_start_decompress(&ci);
	row = (*ci.mem->alloc_sarray)((j_common_ptr)&ci, JPOOL_IMAGE,
	                              ci.output_width * ci.output_components, 1);
	while (ci.output_scanline < ci.output_height)
		jpeg_read_scanlines(&ci, row, 1);
	jpeg_finish_decompress(&ci);
	if (e.warnings > 0) {
		why = "a corrupt or truncated JPEG file";
		goto out;
	}
	*w = ci.image_width;
	*h = ci.image_height;
out:
	jpeg_destroy_decompress(&ci);
	return why;
}

const char *pdf_image_decode(HPDF_Doc pdf, const unsigned char *data, size_t len, HPDF_Image *img,
                             double *w, double *h)
{
	const char *why = "not a PNG or JPEG file";
	*img = NULL;
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		why = decode_png(pdf, data, len, img, w, h);
	} else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
		why = check_jpeg(data, len, w, h);
		if (!why && pdf) {
			*img = HPDF_LoadJpegImageFromMem(pdf, data, (HPDF_UINT)len);
			if (!*img)
				why = "libharu could not embed it";
		}
	}
	return why;
}

/* ---- finding the file ---- */

/* The core's loader keeps to the resource path (the input's folder and
 * --resource-path) and warns when it refuses a file. */
static enum quire_status load_file(struct pdf_images *im, const char *url, unsigned line,
                                   char **data, size_t *len)
{
	return quire_resource_load(im->opts, url, "image", im->filename, line, im->log, 0, data, len,
	                           NULL);
}

void pdf_images_init(struct pdf_images *im, HPDF_Doc pdf, const struct quire_write_options *opts,
                     struct quire_log *log, const char *filename)
{
	memset(im, 0, sizeof(*im));
	im->pdf = pdf;
	im->opts = opts;
	im->log = log;
	im->filename = filename;
}

void pdf_images_free(struct pdf_images *im)
{
	for (size_t i = 0; i < im->n; i++)
		free(im->v[i].url);
	free(im->v);
	memset(im, 0, sizeof(*im));
}

long pdf_images_get(struct pdf_images *im, const char *url, unsigned line)
{
	long idx = -1;
	char *data = NULL;
	size_t len = 0;
	for (size_t i = 0; i < im->n; i++)
		if (strcmp(im->v[i].url, url) == 0) {
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
	idx = (long)im->n++;
	enum quire_status st = load_file(im, url, line, &data, &len);
	if (st == QUIRE_ERR_NOMEM)
		goto oom;
	if (st == QUIRE_OK) {
		const char *why = pdf_image_decode(im->pdf, (const unsigned char *)data, len, &e->img,
		                                   &e->w, &e->h);
		if (why && im->filename)
			quire_log_report(im->log, QUIRE_SEV_WARNING, im->filename, line, 0,
			                 "image '%s' not used: %s; its description is shown instead", url, why);
		else if (why)
			quire_log_report(im->log, QUIRE_SEV_WARNING, NULL, 0, 0,
			                 "line %u: image '%s' not used: %s; its description is shown instead",
			                 line, url, why);
	}
	goto out;
oom:
	im->oom = true;
	idx = -1;
out:
	free(data);
	return idx;
}
