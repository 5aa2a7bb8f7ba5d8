/* Job control over REST. Savepoints are asynchronous operations in Flink:
 * a trigger returns a request id whose status is polled until COMPLETED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flink/jobctl.h"
#include "util/json.h"
#include "util/xalloc.h"
#include "util/clock.h"

int flink_job_detail_parse(const char *buf, size_t len, struct flink_job_detail *out,
			   struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's job description", &root, err);
	if (rc < 0)
		return rc;
	const char *id = json_str(root, "jid");
	const char *state = json_str(root, "state");
	if (!id || !state) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "Flink's job description has no id or state");
	}
	snprintf(out->id, sizeof(out->id), "%s", id);
	snprintf(out->state, sizeof(out->state), "%s", state);
	const char *name = json_str(root, "name");
	out->name = xstrdup(name ? name : "");
	out->start_time = json_i64(root, "start-time", 0);
	out->duration = json_i64(root, "duration", 0);
	const cJSON *vertices = json_get(root, "vertices");
	const cJSON *v;
	if (cJSON_IsArray(vertices))
		cJSON_ArrayForEach (v, vertices) {
			int p = json_int(v, "parallelism", 0);
			if (p > out->parallelism)
				out->parallelism = p;
			const char *st = json_str(v, "status");
			const cJSON *m = json_get(v, "metrics");
			if (out->n_vertices == 0)
				out->records_in = json_i64(m, "write-records", 0);
			out->records_out = json_i64(m, "read-records", 0);
			const char *vid = json_str(v, "id");
			out->vertex_ids = xrealloc(out->vertex_ids,
						   sizeof(*out->vertex_ids) *
							   (size_t)(out->n_vertices + 1));
			out->vertex_ids[out->n_vertices] = xstrdup(vid ? vid : "");
			out->n_vertices++;
			if (st &&
			    (strcmp(st, "RUNNING") == 0 || strcmp(st, "FINISHED") == 0))
				out->n_vertices_up++;
		}
	cJSON_Delete(root);
	return 0;
}

int flink_job_detail_get(struct flink_client *c, const char *id,
			 struct flink_job_detail *out, struct error *err)
{
	char *path = xasprintf("/jobs/%s", id);
	struct http_response resp;
	http_response_init(&resp);
	memset(out, 0, sizeof(*out));
	int rc = flink_get(c, path, &resp, err);
	if (rc == 0)
		rc = flink_job_detail_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

void flink_job_detail_release(struct flink_job_detail *d)
{
	for (int i = 0; i < d->n_vertices && d->vertex_ids; i++)
		free(d->vertex_ids[i]);
	free(d->vertex_ids);
	free(d->name);
	memset(d, 0, sizeof(*d));
}

int flink_job_exceptions_parse(const char *buf, size_t len, char *out, size_t n,
			       struct error *err)
{
	out[0] = '\0';
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's job exceptions", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *entries = json_get(json_get(root, "exceptionHistory"), "entries");
	const cJSON *first =
		cJSON_IsArray(entries) ? cJSON_GetArrayItem(entries, 0) : NULL;
	const char *trace = first ? json_str(first, "stacktrace") : NULL;
	if (!trace)
		trace = json_str(root, "root-exception");
	if (trace)
		flink_trace_cause(trace, out, n);
	cJSON_Delete(root);
	return 0;
}

int flink_job_root_cause(struct flink_client *c, const char *id, char *out, size_t n,
			 struct error *err)
{
	char *path = xasprintf("/jobs/%s/exceptions", id);
	struct http_response resp;
	http_response_init(&resp);
	out[0] = '\0';
	int rc = flink_get(c, path, &resp, err);
	if (rc == 0)
		rc = flink_job_exceptions_parse(resp.body.buf, resp.body.len, out, n,
						err);
	http_response_release(&resp);
	free(path);
	return rc;
}

int flink_backpressure_parse(const char *buf, size_t len, char out[8], struct error *err)
{
	out[0] = '\0';
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's back pressure reply", &root, err);
	if (rc < 0)
		return rc;
	const char *status = json_str(root, "status");
	const char *level = json_str(root, "backpressureLevel");
	/* "deprecated" means no sample yet (the request starts one) */
	if (status && strcmp(status, "ok") == 0 && level)
		snprintf(out, 8, "%.7s", level);
	cJSON_Delete(root);
	return 0;
}

static int level_rank(const char *l)
{
	return strcmp(l, "high") == 0  ? 3
	       : strcmp(l, "low") == 0 ? 2
	       : strcmp(l, "ok") == 0  ? 1
				       : 0;
}

int flink_job_backpressure(struct flink_client *c, struct flink_job_detail *d,
			   struct error *err)
{
	d->backpressure[0] = '\0';
	for (int i = 0; i < d->n_vertices; i++) {
		char *path = xasprintf("/jobs/%s/vertices/%s/backpressure", d->id,
				       d->vertex_ids[i]);
		struct http_response resp;
		http_response_init(&resp);
		char level[8] = "";
		int rc = flink_get(c, path, &resp, err);
		if (rc == 0)
			rc = flink_backpressure_parse(resp.body.buf, resp.body.len, level,
						      err);
		http_response_release(&resp);
		free(path);
		if (rc < 0)
			return rc;
		if (level_rank(level) > level_rank(d->backpressure))
			snprintf(d->backpressure, sizeof(d->backpressure), "%s", level);
	}
	return 0;
}

int flink_job_cancel(struct flink_client *c, const char *id, struct error *err)
{
	char *path = xasprintf("/jobs/%s?mode=cancel", id);
	int rc = flink_call(c, "PATCH", path, NULL, NULL, err);
	free(path);
	return rc;
}

int flink_savepoint(struct flink_client *c, const char *id, const char *dir, bool stop,
		    bool drain, long timeout_ms, char **location, struct error *err)
{
	*location = NULL;
	cJSON *body = cJSON_CreateObject();
	char *path;
	if (stop) {
		path = xasprintf("/jobs/%s/stop", id);
		if (dir)
			cJSON_AddStringToObject(body, "targetDirectory", dir);
		cJSON_AddBoolToObject(body, "drain", drain);
	} else {
		path = xasprintf("/jobs/%s/savepoints", id);
		if (dir)
			cJSON_AddStringToObject(body, "target-directory", dir);
		cJSON_AddBoolToObject(body, "cancel-job", false);
	}
	cJSON *reply = NULL;
	int rc = flink_call(c, "POST", path, body, &reply, err);
	cJSON_Delete(body);
	free(path);
	if (rc < 0)
		return rc;
	const char *req = json_str(reply, "request-id");
	char *trigger = req ? xstrdup(req) : NULL;
	cJSON_Delete(reply);
	if (!trigger)
		return error_set(err, ERR_FAIL,
				 "Flink accepted the savepoint but named no request");
	path = xasprintf("/jobs/%s/savepoints/%s", id, trigger);
	double deadline = clock_now_ms() + (double)timeout_ms;
	rc = ERR_TIMEOUT;
	while (clock_now_ms() < deadline) {
		if (cancel_requested(c->cancel)) {
			rc = error_set(err, ERR_INTERRUPTED,
				       "interrupted while waiting for the savepoint");
			break;
		}
		rc = flink_call(c, "GET", path, NULL, &reply, err);
		if (rc < 0)
			break;
		const char *st = json_str(json_get(reply, "status"), "id");
		if (st && strcmp(st, "COMPLETED") == 0) {
			const cJSON *op = json_get(reply, "operation");
			const char *loc = json_str(op, "location");
			const cJSON *failure = json_get(op, "failure-cause");
			if (loc) {
				*location = xstrdup(loc);
				rc = 0;
			} else {
				char cause[ERROR_MSG_MAX] = "the savepoint failed";
				const char *trace = json_str(failure, "stack-trace");
				if (trace)
					flink_trace_cause(trace, cause, sizeof(cause));
				rc = error_set(err, ERR_FAIL,
					       "savepoint of job %s failed: %s", id,
					       cause);
			}
			cJSON_Delete(reply);
			break;
		}
		cJSON_Delete(reply);
		rc = ERR_TIMEOUT;
		clock_sleep_ms(200);
	}
	if (rc == ERR_TIMEOUT)
		error_set(err, ERR_TIMEOUT,
			  "the savepoint of job %s took longer than %lds", id,
			  timeout_ms / 1000);
	free(path);
	free(trigger);
	return rc;
}

static bool active(const char *state)
{
	return strcmp(state, "RUNNING") == 0 || strcmp(state, "CREATED") == 0 ||
	       strcmp(state, "INITIALIZING") == 0 || strcmp(state, "RESTARTING") == 0;
}

int flink_job_resolve(const struct flink_job *jobs, int n, const char *ref, char out[33],
		      struct error *err)
{
	out[0] = '\0';
	size_t len = strlen(ref);
	int hits = 0, name_hits = 0, active_name_hits = 0;
	const struct flink_job *by_id = NULL, *by_name = NULL, *by_active_name = NULL;
	for (int i = 0; i < n; i++) {
		if (len > 0 && strncmp(jobs[i].id, ref, len) == 0) {
			hits++;
			by_id = &jobs[i];
		}
		if (jobs[i].name && strcmp(jobs[i].name, ref) == 0) {
			name_hits++;
			by_name = by_name ? by_name : &jobs[i]; /* newest first */
			if (active(jobs[i].state)) {
				active_name_hits++;
				by_active_name = &jobs[i];
			}
		}
	}
	if (hits == 1) {
		snprintf(out, 33, "%s", by_id->id);
		return 0;
	}
	if (hits > 1)
		return error_set(
			err, ERR_USAGE,
			"'%s' is the start of %d job ids; give more of the id (see "
			"'flink-cmd jobs')",
			ref, hits);
	if (active_name_hits == 1 || (active_name_hits == 0 && name_hits >= 1)) {
		snprintf(out, 33, "%s", (by_active_name ? by_active_name : by_name)->id);
		return 0;
	}
	if (active_name_hits > 1)
		return error_set(err, ERR_USAGE,
				 "%d running jobs are named '%s'; give the job id (see "
				 "'flink-cmd jobs')",
				 active_name_hits, ref);
	return error_set(err, ERR_NOTFOUND,
			 "there is no job '%s' on this cluster (see 'flink-cmd jobs')",
			 ref);
}
