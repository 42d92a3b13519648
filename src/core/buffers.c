/* Byte strings, buffered sink output, and the string set. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core.h"

void qout_init(struct qout *o, struct quire_sink *sink)
{
	o->sink = sink;
	o->status = QUIRE_OK;
	o->len = 0;
}

static void qout_flush(struct qout *o)
{
	if (o->status == QUIRE_OK && o->len > 0)
		o->status = o->sink->write(o->sink->ctx, o->buf, o->len);
	o->len = 0;
}

void qout_write(struct qout *o, const void *data, size_t len)
{
	if (o->status != QUIRE_OK)
		return;
	if (len > sizeof(o->buf) - o->len) {
		qout_flush(o);
		if (len >= sizeof(o->buf)) {
			if (o->status == QUIRE_OK)
				o->status = o->sink->write(o->sink->ctx, data, len);
			return;
		}
	}
	memcpy(o->buf + o->len, data, len);
	o->len += len;
}

void qout_puts(struct qout *o, const char *s)
{
	qout_write(o, s, strlen(s));
}

void qout_putc(struct qout *o, char c)
{
	if (o->len == sizeof(o->buf))
		qout_flush(o);
	if (o->status == QUIRE_OK)
		o->buf[o->len++] = c;
}

void qout_printf(struct qout *o, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->status = QUIRE_ERR_INTERNAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		qout_write(o, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (big == NULL) {
		o->status = QUIRE_ERR_NOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	qout_write(o, big, (size_t)n);
	free(big);
}

enum quire_status qout_finish(struct qout *o)
{
	qout_flush(o);
	return o->status;
}

bool quire_reserve(void *array_slot, size_t *cap, size_t need, size_t elem_size)
{
	void *array;

	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return false;
		ncap *= 2;
	}
	if (elem_size != 0 && ncap > SIZE_MAX / elem_size)
		return false;
	/* Through memcpy, so that any pointer type can be grown without
	 * type-punning it as a void pointer. */
	memcpy(&array, array_slot, sizeof(array));
	void *fresh = realloc(array, ncap * elem_size);
	if (fresh == NULL)
		return false;
	memcpy(array_slot, &fresh, sizeof(fresh));
	*cap = ncap;
	return true;
}

static int qstr_reserve(struct qstr *s, size_t extra)
{
	if (s->oom)
		return 0;
	if (s->len + extra + 1 <= s->cap && s->data)
		return 1;
	if (s->data == NULL)
		s->cap = 0; /* a caller took the buffer and left the capacity */
	/* Room for the terminating NUL; a string's first block is 64 bytes. */
	size_t need = s->len + extra + 1;
	if (extra >= SIZE_MAX - s->len || !QUIRE_RESERVE(s->data, s->cap, need < 64 ? 64 : need)) {
		s->oom = true;
		return 0;
	}
	return 1;
}

void qstr_append(struct qstr *s, const char *data, size_t len)
{
	if (!qstr_reserve(s, len))
		return;
	if (len)
		memcpy(s->data + s->len, data, len);
	s->len += len;
	s->data[s->len] = '\0';
}

void qstr_puts(struct qstr *s, const char *z)
{
	qstr_append(s, z, strlen(z));
}

void qstr_putc(struct qstr *s, char c)
{
	qstr_append(s, &c, 1);
}

void qstr_printf(struct qstr *s, const char *fmt, ...)
{
	va_list ap;
	/* Formatted straight into the free space when it fits (nearly
	 * always): one vsnprintf, not two. */
	if (s->data && !s->oom) {
		size_t room = s->cap - s->len;
		va_start(ap, fmt);
		int fit = vsnprintf(s->data + s->len, room, fmt, ap);
		va_end(ap);
		if (fit >= 0 && (size_t)fit < room) {
			s->len += (size_t)fit;
			return;
		}
		s->data[s->len] = '\0';
	}
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !qstr_reserve(s, (size_t)n)) {
		s->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s->data + s->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->len += (size_t)n;
}

void qstr_clear(struct qstr *s)
{
	s->len = 0;
	if (s->data)
		s->data[0] = '\0';
}

void qstr_free(struct qstr *s)
{
	free(s->data);
	memset(s, 0, sizeof(*s));
}

/* FNV-1a, started from a random value for each set: keys come from the
 * document (ids, metadata keys), and keys chosen to collide in a hash
 * anyone can compute would make every probe walk one long run of slots. */
static size_t hash_string(size_t seed, const char *s)
{
	size_t h = (size_t)14695981039346656037ULL ^ seed;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

/* A seed no document can know: from the kernel, else from the clock and
 * where the stack and the set happen to be. */
static size_t hash_seed(const void *set)
{
	size_t seed = 0;
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed))
		return seed;
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	return (size_t)ts.tv_nsec * 2654435761u ^ (size_t)(uintptr_t)set ^
	       (size_t)(uintptr_t)&seed << 16;
}

static struct qset_slot *qset_find(const struct qset *set, struct qset_slot *slots, size_t cap,
                                   const char *key)
{
	size_t i = hash_string(set->seed, key) & (cap - 1);
	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

int qset_add(struct qset *set, const char *key, unsigned **value)
{
	if (set->count * 2 >= set->cap) {
		if (set->cap == 0)
			set->seed = hash_seed(set);
		size_t ncap = set->cap ? set->cap * 2 : 64;
		struct qset_slot *fresh = calloc(ncap, sizeof(*fresh));
		if (fresh == NULL)
			return -1;
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i].key)
				*qset_find(set, fresh, ncap, set->slots[i].key) = set->slots[i];
		free(set->slots);
		set->slots = fresh;
		set->cap = ncap;
	}
	struct qset_slot *slot = qset_find(set, set->slots, set->cap, key);
	int added = 0;
	if (slot->key == NULL) {
		slot->key = strdup(key);
		if (slot->key == NULL)
			return -1;
		slot->value = 0;
		set->count++;
		added = 1;
	}
	if (value)
		*value = &slot->value;
	return added;
}

bool qset_has(const struct qset *set, const char *key)
{
	return set->cap && qset_find(set, set->slots, set->cap, key)->key != NULL;
}

unsigned qset_get(const struct qset *set, const char *key)
{
	if (!set->cap)
		return 0;
	const struct qset_slot *slot = qset_find(set, set->slots, set->cap, key);
	return slot->key ? slot->value : 0;
}

void qset_free(struct qset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i].key);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

struct quire_sink quire_buffer_sink(struct quire_buffer *buf);

static enum quire_status buffer_write(void *ctx, const void *data, size_t len)
{
	struct quire_buffer *b = ctx;
	/* The first block of output is 4 KB. */
	size_t need = b->len + len;
	if (len > SIZE_MAX - b->len || !QUIRE_RESERVE(b->data, b->cap, need < 4096 ? 4096 : need))
		return QUIRE_ERR_NOMEM;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	return QUIRE_OK;
}

struct quire_sink quire_buffer_sink(struct quire_buffer *buf)
{
	struct quire_sink sink = {.write = buffer_write, .ctx = buf};
	return sink;
}

void quire_buffer_free(struct quire_buffer *buf)
{
	free(buf->data);
	memset(buf, 0, sizeof(*buf));
}
