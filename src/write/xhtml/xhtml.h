/*
 * The XHTML renderer shared by the EPUB and HTML backends.
 *
 * A backend cuts the document into chapters (ranges of top-level blocks),
 * registers every chapter so that ids, links and footnotes can be resolved
 * across them, then renders each chapter's body into a qstr. The renderer
 * walks with quire_iter and never recurses. Everything it emits is
 * well-formed XML; raw HTML from the input is never emitted.
 *
 * Ownership: struct xhtml borrows the document, options and log for its
 * lifetime; it owns its id tables and frees them in xhtml_free().
 */
#ifndef QUIRE_WRITE_XHTML_H
#define QUIRE_WRITE_XHTML_H

#include "../../core/core.h"

/* ---- escaping (xml_escape.c) ---- */

/* Appends s escaped for XML character data (attr false) or for a
 * double-quoted attribute value (attr true). Characters that XML 1.0
 * forbids (C0 controls but tab and newline, DEL, C1 controls, U+FFFE,
 * U+FFFF, surrogates) are dropped, invalid UTF-8 becomes U+FFFD. Returns
 * how many characters were dropped. */
size_t xml_escape(struct qstr *out, const char *s, size_t len, bool attr);
/* Appends a URL percent-encoded by quire_url_encode() (non-ASCII too:
 * epubcheck takes no IRI), then escaped for an attribute value. Returns
 * the characters dropped. */
size_t xml_escape_url(struct qstr *out, const char *url);
/* Whether a URL starts with a scheme ("http:", "data:"); its length
 * goes to *scheme_len when not NULL. */
bool url_has_scheme(const char *url, size_t *scheme_len);
/* Appends an XML NCName made from s: characters a name may not hold are
 * dropped, and "x-" goes in front when it would not start with a letter
 * or '_'. Never appends an empty name. */
void xml_ncname(struct qstr *out, const char *s);

/* ---- resources (resource.c) ---- */

struct xhtml_resource {
	char *path;       /* the file found, heap */
	unsigned char *data; /* its bytes, heap */
	size_t len;
	const char *media_type; /* "image/png", ...: static */
	const char *ext;        /* "png", ...: static */
};

/* The media type of an image from its first bytes (PNG, JPEG, GIF, SVG),
 * or NULL. The extension ("png") goes to *ext when not NULL. */
const char *xhtml_image_type(const unsigned char *data, size_t len, const char **ext);
/* The media type of a font from its first bytes (TrueType, OpenType, WOFF,
 * WOFF2), or NULL. */
const char *xhtml_font_type(const unsigned char *data, size_t len, const char **ext);

/* Why an image of that media type cannot go into a book (truncated, not
 * well-formed, not an SVG drawing), or NULL when it can (image_check.c).
 * *data is a heap buffer of *len bytes; an SVG file's is replaced by its
 * sanitised form (quire_svg_parse(), quire_svg_write()), and what was
 * taken out goes to *removed when removed is not NULL (zero otherwise). */
const char *xhtml_image_vet(unsigned char **data, size_t *len, const char *media_type,
                            struct quire_svg_removed *removed);
/* The words of the warning for parts removed from an SVG file:
 * "removed 3 parts that could refer outside the file or run scripts
 * (script, @import, href)". */
void xhtml_svg_removed(char *buf, size_t size, const struct quire_svg_removed *removed);

/* Finds and loads the file the image node refers to, through
 * quire_resource_load() (only from the resource path: the folder of the
 * input the node was read from and below, then each resource path; never
 * from the network), and checks it is an image. On any failure reports a
 * warning at the node (its input's file, line and column) and returns
 * QUIRE_OK with res->data NULL; errors only for memory. */
enum quire_status xhtml_load_image(const struct quire_write_options *opts, struct quire_log *log,
                                   const quire_doc *doc, const quire_node *image,
                                   struct xhtml_resource *res);
void xhtml_resource_free(struct xhtml_resource *res);

/* Appends data as base64. */
void xhtml_base64(struct qstr *out, const unsigned char *data, size_t len);

/* ---- stylesheet (style.c) ---- */

extern const char xhtml_default_css[];
extern const char xhtml_admonition_css[];
extern const char xhtml_deflist_css[];
extern const char xhtml_figure_css[];

/* The stylesheet a document needs, in parts[] ending with NULL: the
 * default, then the rules of kinds it has (admonitions, definition lists
 * and details, images and figures) and the highlighting theme's (code
 * blocks that name a language; written into hl_css, HL_CSS_SIZE bytes),
 * so that a document without them carries none of their rules. Returns
 * the number of parts. */
#define XHTML_CSS_PARTS 5
size_t xhtml_css_parts(const quire_doc *doc, const struct quire_write_options *opts,
                       char hl_css[2048], const char *parts[XHTML_CSS_PARTS + 1]);

/* ---- the renderer (render.c) ---- */

/* Where an id landed: its id in the output and its chapter. */
struct xhtml_target {
	char *id;
	int chapter;
	bool emitted; /* the id is in the output already */
};

struct xhtml;

/* The backend's answers to the renderer. */
struct xhtml_hooks {
	/* The file name of a chapter, or NULL when every chapter is in the
	 * same file (links are then fragments only). */
	const char *(*chapter_href)(void *user, int chapter);
	/* The src of an image node, appended to out; *found false when the
	 * image is not available (the alt text is rendered instead). The
	 * hook reports its own warnings. */
	enum quire_status (*image_src)(void *user, const quire_node *image, struct qstr *out,
	                               bool *found);
	void *user;
};

struct xhtml {
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	const char *filename; /* for messages; may be NULL */
	/* The node being rendered: messages with a line name its input's
	 * file (a book of several files), else filename. */
	const quire_node *at;
	bool epub;            /* emit epub:type, drop links to files outside the book */
	struct xhtml_hooks hooks;

	/* Model heading id -> target index + 1. */
	struct qset heading_ids;
	/* "N" and "N:k" for footnote N and its k-th reference -> index + 1. */
	struct qset note_ids;
	/* Ids used in the output, for uniqueness. */
	struct qset out_ids;
	struct xhtml_target *targets;
	size_t ntargets, cap_targets;

	/* Footnote definitions by number, borrowed from the document (note
	 * k at notes[k - 1], see quire_doc_footnotes), and the chapter each
	 * is rendered in (note k at note_chapter[k]; -1: never). */
	const quire_node *const *notes;
	int *note_chapter;
	int nnotes;

	int *queue; /* notes in the order they were given a chapter */
	int nqueue;

	int chapter; /* the chapter being registered or rendered */
	bool oom;
};

void xhtml_init(struct xhtml *x, const quire_doc *doc, const struct quire_write_options *opts,
                struct quire_log *log, bool epub, const struct xhtml_hooks *hooks);
void xhtml_free(struct xhtml *x);

/* Registers the top-level blocks [first, end) as chapter: their heading
 * ids and footnote references. Call for every chapter in order, then
 * xhtml_register_done() once. */
enum quire_status xhtml_register(struct xhtml *x, int chapter, quire_node *first,
                                 const quire_node *end);
enum quire_status xhtml_register_done(struct xhtml *x);

/* The output id of a heading (after registration), or NULL. */
const struct xhtml_target *xhtml_heading_target(struct xhtml *x, const quire_node *heading);

/* Renders the blocks [first, end) of chapter, then the footnotes that
 * belong to it, into out. */
enum quire_status xhtml_render(struct xhtml *x, int chapter, quire_node *first,
                               const quire_node *end, struct qstr *out);

/* The head of a page, up to and including <body>. */
struct xhtml_page {
	bool xml;                    /* an XML declaration first (EPUB) */
	bool epub;                   /* declare the epub: namespace */
	const char *lang;
	const char *title;           /* raw text, escaped here */
	const char *const *css_hrefs; /* NULL-terminated, or NULL */
	const char *const *inline_css; /* NULL-terminated, or NULL: <style> elements */
	const char *extra_head;      /* raw markup for the head, or NULL */
	const char *body_attrs;      /* raw attributes for <body>, or NULL */
};
void xhtml_head(struct qstr *out, const struct xhtml_page *page);
/* Appends </body></html>. */
void xhtml_tail(struct qstr *out);

/* Appends text escaped for XML character data; warns (with the line) when
 * characters XML forbids were dropped. */
void xhtml_text(struct xhtml *x, struct qstr *out, const char *s, size_t len, unsigned line);
/* Reports a warning; line and column 0 when unknown. */
void xhtml_warn(struct xhtml *x, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends a title block from the metadata (title, subtitle, authors,
 * date, description). */
void xhtml_title_block(struct xhtml *x, struct qstr *out, const char *title);

/* One entry of a table of contents. */
struct xhtml_toc_entry {
	int level;
	const char *href; /* escaped by the callee */
	const char *text;
};
/* Appends nested <ol> lists for the entries (in reading order; nesting by
 * level, see xhtml_toc_nest). Nothing when n is 0. */
void xhtml_toc_list(struct qstr *out, const struct xhtml_toc_entry *entries, size_t n);

/* Where a long output is handed on as it grows, so that it is never held
 * whole (the EPUB's package files, into the zip): fn takes out's bytes
 * and empties it. xhtml_drain() calls it once out holds XHTML_DRAIN_AT
 * bytes, or when it ran out of memory; d may be NULL (nothing done). */
#define XHTML_DRAIN_AT 65536
struct xhtml_drain {
	enum quire_status (*fn)(void *user, struct qstr *out);
	void *user;
};
enum quire_status xhtml_drain(const struct xhtml_drain *d, struct qstr *out);

/* How a flat list of entries nests by level, for every writer of nested
 * contents (the lists above, the EPUB NCX). Depth follows the levels
 * seen, so a jump from 1 to 3 nests once; it stops at XHTML_TOC_MAX_DEPTH.
 * Zero-initialise, then give each entry's level in reading order. */
#define XHTML_TOC_MAX_DEPTH 7
struct xhtml_toc_nesting {
	int levels[XHTML_TOC_MAX_DEPTH]; /* the level of the open entry at each depth */
	int depth;                       /* how many entries are open */
};
/* Takes the next entry's level and returns how many open entries end
 * before it: 0 for the first entry and for one nested in the entry
 * before; else 1 for the entry before, plus 1 for each enclosing entry it
 * climbs out of. Afterwards nesting->depth counts the open entries, the
 * new one among them. */
int xhtml_toc_nest(struct xhtml_toc_nesting *nesting, int level);

/* xhtml_toc_list an entry at a time, for entries that are never all
 * held: zero-initialise, give each entry to xhtml_toc_list_add(), then
 * call xhtml_toc_list_end(). */
struct xhtml_toc_lister {
	struct xhtml_toc_nesting nesting;
	size_t n; /* entries so far */
};
void xhtml_toc_list_add(struct xhtml_toc_lister *l, struct qstr *out,
                        const struct xhtml_toc_entry *entry);
void xhtml_toc_list_end(struct xhtml_toc_lister *l, struct qstr *out);

/* Entries gathered one at a time. The list owns each href (hrefs[i] is
 * entries[i].href, a heap string of its own, so it never moves) and
 * borrows each text, which must outlive it. Zero-initialise; free with
 * xhtml_toc_free(). */
struct xhtml_toc {
	struct xhtml_toc_entry *entries;
	char **hrefs;
	size_t n, cap_entries, cap_hrefs;
};
/* Adds an entry whose href is "file#id", or "file" when id is NULL, or
 * "#id" when file is NULL. */
enum quire_status xhtml_toc_add(struct xhtml_toc *t, int level, const char *file, const char *id,
                                const char *text);
void xhtml_toc_free(struct xhtml_toc *t);

/* The title of a document: the metadata's, else the first heading's
 * text, else "Untitled". Heap; NULL when out of memory. */
char *xhtml_doc_title(const quire_doc *doc);

/* The document language: meta lang when it looks like a language tag,
 * else "en". */
const char *xhtml_lang(const quire_doc *doc);

#endif
