/* The Docker Engine client: an endpoint, a transport, and the negotiated API
 * version. Every Engine call goes through docker_call/docker_stream, which
 * add the /vX.Y prefix and turn HTTP errors into one clear line. Knows
 * nothing of Flink or clusters; never prints.
 *
 * Threads: docker_client_connect fills the client once; from then on it is
 * never written, and any number of threads may call through it at once (the
 * transport hands each call its own handle from a pool under a lock).
 * Cancellation is per call, never a property of the client: the calls that
 * can take long (streams, container start and stop, exec, stats, build)
 * take a cancel token; the others end within their own timeout. */
#ifndef FC_DOCKER_CLIENT_H
#define FC_DOCKER_CLIENT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "docker/endpoint.h"
#include "util/cancel.h"
#include "util/error.h"
#include "util/http.h"

/* API versions flink-cmd speaks: Engine 20.10 (1.41) to 28.x (1.51). */
#define DOCKER_API_MIN "1.41"
#define DOCKER_API_MAX "1.51"

struct docker_client {
	struct http_transport *http; /* owned */
	char *host;                  /* endpoint as text, for messages; owned */
	char *socket_path;           /* for messages about unix sockets; owned or NULL */
	char api_version[16];        /* negotiated, e.g. "1.41"; empty before connect */
	char daemon_api_version[16]; /* what /_ping said */
};

/* A client for ep (copied) over libcurl. Free with docker_client_free. */
struct docker_client *docker_client_new(const struct docker_endpoint *ep);
/* A client over a given transport (taken over), for tests. */
struct docker_client *docker_client_new_with_transport(struct http_transport *t,
						       const char *host);
void docker_client_free(struct docker_client *c);

/* Pings the Engine and negotiates the API version. ERR_ENGINE when it cannot
 * be reached (the message names the endpoint and the fix), ERR_FAIL when it
 * is older than DOCKER_API_MIN. */
int docker_client_connect(struct docker_client *c, const struct cancel *cancel,
			  struct error *err);

/* Pure: the version to use given the daemon's Api-Version header (NULL or
 * empty means 1.24, as the Go client assumes). Writes "1.NN" into out. */
int docker_api_negotiate(const char *daemon_version, char *out, size_t outlen,
			 struct error *err);
/* Compares "1.NN" versions like strcmp. */
int docker_api_compare(const char *a, const char *b);
/* True when the negotiated version is at least v. */
int docker_api_at_least(const struct docker_client *c, const char *v);

/* Pure: fills err from an Engine error reply ({"message": ...} or text) and
 * returns the code: 404 ERR_NOTFOUND, 409 ERR_CONFLICT, others ERR_FAIL. */
int docker_error_from_reply(long status, const char *body, size_t len, struct error *err);

/* One request with a fixed JSON (or empty) body; path is unversioned
 * ("/containers/json?all=1"). 2xx and 304 return 0 with resp filled (the
 * caller releases it); other statuses return docker_error_from_reply. */
int docker_call(struct docker_client *c, const char *method, const char *path,
		const char *json_body, struct http_response *resp, struct error *err);

/* docker_call with a cJSON body (may be NULL) and the reply parsed into
 * *out (may be NULL to ignore it; the caller deletes it). */
int docker_call_json(struct docker_client *c, const char *method, const char *path,
		     const cJSON *body, cJSON **out, struct error *err);

/* A streamed request: req->path is unversioned and is prefixed here; the
 * caller sets read_body/on_data as needed. Error statuses are translated as
 * in docker_call (the error body is collected even with on_data set). */
int docker_stream(struct docker_client *c, struct http_request *req,
		  struct http_response *resp, struct error *err);

#endif
