/*
 * Line wrapping by display width for the txt backend. Private.
 */
#ifndef QUIRE_TXT_WRAP_H
#define QUIRE_TXT_WRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

/* In text given to txt_wrap(): a space that is not a break opportunity
 * (it glues a link number or a heading's hashes to the next word). Callers
 * remove control characters from document text, so it cannot clash. */
#define TXT_GLUE '\x01'
/* A line end of the source (a soft break): a space, except between two
 * CJK characters, where it is nothing, as Chinese and Japanese put no
 * spaces between words; either way a line may break there. */
#define TXT_SOFT '\x02'

/* The display width of valid UTF-8: the sum of its grapheme clusters'
 * widths (txt_cluster_width). */
int txt_width(const char *s, size_t len);

/* The display width of one grapheme cluster: East Asian wide and fullwidth
 * characters 2, combining marks and other zero-width characters 0, an
 * emoji sequence (ZWJ, VS16, flags) 2. */
int txt_cluster_width(const char *s, size_t len);

/* Wraps text (valid UTF-8) into lines appended to out. The first line
 * starts with first_prefix, the others with prefix; each line, prefix
 * included, is at most width display columns, unless a single word does
 * not fit even alone, in which case it stands on its own line unbroken:
 * splitting a word, a URL or a number would change what it says.
 *
 * Breaks are allowed at ASCII spaces (which vanish at the break), between
 * CJK ideographs and kana, and after CJK closing punctuation (but never
 * before it, nor after opening punctuation). A grapheme cluster is never
 * split. '\n' forces a break; TXT_GLUE is a space that never breaks; TXT_SOFT
 * is described above. Lines
 * have no trailing spaces and end with '\n'. Text with nothing but spaces
 * appends nothing. Returns false when out of memory. */
bool txt_wrap(struct qstr *out, const char *text, size_t len, int width, const char *first_prefix,
              const char *prefix);

#endif
