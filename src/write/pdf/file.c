/* Objects straight to the sink; see file.h for why. */
#include "file.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pdf_format_num(char buf[PDF_NUM_MAX], double v, int places)
{
	static const double scale[] = {1, 10, 100, 1000};
	char tmp[PDF_NUM_MAX], *end = tmp + sizeof(tmp), *p = end;
	if (!(fabs(v) < 1e9)) /* NaN or absurd: nothing on a page is there */
		v = 0;
	long long n = llround(v * scale[places]);
	bool negative = n < 0;
	if (negative)
		n = -n;
	long long whole = n, frac;
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
	size_t len = (size_t)(end - p);
	memcpy(buf, p, len);
	return len;
}

static void fail(struct pdf_file *f, enum quire_status st)
{
	if (f->status == QUIRE_OK)
		f->status = st;
}

void pdf_file_write(struct pdf_file *f, const void *data, size_t len)
{
	if (f->status != QUIRE_OK)
		return;
	qout_write(&f->out, data, len);
	f->offset += len;
	if (f->out.status != QUIRE_OK)
		fail(f, f->out.status);
}

void pdf_file_puts(struct pdf_file *f, const char *s)
{
	pdf_file_write(f, s, strlen(s));
}

void pdf_file_printf(struct pdf_file *f, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail(f, QUIRE_ERR_INTERNAL);
		return;
	}
	if ((size_t)n < sizeof(small)) {
		pdf_file_write(f, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		fail(f, QUIRE_ERR_NOMEM);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pdf_file_write(f, big, (size_t)n);
	free(big);
}

void pdf_file_num(struct pdf_file *f, double v)
{
	char buf[PDF_NUM_MAX];
	pdf_file_write(f, buf, pdf_format_num(buf, v, 3));
}

void pdf_file_ref(struct pdf_file *f, pdf_ref ref)
{
	pdf_file_printf(f, " %lu 0 R", (unsigned long)ref);
}

void pdf_file_init(struct pdf_file *f, struct quire_sink *sink)
{
	memset(f, 0, sizeof(*f));
	qout_init(&f->out, sink);
	f->nobjs = 1; /* object 0 is the head of the free list */
	/* Four bytes over 127 after the header: the file is binary. */
	pdf_file_puts(f, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
}

void pdf_file_free(struct pdf_file *f)
{
	free(f->xref);
	qstr_free(&f->packed);
	if (f->z_ready)
		deflateEnd(&f->z);
	f->xref = NULL;
	f->z_ready = false;
}

pdf_ref pdf_file_reserve(struct pdf_file *f)
{
	if (f->status != QUIRE_OK)
		return 0;
	/* Past 8,388,607 objects a PDF reader's limit (Annex C) is passed;
	 * numbers stay within what the table's ten digits hold anyway. */
	if (f->nobjs >= 8388607 || !QUIRE_RESERVE(f->xref, f->cap, f->nobjs + 1)) {
		fail(f, f->nobjs >= 8388607 ? QUIRE_ERR_INPUT : QUIRE_ERR_NOMEM);
		return 0;
	}
	f->xref[f->nobjs] = 0;
	return (pdf_ref)f->nobjs++;
}

void pdf_file_begin(struct pdf_file *f, pdf_ref ref)
{
	if (f->status != QUIRE_OK)
		return;
	if (ref == 0 || ref >= f->nobjs || f->xref[ref] != 0) {
		fail(f, QUIRE_ERR_INTERNAL);
		return;
	}
	f->xref[ref] = f->offset;
	pdf_file_printf(f, "%lu 0 obj\n", (unsigned long)ref);
}

pdf_ref pdf_file_begin_new(struct pdf_file *f)
{
	pdf_ref ref = pdf_file_reserve(f);
	pdf_file_begin(f, ref);
	return ref;
}

void pdf_file_end(struct pdf_file *f)
{
	pdf_file_puts(f, "\nendobj\n");
}

size_t pdf_escape_byte(unsigned char x, char out[2])
{
	if (x == '(' || x == ')' || x == '\\' || x == '\r') {
		out[0] = '\\';
		out[1] = x == '\r' ? 'r' : (char)x;
		return 2;
	}
	out[0] = (char)x;
	return 1;
}

void pdf_file_string(struct pdf_file *f, const char *bytes, size_t len)
{
	char buf[512];
	size_t n = 0;
	buf[n++] = '(';
	for (size_t i = 0; i < len; i++) {
		n += pdf_escape_byte((unsigned char)bytes[i], buf + n);
		if (n > sizeof(buf) - 4) {
			pdf_file_write(f, buf, n);
			n = 0;
		}
	}
	buf[n++] = ')';
	pdf_file_write(f, buf, n);
}

void pdf_file_text(struct pdf_file *f, const char *s)
{
	size_t len = strlen(s);
	bool ascii = true;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F;
	if (ascii) {
		pdf_file_string(f, s, len);
		return;
	}
	static const char hex[] = "0123456789ABCDEF";
	char buf[256];
	size_t n = 0;
	pdf_file_puts(f, "<FEFF");
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += (size_t)quire_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    cp > 0x10FFFF)
			cp = ' ';
		uint16_t units[2];
		int nu = 1;
		if (cp > 0xFFFF) {
			units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			nu = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (int k = 0; k < nu; k++)
			for (int shift = 12; shift >= 0; shift -= 4)
				buf[n++] = hex[(units[k] >> shift) & 15];
		if (n > sizeof(buf) - 16) {
			pdf_file_write(f, buf, n);
			n = 0;
		}
	}
	buf[n++] = '>';
	pdf_file_write(f, buf, n);
}

/* Deflates data into f->packed. */
static bool deflate_all(struct pdf_file *f, const void *data, size_t len)
{
	if (!f->z_ready) {
		if (deflateInit(&f->z, Z_DEFAULT_COMPRESSION) != Z_OK) {
			fail(f, QUIRE_ERR_NOMEM);
			return false;
		}
		f->z_ready = true;
	}
	deflateReset(&f->z);
	qstr_clear(&f->packed);
	const unsigned char *in = data;
	int zs;
	do {
		/* zlib counts in uInt: feed a huge image a gigabyte at a time. */
		if (f->z.avail_in == 0 && len > 0) {
			size_t chunk = len < (1u << 30) ? len : (1u << 30);
			f->z.next_in = (Bytef *)in;
			f->z.avail_in = (uInt)chunk;
			in += chunk;
			len -= chunk;
		}
		Bytef out[16384];
		f->z.next_out = out;
		f->z.avail_out = sizeof(out);
		zs = deflate(&f->z, len > 0 ? Z_NO_FLUSH : Z_FINISH);
		if (zs == Z_STREAM_ERROR) {
			fail(f, QUIRE_ERR_INTERNAL);
			return false;
		}
		qstr_append(&f->packed, (const char *)out, sizeof(out) - f->z.avail_out);
	} while (zs != Z_STREAM_END);
	if (f->packed.oom) {
		fail(f, QUIRE_ERR_NOMEM);
		return false;
	}
	return true;
}

void pdf_file_stream(struct pdf_file *f, pdf_ref ref, const char *dict, const void *data,
                     size_t len, bool deflate)
{
	if (f->status != QUIRE_OK)
		return;
	if (deflate) {
		if (!deflate_all(f, data, len))
			return;
		data = f->packed.data;
		len = f->packed.len;
	}
	pdf_file_begin(f, ref);
	pdf_file_printf(f, "<< /Length %zu%s%s%s >>\nstream\n", len,
	                deflate ? " /Filter /FlateDecode" : "", dict ? " " : "", dict ? dict : "");
	pdf_file_write(f, data, len);
	pdf_file_puts(f, "\nendstream");
	pdf_file_end(f);
	if (deflate && f->packed.cap > (1u << 20)) {
		/* An image's bytes need not stay for the next page's text. */
		qstr_free(&f->packed);
		memset(&f->packed, 0, sizeof(f->packed));
	}
}

enum quire_status pdf_file_finish(struct pdf_file *f, pdf_ref root, pdf_ref info)
{
	uint64_t start = f->offset;
	char row[32];
	pdf_file_printf(f, "xref\n0 %zu\n", f->nobjs);
	/* Entries are exactly 20 bytes. Never-written objects are free. */
	pdf_file_write(f, "0000000000 65535 f\r\n", 20);
	for (size_t i = 1; i < f->nobjs && f->status == QUIRE_OK; i++) {
		if (f->xref[i])
			snprintf(row, sizeof(row), "%010llu 00000 n\r\n", (unsigned long long)f->xref[i]);
		else
			snprintf(row, sizeof(row), "0000000000 00001 f\r\n");
		pdf_file_write(f, row, 20);
	}
	pdf_file_printf(f, "trailer\n<< /Size %zu /Root %lu 0 R", f->nobjs, (unsigned long)root);
	if (info)
		pdf_file_printf(f, " /Info %lu 0 R", (unsigned long)info);
	pdf_file_printf(f, " >>\nstartxref\n%llu\n%%%%EOF\n", (unsigned long long)start);
	enum quire_status st = qout_finish(&f->out);
	if (f->status == QUIRE_OK)
		f->status = st;
	return f->status;
}
