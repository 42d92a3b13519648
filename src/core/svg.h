/*
 * SVG files, parsed by libxml2 and sanitised once for every writer that
 * shows them (EPUB and HTML embed the re-written file; a renderer can walk
 * the tree). Private to the library; includes libxml2's headers, so only
 * the files that handle SVG include it.
 *
 * What survives (svg.c has the lists): static drawing in the SVG
 * namespace (shapes, paths, text, gradients, patterns, clipping, masks,
 * markers, filters, symbols, <use>, titles and descriptions, and <style>
 * whose CSS can load nothing), with an allow-list of attributes. Every
 * reference that is not a local "#fragment" goes: in href and xlink:href
 * (an <image> may also hold a data: URL of a PNG, JPEG or GIF), in url()
 * in attributes, style attributes and <style>, and @import. Scripts,
 * event attributes, foreignObject, animation elements, comments,
 * processing instructions and the document type go too. Values are judged
 * after libxml2 has decoded entities and character references, so no
 * spelling trick (&#x75;rl, URL(, CDATA) hides a reference; CSS holding
 * a backslash escape is dropped whole.
 *
 * Refused outright (the caller shows the alt text): a file that is not
 * well-formed XML in UTF-8 (an encoding declaration is not followed),
 * whose root is not <svg>, whose document type declares anything
 * (entities are never expanded: parsing stops at the first declaration),
 * nesting deeper than QUIRE_SVG_MAX_DEPTH, with more than
 * QUIRE_SVG_MAX_ATTRIBUTES attributes on an element, or more than
 * QUIRE_SVG_MAX_NODES elements and attributes in all. Nothing is ever
 * fetched (no DTD, no external entity, no network).
 *
 * Thread-safety: libxml2 is initialised once (pthread_once); separate
 * files may be parsed from separate threads at once.
 */
#ifndef QUIRE_CORE_SVG_H
#define QUIRE_CORE_SVG_H

#include <libxml/tree.h>

#include "core.h"

/* The old scanner's nesting limit; libxml2's own is 256 without
 * XML_PARSE_HUGE, which quire never sets. */
#define QUIRE_SVG_MAX_DEPTH 256
/* Elements and attributes together. Each costs libxml2 some 100 to 270
 * bytes of tree for as little as 4 bytes of file ("<g/>"), so this bounds
 * the tree of a hostile file near 130 MB while leaving room for large
 * drawings (a detailed map has some 100,000 elements). */
#define QUIRE_SVG_MAX_NODES 500000
/* Attributes (namespace declarations included) of one element, counted
 * before parsing as the '='s between two '<'s: libxml2 2.9 takes time
 * growing with the square of a tag's attributes. No drawing needs 40. */
#define QUIRE_SVG_MAX_ATTRIBUTES 256

/* A parsed and sanitised SVG file. doc's only child is the root element
 * <svg>; every element below it is an SVG element from the allow-list (in
 * the SVG namespace, or in none, which is read as SVG); every attribute
 * is from the allow-list and has at most one child, a text node; <style>
 * has one text child, its CSS. Owned by the struct: free it with
 * quire_svg_free(). */
struct quire_svg {
	xmlDoc *doc;
	struct quire_svg_removed removed;
	bool xlink; /* an attribute in the xlink namespace is kept */
};

/* Parses len bytes of d and sanitises the tree. Returns NULL and fills
 * *svg, or the reason the file cannot be used, in words ("the SVG file is
 * not well-formed"), or QUIRE_IMAGE_NOMEM, with *svg empty (freeing it is
 * still allowed). */
const char *quire_svg_parse(const unsigned char *d, size_t len, struct quire_svg *svg);

/* The sanitised tree as a file: an XML declaration (UTF-8), the root
 * declaring the SVG namespace (and xlink's when used), every element
 * unprefixed, no document type, comment or processing instruction.
 * *out is a new heap buffer of *len bytes (free() it). Returns NULL, or
 * QUIRE_IMAGE_NOMEM with *out NULL. */
const char *quire_svg_write(const struct quire_svg *svg, unsigned char **out, size_t *len);

/* NULL-safe; leaves *svg empty. */
void quire_svg_free(struct quire_svg *svg);

/* Whether the allow-lists are in strcmp() order, as the binary search
 * needs (for the unit tests). */
bool quire_svg_lists_sorted(void);

#endif
