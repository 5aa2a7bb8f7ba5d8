/* The job model (src/flink/job.c) and the goals of the one job wait
 * (src/cluster/job_wait.c), against a GET /jobs/:id reply recorded from a
 * real Flink 2.3.0 job, StatefulCounter at parallelism 2 under the adaptive
 * scheduler (scripts/record-fixtures.sh flink-job): its state, vertices,
 * sources, ceilings and counters, and when a wait is over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_http.h"
#include "cluster/job_wait.h"
#include "flink/job.h"
#include "util/xalloc.h"

#define JOB_ID "ae7dd71f57d0a6e4e351a7c7285f2317"
#define SOURCE_ID "8e438e001276993a86ff80dcf02e0237"
#define BURN_ID "5b61d6019ab04da71a4e62533c1a8c40"

static void load(struct flink_job *j)
{
	size_t len;
	char *buf = fixture_read_exact("flink/job-running.json", &len);
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_parse(buf, len, j, &err), 0);
	free(buf);
}

static void test_parse(void **state)
{
	(void)state;
	struct flink_job s;
	load(&s);
	assert_string_equal(s.id.hex, JOB_ID);
	assert_int_equal(s.state, FLINK_JOB_RUNNING);
	assert_true(s.running_since == 1796099182709LL);
	assert_int_equal(s.n_vertices, 2);
	assert_string_equal(s.v[0].id.hex, SOURCE_ID);
	assert_string_equal(s.v[0].name, "Source: sequence");
	assert_true(s.v[0].source);
	assert_true(s.v[0].tasks_up);
	assert_int_equal(s.v[0].parallelism, 1);
	assert_int_equal(s.v[0].max_parallelism, 128);
	assert_string_equal(s.v[1].id.hex, BURN_ID);
	assert_false(s.v[1].source);
	assert_int_equal(s.v[1].parallelism, 2);
	assert_int_equal(flink_job_parallelism(&s), 2);
	assert_true(flink_job_all_running(&s));
	/* records the source wrote, and the last vertex read */
	assert_true(flink_job_records_in(&s) == s.v[0].records_written);
	assert_true(flink_job_records_out(&s) == s.v[1].records_read);
	assert_true(flink_job_records_in(&s) > 0);
	flink_job_release(&s);
	flink_job_release(&s); /* released twice is harmless */
}

static void test_parse_rejects(void **state)
{
	(void)state;
	struct flink_job s;
	struct error err;
	error_init(&err);
	const char *no_vertices = "{\"jid\":\"x\",\"state\":\"RUNNING\"}";
	assert_int_equal(flink_job_parse(no_vertices, strlen(no_vertices), &s, &err),
			 ERR_FAIL);
	assert_non_null(strstr(err.msg, "vertices"));
	flink_job_release(&s);
	assert_int_equal(flink_job_parse("[", 1, &s, &err), ERR_FAIL);
	flink_job_release(&s);
	/* a state this flink-cmd does not know yet is UNKNOWN, not an error */
	const char *future = "{\"jid\":\"x\",\"state\":\"HIBERNATING\",\"vertices\":[]}";
	assert_int_equal(flink_job_parse(future, strlen(future), &s, &err), 0);
	assert_int_equal(s.state, FLINK_JOB_UNKNOWN);
	assert_false(flink_job_all_running(&s));
	flink_job_release(&s);
}

static void test_states(void **state)
{
	(void)state;
	for (int i = FLINK_JOB_INITIALIZING; i <= FLINK_JOB_RECONCILING; i++) {
		const char *name = flink_job_state_name((enum flink_job_state)i);
		assert_int_equal(flink_job_state_parse(name), i);
	}
	assert_int_equal(flink_job_state_parse(NULL), FLINK_JOB_UNKNOWN);
	assert_int_equal(flink_job_state_parse("running"), FLINK_JOB_UNKNOWN);
	assert_string_equal(flink_job_state_name(FLINK_JOB_UNKNOWN), "UNKNOWN");
	assert_true(flink_job_state_ended(FLINK_JOB_CANCELED));
	assert_false(flink_job_state_ended(FLINK_JOB_CANCELLING));
	assert_false(flink_job_state_ended(FLINK_JOB_SUSPENDED));
	assert_true(flink_job_state_active(FLINK_JOB_RESTARTING));
	assert_false(flink_job_state_active(FLINK_JOB_FINISHED));
	struct flink_id a, b;
	flink_id_set(&a, JOB_ID "tail-cut-off");
	assert_string_equal(a.hex, JOB_ID);
	flink_id_set(&b, NULL);
	assert_string_equal(b.hex, "");
	assert_false(flink_id_equal(&a, &b));
	assert_true(flink_id_is(&a, JOB_ID));
	assert_false(flink_id_is(&a, NULL));
}

/* The recorded job runs its source at 1 (of 128) and its burn vertex at 2. */
static void test_at_parallelism(void **state)
{
	(void)state;
	struct flink_job s;
	load(&s);
	assert_false(flink_job_at_parallelism(&s, 2, false)); /* the source is at 1 */
	s.v[0].max_parallelism = 1;                           /* a pinned source */
	assert_true(flink_job_at_parallelism(&s, 2, false));
	assert_false(flink_job_at_parallelism(&s, 3, false));
	assert_true(flink_job_at_parallelism(&s, 1, true));
	assert_false(flink_job_at_parallelism(&s, 3, true));
	s.v[1].tasks_up = false; /* one task still deploying */
	assert_false(flink_job_at_parallelism(&s, 2, false));
	assert_false(flink_job_all_running(&s));
	flink_job_release(&s);
}

static int goal(struct job_goal g, struct flink_job *s, enum flink_job_state st)
{
	s->state = st;
	return cluster_job_goal_check(&g, s);
}

static void test_goals(void **state)
{
	(void)state;
	struct flink_job s;
	load(&s);
	struct job_goal running = {.kind = JOB_GOAL_RUNNING};
	struct job_goal run = {
		.kind = JOB_GOAL_RUNNING, .finished_ok = true, .restart_fails = true};
	struct job_goal p2 = {.kind = JOB_GOAL_PARALLELISM, .parallelism = 2};
	struct job_goal ended = {.kind = JOB_GOAL_ENDED};
	assert_int_equal(goal(running, &s, FLINK_JOB_RUNNING), 1);
	assert_int_equal(goal(running, &s, FLINK_JOB_CREATED), 0);
	assert_int_equal(goal(running, &s, FLINK_JOB_RESTARTING), 0);
	assert_int_equal(goal(running, &s, FLINK_JOB_FAILING), -1);
	assert_int_equal(goal(running, &s, FLINK_JOB_CANCELLING), -1);
	assert_int_equal(goal(running, &s, FLINK_JOB_FAILED), -1);
	assert_int_equal(goal(running, &s, FLINK_JOB_FINISHED), -1);
	/* `run`: a bounded job that finished ran; one that restarts did not start */
	assert_int_equal(goal(run, &s, FLINK_JOB_FINISHED), 1);
	assert_int_equal(goal(run, &s, FLINK_JOB_RESTARTING), -1);
	/* the autoscaler: each vertex at min(2, its ceiling) */
	assert_int_equal(goal(p2, &s, FLINK_JOB_RUNNING), 0);
	s.v[0].max_parallelism = 1;
	assert_int_equal(goal(p2, &s, FLINK_JOB_RUNNING), 1);
	assert_int_equal(goal(p2, &s, FLINK_JOB_RESTARTING), 0);
	assert_int_equal(goal(ended, &s, FLINK_JOB_RUNNING), 0);
	assert_int_equal(goal(ended, &s, FLINK_JOB_CANCELLING), 0);
	assert_int_equal(goal(ended, &s, FLINK_JOB_CANCELED), 1);
	flink_job_release(&s);
}

/* The wait over a scripted Flink: the job deploying, then running. */
static void test_wait(void **state)
{
	(void)state;
	size_t len;
	char *running = fixture_read("flink/job-running.json", &len);
	/* the same job a moment before, its burn vertex not yet up */
	char *deploying = xstrdup(running);
	char *tasks = strstr(strstr(deploying, BURN_ID), "\"RUNNING\":2");
	assert_non_null(tasks);
	memcpy(tasks, "\"RUNNING\":1", 11);
	struct fake_reply replies[] = {
		{"GET", "/jobs/" JOB_ID, 200, NULL, deploying, NULL},
		{"GET", "/jobs/" JOB_ID, 200, NULL, running, NULL},
	};
	struct flink_client *c = flink_client_new_with_transport(
		fake_http_new(replies, 2), "http://x", NULL);
	struct flink_id id;
	flink_id_set(&id, JOB_ID);
	struct job_wait w = {.job = &id,
			     .goal = {.kind = JOB_GOAL_RUNNING},
			     .timeout_ms = 10000,
			     .poll_ms = 1,
			     .cluster = "c"};
	struct flink_job last;
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_job_wait(c, &w, NULL, &last, &err), 0);
	assert_int_equal(fake_http_calls(c->http), 2);
	assert_true(flink_job_all_running(&last));
	flink_job_release(&last);
	flink_client_free(c);
	free(deploying);
	free(running);
}

/* A job that failed ends the wait with Flink's root cause. */
static void test_wait_failed(void **state)
{
	(void)state;
	size_t len;
	char *running = fixture_read("flink/job-running.json", &len);
	char *failed = xstrdup(running);
	char *st = strstr(failed, "\"state\":\"RUNNING\"");
	assert_non_null(st);
	memcpy(st, "\"state\":\"FAILED\" ", 17);
	struct fake_reply replies[] = {
		{"GET", "/jobs/" JOB_ID, 200, NULL, failed, NULL},
		{"GET", "/jobs/" JOB_ID "/exceptions", 200, NULL,
		 "{\"root-exception\":\"java.lang.IllegalStateException: boom\\n\\tat "
		 "x.y(Z.java:1)\"}",
		 NULL},
	};
	struct flink_client *c = flink_client_new_with_transport(
		fake_http_new(replies, 2), "http://x", NULL);
	struct flink_id id;
	flink_id_set(&id, JOB_ID);
	struct job_wait w = {
		.job = &id, .goal = {.kind = JOB_GOAL_RUNNING}, .timeout_ms = 10000};
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_job_wait(c, &w, NULL, NULL, &err), ERR_FAIL);
	assert_non_null(
		strstr(err.msg, "is FAILED: java.lang.IllegalStateException: boom"));
	flink_client_free(c);
	free(failed);
	free(running);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),       cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_states),      cmocka_unit_test(test_at_parallelism),
		cmocka_unit_test(test_goals),       cmocka_unit_test(test_wait),
		cmocka_unit_test(test_wait_failed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
