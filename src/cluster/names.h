/* How a cluster's resources are named and labelled (DESIGN.md, "What lives
 * in Docker"). Every query filters on these labels. */
#ifndef FC_CLUSTER_NAMES_H
#define FC_CLUSTER_NAMES_H

#include "cluster/defaults.h"
#include "util/kv.h"

/* Owned heap strings: "NAME-jobmanager", "NAME-taskmanager-K", "NAME-net",
 * "NAME-data". */
char *cluster_jm_name(const char *cluster);
char *cluster_tm_name(const char *cluster, int index);
char *cluster_net_name(const char *cluster);
char *cluster_volume_name(const char *cluster);

/* "io.flinkcmd.cluster=NAME", owned. */
char *cluster_label_filter(const char *cluster);

/* Adds the cluster's labels (and docker compose's, for containers) to l.
 * role is NULL for networks and volumes; index is used for taskmanagers. */
void cluster_labels(struct kvlist *l, const char *cluster, const char *role, int index);

/* Where the data volume is mounted in every container. */
#define CLUSTER_DATA_DIR "/flink-data"

#endif
