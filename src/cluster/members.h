/* What each member of a cluster is: its name, labels, Flink configuration,
 * command, memory, REST port and, for an application cluster's JobManager,
 * the job's jar; made from a cluster spec into an engine-neutral
 * member_spec that the engine turns into a container (or a service). */
#ifndef FC_CLUSTER_MEMBERS_H
#define FC_CLUSTER_MEMBERS_H

#include "cluster/engine.h"
#include "cluster/spec.h"
#include "util/kv.h"

/* Memory limit over Flink's process size: the JVM's own accounting leaves
 * out a little native memory. */
#define CLUSTER_MEMORY_HEADROOM (128LL << 20)
/* The image's Flink home, the user Flink runs as (the official image's), and
 * where an application cluster's jar goes. */
#define CLUSTER_FLINK_HOME "/opt/flink"
#define CLUSTER_FLINK_UID 9999
#define CLUSTER_USRLIB_DIR CLUSTER_FLINK_HOME "/usrlib"

/* Fills out (released by the caller with member_spec_release, also after a
 * failure) for the JobManager (index 0) or TaskManager `index` of s. extra:
 * labels every resource this command makes carries (ttl, owner, creator).
 * An application cluster's JobManager runs Flink's standalone-job with the
 * jar read into out->files now: ERR_USAGE when it cannot be read. */
int cluster_member_spec(const struct cluster_spec *s, enum member_role role, int index,
			const struct kvlist *extra, struct member_spec *out,
			struct error *err);

#endif
