/* Container calls. Create bodies are built as cJSON and printed once; list
 * and inspect replies are parsed into owned structs and the tree deleted in
 * the same function (STYLE 8). */
#include "docker/container.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/xalloc.h"

static cJSON *string_array(const char *const *items)
{
	cJSON *arr = cJSON_CreateArray();
	for (const char *const *p = items; p && *p; p++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*p));
	return arr;
}

cJSON *docker_container_spec_json(const struct docker_container_spec *s)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "Image", s->image);
	if (s->hostname)
		cJSON_AddStringToObject(body, "Hostname", s->hostname);
	if (s->cmd)
		cJSON_AddItemToObject(body, "Cmd", string_array(s->cmd));
	if (s->env) {
		cJSON *env = cJSON_AddArrayToObject(body, "Env");
		for (int i = 0; i < s->env->n; i++) {
			char *kv = xasprintf("%s=%s", s->env->keys[i], s->env->values[i]);
			cJSON_AddItemToArray(env, cJSON_CreateString(kv));
			free(kv);
		}
	}
	if (s->labels)
		cJSON_AddItemToObject(body, "Labels", kvlist_to_json(s->labels));
	if (s->stop_timeout > 0)
		cJSON_AddNumberToObject(body, "StopTimeout", s->stop_timeout);
	cJSON *exposed = cJSON_AddObjectToObject(body, "ExposedPorts");
	cJSON *host = cJSON_AddObjectToObject(body, "HostConfig");
	cJSON *bindings = cJSON_AddObjectToObject(host, "PortBindings");
	for (int i = 0; i < s->n_ports; i++) {
		const struct docker_port_binding *p = &s->ports[i];
		cJSON_AddItemToObject(exposed, p->container_port, cJSON_CreateObject());
		cJSON *list = cJSON_AddArrayToObject(bindings, p->container_port);
		cJSON *b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "HostIp",
					p->host_ip ? p->host_ip : "127.0.0.1");
		cJSON_AddStringToObject(b, "HostPort", p->host_port ? p->host_port : "");
		cJSON_AddItemToArray(list, b);
	}
	if (s->n_mounts > 0) {
		cJSON *mounts = cJSON_AddArrayToObject(host, "Mounts");
		for (int i = 0; i < s->n_mounts; i++) {
			cJSON *m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "Type", "volume");
			cJSON_AddStringToObject(m, "Source", s->mounts[i].volume);
			cJSON_AddStringToObject(m, "Target", s->mounts[i].target);
			cJSON_AddBoolToObject(m, "ReadOnly", s->mounts[i].read_only);
			cJSON_AddItemToArray(mounts, m);
		}
	}
	if (s->memory > 0)
		json_add_i64(host, "Memory", s->memory);
	if (s->init)
		cJSON_AddBoolToObject(host, "Init", true);
	if (s->network) {
		cJSON_AddStringToObject(host, "NetworkMode", s->network);
		cJSON *net = cJSON_AddObjectToObject(body, "NetworkingConfig");
		cJSON *eps = cJSON_AddObjectToObject(net, "EndpointsConfig");
		cJSON *ep = cJSON_AddObjectToObject(eps, s->network);
		if (s->aliases)
			cJSON_AddItemToObject(ep, "Aliases", string_array(s->aliases));
	}
	return body;
}

static char *id_path(const char *fmt, const char *id)
{
	/* IDs and names are [a-zA-Z0-9_.-]; anything else would be a bug upstream */
	return xasprintf(fmt, id);
}

int docker_container_create(struct docker_client *c,
			    const struct docker_container_spec *spec, char **id,
			    struct error *err)
{
	*id = NULL;
	cJSON *body = docker_container_spec_json(spec);
	char *name = http_escape(spec->name);
	char *path = xasprintf("/containers/create?name=%s", name);
	cJSON *reply = NULL;
	int rc = docker_call_json(c, "POST", path, body, &reply, err);
	if (rc == 0) {
		const char *s = json_str(reply, "Id");
		if (s)
			*id = xstrdup(s);
		else
			rc = error_set(err, ERR_FAIL,
				       "the Engine created '%s' but gave no Id",
				       spec->name);
	}
	cJSON_Delete(reply);
	cJSON_Delete(body);
	free(name);
	free(path);
	return rc;
}

static int simple_post(struct docker_client *c, const char *path,
		       const struct cancel *cancel, struct error *err)
{
	struct http_request req = {
		.method = "POST",
		.path = path,
		.timeout_ms = 120000,
		.cancel = cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_stream(c, &req, &resp, err);
	http_response_release(&resp);
	return rc;
}

int docker_container_start(struct docker_client *c, const char *id,
			   const struct cancel *cancel, struct error *err)
{
	char *path = id_path("/containers/%s/start", id);
	int rc = simple_post(c, path, cancel, err);
	free(path);
	return rc;
}

int docker_container_stop(struct docker_client *c, const char *id, int timeout_s,
			  const struct cancel *cancel, struct error *err)
{
	char *path = xasprintf("/containers/%s/stop?t=%d", id, timeout_s);
	int rc = simple_post(c, path, cancel, err);
	free(path);
	return rc;
}

int docker_container_kill(struct docker_client *c, const char *id, const char *signal,
			  struct error *err)
{
	char *path = xasprintf("/containers/%s/kill?signal=%s", id, signal);
	int rc = simple_post(c, path, NULL, err);
	free(path);
	return rc;
}

int docker_container_remove(struct docker_client *c, const char *id, bool force,
			    struct error *err)
{
	char *path = xasprintf("/containers/%s?force=%d&v=1", id, force ? 1 : 0);
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "DELETE", path, NULL, &resp, err);
	http_response_release(&resp);
	free(path);
	if (rc == ERR_NOTFOUND) {
		error_init(err);
		rc = 0;
	}
	/* "removal already in progress" (AutoRemove, a racing down): gone soon */
	if (rc == ERR_CONFLICT && err && strstr(err->msg, "already in progress")) {
		error_init(err);
		rc = 0;
	}
	return rc;
}

void docker_container_list_free(struct docker_container_summary *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].name);
		free(list[i].image);
		free(list[i].state);
		free(list[i].status);
		free(list[i].public_ip);
		kvlist_release(&list[i].labels);
	}
	free(list);
}

static char *dup_or_empty(const cJSON *o, const char *key)
{
	const char *s = json_str(o, key);
	return xstrdup(s ? s : "");
}

int docker_container_list_parse(const char *buf, size_t len, int private_port,
				struct docker_container_summary **out, int *n,
				struct error *err)
{
	*out = NULL;
	*n = 0;
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's container list", &root, err);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		return error_set(err, ERR_FAIL,
				 "the Engine's container list is not an array");
	}
	int count = cJSON_GetArraySize(root);
	struct docker_container_summary *list =
		xcalloc((size_t)(count ? count : 1), sizeof(*list));
	int i = 0;
	const cJSON *ct;
	cJSON_ArrayForEach (ct, root) {
		struct docker_container_summary *s = &list[i++];
		s->id = dup_or_empty(ct, "Id");
		const cJSON *names = json_get(ct, "Names");
		const cJSON *first =
			cJSON_IsArray(names) ? cJSON_GetArrayItem(names, 0) : NULL;
		const char *nm = cJSON_IsString(first) ? first->valuestring : "";
		s->name = xstrdup(nm[0] == '/' ? nm + 1 : nm);
		s->image = dup_or_empty(ct, "Image");
		s->state = dup_or_empty(ct, "State");
		s->status = dup_or_empty(ct, "Status");
		s->created = json_i64(ct, "Created", 0);
		kvlist_init(&s->labels);
		kvlist_from_json(&s->labels, json_get(ct, "Labels"));
		const cJSON *p;
		cJSON_ArrayForEach (p, json_get(ct, "Ports")) {
			int priv = json_int(p, "PrivatePort", 0);
			int pub = json_int(p, "PublicPort", 0);
			const char *ip = json_str(p, "IP");
			/* with IPv6 there are two bindings; report the IPv4 one */
			if (private_port && priv == private_port && pub &&
			    (!s->public_ip || (ip && !strchr(ip, ':')))) {
				s->public_port = pub;
				free(s->public_ip);
				s->public_ip = xstrdup(ip ? ip : "");
			}
		}
	}
	cJSON_Delete(root);
	*out = list;
	*n = count;
	return 0;
}

int docker_container_list(struct docker_client *c, const char *const *labels,
			  int private_port, struct docker_container_summary **out, int *n,
			  struct error *err)
{
	cJSON *filters = cJSON_CreateObject();
	cJSON_AddItemToObject(filters, "label", string_array(labels));
	char *ftext = json_print(filters);
	cJSON_Delete(filters);
	char *fesc = http_escape(ftext);
	char *path = xasprintf("/containers/json?all=1&filters=%s", fesc);
	free(ftext);
	free(fesc);
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", path, NULL, &resp, err);
	if (rc == 0)
		rc = docker_container_list_parse(resp.body.buf, resp.body.len,
						 private_port, out, n, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

void docker_container_info_release(struct docker_container_info *info)
{
	free(info->id);
	free(info->name);
	free(info->state);
	free(info->started_at);
	free(info->finished_at);
	kvlist_release(&info->labels);
	memset(info, 0, sizeof(*info));
}

int docker_container_info_parse(const char *buf, size_t len, const char *private_port,
				struct docker_container_info *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	kvlist_init(&out->labels);
	cJSON *root;
	int rc = json_parse(buf, len, "the Engine's container description", &root, err);
	if (rc < 0)
		return rc;
	out->id = dup_or_empty(root, "Id");
	const char *nm = json_str(root, "Name");
	out->name = xstrdup(nm ? (nm[0] == '/' ? nm + 1 : nm) : "");
	const cJSON *st = json_get(root, "State");
	out->state = dup_or_empty(st, "Status");
	out->running = json_bool(st, "Running", false);
	out->exit_code = json_int(st, "ExitCode", 0);
	out->oom_killed = json_bool(st, "OOMKilled", false);
	out->started_at = dup_or_empty(st, "StartedAt");
	out->finished_at = dup_or_empty(st, "FinishedAt");
	const cJSON *cfg = json_get(root, "Config");
	out->tty = json_bool(cfg, "Tty", false);
	kvlist_from_json(&out->labels, json_get(cfg, "Labels"));
	if (private_port) {
		const cJSON *ports = json_get(json_get(root, "NetworkSettings"), "Ports");
		const cJSON *b;
		cJSON_ArrayForEach (b, json_get(ports, private_port)) {
			const char *hp = json_str(b, "HostPort");
			const char *ip = json_str(b, "HostIp");
			if (hp && (!out->host_port || (ip && !strchr(ip, ':'))))
				out->host_port = (int)strtol(hp, NULL, 10);
		}
	}
	cJSON_Delete(root);
	if (!out->id[0]) {
		docker_container_info_release(out);
		return error_set(err, ERR_FAIL,
				 "the Engine's container description has no Id");
	}
	return 0;
}

int docker_container_inspect(struct docker_client *c, const char *id,
			     const char *private_port, struct docker_container_info *out,
			     struct error *err)
{
	char *path = id_path("/containers/%s/json", id);
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_call(c, "GET", path, NULL, &resp, err);
	if (rc == 0)
		rc = docker_container_info_parse(resp.body.buf, resp.body.len,
						 private_port, out, err);
	http_response_release(&resp);
	free(path);
	return rc;
}

int docker_container_put_archive(struct docker_client *c, const char *id, const char *dir,
				 const void *tar, size_t len, struct error *err)
{
	char *edir = http_escape(dir);
	char *path = xasprintf("/containers/%s/archive?path=%s", id, edir);
	struct http_request req = {
		.method = "PUT",
		.path = path,
		.content_type = "application/x-tar",
		.body = tar,
		.body_len = len,
		.timeout_ms = 60000,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_stream(c, &req, &resp, err);
	http_response_release(&resp);
	free(path);
	free(edir);
	return rc;
}

struct logs_stream {
	struct docker_logframe_reader frames;
	docker_logframe_cb cb;
	void *cb_ctx;
	bool tty;
};

static int on_logs_data(void *arg, const char *data, size_t len, struct error *err)
{
	struct logs_stream *st = arg;
	if (st->tty)
		return st->cb(st->cb_ctx, DOCKER_LOG_STDOUT, data, len, err);
	return docker_logframe_reader_feed(&st->frames, data, len, st->cb, st->cb_ctx,
					   err);
}

int docker_container_logs(struct docker_client *c, const char *id,
			  const struct docker_logs_opts *o, docker_logframe_cb cb,
			  void *cb_ctx, struct error *err)
{
	char tail[16] = "all";
	if (o->tail >= 0)
		snprintf(tail, sizeof(tail), "%d", o->tail);
	char *path = xasprintf("/containers/%s/logs?stdout=1&stderr=1&follow=%d&tail=%s"
			       "&timestamps=%d",
			       id, o->follow ? 1 : 0, tail, o->timestamps ? 1 : 0);
	struct logs_stream st = {.cb = cb, .cb_ctx = cb_ctx, .tty = o->tty};
	docker_logframe_reader_init(&st.frames);
	struct http_request req = {
		.method = "GET",
		.path = path,
		.on_data = on_logs_data,
		.data_ctx = &st,
		.cancel = o->cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = docker_stream(c, &req, &resp, err);
	if (rc == 0 && !st.tty)
		rc = docker_logframe_reader_finish(&st.frames, err);
	http_response_release(&resp);
	free(path);
	return rc;
}
