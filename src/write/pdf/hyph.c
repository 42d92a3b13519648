/* libhyphen works on lower-case words in the dictionary's encoding (UTF-8
 * for every Debian pattern file) and marks points per character. */
#include "hyph.h"

#include <dirent.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "core/core.h"

/* A word seen before and its points: the same words come back again and
 * again in a book, and libhyphen costs thousands of instructions a word. */
struct hyph_entry {
	char *word;            /* len bytes, then len bytes of points (0/1) */
	size_t len;
	int count;
};

/* Enough for the distinct words of a long book; past it, words are
 * hyphenated afresh each time and memory stays bounded. */
#define HYPH_CACHE_MAX (1u << 17)

struct hyph {
	HyphenDict *dict;
	struct hyph_entry *slots;
	size_t cap, count;
};

static HyphenDict *try_load(const char *dir, const char *name)
{
	char path[512];
	if (snprintf(path, sizeof(path), "%s/hyph_%s.dic", dir, name) >= (int)sizeof(path))
		return NULL;
	if (access(path, R_OK) != 0)
		return NULL;
	return hnj_hyphen_load(path);
}

/* The alphabetically first "ll_CC" that dir has patterns for, into
 * name. */
static bool first_country(const char *dir, const char *ll, char *name, size_t cap)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char prefix[24];
	bool found = false;
	if (!dp)
		return false;
	snprintf(prefix, sizeof(prefix), "hyph_%s_", ll);
	size_t pl = strlen(prefix);
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n <= pl + 4 || strncmp(e->d_name, prefix, pl) != 0 ||
		    strcmp(e->d_name + n - 4, ".dic") != 0 || n - 9 >= cap)
			continue;
		/* "hyph_" and ".dic" off */
		if (!found || strncmp(e->d_name + 5, name, n - 9) < 0) {
			memcpy(name, e->d_name + 5, n - 9);
			name[n - 9] = 0;
			found = true;
		}
	}
	closedir(dp);
	return found;
}

struct hyph *hyph_open(const char *lang, const char *dir)
{
	char ll[16] = "", cc[16] = "", name[40];
	size_t i = 0, k = 0;
	HyphenDict *d = NULL;
	struct hyph *h = NULL;

	if (!dir)
		dir = "/usr/share/hyphen";
	if (!lang || !*lang)
		lang = "en-US";
	for (; lang[i] && lang[i] != '-' && lang[i] != '_' && k < sizeof(ll) - 1; i++)
		ll[k++] = (char)(lang[i] | 0x20);
	ll[k] = 0;
	if (lang[i] == '-' || lang[i] == '_') {
		i++;
		/* A script subtag (four letters) is skipped. */
		size_t j = i;
		while (lang[j] && lang[j] != '-' && lang[j] != '_')
			j++;
		if (j - i == 4 && lang[j])
			i = j + 1;
		k = 0;
		for (; lang[i] && lang[i] != '-' && lang[i] != '_' && k < sizeof(cc) - 1; i++)
			cc[k++] = (char)(lang[i] & ~0x20);
		cc[k] = 0;
	}
	for (const char *p = ll; *p; p++)
		if (*p < 'a' || *p > 'z')
			return NULL;
	for (const char *p = cc; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return NULL;
	if (!ll[0])
		return NULL;
	if (cc[0]) {
		snprintf(name, sizeof(name), "%s_%s", ll, cc);
		d = try_load(dir, name);
	}
	if (!d)
		d = try_load(dir, ll);
	if (!d && strcmp(ll, "en") == 0)
		d = try_load(dir, "en_US");
	if (!d) {
		/* A language alone ("es", "ru", as detection gives it): its
		 * own country's patterns (es_ES), else the first country's. */
		char own[40];
		snprintf(own, sizeof(own), "%s_%s", ll, ll);
		for (char *p = own + strlen(ll) + 1; *p; p++)
			*p = (char)(*p & ~0x20);
		d = try_load(dir, own);
		if (!d && first_country(dir, ll, name, sizeof(name)))
			d = try_load(dir, name);
	}
	if (!d)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		hnj_hyphen_free(d);
		return NULL;
	}
	h->dict = d;
	return h;
}

void hyph_close(struct hyph *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->cap; i++)
		free(h->slots[i].word);
	free(h->slots);
	hnj_hyphen_free(h->dict);
	free(h);
}

static size_t word_hash(const char *word, size_t len)
{
	size_t x = (size_t)14695981039346656037ULL;
	for (size_t i = 0; i < len; i++) {
		x ^= (unsigned char)word[i];
		x *= (size_t)1099511628211ULL;
	}
	return x;
}

/* The slot of word: its entry, or the empty slot where it would go. */
static struct hyph_entry *slot_of(struct hyph_entry *slots, size_t cap, const char *word,
                                  size_t len)
{
	size_t i = word_hash(word, len) & (cap - 1);
	while (slots[i].word && (slots[i].len != len || memcmp(slots[i].word, word, len) != 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Remembers the points of word; out of memory, it simply does not. */
static void remember(struct hyph *h, const char *word, size_t len, const bool *points, int count)
{
	if (h->count >= HYPH_CACHE_MAX)
		return;
	if (h->count * 2 >= h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 1024;
		struct hyph_entry *fresh = calloc(ncap, sizeof(*fresh));
		if (fresh == NULL)
			return;
		for (size_t i = 0; i < h->cap; i++)
			if (h->slots[i].word)
				*slot_of(fresh, ncap, h->slots[i].word, h->slots[i].len) = h->slots[i];
		free(h->slots);
		h->slots = fresh;
		h->cap = ncap;
	}
	struct hyph_entry *e = slot_of(h->slots, h->cap, word, len);
	char *copy = malloc(len * 2);
	if (copy == NULL)
		return;
	memcpy(copy, word, len);
	for (size_t k = 0; k < len; k++)
		copy[len + k] = points[k] ? 1 : 0;
	e->word = copy;
	e->len = len;
	e->count = count;
	h->count++;
}

static int hyphenate(struct hyph *h, const char *word, size_t len, bool *points, bool *ok);

int hyph_word(struct hyph *h, const char *word, size_t len, bool *points)
{
	bool ok = false;

	if (!h || len == 0 || len > 200) {
		memset(points, 0, len);
		return 0;
	}
	if (h->cap) {
		const struct hyph_entry *e = slot_of(h->slots, h->cap, word, len);
		if (e->word) {
			for (size_t k = 0; k < len; k++)
				points[k] = e->word[len + k] != 0;
			return e->count;
		}
	}
	int count = hyphenate(h, word, len, points, &ok);
	if (ok)
		remember(h, word, len, points, count);
	return count;
}

static int hyphenate(struct hyph *h, const char *word, size_t len, bool *points, bool *ok)
{
	int count = 0;
	char *low = NULL, *marks = NULL;
	size_t *ends = NULL; /* byte offset of the last byte of each character */
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t nchars = 0, lowlen = 0;

	memset(points, 0, len);
	if (!h || len == 0 || len > 200)
		return 0;
	low = malloc(len * 4 + 8);
	ends = malloc((len + 1) * sizeof(*ends));
	marks = malloc(len * 4 + 8);
	if (!low || !ends || !marks)
		goto out;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		int n = quire_utf8_decode(word + i, len - i, &cp);
		int32_t lc = utf8proc_tolower(cp);
		lowlen += (size_t)quire_utf8_encode(lc, low + lowlen);
		i += (size_t)n;
		ends[nchars++] = i - 1;
	}
	low[lowlen] = 0;
	/* From here on the answer depends on the word alone. */
	*ok = true;
	if (nchars < 5)
		goto out;
	if (hnj_hyphen_hyphenate3(h->dict, low, (int)lowlen, marks, NULL, &rep, &pos, &cut, 2, 3, 2,
	                          3) != 0)
		goto out;
	/* marks is indexed by character for UTF-8 dictionaries. */
	for (size_t c = 1; c + 3 <= nchars; c++) {
		if (!(marks[c - 1] & 1))
			continue;
		if (rep && rep[c - 1])
			continue; /* a non-standard break (ff=f): not for us */
		points[ends[c - 1]] = true;
		count++;
	}
out:
	if (rep) {
		for (size_t c = 0; c < lowlen; c++)
			free(rep[c]);
		free(rep);
	}
	free(pos);
	free(cut);
	free(low);
	free(ends);
	free(marks);
	return count;
}
