/*
 * Link targets as PDF annotations take them.
 */
#ifndef QUIRE_PDF_URI_H
#define QUIRE_PDF_URI_H

#include <stdbool.h>

/* The URI percent-encoded by quire_url_encode(), as every writer does:
 * annotations take ASCII only. Heap-allocated; NULL on OOM. */
char *pdf_uri_ascii(const char *url);
/* Whether the URI runs script (javascript:, vbscript:, data:): no link a
 * reader wants, so neither marked nor annotated. */
bool pdf_uri_scripted(const char *url);

#endif
