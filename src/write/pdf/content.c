/* Content streams written directly; see content.h for why. */
#include "content.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
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
	free(ct->cps);
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

/* One CID into the TJ array's string, opening it if need be; escaped
 * where PDF's lexer needs it. */
static void put_cid(struct pdf_content *ct, unsigned cid)
{
	struct qstr *q = &ct->ops;
	char buf[6];
	size_t n = 0;
	if (!ct->in_string) {
		buf[n++] = '(';
		ct->in_string = true;
	}
	unsigned char bytes[2] = {(unsigned char)(cid >> 8), (unsigned char)cid};
	for (int b = 0; b < 2; b++)
		n += pdf_escape_byte(bytes[b], buf + n);
	qstr_append(q, buf, n);
}

static void close_string(struct pdf_content *ct)
{
	if (ct->in_string)
		qstr_putc(&ct->ops, ')');
	ct->in_string = false;
}

/* A move inside the TJ array, in thousandths of the size (positive to
 * the left, as TJ reads it). */
static void put_move(struct pdf_content *ct, double thousandths)
{
	if (fabs(thousandths) < 0.0005)
		return;
	close_string(ct);
	put_num(&ct->ops, thousandths, 3);
	qstr_putc(&ct->ops, ' ');
}

/* A glyph raised or lowered (a mark shaping placed): text rise applies
 * to whole arrays, so the glyph gets one of its own. */
static void put_raised(struct pdf_content *ct, unsigned cid, double rise)
{
	struct qstr *q = &ct->ops;
	close_string(ct);
	qstr_puts(q, "] TJ\n");
	put_num(q, rise, 3);
	qstr_puts(q, " Ts [");
	put_cid(ct, cid);
	close_string(ct);
	qstr_puts(q, "] TJ\n0 Ts [");
}

/* The text shaped and shown; returns its advance in thousandths of the
 * size. */
static double put_text(struct pdf_content *ct, const char *text)
{
	size_t len = strlen(text), n = 0;
	double advance = 0;
	if (!QUIRE_RESERVE(ct->cps, ct->cps_cap, len + 1)) {
		ct->failed = true;
		return 0;
	}
	for (size_t i = 0; i < len; n++) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			ct->cps[n] = c;
			i++;
		} else {
			i += (size_t)quire_utf8_decode(text + i, len - i, &ct->cps[n]);
		}
	}
	const struct pdf_glyph *g;
	size_t ng = pdf_fonts_shape(ct->fonts, ct->face, ct->cps, n, &g);
	if (ng == 0) {
		/* Not shaped: each character by its own glyph. */
		for (size_t k = 0; k < n; k++) {
			put_cid(ct, pdf_fonts_cid(ct->fonts, ct->face, ct->cps[k]));
			advance += pdf_fonts_width(ct->fonts, ct->face, ct->cps[k]);
		}
		close_string(ct);
		return advance;
	}
	double upem = ct->fonts->faces[ct->face].upem;
	for (size_t k = 0; k < ng; k++) {
		/* The characters this glyph shows: its cluster up to the next
		 * glyph's (none for a second glyph of the same cluster). */
		size_t from = g[k].cluster, to = n;
		for (size_t j = k + 1; j < ng; j++)
			if (g[j].cluster != g[k].cluster) {
				to = g[j].cluster;
				break;
			}
		if (k > 0 && g[k - 1].cluster == g[k].cluster)
			to = from;
		if (to < from || to > n)
			to = from;
		unsigned cid = pdf_fonts_glyph_cid(ct->fonts, ct->face, g[k].gid, ct->cps + from, to - from);
		double w = cid ? ct->fonts->faces[ct->face].cids[cid - 1].width : 0;
		double want = round((double)g[k].advance * 1000000.0 / upem) / 1000.0;
		double dx = (double)g[k].dx * 1000.0 / upem, dy = (double)g[k].dy * 1000.0 / upem;
		put_move(ct, -dx);
		if (dy != 0)
			put_raised(ct, cid, dy * ct->size / 1000.0);
		else
			put_cid(ct, cid);
		put_move(ct, w - want + dx);
		advance += want;
	}
	close_string(ct);
	return advance;
}

void pdf_content_text(struct pdf_content *ct, int face, float size, struct pdf_rgb fill,
                      double x, double y, const char *text)
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
	ct->pen_x += put_text(ct, text) * size / 1000.0;
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
