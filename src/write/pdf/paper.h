/*
 * Paper sizes and lengths for --paper and --margin.
 */
#ifndef QUIRE_PDF_PAPER_H
#define QUIRE_PDF_PAPER_H

#include <stdbool.h>
#include <stddef.h>

/* A positive length: "25mm", "1in", "72pt", "2.5cm" or "72" (points). */
bool pdf_parse_length(const char *s, size_t len, double *pt);
/* "a4" (also NULL or ""), "letter", "legal", "a5", "a6", "a3", "b5", or "WxH"
 * with units ("210x297mm": a unit after H applies to W too). In points. */
bool pdf_parse_paper(const char *s, double *w, double *h);

#endif
