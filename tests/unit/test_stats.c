/* Container stats replies recorded from the real Engine 20.10 on cgroup v1
 * (scripts/record-fixtures.sh stats): a container spinning a shell loop and
 * one created but never started. The expected figures are worked out below
 * from the fixture's raw numbers, and match what `docker stats --no-stream`
 * (CLI 28.2) printed when served the same reply: CPU 15.62%, memory
 * "400KiB / 23.54GiB", 0.00%, net "736B / 0B"; for the created one 0.00% and
 * "0B / 0B". */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docker/stats.h"
#include "fake_http.h"

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-9 * fmax(1.0, fabs(want)))
		fail_msg("%.12g is not %.12g", got, want);
}

static void test_parse_running(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/stats-running.json", &len);
	struct docker_stats s;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_stats_parse(buf, len, &s, &err), 0);
	assert_true(s.valid);

	/* cpu_stats.cpu_usage.total_usage 798435122, precpu 643758910;
	 * system_cpu_usage 8748500000000, precpu 8746520000000; online_cpus 2 */
	double cpu_delta = 798435122.0 - 643758910.0;            /* 154676212 */
	double system_delta = 8748500000000.0 - 8746520000000.0; /* 1980000000 */
	assert_near(s.cpu_percent, cpu_delta / system_delta * 2 * 100.0);
	assert_near(s.cpu_percent, 15.623859797979797);
	char text[32];
	snprintf(text, sizeof(text), "%.2f%%", s.cpu_percent);
	assert_string_equal(text, "15.62%"); /* docker stats' CPU % column */
	assert_true(s.cpu_percent > 0 && s.cpu_percent <= 100.0 * 2);

	/* memory_stats.usage 2293760, stats.total_inactive_file 1884160 (cgroup
	 * v1, and smaller than usage), limit 25276502016 (the host's memory) */
	assert_int_equal(s.mem_used, 2293760 - 1884160);
	assert_int_equal(s.mem_used, 400 * 1024); /* "400KiB" */
	assert_true(s.mem_used <= 2293760);
	assert_int_equal(s.mem_limit, 25276502016);
	assert_near(s.mem_percent, 409600.0 / 25276502016.0 * 100.0);
	snprintf(text, sizeof(text), "%.2fGiB", (double)s.mem_limit / (1 << 30));
	assert_string_equal(text, "23.54GiB");
	snprintf(text, sizeof(text), "%.2f%%", s.mem_percent);
	assert_string_equal(text, "0.00%");

	/* networks.eth0 */
	assert_int_equal(s.net_rx, 736);
	assert_int_equal(s.net_tx, 0);

	/* the reply cut short is not JSON */
	error_init(&err);
	assert_int_equal(docker_stats_parse(buf, len / 2, &s, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's stats reply is not valid JSON");
	assert_false(s.valid);
	free(buf);
}

static void test_parse_stopped(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("docker/stats-stopped.json", &len);
	struct docker_stats s;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_stats_parse(buf, len, &s, &err), 0);
	assert_false(s.valid);
	assert_true(s.cpu_percent == 0 && s.mem_percent == 0);
	assert_int_equal(s.mem_used, 0);
	assert_int_equal(s.mem_limit, 0);
	assert_int_equal(s.net_rx + s.net_tx, 0);
	assert_string_equal(err.msg, "");
	free(buf);
}

static void test_parse_no_precpu(void **state)
{
	(void)state;
	/* a first sample (one-shot, or the first of a stream): the CLI would
	 * show total/system since the container started; no delta means 0 */
	static const char text[] =
		"{\"read\":\"2026-11-24T10:48:12Z\",\"cpu_stats\":{\"cpu_usage\":"
		"{\"total_usage\":798435122,\"percpu_usage\":[1,2]},"
		"\"system_cpu_usage\":8748500000000},\"precpu_stats\":{\"cpu_usage\":"
		"{\"total_usage\":0}},\"memory_stats\":{\"usage\":100,\"limit\":400}}";
	struct docker_stats s;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_stats_parse(text, sizeof(text) - 1, &s, &err), 0);
	assert_true(s.valid);
	assert_true(s.cpu_percent == 0);
	assert_int_equal(s.mem_used, 100);
	assert_near(s.mem_percent, 25.0);

	static const char none[] = "{\"read\":\"2026-11-24T10:48:12Z\",\"cpu_stats\":"
				   "{\"cpu_usage\":{\"total_usage\":5},"
				   "\"system_cpu_usage\":10}}";
	assert_int_equal(docker_stats_parse(none, sizeof(none) - 1, &s, &err), 0);
	assert_true(s.valid);
	assert_true(s.cpu_percent == 0);
	assert_int_equal(s.mem_limit, 0);
	assert_true(s.mem_percent == 0);
}

static void test_parse_cpus_and_cgroup_v2(void **state)
{
	(void)state;
	/* no online_cpus (old Engines): the length of percpu_usage; cgroup v2
	 * memory: inactive_file; two networks summed */
	static const char text[] =
		"{\"read\":\"2026-11-24T10:48:12Z\",\"cpu_stats\":{\"cpu_usage\":"
		"{\"total_usage\":3000,\"percpu_usage\":[1,2,3,4]},"
		"\"system_cpu_usage\":20000},\"precpu_stats\":{\"cpu_usage\":"
		"{\"total_usage\":1000},\"system_cpu_usage\":10000},"
		"\"memory_stats\":{\"usage\":1000,\"limit\":4000,\"stats\":"
		"{\"inactive_file\":300,\"file\":600}},\"networks\":{\"eth0\":"
		"{\"rx_bytes\":10,\"tx_bytes\":20},\"eth1\":{\"rx_bytes\":5,"
		"\"tx_bytes\":7}}}";
	struct docker_stats s;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_stats_parse(text, sizeof(text) - 1, &s, &err), 0);
	assert_near(s.cpu_percent, 2000.0 / 10000.0 * 4 * 100.0);
	assert_int_equal(s.mem_used, 700);
	assert_near(s.mem_percent, 17.5);
	assert_int_equal(s.net_rx, 15);
	assert_int_equal(s.net_tx, 27);

	/* cgroup v1 with total_inactive_file not below usage: as the CLI does,
	 * fall through to inactive_file, then to usage itself */
	static const char v1[] = "{\"read\":\"2026-11-24T10:48:12Z\",\"memory_stats\":"
				 "{\"usage\":1000,\"stats\":{\"total_inactive_file\":"
				 "1000,\"inactive_file\":400}}}";
	assert_int_equal(docker_stats_parse(v1, sizeof(v1) - 1, &s, &err), 0);
	assert_int_equal(s.mem_used, 600);
	static const char big[] = "{\"read\":\"2026-11-24T10:48:12Z\",\"memory_stats\":"
				  "{\"usage\":1000,\"stats\":{\"total_inactive_file\":"
				  "2000,\"inactive_file\":2000}}}";
	assert_int_equal(docker_stats_parse(big, sizeof(big) - 1, &s, &err), 0);
	assert_int_equal(s.mem_used, 1000);
	/* a counter past 2^31 is read whole, not clamped */
	static const char large[] = "{\"read\":\"2026-11-24T10:48:12Z\",\"memory_stats\":"
				    "{\"usage\":6000000000,\"limit\":8000000000,"
				    "\"stats\":{\"total_inactive_file\":1000000000}}}";
	assert_int_equal(docker_stats_parse(large, sizeof(large) - 1, &s, &err), 0);
	assert_int_equal(s.mem_used, 5000000000);
	assert_int_equal(s.mem_limit, 8000000000);
	assert_near(s.mem_percent, 62.5);
}

static void test_parse_bad(void **state)
{
	(void)state;
	struct docker_stats s;
	struct error err;
	error_init(&err);
	assert_int_equal(docker_stats_parse("", 0, &s, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's stats reply is empty, not JSON");
	error_init(&err);
	assert_int_equal(docker_stats_parse("{\"read\":", 8, &s, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's stats reply is not valid JSON");
	error_init(&err);
	assert_int_equal(docker_stats_parse("[1]", 3, &s, &err), ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's stats reply is not an object");
	assert_false(s.valid);
	/* wrong types and negative counters: zeroes, no crash */
	static const char odd[] =
		"{\"read\":\"2026-11-24T10:48:12Z\",\"cpu_stats\":[],"
		"\"precpu_stats\":\"x\",\"memory_stats\":{\"usage\":-5,"
		"\"limit\":-1,\"stats\":[]},\"networks\":[1,{\"rx_bytes\":"
		"\"9\"}]}";
	error_init(&err);
	assert_int_equal(docker_stats_parse(odd, sizeof(odd) - 1, &s, &err), 0);
	assert_true(s.valid);
	assert_true(s.cpu_percent == 0 && s.mem_percent == 0);
	assert_int_equal(s.mem_used, 0);
	assert_int_equal(s.mem_limit, 0);
	assert_int_equal(s.net_rx, 0);
}

static void test_container_stats_recorded(void **state)
{
	(void)state;
	const struct fake_reply replies[] = {
		{"GET", "/_ping", 200, "1.41", "OK", NULL},
		{"GET", "/v1.41/containers/fixture-busy/stats?stream=false", 200, NULL,
		 NULL, "docker/stats-running.json"},
		{"GET", "/v1.41/containers/fixture-idle/stats?stream=false", 200, NULL,
		 NULL, "docker/stats-stopped.json"},
		{"GET", "/v1.41/containers/flinkcmd-no-such-container/stats", 404, NULL,
		 NULL, "docker/error-404-container.json"},
		{"GET", "/v1.41/containers/fixture-busy/stats", 200, NULL, "not json",
		 NULL},
	};
	struct docker_client *c =
		docker_client_new_with_transport(fake_http_new(replies, 5), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(c, NULL, &err), 0);
	struct docker_stats s;
	assert_int_equal(docker_container_stats(c, "fixture-busy", &s, NULL, &err), 0);
	assert_string_equal(fake_http_last_path(c->http),
			    "/v1.41/containers/fixture-busy/stats?stream=false");
	assert_true(s.valid);
	assert_near(s.cpu_percent, 15.623859797979797);
	assert_int_equal(s.mem_used, 409600);
	assert_int_equal(docker_container_stats(c, "fixture-idle", &s, NULL, &err), 0);
	assert_false(s.valid);
	assert_int_equal(
		docker_container_stats(c, "flinkcmd-no-such-container", &s, NULL, &err),
		ERR_NOTFOUND);
	assert_string_equal(err.msg, "no such container: flinkcmd-no-such-container");
	assert_false(s.valid);
	error_init(&err);
	assert_int_equal(docker_container_stats(c, "fixture-busy", &s, NULL, &err),
			 ERR_FAIL);
	assert_string_equal(err.msg, "the Engine's stats reply is not valid JSON");
	assert_int_equal(fake_http_calls(c->http), 5);
	docker_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_running),
		cmocka_unit_test(test_parse_stopped),
		cmocka_unit_test(test_parse_no_precpu),
		cmocka_unit_test(test_parse_cpus_and_cgroup_v2),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_container_stats_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
