/* What every input goes through before a reader sees it (quire_read()):
 * encodings that are not UTF-8 are converted or refused, NUL bytes are
 * replaced, and old Mac line ends (CR alone) become LF. Readers then deal
 * with UTF-8 text whose only remaining flaw can be invalid sequences. */
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

enum quire_status quire_input_normalize(const char **src_io, size_t *len_io, const char *file,
                                        struct quire_log *log, char **owned)
{
	const char *src = *src_io;
	size_t len = *len_io;
	enum quire_status st = QUIRE_OK;
	char *converted = NULL, *fixed = NULL;
	size_t nuls = 0, lone_crs = 0, bad = 0;
	unsigned nul_line = 0, nul_col = 0, line = 1;
	size_t line_start = 0;

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
	for (size_t i = 0; i < len; i++) {
		if (src[i] == '\n') {
			line++;
			line_start = i + 1;
		} else if (src[i] == '\r') {
			if (i + 1 >= len || src[i + 1] != '\n') {
				lone_crs++;
				line++;
				line_start = i + 1;
			}
		} else if (src[i] == '\0' && nuls++ == 0) {
			nul_line = line;
			nul_col = (unsigned)(i - line_start + 1);
		}
	}
	if (nuls > 0 || lone_crs > 0) {
		fixed = malloc(len + 2 * nuls + 1);
		if (fixed == NULL) {
			st = QUIRE_ERR_NOMEM;
			goto out;
		}
		size_t j = 0;
		for (size_t i = 0; i < len; i++) {
			if (src[i] == '\0') {
				memcpy(fixed + j, replacement, 3);
				j += 3;
			} else if (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n')) {
				fixed[j++] = '\n';
			} else {
				fixed[j++] = src[i];
			}
		}
		fixed[j] = '\0';
		len = j;
		if (nuls > 0)
			quire_log_report(log, QUIRE_SEV_WARNING, file, nul_line, nul_col,
			                 "NUL byte replaced by U+FFFD (%zu byte%s; first at %u:%u)", nuls,
			                 nuls == 1 ? "" : "s", nul_line, nul_col);
		src = fixed;
		free(converted);
		converted = fixed;
	}
	/* In a pipeline an empty input usually means an earlier step
	 * failed; say so, though it is not an error. */
	size_t k = 0;
	while (k < len && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r' ||
	                   src[k] == '\f' || src[k] == '\v'))
		k++;
	if (k == len)
		quire_log_report(log, QUIRE_SEV_WARNING, file, 0, 0, "%s",
		                 len == 0 ? "the input is empty" : "the input holds only white space");
	*src_io = src;
	*len_io = len;
	*owned = converted;
	converted = NULL;
out:
	free(converted);
	return st;
}
