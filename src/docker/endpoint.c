/* DOCKER_HOST parsing and the default socket search. Mirrors the docker CLI
 * for unix:// and tcp:// (2375 plain, 2376 TLS; a bare host:port is tcp);
 * refuses what libcurl cannot reach (ssh://, npipe://, fd://). */
#include "docker/endpoint.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/xalloc.h"

const char *const docker_endpoint_search_order[] = {
	"/var/run/docker.sock",
	"$XDG_RUNTIME_DIR/docker.sock",
	"$HOME/.docker/desktop/docker.sock",
	"$HOME/.docker/run/docker.sock",
	NULL,
};

#define UNIX_PATH_MAX_LEN 107

static bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

void docker_env_from_process(struct docker_env *env)
{
	env->docker_host = getenv("DOCKER_HOST");
	env->tls_verify = getenv("DOCKER_TLS_VERIFY");
	env->tls = getenv("DOCKER_TLS");
	env->cert_path = getenv("DOCKER_CERT_PATH");
	env->xdg_runtime_dir = getenv("XDG_RUNTIME_DIR");
	env->home = getenv("HOME");
	env->exists = NULL;
}

static void endpoint_zero(struct docker_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
}

void docker_endpoint_release(struct docker_endpoint *ep)
{
	free(ep->host);
	free(ep->socket_path);
	free(ep->base_url);
	free(ep->ca_file);
	free(ep->cert_file);
	free(ep->key_file);
	free(ep->source);
	endpoint_zero(ep);
}

static int set_unix(struct docker_endpoint *ep, const char *path, const char *source,
		    struct error *err)
{
	if (path[0] != '/')
		return error_set(err, ERR_USAGE,
				 "DOCKER_HOST 'unix://%s' is not an absolute socket path "
				 "(use unix:///path/to/docker.sock)",
				 path);
	if (strlen(path) > UNIX_PATH_MAX_LEN)
		return error_set(err, ERR_USAGE,
				 "the socket path '%s' is longer than %d bytes, which "
				 "unix sockets cannot use (link it from a shorter path)",
				 path, UNIX_PATH_MAX_LEN);
	ep->socket_path = xstrdup(path);
	ep->host = xasprintf("unix://%s", path);
	ep->base_url = xstrdup("http://localhost");
	ep->source = xstrdup(source);
	return 0;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

static int set_tcp(struct docker_endpoint *ep, const struct docker_env *env,
		   const char *hostport, struct error *err)
{
	ep->tls_verify = nonempty(env->tls_verify);
	ep->tls = ep->tls_verify || nonempty(env->tls) || nonempty(env->cert_path);
	size_t n = strcspn(hostport, "/");
	if (n == 0)
		return error_set(
			err, ERR_USAGE,
			"DOCKER_HOST 'tcp://%s' names no host (use tcp://host:2376)",
			hostport);
	if (hostport[n] == '/' && hostport[n + 1] != '\0')
		return error_set(err, ERR_USAGE,
				 "DOCKER_HOST 'tcp://%s' has a path, which flink-cmd "
				 "does not support (use tcp://host:port)",
				 hostport);
	char *hp = xstrndup(hostport, n);
	const char *colon = strrchr(hp, ':');
	bool bracketed = hp[0] == '[';
	bool has_port = colon && (!bracketed || colon > strchr(hp, ']'));
	if (has_port) {
		const char *p = colon + 1;
		bool digits = *p != '\0';
		for (; *p; p++)
			if (*p < '0' || *p > '9')
				digits = false;
		if (!digits) {
			error_set(err, ERR_USAGE,
				  "DOCKER_HOST 'tcp://%s' has a bad port (use "
				  "tcp://host:2376)",
				  hostport);
			free(hp);
			return ERR_USAGE;
		}
	}
	const char *scheme = ep->tls ? "https" : "http";
	if (has_port)
		ep->base_url = xasprintf("%s://%s", scheme, hp);
	else
		ep->base_url = xasprintf("%s://%s:%d", scheme, hp, ep->tls ? 2376 : 2375);
	ep->host = xasprintf("tcp://%s", ep->base_url + strlen(scheme) + 3);
	free(hp);
	if (ep->tls) {
		char *dir = nonempty(env->cert_path)
				    ? xstrdup(env->cert_path)
				    : xasprintf("%s/.docker", env->home ? env->home : "");
		ep->ca_file = xasprintf("%s/ca.pem", dir);
		ep->cert_file = xasprintf("%s/cert.pem", dir);
		ep->key_file = xasprintf("%s/key.pem", dir);
		free(dir);
	}
	ep->source = xstrdup("DOCKER_HOST");
	return 0;
}

int docker_endpoint_resolve(const struct docker_env *env, struct docker_endpoint *ep,
			    struct error *err)
{
	endpoint_zero(ep);
	bool (*exists)(const char *) = env->exists ? env->exists : path_exists;
	const char *h = env->docker_host;
	int rc;

	if (nonempty(h)) {
		if (strncmp(h, "unix://", 7) == 0)
			rc = set_unix(ep, h + 7, "DOCKER_HOST", err);
		else if (strncmp(h, "tcp://", 6) == 0)
			rc = set_tcp(ep, env, h + 6, err);
		else if (strncmp(h, "http://", 7) == 0)
			rc = set_tcp(ep, env, h + 7, err);
		else if (strncmp(h, "ssh://", 6) == 0 || strncmp(h, "npipe://", 8) == 0 ||
			 strncmp(h, "fd://", 5) == 0)
			rc = error_set(
				err, ERR_USAGE,
				"DOCKER_HOST '%s' uses a scheme flink-cmd cannot "
				"reach (use unix:// or tcp://; for ssh, forward the "
				"socket with 'ssh -L')",
				h);
		else if (strstr(h, "://"))
			rc = error_set(err, ERR_USAGE,
				       "DOCKER_HOST '%s' has an unknown scheme "
				       "(use unix:///path or tcp://host:port)",
				       h);
		else
			rc = set_tcp(ep, env, h, err);
		if (rc < 0)
			docker_endpoint_release(ep);
		return rc;
	}

	for (const char *const *p = docker_endpoint_search_order; *p; p++) {
		char *path = NULL;
		if (strncmp(*p, "$XDG_RUNTIME_DIR", 16) == 0) {
			if (nonempty(env->xdg_runtime_dir))
				path = xasprintf("%s%s", env->xdg_runtime_dir, *p + 16);
		} else if (strncmp(*p, "$HOME", 5) == 0) {
			if (nonempty(env->home))
				path = xasprintf("%s%s", env->home, *p + 5);
		} else {
			path = xstrdup(*p);
		}
		if (path && exists(path)) {
			rc = set_unix(ep, path, "default socket", err);
			free(path);
			if (rc < 0)
				docker_endpoint_release(ep);
			return rc;
		}
		free(path);
	}
	return set_unix(ep, docker_endpoint_search_order[0],
			"default socket (none found)", err);
}
