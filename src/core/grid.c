/* Column widths of table grids, for the writers that set tables in
 * character or en columns (txt, man). */
#include <limits.h>

#include "core.h"

int quire_columns_width(const int *w, int c, int span, int gap)
{
	long long sum = (long long)gap * (span - 1);
	for (int k = c; k < c + span; k++)
		sum += w[k];
	return sum > INT_MAX / 4 ? INT_MAX / 4 : (int)sum;
}

void quire_columns_widen(int *w, int c, int span, int want, int gap)
{
	int have = quire_columns_width(w, c, span, gap);
	if (want <= have)
		return;
	int more = want - have;
	for (int k = 0; k < span; k++)
		w[c + k] += more / span + (k >= span - more % span);
}
