/* Names and defaults shared by every command that makes or finds a cluster. */
#ifndef FC_CLUSTER_DEFAULTS_H
#define FC_CLUSTER_DEFAULTS_H

#define FLINKCMD_FLINK_VERSION "2.3.0"
#define FLINKCMD_DEFAULT_IMAGE "flink-cmd/flink:" FLINKCMD_FLINK_VERSION
#define FLINKCMD_BASE_IMAGE "flink-cmd/debian-jre:bookworm-17"
#define FLINKCMD_DEFAULT_CLUSTER "flink"

/* Labels on everything flink-cmd creates (DESIGN.md). */
#define LABEL_CLUSTER "io.flinkcmd.cluster"
#define LABEL_ROLE "io.flinkcmd.role"
#define LABEL_INDEX "io.flinkcmd.index"
#define LABEL_EXPIRES "io.flinkcmd.expires"
#define LABEL_OWNER "io.flinkcmd.owner"
#define LABEL_IMAGE "io.flinkcmd.image"
/* the `up` that made a resource, while it runs (gc tells half-made clusters) */
#define LABEL_CREATOR "io.flinkcmd.creator"

/* Seconds a stopped member gets to leave (a TaskManager deregisters from
 * Flink) before it is killed. */
#define CLUSTER_TM_STOP_SECONDS 30

#endif
