/* The lists of readers and writers (registry.c). */
#ifndef QUIRE_REGISTRY_H
#define QUIRE_REGISTRY_H

#include "quire/quire.h"

extern const struct quire_reader *const quire_reader_registry[];
extern const struct quire_writer *const quire_writer_registry[];

#endif
