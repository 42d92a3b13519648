/* What every input goes through before a reader sees it (quire_read()):
 * encodings that are not UTF-8 are converted or refused, old Mac line ends
 * (CR alone) become LF, and NUL bytes and invalid UTF-8 are replaced by
 * U+FFFD. This is the only place that repairs: readers get valid UTF-8. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

static const char replacement[] = "\xEF\xBF\xBD";

static bool starts_with(const char *src, size_t len, const char *prefix, size_t n)
{
	return len >= n && memcmp(src, prefix, n) == 0;
}

/* UTF-16 to UTF-8. Unpaired surrogates and an odd last byte become
 * U+FFFD (counted in *bad). */
static char *from_utf16(const unsigned char *s, size_t len, bool big_endian, size_t *out_len,
                        size_t *bad)
{
	struct qstr out = {0};
	size_t i = 0;

	*bad = 0;
	qstr_append(&out, "", 0);
	while (i + 1 < len) {
		unsigned u = big_endian ? (unsigned)(s[i] << 8 | s[i + 1])
		                        : (unsigned)(s[i + 1] << 8 | s[i]);
		int32_t cp = (int32_t)u;
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
			unsigned lo = big_endian ? (unsigned)(s[i] << 8 | s[i + 1])
			                         : (unsigned)(s[i + 1] << 8 | s[i]);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = (int32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				i += 2;
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			cp = 0xFFFD;
			(*bad)++;
		}
		char buf[4];
		qstr_append(&out, buf, (size_t)quire_utf8_encode(cp, buf));
	}
	if (i < len) {
		qstr_append(&out, replacement, 3);
		(*bad)++;
	}
	if (out.oom) {
		qstr_free(&out);
		return NULL;
	}
	*out_len = out.len;
	return out.data;
}

/* Counts NUL bytes and invalid UTF-8 sequences. */
static void count_flaws(const char *src, size_t len, size_t *nuls, size_t *invalid)
{
	*nuls = *invalid = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)src[i];
		if (c < 0x80) {
			*nuls += c == 0;
			i++;
			continue;
		}
		int32_t cp;
		int n = quire_utf8_decode(src + i, len - i, &cp);
		/* A lead byte decoding alone can only be an error. */
		*invalid += n == 1;
		i += (size_t)n;
	}
}

enum quire_status quire_input_normalize(const char **src_io, size_t *len_io, const char *file,
                                        struct quire_log *log, char **owned)
{
	const char *src = *src_io;
	size_t len = *len_io;
	char *converted = NULL;
	size_t lone_crs = 0, bad = 0, nuls = 0, invalid = 0;

	*owned = NULL;
	if (starts_with(src, len, "\xFF\xFE\0\0", 4) || starts_with(src, len, "\0\0\xFE\xFF", 4)) {
		quire_log_report(log, QUIRE_SEV_ERROR, file, 0, 0,
		                 "UTF-32 text is not supported; convert it to UTF-8 "
		                 "(iconv -f UTF-32 -t UTF-8)");
		return QUIRE_ERR_INPUT;
	}
	if (starts_with(src, len, "\xFF\xFE", 2) || starts_with(src, len, "\xFE\xFF", 2)) {
		bool be = (unsigned char)src[0] == 0xFE;
		converted = from_utf16((const unsigned char *)src + 2, len - 2, be, &len, &bad);
		if (converted == NULL)
			return QUIRE_ERR_NOMEM;
		quire_log_report(log, QUIRE_SEV_WARNING, file, 0, 0,
		                 "UTF-16 (%s-endian) text converted to UTF-8%s", be ? "big" : "little",
		                 bad ? "; invalid code units replaced by U+FFFD" : "");
		src = converted;
	} else if (starts_with(src, len, "\xEF\xBB\xBF", 3)) {
		/* A UTF-8 byte order mark says nothing; front matter must
		 * still be found at the very start. */
		src += 3;
		len -= 3;
	}
	for (const char *cr = src; (cr = memchr(cr, '\r', (size_t)(src + len - cr))); cr++)
		if (cr + 1 == src + len || cr[1] != '\n')
			lone_crs++;
	if (lone_crs > 0) {
		char *fixed = malloc(len + 1);
		if (fixed == NULL)
			goto nomem;
		for (size_t i = 0; i < len; i++)
			fixed[i] = src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n') ? '\n' : src[i];
		fixed[len] = '\0';
		free(converted);
		src = converted = fixed;
	}
	/* Repaired here, once for every reader, so that each flaw gets one
	 * message that says what it was. */
	/* Nearly all input is valid; the byte-wise count is for the rest. */
	if (!quire_utf8_valid(src, len))
		count_flaws(src, len, &nuls, &invalid);
	if (nuls > 0 || invalid > 0) {
		unsigned line, col;
		size_t repairs, fixed_len;
		char *fixed = quire_utf8_repair(src, len, &fixed_len, &line, &col, &repairs);
		if (fixed == NULL)
			goto nomem;
		quire_log_report(log, QUIRE_SEV_WARNING, file, line, col,
		                 "%s replaced by U+FFFD (%zu byte%s; first at %u:%u)",
		                 nuls == 0      ? "invalid UTF-8"
		                 : invalid == 0 ? "NUL byte"
		                                : "invalid UTF-8 and NUL bytes",
		                 repairs, repairs == 1 ? "" : "s", line, col);
		free(converted);
		src = converted = fixed;
		len = fixed_len;
	}
	*src_io = src;
	*len_io = len;
	*owned = converted;
	return QUIRE_OK;
nomem:
	free(converted);
	return QUIRE_ERR_NOMEM;
}
