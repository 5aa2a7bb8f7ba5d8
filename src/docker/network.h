/* Networks on the Engine, created with labels and found by them. Knows
 * nothing of clusters. */
#ifndef FC_DOCKER_NETWORK_H
#define FC_DOCKER_NETWORK_H

#include "docker/client.h"
#include "docker/named.h"
#include "util/kv.h"

/* POST /networks/create (a bridge). ERR_CONFLICT when the name exists.
 * *id is owned. */
int docker_network_create(struct docker_client *c, const char *name,
			  const struct kvlist *labels, char **id, struct error *err);
/* DELETE /networks/{id}; gone already is success. */
int docker_network_remove(struct docker_client *c, const char *id, struct error *err);
/* GET /networks filtered by labels ("k=v" or "k", NULL-terminated). */
int docker_network_list(struct docker_client *c, const char *const *labels,
			struct docker_named **out, int *n, struct error *err);

/* Pure: parses the list reply (an array). */
int docker_network_list_parse(const char *buf, size_t len, struct docker_named **out,
			      int *n, struct error *err);

#endif
