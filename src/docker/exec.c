/* Exec: create, start attached (the output arrives as multiplexed frames
 * until the command ends), then inspect for the exit code. */
#include <stdlib.h>
#include <string.h>

#include "docker/exec.h"
#include "docker/logframe.h"
#include "util/json.h"
#include "util/xalloc.h"

struct exec_output {
	struct docker_logframe_reader frames;
	struct strbuf *out, *err;
};

static int on_frame(void *arg, enum docker_log_stream s, const char *data, size_t len,
		    struct error *err)
{
	struct exec_output *o = arg;
	struct strbuf *dst = s == DOCKER_LOG_STDERR ? o->err : o->out;
	if (dst && strbuf_add(dst, data, len) < 0)
		return error_set(err, ERR_FAIL, "the command's output passed %zu bytes",
				 dst->cap);
	return 0;
}

static int on_data(void *arg, const char *data, size_t len, struct error *err)
{
	struct exec_output *o = arg;
	return docker_logframe_reader_feed(&o->frames, data, len, on_frame, o, err);
}

int docker_exec_run(struct docker_client *c, const char *id, const char *user,
		    const char *const *argv, struct strbuf *out, struct strbuf *err_out,
		    int *exit_code, const struct cancel *cancel, struct error *err)
{
	*exit_code = -1;
	cJSON *body = cJSON_CreateObject();
	cJSON_AddBoolToObject(body, "AttachStdout", true);
	cJSON_AddBoolToObject(body, "AttachStderr", true);
	if (user)
		cJSON_AddStringToObject(body, "User", user);
	cJSON *cmd = cJSON_AddArrayToObject(body, "Cmd");
	for (int i = 0; argv[i]; i++)
		cJSON_AddItemToArray(cmd, cJSON_CreateString(argv[i]));
	char *path = xasprintf("/containers/%s/exec", id);
	cJSON *reply = NULL;
	int rc = docker_call_json(c, "POST", path, body, &reply, err);
	cJSON_Delete(body);
	free(path);
	if (rc < 0)
		return rc;
	const char *eid = json_str(reply, "Id");
	char *exec_id = eid ? xstrdup(eid) : NULL;
	cJSON_Delete(reply);
	if (!exec_id)
		return error_set(err, ERR_ENGINE,
				 "the Engine created an exec without an id");

	path = xasprintf("/exec/%s/start", exec_id);
	static const char start[] = "{\"Detach\":false,\"Tty\":false}";
	struct exec_output o = {.out = out, .err = err_out};
	docker_logframe_reader_init(&o.frames);
	struct http_request req = {
		.method = "POST",
		.path = path,
		.content_type = "application/json",
		.body = start,
		.body_len = sizeof(start) - 1,
		.on_data = on_data,
		.data_ctx = &o,
		.timeout_ms = 60000,
		.cancel = cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	rc = docker_stream(c, &req, &resp, err);
	if (rc == 0)
		rc = docker_logframe_reader_finish(&o.frames, err);
	http_response_release(&resp);
	free(path);
	if (rc == 0) {
		path = xasprintf("/exec/%s/json", exec_id);
		rc = docker_call_json(c, "GET", path, NULL, &reply, err);
		free(path);
		if (rc == 0) {
			*exit_code = json_int(reply, "ExitCode", -1);
			cJSON_Delete(reply);
		}
	}
	free(exec_id);
	return rc;
}
