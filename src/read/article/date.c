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

/* Month names, lower case, by month: English, French, German, Spanish,
 * Italian, Portuguese and Dutch, with the accents and without; Russian in
 * the genitive, as dates write it ("31 марта 2017"). */
static const char *const month_names[12][10] = {
	{"january", "janvier", "januar", "jänner", "enero", "gennaio", "janeiro", "januari", "января"},
	{"february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari",
	 "февраля"},
	{"march", "mars", "märz", "maerz", "marzo", "março", "marco", "maart", "марта"},
	{"april", "avril", "abril", "aprile", "апреля"},
	{"may", "mai", "mayo", "maggio", "maio", "mei", "мая"},
	{"june", "juin", "juni", "junio", "giugno", "junho", "июня"},
	{"july", "juillet", "juli", "julio", "luglio", "julho", "июля"},
	{"august", "août", "aout", "agosto", "augustus", "августа"},
	{"september", "septembre", "septiembre", "setiembre", "settembre", "setembro", "сентября"},
	{"october", "octobre", "oktober", "octubre", "ottobre", "outubro", "октября"},
	{"november", "novembre", "noviembre", "novembro", "ноября"},
	{"december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro",
	 "декабря"},
};

/* A month name, full, or an English one abbreviated to three letters
 * ("Sept" too) with an optional dot. Letters are compared in lower case. */
static bool month(const char *s, size_t len, size_t *i, int *m)
{
	static const char *const english[12] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                        "jul", "aug", "sep", "oct", "nov", "dec"};
	char word[64];
	size_t n = 0, w = 0;
	while (*i + n < len) {
		int32_t cp;
		int k = quire_utf8_decode(s + *i + n, len - *i - n, &cp);
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
			break;
		if (w + 4 >= sizeof(word))
			return false;
		w += (size_t)quire_utf8_encode(utf8proc_tolower(cp), word + w);
		n += (size_t)k;
	}
	word[w] = '\0';
	if (w == 0)
		return false;
	for (int k = 0; k < 12; k++) {
		bool found = false;
		for (int j = 0; j < 10 && month_names[k][j] && !found; j++)
			found = strcmp(word, month_names[k][j]) == 0;
		bool abbr = !found && (strcmp(word, english[k]) == 0 || (k == 8 && strcmp(word, "sept") == 0));
		if (found || abbr) {
			*i += n;
			if (abbr && *i < len && s[*i] == '.')
				(*i)++;
			*m = k + 1;
			return true;
		}
	}
	return false;
}

/* Spanish and Portuguese join day, month and year with "de". */
static void joining_de(const char *s, size_t len, size_t *i)
{
	if (*i + 3 <= len && (s[*i] == 'd' || s[*i] == 'D') && s[*i + 1] == 'e' && s[*i + 2] == ' ') {
		*i += 3;
		while (*i < len && s[*i] == ' ')
			(*i)++;
	}
}

static bool spaces(const char *s, size_t len, size_t *i)
{
	size_t start = *i;
	while (*i < len && s[*i] == ' ')
		(*i)++;
	return *i > start;
}

/* After a day number: "st", "nd", "rd", "th", French "er" (1er), or the
 * German dot (31. März). */
static void ordinal(const char *s, size_t len, size_t *i)
{
	static const char *const suffixes[] = {"st", "nd", "rd", "th", "er"};
	if (*i < len && s[*i] == '.') {
		(*i)++;
		return;
	}
	for (int k = 0; k < 5; k++)
		if (*i + 2 <= len && strncasecmp(s + *i, suffixes[k], 2) == 0 &&
		    (*i + 2 == len || !is_alpha(s[*i + 2]))) {
			*i += 2;
			return;
		}
}

/* Russian writes "г." (year) after the year. */
static void year_mark(const char *s, size_t len, size_t *i)
{
	size_t p = *i;
	while (p < len && s[p] == ' ')
		p++;
	if (p + 3 <= len && memcmp(s + p, "\xD0\xB3.", 3) == 0)
		*i = p + 3;
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
		if (!spaces(s, len, &p))
			return false;
		joining_de(s, len, &p);
		if (!month(s, len, &p, m) || !spaces(s, len, &p))
			return false;
		joining_de(s, len, &p);
		if (!digits(s, len, &p, 4, 4, y))
			return false;
		year_mark(s, len, &p);
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
