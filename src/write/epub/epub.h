/* The EPUB backend: epub.c builds the book, package.c writes its package
 * files. The book (struct epub, private to epub.c) and everything it
 * points to belong to epub_write(), which frees them; package.c borrows
 * what it describes for the length of one call. */
#ifndef QUIRE_WRITE_EPUB_H
#define QUIRE_WRITE_EPUB_H

#include "../xhtml/xhtml.h"
#include "../zip/archive.h"

/* Every book file lives under this folder of the container. */
#define EPUB_DIR "EPUB/"
/* Chapter n's file and manifest id (n from 1): ch001.xhtml, ch001. */
#define EPUB_CHAPTER_FILE "ch%03zu.xhtml"
#define EPUB_CHAPTER_ID "ch%03zu"

/* Where an item goes in the manifest: files are sorted by rank, then by
 * the order they were added, so the package is the same on every run.
 * (The container holds them in the order they were added.) The chapters
 * are not items: they are the whole of EPUB_RANK_TEXT, in order. */
enum epub_rank {
	EPUB_RANK_CSS,
	EPUB_RANK_COVER,
	EPUB_RANK_TITLE,
	EPUB_RANK_NAV,
	EPUB_RANK_NCX,
	EPUB_RANK_TEXT,
	EPUB_RANK_IMAGE,
	EPUB_RANK_FONT,
};

/* One file of the book. */
struct epub_item {
	enum epub_rank rank;
	size_t seq;             /* order of addition */
	char *href;             /* relative to EPUB_DIR, heap */
	char *id;               /* manifest id, heap */
	const char *media_type; /* static */
	const char *properties; /* static, or NULL */
	bool spine;             /* in the reading order */
};

/* epub.c builds the book: it splits the chapters, renders them and the
 * title and cover pages, loads the resources, writes each file to the
 * container as it is added, gathers the contents entries, and has
 * package.c describe the result. */

/* ---- package.c ----
 * Writes the package files from what epub.c gathered, given as a struct
 * epub_package. It calls nothing in epub.c and sees none of its state:
 * epub.c depends on package.c, never the other way round. */

typedef enum quire_status (*epub_toc_visit)(void *user, const struct xhtml_toc_entry *entry);

/* The book as the package files describe it; everything borrowed. */
struct epub_package {
	const struct quire_meta *meta;
	const char *lang, *title, *identifier, *modified;
	const char *const *css;       /* the stylesheets of the navigation page */
	const struct epub_item *items; /* in manifest order */
	size_t nitems;
	size_t nchapters;             /* EPUB_CHAPTER_FILE 1 to nchapters, in the spine */
	const char *first_chapter;    /* href where the text starts, or NULL */
	/* The contents, in reading order, never empty: walk_toc(book, visit,
	 * user) gives each entry to visit, borrowed for that call. They are
	 * made again for each walk, never all held: a book of very many
	 * chapters has very many. */
	enum quire_status (*walk_toc)(void *book, epub_toc_visit visit, void *user);
	void *book;
	bool has_cover;               /* an item has the id "cover-image" */
	bool has_title_page;          /* title.xhtml is in the book */
	bool has_images;              /* an image is shown in the text */
};

/* Adds len bytes of data to a digest of the book's files (zero-initialise
 * it); the same bytes in the same pieces give the same digest on every
 * machine. */
void epub_digest(unsigned long long digest[2], const void *data, size_t len);
/* The identifier from the metadata, or else from the digest of the files:
 * heap, NULL when out of memory. */
char *epub_identifier(const struct quire_meta *meta, const unsigned long long digest[2]);
/* The package files, each written to out and handed to d (which may be
 * NULL) as it grows; what is left in out at the end is the file's tail.
 * The navigation document and the NCX, for p's contents entries: */
enum quire_status epub_nav(const struct epub_package *p, struct qstr *out,
                           const struct xhtml_drain *d);
enum quire_status epub_ncx(const struct epub_package *p, struct qstr *out,
                           const struct xhtml_drain *d);
/* The package document (content.opf). */
enum quire_status epub_package(const struct epub_package *p, struct qstr *out,
                               const struct xhtml_drain *d);

#endif
