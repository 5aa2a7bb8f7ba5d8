/* Parsers and calls for the job model: GET /jobs/:id and GET /jobs/overview,
 * and the questions every caller asks of a job (how parallel, whether every
 * task runs). A vertex is a source when the job's plan gives it no inputs. */
#include "flink/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

void flink_id_set(struct flink_id *id, const char *text)
{
	snprintf(id->hex, sizeof(id->hex), "%.*s", FLINK_ID_LEN, text ? text : "");
}

bool flink_id_equal(const struct flink_id *a, const struct flink_id *b)
{
	return strcmp(a->hex, b->hex) == 0;
}

bool flink_id_is(const struct flink_id *id, const char *text)
{
	return text && strcmp(id->hex, text) == 0;
}

static const char *const state_names[] = {
	[FLINK_JOB_UNKNOWN] = "UNKNOWN",       [FLINK_JOB_INITIALIZING] = "INITIALIZING",
	[FLINK_JOB_CREATED] = "CREATED",       [FLINK_JOB_RUNNING] = "RUNNING",
	[FLINK_JOB_FAILING] = "FAILING",       [FLINK_JOB_FAILED] = "FAILED",
	[FLINK_JOB_CANCELLING] = "CANCELLING", [FLINK_JOB_CANCELED] = "CANCELED",
	[FLINK_JOB_FINISHED] = "FINISHED",     [FLINK_JOB_RESTARTING] = "RESTARTING",
	[FLINK_JOB_SUSPENDED] = "SUSPENDED",   [FLINK_JOB_RECONCILING] = "RECONCILING",
};
#define N_STATES (sizeof(state_names) / sizeof(state_names[0]))

enum flink_job_state flink_job_state_parse(const char *text)
{
	for (size_t i = 1; text && i < N_STATES; i++)
		if (strcmp(text, state_names[i]) == 0)
			return (enum flink_job_state)i;
	return FLINK_JOB_UNKNOWN;
}

const char *flink_job_state_name(enum flink_job_state s)
{
	return (size_t)s < N_STATES ? state_names[s] : state_names[0];
}

bool flink_job_state_ended(enum flink_job_state s)
{
	return s == FLINK_JOB_FINISHED || s == FLINK_JOB_CANCELED ||
	       s == FLINK_JOB_FAILED;
}

bool flink_job_state_active(enum flink_job_state s)
{
	return s == FLINK_JOB_RUNNING || s == FLINK_JOB_CREATED ||
	       s == FLINK_JOB_INITIALIZING || s == FLINK_JOB_RESTARTING;
}

/* The fields both replies share. */
static void parse_common(const cJSON *o, const char *id_key, struct flink_job *j)
{
	flink_id_set(&j->id, json_str(o, id_key));
	const char *name = json_str(o, "name");
	j->name = xstrdup(name ? name : "");
	j->state = flink_job_state_parse(json_str(o, "state"));
	j->start_time = json_i64(o, "start-time", 0);
	j->end_time = json_i64(o, "end-time", -1);
	j->duration = json_i64(o, "duration", 0);
}

/* Sources are the plan's nodes without inputs. */
static bool plan_has_inputs(const cJSON *root, const char *vid)
{
	const cJSON *nodes = json_get(json_get(root, "plan"), "nodes");
	const cJSON *node;
	if (!cJSON_IsArray(nodes))
		return true;
	cJSON_ArrayForEach (node, nodes) {
		const char *id = json_str(node, "id");
		if (id && strcmp(id, vid) == 0) {
			const cJSON *inputs = json_get(node, "inputs");
			return cJSON_IsArray(inputs) && cJSON_GetArraySize(inputs) > 0;
		}
	}
	return true;
}

static void parse_vertex(const cJSON *root, const cJSON *v, struct flink_vertex *x)
{
	const char *vid = json_str(v, "id");
	const char *name = json_str(v, "name");
	flink_id_set(&x->id, vid);
	snprintf(x->name, sizeof(x->name), "%s", name ? name : "");
	x->parallelism = json_int(v, "parallelism", 0);
	x->max_parallelism = json_int(v, "maxParallelism", x->parallelism);
	x->source = vid && !plan_has_inputs(root, vid);
	/* a bounded source's tasks that ran to their end count as up */
	const cJSON *tasks = json_get(v, "tasks");
	int up = json_int(tasks, "RUNNING", 0) + json_int(tasks, "FINISHED", 0);
	x->tasks_up = x->parallelism > 0 && up == x->parallelism;
	const cJSON *m = json_get(v, "metrics");
	x->records_read = json_i64(m, "read-records", 0);
	x->records_written = json_i64(m, "write-records", 0);
}

int flink_job_parse(const char *buf, size_t len, struct flink_job *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's job description", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *vertices = json_get(root, "vertices");
	if (!json_str(root, "jid") || !json_str(root, "state") ||
	    !cJSON_IsArray(vertices)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "Flink's job description has no id, state or vertices");
	}
	parse_common(root, "jid", out);
	out->running_since = json_i64(json_get(root, "timestamps"), "RUNNING", 0);
	int n = cJSON_GetArraySize(vertices);
	out->v = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*out->v));
	const cJSON *v;
	if (n > 0)
		cJSON_ArrayForEach (v, vertices)
			parse_vertex(root, v, &out->v[out->n_vertices++]);
	cJSON_Delete(root);
	return 0;
}

int flink_job_get(struct flink_client *c, const struct flink_id *id,
		  struct flink_job *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	char *path = xasprintf("/jobs/%s", id->hex);
	struct http_response resp;
	http_response_init(&resp);
	int rc = flink_get(c, path, &resp, err);
	if (rc == 0)
		rc = flink_job_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

void flink_job_release(struct flink_job *j)
{
	free(j->name);
	free(j->v);
	memset(j, 0, sizeof(*j));
}

void flink_jobs_free(struct flink_job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		flink_job_release(&jobs[i]);
	free(jobs);
}

static int by_newest(const void *a, const void *b)
{
	const struct flink_job *x = a, *y = b;
	return (x->start_time < y->start_time) - (x->start_time > y->start_time);
}

int flink_jobs_parse(const char *buf, size_t len, struct flink_job **out, int *n,
		     struct error *err)
{
	*out = NULL;
	*n = 0;
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's /jobs/overview", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *arr = json_get(root, "jobs");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL, "Flink's /jobs/overview has no job list");
	}
	int count = cJSON_GetArraySize(arr);
	struct flink_job *jobs = xcalloc((size_t)(count ? count : 1), sizeof(*jobs));
	int i = 0;
	const cJSON *j;
	cJSON_ArrayForEach (j, arr) {
		struct flink_job *job = &jobs[i++];
		parse_common(j, "jid", job);
		const cJSON *tasks = json_get(j, "tasks");
		job->tasks_total = json_int(tasks, "total", 0);
		job->tasks_running = json_int(tasks, "running", 0);
	}
	cJSON_Delete(root);
	/* newest first, as a person scans them; the order of equals is kept */
	for (int a = 1; a < count; a++)
		for (int b = a; b > 0 && by_newest(&jobs[b], &jobs[b - 1]) < 0; b--) {
			struct flink_job t = jobs[b];
			jobs[b] = jobs[b - 1];
			jobs[b - 1] = t;
		}
	*out = jobs;
	*n = count;
	return 0;
}

int flink_jobs_get(struct flink_client *c, struct flink_job **out, int *n,
		   struct error *err)
{
	*out = NULL;
	*n = 0;
	struct http_response resp;
	http_response_init(&resp);
	int rc = flink_get(c, "/jobs/overview", &resp, err);
	if (rc == 0)
		rc = flink_jobs_parse(resp.body.buf, resp.body.len, out, n, err);
	http_response_release(&resp);
	return rc;
}

int flink_job_parallelism(const struct flink_job *j)
{
	int p = 0;
	for (int i = 0; i < j->n_vertices; i++)
		if (j->v[i].parallelism > p)
			p = j->v[i].parallelism;
	return p;
}

bool flink_job_all_running(const struct flink_job *j)
{
	if (j->state != FLINK_JOB_RUNNING || j->n_vertices == 0)
		return false;
	for (int i = 0; i < j->n_vertices; i++)
		if (!j->v[i].tasks_up)
			return false;
	return true;
}

bool flink_job_at_parallelism(const struct flink_job *j, int p, bool at_least)
{
	if (!flink_job_all_running(j))
		return false;
	for (int i = 0; i < j->n_vertices; i++) {
		const struct flink_vertex *v = &j->v[i];
		int want = v->max_parallelism > 0 && v->max_parallelism < p
				   ? v->max_parallelism
				   : p;
		if (at_least ? v->parallelism < want : v->parallelism != want)
			return false;
	}
	return true;
}

int64_t flink_job_records_in(const struct flink_job *j)
{
	return j->n_vertices ? j->v[0].records_written : 0;
}

int64_t flink_job_records_out(const struct flink_job *j)
{
	return j->n_vertices ? j->v[j->n_vertices - 1].records_read : 0;
}
