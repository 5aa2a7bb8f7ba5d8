/* Parser and call for GET /jobs/:id/checkpoints. */
#include "flink/checkpoints.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

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

int flink_checkpoints_get(struct flink_client *c, const struct flink_id *job,
			  struct flink_checkpoint_stats *out, struct error *err)
{
	char *path = xasprintf("/jobs/%s/checkpoints", job->hex);
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
