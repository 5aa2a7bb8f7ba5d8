/* The autoscaler's Flink calls (src/flink/scaling.c) against replies recorded from a real
 * Flink 2.3.0 session cluster under the adaptive scheduler running StatefulCounter at
 * parallelism 2 (scripts/record-fixtures.sh flink-job): the job's shape, each vertex's
 * metric list and aggregated load, and the resource requirements Flink reported (which
 * the recorder PUT back, 200); the burn vertex's metrics read again 4 s on, for rates
 * from counters. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_http.h"
#include "flink/scaling.h"
#include "util/json.h"

#define SOURCE_ID "8e438e001276993a86ff80dcf02e0237"
#define BURN_ID "5b61d6019ab04da71a4e62533c1a8c40"

static void test_metric_query(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("flink/vertex0-metric-names.json", &len);
	char *get = NULL;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_vertex_metric_query(buf, len, true, &get, &err), 0);
	/* the task metrics, then the source operator's own records out */
	assert_string_equal(get, "busyTimeMsPerSecond,backPressuredTimeMsPerSecond,"
				 "numRecordsInPerSecond,numRecordsOutPerSecond,"
				 "accumulateBusyTimeMs,accumulateBackPressuredTimeMs,"
				 "numRecordsIn,numRecordsOut,"
				 "Source__sequence.numRecordsOutPerSecond,"
				 "Source__sequence.numRecordsOut");
	free(get);
	assert_int_equal(flink_vertex_metric_query(buf, len, false, &get, &err), 0);
	assert_null(strstr(get, "Source__"));
	free(get);
	free(buf);
}

static void test_load_source_and_burn(void **state)
{
	(void)state;
	size_t len;
	struct flink_vertex_load l;
	struct error err;
	error_init(&err);
	char *buf = fixture_read_exact("flink/vertex0-metrics.json", &len);
	assert_int_equal(flink_vertex_load_parse(buf, len, true, &l, &err), 0);
	assert_true(l.busy_ms == 48.0);
	assert_true(l.backpressured_ms == 0.0);
	/* a source's records in are 0 at task level: its rate is what it emits */
	assert_true(fabs(l.rate_in - 52.03333333333333) < 1e-9);
	assert_true(l.records_in == 3379.0);
	assert_true(l.busy_total_ms == 1088.0);
	assert_true(isnan(l.pending));
	free(buf);
	buf = fixture_read_exact("flink/vertex1-metrics.json", &len);
	assert_int_equal(flink_vertex_load_parse(buf, len, false, &l, &err), 0);
	assert_true(l.rate_in == 52.0);
	assert_true(l.records_in == 3362.0);
	/* summed over the two subtasks, where the gauge's max is one of them */
	assert_true(l.busy_total_ms == 1222.0);
	assert_true(l.busy_ms == 23.0);
	free(buf);
}

static void test_load_missing_and_nan(void **state)
{
	(void)state;
	const char *reply = "[{\"id\":\"busyTimeMsPerSecond\",\"max\":\"NaN\"},"
			    "{\"id\":\"Source__k.pendingRecords\",\"max\":7,\"sum\":12},"
			    "{\"id\":\"Source__k.numRecordsOutPerSecond\",\"sum\":30.5}]";
	struct flink_vertex_load l;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_vertex_load_parse(reply, strlen(reply), true, &l, &err),
			 0);
	assert_true(isnan(l.busy_ms));
	assert_true(isnan(l.backpressured_ms));
	assert_true(l.pending == 12);
	assert_true(l.rate_in == 30.5);
	assert_int_equal(flink_vertex_load_parse("{}", 2, true, &l, &err), ERR_FAIL);
}

/* The body matches the shape Flink itself reported, and each vertex is
 * capped at its own ceiling. */
static void test_requirements_json(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("flink/job-running.json", &len);
	struct flink_job s;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_parse(buf, len, &s, &err), 0);
	s.v[0].max_parallelism = 1;
	char *text = flink_resource_requirements_json(&s, 3);
	cJSON *got = cJSON_Parse(text);
	const cJSON *src = json_get(json_get(got, SOURCE_ID), "parallelism");
	const cJSON *burn = json_get(json_get(got, BURN_ID), "parallelism");
	assert_int_equal(json_int(src, "upperBound", 0), 1);
	assert_int_equal(json_int(burn, "upperBound", 0), 3);
	assert_int_equal(json_int(burn, "lowerBound", 0), 1);
	cJSON_Delete(got);
	free(text);

	/* at the recorded parallelism it is what Flink answered */
	s.v[0].max_parallelism = 128;
	text = flink_resource_requirements_json(&s, 2);
	size_t rlen;
	char *recorded = fixture_read("flink/resource-requirements.json", &rlen);
	cJSON *a = cJSON_Parse(text), *b = cJSON_Parse(recorded);
	/* the source ran at 1 of its own accord; ours asks the same of the rest */
	assert_int_equal(
		json_int(json_get(json_get(a, BURN_ID), "parallelism"), "upperBound", 0),
		json_int(json_get(json_get(b, BURN_ID), "parallelism"), "upperBound",
			 -1));
	cJSON_Delete(a);
	cJSON_Delete(b);
	free(recorded);
	free(text);
	flink_job_release(&s);
	free(buf);
}

static void test_requirements_put_refused(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("flink/job-running.json", &len);
	struct flink_job s;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_parse(buf, len, &s, &err), 0);
	struct fake_reply replies[] = {
		{"PUT", "/jobs/", 500, NULL,
		 "{\"errors\":[\"org.apache.flink.runtime.rest.handler."
		 "RestHandlerException: "
		 "The DefaultScheduler does not support changing the parallelism without "
		 "a "
		 "job restart. This feature is currently only expected to work with the "
		 "AdaptiveScheduler.\"]}",
		 NULL},
		{"PUT", "/jobs/", 200, NULL, "", NULL},
	};
	struct flink_client *c = flink_client_new_with_transport(
		fake_http_new(replies, 2), "http://x", NULL);
	assert_int_equal(flink_resource_requirements_put(c, &s, 2, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "--scheduler adaptive"));
	error_init(&err);
	assert_int_equal(flink_resource_requirements_put(c, &s, 2, &err), 0);
	assert_string_equal(
		fake_http_last_path(c->http),
		"/jobs/ae7dd71f57d0a6e4e351a7c7285f2317/resource-requirements");
	flink_client_free(c);
	flink_job_release(&s);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metric_query),
		cmocka_unit_test(test_load_source_and_burn),
		cmocka_unit_test(test_load_missing_and_nan),
		cmocka_unit_test(test_requirements_json),
		cmocka_unit_test(test_requirements_put_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
