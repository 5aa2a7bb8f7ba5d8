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

int flink_job_root_cause(struct flink_client *c, const struct flink_id *job, char *out,
			 size_t n, struct error *err)
{
	char *path = xasprintf("/jobs/%s/exceptions", job->hex);
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

int flink_job_backpressure(struct flink_client *c, const struct flink_job *job,
			   char out[8], struct error *err)
{
	out[0] = '\0';
	for (int i = 0; i < job->n_vertices; i++) {
		char *path = xasprintf("/jobs/%s/vertices/%s/backpressure", job->id.hex,
				       job->v[i].id.hex);
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
		if (level_rank(level) > level_rank(out))
			snprintf(out, 8, "%s", level);
	}
	return 0;
}

int flink_job_cancel(struct flink_client *c, const struct flink_id *job,
		     struct error *err)
{
	char *path = xasprintf("/jobs/%s?mode=cancel", job->hex);
	int rc = flink_call(c, "PATCH", path, NULL, NULL, err);
	free(path);
	return rc;
}

int flink_savepoint(struct flink_client *c, const struct flink_id *job, const char *dir,
		    bool stop, bool drain, long timeout_ms, char **location,
		    struct error *err)
{
	const char *id = job->hex;
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

int flink_job_resolve(const struct flink_job *jobs, int n, const char *ref,
		      struct flink_id *out, struct error *err)
{
	flink_id_set(out, NULL);
	size_t len = strlen(ref);
	int hits = 0, name_hits = 0, active_name_hits = 0;
	const struct flink_job *by_id = NULL, *by_name = NULL, *by_active_name = NULL;
	for (int i = 0; i < n; i++) {
		if (len > 0 && strncmp(jobs[i].id.hex, ref, len) == 0) {
			hits++;
			by_id = &jobs[i];
		}
		if (jobs[i].name && strcmp(jobs[i].name, ref) == 0) {
			name_hits++;
			by_name = by_name ? by_name : &jobs[i]; /* newest first */
			if (flink_job_state_active(jobs[i].state)) {
				active_name_hits++;
				by_active_name = &jobs[i];
			}
		}
	}
	if (hits == 1) {
		*out = by_id->id;
		return 0;
	}
	if (hits > 1)
		return error_set(
			err, ERR_USAGE,
			"'%s' is the start of %d job ids; give more of the id (see "
			"'flink-cmd jobs')",
			ref, hits);
	if (active_name_hits == 1 || (active_name_hits == 0 && name_hits >= 1)) {
		*out = (by_active_name ? by_active_name : by_name)->id;
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
