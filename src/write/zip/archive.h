/* A zip archive written to a sink, for the zip-based formats (EPUB today;
 * ODT or DOCX could follow). It knows nothing of any of them: the caller
 * names the entries and orders them.
 *
 * Reproducible: every entry carries the one time given to
 * quire_zip_open(), and the bytes depend only on the entries added, in
 * the order added. Entries are stored, or deflated (raw deflate, level
 * QUIRE_ZIP_LEVEL) through one zlib stream reused for all of them.
 *
 * A file can be deflated early (quire_zip_deflate), so that only its
 * compressed bytes are held, and placed later (quire_zip_add_packed),
 * when the caller knows the order of the archive.
 *
 * Ownership: struct quire_zip belongs to the caller, who ends it with
 * quire_zip_free() whatever happened. Names are copied; the bytes of a
 * stored entry are borrowed until then.
 * A struct quire_zip_packed owns its heap bytes until it is handed to
 * quire_zip_add_packed(), which takes them, also when it fails.
 *
 * Errors: QUIRE_ERR_NOMEM when memory runs out, QUIRE_ERR_INTERNAL when
 * zlib or libzip refuse (quire_zip_finish() then also logs an error), or
 * the sink's status. After any error the archive is only fit for
 * quire_zip_free(). */
#ifndef QUIRE_WRITE_ZIP_ARCHIVE_H
#define QUIRE_WRITE_ZIP_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/core.h"

/* zlib's default: level 9 took half as long again on real text for books
 * 0.5% smaller. */
#define QUIRE_ZIP_LEVEL 6

struct quire_zip;

/* A file already deflated, not yet in the archive. */
struct quire_zip_packed {
	unsigned char *data; /* raw deflate, heap */
	size_t len;          /* of data */
	size_t size;         /* of the file */
	uint32_t crc;        /* CRC-32 of the file */
};

/* Starts an empty archive in memory whose entries all carry the time
 * timestamp (seconds since 1970, UTC; clamped to what a zip can hold,
 * 1980 to 2107). */
enum quire_status quire_zip_open(struct quire_zip **zip, long long timestamp);

/* Deflates len bytes of data into *out (see the ownership above). */
enum quire_status quire_zip_deflate(struct quire_zip *zip, const void *data, size_t len,
                                    struct quire_zip_packed *out);

/* Adds an entry named name (UTF-8) as it is, uncompressed: what a format
 * sniffs at a fixed offset, like EPUB's first entry "mimetype". data must
 * stay until the archive is finished or freed. */
enum quire_status quire_zip_add_stored(struct quire_zip *zip, const char *name, const void *data,
                                       size_t len);

/* Adds an entry deflated now. */
enum quire_status quire_zip_add_deflated(struct quire_zip *zip, const char *name, const void *data,
                                         size_t len);

/* Adds an entry from bytes deflated before; takes packed->data and
 * empties *packed. */
enum quire_status quire_zip_add_packed(struct quire_zip *zip, const char *name,
                                       struct quire_zip_packed *packed);

/* Writes the archive to sink. what names it in an error message ("the
 * EPUB" gives "cannot build the EPUB: ..."). */
enum quire_status quire_zip_finish(struct quire_zip *zip, struct quire_sink *sink,
                                   struct quire_log *log, const char *what);

/* Frees the archive, finished or not; NULL is fine. */
void quire_zip_free(struct quire_zip *zip);

#endif
