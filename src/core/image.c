/* Whether an image file is usable, decided once for every writer: a
 * structural walk first (chunk and segment lengths within the file, the
 * kind of JPEG), then a full decode by libpng or libjpeg, so that a file
 * one writer refuses is refused by all, with the same words. */
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>

#include "core.h"

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Every chunk from the signature to IEND lies within the file, IHDR first.
 * libpng allocates a chunk's declared length before it reads the data, so
 * a tiny file declaring a 2 GB text chunk would cost 2 GB; walked here
 * first, no length can exceed the file's own size. */
const char *quire_image_check_png(const unsigned char *d, size_t len)
{
	size_t i = 8;
	bool first = true;
	if (len < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0)
		return "not a PNG file";
	while (i + 12 <= len) {
		unsigned long n = be32(d + i);
		if (n > len - i - 12)
			return "the PNG file is truncated";
		if (first && (memcmp(d + i + 4, "IHDR", 4) != 0 || n != 13))
			return "the PNG file has no header chunk";
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return NULL;
		first = false;
		i += 12 + n;
	}
	return "the PNG file is truncated";
}

/* The size a header declares, judged before any decoder allocates for
 * it. libpng also refuses a side over 1,000,000 pixels; saying so here
 * gives the reason rather than "not readable". */
static const char *too_large(size_t w, size_t h)
{
	if (w == 0 || h == 0)
		return "the image has no size";
	if (w > 1000000 || h > 1000000)
		return "the image is more than 1,000,000 pixels wide or high";
	if (w * h > QUIRE_IMAGE_MAX_PIXELS)
		return "the image has more than 40 million pixels";
	return NULL;
}

/* libpng's simplified API turns every depth, colour type and interlace
 * into 8-bit gray or RGB, with alpha when there is transparency. It
 * checks the CRC of every critical chunk, the header's combination of
 * depth and colour type, the palette, each row's filter and that the
 * image data is all there. */
static const char *decode_png(const unsigned char *d, size_t len, bool keep,
                              struct quire_image *img)
{
	const char *why = quire_image_check_png(d, len);
	png_image pi;
	unsigned char *buf = NULL;

	memset(&pi, 0, sizeof(pi));
	pi.version = PNG_IMAGE_VERSION;
	if (why)
		goto out;
	/* IHDR, first after the signature (checked above), holds the size. */
	why = too_large(be32(d + 16), be32(d + 20));
	if (why)
		goto out;
	if (!png_image_begin_read_from_memory(&pi, d, len)) {
		why = "not a readable PNG file";
		goto out;
	}
	bool gray = !(pi.format & PNG_FORMAT_FLAG_COLOR);
	bool alpha = (pi.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	pi.format = gray ? (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY)
	                 : (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB);
	buf = malloc((size_t)pi.width * pi.height * ((gray ? 1 : 3) + alpha));
	if (!buf) {
		why = QUIRE_IMAGE_NOMEM;
		goto out;
	}
	if (!png_image_finish_read(&pi, NULL, buf, 0, NULL)) {
		why = "a corrupt or truncated PNG file";
		goto out;
	}
	img->width = pi.width;
	img->height = pi.height;
	img->gray = gray;
	img->alpha = alpha;
	if (keep) {
		img->pixels = buf;
		buf = NULL;
	}
out:
	png_image_free(&pi);
	free(buf);
	return why;
}

/* JPEG segments up to the start of scan, each within the file, and the
 * frame header's kind: baseline or extended (SOF0, SOF1) or progressive
 * (SOF2) Huffman coding of 8-bit samples, which every reading system and
 * PDF viewer decodes. Lossless, hierarchical, arithmetic-coded and 12-bit
 * files are refused here, whatever this libjpeg could make of them. */
static const char *walk_jpeg(const unsigned char *d, size_t len)
{
	size_t i = 2;
	bool frame = false;
	while (i + 4 <= len && d[i] == 0xff) {
		unsigned char m = d[i + 1];
		if (m == 0xff) {
			i++;
			continue;
		}
		if (m == 0xda)
			break; /* start of scan: entropy-coded data follows */
		size_t n = (size_t)d[i + 2] << 8 | d[i + 3];
		if (n < 2 || n > len - i - 2)
			return "the JPEG file is truncated";
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (m > 0xc2)
				return "a lossless, hierarchical or arithmetic-coded JPEG file";
			if (n < 8)
				return "the JPEG file has a corrupt frame header";
			if (d[i + 4] != 8)
				return "a JPEG file with other than 8 bits a sample";
			/* Height then width; a height of 0 (set later by a DNL
			 * segment) is one libjpeg does not support. */
			const char *why = too_large((size_t)d[i + 7] << 8 | d[i + 8],
			                            (size_t)d[i + 5] << 8 | d[i + 6]);
			if (why)
				return why;
			frame = true;
		}
		i += 2 + n;
	}
	if (!frame)
		return "the JPEG file has no frame header";
	if (len < 4 || d[len - 2] != 0xff || d[len - 1] != 0xd9)
		return "the JPEG file is truncated";
	return NULL;
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

static const char *check_jpeg(const unsigned char *d, size_t len, struct quire_image *img)
{
	struct jpeg_decompress_struct ci;
	struct jerr e;
	/* volatile: these live across the longjmp */
	const char *volatile why = walk_jpeg(d, len);
	JSAMPARRAY volatile row = NULL;

	if (why)
		return why;
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
	jpeg_mem_src(&ci, d, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
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
	img->width = ci.image_width;
	img->height = ci.image_height;
	img->components = ci.num_components;
	img->adobe = ci.saw_Adobe_marker;
out:
	jpeg_destroy_decompress(&ci);
	return why;
}

const char QUIRE_IMAGE_NOMEM[] = "out of memory";

const char *quire_image_check(const unsigned char *d, size_t len, bool keep_pixels,
                              struct quire_image *img)
{
	memset(img, 0, sizeof(*img));
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
		img->type = QUIRE_IMAGE_PNG;
		return decode_png(d, len, keep_pixels, img);
	}
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
		img->type = QUIRE_IMAGE_JPEG;
		return check_jpeg(d, len, img);
	}
	return "not a PNG or JPEG file";
}

void quire_image_free(struct quire_image *img)
{
	free(img->pixels);
	memset(img, 0, sizeof(*img));
}
