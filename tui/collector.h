/* The dashboard's collector: a thread that gathers the cluster's state (the
 * Engine's containers and their stats, Flink's TaskManagers, jobs and
 * checkpoints) every interval and publishes it as an immutable snapshot, so
 * the screen never waits on the network. It also runs the actions a key
 * asks for (scale, savepoint, cancel, logs) off the UI thread. */
#ifndef FC_TUI_COLLECTOR_H
#define FC_TUI_COLLECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "autoscale/autoscaler.h"
#include "cluster/engine.h"
#include "cluster/status.h"
#include "flink/job.h"

struct top_snapshot {
	int64_t taken_ms;           /* wall clock, when gathering ended */
	bool ok;                    /* the Engine answered */
	char error[ERROR_MSG_MAX];  /* why not, when !ok */
	struct cluster_status st;   /* valid when ok */
	struct member_stats *stats; /* one per st.inv member, owned */
	struct top_job *details;    /* one per st.jobs entry, owned */
};

/* What the dashboard adds to a job of the overview: its vertices (read
 * while it runs; zeroed otherwise) and its back pressure. */
struct top_job {
	struct flink_job detail; /* owned; id "" when not read */
	char backpressure[8];    /* "ok", "low", "high", or "" */
};
void top_snapshot_free(struct top_snapshot *s);
/* The checkpoints of the job with id job_id in s (borrowed from s), or
 * NULL when s is NULL, has no status, no checkpoints (Flink answered only
 * in part) or no such job. */
const struct flink_checkpoint_stats *
top_snapshot_checkpoints(const struct top_snapshot *s, const char *job_id);

enum top_action_kind {
	TOP_ACTION_SCALE,     /* arg: the new TaskManager count */
	TOP_ACTION_SAVEPOINT, /* job: the job id */
	TOP_ACTION_CANCEL,    /* job: the job id */
	TOP_ACTION_LOGS,      /* container: the container name */
};

struct top_collector;

/* Starts the collector for cluster `name` every interval_ms; wake_fd is
 * written one byte whenever there is something new (a snapshot, an action's
 * result, logs), so the UI can poll it beside the keyboard. The engine is
 * borrowed and must outlive the collector. */
struct top_collector *top_collector_new(struct cluster_engine *e, const char *name,
					int interval_ms, int wake_fd);
/* Stops the thread and frees everything. */
void top_collector_free(struct top_collector *tc);

/* The newest snapshot, handed over to the caller (who frees it), or NULL if
 * none arrived since the last call. */
struct top_snapshot *top_collector_take(struct top_collector *tc);
/* Pauses or resumes gathering. */
void top_collector_pause(struct top_collector *tc, bool paused);
/* Asks for a refresh now. */
void top_collector_poke(struct top_collector *tc);

/* Queues an action; its result arrives as a message. false when one runs. */
bool top_collector_act(struct top_collector *tc, enum top_action_kind kind, int arg,
		       const char *target);
/* The newest action message ("scaled to 3", "savepoint file:/..."), copied
 * into out; false when none is new. busy tells whether an action runs. */
bool top_collector_message(struct top_collector *tc, char *out, size_t n, bool *busy);
/* Switches the autoscaler loop (autoscale's, with o's settings, copied) on
 * or off. It runs in its own thread, so a scale step of minutes blocks
 * neither the screen nor the gathering; off takes effect after the step in
 * progress, and on is refused (false) until that step has ended. */
bool top_collector_autoscale(struct top_collector *tc, bool on,
			     const struct autoscale_opts *o);
/* Whether it runs, and its newest event as one line ("" before the first). */
bool top_collector_autoscale_line(struct top_collector *tc, char *out, size_t n);

/* The latest logs fetched for TOP_ACTION_LOGS (an owned copy) or NULL. */
char *top_collector_logs(struct top_collector *tc);

#endif
