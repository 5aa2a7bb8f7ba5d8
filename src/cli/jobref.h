/* What the job commands share: connecting to the cluster's Flink and
 * finding the job a user named (id, unique id prefix, or name). */
#ifndef FC_CLI_JOBREF_H
#define FC_CLI_JOBREF_H

#include "cli/cli.h"
#include "flink/client.h"
#include "flink/job.h"

/* Connects to the cluster's Flink through ctx->engine (connected by the
 * command's row) (*fc owned by the caller, set even on failure when it was
 * made) and resolves ref into id. */
int cli_resolve_job(struct ctx *ctx, const char *cluster, const char *ref,
		    struct flink_client **fc, struct flink_id *id, struct error *err);

#endif
