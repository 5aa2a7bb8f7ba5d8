/* Flink jobs and their checkpoints, as the REST API describes them. */
#ifndef FC_FLINK_JOBS_H
#define FC_FLINK_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flink/client.h"

struct flink_job {
	char id[33];
	char *name;         /* owned */
	char state[24];     /* RUNNING, FINISHED, ... */
	int64_t start_time; /* epoch ms */
	int64_t end_time;   /* -1 while running */
	int64_t duration;   /* ms */
	int tasks_total;
	int tasks_running;
};

/* Pure: parses GET /jobs/overview. Free with flink_jobs_free. */
int flink_jobs_parse(const char *buf, size_t len, struct flink_job **out, int *n,
		     struct error *err);
int flink_jobs_get(struct flink_client *c, struct flink_job **out, int *n,
		   struct error *err);
void flink_jobs_free(struct flink_job *jobs, int n);

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
int flink_checkpoints_get(struct flink_client *c, const char *job_id,
			  struct flink_checkpoint_stats *out, struct error *err);
void flink_checkpoint_stats_release(struct flink_checkpoint_stats *s);

#endif
