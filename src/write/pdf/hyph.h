/*
 * Hyphenation with libhyphen and the Debian hyphen-* pattern files.
 */
#ifndef QUIRE_PDF_HYPH_H
#define QUIRE_PDF_HYPH_H

#include <stdbool.h>
#include <stddef.h>

struct hyph;

/* Patterns for a BCP 47 language tag ("en-US", "de", "pt_BR"), looked up
 * in dir (NULL: /usr/share/hyphen). NULL when there are none: the text is
 * then not hyphenated. */
struct hyph *hyph_open(const char *lang, const char *dir);
void hyph_close(struct hyph *h);

/* Finds the hyphenation points of one word (UTF-8, letters only; the
 * caller strips punctuation). points[k] is set true when a hyphen may go
 * after byte k; points must hold len entries. Keeps at least 2 letters
 * before and 3 after a hyphen. Returns the number of points. */
int hyph_word(struct hyph *h, const char *word, size_t len, bool *points);

#endif
