/*
 * The article reader's private interface: the inline parser and the
 * dateline parser, separate from the block structure so that unit tests
 * can reach them. The grammar is in FORMAT.md next to this file.
 */
#ifndef QUIRE_READ_ARTICLE_H
#define QUIRE_READ_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

#include "quire/quire.h"

/* Appends the inline content of text (valid UTF-8, whitespace already
 * collapsed) to parent: TEXT and LINK nodes, with smart punctuation when
 * smart is set. Linear in len; no recursion. Nodes get the given line.
 * Returns QUIRE_OK or QUIRE_ERR_NOMEM. */
enum quire_status article_inlines(quire_doc *doc, quire_node *parent, const char *text,
                                  size_t len, bool smart, unsigned line);

/* Parses a dateline at the start of text: an optional place and comma, a
 * date ("31 March 2017", "March 31, 2017", "2017-03-31") and a dash. On
 * success writes the ISO 8601 date ("2017-03-31" and a NUL) into iso and
 * returns true. */
bool article_dateline(const char *text, size_t len, char iso[11]);

#endif
