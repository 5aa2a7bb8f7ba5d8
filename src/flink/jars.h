/* Submitting jobs through Flink's REST API: upload a jar (POST /jars/upload),
 * run it (POST /jars/:id/run). Knows nothing of Docker; never prints. */
#ifndef FC_FLINK_JARS_H
#define FC_FLINK_JARS_H

#include <stdbool.h>

#include "flink/client.h"
#include "flink/job.h"
#include "util/kv.h"

/* Uploads the jar at path. *jar_id (owned) is Flink's id for it (the file
 * name Flink stored it under). Flink's refusal comes back as its reason. */
int flink_jar_upload(struct flink_client *c, const char *path, char **jar_id,
		     struct error *err);

/* DELETE /jars/:id; a jar already gone is success. */
int flink_jar_delete(struct flink_client *c, const char *jar_id, struct error *err);

struct flink_run_request {
	const char *entry_class; /* NULL: the jar manifest's Main-Class */
	const char *const *args; /* program arguments, n_args of them */
	int n_args;
	int parallelism;            /* 0: the cluster's default */
	const char *savepoint_path; /* restore from, or NULL */
	bool allow_non_restored_state;
	const struct kvlist *config; /* per-job Flink configuration, or NULL */
};

/* Pure: the JSON body of POST /jars/:id/run; the caller frees the string. */
char *flink_run_request_json(const struct flink_run_request *r);

/* POST /jars/:id/run. *job is the new job's id. A main() that
 * throws, a missing class, or a savepoint that cannot be read come back as
 * Flink's own reason in one line. */
int flink_jar_run(struct flink_client *c, const char *jar_id,
		  const struct flink_run_request *r, struct flink_id *job,
		  struct error *err);

#endif
