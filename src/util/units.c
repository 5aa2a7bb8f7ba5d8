/* Sizes and durations as people write them on the command line ("1.5g",
 * "90s"), read into bytes and milliseconds. */
#include "util/units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int units_parse_size(const char *text, const char *what, int64_t *out, struct error *err)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno || !isfinite(v) || v <= 0)
		goto bad;
	while (*end == ' ')
		end++;
	double mult;
	char unit = (char)tolower((unsigned char)*end);
	if (unit == '\0') {
		mult = 1024.0 *
		       1024; /* a bare number is MiB, as Flink's own sizes read */
	} else {
		if (unit == 'k')
			mult = 1024.0;
		else if (unit == 'm')
			mult = 1024.0 * 1024;
		else if (unit == 'g')
			mult = 1024.0 * 1024 * 1024;
		else
			goto bad;
		end++;
		if (tolower((unsigned char)*end) == 'i')
			end++;
		if (tolower((unsigned char)*end) == 'b')
			end++;
		if (*end != '\0')
			goto bad;
	}
	if (v * mult > 1024.0 * 1024 * 1024 * 1024)
		goto bad;
	*out = (int64_t)(v * mult);
	return 0;
bad:
	return error_set(err, ERR_USAGE, "%s '%s' is not a size (use e.g. 1024m or 1.5g)",
			 what, text);
}

int units_parse_duration(const char *text, const char *what, int64_t *out_ms,
			 struct error *err)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno || !isfinite(v) || v < 0)
		goto bad;
	double mult;
	if (strcmp(end, "") == 0 || strcmp(end, "s") == 0)
		mult = 1000;
	else if (strcmp(end, "ms") == 0)
		mult = 1;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mult = 60000;
	else if (strcmp(end, "h") == 0)
		mult = 3600000;
	else if (strcmp(end, "d") == 0)
		mult = 86400000;
	else
		goto bad;
	if (v * mult > 1e13)
		goto bad;
	*out_ms = (int64_t)(v * mult);
	return 0;
bad:
	return error_set(err, ERR_USAGE,
			 "%s '%s' is not a duration (use e.g. 90s, 10m, 2h or 1d)", what,
			 text);
}
