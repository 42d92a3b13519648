/* The EPUB backend's private state, shared by its files. */
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

/* Adds len bytes of data to b->digest. */
void epub_digest(struct epub *b, const void *data, size_t len);

/* Adds an item, taking ownership of data (also on failure), which is
 * deflated at once. */
enum quire_status epub_add_item(struct epub *b, enum epub_rank rank, const char *href, const char *id,
                                const char *media_type, const char *properties,
                                unsigned char *data, size_t len, bool spine);
/* Adds an item from a qstr, which is emptied. */
enum quire_status epub_add_text(struct epub *b, enum epub_rank rank, const char *href, const char *id,
                                const char *properties, struct qstr *s, bool spine);

/* package.c: the generated files. */
enum quire_status epub_title_page(struct epub *b);
enum quire_status epub_cover_page(struct epub *b);
enum quire_status epub_nav(struct epub *b, struct qstr *nav, struct qstr *ncx);
enum quire_status epub_package(struct epub *b, struct qstr *opf);
/* Sets b->identifier from the metadata, or else from a hash of the
 * book's files. */
enum quire_status epub_identifier(struct epub *b);

#endif
