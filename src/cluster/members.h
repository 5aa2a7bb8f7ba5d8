/* Creating one JobManager or TaskManager container from a cluster spec:
 * its name, labels, environment, port, volume and memory limit. */
#ifndef FC_CLUSTER_MEMBERS_H
#define FC_CLUSTER_MEMBERS_H

#include "cluster/spec.h"
#include "docker/client.h"
#include "util/kv.h"

/* Container memory limit over Flink's process size: the JVM's own
 * accounting leaves out a little native memory. */
#define CLUSTER_MEMORY_HEADROOM (128LL << 20)
/* Seconds a stopped TaskManager gets to deregister before SIGKILL. */
#define CLUSTER_TM_STOP_SECONDS 30
/* The image's Flink home, the user Flink runs as (the official image's), and
 * where an application cluster's jar goes. */
#define CLUSTER_FLINK_HOME "/opt/flink"
#define CLUSTER_FLINK_UID 9999
#define CLUSTER_USRLIB_DIR CLUSTER_FLINK_HOME "/usrlib"

/* Creates (does not start) the JobManager. extra: labels every resource of
 * this `up` carries (ttl, owner, creator). *id owned. A name taken by a
 * container of someone else's is ERR_USAGE. With s->job_jar it runs Flink's
 * standalone-job (application mode) and the jar is copied into
 * CLUSTER_USRLIB_DIR before this returns; if that fails, the container is
 * removed again and *id is NULL. */
int cluster_create_jm(struct docker_client *c, const struct cluster_spec *s,
		      const struct kvlist *extra, char **id, struct error *err);
/* Creates (does not start) TaskManager `index`. */
int cluster_create_tm(struct docker_client *c, const struct cluster_spec *s, int index,
		      const struct kvlist *extra, char **id, struct error *err);

#endif
