/* The autoscaler loop's body: one step samples the job's metrics, asks the
 * policy, and applies what it decides to the cluster: TaskManagers added or
 * removed through the Engine, and the job rescaled the way its cluster
 * allows (in place under the adaptive scheduler, by the TaskManager count
 * alone in reactive mode, by stop-with-savepoint and a resubmission
 * otherwise). A step that fails half-way is undone. Never prints: each step
 * is reported as an event; the caller sleeps between steps. */
#ifndef FC_AUTOSCALE_AUTOSCALER_H
#define FC_AUTOSCALE_AUTOSCALER_H

#include <stdbool.h>
#include <stdint.h>

#include "autoscale/policy.h"
#include "cluster/engine.h"
#include "cluster/observer.h"
#include "flink/job.h"
#include "flink/scaling.h"

enum autoscale_mode {
	AUTOSCALE_IN_PLACE, /* adaptive scheduler: PUT resource-requirements */
	AUTOSCALE_REACTIVE, /* reactive application: the TaskManager count is the
			       parallelism */
	AUTOSCALE_RESUBMIT, /* default scheduler: stop with a savepoint, run again */
};
const char *autoscale_mode_name(enum autoscale_mode m); /* "in-place", ... */

struct autoscale_opts {
	const char *cluster; /* borrowed */
	const char *job;     /* borrowed; id, prefix or name; NULL: the one running job */
	struct policy_config cfg; /* min_tms..catch_up; slots and memory are filled in */
	int64_t interval_ms;      /* between samples (the caller sleeps it) */
	bool dry_run;             /* decide and report, change nothing */
	int64_t rescale_timeout_ms; /* a rescale that takes longer failed */
};

enum autoscale_event_kind {
	AUTOSCALE_EV_WAIT,        /* nothing to decide on: no job, job not running */
	AUTOSCALE_EV_DECISION,    /* the policy's verdict (hold, or dry-run up/down) */
	AUTOSCALE_EV_APPLIED,     /* a scale step done */
	AUTOSCALE_EV_FAILED,      /* a scale step failed and was undone */
	AUTOSCALE_EV_UNREACHABLE, /* the Engine or Flink did not answer; riding it out */
};
const char *autoscale_event_name(enum autoscale_event_kind k); /* "decision", ... */

struct autoscale_event {
	enum autoscale_event_kind kind;
	int64_t t_ms; /* wall clock */
	struct flink_id job;
	enum autoscale_mode mode;
	struct policy_decision d;    /* for DECISION, APPLIED, FAILED */
	struct policy_sample sample; /* the newest sample (n_vertices 0 when none) */
	double seconds;              /* APPLIED/FAILED: how long the step took */
	char message[ERROR_MSG_MAX]; /* what happened, one line */
};

struct autoscaler;

/* Checks the cluster exists and learns its shape (slots, memory, mode).
 * ERR_USAGE for no such cluster or bad options. e and cancel (may be NULL;
 * it ends a step in progress) are borrowed for the autoscaler's life. *out
 * owned: autoscaler_free. */
int autoscaler_new(struct cluster_engine *e, const struct autoscale_opts *o,
		   const struct cancel *cancel, struct autoscaler **out,
		   struct error *err);
void autoscaler_free(struct autoscaler *a);
/* How this cluster's job follows a new TaskManager count, and that in one
 * line for people ("in place: ..."). */
enum autoscale_mode autoscaler_mode(const struct autoscaler *a);
const char *autoscale_mode_explain(enum autoscale_mode m);

/* One turn of the loop; ev says what happened. Only an interruption is an
 * error: an unreachable Engine or Flink, a job gone or failed, a failed scale
 * step all become events, and the next step tries again. obs (may be NULL)
 * hears the scale steps' progress. */
int autoscaler_step(struct autoscaler *a, const struct cluster_observer *obs,
		    struct autoscale_event *ev, struct error *err);

/* Pure: fills v's busy, backpressured time and rate in from Flink's
 * counters read twice, dt_ms apart (prev NULL: the first read, no rates
 * yet); a load without the counters keeps Flink's per-second gauges. */
void autoscale_rates(struct policy_vertex_sample *v, const struct flink_vertex_load *now,
		     const struct flink_vertex_load *prev, double dt_ms, int parallelism);

/* Pure: the event as one JSON object (owned string, no newline). */
char *autoscale_event_json(const struct autoscale_event *ev);
/* Pure: the event as one line of text for people. */
void autoscale_event_text(const struct autoscale_event *ev, char *out, size_t n);

#endif
