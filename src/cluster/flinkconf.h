/* The Flink configuration flink-cmd gives each container: addresses, slots,
 * memory, checkpoint and savepoint directories on the data volume, a
 * resource id equal to the container name; then the user's --conf on top.
 * Rendered as FLINK_PROPERTIES ("key: value" lines), which the image's
 * entrypoint merges into config.yaml keeping values intact. */
#ifndef FC_CLUSTER_FLINKCONF_H
#define FC_CLUSTER_FLINKCONF_H

#include "cluster/spec.h"
#include "util/kv.h"

/* Fills conf (init'ed by the caller) for the JobManager. With s->job_jar
 * also the job's: its state directory under /flink-data/jobs, its
 * checkpoint interval, its default parallelism (N*S), or with s->reactive
 * the adaptive scheduler in reactive mode with short rescale waits and a
 * fixed-delay restart. */
void flinkconf_jobmanager(const struct cluster_spec *s, struct kvlist *conf);
/* Fills conf for TaskManager `index`. */
void flinkconf_taskmanager(const struct cluster_spec *s, int index, struct kvlist *conf);

/* "k: v\n" lines; owned string. */
char *flinkconf_render(const struct kvlist *conf);

/* Flink's size syntax for bytes: "1024m". Writes into out. */
void flinkconf_size(char *out, size_t n, int64_t bytes);

#endif
