/* libhyphen works on lower-case words in the dictionary's encoding (UTF-8
 * for every Debian pattern file) and marks points per character. */
#include "hyph.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "core/core.h"

struct hyph {
	HyphenDict *dict;
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
	hnj_hyphen_free(h->dict);
	free(h);
}

int hyph_word(struct hyph *h, const char *word, size_t len, bool *points)
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
