/* Symbol visibility: the library hides everything but the public API. */
#ifndef QUIRE_EXPORT_H
#define QUIRE_EXPORT_H

#if defined(QUIRE_STATIC)
#define QUIRE_API
#elif defined(__GNUC__)
#define QUIRE_API __attribute__((visibility("default")))
#else
#define QUIRE_API
#endif

#endif
