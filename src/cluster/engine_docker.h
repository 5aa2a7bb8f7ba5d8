/* The Docker engine: a cluster's members are containers on one Docker
 * Engine (see cluster/engine.h for the operations). */
#ifndef FC_CLUSTER_ENGINE_DOCKER_H
#define FC_CLUSTER_ENGINE_DOCKER_H

#include "cluster/engine.h"
#include "docker/client.h"

/* An engine over c (borrowed, connected, outliving the engine). Free with
 * cluster_engine_free. */
struct cluster_engine *cluster_engine_docker_new(struct docker_client *c);

#endif
