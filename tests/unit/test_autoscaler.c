/* The autoscaler loop's pure parts: rates from Flink's counters read twice
 * (from the burn vertex's metrics recorded 4 s apart on a real Flink 2.3.0
 * job, scripts/record-fixtures.sh flink-job), and the event as the JSON line
 * and the text line `flink-cmd autoscale` prints. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_http.h"
#include "autoscale/autoscaler.h"
#include "flink/scaling.h"
#include "util/json.h"

/* The job was asked for 200 records/s 18 s before these reads: Flink's
 * per-second gauge, a one-minute average, still says 52; the counters read
 * 3 s apart (the metric store hands each query what it fetched at the one
 * before, and the recorder's reads came 3 s after its warm-up) give the
 * real rate. */
static void test_rates_from_counters(void **state)
{
	(void)state;
	size_t len;
	struct flink_vertex_load before, after;
	struct error err;
	error_init(&err);
	char *buf = fixture_read_exact("flink/vertex1-metrics.json", &len);
	assert_int_equal(flink_vertex_load_parse(buf, len, false, &before, &err), 0);
	free(buf);
	buf = fixture_read_exact("flink/vertex1-metrics-later.json", &len);
	assert_int_equal(flink_vertex_load_parse(buf, len, false, &after, &err), 0);
	free(buf);
	assert_true(after.rate_in == 52.0);
	struct policy_vertex_sample v;
	memset(&v, 0, sizeof(v));
	autoscale_rates(&v, &after, &before, 3000.0, 2);
	assert_true(fabs(v.rate_in - (3983.0 - 3362.0) / 3.0) < 1e-9); /* 207/s */
	/* busy: 157 ms over 2 subtasks for 3 s */
	assert_true(fabs(v.busy_ms - (1379.0 - 1222.0) / 6000.0 * 1000.0) < 1e-9);
	assert_true(v.backpressured_ms == 0.0);
	/* the first read has no rates; counters that went back (a restart) none */
	autoscale_rates(&v, &after, NULL, 3000.0, 2);
	assert_true(isnan(v.rate_in) && isnan(v.busy_ms));
	autoscale_rates(&v, &before, &after, 3000.0, 2);
	assert_true(isnan(v.rate_in) && isnan(v.busy_ms));
	/* without the counters, Flink's gauges */
	after.records_in = NAN;
	autoscale_rates(&v, &after, &before, 3000.0, 2);
	assert_true(v.rate_in == 52.0 && v.busy_ms == 23.0);
}

/* The JSON line autoscale -o json prints: the decision with its inputs,
 * unknown figures as null, never NaN (which is not JSON). */
static void test_event_json(void **state)
{
	(void)state;
	struct autoscale_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = AUTOSCALE_EV_APPLIED;
	ev.t_ms = 1796099182709LL;
	ev.mode = AUTOSCALE_IN_PLACE;
	flink_id_set(&ev.job, "ae7dd71f57d0a6e4e351a7c7285f2317");
	ev.d = (struct policy_decision){.action = POLICY_UP,
					.tms = 1,
					.target_tms = 2,
					.parallelism = 1,
					.target_parallelism = 2,
					.vertex = 1,
					.utilization = 0.97,
					.rate_in = 480.5,
					.true_rate = NAN};
	snprintf(ev.d.reason, sizeof(ev.d.reason), "vertex 'burn' busy 0.97 > 0.90");
	ev.seconds = 12.25;
	ev.sample.n_vertices = 2;
	snprintf(ev.sample.v[1].name, sizeof(ev.sample.v[1].name), "burn");
	ev.sample.v[1].parallelism = 1;
	ev.sample.v[1].busy_ms = 970;
	ev.sample.v[1].pending = NAN;
	char *text = autoscale_event_json(&ev);
	cJSON *o = cJSON_Parse(text);
	assert_non_null(o);
	assert_string_equal(json_str(o, "event"), "applied");
	assert_string_equal(json_str(o, "mode"), "in-place");
	assert_string_equal(json_str(o, "action"), "up");
	assert_string_equal(json_str(o, "vertex"), "burn");
	assert_int_equal(json_int(o, "target_taskmanagers", 0), 2);
	assert_true(json_num(o, "utilization", 0) == 0.97);
	assert_true(cJSON_IsNull(json_get(o, "true_rate")));
	assert_true(json_num(o, "seconds", 0) == 12.25);
	const cJSON *v = cJSON_GetArrayItem(json_get(o, "vertices"), 1);
	assert_true(json_num(v, "busy_ms", 0) == 970);
	assert_true(cJSON_IsNull(json_get(v, "pending")));
	assert_null(strstr(text, "nan"));
	cJSON_Delete(o);
	free(text);
	char line[512];
	autoscale_event_text(&ev, line, sizeof(line));
	assert_string_equal(line,
			    "up   1 -> 2 TM p=1 -> 2 in 12.2s  vertex 'burn' busy 0.97 > "
			    "0.90; ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rates_from_counters),
		cmocka_unit_test(test_event_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
