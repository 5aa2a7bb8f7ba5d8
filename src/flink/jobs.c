/* Parsers and calls for /jobs/overview and /jobs/:id/checkpoints. */
#include "flink/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

void flink_jobs_free(struct flink_job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		free(jobs[i].name);
	free(jobs);
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
		const char *id = json_str(j, "jid");
		const char *name = json_str(j, "name");
		const char *state = json_str(j, "state");
		snprintf(job->id, sizeof(job->id), "%s", id ? id : "");
		job->name = xstrdup(name ? name : "");
		snprintf(job->state, sizeof(job->state), "%s", state ? state : "");
		job->start_time = json_i64(j, "start-time", 0);
		job->end_time = json_i64(j, "end-time", -1);
		job->duration = json_i64(j, "duration", 0);
		const cJSON *tasks = json_get(j, "tasks");
		job->tasks_total = json_int(tasks, "total", 0);
		job->tasks_running = json_int(tasks, "running", 0);
	}
	cJSON_Delete(root);
	/* newest first, as a person scans them */
	for (int a = 1; a < count; a++)
		for (int b = a; b > 0 && jobs[b].start_time > jobs[b - 1].start_time;
		     b--) {
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

void flink_checkpoint_stats_release(struct flink_checkpoint_stats *s)
{
	free(s->latest_path);
	free(s->failed_message);
	free(s->restored_path);
	for (int i = 0; i < s->n_history; i++)
		free(s->history[i].path);
	free(s->history);
	memset(s, 0, sizeof(*s));
}

static char *dup_opt(const cJSON *o, const char *key)
{
	const char *s = json_str(o, key);
	return s ? xstrdup(s) : NULL;
}

int flink_checkpoints_parse(const char *buf, size_t len,
			    struct flink_checkpoint_stats *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's checkpoint statistics", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *counts = json_get(root, "counts");
	if (!counts) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "Flink's checkpoint statistics have no counts");
	}
	out->restored = json_i64(counts, "restored", 0);
	out->total = json_i64(counts, "total", 0);
	out->in_progress = json_i64(counts, "in_progress", 0);
	out->completed = json_i64(counts, "completed", 0);
	out->failed = json_i64(counts, "failed", 0);
	const cJSON *latest = json_get(root, "latest");
	const cJSON *done = json_get(latest, "completed");
	if (cJSON_IsObject(done)) {
		out->latest_id = json_i64(done, "id", 0);
		out->latest_trigger = json_i64(done, "trigger_timestamp", 0);
		out->latest_ack = json_i64(done, "latest_ack_timestamp", 0);
		out->latest_size = json_i64(done, "state_size", 0);
		out->latest_duration = json_i64(done, "end_to_end_duration", 0);
		out->latest_path = dup_opt(done, "external_path");
	}
	const cJSON *failed = json_get(latest, "failed");
	if (cJSON_IsObject(failed)) {
		out->failed_id = json_i64(failed, "id", 0);
		out->failed_time = json_i64(failed, "failure_timestamp", 0);
		out->failed_message = dup_opt(failed, "failure_message");
	}
	const cJSON *restored = json_get(latest, "restored");
	if (cJSON_IsObject(restored)) {
		out->restored_id = json_i64(restored, "id", 0);
		out->restored_path = dup_opt(restored, "external_path");
	}
	const cJSON *history = json_get(root, "history");
	if (cJSON_IsArray(history)) {
		int count = cJSON_GetArraySize(history);
		out->history =
			xcalloc((size_t)(count ? count : 1), sizeof(*out->history));
		const cJSON *h;
		cJSON_ArrayForEach (h, history) {
			if (!cJSON_IsObject(h))
				continue;
			struct flink_checkpoint_entry *e =
				&out->history[out->n_history++];
			e->id = json_i64(h, "id", 0);
			const char *st = json_str(h, "status");
			snprintf(e->status, sizeof(e->status), "%s", st ? st : "");
			e->savepoint = json_bool(h, "is_savepoint", false);
			e->trigger = json_i64(h, "trigger_timestamp", 0);
			e->size = json_i64(h, "state_size", 0);
			e->duration = json_i64(h, "end_to_end_duration", 0);
			e->path = dup_opt(h, "external_path");
		}
	}
	cJSON_Delete(root);
	return 0;
}

int flink_checkpoints_get(struct flink_client *c, const char *job_id,
			  struct flink_checkpoint_stats *out, struct error *err)
{
	char *path = xasprintf("/jobs/%s/checkpoints", job_id);
	memset(out, 0, sizeof(*out));
	struct http_response resp;
	http_response_init(&resp);
	int rc = flink_get(c, path, &resp, err);
	if (rc == 0)
		rc = flink_checkpoints_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}
