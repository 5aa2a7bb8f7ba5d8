/* One HTTP transport for every call the program makes (Engine and Flink):
 * a struct of function pointers, so unit tests can serve recorded responses.
 * The libcurl implementation lives in http_curl.c. Knows nothing of Docker
 * or Flink; never prints. */
#ifndef FC_UTIL_HTTP_H
#define FC_UTIL_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/cancel.h"
#include "util/error.h"
#include "util/strbuf.h"

/* Pulls the next request body bytes into buf (at most size). Returns the
 * count, 0 at the end, or <0 after filling err (the transfer is aborted). */
typedef ssize_t (*http_read_fn)(void *ctx, char *buf, size_t size, struct error *err);
/* Receives response body bytes as they arrive, in arbitrary slices. Returns
 * 0, or <0 after filling err to abort the transfer. */
typedef int (*http_data_fn)(void *ctx, const char *data, size_t len, struct error *err);

struct http_request {
	const char *method; /* "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH" */
	const char *path;   /* from the first '/', query included, already escaped */
	const char *content_type; /* NULL: none sent */
	const char *body;         /* fixed body (borrowed), or NULL */
	size_t body_len;
	http_read_fn read_body; /* streamed body, sent chunked; or NULL */
	void *read_ctx;
	http_data_fn on_data; /* streamed response; NULL: kept in response body.
			       * A reply with status >= 300 is always kept in the
			       * response body, never streamed, so it can be explained */
	void *data_ctx;
	const char *const
		*headers; /* extra "Name: value" lines, NULL-terminated, or NULL */
	/* multipart/form-data upload of one file (Flink's /jars/upload) */
	const char *form_file_path;
	const char *form_field;
	const char *form_content_type;
	long timeout_ms;         /* whole transfer; 0: none (streams) */
	long connect_timeout_ms; /* 0: the transport's default */
	/* when requested, the transfer stops (ERR_INTERRUPTED); NULL: never */
	const struct cancel *cancel;
};

struct http_response {
	long status;        /* HTTP status, 0 when no response */
	struct strbuf body; /* the body when the request had no on_data */
	char *api_version;  /* the Api-Version header (any case), owned, or NULL */
	char *content_type; /* owned, or NULL */
};

void http_response_init(struct http_response *resp);
void http_response_release(struct http_response *resp);

struct http_transport_ops {
	/* Performs one request. Returns 0 when a response arrived (any status),
	 * ERR_ENGINE-class negative codes when none did (connection refused,
	 * no such socket, ...), filling err. Must be safe to call from several
	 * threads at once on the same transport. */
	int (*perform)(void *ctx, const struct http_request *req,
		       struct http_response *resp, struct error *err);
	void (*free)(void *ctx);
};

struct http_transport {
	const struct http_transport_ops *ops;
	void *ctx; /* owned by the transport */
};

/* How to reach a server with libcurl. Strings are borrowed for the call. */
struct http_curl_config {
	const char *base_url;    /* "http://localhost" or "https://host:2376" */
	const char *unix_socket; /* path, or NULL for TCP */
	const char *ca_file;     /* TLS: PEM files, or NULL */
	const char *cert_file;
	const char *key_file;
	bool tls_verify;      /* verify the peer (and host name) */
	int unreachable_code; /* code for "no response": ERR_ENGINE or ERR_FAIL */
	const char *what;     /* "the Docker Engine", "Flink" — for messages */
};

/* A libcurl transport; free with http_transport_free. Thread-safe: each
 * perform takes an easy handle from a small locked pool, so connections are
 * reused across calls. */
struct http_transport *http_transport_curl_new(const struct http_curl_config *cfg);
void http_transport_free(struct http_transport *t);

/* Shorthand for t->ops->perform. */
int http_perform(struct http_transport *t, const struct http_request *req,
		 struct http_response *resp, struct error *err);

/* libcurl's global init, once per process, before threads start. */
void http_global_init(void);
void http_global_cleanup(void);

/* Percent-encodes s for a query value into a new heap string. */
char *http_escape(const char *s);

#endif
