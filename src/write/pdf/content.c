/* Content streams written directly; see content.h for why. */
#include "content.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

void pdf_content_init(struct pdf_content *ct)
{
	memset(ct, 0, sizeof(*ct));
}

void pdf_content_free(struct pdf_content *ct)
{
	qstr_free(&ct->ops);
	qstr_free(&ct->packed);
	if (ct->z_ready)
		deflateEnd(&ct->z);
	ct->z_ready = false;
}

/* A number with at most `places` decimals and no trailing zeros: enough
 * for a thousandth of a point, and half the bytes of libharu's five. */
static void put_num(struct qstr *q, double v, int places)
{
	static const double scale[] = {1, 10, 100, 1000};
	char buf[40], *end = buf + sizeof(buf), *p = end;
	if (!(fabs(v) < 1e9)) /* NaN or absurd: nothing on a page is there */
		v = 0;
	long long n = llround(v * scale[places]);
	bool negative = n < 0;
	if (negative)
		n = -n;
	long long whole = n, frac = 0;
	for (int k = 0; k < places; k++)
		whole /= 10;
	frac = n - whole * (long long)scale[places];
	if (frac) {
		int digits = places;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		for (int k = 0; k < digits; k++) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
	}
	do {
		*--p = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	if (negative && n)
		*--p = '-';
	qstr_append(q, p, (size_t)(end - p));
}

void pdf_content_op(struct pdf_content *ct, const char *op, int n, ...)
{
	va_list ap;
	va_start(ap, n);
	for (int k = 0; k < n; k++) {
		put_num(&ct->ops, va_arg(ap, double), 3);
		qstr_putc(&ct->ops, ' ');
	}
	va_end(ap);
	qstr_puts(&ct->ops, op);
	qstr_putc(&ct->ops, '\n');
}

void pdf_content_raw(struct pdf_content *ct, const char *op)
{
	qstr_puts(&ct->ops, op);
	qstr_putc(&ct->ops, '\n');
}

static void close_array(struct pdf_content *ct)
{
	if (ct->in_array)
		qstr_puts(&ct->ops, "] TJ\n");
	ct->in_array = false;
}

void pdf_content_begin_text(struct pdf_content *ct)
{
	qstr_puts(&ct->ops, "BT\n");
	/* Tf and the fill persist across text objects, but graphics drawn
	 * between them change the fill: set both again. */
	ct->font = NULL;
	ct->has_fill = false;
	ct->in_array = false;
	ct->pen_x = ct->pen_y = NAN;
}

void pdf_content_end_text(struct pdf_content *ct)
{
	close_array(ct);
	qstr_puts(&ct->ops, "ET\n");
}

/* The text as a literal string of 2-byte codes (the fonts are Identity-H
 * with code = BMP code point), escaped where PDF's lexer needs it. */
static void put_string(struct qstr *q, const char *text)
{
	char buf[512];
	size_t n = 0, len = strlen(text);
	buf[n++] = '(';
	for (size_t i = 0; i < len;) {
		int32_t cp;
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			cp = c;
			i++;
		} else {
			i += (size_t)quire_utf8_decode(text + i, len - i, &cp);
		}
		if (cp < 0 || cp > 0xFFFF)
			cp = 0xFFFD;
		unsigned char bytes[2] = {(unsigned char)(cp >> 8), (unsigned char)cp};
		for (int b = 0; b < 2; b++) {
			unsigned char x = bytes[b];
			if (x == '(' || x == ')' || x == '\\') {
				buf[n++] = '\\';
				buf[n++] = (char)x;
			} else if (x == '\r') { /* a bare CR would be read as LF */
				buf[n++] = '\\';
				buf[n++] = 'r';
			} else {
				buf[n++] = (char)x;
			}
		}
		if (n > sizeof(buf) - 8) {
			qstr_append(q, buf, n);
			n = 0;
		}
	}
	buf[n++] = ')';
	qstr_append(q, buf, n);
}

void pdf_content_text(struct pdf_content *ct, HPDF_Page page, HPDF_Font font, float size,
                      struct pdf_rgb fill, double x, double y, const char *text, double width)
{
	struct qstr *q = &ct->ops;
	if (font != ct->font || size != ct->size) {
		const char *name = HPDF_Page_GetLocalFontName(page, font);
		if (!name) {
			ct->failed = true;
			return;
		}
		close_array(ct);
		qstr_putc(q, '/');
		qstr_puts(q, name);
		qstr_putc(q, ' ');
		put_num(q, size, 3);
		qstr_puts(q, " Tf\n");
		ct->font = font;
		ct->size = size;
	}
	if (!ct->has_fill || fill.r != ct->fill.r || fill.g != ct->fill.g || fill.b != ct->fill.b) {
		close_array(ct);
		put_num(q, fill.r, 3);
		if (fill.r == fill.g && fill.g == fill.b) {
			qstr_puts(q, " g\n");
		} else {
			qstr_putc(q, ' ');
			put_num(q, fill.g, 3);
			qstr_putc(q, ' ');
			put_num(q, fill.b, 3);
			qstr_puts(q, " rg\n");
		}
		ct->fill = fill;
		ct->has_fill = true;
	}
	/* On the pen's baseline a word is placed by a kern in the array
	 * (thousandths of the font size, negative to the right); elsewhere
	 * by a new text matrix. The pen follows what a reader computes from
	 * the rounded figures, so rounding never accumulates along a line. */
	double kern = 0;
	if (ct->pen_y == y && fabs(x - ct->pen_x) < size * 50) {
		kern = round(-(x - ct->pen_x) * 1000.0 / size * 100) / 100;
		ct->pen_x -= kern * size / 1000.0;
	} else {
		close_array(ct);
		qstr_puts(q, "1 0 0 1 ");
		put_num(q, x, 3);
		qstr_putc(q, ' ');
		put_num(q, y, 3);
		qstr_puts(q, " Tm\n");
		ct->pen_x = round(x * 1000) / 1000;
		ct->pen_y = y;
	}
	if (!ct->in_array) {
		qstr_putc(q, '[');
		ct->in_array = true;
	}
	if (kern != 0) {
		put_num(q, kern, 2);
		qstr_putc(q, ' ');
	}
	put_string(q, text);
	ct->pen_x += width;
}

void pdf_content_image(struct pdf_content *ct, HPDF_Page page, HPDF_Image image, double x,
                       double y, double w, double h)
{
	const char *name = HPDF_Page_GetXObjectName(page, image);
	if (!name) {
		ct->failed = true;
		return;
	}
	qstr_puts(&ct->ops, "q\n");
	pdf_content_op(ct, "cm", 6, w, 0.0, 0.0, h, x, y);
	qstr_putc(&ct->ops, '/');
	qstr_puts(&ct->ops, name);
	qstr_puts(&ct->ops, " Do\nQ\n");
}

/* The stream's /Filter entry. libharu writes one only for streams it
 * deflates itself, and drops any other at save; a dictionary's write hook
 * runs after its entries, before ">>". */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

void pdf_content_flush(struct pdf_content *ct, HPDF_Page page)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict contents = attr->contents;
	struct qstr *q = &ct->ops;
	if (q->oom) {
		ct->failed = true;
		goto out;
	}
	if (q->len == 0)
		goto out;
	if (!ct->z_ready && deflateInit(&ct->z, Z_DEFAULT_COMPRESSION) == Z_OK)
		ct->z_ready = true;
	if (!ct->z_ready || contents->write_fn != NULL) {
		/* Not as expected: hand libharu the plain text to deflate. */
		if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)q->data, (HPDF_UINT)q->len) != HPDF_OK)
			ct->failed = true;
		goto out;
	}
	deflateReset(&ct->z);
	ct->z.next_in = (Bytef *)q->data;
	ct->z.avail_in = (uInt)q->len;
	qstr_clear(&ct->packed);
	int zs;
	do {
		Bytef out[16384];
		ct->z.next_out = out;
		ct->z.avail_out = sizeof(out);
		zs = deflate(&ct->z, Z_FINISH);
		if (zs == Z_STREAM_ERROR) {
			ct->failed = true;
			goto out;
		}
		qstr_append(&ct->packed, (const char *)out, sizeof(out) - ct->z.avail_out);
	} while (zs != Z_STREAM_END);
	if (ct->packed.oom) {
		ct->failed = true;
		goto out;
	}
	/* A memory stream takes its bytes in blocks of a fixed size, 4 KB
	 * unless told otherwise, allocated as it is written: a page of 800
	 * deflated bytes would hold a block five times its size. Before the
	 * first write, the block is sized to the page. */
	HPDF_Stream stream = attr->stream;
	HPDF_MemStreamAttr mem = stream->attr;
	if (stream->type == HPDF_STREAM_MEMORY && mem->buf->count == 0 && ct->packed.len > 0 &&
	    ct->packed.len <= UINT32_MAX && mem->w_pos == mem->buf_siz) {
		/* w_pos == buf_siz: no block yet, the next write takes one. */
		mem->buf_siz = (HPDF_UINT)ct->packed.len;
		mem->w_pos = mem->buf_siz;
	}
	if (HPDF_Stream_Write(stream, (const HPDF_BYTE *)ct->packed.data,
	                      (HPDF_UINT)ct->packed.len) != HPDF_OK) {
		ct->failed = true;
		goto out;
	}
	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = write_flate_filter;
out:
	qstr_clear(q);
	ct->font = NULL;
	ct->has_fill = false;
	ct->in_array = false;
}
