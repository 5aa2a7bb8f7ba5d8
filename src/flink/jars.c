/* Jar upload and run. Flink's errors for a failed run hold a whole stack
 * trace per cause; the one line kept is the deepest cause's message, which
 * is what a user can act on ("ClassNotFoundException: x.Y"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flink/jars.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Like flink_error_from_reply, but with the root cause of a trace. */
static int run_error(long status, const char *body, size_t len, struct error *err)
{
	cJSON *root = len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *errors = json_get(root, "errors");
	char cause[ERROR_MSG_MAX] = "";
	const cJSON *e;
	/* the last error entry is usually the detailed trace */
	if (cJSON_IsArray(errors))
		cJSON_ArrayForEach (e, errors)
			if (cJSON_IsString(e) && e->valuestring[0])
				flink_trace_cause(e->valuestring, cause, sizeof(cause));
	cJSON_Delete(root);
	if (!cause[0])
		return flink_error_from_reply(status, body, len, err);
	return error_set(err,
			 status == 404   ? ERR_NOTFOUND
			 : status == 400 ? ERR_USAGE
					 : ERR_FAIL,
			 "%s", cause);
}

int flink_jar_upload(struct flink_client *c, const char *path, char **jar_id,
		     struct error *err)
{
	*jar_id = NULL;
	struct http_request req = {
		.method = "POST",
		.path = "/jars/upload",
		.form_file_path = path,
		.form_field = "jarfile",
		.form_content_type = "application/x-java-archive",
		.timeout_ms = 600000,
		.connect_timeout_ms = 2000,
		.cancel = c->cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = http_perform(c->http, &req, &resp, err);
	if (rc == 0 && (resp.status < 200 || resp.status >= 300))
		rc = run_error(resp.status, resp.body.buf, resp.body.len, err);
	cJSON *root = NULL;
	if (rc == 0)
		rc = json_parse(resp.body.buf, resp.body.len,
				"Flink's answer to the upload", &root, err);
	if (rc == 0) {
		const char *file = json_str(root, "filename");
		const char *slash = file ? strrchr(file, '/') : NULL;
		if (!file || !*file)
			rc = error_set(err, ERR_FAIL,
				       "Flink accepted the jar but named no file");
		else
			*jar_id = xstrdup(slash ? slash + 1 : file);
	}
	cJSON_Delete(root);
	http_response_release(&resp);
	return rc;
}

int flink_jar_delete(struct flink_client *c, const char *jar_id, struct error *err)
{
	char *path = xasprintf("/jars/%s", jar_id);
	int rc = flink_call(c, "DELETE", path, NULL, NULL, err);
	free(path);
	if (rc == ERR_NOTFOUND) {
		error_init(err);
		rc = 0;
	}
	return rc;
}

char *flink_run_request_json(const struct flink_run_request *r)
{
	cJSON *o = cJSON_CreateObject();
	if (r->entry_class)
		cJSON_AddStringToObject(o, "entryClass", r->entry_class);
	cJSON *args = cJSON_AddArrayToObject(o, "programArgsList");
	for (int i = 0; i < r->n_args; i++)
		cJSON_AddItemToArray(args, cJSON_CreateString(r->args[i]));
	if (r->parallelism > 0)
		cJSON_AddNumberToObject(o, "parallelism", r->parallelism);
	if (r->savepoint_path) {
		cJSON_AddStringToObject(o, "savepointPath", r->savepoint_path);
		cJSON_AddBoolToObject(o, "allowNonRestoredState",
				      r->allow_non_restored_state);
	}
	if (r->config && r->config->n > 0) {
		cJSON *conf = cJSON_AddObjectToObject(o, "flinkConfiguration");
		for (int i = 0; i < r->config->n; i++)
			cJSON_AddStringToObject(conf, r->config->keys[i],
						r->config->values[i]);
	}
	char *text = json_print(o);
	cJSON_Delete(o);
	return text;
}

int flink_jar_run(struct flink_client *c, const char *jar_id,
		  const struct flink_run_request *r, struct flink_id *job,
		  struct error *err)
{
	flink_id_set(job, NULL);
	char *path = xasprintf("/jars/%s/run", jar_id);
	char *body = flink_run_request_json(r);
	struct http_request req = {
		.method = "POST",
		.path = path,
		.content_type = "application/json",
		.body = body,
		.body_len = strlen(body),
		/* the job's main() runs inside this request */
		.timeout_ms = 300000,
		.connect_timeout_ms = 2000,
		.cancel = c->cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = http_perform(c->http, &req, &resp, err);
	if (rc == 0 && (resp.status < 200 || resp.status >= 300))
		rc = run_error(resp.status, resp.body.buf, resp.body.len, err);
	cJSON *root = NULL;
	if (rc == 0)
		rc = json_parse(resp.body.buf, resp.body.len, "Flink's answer to the run",
				&root, err);
	if (rc == 0) {
		const char *id = json_str(root, "jobid");
		if (!id || strlen(id) != 32)
			rc = error_set(err, ERR_FAIL,
				       "Flink ran the jar but named no job id");
		else
			flink_id_set(job, id);
	}
	cJSON_Delete(root);
	http_response_release(&resp);
	free(body);
	free(path);
	return rc;
}
