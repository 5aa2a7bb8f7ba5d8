/* Networks and volumes on the Engine, created with labels and found by them.
 * Knows nothing of clusters. */
#ifndef FC_DOCKER_NETWORK_H
#define FC_DOCKER_NETWORK_H

#include "docker/client.h"
#include "util/kv.h"

struct docker_named {
	char *id; /* networks: the ID; volumes: the name */
	char *name;
	struct kvlist labels;
};

void docker_named_list_free(struct docker_named *list, int n);

/* POST /networks/create (a bridge). ERR_CONFLICT when the name exists.
 * *id is owned. */
int docker_network_create(struct docker_client *c, const char *name,
			  const struct kvlist *labels, char **id, struct error *err);
/* DELETE /networks/{id}; gone already is success. */
int docker_network_remove(struct docker_client *c, const char *id, struct error *err);
/* GET /networks filtered by labels ("k=v" or "k", NULL-terminated). */
int docker_network_list(struct docker_client *c, const char *const *labels,
			struct docker_named **out, int *n, struct error *err);

/* POST /volumes/create. The same name returns the existing volume, whose
 * labels the caller should check. */
int docker_volume_create(struct docker_client *c, const char *name,
			 const struct kvlist *labels, struct error *err);
/* DELETE /volumes/{name}; gone already is success; in use is ERR_CONFLICT. */
int docker_volume_remove(struct docker_client *c, const char *name, struct error *err);
int docker_volume_list(struct docker_client *c, const char *const *labels,
		       struct docker_named **out, int *n, struct error *err);

/* Pure: parse the list replies (networks: an array; volumes: {"Volumes":[]}). */
int docker_network_list_parse(const char *buf, size_t len, struct docker_named **out,
			      int *n, struct error *err);
int docker_volume_list_parse(const char *buf, size_t len, struct docker_named **out,
			     int *n, struct error *err);

#endif
