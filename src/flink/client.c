/* The Flink REST client's transport, errors and cluster-level reads. */
#include "flink/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

struct flink_client *flink_client_new(const char *base_url, const struct cancel *cancel)
{
	struct http_curl_config cfg = {
		.base_url = base_url,
		.unreachable_code = ERR_FAIL,
		.what = "Flink",
	};
	return flink_client_new_with_transport(http_transport_curl_new(&cfg), base_url,
					       cancel);
}

struct flink_client *flink_client_new_with_transport(struct http_transport *t,
						     const char *base_url,
						     const struct cancel *cancel)
{
	struct flink_client *c = xcalloc(1, sizeof(*c));
	c->http = t;
	c->base_url = xstrdup(base_url);
	c->timeout_ms = 10000;
	c->cancel = cancel;
	return c;
}

void flink_client_free(struct flink_client *c)
{
	if (!c)
		return;
	http_transport_free(c->http);
	free(c->base_url);
	free(c);
}

int flink_error_from_reply(long status, const char *body, size_t len, struct error *err)
{
	int code = status == 404 ? ERR_NOTFOUND : status == 400 ? ERR_USAGE : ERR_FAIL;
	char msg[ERROR_MSG_MAX] = "";
	cJSON *root = len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *errors = json_get(root, "errors");
	const cJSON *first = cJSON_IsArray(errors) ? cJSON_GetArrayItem(errors, 0) : NULL;
	if (cJSON_IsString(first)) {
		/* internal errors carry a stack trace after the first line */
		size_t n = strcspn(first->valuestring, "\n");
		if (n >= sizeof(msg))
			n = sizeof(msg) - 1;
		memcpy(msg, first->valuestring, n);
		msg[n] = '\0';
	}
	cJSON_Delete(root);
	if (!msg[0])
		return error_set(err, code, "Flink answered HTTP %ld", status);
	return error_set(err, code, "%s", msg);
}

void flink_trace_cause(const char *trace, char *out, size_t n)
{
	const char *best = trace, *p = trace;
	while ((p = strstr(p, "Caused by: ")) != NULL) {
		best = p + strlen("Caused by: ");
		p = best;
	}
	size_t len = strcspn(best, "\r\n");
	if (len >= n)
		len = n - 1;
	memcpy(out, best, len);
	out[len] = '\0';
}

int flink_call(struct flink_client *c, const char *method, const char *path,
	       const cJSON *body, cJSON **out, struct error *err)
{
	if (out)
		*out = NULL;
	char *text = body ? json_print(body) : NULL;
	struct http_request req = {
		.method = method,
		.path = path,
		.content_type = text ? "application/json" : NULL,
		.body = text,
		.body_len = text ? strlen(text) : 0,
		.timeout_ms = c->timeout_ms,
		.connect_timeout_ms = 2000,
		.cancel = c->cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = http_perform(c->http, &req, &resp, err);
	if (rc == 0 && (resp.status < 200 || resp.status >= 300))
		rc = flink_error_from_reply(resp.status, resp.body.buf, resp.body.len,
					    err);
	if (rc == 0 && out && resp.body.len > 0)
		rc = json_parse(resp.body.buf, resp.body.len, "Flink's answer", out, err);
	http_response_release(&resp);
	free(text);
	return rc;
}

int flink_overview_parse(const char *buf, size_t len, struct flink_overview *out,
			 struct error *err)
{
	memset(out, 0, sizeof(*out));
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's /overview", &root, err);
	if (rc < 0)
		return rc;
	if (!json_get(root, "taskmanagers")) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "Flink's /overview has no 'taskmanagers'");
	}
	out->taskmanagers = json_int(root, "taskmanagers", 0);
	out->slots_total = json_int(root, "slots-total", 0);
	out->slots_available = json_int(root, "slots-available", 0);
	out->jobs_running = json_int(root, "jobs-running", 0);
	out->jobs_finished = json_int(root, "jobs-finished", 0);
	out->jobs_cancelled = json_int(root, "jobs-cancelled", 0);
	out->jobs_failed = json_int(root, "jobs-failed", 0);
	const char *v = json_str(root, "flink-version");
	snprintf(out->flink_version, sizeof(out->flink_version), "%s", v ? v : "");
	cJSON_Delete(root);
	return 0;
}

int flink_get(struct flink_client *c, const char *path, struct http_response *resp,
	      struct error *err)
{
	struct http_request req = {
		.method = "GET",
		.path = path,
		.timeout_ms = c->timeout_ms,
		.connect_timeout_ms = 2000,
		.cancel = c->cancel,
	};
	int rc = http_perform(c->http, &req, resp, err);
	if (rc == 0 && (resp->status < 200 || resp->status >= 300))
		rc = flink_error_from_reply(resp->status, resp->body.buf, resp->body.len,
					    err);
	return rc;
}

int flink_overview_get(struct flink_client *c, struct flink_overview *out,
		       struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	int rc = flink_get(c, "/overview", &resp, err);
	if (rc == 0)
		rc = flink_overview_parse(resp.body.buf, resp.body.len, out, err);
	http_response_release(&resp);
	return rc;
}

void flink_taskmanagers_free(struct flink_taskmanager *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].path);
	}
	free(list);
}

int flink_taskmanagers_parse(const char *buf, size_t len, struct flink_taskmanager **out,
			     int *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	cJSON *root;
	int rc = json_parse(buf, len, "Flink's /taskmanagers", &root, err);
	if (rc < 0)
		return rc;
	const cJSON *arr = json_get(root, "taskmanagers");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL, "Flink's /taskmanagers has no list");
	}
	int count = cJSON_GetArraySize(arr);
	struct flink_taskmanager *list =
		xcalloc((size_t)(count ? count : 1), sizeof(*list));
	int i = 0;
	const cJSON *tm;
	cJSON_ArrayForEach (tm, arr) {
		const char *id = json_str(tm, "id");
		const char *path = json_str(tm, "path");
		list[i].id = xstrdup(id ? id : "");
		list[i].path = xstrdup(path ? path : "");
		list[i].slots = json_int(tm, "slotsNumber", 0);
		list[i].free_slots = json_int(tm, "freeSlots", 0);
		list[i].last_heartbeat = json_i64(tm, "timeSinceLastHeartbeat", 0);
		i++;
	}
	cJSON_Delete(root);
	*out = list;
	*n = count;
	return 0;
}

int flink_taskmanagers_get(struct flink_client *c, struct flink_taskmanager **out, int *n,
			   struct error *err)
{
	struct http_response resp;
	http_response_init(&resp);
	int rc = flink_get(c, "/taskmanagers", &resp, err);
	if (rc == 0)
		rc = flink_taskmanagers_parse(resp.body.buf, resp.body.len, out, n, err);
	http_response_release(&resp);
	return rc;
}
