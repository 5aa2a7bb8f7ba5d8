/* Sizes and durations as people write them, read into numbers. ERR_USAGE
 * naming `what` (the option) and the form expected. */
#ifndef FC_UTIL_UNITS_H
#define FC_UTIL_UNITS_H

#include <stdint.h>

#include "util/error.h"

/* "1024m", "1g", "1.5g", "900mb", "2048" (MiB) → bytes. ERR_USAGE. */
int units_parse_size(const char *text, const char *what, int64_t *out, struct error *err);
/* "30s", "10m", "2h", "1d", "90" (seconds) → milliseconds. ERR_USAGE. */
int units_parse_duration(const char *text, const char *what, int64_t *out_ms,
			 struct error *err);

#endif
