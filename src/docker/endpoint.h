/* Where the Docker Engine is: DOCKER_HOST (unix://, tcp://, with TLS from
 * DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH), or, when it is unset,
 * the first socket that exists among the usual places. Resolution is pure
 * given a struct docker_env, so tests can drive it. Does not connect. */
#ifndef FC_DOCKER_ENDPOINT_H
#define FC_DOCKER_ENDPOINT_H

#include <stdbool.h>

#include "util/error.h"

/* The environment that decides the endpoint; all strings borrowed, any NULL. */
struct docker_env {
	const char *docker_host;
	const char *tls_verify; /* DOCKER_TLS_VERIFY */
	const char *tls;        /* DOCKER_TLS */
	const char *cert_path;  /* DOCKER_CERT_PATH */
	const char *xdg_runtime_dir;
	const char *home;
	/* returns true when path exists (any file type); NULL: stat(2) */
	bool (*exists)(const char *path);
};

struct docker_endpoint {
	char *host; /* canonical form, "unix:///var/run/docker.sock" or "tcp://h:p"; owned
		     */
	char *socket_path; /* for unix://, owned; else NULL */
	char *base_url;    /* "http://localhost" or "http(s)://h:p"; owned */
	bool tls;
	bool tls_verify;
	char *ca_file, *cert_file, *key_file; /* owned, set when tls */
	char *source; /* how it was chosen, e.g. "DOCKER_HOST", "default socket"; owned */
};

/* The places tried, in order, when DOCKER_HOST is unset (for doctor and the
 * man page): system socket, rootless, Docker Desktop (Linux, macOS). */
extern const char *const docker_endpoint_search_order[];

/* Fills the process environment into env. */
void docker_env_from_process(struct docker_env *env);

/* Resolves env into ep (init'ed here; release with docker_endpoint_release).
 * ERR_USAGE for a malformed DOCKER_HOST or an unsupported scheme (ssh://,
 * npipe://, fd://), with the remedy. When DOCKER_HOST is unset and no socket
 * exists, ep is the system socket and the caller will fail to connect,
 * which is where the message about it belongs. */
int docker_endpoint_resolve(const struct docker_env *env, struct docker_endpoint *ep,
			    struct error *err);
void docker_endpoint_release(struct docker_endpoint *ep);

#endif
