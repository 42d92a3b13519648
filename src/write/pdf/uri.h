/*
 * Link targets as PDF annotations take them.
 */
#ifndef QUIRE_PDF_URI_H
#define QUIRE_PDF_URI_H

#include <stdbool.h>

/* The longest link target, in bytes once percent-encoded, that becomes a
 * link annotation. libharu refuses a string over 65,535 bytes and then
 * fails the whole document (HPDF_STRING_OUT_OF_RANGE); PDF 1.7's Annex C
 * gives 32,767 bytes as a reader's limit for strings in content streams,
 * which earlier readers applied to every string. A longer target keeps its
 * text on the page, not marked as a link and not clickable. */
#define PDF_MAX_URI 32767

/* The URI percent-encoded by quire_url_encode(), as every writer does:
 * annotations take ASCII only. Heap-allocated; NULL on OOM. */
char *pdf_uri_ascii(const char *url);
/* Whether the URI runs script (javascript:, vbscript:, data:): no link a
 * reader wants, so neither marked nor annotated. */
bool pdf_uri_scripted(const char *url);
/* Whether the URI, percent-encoded, is longer than PDF_MAX_URI (false
 * when out of memory: the annotation then fails as well). */
bool pdf_uri_too_long(const char *url);

#endif
