/* A zip archive written to a sink as it is built, for the zip-based
 * formats (EPUB today; ODT or DOCX could follow). It knows nothing of any
 * of them: the caller names the entries and orders them.
 *
 * Written by quire, not by libzip (which it replaces): libzip writes an
 * archive at zip_close(), from sources it holds until then, into a target
 * it can seek, and a sink cannot seek; so libzip built the whole archive
 * in memory and held every entry's bytes until the end (a book of
 * 200,000 chapters peaked at 4.6 times the parser's memory). Here each
 * entry goes to the sink when it is added: its local header (sizes and
 * CRC are known, since the entry is deflated in memory first: no data
 * descriptors, no seeking back), then its bytes. Only the central
 * directory's records are held, and written by quire_zip_finish() with
 * the end record; ZIP64 records are added when an offset or the count of
 * entries passes what the 32-bit and 16-bit fields hold.
 *
 * Reproducible: every entry carries the one time given to
 * quire_zip_open() (as a DOS date in UTC, whatever the time zone), and
 * the bytes depend only on the entries added, in the order added. Entries
 * are stored, or deflated (raw deflate, level QUIRE_ZIP_LEVEL) through one
 * zlib stream reused for all of them. Names are UTF-8 and say so (flag
 * bit 11). An entry holds less than 4 GB (deflated and not): larger ones
 * fail with QUIRE_ERR_NOMEM (a deflated one must be held in memory).
 * The local headers have no extra field, even past 4 GB: the central
 * directory gives those offsets.
 *
 * Ownership: struct quire_zip belongs to the caller, who ends it with
 * quire_zip_free() whatever happened. Names and bytes are only read
 * during the call that adds or feeds them; the sink is borrowed until the archive
 * is freed.
 *
 * Errors: QUIRE_ERR_NOMEM when memory runs out, QUIRE_ERR_INTERNAL when
 * zlib refuses, or the sink's status. After any error the archive is only
 * fit for quire_zip_free(), and what reached the sink is not an archive:
 * the caller's sink must discard it (quire's output files are renamed
 * into place only on success). */
#ifndef QUIRE_WRITE_ZIP_ARCHIVE_H
#define QUIRE_WRITE_ZIP_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/core.h"

/* zlib's default: level 9 took half as long again on real text for books
 * 0.5% smaller. */
#define QUIRE_ZIP_LEVEL 6

struct quire_zip;

/* Starts an archive written to sink, whose entries all carry the time
 * timestamp (seconds since 1970, UTC; clamped to what a zip can hold,
 * 1980 to 2107). Nothing is written yet. When zlib refuses, an error is
 * logged to log (NULL: none) naming the archive what ("the EPUB" gives
 * "cannot write the EPUB: ..."). */
enum quire_status quire_zip_open(struct quire_zip **zip, long long timestamp,
                                 struct quire_sink *sink, struct quire_log *log, const char *what);

/* Writes an entry named name (UTF-8) as it is, uncompressed: what a
 * format sniffs at a fixed offset, like EPUB's first entry "mimetype"
 * (no extra field: its bytes start at 30 plus the name's length). */
enum quire_status quire_zip_add_stored(struct quire_zip *zip, const char *name, const void *data,
                                       size_t len);

/* Deflates data and writes it as an entry named name. */
enum quire_status quire_zip_add_deflated(struct quire_zip *zip, const char *name, const void *data,
                                         size_t len);

/* An entry made in pieces, so that only its deflated bytes are held:
 * quire_zip_begin(), then quire_zip_feed() any number of times, then
 * quire_zip_end(), which names it and writes it. No other entry may be
 * added in between. */
enum quire_status quire_zip_begin(struct quire_zip *zip);
enum quire_status quire_zip_feed(struct quire_zip *zip, const void *data, size_t len);
enum quire_status quire_zip_end(struct quire_zip *zip, const char *name);

/* Writes the central directory and the end records. */
enum quire_status quire_zip_finish(struct quire_zip *zip);

/* Frees the archive, finished or not; NULL is fine. */
void quire_zip_free(struct quire_zip *zip);

/* For the unit tests only: ZIP64 from these limits on (an offset or size
 * of the central directory at least offsets, a count at least count)
 * instead of 0xffffffff and 0xffff, so that its records can be tested
 * without writing 4 GB. */
void quire_zip_test_limits(struct quire_zip *zip, uint64_t offsets, uint64_t count);

#endif
