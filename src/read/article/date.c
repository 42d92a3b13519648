/* The dateline of a news article: "GENEVA, 31 March 2017 – ...". */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../../core/core.h"
#include "article.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads n..max digits at s[*i] into *v. */
static bool digits(const char *s, size_t len, size_t *i, size_t min, size_t max, int *v)
{
	size_t n = 0;
	int value = 0;
	while (*i + n < len && n < max && is_digit(s[*i + n]))
		value = value * 10 + (s[*i + n++] - '0');
	if (n < min || (*i + n < len && is_digit(s[*i + n])))
		return false;
	*i += n;
	*v = value;
	return true;
}

/* An English month name, full or abbreviated (with an optional dot). */
static bool month(const char *s, size_t len, size_t *i, int *m)
{
	static const char *const names[] = {"january", "february", "march",     "april",
	                                    "may",     "june",     "july",      "august",
	                                    "september", "october", "november", "december"};
	size_t n = 0;
	while (*i + n < len && is_alpha(s[*i + n]))
		n++;
	for (int k = 0; k < 12; k++) {
		bool full = n == strlen(names[k]) && strncasecmp(s + *i, names[k], n) == 0;
		bool abbr = (n == 3 || (k == 8 && n == 4)) && strncasecmp(s + *i, names[k], n) == 0;
		if (full || abbr) {
			*i += n;
			if (abbr && !full && *i < len && s[*i] == '.')
				(*i)++;
			*m = k + 1;
			return true;
		}
	}
	return false;
}

static bool spaces(const char *s, size_t len, size_t *i)
{
	size_t start = *i;
	while (*i < len && s[*i] == ' ')
		(*i)++;
	return *i > start;
}

/* "st", "nd", "rd", "th" after a day number. */
static void ordinal(const char *s, size_t len, size_t *i)
{
	static const char *const suffixes[] = {"st", "nd", "rd", "th"};
	for (int k = 0; k < 4; k++)
		if (*i + 2 <= len && strncasecmp(s + *i, suffixes[k], 2) == 0 &&
		    (*i + 2 == len || !is_alpha(s[*i + 2]))) {
			*i += 2;
			return;
		}
}

static bool valid(int y, int m, int d)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static bool date(const char *s, size_t len, size_t *i, int *y, int *m, int *d)
{
	size_t p = *i;
	if (p + 4 < len && is_digit(s[p]) && s[p + 4] == '-') {
		if (!digits(s, len, &p, 4, 4, y) || s[p++] != '-' || !digits(s, len, &p, 2, 2, m) ||
		    p >= len || s[p++] != '-' || !digits(s, len, &p, 2, 2, d))
			return false;
	} else if (p < len && is_digit(s[p])) {
		if (!digits(s, len, &p, 1, 2, d))
			return false;
		ordinal(s, len, &p);
		if (!spaces(s, len, &p) || !month(s, len, &p, m) || !spaces(s, len, &p) ||
		    !digits(s, len, &p, 4, 4, y))
			return false;
	} else {
		if (!month(s, len, &p, m) || !spaces(s, len, &p) || !digits(s, len, &p, 1, 2, d))
			return false;
		ordinal(s, len, &p);
		if (p < len && s[p] == ',')
			p++;
		if (!spaces(s, len, &p) || !digits(s, len, &p, 4, 4, y))
			return false;
	}
	if (!valid(*y, *m, *d))
		return false;
	*i = p;
	return true;
}

/* A dash after the date: en or em dash, "---", "--" or "-". */
static bool dash(const char *s, size_t len, size_t i)
{
	spaces(s, len, &i);
	if (i + 3 <= len && (memcmp(s + i, "\xE2\x80\x93", 3) == 0 ||
	                     memcmp(s + i, "\xE2\x80\x94", 3) == 0))
		return true;
	if (i < len && s[i] == '-') {
		size_t n = 0;
		while (i + n < len && s[i + n] == '-')
			n++;
		return n <= 3 && (i + n == len || !is_digit(s[i + n]));
	}
	return false;
}

/* A place before the date: one to four capitalised words ("GENEVA",
 * "New York", "São Paulo"), then a comma. Returns the offset after the
 * comma and its spaces, or 0. */
static size_t place(const char *s, size_t len)
{
	size_t i = 0, words = 0;
	while (i < len && i <= 40) {
		int32_t cp;
		int n = quire_utf8_decode(s + i, len - i, &cp);
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT)
			return 0;
		words++;
		i += (size_t)n;
		while (i < len) {
			n = quire_utf8_decode(s + i, len - i, &cp);
			cat = utf8proc_category(cp);
			if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL &&
			    cat != UTF8PROC_CATEGORY_LT && cat != UTF8PROC_CATEGORY_MN &&
			    cp != '.' && cp != '-' && cp != '\'' && cp != 0x2019)
				break;
			i += (size_t)n;
		}
		if (i < len && s[i] == ',') {
			i++;
			return spaces(s, len, &i) && words <= 4 ? i : 0;
		}
		if (i >= len || s[i] != ' ')
			return 0;
		i++;
	}
	return 0;
}

bool article_dateline(const char *s, size_t len, char iso[11])
{
	int y = 0, m = 0, d = 0;
	size_t i = 0;
	bool found = date(s, len, &i, &y, &m, &d) && dash(s, len, i);
	if (!found) {
		i = place(s, len);
		found = i > 0 && date(s, len, &i, &y, &m, &d) && dash(s, len, i);
	}
	if (found)
		snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
	return found;
}
