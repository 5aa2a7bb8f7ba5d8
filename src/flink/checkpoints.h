/* A job's checkpoints as Flink's REST API describes them: counts, the
 * latest completed and failed ones, the restored one, recent history. */
#ifndef FC_FLINK_CHECKPOINTS_H
#define FC_FLINK_CHECKPOINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flink/client.h"
#include "flink/job.h"

struct flink_checkpoint_stats {
	int64_t restored, total, in_progress, completed, failed;
	/* the latest completed checkpoint, id 0 when none */
	int64_t latest_id;
	int64_t latest_trigger;  /* epoch ms */
	int64_t latest_ack;      /* epoch ms */
	int64_t latest_size;     /* state size, bytes */
	int64_t latest_duration; /* end to end, ms */
	char *latest_path;       /* owned or NULL */
	/* the latest failed one, id 0 when none */
	int64_t failed_id;
	int64_t failed_time;
	char *failed_message; /* owned or NULL */
	/* the restored checkpoint or savepoint, id 0 when none */
	int64_t restored_id;
	char *restored_path;                    /* owned or NULL */
	struct flink_checkpoint_entry *history; /* owned, newest first */
	int n_history;
};

/* One entry of the recent history, newest first. */
struct flink_checkpoint_entry {
	int64_t id;
	char status[16]; /* COMPLETED, IN_PROGRESS, FAILED */
	bool savepoint;
	int64_t trigger;  /* epoch ms */
	int64_t size;     /* state size, bytes */
	int64_t duration; /* end to end, ms */
	char *path;       /* owned or NULL */
};

/* Pure: parses GET /jobs/:id/checkpoints. */
int flink_checkpoints_parse(const char *buf, size_t len,
			    struct flink_checkpoint_stats *out, struct error *err);
/* ERR_NOTFOUND when checkpointing is off for the job. */
int flink_checkpoints_get(struct flink_client *c, const struct flink_id *job,
			  struct flink_checkpoint_stats *out, struct error *err);
void flink_checkpoint_stats_release(struct flink_checkpoint_stats *s);

#endif
