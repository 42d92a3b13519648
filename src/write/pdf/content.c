/* Content streams written directly; see content.h for why. */
#include "content.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

void pdf_content_init(struct pdf_content *ct, struct pdf_fonts *fonts)
{
	memset(ct, 0, sizeof(*ct));
	ct->fonts = fonts;
	ct->face = -1;
}

void pdf_content_free(struct pdf_content *ct)
{
	qstr_free(&ct->ops);
}

static void put_num(struct qstr *q, double v, int places)
{
	char buf[PDF_NUM_MAX];
	qstr_append(q, buf, pdf_format_num(buf, v, places));
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
	ct->face = -1;
	ct->has_fill = false;
	ct->in_array = false;
	ct->pen_x = ct->pen_y = NAN;
}

void pdf_content_end_text(struct pdf_content *ct)
{
	close_array(ct);
	qstr_puts(&ct->ops, "ET\n");
}

/* The text as a literal string of the face's two-byte CIDs, escaped
 * where PDF's lexer needs it. */
static void put_string(struct pdf_content *ct, const char *text)
{
	struct qstr *q = &ct->ops;
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
		unsigned cid = pdf_fonts_cid(ct->fonts, ct->face, cp);
		unsigned char bytes[2] = {(unsigned char)(cid >> 8), (unsigned char)cid};
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

void pdf_content_text(struct pdf_content *ct, int face, float size, struct pdf_rgb fill,
                      double x, double y, const char *text, double width)
{
	struct qstr *q = &ct->ops;
	face = pdf_fonts_draw_face(ct->fonts, face);
	if (face != ct->face || size != ct->size) {
		close_array(ct);
		qstr_printf(q, "/F%d ", face);
		put_num(q, size, 3);
		qstr_puts(q, " Tf\n");
		ct->face = face;
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
	put_string(ct, text);
	ct->pen_x += width;
}

void pdf_content_image(struct pdf_content *ct, long image, double x, double y, double w,
                       double h)
{
	qstr_puts(&ct->ops, "q\n");
	pdf_content_op(ct, "cm", 6, w, 0.0, 0.0, h, x, y);
	qstr_printf(&ct->ops, "/Im%ld Do\nQ\n", image);
}

void pdf_content_flush(struct pdf_content *ct, struct pdf_file *file, pdf_ref ref)
{
	struct qstr *q = &ct->ops;
	if (q->oom)
		ct->failed = true;
	else
		pdf_file_stream(file, ref, NULL, q->data ? q->data : "", q->len, true);
	qstr_clear(q);
	ct->face = -1;
	ct->has_fill = false;
	ct->in_array = false;
}
