/* Containers on the Engine: create, start, stop, kill, remove, list by
 * label, inspect, copy files in. Knows nothing of Flink or clusters. */
#ifndef FC_DOCKER_CONTAINER_H
#define FC_DOCKER_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docker/client.h"
#include "docker/logframe.h"
#include "util/kv.h"

#define DOCKER_MAX_PORTS 4
#define DOCKER_MAX_MOUNTS 4

struct docker_port_binding {
	const char *container_port; /* "8081/tcp" */
	const char *host_ip;        /* "127.0.0.1" */
	const char *host_port;      /* "" for an ephemeral port */
};

struct docker_mount {
	const char *volume; /* a named volume */
	const char *target; /* path in the container */
	bool read_only;
};

/* What to create; every pointer is borrowed for the call. */
struct docker_container_spec {
	const char *name;
	const char *image;
	const char *const *cmd;   /* NULL-terminated, or NULL for the image's */
	const struct kvlist *env; /* becomes "K=V" */
	const struct kvlist *labels;
	const char *hostname;
	const char *network;        /* NetworkMode and the one endpoint */
	const char *const *aliases; /* DNS aliases on that network, NULL-terminated */
	struct docker_port_binding ports[DOCKER_MAX_PORTS];
	int n_ports;
	struct docker_mount mounts[DOCKER_MAX_MOUNTS];
	int n_mounts;
	int64_t memory;   /* bytes; 0 = no limit */
	int stop_timeout; /* seconds; 0 = the Engine's default */
	bool init;        /* run an init as PID 1 (reaps, forwards signals) */
};

/* The JSON body of POST /containers/create for spec (pure; for tests). The
 * caller deletes it. */
cJSON *docker_container_spec_json(const struct docker_container_spec *spec);

/* POST /containers/create. *id (owned) is the new container's ID. ERR_CONFLICT
 * when the name is taken, ERR_NOTFOUND when the image is missing. */
int docker_container_create(struct docker_client *c,
			    const struct docker_container_spec *spec, char **id,
			    struct error *err);
/* Start; "already started" is success. */
int docker_container_start(struct docker_client *c, const char *id,
			   const struct cancel *cancel, struct error *err);
/* Stop with SIGTERM and then SIGKILL after timeout_s; "already stopped" is
 * success. signal NULL = the container's stop signal. */
int docker_container_stop(struct docker_client *c, const char *id, int timeout_s,
			  const struct cancel *cancel, struct error *err);
/* Send a signal ("SIGKILL"); "not running" is ERR_CONFLICT. */
int docker_container_kill(struct docker_client *c, const char *id, const char *signal,
			  struct error *err);
/* DELETE ?force=1; a container already gone is success. */
int docker_container_remove(struct docker_client *c, const char *id, bool force,
			    struct error *err);

struct docker_container_summary {
	char *id;
	char *name; /* without the leading '/' */
	char *image;
	char *state;     /* created|running|paused|restarting|removing|exited|dead */
	char *status;    /* "Up 3 minutes" */
	int64_t created; /* unix seconds */
	struct kvlist labels;
	int public_port; /* the host port published for private_port below, or 0 */
	char *public_ip;
};

/* Pure: parses a GET /containers/json body; private_port picks which
 * published port to report (e.g. 8081; 0 for none). */
int docker_container_list_parse(const char *buf, size_t len, int private_port,
				struct docker_container_summary **out, int *n,
				struct error *err);

/* GET /containers/json?all=1 filtered by every "k=v" or "k" label in
 * labels (NULL-terminated). Free with docker_container_list_free. */
int docker_container_list(struct docker_client *c, const char *const *labels,
			  int private_port, struct docker_container_summary **out, int *n,
			  struct error *err);
void docker_container_list_free(struct docker_container_summary *list, int n);

struct docker_container_info {
	char *id;
	char *name;
	char *state; /* State.Status */
	bool running;
	int exit_code;
	bool oom_killed;
	char *started_at; /* RFC 3339 */
	char *finished_at;
	bool tty;
	struct kvlist labels;
	int host_port; /* published port for the asked private port, or 0 */
};

int docker_container_info_parse(const char *buf, size_t len, const char *private_port,
				struct docker_container_info *out, struct error *err);
void docker_container_info_release(struct docker_container_info *info);
/* GET /containers/{id}/json; private_port e.g. "8081/tcp" or NULL. */
int docker_container_inspect(struct docker_client *c, const char *id,
			     const char *private_port, struct docker_container_info *out,
			     struct error *err);

/* PUT /containers/{id}/archive?path=dir with a tar held in memory (small
 * files such as a configuration). Works before the container starts. */
int docker_container_put_archive(struct docker_client *c, const char *id, const char *dir,
				 const void *tar, size_t len, struct error *err);

struct docker_logs_opts {
	bool follow; /* keep streaming until the container stops */
	int tail;    /* last N lines; <0 for all */
	bool timestamps;
	bool tty; /* the container has a TTY: no frames (inspect tells) */
	const struct cancel *cancel; /* ends a follow (ERR_INTERRUPTED); NULL: never */
};

/* GET /containers/{id}/logs with stdout and stderr, demultiplexed: cb gets
 * runs of bytes with the stream they came from (see docker/logframe.h). A
 * container with a TTY has no frames; its output arrives as stdout. A follow
 * ends when the container stops or opts->cancel is requested
 * (ERR_INTERRUPTED). */
int docker_container_logs(struct docker_client *c, const char *id,
			  const struct docker_logs_opts *o, docker_logframe_cb cb,
			  void *cb_ctx, struct error *err);

#endif
