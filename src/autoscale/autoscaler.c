/* One turn of the autoscaler: sample, decide, apply. The order of a step
 * matters: growing adds TaskManagers before the job asks for their slots,
 * shrinking rescales the job before its TaskManagers go, so no task runs on
 * a container being removed. Samples are taken only while every task runs,
 * and the window starts again whenever the job restarts or changes shape,
 * because a vertex's rates mean nothing across parallelisms. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscale/autoscaler.h"
#include "cluster/job_wait.h"
#include "cluster/jobs.h"
#include "cluster/scale.h"
#include "cluster/spec.h"
#include "flink/jobctl.h"
#include "flink/scaling.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/xalloc.h"

/* Memory flink-cmd leaves to the Engine's machine itself and to everything
 * else on it when it works out how many TaskManagers fit. */
#define MEMORY_SHARE 0.75

struct autoscaler {
	struct cluster_engine *e;    /* borrowed */
	const struct cancel *cancel; /* borrowed */
	struct autoscale_opts o;     /* cluster and job owned copies */
	enum autoscale_mode mode;
	struct policy_window w;
	struct flink_client *fc;        /* owned; NULL until reached */
	struct flink_id job;            /* the job followed; "" until found */
	int64_t running_since;          /* its timestamps.RUNNING when last seen */
	int shape[POLICY_MAX_VERTICES]; /* its vertex parallelisms when last seen */
	int n_shape;
	int64_t last_change_ms; /* wall clock of the last start or rescale */
	int64_t last_sample_ms;
	/* the counters read last time, for rates over the interval since */
	struct flink_vertex_load prev[POLICY_MAX_VERTICES];
	int64_t prev_ms; /* 0: none since the job's shape last changed */
};

const char *autoscale_mode_name(enum autoscale_mode m)
{
	switch (m) {
	case AUTOSCALE_IN_PLACE:
		return "in-place";
	case AUTOSCALE_REACTIVE:
		return "reactive";
	case AUTOSCALE_RESUBMIT:
		return "savepoint-and-resubmit";
	}
	return "?";
}

const char *autoscale_mode_explain(enum autoscale_mode m)
{
	switch (m) {
	case AUTOSCALE_IN_PLACE:
		return "in place: the adaptive scheduler rescales the job from its "
		       "latest "
		       "checkpoint when its resource requirements change; it keeps its "
		       "id";
	case AUTOSCALE_REACTIVE:
		return "reactive: the job runs on every slot, so the TaskManager count "
		       "is "
		       "its parallelism; Flink restarts it from its latest checkpoint";
	case AUTOSCALE_RESUBMIT:
		return "savepoint and resubmit: the default scheduler cannot rescale a "
		       "running job, so it is stopped with a savepoint and run again "
		       "from "
		       "it at the new parallelism (a new job id)";
	}
	return "?";
}

enum autoscale_mode autoscaler_mode(const struct autoscaler *a)
{
	return a->mode;
}

const char *autoscale_event_name(enum autoscale_event_kind k)
{
	static const char *const names[] = {"wait", "decision", "applied", "failed",
					    "unreachable"};
	return k <= AUTOSCALE_EV_UNREACHABLE ? names[k] : "?";
}

/* The cluster's mode, slots and memory from its JobManager's labels. */
static int learn_cluster(struct autoscaler *a, struct error *err)
{
	struct cluster_inventory inv;
	int rc = cluster_engine_inventory(a->e, a->o.cluster, &inv, err);
	if (rc < 0)
		return rc;
	const struct cluster_member *jm = cluster_inventory_jm(&inv);
	if (!jm) {
		cluster_inventory_release(&inv);
		return error_set(err, ERR_USAGE,
				 "there is no cluster '%s' (start one with 'flink-cmd up "
				 "--name %s --scheduler adaptive')",
				 a->o.cluster, a->o.cluster);
	}
	struct cluster_spec s;
	rc = cluster_spec_from_labels(&s, &jm->labels, err);
	cluster_inventory_release(&inv);
	if (rc < 0)
		return rc;
	a->o.cfg.slots_per_tm = s.slots > 0 ? s.slots : 1;
	if (s.reactive)
		a->mode = AUTOSCALE_REACTIVE;
	else if (s.scheduler && strcmp(s.scheduler, "adaptive") == 0)
		a->mode = AUTOSCALE_IN_PLACE;
	else
		a->mode = AUTOSCALE_RESUBMIT;
	int64_t mem_total = 0;
	struct error ignored;
	error_init(&ignored);
	/* an engine that does not say leaves only --max as the ceiling */
	if (cluster_engine_memory_total(a->e, &mem_total, &ignored) == 0 &&
	    s.tm_memory > 0) {
		double room = (double)mem_total * MEMORY_SHARE - (double)s.jm_memory;
		int fit = (int)(room / (double)s.tm_memory);
		a->o.cfg.memory_max_tms = fit < 1 ? 1 : fit;
	}
	cluster_spec_release(&s);
	return 0;
}

int autoscaler_new(struct cluster_engine *e, const struct autoscale_opts *o,
		   const struct cancel *cancel, struct autoscaler **out,
		   struct error *err)
{
	*out = NULL;
	int rc = policy_config_check(&o->cfg, err);
	if (rc < 0)
		return rc;
	if (o->interval_ms < 500)
		return error_set(err, ERR_USAGE,
				 "--interval is too short: sample at most twice a second "
				 "(Flink refreshes its metrics every 2s here)");
	struct autoscaler *a = xcalloc(1, sizeof(*a));
	a->e = e;
	a->cancel = cancel;
	a->o = *o;
	a->o.cluster = xstrdup(o->cluster);
	a->o.job = o->job ? xstrdup(o->job) : NULL;
	if (a->o.rescale_timeout_ms <= 0)
		a->o.rescale_timeout_ms = 180000;
	rc = learn_cluster(a, err);
	if (rc < 0) {
		autoscaler_free(a);
		return rc;
	}
	int cap = (int)(o->cfg.window_ms / o->interval_ms) + 2;
	policy_window_init(&a->w, cap < 2 ? 2 : cap);
	*out = a;
	return 0;
}

void autoscaler_free(struct autoscaler *a)
{
	if (!a)
		return;
	policy_window_release(&a->w);
	flink_client_free(a->fc);
	free((char *)a->o.cluster);
	free((char *)a->o.job);
	free(a);
}

/* Which job to follow: the one followed so far while it lives, else the
 * one named, else the only running one. */
static int find_job(struct autoscaler *a, struct error *err)
{
	struct flink_job *jobs = NULL;
	int n = 0;
	int rc = flink_jobs_get(a->fc, &jobs, &n, err);
	if (rc < 0)
		return rc;
	for (int i = 0; a->job.hex[0] && i < n; i++)
		if (flink_id_equal(&jobs[i].id, &a->job) &&
		    !flink_job_state_ended(jobs[i].state)) {
			flink_jobs_free(jobs, n);
			return 0;
		}
	struct flink_id id;
	flink_id_set(&id, NULL);
	if (a->o.job) {
		rc = flink_job_resolve(jobs, n, a->o.job, &id, err);
	} else {
		int running = 0;
		for (int i = 0; i < n; i++)
			if (!flink_job_state_ended(jobs[i].state)) {
				running++;
				id = jobs[i].id;
			}
		if (running == 0)
			rc = error_set(err, ERR_NOTFOUND, "no job runs on cluster '%s'",
				       a->o.cluster);
		else if (running > 1)
			rc = error_set(err, ERR_USAGE,
				       "%d jobs run on cluster '%s': name one with --job",
				       running, a->o.cluster);
	}
	flink_jobs_free(jobs, n);
	if (rc == 0 && !flink_id_equal(&id, &a->job)) {
		a->job = id;
		a->running_since = 0;
		a->n_shape = 0;
		policy_window_clear(&a->w);
	}
	return rc;
}

/* Starts the window again when the job restarted or changed parallelism. */
static void track_shape(struct autoscaler *a, const struct flink_job *s)
{
	bool same = s->running_since == a->running_since && s->n_vertices == a->n_shape;
	for (int i = 0; same && i < s->n_vertices && i < POLICY_MAX_VERTICES; i++)
		same = a->shape[i] == s->v[i].parallelism;
	if (same)
		return;
	policy_window_clear(&a->w);
	a->prev_ms = 0;
	a->running_since = s->running_since;
	a->n_shape =
		s->n_vertices < POLICY_MAX_VERTICES ? s->n_vertices : POLICY_MAX_VERTICES;
	for (int i = 0; i < a->n_shape; i++)
		a->shape[i] = s->v[i].parallelism;
	if (s->running_since > a->last_change_ms)
		a->last_change_ms = s->running_since;
}

/* Rates over the interval since the previous read, from Flink's counters:
 * its per-second gauges average the last minute and would hide a step in
 * the load for that long. Busy and backpressured time come out as the mean
 * over the subtasks. Without a previous read (the first after a change)
 * there is no rate yet; a Flink without the counters keeps its gauges. */
void autoscale_rates(struct policy_vertex_sample *v, const struct flink_vertex_load *l,
		     const struct flink_vertex_load *prev, double dt_ms, int parallelism)
{
	bool counters = !isnan(l->records_in) && !isnan(l->busy_total_ms);
	v->pending = l->pending;
	if (!counters) {
		v->busy_ms = l->busy_ms;
		v->backpressured_ms = l->backpressured_ms;
		v->rate_in = l->rate_in;
		return;
	}
	v->busy_ms = v->backpressured_ms = v->rate_in = NAN;
	if (!prev || dt_ms < 500 || parallelism < 1)
		return;
	double per_slot_ms = dt_ms * parallelism;
	double records = l->records_in - prev->records_in;
	double busy = l->busy_total_ms - prev->busy_total_ms;
	double bp = l->backpressured_total_ms - prev->backpressured_total_ms;
	/* a counter that went back means the tasks restarted in between */
	if (records >= 0)
		v->rate_in = records / (dt_ms / 1000.0);
	if (busy >= 0)
		v->busy_ms = fmin(1000.0, busy / per_slot_ms * 1000.0);
	if (bp >= 0)
		v->backpressured_ms = fmin(1000.0, bp / per_slot_ms * 1000.0);
}

static int take_sample(struct autoscaler *a, const struct flink_job *s,
		       struct policy_sample *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	out->t_ms = clock_wall_ms();
	/* a job whose tasks are still being deployed is not steady yet */
	bool up = flink_job_all_running(s);
	out->state = s->state;
	out->tasks_up = up;
	out->n_vertices =
		s->n_vertices < POLICY_MAX_VERTICES ? s->n_vertices : POLICY_MAX_VERTICES;
	for (int i = 0; i < out->n_vertices; i++) {
		struct policy_vertex_sample *v = &out->v[i];
		const struct flink_vertex *f = &s->v[i];
		snprintf(v->name, sizeof(v->name), "%.47s", f->name);
		v->source = f->source;
		v->parallelism = f->parallelism;
		v->max_parallelism = f->max_parallelism;
		struct flink_vertex_load l = FLINK_VERTEX_LOAD_NONE;
		if (up) {
			int rc = flink_vertex_load_get(a->fc, &s->id, f, &l, err);
			if (rc < 0)
				return rc;
		}
		autoscale_rates(v, &l, a->prev_ms ? &a->prev[i] : NULL,
				(double)(out->t_ms - a->prev_ms), f->parallelism);
		a->prev[i] = l;
	}
	a->prev_ms = up ? out->t_ms : 0;
	return 0;
}

/* Waits until the job runs at p: every vertex at min(p, its ceiling), all
 * tasks up. A job that fails or ends instead failed the step. */
static int wait_parallelism(struct autoscaler *a, const struct flink_id *job, int p,
			    struct error *err)
{
	struct job_wait w = {
		.job = job,
		.goal = {.kind = JOB_GOAL_PARALLELISM, .parallelism = p},
		.timeout_ms = a->o.rescale_timeout_ms,
		.poll_ms = 250,
		.cluster = a->o.cluster,
	};
	return cluster_job_wait(a->fc, &w, a->cancel, NULL, err);
}

static int set_tms(struct autoscaler *a, int n, bool force,
		   const struct cluster_observer *obs, struct error *err)
{
	return cluster_scale(a->e, a->o.cluster, n, force, obs, a->cancel, NULL, err);
}

/* Waits up to 20 s for Flink to report n free slots. */
static void wait_free_slots(struct autoscaler *a, int n)
{
	double deadline = clock_now_s() + 20.0;
	while (clock_now_s() < deadline && !cancel_requested(a->cancel)) {
		struct flink_overview ov;
		struct error ignored;
		error_init(&ignored);
		if (flink_overview_get(a->fc, &ov, &ignored) == 0 &&
		    ov.slots_available >= n)
			return;
		clock_sleep_ms(500);
	}
}

/* Adaptive scheduler: the job takes the new slots (or gives some back) in
 * place, from its latest checkpoint, keeping its id. */
static int apply_in_place(struct autoscaler *a, const struct policy_decision *d,
			  const struct flink_job *s, const struct cluster_observer *obs,
			  char *msg, size_t n, struct error *err)
{
	int rc;
	if (d->action == POLICY_UP) {
		rc = set_tms(a, d->target_tms, false, obs, err);
		if (rc < 0)
			return error_prefix(err, "adding TaskManagers");
	}
	rc = flink_resource_requirements_put(a->fc, s, d->target_parallelism, err);
	if (rc == 0)
		rc = wait_parallelism(a, &s->id, d->target_parallelism, err);
	if (rc < 0) {
		struct error undo;
		error_init(&undo);
		/* back to where it was: the old requirements, then the old count */
		if (flink_resource_requirements_put(a->fc, s, d->parallelism, &undo) ==
			    0 &&
		    d->action == POLICY_UP)
			set_tms(a, d->tms, false, obs, &undo);
		return error_prefix(err, "rescaling job %s in place", s->id.hex);
	}
	if (d->action == POLICY_DOWN) {
		/* the job gives its freed slots back after slot.idle.timeout (5 s
		 * on clusters flink-cmd makes adaptive); then the TaskManagers
		 * left idle go without touching the job. Should the job still hold
		 * them, no task runs in those slots, so they may go anyway. */
		wait_free_slots(a, (d->tms - d->target_tms) * a->o.cfg.slots_per_tm);
		rc = set_tms(a, d->target_tms, false, obs, err);
		if (rc == ERR_USAGE)
			rc = set_tms(a, d->target_tms, true, obs, err);
		if (rc < 0)
			return error_prefix(err,
					    "job %s rescaled to %d, but removing "
					    "TaskManagers",
					    s->id.hex, d->target_parallelism);
	}
	snprintf(msg, n, "job %s rescaled in place to parallelism %d", s->id.hex,
		 d->target_parallelism);
	return 0;
}

/* Reactive mode: the job runs on every slot there is, so the TaskManager
 * count is the whole step; Flink restarts it from its latest checkpoint. */
static int apply_reactive(struct autoscaler *a, const struct policy_decision *d,
			  const struct flink_job *s, const struct cluster_observer *obs,
			  char *msg, size_t n, struct error *err)
{
	int rc = set_tms(a, d->target_tms, true, obs, err);
	int p = d->target_tms * a->o.cfg.slots_per_tm;
	if (rc == 0)
		rc = wait_parallelism(a, &s->id, p, err);
	if (rc < 0) {
		struct error undo;
		error_init(&undo);
		set_tms(a, d->tms, true, obs, &undo);
		return error_prefix(err, "reactive rescale of job %s", s->id.hex);
	}
	snprintf(msg, n, "reactive job %s follows to parallelism %d", s->id.hex, p);
	return 0;
}

/* A resubmission that did not come up: the savepoint holds the state, so
 * the job runs again from it as it was, on as many TaskManagers as before. */
static void undo_resubmit(struct autoscaler *a, const struct policy_decision *d,
			  const struct flink_job *s, const struct flink_id *new_id,
			  const char *savepoint, const struct cluster_observer *obs)
{
	struct error undo;
	error_init(&undo);
	struct flink_id back;
	if (new_id->hex[0])
		flink_job_cancel(a->fc, new_id, &undo);
	if (cluster_job_resubmit(a->e, a->o.cluster, &s->id, d->parallelism, savepoint,
				 &back, &undo) == 0)
		a->job = back;
	if (d->action == POLICY_UP)
		set_tms(a, d->tms, false, obs, &undo);
}

/* Default scheduler: stop with a savepoint, run the same jar again from it
 * at the new parallelism. State is kept; the job gets a new id and is down
 * from the savepoint until the new one runs. */
static int apply_resubmit(struct autoscaler *a, const struct policy_decision *d,
			  const struct flink_job *s, const struct cluster_observer *obs,
			  char *msg, size_t n, struct error *err)
{
	int rc = 0;
	if (d->action == POLICY_UP) {
		rc = set_tms(a, d->target_tms, false, obs, err);
		if (rc < 0)
			return error_prefix(err, "adding TaskManagers");
	}
	cluster_note(obs,
		     "job %s runs under the default scheduler: stopping it with a "
		     "savepoint to resubmit it at parallelism %d",
		     s->id.hex, d->target_parallelism);
	char *savepoint = NULL;
	struct flink_id new_id;
	flink_id_set(&new_id, NULL);
	rc = flink_savepoint(a->fc, &s->id, NULL, true, false, a->o.rescale_timeout_ms,
			     &savepoint, err);
	if (rc < 0) {
		struct error undo;
		error_init(&undo);
		if (d->action == POLICY_UP)
			set_tms(a, d->tms, false, obs, &undo);
		return error_prefix(err, "stopping job %s with a savepoint", s->id.hex);
	}
	rc = cluster_job_resubmit(a->e, a->o.cluster, &s->id, d->target_parallelism,
				  savepoint, &new_id, err);
	if (rc == 0)
		rc = wait_parallelism(a, &new_id, d->target_parallelism, err);
	if (rc < 0) {
		undo_resubmit(a, d, s, &new_id, savepoint, obs);
		error_prefix(err, "resubmitting job %s at parallelism %d", s->id.hex,
			     d->target_parallelism);
	} else {
		a->job = new_id;
		if (d->action == POLICY_DOWN &&
		    (rc = set_tms(a, d->target_tms, true, obs, err)) < 0)
			error_prefix(err,
				     "job resubmitted as %s, but removing TaskManagers",
				     new_id.hex);
	}
	if (rc == 0)
		snprintf(msg, n,
			 "job %s stopped with savepoint %s and resubmitted as %s at "
			 "parallelism %d",
			 s->id.hex, savepoint, new_id.hex, d->target_parallelism);
	free(savepoint);
	return rc;
}

static void fill_unreachable(struct autoscale_event *ev, const struct error *e)
{
	ev->kind = AUTOSCALE_EV_UNREACHABLE;
	snprintf(ev->message, sizeof(ev->message), "%.990s; trying again", e->msg);
}

/* The sampling half of a step: the job found and read, a sample pushed on
 * the window, and the TaskManager count now. Anything that did not answer
 * is said in ev and returns 1: the step ends there. */
static int sample(struct autoscaler *a, struct flink_job *s, int *tms,
		  struct autoscale_event *ev)
{
	struct error e;
	error_init(&e);
	if (!a->fc &&
	    cluster_flink_client(a->e, a->o.cluster, a->cancel, &a->fc, &e) < 0) {
		fill_unreachable(ev, &e);
		return 1;
	}
	int rc = find_job(a, &e);
	if (rc == ERR_NOTFOUND || rc == ERR_USAGE) {
		ev->kind = AUTOSCALE_EV_WAIT;
		snprintf(ev->message, sizeof(ev->message), "%s", e.msg);
		return 1;
	}
	if (rc < 0) {
		/* Flink may have moved (the cluster made again): look it up anew */
		flink_client_free(a->fc);
		a->fc = NULL;
		fill_unreachable(ev, &e);
		return 1;
	}
	ev->job = a->job;
	rc = flink_job_get(a->fc, &a->job, s, &e);
	if (rc == 0) {
		track_shape(a, s);
		rc = take_sample(a, s, &ev->sample, &e);
	}
	struct flink_overview ov;
	if (rc == 0) {
		/* a gap of several intervals (Flink away a while) breaks the window */
		if (a->last_sample_ms &&
		    ev->t_ms - a->last_sample_ms > 3 * a->o.interval_ms + 5000)
			policy_window_clear(&a->w);
		a->last_sample_ms = ev->t_ms;
		policy_window_push(&a->w, &ev->sample);
		rc = flink_overview_get(a->fc, &ov, &e);
	}
	if (rc < 0) {
		fill_unreachable(ev, &e);
		return 1;
	}
	*tms = ov.taskmanagers;
	return 0;
}

/* The applying half: the decision carried out the way the cluster allows.
 * A failed step counts as a change too: trying it again at once would only
 * fail again. */
static int apply(struct autoscaler *a, const struct flink_job *s,
		 const struct cluster_observer *obs, struct autoscale_event *ev,
		 struct error *err)
{
	double t0 = clock_now_s();
	char msg[ERROR_MSG_MAX] = "";
	struct error e;
	error_init(&e);
	int rc;
	if (a->mode == AUTOSCALE_IN_PLACE)
		rc = apply_in_place(a, &ev->d, s, obs, msg, sizeof(msg), &e);
	else if (a->mode == AUTOSCALE_REACTIVE)
		rc = apply_reactive(a, &ev->d, s, obs, msg, sizeof(msg), &e);
	else
		rc = apply_resubmit(a, &ev->d, s, obs, msg, sizeof(msg), &e);
	ev->seconds = clock_now_s() - t0;
	a->last_change_ms = clock_wall_ms();
	policy_window_clear(&a->w);
	if (rc == ERR_INTERRUPTED)
		return error_set(err, rc, "interrupted while scaling: %s", e.msg);
	if (rc < 0) {
		ev->kind = AUTOSCALE_EV_FAILED;
		snprintf(ev->message, sizeof(ev->message), "%.1000s; undone", e.msg);
		return 0;
	}
	ev->kind = AUTOSCALE_EV_APPLIED;
	snprintf(ev->message, sizeof(ev->message), "%d -> %d TaskManagers; %s", ev->d.tms,
		 ev->d.target_tms, msg);
	ev->job = a->job;
	return 0;
}

int autoscaler_step(struct autoscaler *a, const struct cluster_observer *obs,
		    struct autoscale_event *ev, struct error *err)
{
	memset(ev, 0, sizeof(*ev));
	ev->t_ms = clock_wall_ms();
	ev->mode = a->mode;
	ev->d.vertex = -1;
	if (cancel_requested(a->cancel))
		return error_set(err, ERR_INTERRUPTED, "interrupted");
	struct flink_job s;
	memset(&s, 0, sizeof(s));
	int tms = 0, rc = 0;
	if (sample(a, &s, &tms, ev) == 0) {
		policy_decide(&a->o.cfg, &a->w, tms, ev->t_ms, a->last_change_ms, &ev->d);
		ev->kind = AUTOSCALE_EV_DECISION;
		if (a->o.dry_run && ev->d.action != POLICY_HOLD)
			snprintf(ev->message, sizeof(ev->message),
				 "dry run: would scale %s to %d TaskManagers (%s)",
				 policy_action_name(ev->d.action), ev->d.target_tms,
				 autoscale_mode_name(a->mode));
		else if (ev->d.action != POLICY_HOLD)
			rc = apply(a, &s, obs, ev, err);
	}
	flink_job_release(&s);
	return rc;
}

static void add_num(cJSON *o, const char *key, double v)
{
	if (isnan(v) || isinf(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(v * 1000.0) / 1000.0);
}

char *autoscale_event_json(const struct autoscale_event *ev)
{
	cJSON *o = cJSON_CreateObject();
	json_add_i64(o, "t", ev->t_ms);
	cJSON_AddStringToObject(o, "event", autoscale_event_name(ev->kind));
	cJSON_AddStringToObject(o, "job", ev->job.hex);
	cJSON_AddStringToObject(o, "mode", autoscale_mode_name(ev->mode));
	if (ev->kind == AUTOSCALE_EV_DECISION || ev->kind == AUTOSCALE_EV_APPLIED ||
	    ev->kind == AUTOSCALE_EV_FAILED) {
		const struct policy_decision *d = &ev->d;
		cJSON_AddStringToObject(o, "action", policy_action_name(d->action));
		cJSON_AddNumberToObject(o, "taskmanagers", d->tms);
		cJSON_AddNumberToObject(o, "target_taskmanagers", d->target_tms);
		cJSON_AddNumberToObject(o, "parallelism", d->parallelism);
		cJSON_AddNumberToObject(o, "target_parallelism", d->target_parallelism);
		if (d->vertex >= 0 && d->vertex < ev->sample.n_vertices)
			cJSON_AddStringToObject(o, "vertex",
						ev->sample.v[d->vertex].name);
		else
			cJSON_AddNullToObject(o, "vertex");
		add_num(o, "utilization", d->utilization);
		add_num(o, "rate_in", d->rate_in);
		add_num(o, "true_rate", d->true_rate);
		cJSON_AddStringToObject(o, "reason", d->reason);
	}
	if (ev->kind == AUTOSCALE_EV_APPLIED || ev->kind == AUTOSCALE_EV_FAILED)
		add_num(o, "seconds", ev->seconds);
	cJSON_AddStringToObject(o, "message", ev->message);
	cJSON *vs = cJSON_AddArrayToObject(o, "vertices");
	for (int i = 0; i < ev->sample.n_vertices; i++) {
		const struct policy_vertex_sample *v = &ev->sample.v[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", v->name);
		cJSON_AddNumberToObject(x, "parallelism", v->parallelism);
		cJSON_AddBoolToObject(x, "source", v->source);
		add_num(x, "busy_ms", v->busy_ms);
		add_num(x, "backpressured_ms", v->backpressured_ms);
		add_num(x, "rate_in", v->rate_in);
		add_num(x, "pending", v->pending);
		cJSON_AddItemToArray(vs, x);
	}
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

void autoscale_event_text(const struct autoscale_event *ev, char *out, size_t n)
{
	const struct policy_decision *d = &ev->d;
	switch (ev->kind) {
	case AUTOSCALE_EV_DECISION:
		snprintf(out, n, "%-4s %d TM p=%d  %s%s%s", policy_action_name(d->action),
			 d->tms, d->parallelism, d->reason, ev->message[0] ? "  " : "",
			 ev->message);
		break;
	case AUTOSCALE_EV_APPLIED:
		snprintf(out, n, "%-4s %d -> %d TM p=%d -> %d in %.1fs  %s; %s",
			 policy_action_name(d->action), d->tms, d->target_tms,
			 d->parallelism, d->target_parallelism, ev->seconds, d->reason,
			 ev->message);
		break;
	case AUTOSCALE_EV_FAILED:
		snprintf(out, n, "FAILED %s %d -> %d TM: %s",
			 policy_action_name(d->action), d->tms, d->target_tms,
			 ev->message);
		break;
	default:
		snprintf(out, n, "%s  %s", autoscale_event_name(ev->kind), ev->message);
		break;
	}
}
