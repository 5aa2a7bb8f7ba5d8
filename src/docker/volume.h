/* Volumes on the Engine, created with labels and found by them. Knows
 * nothing of clusters. */
#ifndef FC_DOCKER_VOLUME_H
#define FC_DOCKER_VOLUME_H

#include "docker/client.h"
#include "docker/named.h"
#include "util/kv.h"

/* POST /volumes/create. The same name returns the existing volume, whose
 * labels the caller should check. */
int docker_volume_create(struct docker_client *c, const char *name,
			 const struct kvlist *labels, struct error *err);
/* DELETE /volumes/{name}; gone already is success; in use is ERR_CONFLICT. */
int docker_volume_remove(struct docker_client *c, const char *name, struct error *err);
/* GET /volumes filtered by labels ("k=v" or "k", NULL-terminated). */
int docker_volume_list(struct docker_client *c, const char *const *labels,
		       struct docker_named **out, int *n, struct error *err);

/* Pure: parses the list reply ({"Volumes": [...]}). */
int docker_volume_list_parse(const char *buf, size_t len, struct docker_named **out,
			     int *n, struct error *err);

#endif
