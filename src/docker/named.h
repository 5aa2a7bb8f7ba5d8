/* Engine objects known by name and labels (networks, volumes): their list
 * type and the calls both make. Knows nothing of clusters. */
#ifndef FC_DOCKER_NAMED_H
#define FC_DOCKER_NAMED_H

#include <cjson/cJSON.h>

#include "docker/client.h"
#include "util/kv.h"

struct docker_named {
	char *id; /* networks: the ID; volumes: the name */
	char *name;
	struct kvlist labels;
};

void docker_named_list_free(struct docker_named *list, int n);

/* Pure: fills an owned list from a JSON array whose items have id_key,
 * "Name" and "Labels". Always 0. */
int docker_named_parse_array(const cJSON *arr, const char *id_key,
			     struct docker_named **out, int *n);

/* GET base?filters={"label": labels} (labels "k=v" or "k", NULL-terminated),
 * the reply read by parse. */
int docker_named_list_call(struct docker_client *c, const char *base,
			   const char *const *labels,
			   int (*parse)(const char *, size_t, struct docker_named **,
					int *, struct error *),
			   struct docker_named **out, int *n, struct error *err);

/* DELETE path; an object already gone (404) is success. */
int docker_delete_ok_if_gone(struct docker_client *c, const char *path,
			     struct error *err);

#endif
