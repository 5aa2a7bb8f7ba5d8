/* Autoscaling policies as pure functions: a window of metric samples of one
 * job and the cluster's shape in, a decision (hold, up, down) and a reason a
 * person can check out. No I/O, no clock: time comes in the samples and the
 * arguments, so unit tests drive every policy through recorded series. */
#ifndef FC_AUTOSCALE_POLICY_H
#define FC_AUTOSCALE_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "flink/job.h"
#include "util/error.h"

#define POLICY_MAX_VERTICES 16
#define POLICY_REASON_MAX 256

enum policy_kind {
	POLICY_UTILIZATION,    /* after the Flink Kubernetes operator's autoscaler */
	POLICY_TUPLES_PER_SLOT /* the seed's TUPLES_PER_THREAD__N */
};

/* One job vertex at one instant. A metric Flink did not report is NAN. */
struct policy_vertex_sample {
	char name[48]; /* for reasons; truncated */
	bool source;   /* no inputs: its rate is records out */
	int parallelism;
	int max_parallelism;     /* its ceiling; 1 pins it */
	double busy_ms;          /* busyTimeMsPerSecond, max over subtasks (0..1000) */
	double backpressured_ms; /* backPressuredTimeMsPerSecond, max over subtasks */
	double rate_in;          /* records per second into the vertex, summed over
				  * subtasks; for a source, the records it emits */
	double pending;          /* backlog a source reports (pendingRecords); NAN
				  * when the source does not report one */
};

/* The job at one instant. */
struct policy_sample {
	int64_t t_ms; /* when it was taken (any monotonic epoch) */
	enum flink_job_state state;
	bool tasks_up; /* every task of every vertex runs; a RUNNING job
			* without it is still DEPLOYING */
	int n_vertices;
	struct policy_vertex_sample v[POLICY_MAX_VERTICES];
};

/* The samples since the job last (re)started at its current parallelism,
 * oldest first, at most `cap`; pushing onto a full window drops the oldest.
 * Vertices are matched by position, so the loop clears the window when the
 * job, its vertex count or any parallelism changes. */
struct policy_window {
	struct policy_sample *s; /* owned */
	int n;
	int cap;
	int head; /* index of the oldest */
};

void policy_window_init(struct policy_window *w, int cap);
void policy_window_release(struct policy_window *w);
void policy_window_clear(struct policy_window *w);
void policy_window_push(struct policy_window *w, const struct policy_sample *s);
/* The i-th sample, 0 the oldest; NULL out of range. */
const struct policy_sample *policy_window_at(const struct policy_window *w, int i);

struct policy_config {
	enum policy_kind policy;
	int min_tms;                  /* never fewer TaskManagers (>= 1) */
	int max_tms;                  /* never more */
	int memory_max_tms;           /* never more than fit in the machine's memory
				       * (wins over min_tms); 0 = not known */
	int slots_per_tm;             /* >= 1 */
	double target_utilization;    /* 0.7: busy fraction aimed at */
	double utilization_band;      /* 0.3: nothing is done within target ± band */
	double tuples_per_slot;       /* N for POLICY_TUPLES_PER_SLOT */
	int64_t window_ms;            /* metrics window a decision needs: 60 s */
	int64_t stabilization_ms;     /* samples this soon after a change are not
				       * used: 30 s */
	int64_t cooldown_ms;          /* no scale-down sooner than this after the
				       * last change: 120 s */
	double scale_down_max_factor; /* 0.6: one step down keeps at least
				       * ceil(p * (1 - 0.6)) */
	int64_t catch_up_ms;          /* a backlog is to be worked off in this:
				       * 5 min */
};

/* The defaults above. */
void policy_config_defaults(struct policy_config *c);
/* ERR_USAGE for a value out of range, naming the option (--min, --max,
 * --target-utilization, ...) and what is allowed. */
int policy_config_check(const struct policy_config *c, struct error *err);
/* "utilization" or "tuples-per-slot" (also "TUPLES_PER_THREAD__N", which
 * sets tuples_per_slot to N). ERR_USAGE naming the choices. */
int policy_parse(const char *text, struct policy_config *c, struct error *err);
const char *policy_name(enum policy_kind k);

enum policy_action { POLICY_HOLD, POLICY_UP, POLICY_DOWN };

struct policy_decision {
	enum policy_action action;
	int tms;                /* TaskManagers now */
	int target_tms;         /* = tms when holding */
	int parallelism;        /* the job's largest vertex parallelism now */
	int target_parallelism; /* what the policy wants, at most target_tms *
				 * slots_per_tm; = parallelism when holding */
	int vertex;             /* index of the vertex that decided, or -1 */
	/* that vertex's window averages (NAN when none) */
	double utilization; /* busy fraction 0..1 */
	double rate_in;     /* records per second */
	double true_rate;   /* records per second it could take at full busy */
	/* one line: "vertex 'burn' busy 0.97 > 0.90 ..." */
	char reason[POLICY_REASON_MAX];
};

/* Decides for the job in w, which runs on `tms` TaskManagers, at time now_ms;
 * last_change_ms is when the job last started or was rescaled (stabilization
 * and cooldown count from it). The samples used are those of the last
 * window_ms taken stabilization_ms or more after the change; they must span
 * 90% of window_ms. Never fails: a window too short, metrics missing or a
 * job that is not RUNNING give POLICY_HOLD with the reason. A TaskManager
 * count outside the limits is brought back within them even when the
 * policy would hold. Pure: no allocation, no clock, safe from any thread. */
void policy_decide(const struct policy_config *c, const struct policy_window *w, int tms,
		   int64_t now_ms, int64_t last_change_ms, struct policy_decision *out);

const char *policy_action_name(enum policy_action a); /* "hold", "up", "down" */

#endif
