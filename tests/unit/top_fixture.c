/* Builds the dashboard's snapshot from tests/fixtures/tui/ the way the
 * collector builds it from the network (tui/collector.c, gather), with the
 * recorded replies in place of the Engine and Flink. */
#include "top_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cluster/engine_docker.h"
#include "fake_http.h"
#include "flink/jobctl.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_MEMBERS 8

static const struct fake_reply ping = {"GET", "/_ping", 200, "1.41", "OK", NULL};

/* An engine over the fake transport serving replies (which outlive it). */
static struct cluster_engine *engine_new(const struct fake_reply *replies, int n,
					 struct docker_client **c)
{
	*c = docker_client_new_with_transport(fake_http_new(replies, n), "fake");
	struct error err;
	error_init(&err);
	assert_int_equal(docker_client_connect(*c, NULL, &err), 0);
	return cluster_engine_docker_new(*c);
}

static void engine_free(struct cluster_engine *e, struct docker_client *c)
{
	cluster_engine_free(e);
	docker_client_free(c); /* fails the test if a reply was not asked for */
}

static void load_inventory(struct cluster_inventory *inv)
{
	const struct fake_reply replies[] = {
		ping,
		{"GET", "/v1.41/containers/json?all=1&filters=", 200, NULL, NULL,
		 "tui/containers.json"},
		{"GET", "/v1.41/networks?filters=", 200, NULL, NULL, "tui/networks.json"},
		{"GET", "/v1.41/volumes?filters=", 200, NULL, NULL, "tui/volumes.json"},
	};
	struct docker_client *c;
	struct cluster_engine *e = engine_new(replies, 4, &c);
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_engine_inventory(e, TOP_FIXTURE_CLUSTER, inv, &err), 0);
	engine_free(e, c);
}

static int on_log(void *arg, enum member_stream s, const char *data, size_t len,
		  struct error *err)
{
	(void)s;
	(void)err;
	strbuf_add(arg, data, len);
	return 0;
}

/* Each member's stats (stats-<member>.json) and the JobManager's logs, as
 * the collector asks for them. */
static void load_members(struct top_fixture *fx)
{
	const struct cluster_inventory *inv = &fx->cur->st.inv;
	assert_true(inv->n_members <= MAX_MEMBERS);
	char paths[MAX_MEMBERS][160], files[MAX_MEMBERS][96];
	struct fake_reply replies[MAX_MEMBERS + 2] = {ping};
	size_t pl = strlen(TOP_FIXTURE_CLUSTER "-");
	for (int i = 0; i < inv->n_members; i++) {
		snprintf(paths[i], sizeof(paths[i]),
			 "/v1.41/containers/%s/stats?stream=false", inv->members[i].id);
		snprintf(files[i], sizeof(files[i]), "tui/stats-%s.json",
			 inv->members[i].name + pl);
		replies[i + 1] =
			(struct fake_reply){"GET", paths[i], 200, NULL, NULL, files[i]};
	}
	replies[inv->n_members + 1] = (struct fake_reply){
		"GET", "/v1.41/containers/" TOP_FIXTURE_CLUSTER "-jobmanager/logs?",
		200,   NULL,
		NULL,  "tui/logs-jobmanager.bin"};
	struct docker_client *c;
	struct cluster_engine *e = engine_new(replies, inv->n_members + 2, &c);
	struct error err;
	error_init(&err);
	fx->cur->stats = xcalloc((size_t)inv->n_members, sizeof(*fx->cur->stats));
	for (int i = 0; i < inv->n_members; i++)
		assert_int_equal(cluster_engine_member_stats(e, inv->members[i].id,
							     &fx->cur->stats[i], NULL,
							     &err),
				 0);
	struct strbuf sb;
	strbuf_init(&sb, 4 << 20);
	struct member_logs_opts o = {.tail = 300};
	assert_int_equal(cluster_engine_member_logs(e, TOP_FIXTURE_CLUSTER "-jobmanager",
						    &o, on_log, &sb, &err),
			 0);
	fx->logs = strbuf_detach(&sb, NULL);
	engine_free(e, c);
}

/* Parses tests/fixtures/<rel> with a project parser. */
#define PARSE(rel, parse, ...)                                                           \
	do {                                                                             \
		size_t len_;                                                             \
		char *buf_ = fixture_read_exact(rel, &len_);                             \
		struct error err_;                                                       \
		error_init(&err_);                                                       \
		int rc_ = parse(buf_, len_, __VA_ARGS__, &err_);                         \
		if (rc_ != 0)                                                            \
			fail_msg("%s: %s", rel, err_.msg);                               \
		free(buf_);                                                              \
	} while (0)

/* The worst back pressure over the job's vertices, through the function the
 * collector calls, with each vertex's recorded reply. */
static void load_backpressure(const struct flink_job *j, char out[8])
{
	assert_true(j->n_vertices <= MAX_MEMBERS);
	char paths[MAX_MEMBERS][160], files[MAX_MEMBERS][64];
	struct fake_reply replies[MAX_MEMBERS];
	for (int i = 0; i < j->n_vertices; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/jobs/%s/vertices/%s/backpressure",
			 j->id.hex, j->v[i].id.hex);
		snprintf(files[i], sizeof(files[i]), "tui/backpressure-%d.json", i);
		replies[i] =
			(struct fake_reply){"GET", paths[i], 200, NULL, NULL, files[i]};
	}
	struct flink_client *fc = flink_client_new_with_transport(
		fake_http_new(replies, j->n_vertices), "http://x", NULL);
	struct error err;
	error_init(&err);
	assert_int_equal(flink_job_backpressure(fc, j, out, &err), 0);
	flink_client_free(fc);
}

/* Flink's part of the snapshot: overview, TaskManagers, jobs, and for the
 * recorded job its checkpoints, detail and back pressure. */
static void load_flink(struct top_snapshot *s)
{
	struct cluster_status *st = &s->st;
	st->rest_url = xstrdup(st->inv.rest_url);
	PARSE("tui/overview.json", flink_overview_parse, &st->overview);
	PARSE("tui/taskmanagers.json", flink_taskmanagers_parse, &st->tms, &st->n_tms);
	PARSE("tui/jobs-overview.json", flink_jobs_parse, &st->jobs, &st->n_jobs);
	st->flink_ok = true;
	assert_int_equal(st->n_jobs, 1);
	st->checkpoints = xcalloc(1, sizeof(*st->checkpoints));
	s->details = xcalloc(1, sizeof(*s->details));
	PARSE("tui/checkpoints.json", flink_checkpoints_parse, &st->checkpoints[0]);
	PARSE("tui/job.json", flink_job_parse, &s->details[0].detail);
	assert_true(flink_id_equal(&s->details[0].detail.id, &st->jobs[0].id));
	load_backpressure(&s->details[0].detail, s->details[0].backpressure);
}

/* The refresh before, as much of it as the rates read: the same job read
 * earlier. */
static struct top_snapshot *load_prev(const struct top_snapshot *cur, int64_t taken_ms)
{
	struct top_snapshot *p = xcalloc(1, sizeof(*p));
	p->ok = true;
	p->taken_ms = taken_ms;
	cluster_inventory_init(&p->st.inv, TOP_FIXTURE_CLUSTER);
	p->st.jobs = xcalloc(1, sizeof(*p->st.jobs));
	p->st.jobs[0].id = cur->st.jobs[0].id;
	p->st.jobs[0].name = xstrdup(cur->st.jobs[0].name);
	p->st.n_jobs = 1;
	p->details = xcalloc(1, sizeof(*p->details));
	PARSE("tui/job-earlier.json", flink_job_parse, &p->details[0].detail);
	return p;
}

static int64_t time_of(const cJSON *times, const char *key)
{
	int64_t t = json_i64(times, key, 0);
	if (t <= 0)
		fail_msg("tui/times.json has no '%s'", key);
	return t;
}

static void load(struct top_fixture *fx, bool flink)
{
	memset(fx, 0, sizeof(*fx));
	size_t len;
	char *buf = fixture_read_exact("tui/times.json", &len);
	cJSON *times;
	struct error err;
	error_init(&err);
	if (json_parse(buf, len, "tui/times.json", &times, &err) < 0)
		fail_msg("%s", err.msg);
	fx->cur = xcalloc(1, sizeof(*fx->cur));
	fx->cur->ok = true;
	fx->cur->taken_ms = time_of(times, "job_ms");
	fx->now_ms = time_of(times, "taken_ms");
	load_inventory(&fx->cur->st.inv);
	load_members(fx);
	if (flink) {
		load_flink(fx->cur);
		fx->prev = load_prev(fx->cur, time_of(times, "job_earlier_ms"));
	} else {
		error_set(&fx->cur->st.flink_error, ERR_FAIL,
			  "Flink's replies left out of this snapshot");
	}
	cJSON_Delete(times);
	free(buf);
}

void top_fixture_load(struct top_fixture *fx)
{
	load(fx, true);
}

void top_fixture_load_engine(struct top_fixture *fx)
{
	load(fx, false);
}

void top_fixture_release(struct top_fixture *fx)
{
	top_snapshot_free(fx->prev);
	top_snapshot_free(fx->cur);
	free(fx->logs);
	memset(fx, 0, sizeof(*fx));
}
