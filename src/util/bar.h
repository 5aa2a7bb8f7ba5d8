/* Text progress bars and sizes, formatted into a caller's buffer (the CLI
 * and the dashboard print them; this module does not). */
#ifndef FC_UTIL_BAR_H
#define FC_UTIL_BAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes a bar of `width` cells for done/total: UTF-8 blocks when utf8,
 * else '#' and '.'. total 0 draws an empty bar. */
void bar_format(char *out, size_t outlen, uint64_t done, uint64_t total, int width,
		bool utf8);

/* "512 B", "1.5 KB", "230.4 MB", "1.2 GB" (decimal units, as docker prints). */
void bar_size(char *out, size_t outlen, uint64_t bytes);

#endif
