/* Flink's REST API, typed: structs in, structs out. Every call goes through
 * one http_transport (fakeable). Knows nothing of Docker; never prints.
 *
 * Threads: a client is made for one operation and used by one thread at a
 * time. Its cancel token is given when it is made and never changed: every
 * call through it, and every wait it does (a savepoint), ends with
 * ERR_INTERRUPTED once the token is requested. */
#ifndef FC_FLINK_CLIENT_H
#define FC_FLINK_CLIENT_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/http.h"

struct flink_client {
	struct http_transport *http; /* owned */
	char *base_url;              /* owned, "http://127.0.0.1:PORT" */
	long timeout_ms;             /* per call; default 10 s */
	const struct cancel *cancel; /* borrowed, may be NULL; fixed at creation */
};

/* cancel (borrowed, may be NULL) must outlive the client. */
struct flink_client *flink_client_new(const char *base_url, const struct cancel *cancel);
struct flink_client *flink_client_new_with_transport(struct http_transport *t,
						     const char *base_url,
						     const struct cancel *cancel);
void flink_client_free(struct flink_client *c);

/* Pure: fills err from a Flink error reply ({"errors": [...]}), keeping the
 * first line of the first error; 404 → ERR_NOTFOUND, 400 → ERR_USAGE. */
int flink_error_from_reply(long status, const char *body, size_t len, struct error *err);

/* Pure: the line of a Java stack trace a user can act on, the deepest
 * "Caused by: " line, else the first line; written into out (n bytes). */
void flink_trace_cause(const char *trace, char *out, size_t n);

/* GET/POST/PATCH path (e.g. "/overview") with an optional JSON body; the reply
 * parsed into *out (owned by the caller; NULL to ignore). Unreachable Flink
 * is ERR_FAIL with "cannot reach Flink at ...". */
int flink_call(struct flink_client *c, const char *method, const char *path,
	       const cJSON *body, cJSON **out, struct error *err);

/* GET path with the raw reply in resp (initialised by the caller), for the
 * parse functions that take bytes. Non-2xx statuses become errors. */
int flink_get(struct flink_client *c, const char *path, struct http_response *resp,
	      struct error *err);

struct flink_overview {
	int taskmanagers;
	int slots_total;
	int slots_available;
	int jobs_running;
	int jobs_finished;
	int jobs_cancelled;
	int jobs_failed;
	char flink_version[32];
};

int flink_overview_parse(const char *buf, size_t len, struct flink_overview *out,
			 struct error *err);
int flink_overview_get(struct flink_client *c, struct flink_overview *out,
		       struct error *err);

struct flink_taskmanager {
	char *id; /* resource id; flink-cmd sets it to the container name */
	char *path;
	int slots;
	int free_slots;
	int64_t last_heartbeat; /* epoch ms */
};

int flink_taskmanagers_parse(const char *buf, size_t len, struct flink_taskmanager **out,
			     int *n, struct error *err);
int flink_taskmanagers_get(struct flink_client *c, struct flink_taskmanager **out, int *n,
			   struct error *err);
void flink_taskmanagers_free(struct flink_taskmanager *list, int n);

#endif
