/* Two threads: the gatherer makes a snapshot per interval (stats of every
 * container in parallel, since the Engine takes about a second for each),
 * the worker runs one action at a time. Both only hand finished, immutable
 * results to the UI under a mutex and wake it through a pipe. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cluster/jobs.h"
#include "cluster/scale.h"
#include "flink/jobctl.h"
#include "util/parallel.h"
#include "tui/collector.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/clock.h"

/* How long the cancel key waits for Flink to report the job ended. */
#define CANCEL_WAIT_MS 60000

struct top_collector {
	struct cluster_engine *engine;
	char *name;
	int interval_ms;
	int wake_fd;
	pthread_t gatherer, worker;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, paused, poked;
	struct cancel cancel;       /* requested on stop: interrupts transfers */
	struct top_snapshot *fresh; /* published, not yet taken */
	/* the action queue of one */
	bool action_pending, action_busy;
	enum top_action_kind kind;
	int arg;
	char target[128];
	char message[ERROR_MSG_MAX];
	bool message_new;
	char *logs;
	/* the logs view follows its container until another action replaces it */
	char logs_target[128];
	/* the autoscaler thread: runs while autoscale_on */
	pthread_t autoscaler;
	bool autoscale_on;     /* asked for */
	bool autoscale_alive;  /* its thread has not ended yet */
	bool autoscale_thread; /* a thread was started (and is to be joined) */
	struct autoscale_opts autoscale_opts; /* job NULL; cluster borrowed from name */
	char autoscale_line[ERROR_MSG_MAX];
};

void top_snapshot_free(struct top_snapshot *s)
{
	if (!s)
		return;
	if (s->ok) {
		for (int i = 0; i < s->st.n_jobs; i++)
			flink_job_release(&s->details[i].detail);
		cluster_status_release(&s->st);
	}
	free(s->details);
	free(s->stats);
	free(s);
}

const struct flink_checkpoint_stats *
top_snapshot_checkpoints(const struct top_snapshot *s, const char *job_id)
{
	/* a refresh where Flink answered the jobs but not all else has jobs
	 * and no checkpoints */
	for (int i = 0; s && s->ok && s->st.checkpoints && i < s->st.n_jobs; i++)
		if (flink_id_is(&s->st.jobs[i].id, job_id))
			return &s->st.checkpoints[i];
	return NULL;
}

static void wake(struct top_collector *tc)
{
	char b = 1;
	ssize_t w = write(tc->wake_fd, &b, 1);
	(void)w; /* a full pipe already means "wake up" */
}

struct stats_job {
	struct top_collector *tc;
	struct top_snapshot *s;
};

static int one_stats(void *arg, int i, struct error *err)
{
	struct stats_job *j = arg;
	const struct cluster_member *m = &j->s->st.inv.members[i];
	/* a member without stats shows none: not worth failing the rest */
	if (m->state == MEMBER_RUNNING)
		cluster_engine_member_stats(j->tc->engine, m->id, &j->s->stats[i],
					    &j->tc->cancel, err);
	return 0;
}

static struct top_snapshot *gather(struct top_collector *tc)
{
	struct top_snapshot *s = xcalloc(1, sizeof(*s));
	struct error err;
	error_init(&err);
	if (cluster_status_load(tc->engine, tc->name, &s->st, &err) < 0) {
		snprintf(s->error, sizeof(s->error), "%s", err.msg);
	} else {
		s->ok = true;
		int n = s->st.inv.n_members;
		s->stats = xcalloc((size_t)(n ? n : 1), sizeof(*s->stats));
		struct stats_job j = {tc, s};
		parallel_for(n, 16, one_stats, &j, NULL);
		/* records in and out per job, from its vertices' counters */
		s->details = xcalloc((size_t)(s->st.n_jobs ? s->st.n_jobs : 1),
				     sizeof(*s->details));
		if (s->st.flink_ok && s->st.rest_url) {
			struct flink_client *fc =
				flink_client_new(s->st.rest_url, &tc->cancel);
			for (int i = 0; i < s->st.n_jobs; i++) {
				error_init(&err);
				struct top_job *d = &s->details[i];
				if (s->st.jobs[i].state == FLINK_JOB_RUNNING &&
				    flink_job_get(fc, &s->st.jobs[i].id, &d->detail,
						  &err) == 0)
					flink_job_backpressure(fc, &d->detail,
							       d->backpressure, &err);
			}
			flink_client_free(fc);
		}
	}
	s->taken_ms = clock_wall_ms();
	return s;
}

static void *gatherer_main(void *arg)
{
	struct top_collector *tc = arg;
	pthread_mutex_lock(&tc->lock);
	while (!tc->stop) {
		bool paused = tc->paused && !tc->poked;
		tc->poked = false;
		pthread_mutex_unlock(&tc->lock);
		if (!paused) {
			struct top_snapshot *s = gather(tc);
			pthread_mutex_lock(&tc->lock);
			top_snapshot_free(tc->fresh);
			tc->fresh = s;
			pthread_mutex_unlock(&tc->lock);
			wake(tc);
		}
		pthread_mutex_lock(&tc->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += tc->interval_ms / 1000;
		until.tv_nsec += (long)(tc->interval_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!tc->stop && !tc->poked &&
		       pthread_cond_timedwait(&tc->cond, &tc->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&tc->lock);
	return NULL;
}

/* The newest lines of a container's logs, for the logs view. */
struct log_buf {
	struct strbuf sb;
};

static int on_log(void *arg, enum member_stream s, const char *data, size_t len,
		  struct error *err)
{
	(void)s;
	(void)err;
	struct log_buf *b = arg;
	strbuf_add(&b->sb, data, len);
	return 0;
}

static void run_action(struct top_collector *tc, enum top_action_kind kind, int arg,
		       const char *target, char *msg, size_t n)
{
	struct error err;
	error_init(&err);
	int rc = 0;
	if (kind == TOP_ACTION_SCALE) {
		struct cluster_scale_result r;
		rc = cluster_scale(tc->engine, tc->name, arg, false, NULL, &tc->cancel,
				   &r, &err);
		if (rc == 0)
			snprintf(msg, n, "scaled from %d to %d TaskManagers in %.1fs",
				 r.from, r.to, r.seconds);
	} else if (kind == TOP_ACTION_LOGS) {
		struct log_buf b;
		strbuf_init(&b.sb, 4 << 20);
		struct member_logs_opts o = {.tail = 300, .cancel = &tc->cancel};
		rc = cluster_engine_member_logs(tc->engine, target, &o, on_log, &b, &err);
		pthread_mutex_lock(&tc->lock);
		free(tc->logs);
		tc->logs = strbuf_detach(&b.sb, NULL);
		pthread_mutex_unlock(&tc->lock);
		strbuf_release(&b.sb);
		msg[0] = '\0';
	} else {
		struct flink_client *fc = NULL;
		struct flink_id job;
		flink_id_set(&job, target);
		rc = cluster_flink_client(tc->engine, tc->name, &tc->cancel, &fc, &err);
		char *location = NULL;
		if (rc == 0 && kind == TOP_ACTION_SAVEPOINT)
			rc = flink_savepoint(fc, &job, NULL, false, false, 300000,
					     &location, &err);
		else if (rc == 0)
			rc = cluster_job_cancel(fc, &job, CANCEL_WAIT_MS, &tc->cancel,
						&err);
		if (rc == 0)
			snprintf(msg, n,
				 kind == TOP_ACTION_SAVEPOINT ? "savepoint %s"
							      : "cancelled job %.8s",
				 kind == TOP_ACTION_SAVEPOINT ? location : target);
		free(location);
		flink_client_free(fc);
	}
	if (rc < 0)
		snprintf(msg, n, "failed: %.900s", err.msg);
}

static void *worker_main(void *arg)
{
	struct top_collector *tc = arg;
	pthread_mutex_lock(&tc->lock);
	for (;;) {
		while (!tc->stop && !tc->action_pending)
			pthread_cond_wait(&tc->cond, &tc->lock);
		if (tc->stop)
			break;
		enum top_action_kind kind = tc->kind;
		int a = tc->arg;
		char target[128];
		snprintf(target, sizeof(target), "%s", tc->target);
		tc->action_pending = false;
		tc->action_busy = true;
		pthread_mutex_unlock(&tc->lock);
		char msg[ERROR_MSG_MAX];
		run_action(tc, kind, a, target, msg, sizeof(msg));
		pthread_mutex_lock(&tc->lock);
		tc->action_busy = false;
		if (msg[0]) {
			snprintf(tc->message, sizeof(tc->message), "%s", msg);
			tc->message_new = true;
		}
		tc->poked = true; /* show the action's effect at once */
		pthread_cond_broadcast(&tc->cond);
		pthread_mutex_unlock(&tc->lock);
		wake(tc);
		pthread_mutex_lock(&tc->lock);
	}
	pthread_mutex_unlock(&tc->lock);
	return NULL;
}

static void autoscale_publish(struct top_collector *tc, const char *line)
{
	pthread_mutex_lock(&tc->lock);
	snprintf(tc->autoscale_line, sizeof(tc->autoscale_line), "%.1000s", line);
	pthread_mutex_unlock(&tc->lock);
	wake(tc);
}

/* Sleeps up to ms, or until stopped or switched off; true to go on. */
static bool autoscale_wait(struct top_collector *tc, int64_t ms)
{
	double until = clock_now_ms() + (double)ms;
	pthread_mutex_lock(&tc->lock);
	while (!tc->stop && tc->autoscale_on && clock_now_ms() < until) {
		pthread_mutex_unlock(&tc->lock);
		clock_sleep_ms(100);
		pthread_mutex_lock(&tc->lock);
	}
	bool go = !tc->stop && tc->autoscale_on;
	pthread_mutex_unlock(&tc->lock);
	return go;
}

static void *autoscaler_main(void *arg)
{
	struct top_collector *tc = arg;
	pthread_mutex_lock(&tc->lock);
	struct autoscale_opts o = tc->autoscale_opts;
	pthread_mutex_unlock(&tc->lock);
	o.cluster = tc->name;
	struct autoscaler *a = NULL;
	struct error err;
	error_init(&err);
	if (autoscaler_new(tc->engine, &o, &tc->cancel, &a, &err) < 0) {
		char line[ERROR_MSG_MAX + 32];
		snprintf(line, sizeof(line), "off: %s", err.msg);
		pthread_mutex_lock(&tc->lock);
		tc->autoscale_on = false;
		tc->autoscale_alive = false;
		pthread_mutex_unlock(&tc->lock);
		autoscale_publish(tc, line);
		return NULL;
	}
	do {
		struct autoscale_event ev;
		if (autoscaler_step(a, NULL, &ev, &err) < 0)
			break;
		char line[2 * ERROR_MSG_MAX];
		autoscale_event_text(&ev, line, sizeof(line));
		autoscale_publish(tc, line);
		if (ev.kind == AUTOSCALE_EV_APPLIED || ev.kind == AUTOSCALE_EV_FAILED)
			top_collector_poke(tc);
	} while (autoscale_wait(tc, o.interval_ms));
	autoscaler_free(a);
	pthread_mutex_lock(&tc->lock);
	tc->autoscale_alive = false;
	if (!tc->autoscale_on)
		tc->autoscale_line[0] = '\0';
	pthread_mutex_unlock(&tc->lock);
	wake(tc);
	return NULL;
}

bool top_collector_autoscale(struct top_collector *tc, bool on,
			     const struct autoscale_opts *o)
{
	pthread_mutex_lock(&tc->lock);
	if (!on) {
		tc->autoscale_on = false;
		snprintf(tc->autoscale_line, sizeof(tc->autoscale_line),
			 tc->autoscale_alive ? "stopping after its step" : "");
		pthread_mutex_unlock(&tc->lock);
		return true;
	}
	bool alive = tc->autoscale_alive;
	pthread_mutex_unlock(&tc->lock);
	if (alive)
		return false; /* the previous loop is still finishing a step */
	if (tc->autoscale_thread)
		pthread_join(tc->autoscaler, NULL); /* ended: returns at once */
	pthread_mutex_lock(&tc->lock);
	tc->autoscale_on = true;
	tc->autoscale_alive = true;
	tc->autoscale_opts = *o;
	snprintf(tc->autoscale_line, sizeof(tc->autoscale_line), "starting");
	pthread_mutex_unlock(&tc->lock);
	pthread_create(&tc->autoscaler, NULL, autoscaler_main, tc);
	tc->autoscale_thread = true;
	return true;
}

bool top_collector_autoscale_line(struct top_collector *tc, char *out, size_t n)
{
	pthread_mutex_lock(&tc->lock);
	bool on = tc->autoscale_on;
	snprintf(out, n, "%s", tc->autoscale_line);
	pthread_mutex_unlock(&tc->lock);
	return on;
}

struct top_collector *top_collector_new(struct cluster_engine *e, const char *name,
					int interval_ms, int wake_fd)
{
	struct top_collector *tc = xcalloc(1, sizeof(*tc));
	tc->engine = e;
	tc->name = xstrdup(name);
	tc->interval_ms = interval_ms;
	tc->wake_fd = wake_fd;
	cancel_init(&tc->cancel);
	pthread_mutex_init(&tc->lock, NULL);
	pthread_cond_init(&tc->cond, NULL);
	pthread_create(&tc->gatherer, NULL, gatherer_main, tc);
	pthread_create(&tc->worker, NULL, worker_main, tc);
	return tc;
}

void top_collector_free(struct top_collector *tc)
{
	if (!tc)
		return;
	pthread_mutex_lock(&tc->lock);
	tc->stop = true;
	cancel_request(&tc->cancel);
	pthread_cond_broadcast(&tc->cond);
	pthread_mutex_unlock(&tc->lock);
	pthread_join(tc->gatherer, NULL);
	pthread_join(tc->worker, NULL);
	if (tc->autoscale_thread)
		pthread_join(tc->autoscaler, NULL);
	top_snapshot_free(tc->fresh);
	pthread_mutex_destroy(&tc->lock);
	pthread_cond_destroy(&tc->cond);
	free(tc->logs);
	free(tc->name);
	free(tc);
}

struct top_snapshot *top_collector_take(struct top_collector *tc)
{
	pthread_mutex_lock(&tc->lock);
	struct top_snapshot *s = tc->fresh;
	tc->fresh = NULL;
	pthread_mutex_unlock(&tc->lock);
	return s;
}

void top_collector_pause(struct top_collector *tc, bool paused)
{
	pthread_mutex_lock(&tc->lock);
	tc->paused = paused;
	pthread_cond_broadcast(&tc->cond);
	pthread_mutex_unlock(&tc->lock);
}

void top_collector_poke(struct top_collector *tc)
{
	pthread_mutex_lock(&tc->lock);
	tc->poked = true;
	pthread_cond_broadcast(&tc->cond);
	pthread_mutex_unlock(&tc->lock);
}

bool top_collector_act(struct top_collector *tc, enum top_action_kind kind, int arg,
		       const char *target)
{
	pthread_mutex_lock(&tc->lock);
	bool ok = !tc->action_pending && !tc->action_busy;
	if (ok) {
		tc->kind = kind;
		tc->arg = arg;
		snprintf(tc->target, sizeof(tc->target), "%s", target ? target : "");
		tc->action_pending = true;
		pthread_cond_broadcast(&tc->cond);
	}
	pthread_mutex_unlock(&tc->lock);
	return ok;
}

bool top_collector_message(struct top_collector *tc, char *out, size_t n, bool *busy)
{
	pthread_mutex_lock(&tc->lock);
	bool fresh = tc->message_new;
	if (fresh)
		snprintf(out, n, "%s", tc->message);
	tc->message_new = false;
	*busy = tc->action_busy || tc->action_pending;
	pthread_mutex_unlock(&tc->lock);
	return fresh;
}

char *top_collector_logs(struct top_collector *tc)
{
	pthread_mutex_lock(&tc->lock);
	char *l = tc->logs ? xstrdup(tc->logs) : NULL;
	pthread_mutex_unlock(&tc->lock);
	return l;
}
