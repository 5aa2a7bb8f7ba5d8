/* One container's resource use as `docker stats` shows it: CPU and memory
 * percentages, memory used without the page cache, network bytes. Computed
 * from one GET /containers/{id}/stats?stream=false reply the way the docker
 * CLI does (cli/command/container/stats_helpers.go, Linux daemons only).
 * Knows nothing of Flink or clusters; never prints. */
#ifndef FC_DOCKER_STATS_H
#define FC_DOCKER_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docker/client.h"

/* Plain values, nothing owned. All zero when valid is false. */
struct docker_stats {
	double cpu_percent;     /* of one CPU: a container busy on 2 CPUs shows 200 */
	int64_t mem_used;       /* bytes, usage less inactive file pages */
	int64_t mem_limit;      /* bytes; the host's memory when no limit is set */
	double mem_percent;     /* mem_used of mem_limit; 0 when the limit is 0 */
	int64_t net_rx, net_tx; /* bytes, summed over the container's interfaces */
	bool valid;             /* false: the container is not running (no sample) */
};

/* Pure: fills out from one stats reply (len bytes, no NUL needed).
 * cpu_percent = (cpu delta / system delta) * online CPUs * 100 between
 * precpu_stats and cpu_stats, 0 when either delta is not positive or the
 * reply has no previous sample (precpu_stats without system_cpu_usage).
 * mem_used = usage - total_inactive_file (cgroup v1) when that is present and
 * smaller, else usage - inactive_file (cgroup v2) when smaller, else usage.
 * A container that is not running has a zero "read" time: that is success
 * with out->valid false. ERR_FAIL when the reply is not a JSON object. */
int docker_stats_parse(const char *buf, size_t len, struct docker_stats *out,
		       struct error *err);

/* GET /containers/{id}/stats?stream=false: the Engine samples twice about a
 * second apart before it answers, so this blocks for 1-2 s (at most 15 s, or
 * until cancel is requested). ERR_NOTFOUND when there is no such container; a
 * stopped one gives out->valid false. Safe from several threads at once. */
int docker_container_stats(struct docker_client *c, const char *id,
			   struct docker_stats *out, const struct cancel *cancel,
			   struct error *err);

#endif
