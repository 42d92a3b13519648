/*
 * Private helpers shared by readers and writers. Not installed.
 */
#ifndef QUIRE_CORE_H
#define QUIRE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quire/quire.h"

#define TRY(expr)                                   \
	do {                                        \
		if ((st = (expr)) != QUIRE_OK)      \
			goto out;                   \
	} while (0)

/* ---- buffered output over a sink ----
 * Errors are sticky: after the first failed write every call is a no-op
 * and qout_finish() returns that status, so writers need not check each
 * call. */
struct qout {
	struct quire_sink *sink;
	enum quire_status status;
	size_t len;
	char buf[16384];
};

void qout_init(struct qout *o, struct quire_sink *sink);
void qout_write(struct qout *o, const void *data, size_t len);
void qout_puts(struct qout *o, const char *s);
void qout_putc(struct qout *o, char c);
void qout_printf(struct qout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flushes; returns the first error or QUIRE_OK. */
enum quire_status qout_finish(struct qout *o);

/* ---- a growable byte string (heap, not arena) ---- */
struct qstr {
	char *data; /* NUL-terminated when non-NULL */
	size_t len, cap;
	bool oom;   /* sticky: an allocation failed */
};
void qstr_append(struct qstr *s, const char *data, size_t len);
void qstr_puts(struct qstr *s, const char *z);
void qstr_putc(struct qstr *s, char c);
void qstr_printf(struct qstr *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qstr_clear(struct qstr *s);
void qstr_free(struct qstr *s);

/* ---- growable arrays (heap) ----
 * Makes room for at least need elements of elem_size bytes in the array
 * whose pointer is at *array_slot and whose capacity (in elements) is
 * *cap: the capacity doubles from 16 until need fits. Returns false, with
 * the array and *cap unchanged, when out of memory or when the size would
 * overflow. Through QUIRE_RESERVE, for any typed pointer:
 *     if (!QUIRE_RESERVE(v->items, v->cap, v->count + 1)) goto nomem;
 */
bool quire_reserve(void *array_slot, size_t *cap, size_t need, size_t elem_size);
/* The common case, room already there, is decided inline: arrays grow
 * in hot loops. need is evaluated twice. */
#define QUIRE_RESERVE(array, cap, need)                                                            \
	((need) <= (cap) || quire_reserve(&(array), &(cap), (need), sizeof(*(array))))

/* ---- zeroed chunks for arenas (bigblock.c) ----
 * At least *size bytes, zeroed; *size is raised to what was given. From
 * QUIRE_BIG_BLOCK up, 2 MB aligned huge-page mappings, below that the C
 * library's memory. NULL when the system has no room. Give back with the
 * final *size. */
#define QUIRE_BIG_BLOCK ((size_t)2 * 1024 * 1024)
void *quire_chunk_alloc(size_t *size);
void quire_chunk_free(void *p, size_t size);

/* ---- a set of strings (open addressing), for unique ids ----
 * Each key carries an unsigned counter for the caller's use (0 when new). */
struct qset_slot {
	char *key;
	unsigned value;
};
struct qset {
	struct qset_slot *slots;
	size_t cap, count;
	size_t seed; /* the hash's, drawn when the set first takes a key */
};
/* Returns 1 when added, 0 when already present, -1 when out of memory.
 * The set keeps its own copy. When value is not NULL it receives a pointer
 * to the key's counter, valid until the next qset_add. */
int qset_add(struct qset *set, const char *key, unsigned **value);
bool qset_has(const struct qset *set, const char *key);
/* The key's counter, or 0 when the key is absent. */
unsigned qset_get(const struct qset *set, const char *key);
void qset_free(struct qset *set);

/* ---- UTF-8 ---- */

/* Copies src into a new heap buffer (NUL-terminated), replacing each
 * invalid UTF-8 sequence and each NUL byte by U+FFFD. *bad_line and
 * *bad_col (1-based, columns in bytes) give the first repair, 0 when there
 * was none; *repairs counts them. Returns NULL when out of memory. */
char *quire_utf8_repair(const char *src, size_t len, size_t *out_len, unsigned *bad_line,
                        unsigned *bad_col, size_t *repairs);

/* True when src is valid UTF-8 without NUL bytes: quire_utf8_repair()
 * would return an identical copy, which a reader can then spare. */
bool quire_utf8_valid(const char *src, size_t len);

/* Decodes one code point from valid UTF-8 at s (at most len bytes). Returns
 * the number of bytes consumed (>= 1) and sets *cp; on invalid input
 * returns 1 and sets *cp to U+FFFD. */
int quire_utf8_decode(const char *s, size_t len, int32_t *cp);
/* Encodes cp into buf (4 bytes at least); returns the length. */
int quire_utf8_encode(int32_t cp, char *buf);

/* ---- headings ---- */

/* The plain text of a node's inline content (text, code, and the text
 * inside emphasis, links, ...), soft breaks as spaces. Heap-allocated. */
char *quire_node_plain_text(const quire_node *node);
/* The same without images' descriptions: the text a browser shows. */
char *quire_node_shown_text(const quire_node *node);

/* The slug of a heading text: NFC, case-folded, punctuation and symbols
 * dropped, spaces to '-'. Heap-allocated; never empty ("section" when
 * nothing is left). */
char *quire_slugify(const char *text);
/* GitHub's slug of the same text: every space a '-' (runs and ends kept);
 * may be empty. Heap-allocated. */
char *quire_slugify_github(const char *text);

/* ---- inputs (doc.c) ---- */
/* Starts a new input named name (NULL: "-"): the nodes made from now on
 * carry its number. quire_read() calls it. 0 when out of memory. */
int quire_doc_begin_input(quire_doc *doc, const char *name);
/* The name of the input node was read from, for messages and for the
 * folder its resources are in; fallback when the document has none (a
 * tree built by a program). */
const char *quire_node_file(const quire_doc *doc, const quire_node *node, const char *fallback);

/* ---- table grids (grid.c) ----
 * For writers that set a table's columns in characters or ens: w[] holds
 * the column widths, a cell covers span columns from c, gap is the space
 * between two columns. */
/* The width of columns c..c+span-1 and the gaps between them (at most
 * INT_MAX / 4). */
int quire_columns_width(const int *w, int c, int span, int gap);
/* A cell across them wants want: the columns grow, evenly, until they
 * have that much between them. */
void quire_columns_widen(int *w, int c, int span, int want, int gap);

/* ---- facts writers share (built by quire_doc_finish(), facts.c) ----
 * Worked out once from the whole document, so that no writer re-derives
 * them. The arrays and their strings live in the document's arena: they
 * are valid until quire_doc_free(), as long as the tree is not changed
 * after quire_doc_finish() (quire_write() calls it first). Before a
 * successful quire_doc_finish() they are empty. Callers never free them. */

/* The referenced footnote definitions in order of number: the definition
 * of note k is (*defs)[k - 1]. Returns the count, the highest number
 * whose definition is among the document's blocks. An entry is NULL when
 * a note's definition is not (cut off by the nesting limit, or put inside
 * inline content by a program); its references keep their number.
 * Definitions never referenced have no number and are not listed. */
size_t quire_doc_footnotes(const quire_doc *doc, const quire_node *const **defs);

/* A heading of the body, for a table of contents. */
struct quire_toc_entry {
	int level;                 /* the heading's level, as it is in the node */
	const char *id;            /* the heading's id (the node's own string) */
	const char *text;          /* quire_node_plain_text() of the heading */
	const quire_node *heading; /* the node */
};

/* Every heading outside footnote definitions, in document order, those in
 * block quotes and list items included: *entries gets the array, the count
 * is returned. A writer picks by level, and when it lists only top-level
 * headings, by heading->parent == quire_doc_root(doc). */
size_t quire_doc_toc(const quire_doc *doc, const struct quire_toc_entry **entries);

/* How many admonitions the document has, anywhere: a writer that styles
 * them adds its styles only when there are some. */
size_t quire_doc_admonitions(const quire_doc *doc);
/* The same for definition lists and for details. */
size_t quire_doc_definition_lists(const quire_doc *doc);
size_t quire_doc_details(const quire_doc *doc);
/* How many images and figures it has, the same way. */
size_t quire_doc_images(const quire_doc *doc);

/* A paragraph that holds one image and nothing else, or one link that
 * holds one image and nothing else: every writer that can sets that
 * image as a block of its own (the PDF centred on its line, EPUB and
 * HTML in a <figure> when it has a caption). Returns the image, and
 * *link the link or NULL; NULL when para is no such paragraph. */
const quire_node *quire_lone_image(const quire_node *para, const quire_node **link);

/* Where a lone image's caption comes from: its title, or else its alt
 * text; none when it has neither, or when its paragraph is in a FIGURE
 * that has a CAPTION of its own (which is the image's caption then).
 * One rule, so that the PDF and EPUB/HTML never disagree on which
 * images are figures. */
enum quire_caption_from { QUIRE_CAPTION_NONE, QUIRE_CAPTION_TITLE, QUIRE_CAPTION_ALT };
enum quire_caption_from quire_lone_image_caption(const quire_node *image);

/* A link that another input's file named and finishing sent to a
 * heading of that input (books of several files): the heading; NULL for
 * any other link. Plain text writes the heading's title after the link's
 * text, where a reader cannot follow it. */
const quire_node *quire_doc_cross_link(const quire_doc *doc, const quire_node *link);

/* Reports once the links of a book to Markdown files that are not among
 * its inputs (kept as their text by quire_doc_finish()). */
void quire_doc_report_lost_links(quire_doc *doc, struct quire_log *log);

/* Whether item is a list item of a tight list, whose blocks have no space
 * (and no <p>) around them. False for NULL and for any other kind, so a
 * block can ask about its parent: quire_list_item_is_tight(n->parent). */
bool quire_list_item_is_tight(const quire_node *item);

/* ---- URLs ---- */

/* Percent-decodes len bytes of s into a new heap string. "%00" stays as
 * written (a NUL would cut the string short) and sets *had_nul when
 * had_nul is not NULL. Returns NULL when out of memory. */
char *quire_percent_decode(const char *s, size_t len, bool *had_nul);
/* Appends url to out with every byte that a URI may not hold
 * percent-encoded: controls, space, non-ASCII (each byte of its UTF-8),
 * DEL, " < > \ ^ ` { | }, and a '%' not followed by two hex digits. What
 * remains is printable ASCII. Out of memory shows in out->oom. */
void quire_url_encode(struct qstr *out, const char *url);

/* The language of a text as a BCP 47 primary tag ("fr", "ru"), guessed
 * from its first 4 KB (core/lang.c); heap, NULL when the guess is not
 * sure (short text, two candidates) or out of memory. */
char *quire_guess_lang(const char *text, size_t len);

/* A date of the metadata as shown on a title page, in the document's
 * language (BCP 47; NULL: English): an ISO 8601 day or month ("2022-09-03",
 * "2022-09") becomes "3 septembre 2022", "5. März 2023", "June 14, 2021"
 * for en-US; any other date, or a language without names, is shown as
 * written. Returns buf (filled) or date itself. The metadata keeps ISO. */
#define QUIRE_DATE_MAX 64
const char *quire_date_display(const char *date, const char *lang, char *buf, size_t cap);

/* ---- images (src/core/image.c) ---- */

/* The most pixels an image may have (width times height): larger images
 * are refused by every writer rather than decoded into memory. */
#define QUIRE_IMAGE_MAX_PIXELS ((size_t)40 * 1000 * 1000)

/* Whether len bytes of d are a PNG file whose chunks, IHDR first, each lie
 * within the file up to IEND. Returns NULL when they do, else the reason
 * in words ("the PNG file is truncated"). Reads nothing outside d and
 * allocates nothing: quire_image_check() starts with it. */
const char *quire_image_check_png(const unsigned char *d, size_t len);

enum quire_image_type { QUIRE_IMAGE_PNG = 1, QUIRE_IMAGE_JPEG };

/* A PNG or JPEG file found usable. pixels is set only for a PNG when
 * asked for: 8-bit samples, gray or RGB (gray false), then alpha when
 * alpha is true, row after row without padding. */
struct quire_image {
	enum quire_image_type type;
	unsigned width, height;
	bool gray, alpha;
	unsigned char *pixels;
	/* JPEG: colour components (1, 3 or 4) and whether Adobe's marker
	 * says how they are stored (its CMYK is inverted) */
	int components;
	bool adobe;
};

/* The one check of a PNG or JPEG image that every writer makes: the file
 * is well-formed (lengths within the file, every CRC, a valid header, a
 * palette where one is needed, every row of image data decodes; a JPEG is
 * baseline, extended or progressive Huffman with 8-bit samples, and
 * decodes without a warning), has a size, and has at most
 * QUIRE_IMAGE_MAX_PIXELS pixels. Returns NULL with *img filled in (free it
 * with quire_image_free()), or the reason in words for the warning ("the
 * PNG file is truncated"), QUIRE_IMAGE_NOMEM when out of memory. Other
 * formats get "not a PNG or JPEG file". */
extern const char QUIRE_IMAGE_NOMEM[];
const char *quire_image_check(const unsigned char *d, size_t len, bool keep_pixels,
                              struct quire_image *img);
void quire_image_free(struct quire_image *img);

/* What sanitising took out of an SVG file (src/core/svg.c, svg.h): the
 * parts that could refer outside the file or run scripts. Other parts
 * that are not kept (metadata, editors' attributes, comments) are not
 * counted. */
struct quire_svg_removed {
	unsigned count;  /* elements and attributes removed */
	char kinds[160]; /* their kinds, each once, in the order met: "script, @import, href" */
};

/* ---- paths ---- */

/* The folder part of a path ("." when there is none). Heap-allocated. */
char *quire_path_dirname(const char *path);
/* The extension after the last '.' of the last component, or "". */
const char *quire_path_extension(const char *path);

/* ---- resources: files a document names (src/core/resource.c) ---- */

/* The default cap on one resource or option file. */
#define QUIRE_RESOURCE_MAX_BYTES ((size_t)64 << 20)

/* Loads a file that the document names (an image, a stylesheet, ...) into
 * a new heap buffer (*data, NUL-terminated, free() it; *len bytes).
 * Only files inside the resource path are read: the node's own folder and
 * below, then opts->resource_paths. The node's own folder is
 * opts->input_dir when that is set ("": none); else the folder of input,
 * the name of the input the node was read from (quire_doc_input_name), none
 * for "-" (standard input), "." when input is NULL (no input). With no
 * folder at all every file is refused unresolved. Paths are resolved with
 * realpath(), so absolute paths, ".." and symbolic links count by where
 * they lead. URLs with a scheme (http:, file:, data:, ...) are never
 * fetched. Only regular files of at most max_bytes (0: the default cap)
 * are read; FIFOs, devices and folders are refused before anything is
 * read. what names the file in messages ("image"); doc_file and line say
 * where the document names it (doc_file may be NULL; column 0: unknown). When real_path is
 * not NULL it receives the resolved path (heap) on success.
 * Returns QUIRE_OK with the data; QUIRE_ERR_INPUT when the file was
 * refused or is missing, after a warning giving the reason (not fatal:
 * use the alt text instead); QUIRE_ERR_NOMEM. */
enum quire_status quire_resource_load(const struct quire_write_options *opts, const char *input,
                                      const char *url, const char *what, const char *doc_file,
                                      unsigned line, unsigned column, struct quire_log *log,
                                      size_t max_bytes, char **data, size_t *len,
                                      char **real_path);

/* Opens path for reading without following a final symbolic link and
 * without blocking on a FIFO, and checks on the descriptor that it is a
 * regular file of at most max_bytes: the one guard every file quire reads
 * passes. Returns QUIRE_OK with *fd (close it) and *size; QUIRE_ERR_INPUT
 * when refused, with *why in words, or *why NULL and *err the errno of a
 * failed lstat() or open(). *why is QUIRE_FILE_TOO_LARGE when the file is
 * over the cap, for a message that names the cap. */
extern const char QUIRE_FILE_TOO_LARGE[];
enum quire_status quire_file_open(const char *path, size_t max_bytes, int *fd, size_t *size,
                                  const char **why, int *err);

/* Loads a file named by the user on the command line (--css, a font, a
 * cover), where no resource path applies: links are followed (the user
 * chose them), then the checks of quire_file_open() apply, with a cap of
 * max_bytes (0: QUIRE_RESOURCE_MAX_BYTES). Returns QUIRE_OK with *data
 * (NUL-terminated, free() it) and *len; QUIRE_ERR_IO when the file cannot
 * be used, with why (why_size bytes, the caller's) saying so for the
 * caller's message: the system's words for a missing, forbidden or folder
 * path ("No such file or directory", "Is a directory"), "not a regular
 * file", "larger than 64 MB"; or QUIRE_ERR_NOMEM. It reports nothing:
 * whether a file that cannot be read is an error (a stylesheet) or a
 * warning (a cover, a font) is the caller's to say. */
enum quire_status quire_file_load(const char *path, size_t max_bytes, char **data, size_t *len,
                                  char *why, size_t why_size);

/* ---- input (src/core/input.c) ---- */

/* Prepares the bytes of one input for a reader (quire_read() calls it):
 * a UTF-16 text (by its byte order mark) is converted to UTF-8 with a
 * warning, UTF-32 is refused (QUIRE_ERR_INPUT, error logged), a UTF-8
 * byte order mark is dropped, a CR not followed by LF becomes LF, and
 * invalid UTF-8 and NUL bytes become U+FFFD with one warning that names
 * them. *src and *len are updated to the text to read; *owned receives a
 * heap buffer to free afterwards (NULL when none was needed). */
enum quire_status quire_input_normalize(const char **src, size_t *len, const char *file,
                                        struct quire_log *log, char **owned);

/* ---- limits (src/core/limits.c) ---- */

/* The deepest nesting of containers (block quotes, lists, emphasis,
 * links, ...) that a document keeps. quire_read() flattens anything
 * deeper, with a warning, so no reader or writer sees more. */
#define QUIRE_MAX_NESTING 1000

/* Flattens nesting deeper than QUIRE_MAX_NESTING: each too-deep container
 * is replaced by its content (a list by its items' content). Reports one
 * warning for file. Linear time, no recursion. Returns QUIRE_OK. */
enum quire_status quire_doc_limit_nesting(quire_doc *doc, const char *file,
                                          struct quire_log *log);

/* Metadata lengths kept: names (title, subtitle, author, keywords, date,
 * lang, identifier) and longer text (description, other keys), in bytes. */
#define QUIRE_MAX_META_NAME 1000
#define QUIRE_MAX_META_TEXT 65536

/* Cuts longer metadata values (at a character boundary), with one
 * warning for file. Returns QUIRE_OK or QUIRE_ERR_NOMEM. */
enum quire_status quire_doc_limit_meta(quire_doc *doc, const char *file, struct quire_log *log);

#endif
