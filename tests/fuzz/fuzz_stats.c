/* libFuzzer target: the container stats parser, with the promises its header
 * makes: a failure says why and leaves nothing set, a reply without a sample
 * is all zero, and the figures are never negative nor NaN, used memory never
 * exceeds usage's bounds, and the memory percentage follows from the two. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "docker/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docker_stats s;
	struct error err;
	error_init(&err);
	if (docker_stats_parse((const char *)data, size, &s, &err) < 0) {
		if (!err.msg[0] || s.valid)
			__builtin_trap();
		return 0;
	}
	if (!s.valid && (s.cpu_percent != 0 || s.mem_used || s.mem_limit ||
			 s.mem_percent != 0 || s.net_rx || s.net_tx))
		__builtin_trap();
	if (!isfinite(s.cpu_percent) || s.cpu_percent < 0 || !isfinite(s.mem_percent) ||
	    s.mem_percent < 0)
		__builtin_trap();
	if (s.mem_used < 0 || s.mem_limit < 0 || s.net_rx < 0 || s.net_tx < 0)
		__builtin_trap();
	if (s.mem_limit == 0 && s.mem_percent != 0)
		__builtin_trap();
	return 0;
}
