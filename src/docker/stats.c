/* Container resource statistics, computed from the Engine's stats reply as
 * the docker CLI's stats_helpers.go does (calculateCPUPercentUnix,
 * calculateMemUsageUnixNoCache, calculateNetwork), so the dashboard and
 * `docker stats` agree. Linux daemons only; no block I/O, no streaming. */
#include "docker/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

/* A cgroup counter: the Go client decodes these as uint64, so a negative
 * one (which the Engine never sends) reads as 0 and keeps the int64
 * arithmetic below from overflowing. False when missing. */
static bool counter(const cJSON *obj, const char *key, int64_t *v)
{
	*v = 0;
	if (!cJSON_IsNumber(json_get(obj, key)))
		return false;
	int64_t x = json_i64(obj, key, 0);
	*v = x < 0 ? 0 : x;
	return true;
}

static int64_t add_sat(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* calculateCPUPercentUnix, in doubles as the CLI computes it, except that a
 * reply without a previous sample gives 0: the CLI would divide the whole
 * life of the container by the host's uptime and show that as current. */
static double cpu_percent(const cJSON *cur, const cJSON *pre)
{
	const cJSON *cur_usage = json_get(cur, "cpu_usage");
	double pre_system = json_num(pre, "system_cpu_usage", 0);
	double cpu_delta = json_num(cur_usage, "total_usage", 0) -
			   json_num(json_get(pre, "cpu_usage"), "total_usage", 0);
	double system_delta = json_num(cur, "system_cpu_usage", 0) - pre_system;
	double online = json_num(cur, "online_cpus", 0);
	if (!(online > 0)) {
		/* Engines before API 1.27 had no online_cpus */
		const cJSON *percpu = json_get(cur_usage, "percpu_usage");
		online = cJSON_IsArray(percpu) ? cJSON_GetArraySize(percpu) : 0;
	}
	if (!(pre_system > 0) || !(system_delta > 0) || !(cpu_delta > 0))
		return 0;
	double pct = (cpu_delta / system_delta) * online * 100.0;
	return isfinite(pct) ? pct : 0;
}

/* calculateMemUsageUnixNoCache: usage less the inactive file pages, which
 * the kernel can drop at will (moby issue 40727). */
static int64_t mem_used(const cJSON *mem)
{
	int64_t usage, inactive;
	counter(mem, "usage", &usage);
	const cJSON *stats = json_get(mem, "stats");
	if (counter(stats, "total_inactive_file", &inactive) && inactive < usage)
		return usage - inactive; /* cgroup v1 */
	counter(stats, "inactive_file", &inactive);
	if (inactive < usage)
		return usage - inactive; /* cgroup v2; a missing one reads as 0 */
	return usage;
}

int docker_stats_parse(const char *buf, size_t len, struct docker_stats *out,
		       struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's stats reply", &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "the Engine's stats reply is not an object");
	}
	/* a container that is not running is answered with Go's zero time and
	 * zeroes everywhere: no sample, not an error */
	const char *read = json_str(root, "read");
	if (!read || strncmp(read, "0001-01-01", 10) == 0) {
		cJSON_Delete(root);
		return 0;
	}
	out->valid = true;
	out->cpu_percent =
		cpu_percent(json_get(root, "cpu_stats"), json_get(root, "precpu_stats"));

	const cJSON *mem = json_get(root, "memory_stats");
	out->mem_used = mem_used(mem);
	counter(mem, "limit", &out->mem_limit);
	if (out->mem_limit != 0)
		out->mem_percent = (double)out->mem_used / (double)out->mem_limit * 100.0;

	const cJSON *net;
	cJSON_ArrayForEach (net, json_get(root, "networks")) {
		int64_t rx, tx;
		counter(net, "rx_bytes", &rx);
		counter(net, "tx_bytes", &tx);
		out->net_rx = add_sat(out->net_rx, rx);
		out->net_tx = add_sat(out->net_tx, tx);
	}
	cJSON_Delete(root);
	return 0;
}

int docker_container_stats(struct docker_client *c, const char *id,
			   struct docker_stats *out, const struct cancel *cancel,
			   struct error *err)
{
	memset(out, 0, sizeof(*out));
	/* stream=false: the Engine waits for a second sample, so precpu_stats is
	 * filled (one-shot=1, API 1.41+, would skip that and leave it empty) */
	char *path = xasprintf("/containers/%s/stats?stream=false", id);
	struct http_request req = {
		.method = "GET",
		.path = path,
		.timeout_ms = 15000,
		.cancel = cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_stream(c, &req, &resp, err);
	if (rc == 0)
		rc = docker_stats_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}
