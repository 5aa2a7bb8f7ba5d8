/* Engine client: connection, API version negotiation, error translation.
 * Endpoint-specific advice (permissions, a missing socket) is given here,
 * once, so every command says the same thing. */
#include "docker/client.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/json.h"
#include "util/xalloc.h"

struct docker_client *docker_client_new(const struct docker_endpoint *ep)
{
	struct http_curl_config cfg = {
		.base_url = ep->base_url,
		.unix_socket = ep->socket_path,
		.ca_file = ep->ca_file,
		.cert_file = ep->cert_file,
		.key_file = ep->key_file,
		.tls_verify = ep->tls_verify,
		.unreachable_code = ERR_ENGINE,
		.what = "the Docker Engine",
	};
	struct docker_client *c =
		docker_client_new_with_transport(http_transport_curl_new(&cfg), ep->host);
	if (ep->socket_path)
		c->socket_path = xstrdup(ep->socket_path);
	return c;
}

struct docker_client *docker_client_new_with_transport(struct http_transport *t,
						       const char *host)
{
	struct docker_client *c = xcalloc(1, sizeof(*c));
	c->http = t;
	c->host = xstrdup(host ? host : "(unknown)");
	return c;
}

void docker_client_free(struct docker_client *c)
{
	if (!c)
		return;
	http_transport_free(c->http);
	free(c->host);
	free(c->socket_path);
	free(c);
}

static int parse_version(const char *v, int *major, int *minor)
{
	if (!v)
		return -1;
	char *end;
	errno = 0;
	long ma = strtol(v, &end, 10);
	if (end == v || *end != '.' || errno)
		return -1;
	const char *m = end + 1;
	long mi = strtol(m, &end, 10);
	if (end == m || *end != '\0' || errno || ma < 0 || mi < 0 || ma > 1000 ||
	    mi > 1000)
		return -1;
	*major = (int)ma;
	*minor = (int)mi;
	return 0;
}

int docker_api_compare(const char *a, const char *b)
{
	int amaj = 0, amin = 0, bmaj = 0, bmin = 0;
	parse_version(a, &amaj, &amin);
	parse_version(b, &bmaj, &bmin);
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

int docker_api_at_least(const struct docker_client *c, const char *v)
{
	return docker_api_compare(c->api_version, v) >= 0;
}

int docker_api_negotiate(const char *daemon_version, char *out, size_t outlen,
			 struct error *err)
{
	const char *dv = (daemon_version && *daemon_version) ? daemon_version : "1.24";
	int maj, min;
	if (parse_version(dv, &maj, &min) < 0)
		return error_set(err, ERR_FAIL,
				 "the Docker Engine reports API version '%s', which is "
				 "not of the form 1.NN",
				 dv);
	if (docker_api_compare(dv, DOCKER_API_MIN) < 0)
		return error_set(err, ERR_FAIL,
				 "the Docker Engine speaks API %s, older than the %s "
				 "flink-cmd needs (upgrade to Docker 20.10 or newer)",
				 dv, DOCKER_API_MIN);
	const char *use =
		docker_api_compare(dv, DOCKER_API_MAX) > 0 ? DOCKER_API_MAX : dv;
	if (strlen(use) + 1 > outlen)
		return error_set(err, ERR_FAIL, "API version buffer too small");
	snprintf(out, outlen, "%s", use);
	return 0;
}

static void lower_first(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
}

/* The Engine sometimes wraps an error in itself ("no such image: x: No such
 * image: x"); one copy says it. */
static void dedupe_halves(char *msg)
{
	size_t n = strlen(msg);
	for (size_t i = 1; i + 2 < n; i++) {
		if (msg[i] != ':' || msg[i + 1] != ' ')
			continue;
		if (n - (i + 2) == i && strncasecmp(msg, msg + i + 2, i) == 0) {
			msg[i] = '\0';
			return;
		}
	}
}

int docker_error_from_reply(long status, const char *body, size_t len, struct error *err)
{
	int code = status == 404 ? ERR_NOTFOUND : status == 409 ? ERR_CONFLICT : ERR_FAIL;
	char msg[ERROR_MSG_MAX] = "";
	cJSON *root = len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
	bool json = root != NULL;
	const char *m = json_str(root, "message");
	if (m)
		snprintf(msg, sizeof(msg), "%s", m);
	cJSON_Delete(root);
	if (!json && len > 0) {
		/* a plain-text reply (proxies, old daemons): first line only; body
		 * is len bytes, not a C string */
		size_t n = 0;
		while (n < len && body[n] != '\r' && body[n] != '\n' && body[n] != '\0')
			n++;
		if (n >= sizeof(msg))
			n = sizeof(msg) - 1;
		memcpy(msg, body, n);
		msg[n] = '\0';
	}
	if (!msg[0])
		return error_set(err, code,
				 "the Docker Engine answered HTTP %ld with no message",
				 status);
	dedupe_halves(msg);
	lower_first(msg);
	return error_set(err, code, "%s", msg);
}

/* Says why a unix socket cannot be used, with the fix. */
static int socket_advice(const char *path, struct error *err)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	int e = errno;
	close(fd);
	if (rc == 0)
		return 0;
	if (e == ENOENT)
		return error_set(err, ERR_ENGINE,
				 "cannot reach the Docker Engine at '%s': no such socket "
				 "(start the Engine, e.g. 'sudo systemctl start docker', "
				 "or set DOCKER_HOST)",
				 path);
	if (e == EACCES || e == EPERM)
		return error_set(
			err, ERR_ENGINE,
			"cannot reach the Docker Engine at '%s': permission denied "
			"(add yourself to the 'docker' group or set DOCKER_HOST)",
			path);
	if (e == ECONNREFUSED)
		return error_set(
			err, ERR_ENGINE,
			"cannot reach the Docker Engine at '%s': connection refused "
			"(the Engine is not running; start it, e.g. 'sudo systemctl "
			"start docker')",
			path);
	return error_set(err, ERR_ENGINE, "cannot reach the Docker Engine at '%s': %s",
			 path, strerror(e));
}

int docker_client_connect(struct docker_client *c, const struct cancel *cancel,
			  struct error *err)
{
	struct http_request req = {
		.method = "GET",
		.path = "/_ping",
		.timeout_ms = 10000,
		.cancel = cancel,
	};
	struct http_response resp;
	http_response_init(&resp);
	int rc = http_perform(c->http, &req, &resp, err);
	if (rc == ERR_ENGINE && c->socket_path) {
		int advice = socket_advice(c->socket_path, err);
		if (advice < 0)
			rc = advice;
	}
	if (rc == ERR_ENGINE && !c->socket_path && err) {
		char first[ERROR_MSG_MAX];
		snprintf(first, sizeof(first), "%s", err->msg);
		error_set(err, ERR_ENGINE,
			  "%s (is the Engine listening there? check DOCKER_HOST)", first);
	}
	if (rc < 0)
		goto out;
	if (resp.status != 200 && resp.status != 500) {
		rc = error_set(err, ERR_ENGINE,
			       "'%s' did not answer like a Docker Engine (HTTP %ld to "
			       "/_ping; check DOCKER_HOST)",
			       c->host, resp.status);
		goto out;
	}
	snprintf(c->daemon_api_version, sizeof(c->daemon_api_version), "%s",
		 resp.api_version ? resp.api_version : "");
	rc = docker_api_negotiate(resp.api_version, c->api_version,
				  sizeof(c->api_version), err);
out:
	http_response_release(&resp);
	return rc;
}

static char *versioned(const struct docker_client *c, const char *path)
{
	return xasprintf("/v%s%s", c->api_version[0] ? c->api_version : DOCKER_API_MIN,
			 path);
}

int docker_stream(struct docker_client *c, struct http_request *req,
		  struct http_response *resp, struct error *err)
{
	const char *unversioned = req->path;
	char *path = versioned(c, unversioned);
	req->path = path;
	int rc = http_perform(c->http, req, resp, err);
	req->path = unversioned;
	free(path);
	if (rc < 0)
		return rc;
	if (resp->status >= 200 && resp->status < 300)
		return 0;
	if (resp->status == 304)
		return 0;
	return docker_error_from_reply(resp->status, resp->body.buf, resp->body.len, err);
}

int docker_call(struct docker_client *c, const char *method, const char *path,
		const char *json_body, struct http_response *resp, struct error *err)
{
	struct http_request req = {
		.method = method,
		.path = path,
		.content_type = json_body ? "application/json" : NULL,
		.body = json_body,
		.body_len = json_body ? strlen(json_body) : 0,
		.timeout_ms = 120000,
	};
	return docker_stream(c, &req, resp, err);
}

int docker_call_json(struct docker_client *c, const char *method, const char *path,
		     const cJSON *body, cJSON **out, struct error *err)
{
	char *text = body ? json_print(body) : NULL;
	struct http_response resp;
	http_response_init(&resp);
	if (out)
		*out = NULL;
	int rc = docker_call(c, method, path, text, &resp, err);
	if (rc == 0 && out && resp.status != 304 && resp.body.len > 0)
		rc = json_parse(resp.body.buf, resp.body.len,
				"the Docker Engine's answer", out, err);
	free(text);
	http_response_release(&resp);
	return rc;
}
