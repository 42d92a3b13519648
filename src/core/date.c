/* A date as readers of the document's language write it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core.h"

static const char *const english[12] = {"January", "February", "March",     "April",
                                        "May",     "June",     "July",      "August",
                                        "September", "October", "November", "December"};

struct date_style {
	const char *lang;
	const char *const *months; /* twelve */
	/* printf formats: day, month name, year (in that order of arguments) */
	const char *day_month_year;
	const char *month_year; /* month name, year */
	const char *first;      /* the first day's own form ("1er"), or NULL */
};

static const struct date_style styles[] = {
	{"en-US", english, "%2$s %1$s, %3$d", "%s %d", NULL},
	{"en", english, "%s %s %d", "%s %d", NULL},
	{"fr", (const char *const[]){"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	        "septembre", "octobre", "novembre", "décembre"},
	 "%s %s %d", "%s %d", "1er"},
	{"de", (const char *const[]){"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
	        "Oktober", "November", "Dezember"},
	 "%s. %s %d", "%s %d", NULL},
	{"es", (const char *const[]){"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	        "septiembre", "octubre", "noviembre", "diciembre"},
	 "%s de %s de %d", "%s de %d", NULL},
	{"it", (const char *const[]){"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
	        "settembre", "ottobre", "novembre", "dicembre"},
	 "%s %s %d", "%s %d", NULL},
	{"pt", (const char *const[]){"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
	        "setembro", "outubro", "novembro", "dezembro"},
	 "%s de %s de %d", "%s de %d", NULL},
	{"nl", (const char *const[]){"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	        "september", "oktober", "november", "december"},
	 "%s %s %d", "%s %d", NULL},
	/* Russian: the month in the genitive after a day. */
	{"ru", (const char *const[]){"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
	        "сентября", "октября", "ноября", "декабря"},
	 "%s %s %d г.", "%s %d г.", NULL},
};

/* The style for a BCP 47 tag: the tag itself (en-US), else its language. */
static const struct date_style *style_for(const char *lang)
{
	size_t n = sizeof(styles) / sizeof(styles[0]);
	if (!lang || !*lang)
		lang = "en";
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(styles[i].lang, lang) == 0)
			return &styles[i];
	size_t ll = strcspn(lang, "-_");
	for (size_t i = 0; i < n; i++)
		if (strlen(styles[i].lang) == ll && strncasecmp(styles[i].lang, lang, ll) == 0)
			return &styles[i];
	return NULL;
}

const char *quire_date_display(const char *date, const char *lang, char *buf, size_t cap)
{
	int y, m, d, used = 0;
	const struct date_style *s = style_for(lang);
	size_t len = strlen(date);
	if (!s || cap < 2)
		return date;
	if (len == 10 && sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		char day[8];
		if (d == 1 && s->first)
			snprintf(day, sizeof(day), "%s", s->first);
		else
			snprintf(day, sizeof(day), "%d", d);
		int n = snprintf(buf, cap, s->day_month_year, day, s->months[m - 1], y);
		return n > 0 && (size_t)n < cap ? buf : date;
	}
	if (len == 7 && sscanf(date, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 && m >= 1 &&
	    m <= 12) {
		int n = snprintf(buf, cap, s->month_year, s->months[m - 1], y);
		return n > 0 && (size_t)n < cap ? buf : date;
	}
	return date;
}
