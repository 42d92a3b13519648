/* The EPUB backend: epub.c builds the book, package.c writes its package
 * files. struct epub and everything it points to belong to epub_write()
 * (epub.c), which frees them. */
#ifndef QUIRE_WRITE_EPUB_H
#define QUIRE_WRITE_EPUB_H

#include "../xhtml/xhtml.h"
#include "../zip/archive.h"

/* Every book file lives under this folder of the container. */
#define EPUB_DIR "EPUB/"

/* Where an item goes in the container and manifest: files are sorted by
 * rank, then by the order they were added, so the archive is the same
 * on every run. */
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
	struct quire_zip_packed packed; /* the file, deflated; emptied once in the archive */
	bool spine;             /* in the reading order */
};

struct epub_chapter {
	quire_node *first;
	const quire_node *end;
	char file[32];
	char *title; /* the <title>: its first heading, heap */
};

struct epub {
	const quire_doc *doc;
	const struct quire_write_options *opts;
	struct quire_log *log;
	struct xhtml x;
	const char *lang;
	char *title; /* heap */
	char *identifier; /* heap */
	char modified[32];

	struct epub_chapter *chapters;
	size_t nchapters;

	struct epub_item *items;
	size_t nitems, cap_items;
	/* Images by resolved path -> item index + 1. */
	struct qset images;
	size_t nimages;
	bool has_images;  /* an image is shown in the text (accessibility metadata) */
	int cover_item;   /* -1 when there is no cover */
	int font_items;   /* how many fonts were embedded */
	char *user_css;   /* href of --css, or NULL */
	const char *css[4]; /* the stylesheets every page links, NULL-terminated */

	/* The container, open from the start: files are deflated as they are
	 * added, so that only the compressed book is held. */
	struct quire_zip *zip;
	/* A digest of the files added so far, in order (epub_identifier). */
	unsigned long long digest[2];
};

/* epub.c builds the book: it splits the chapters, renders them and the
 * title and cover pages, loads the resources, deflates each file into the
 * container as it is added, and has package.c describe the result. */

/* ---- package.c ----
 * Writes the package files from what epub.c gathered. It calls nothing in
 * epub.c: epub.c depends on package.c, never the other way round. Only
 * epub_nav() reads struct epub, to gather the contents entries from the
 * chapters. */

/* The book as the package files describe it; everything borrowed. */
struct epub_package {
	const struct quire_meta *meta;
	const char *lang, *title, *identifier, *modified;
	const char *const *css;       /* the stylesheets of the navigation page */
	const struct epub_item *items; /* in container order */
	size_t nitems;
	const char *first_chapter;    /* href where the text starts, or NULL */
	bool has_cover;               /* an item has the id "cover-image" */
	bool has_images;              /* an image is shown in the text */
};

/* Adds len bytes of data to a digest of the book's files (zero-initialise
 * it); the same bytes in the same pieces give the same digest on every
 * machine. */
void epub_digest(unsigned long long digest[2], const void *data, size_t len);
/* The identifier from the metadata, or else from the digest of the files:
 * heap, NULL when out of memory. */
char *epub_identifier(const struct quire_meta *meta, const unsigned long long digest[2]);
/* The navigation document and the NCX, for the contents entries of b's
 * chapters. */
enum quire_status epub_nav(struct epub *b, const struct epub_package *p, struct qstr *nav,
                           struct qstr *ncx);
/* The package document (content.opf). */
enum quire_status epub_package(const struct epub_package *p, struct qstr *opf);

#endif
