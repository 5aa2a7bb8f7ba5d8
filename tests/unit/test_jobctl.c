/* Finding a job from what a user typed (flink_job_resolve) among the jobs of
 * a recorded /jobs/overview, and a vertex's back pressure level from
 * recorded replies. The recorded overview (scripts/record-fixtures.sh
 * flink-jobctl) holds FINISHED "bounded-sum"s, a RUNNING "counter" and a
 * newer CANCELED one, two RUNNING "twin"s, and ids that share their first
 * digit. The jobs come from flink_jobs_parse (newest first); the test reads
 * only their id, name and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flink/client.h"
#include "flink/jobctl.h"
#include "flink/job.h"
#include "util/xalloc.h"
#include "fake_http.h"

struct recorded {
	struct flink_job *jobs;
	int n;
};

static int setup(void **state)
{
	struct recorded *r = xcalloc(1, sizeof(*r));
	size_t len;
	char *buf = fixture_read_exact("flink/jobs-overview.json", &len);
	struct error err;
	error_init(&err);
	int rc = flink_jobs_parse(buf, len, &r->jobs, &r->n, &err);
	free(buf);
	if (rc != 0) {
		free(r);
		return -1;
	}
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct recorded *r = *state;
	flink_jobs_free(r->jobs, r->n);
	free(r);
	return 0;
}

/* The place in the list (newest first) of the first job with this name and
 * state; with unique, the only one. */
static int index_of(const struct recorded *r, const char *name, const char *state,
		    bool unique)
{
	int at = -1;
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->jobs[i].name, name) == 0 &&
		    strcmp(flink_job_state_name(r->jobs[i].state), state) == 0) {
			if (at >= 0 && unique)
				fail_msg("two %s jobs named '%s' in the fixture", state,
					 name);
			if (at < 0)
				at = i;
		}
	if (at < 0)
		fail_msg("no %s job named '%s' in the fixture", state, name);
	return at;
}

/* How many recorded ids start with prefix. */
static int starting_with(const struct recorded *r, const char *prefix)
{
	int hits = 0;
	for (int i = 0; i < r->n; i++)
		hits += strncmp(r->jobs[i].id.hex, prefix, strlen(prefix)) == 0;
	return hits;
}

static int resolve(const struct recorded *r, const char *ref, struct flink_id *out,
		   struct error *err)
{
	error_init(err);
	memset(out, 'x', sizeof(*out));
	return flink_job_resolve(r->jobs, r->n, ref, out, err);
}

static void resolves(const struct recorded *r, const char *ref, const char *want)
{
	struct flink_id out;
	struct error err;
	int rc = resolve(r, ref, &out, &err);
	if (rc != 0)
		fail_msg("'%s' gave %d: %s", ref, rc, err.msg);
	assert_string_equal(out.hex, want);
}

static void refused(const struct recorded *r, const char *ref, int want_rc,
		    const char *want_msg)
{
	struct flink_id out;
	struct error err;
	assert_int_equal(resolve(r, ref, &out, &err), want_rc);
	assert_string_equal(err.msg, want_msg);
	assert_string_equal(out.hex, "");
}

static void test_fixture(void **state)
{
	const struct recorded *r = *state;
	assert_true(r->n >= 6);
	for (int i = 0; i < r->n; i++)
		assert_int_equal(strlen(r->jobs[i].id.hex), 32);
}

static void test_whole_id(void **state)
{
	const struct recorded *r = *state;
	for (int i = 0; i < r->n; i++)
		resolves(r, r->jobs[i].id.hex, r->jobs[i].id.hex);
	/* one digit more than an id is no id */
	char longer[40];
	snprintf(longer, sizeof(longer), "%s0", r->jobs[0].id.hex);
	char want[200];
	snprintf(want, sizeof(want),
		 "there is no job '%s' on this cluster (see 'flink-cmd jobs')", longer);
	refused(r, longer, ERR_NOTFOUND, want);
}

static void test_unique_prefix(void **state)
{
	const struct recorded *r = *state;
	/* each job by the shortest start of its id no other id has */
	for (int i = 0; i < r->n; i++) {
		char prefix[33] = "";
		for (size_t len = 1; len <= 32; len++) {
			snprintf(prefix, len + 1, "%s", r->jobs[i].id.hex);
			if (starting_with(r, prefix) == 1)
				break;
		}
		resolves(r, prefix, r->jobs[i].id.hex);
	}
}

static void test_ambiguous_prefix(void **state)
{
	const struct recorded *r = *state;
	char digit[2] = "";
	for (int i = 0; i < r->n && !digit[0]; i++) {
		char d[2] = {r->jobs[i].id.hex[0], '\0'};
		if (starting_with(r, d) > 1)
			digit[0] = d[0];
	}
	if (!digit[0])
		fail_msg("no two ids of the fixture share their first digit");
	char want[200];
	snprintf(want, sizeof(want),
		 "'%s' is the start of %d job ids; give more of the id (see "
		 "'flink-cmd jobs')",
		 digit, starting_with(r, digit));
	refused(r, digit, ERR_USAGE, want);
}

static void test_name(void **state)
{
	const struct recorded *r = *state;
	/* finished jobs only: the newest of that name */
	const struct flink_job *newest =
		&r->jobs[index_of(r, "bounded-sum", "FINISHED", false)];
	resolves(r, "bounded-sum", newest->id.hex);
}

static void test_running_wins(void **state)
{
	const struct recorded *r = *state;
	int running = index_of(r, "counter", "RUNNING", true);
	int cancelled = index_of(r, "counter", "CANCELED", true);
	/* the cancelled one is the newer: taking the newest would be wrong */
	assert_true(cancelled < running);
	resolves(r, "counter", r->jobs[running].id.hex);
	/* the cancelled one is still there by its id */
	resolves(r, r->jobs[cancelled].id.hex, r->jobs[cancelled].id.hex);
}

static void test_two_running(void **state)
{
	const struct recorded *r = *state;
	refused(r, "twin", ERR_USAGE,
		"2 running jobs are named 'twin'; give the job id (see 'flink-cmd "
		"jobs')");
}

static void test_not_found(void **state)
{
	const struct recorded *r = *state;
	refused(r, "nope", ERR_NOTFOUND,
		"there is no job 'nope' on this cluster (see 'flink-cmd jobs')");
	/* names match whole and exactly */
	refused(r, "Counter", ERR_NOTFOUND,
		"there is no job 'Counter' on this cluster (see 'flink-cmd jobs')");
	refused(r, "count", ERR_NOTFOUND,
		"there is no job 'count' on this cluster (see 'flink-cmd jobs')");
	/* an empty ref is no prefix of every id */
	refused(r, "", ERR_NOTFOUND,
		"there is no job '' on this cluster (see 'flink-cmd jobs')");
	/* nor is anything in an empty list */
	struct flink_id out;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_resolve(NULL, 0, "counter", &out, &err), ERR_NOTFOUND);
	assert_string_equal(out.hex, "");
}

static void backpressure(const char *fixture, const char *want)
{
	size_t len;
	char *buf = fixture_read_exact(fixture, &len);
	char out[8];
	memset(out, 'x', sizeof(out));
	struct error err;
	error_init(&err);
	assert_int_equal(flink_backpressure_parse(buf, len, out, &err), 0);
	assert_string_equal(out, want);
	assert_int_equal(err.code, 0);
	free(buf);
}

static void test_backpressure_levels(void **state)
{
	(void)state;
	/* measured: the source of a job whose operator cannot keep up, the
	 * same source asking for a little more than the operator takes, and
	 * that busy operator itself */
	backpressure("flink/backpressure-high.json", "high");
	backpressure("flink/backpressure-low.json", "low");
	backpressure("flink/backpressure-ok.json", "ok");
}

static void test_backpressure_not_yet(void **state)
{
	(void)state;
	/* asked before Flink fetched the vertex's metrics */
	backpressure("flink/backpressure-deprecated.json", "");
	/* status "ok" without a level tells nothing either */
	char out[8];
	struct error err;
	error_init(&err);
	assert_int_equal(flink_backpressure_parse("{\"status\":\"ok\"}", 15, out, &err),
			 0);
	assert_string_equal(out, "");
	memset(out, 'x', sizeof(out));
	assert_true(flink_backpressure_parse("<html>", 6, out, &err) < 0);
	assert_string_equal(out, "");
	assert_string_equal(err.msg, "Flink's back pressure reply is not valid JSON");
}

/* flink_job_backpressure: the worst level over the job's vertices, from
 * one request per vertex (the recorded running job has two). */
static void test_job_backpressure(void **state)
{
	(void)state;
	size_t len;
	char *buf = fixture_read_exact("flink/job-running.json", &len);
	struct flink_job d;
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_parse(buf, len, &d, &err), 0);
	free(buf);
	assert_int_equal(d.n_vertices, 2);
#define VERTICES "/jobs/ae7dd71f57d0a6e4e351a7c7285f2317/vertices/"
	const struct fake_reply replies[] = {
		{"GET", VERTICES "8e438e001276993a86ff80dcf02e0237/backpressure", 200,
		 NULL, NULL, "flink/backpressure-ok.json"},
		{"GET", VERTICES "5b61d6019ab04da71a4e62533c1a8c40/backpressure", 200,
		 NULL, NULL, "flink/backpressure-high.json"},
		/* again: one vertex not measured yet, the other low */
		{"GET", VERTICES "8e438e001276993a86ff80dcf02e0237/backpressure", 200,
		 NULL, NULL, "flink/backpressure-low.json"},
		{"GET", VERTICES "5b61d6019ab04da71a4e62533c1a8c40/backpressure", 200,
		 NULL, NULL, "flink/backpressure-deprecated.json"},
		/* again: the job is gone */
		{"GET", VERTICES "8e438e001276993a86ff80dcf02e0237/backpressure", 404,
		 NULL, NULL, "flink/error-404-job.json"},
	};
#undef VERTICES
	struct flink_client *c = flink_client_new_with_transport(
		fake_http_new(replies, sizeof(replies) / sizeof(replies[0])), "http://x",
		NULL);
	char level[8];
	assert_int_equal(flink_job_backpressure(c, &d, level, &err), 0);
	assert_string_equal(level, "high");
	assert_int_equal(flink_job_backpressure(c, &d, level, &err), 0);
	assert_string_equal(level, "low");
	assert_int_equal(flink_job_backpressure(c, &d, level, &err), ERR_NOTFOUND);
	assert_string_equal(level, "");
	assert_int_equal(fake_http_calls(c->http), 5);
	flink_client_free(c);
	flink_job_release(&d);
}

#define RESOLVE(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RESOLVE(test_fixture),
		RESOLVE(test_whole_id),
		RESOLVE(test_unique_prefix),
		RESOLVE(test_ambiguous_prefix),
		RESOLVE(test_name),
		RESOLVE(test_running_wins),
		RESOLVE(test_two_running),
		RESOLVE(test_not_found),
		cmocka_unit_test(test_backpressure_levels),
		cmocka_unit_test(test_backpressure_not_yet),
		cmocka_unit_test(test_job_backpressure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
