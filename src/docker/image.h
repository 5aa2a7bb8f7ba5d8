/* Images on the Engine: inspect, list, remove, import a root file system, and
 * build from a streamed tar context. Knows nothing of Flink. */
#ifndef FC_DOCKER_IMAGE_H
#define FC_DOCKER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docker/client.h"
#include "util/http.h"

struct docker_progress;

struct docker_image_info {
	char *id;    /* "sha256:..." owned */
	char **tags; /* owned array of owned strings */
	int n_tags;
	int64_t size;              /* bytes */
	int64_t created;           /* unix seconds; 0 when unknown */
	char *user;                /* Config.User, owned, may be "" */
	char *label_flink_version; /* io.flinkcmd.flink-version label or NULL */
	char *label_context_hash;  /* io.flinkcmd.context-hash label or NULL */
};

void docker_image_info_release(struct docker_image_info *info);

/* Pure: parses a GET /images/{name}/json body. */
int docker_image_info_parse(const char *buf, size_t len, struct docker_image_info *out,
			    struct error *err);

/* GET /images/{ref}/json. ERR_NOTFOUND when there is no such image. */
int docker_image_inspect(struct docker_client *c, const char *ref,
			 struct docker_image_info *out, struct error *err);

/* GET /images/json; reference is a filter (a name:tag, wildcards allowed) or NULL,
 * label a "k=v" or "k" filter or NULL. *out is an owned array of n items;
 * free with docker_image_list_free. */
int docker_image_list(struct docker_client *c, const char *reference, const char *label,
		      struct docker_image_info **out, int *n, struct error *err);
void docker_image_list_free(struct docker_image_info *list, int n);

/* Called for each progress message of a build or import stream. */
typedef void (*docker_progress_fn)(void *ctx, const struct docker_progress *msg);

struct docker_build_opts {
	const char *tag;               /* "name:tag", required */
	const char *dockerfile;        /* path in the context; NULL = "Dockerfile" */
	const char *const *build_args; /* "K=V" strings, NULL-terminated, or NULL */
	const char *const *labels;     /* "K=V" strings for the image, or NULL */
	bool no_cache;
	const struct cancel *cancel; /* stops the build (ERR_INTERRUPTED); NULL: never */
};

/* POST /build?version=1 (the classic builder, which needs no session) with
 * the tar context pulled from read_ctx. progress gets every message. On
 * success *image_id (owned) is the new image's ID. A failing step gives
 * ERR_FAIL with that step's error message. */
int docker_image_build(struct docker_client *c, const struct docker_build_opts *o,
		       http_read_fn read_ctx, void *read_arg, docker_progress_fn progress,
		       void *progress_arg, char **image_id, struct error *err);

/* POST /images/create?fromSrc=- with a root file system tar pulled from
 * read_tar, tagged `tag`. changes are Dockerfile instructions applied to the
 * image ("ENV A=b", "CMD [...]"), NULL-terminated or NULL. */
int docker_image_import(struct docker_client *c, const char *tag,
			const char *const *changes, http_read_fn read_tar, void *read_arg,
			docker_progress_fn progress, void *progress_arg, char **image_id,
			const struct cancel *cancel, struct error *err);

/* Splits "name:tag" (a ':' after the last '/') into owned repo and tag;
 * tag defaults to "latest". ERR_USAGE for an invalid reference. */
int docker_ref_split(const char *ref, char **repo, char **tag, struct error *err);

#endif
