/* Autoscaling policies as pure functions: per-vertex window statistics in,
 * one decision (hold, up, down) with a one-line reason out. The utilization
 * policy follows the Flink Kubernetes operator's autoscaler (true processing
 * rate = records in / busy fraction); tuples-per-slot keeps each subtask
 * under N records per second. No I/O, no clock, no allocation in
 * policy_decide; the window is a ring buffer the caller owns. */
#include "autoscale/policy.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Flink's own ceiling for max parallelism: a vertex that does not say its
 * ceiling is capped here, not at infinity. */
#define VERTEX_MAX_PARALLELISM 32768

/* Busy time saturates at 1000 ms/s, so a vertex that cannot keep up reads
 * about 1.0 and never more; without a backlog metric an upper edge of 1.0
 * would never trigger. */
#define UTILIZATION_UP_CAP 0.9

/* A source backpressured this much of the time emits less than it could:
 * the job behind it does not keep up. */
#define BEHIND_BACKPRESSURE 0.1

/* tuples-per-slot scales down only when the busiest rate fits the fewer
 * slots at 80% of N, so a rate hovering at N does not flap. */
#define TUPLES_DOWN_HEADROOM 0.8

/* The span of usable samples a decision needs, as a share of window_ms:
 * samples come every interval with some jitter, so "the whole window"
 * arrives up to one interval late. */
#define WINDOW_FILLED 0.9

void policy_window_init(struct policy_window *w, int cap)
{
	if (cap < 1)
		cap = 1;
	w->s = xcalloc((size_t)cap, sizeof(*w->s));
	w->cap = cap;
	w->n = 0;
	w->head = 0;
}

void policy_window_release(struct policy_window *w)
{
	free(w->s);
	memset(w, 0, sizeof(*w));
}

void policy_window_clear(struct policy_window *w)
{
	w->n = 0;
	w->head = 0;
}

void policy_window_push(struct policy_window *w, const struct policy_sample *s)
{
	if (w->cap < 1)
		return;
	if (w->n < w->cap) {
		w->s[(w->head + w->n) % w->cap] = *s;
		w->n++;
		return;
	}
	w->s[w->head] = *s;
	w->head = (w->head + 1) % w->cap;
}

const struct policy_sample *policy_window_at(const struct policy_window *w, int i)
{
	if (i < 0 || i >= w->n)
		return NULL;
	return &w->s[(w->head + i) % w->cap];
}

void policy_config_defaults(struct policy_config *c)
{
	memset(c, 0, sizeof(*c));
	c->policy = POLICY_UTILIZATION;
	c->min_tms = 1;
	c->max_tms = 4;
	c->memory_max_tms = 0;
	c->slots_per_tm = 1;
	c->target_utilization = 0.7;
	c->utilization_band = 0.3;
	c->tuples_per_slot = 1000;
	c->window_ms = 60000;
	c->stabilization_ms = 30000;
	c->cooldown_ms = 120000;
	c->scale_down_max_factor = 0.6;
	c->catch_up_ms = 300000;
}

int policy_config_check(const struct policy_config *c, struct error *err)
{
	double t = c->target_utilization, band = c->utilization_band;
	if (c->policy != POLICY_UTILIZATION && c->policy != POLICY_TUPLES_PER_SLOT)
		return error_set(
			err, ERR_USAGE,
			"unknown policy %d: choose utilization or tuples-per-slot",
			(int)c->policy);
	if (c->min_tms < 1)
		return error_set(
			err, ERR_USAGE,
			"--min %d is out of range: the autoscaler keeps at least 1 "
			"TaskManager",
			c->min_tms);
	if (c->max_tms < c->min_tms)
		return error_set(err, ERR_USAGE, "--max %d is below --min %d", c->max_tms,
				 c->min_tms);
	if (c->memory_max_tms < 0)
		return error_set(
			err, ERR_USAGE,
			"a memory cap of %d TaskManagers is out of range: give 0 "
			"(not known) or more",
			c->memory_max_tms);
	if (c->slots_per_tm < 1)
		return error_set(
			err, ERR_USAGE,
			"%d slots per TaskManager is out of range: a TaskManager "
			"has at least 1 slot",
			c->slots_per_tm);
	/* !(x >= lo) also catches NAN */
	if (!(t >= 0.1 && t <= 0.95))
		return error_set(err, ERR_USAGE,
				 "--target-utilization %g is out of range: give a busy "
				 "fraction between 0.1 and 0.95",
				 t);
	if (!(band >= 0 && t - band >= 0))
		return error_set(err, ERR_USAGE,
				 "a utilization band of %g is out of range: give 0 to %g "
				 "so that the target minus the band stays at or above 0",
				 band, t);
	if (!(c->tuples_per_slot > 0) || isinf(c->tuples_per_slot))
		return error_set(err, ERR_USAGE,
				 "--tuples-per-slot %g is out of range: give records per "
				 "second per slot above 0",
				 c->tuples_per_slot);
	if (c->window_ms <= 0)
		return error_set(err, ERR_USAGE,
				 "--window %lldms is out of range: give a metrics window "
				 "longer than 0s",
				 (long long)c->window_ms);
	if (c->stabilization_ms < 0)
		return error_set(
			err, ERR_USAGE,
			"--stabilization %lldms is out of range: give 0s or more",
			(long long)c->stabilization_ms);
	if (c->cooldown_ms < 0)
		return error_set(err, ERR_USAGE,
				 "--cooldown %lldms is out of range: give 0s or more",
				 (long long)c->cooldown_ms);
	if (!(c->scale_down_max_factor > 0 && c->scale_down_max_factor <= 1))
		return error_set(
			err, ERR_USAGE,
			"a scale-down factor of %g is out of range: give a fraction "
			"above 0 and at most 1",
			c->scale_down_max_factor);
	if (c->catch_up_ms <= 0)
		return error_set(err, ERR_USAGE,
				 "a catch-up time of %lldms is out of range: give a time "
				 "longer than 0s",
				 (long long)c->catch_up_ms);
	return 0;
}

int policy_parse(const char *text, struct policy_config *c, struct error *err)
{
	static const char seed[] = "TUPLES_PER_THREAD__";
	if (strcmp(text, "utilization") == 0) {
		c->policy = POLICY_UTILIZATION;
		return 0;
	}
	if (strcmp(text, "tuples-per-slot") == 0) {
		c->policy = POLICY_TUPLES_PER_SLOT;
		return 0;
	}
	if (strncmp(text, seed, sizeof(seed) - 1) == 0) {
		const char *num = text + sizeof(seed) - 1;
		char *end = NULL;
		double n = strtod(num, &end);
		if (end != num && *end == '\0' && isfinite(n) && n > 0) {
			c->policy = POLICY_TUPLES_PER_SLOT;
			c->tuples_per_slot = n;
			return 0;
		}
		return error_set(
			err, ERR_USAGE,
			"policy '%s' needs a positive number of records per second "
			"after TUPLES_PER_THREAD__ (such as TUPLES_PER_THREAD__500)",
			text);
	}
	return error_set(err, ERR_USAGE,
			 "unknown policy '%s': choose utilization or tuples-per-slot (or "
			 "TUPLES_PER_THREAD__N)",
			 text);
}

const char *policy_name(enum policy_kind k)
{
	switch (k) {
	case POLICY_UTILIZATION:
		return "utilization";
	case POLICY_TUPLES_PER_SLOT:
		return "tuples-per-slot";
	}
	return "unknown";
}

const char *policy_action_name(enum policy_action a)
{
	switch (a) {
	case POLICY_HOLD:
		return "hold";
	case POLICY_UP:
		return "up";
	case POLICY_DOWN:
		return "down";
	}
	return "unknown";
}

/* Appends to a NUL-terminated buffer of n bytes; the tail of a reason that
 * does not fit is cut, which beats no reason. */
__attribute__((format(printf, 3, 4))) static void addf(char *buf, size_t n,
						       const char *fmt, ...)
{
	size_t len = strnlen(buf, n);
	if (len + 1 >= n)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

static int64_t secs_up(int64_t ms)
{
	return ms <= 0 ? 0 : (ms + 999) / 1000;
}

/* ceil() that does not turn 0.7 / 0.7 * 1 into 2 through rounding. */
static int ceil_int(double x)
{
	if (!(x > 0))
		return 0;
	if (x > VERTEX_MAX_PARALLELISM)
		return VERTEX_MAX_PARALLELISM;
	return (int)ceil(x - 1e-9);
}

enum metric { METRIC_BUSY, METRIC_BACKPRESSURE, METRIC_RATE, METRIC_PENDING };

static double metric_of(const struct policy_sample *s, int vi, enum metric m)
{
	if (vi >= s->n_vertices)
		return NAN;
	const struct policy_vertex_sample *v = &s->v[vi];
	double x;
	switch (m) {
	case METRIC_BUSY:
		x = v->busy_ms / 1000.0;
		break;
	case METRIC_BACKPRESSURE:
		x = v->backpressured_ms / 1000.0;
		break;
	case METRIC_RATE:
		return isfinite(v->rate_in) && v->rate_in >= 0 ? v->rate_in : NAN;
	case METRIC_PENDING:
		return isfinite(v->pending) && v->pending >= 0 ? v->pending : NAN;
	default:
		return NAN;
	}
	if (!isfinite(x))
		return NAN;
	/* subtask maxima may overshoot a little when the metric's clock skews */
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* One metric of one vertex over the usable samples. */
struct summary {
	bool ok;    /* valid in at least half of the samples */
	double avg; /* of the valid values; NAN unless ok */
	double max;
	double first; /* oldest and newest valid value */
	double last;
};

static struct summary summarize(const struct policy_window *w, int first, int vi,
				enum metric m)
{
	struct summary r = {false, NAN, NAN, NAN, NAN};
	int valid = 0;
	double sum = 0;
	for (int i = first; i < w->n; i++) {
		double x = metric_of(policy_window_at(w, i), vi, m);
		if (isnan(x))
			continue;
		if (valid == 0) {
			r.first = x;
			r.max = x;
		}
		r.max = x > r.max ? x : r.max;
		r.last = x;
		sum += x;
		valid++;
	}
	/* a metric seen in fewer than half the samples is a guess, not a
	 * measurement: the vertex counts as missing it */
	r.ok = valid > 0 && 2 * valid >= w->n - first;
	if (r.ok)
		r.avg = sum / valid;
	return r;
}

enum need { NEED_NONE, NEED_UP, NEED_DOWN };

struct vertex_view {
	const struct policy_vertex_sample *v; /* in the newest sample */
	int p;
	int cap;     /* the most it may run at */
	bool pinned; /* cannot grow */
	bool missing;
	struct summary busy, bp, rate, pending;
	double ratio; /* target rate / rate in: above 1 with a backlog */
	enum need need;
	int p_req;
};

struct job_view {
	const struct policy_config *c;
	const struct policy_window *w;
	int first; /* the oldest usable sample */
	int n;
	struct vertex_view v[POLICY_MAX_VERTICES];
	bool behind;
	char behind_why[96];
};

static void view_vertices(struct job_view *j)
{
	const struct policy_sample *last = policy_window_at(j->w, j->w->n - 1);
	j->n = last->n_vertices < 0                     ? 0
	       : last->n_vertices > POLICY_MAX_VERTICES ? POLICY_MAX_VERTICES
							: last->n_vertices;
	for (int i = 0; i < j->n; i++) {
		struct vertex_view *x = &j->v[i];
		memset(x, 0, sizeof(*x));
		x->v = &last->v[i];
		x->p = x->v->parallelism < 1 ? 1 : x->v->parallelism;
		x->cap = x->v->max_parallelism > 0 ? x->v->max_parallelism
						   : VERTEX_MAX_PARALLELISM;
		x->pinned = x->cap <= x->p;
		if (x->cap < x->p)
			x->cap = x->p;
		x->busy = summarize(j->w, j->first, i, METRIC_BUSY);
		x->bp = summarize(j->w, j->first, i, METRIC_BACKPRESSURE);
		x->rate = summarize(j->w, j->first, i, METRIC_RATE);
		x->pending = summarize(j->w, j->first, i, METRIC_PENDING);
		x->ratio = 1;
		x->p_req = x->p;
	}
}

/* Falling behind: demand is above what the job takes in. A source held back
 * by backpressure or a backlog that grows says so even when busy time, which
 * saturates, does not. Also works out the catch-up: each source's target
 * rate is its rate plus its backlog spread over catch_up_ms. */
static void view_demand(struct job_view *j)
{
	double rate = 0, target = 0;
	for (int i = 0; i < j->n; i++) {
		struct vertex_view *x = &j->v[i];
		if (!x->v->source)
			continue;
		if (!j->behind && x->bp.ok && x->bp.avg >= BEHIND_BACKPRESSURE) {
			j->behind = true;
			snprintf(j->behind_why, sizeof(j->behind_why),
				 "'%s' backpressured %.2f", x->v->name, x->bp.avg);
		}
		if (!j->behind && x->pending.ok && x->pending.avg > 0 &&
		    x->pending.last > x->pending.first) {
			j->behind = true;
			snprintf(j->behind_why, sizeof(j->behind_why),
				 "'%s' backlog growing to %.0f", x->v->name,
				 x->pending.last);
		}
		if (!x->rate.ok || !(x->rate.avg > 0))
			continue;
		double catch_up = x->pending.ok ? x->pending.avg * 1000.0 /
							  (double)j->c->catch_up_ms
						: 0;
		x->ratio = (x->rate.avg + catch_up) / x->rate.avg;
		rate += x->rate.avg;
		target += x->rate.avg + catch_up;
	}
	/* Without the job graph's edges, every vertex downstream is taken to
	 * carry the sources' extra rate in proportion: the backlog has to pass
	 * through the bottleneck, which is rarely the source itself. */
	double job_ratio = rate > 0 ? target / rate : 1;
	for (int i = 0; i < j->n; i++)
		if (!j->v[i].v->source)
			j->v[i].ratio = job_ratio;
}

/* Subtasks that bring a vertex busy u at p to the target with the extra
 * demand ratio: p * (target rate / true processing rate) / target. */
static int size_for(const struct vertex_view *x, double u, double target)
{
	double ratio = x->rate.ok && x->rate.avg > 0 ? x->ratio : 1;
	int p = ceil_int(x->p * u * ratio / target);
	return p < 1 ? 1 : p > x->cap ? x->cap : p;
}

static double edge_up(const struct policy_config *c)
{
	double t = c->target_utilization;
	double up = t + c->utilization_band;
	if (up > UTILIZATION_UP_CAP)
		up = UTILIZATION_UP_CAP;
	/* a target above the cap keeps its own value as the edge, or every
	 * vertex at the target would count as overloaded */
	return up < t ? t : up;
}

static void utilization_needs(struct job_view *j)
{
	double t = j->c->target_utilization;
	double lo = t - j->c->utilization_band, hi = edge_up(j->c);
	for (int i = 0; i < j->n; i++) {
		struct vertex_view *x = &j->v[i];
		x->missing = !x->busy.ok;
		if (x->missing)
			continue;
		/* up on the average, so a short spike is ignored; down on the
		 * maximum, so one spike in the window blocks it */
		if (x->busy.avg > hi || (j->behind && x->busy.avg >= t)) {
			x->need = NEED_UP;
			/* busy time cannot show how far demand is above
			 * capacity: a vertex that needs more gets at least one
			 * more subtask */
			int p = size_for(x, x->busy.avg, t);
			if (p <= x->p)
				p = x->p + 1 > x->cap ? x->cap : x->p + 1;
			x->p_req = p;
		} else if (!j->behind && x->busy.max < lo) {
			int p = size_for(x, x->busy.max, t);
			/* at p=1 it cannot shrink, but it still tells the job
			 * that it could live on fewer TaskManagers */
			if (p < x->p || p == 1) {
				x->need = NEED_DOWN;
				x->p_req = p;
			}
		}
	}
}

static void tuples_needs(struct job_view *j)
{
	double n = j->c->tuples_per_slot;
	for (int i = 0; i < j->n; i++) {
		struct vertex_view *x = &j->v[i];
		x->missing = !x->rate.ok;
		if (x->missing)
			continue;
		if (x->rate.avg / x->p > n) {
			int p = ceil_int(x->rate.avg / n);
			x->need = NEED_UP;
			x->p_req = p > x->cap ? x->cap : p;
			if (x->p_req <= x->p && !x->pinned)
				x->p_req = x->p + 1 > x->cap ? x->cap : x->p + 1;
		} else {
			int p = ceil_int(x->rate.max / (TUPLES_DOWN_HEADROOM * n));
			if (p < 1)
				p = 1;
			if (p < x->p || p == 1) {
				x->need = NEED_DOWN;
				x->p_req = p;
			}
		}
	}
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void describe_vertex(const struct job_view *j, int i, struct policy_decision *out)
{
	const struct vertex_view *x = &j->v[i];
	out->vertex = i;
	out->utilization = x->busy.ok ? x->busy.avg : NAN;
	out->rate_in = x->rate.ok ? x->rate.avg : NAN;
	out->true_rate = x->busy.ok && x->rate.ok && x->busy.avg > 0.01 && x->rate.avg > 0
				 ? x->rate.avg / x->busy.avg
				 : NAN;
}

/* What the policy wants before limits, cooldown and the step bound. */
struct candidate {
	enum policy_action action;
	int p; /* job parallelism wanted */
	char why[POLICY_REASON_MAX];
};

/* The vertex with the largest p_req among those that need `need` and are
 * free to grow (for UP), or the busiest among those with metrics. -1 when
 * none. */
static int pick_vertex(const struct job_view *j, enum need need, bool use_rate)
{
	int best = -1;
	for (int i = 0; i < j->n; i++) {
		const struct vertex_view *x = &j->v[i];
		if (x->missing || x->pinned || (need != NEED_NONE && x->need != need))
			continue;
		if (best < 0) {
			best = i;
			continue;
		}
		const struct vertex_view *b = &j->v[best];
		bool better;
		if (need == NEED_UP)
			better = x->p_req > b->p_req;
		else if (use_rate)
			better = x->rate.max / x->p > b->rate.max / b->p;
		else
			better = x->busy.avg > b->busy.avg;
		if (better)
			best = i;
	}
	return best;
}

/* Sums up the vertices' needs: up when any free vertex needs more, down
 * when every free vertex with metrics needs less and none lacks them. */
static void job_candidate(const struct job_view *j, int p_cur, struct candidate *k,
			  int *missing, int *free_vertices, bool *any_up, bool *all_down)
{
	*missing = -1;
	*free_vertices = 0;
	*any_up = false;
	*all_down = true;
	int measured = 0;
	k->p = 1;
	for (int i = 0; i < j->n; i++) {
		const struct vertex_view *x = &j->v[i];
		/* a pinned vertex was capped at its parallelism, so it never
		 * asks for more than it has */
		int p = x->missing ? x->p : x->p_req;
		if (p > k->p)
			k->p = p;
		if (x->pinned)
			continue;
		(*free_vertices)++;
		if (x->missing) {
			if (*missing < 0)
				*missing = i;
			continue;
		}
		measured++;
		if (x->need == NEED_UP)
			*any_up = true;
		if (x->need != NEED_DOWN)
			*all_down = false;
	}
	/* never act on a guess: a vertex without metrics might need every
	 * subtask it has */
	if (measured == 0 || *missing >= 0)
		*all_down = false;
	if (*any_up && k->p < p_cur)
		k->p = p_cur;
}

/* What both policies settle before they weigh the load: a job with no
 * vertex that can grow, or without the metric the policy reads (the rate
 * when use_rate, else busy time), holds. False then, with k's reason. */
static bool candidate_start(struct job_view *j, int p_cur, struct candidate *k,
			    bool use_rate, int *missing, bool *any_up, bool *all_down)
{
	int free_vertices;
	job_candidate(j, p_cur, k, missing, &free_vertices, any_up, all_down);
	k->action = POLICY_HOLD;
	if (free_vertices == 0) {
		snprintf(k->why, sizeof(k->why),
			 "every vertex runs at its max parallelism: nothing to scale");
		return false;
	}
	if (pick_vertex(j, NEED_NONE, use_rate) < 0) {
		snprintf(k->why, sizeof(k->why), "no %s metrics for vertex '%s'",
			 use_rate ? "rate" : "busy-time", j->v[*missing].v->name);
		return false;
	}
	return true;
}

/* The utilization policy's band: below lo a vertex could shrink, above hi
 * it must grow; t is the target. */
struct band {
	double lo, t, hi;
};

/* Up: the vertex that needs the most says why. */
static void why_up(struct job_view *j, struct band b, struct candidate *k,
		   struct policy_decision *out)
{
	int i = pick_vertex(j, NEED_UP, false);
	const struct vertex_view *x = &j->v[i];
	describe_vertex(j, i, out);
	k->action = POLICY_UP;
	if (x->busy.avg > b.hi)
		snprintf(k->why, sizeof(k->why), "vertex '%s' busy %.2f > %.2f",
			 x->v->name, x->busy.avg, b.hi);
	else
		snprintf(k->why, sizeof(k->why),
			 "vertex '%s' busy %.2f >= %.2f while the job falls "
			 "behind (%s)",
			 x->v->name, x->busy.avg, b.t, j->behind_why);
	if (!isnan(out->true_rate))
		addf(k->why, sizeof(k->why),
		     " at %.0f rec/s (capacity %.0f rec/s at p=%d)", out->rate_in,
		     out->true_rate, x->p);
	addf(k->why, sizeof(k->why), ": needs p=%d for %.2f", x->p_req, b.t);
	if (x->ratio > 1.001 && x->rate.ok && x->rate.avg > 0)
		addf(k->why, sizeof(k->why), " with a catch-up of %.0f rec/s",
		     x->rate.avg * (x->ratio - 1));
}

static void why_hold(struct job_view *j, struct band b, int missing, struct candidate *k,
		     struct policy_decision *out);

static void utilization_candidate(struct job_view *j, int p_cur, struct candidate *k,
				  struct policy_decision *out)
{
	const struct policy_config *c = j->c;
	struct band b = {c->target_utilization - c->utilization_band,
			 c->target_utilization, edge_up(c)};
	utilization_needs(j);
	int missing;
	bool any_up, all_down;
	if (!candidate_start(j, p_cur, k, false, &missing, &any_up, &all_down))
		return;
	if (any_up) {
		why_up(j, b, k, out);
		return;
	}
	if (!all_down) {
		why_hold(j, b, missing, k, out);
		return;
	}
	int i = pick_vertex(j, NEED_NONE, false);
	const struct vertex_view *x = &j->v[i];
	describe_vertex(j, i, out);
	k->action = POLICY_DOWN;
	snprintf(k->why, sizeof(k->why),
		 "all vertices below %.2f (busiest '%s' %.2f, max %.2f)", b.lo,
		 x->v->name, x->busy.avg, x->busy.max);
}

/* Hold: a vertex neither too busy nor idle enough, or one that cannot
 * grow, or metrics missing, says why. */
static void why_hold(struct job_view *j, struct band b, int missing, struct candidate *k,
		     struct policy_decision *out)
{
	double lo = b.lo, t = b.t, hi = b.hi;
	int i = pick_vertex(j, NEED_NONE, false);
	const struct vertex_view *x = &j->v[i];
	describe_vertex(j, i, out);
	/* a pinned vertex that is overloaded is worth a word: it, not the
	 * cluster, limits the job */
	for (int yi = 0; yi < j->n; yi++) {
		const struct vertex_view *y = &j->v[yi];
		if (y->pinned && y->need == NEED_UP) {
			describe_vertex(j, yi, out);
			snprintf(k->why, sizeof(k->why),
				 "vertex '%s' busy %.2f %s %.2f but cannot grow past its "
				 "max parallelism %d; vertex '%s' busy %.2f",
				 y->v->name, y->busy.avg,
				 y->busy.avg > hi ? ">" : ">=", y->busy.avg > hi ? hi : t,
				 y->cap, x->v->name, x->busy.avg);
			return;
		}
	}
	if (missing >= 0) {
		snprintf(k->why, sizeof(k->why),
			 "no busy-time metrics for vertex '%s'; not scaling down on a "
			 "guess",
			 j->v[missing].v->name);
		return;
	}
	/* name a vertex that keeps the job where it is: the busiest one that
	 * does not need less */
	for (int yi = 0; yi < j->n; yi++) {
		const struct vertex_view *y = &j->v[yi];
		if (!y->pinned && !y->missing && y->need == NEED_NONE &&
		    (x->need == NEED_DOWN || y->busy.avg > x->busy.avg)) {
			x = y;
			i = yi;
		}
	}
	describe_vertex(j, i, out);
	if (x->busy.max < lo && j->behind)
		/* demand is above what the job takes in, but not at this
		 * vertex: shrinking now would only add a second bottleneck */
		snprintf(k->why, sizeof(k->why),
			 "vertex '%s' busy %.2f (max %.2f) below %.2f while the job "
			 "falls behind (%s)",
			 x->v->name, x->busy.avg, x->busy.max, lo, j->behind_why);
	else if (x->busy.max < lo)
		/* below the band, but its backlog keeps it at its size */
		snprintf(k->why, sizeof(k->why),
			 "vertex '%s' busy %.2f (max %.2f) below %.2f still needs p=%d "
			 "with the backlog",
			 x->v->name, x->busy.avg, x->busy.max, lo, x->p);
	else
		snprintf(k->why, sizeof(k->why),
			 "vertex '%s' within %.2f..%.2f (busy %.2f, max %.2f) at p=%d",
			 x->v->name, lo, hi, x->busy.avg, x->busy.max, x->p);
	if (j->behind && x->busy.max >= lo)
		addf(k->why, sizeof(k->why), " while the job falls behind (%s)",
		     j->behind_why);
}

static void tuples_candidate(struct job_view *j, int p_cur, struct candidate *k,
			     struct policy_decision *out)
{
	double n = j->c->tuples_per_slot;
	tuples_needs(j);
	int missing;
	bool any_up, all_down;
	if (!candidate_start(j, p_cur, k, true, &missing, &any_up, &all_down))
		return;
	if (any_up) {
		int i = pick_vertex(j, NEED_UP, true);
		const struct vertex_view *x = &j->v[i];
		describe_vertex(j, i, out);
		k->action = POLICY_UP;
		snprintf(k->why, sizeof(k->why),
			 "vertex '%s' %.0f rec/s on %d %s = %.0f per slot > %g: needs %d "
			 "slots",
			 x->v->name, x->rate.avg, x->p, plural(x->p, "slot", "slots"),
			 x->rate.avg / x->p, n, x->p_req);
		return;
	}
	int i = pick_vertex(j, NEED_NONE, true);
	const struct vertex_view *x = &j->v[i];
	describe_vertex(j, i, out);
	if (all_down) {
		k->action = POLICY_DOWN;
		snprintf(k->why, sizeof(k->why),
			 "every vertex fits fewer slots at %g per slot with 20%% "
			 "headroom (busiest '%s' max %.0f rec/s on %d %s)",
			 n, x->v->name, x->rate.max, x->p, plural(x->p, "slot", "slots"));
		return;
	}
	/* an overloaded vertex that cannot grow limits the job, not the
	 * cluster: say so */
	for (int yi = 0; yi < j->n; yi++) {
		const struct vertex_view *y = &j->v[yi];
		if (y->pinned && y->need == NEED_UP) {
			describe_vertex(j, yi, out);
			snprintf(k->why, sizeof(k->why),
				 "vertex '%s' %.0f rec/s on %d %s > %g per slot but "
				 "cannot grow past its max parallelism %d; vertex '%s' "
				 "%.0f rec/s on %d %s",
				 y->v->name, y->rate.avg, y->p,
				 plural(y->p, "slot", "slots"), n, y->cap, x->v->name,
				 x->rate.avg, x->p, plural(x->p, "slot", "slots"));
			return;
		}
	}
	if (missing >= 0) {
		snprintf(k->why, sizeof(k->why),
			 "no rate metrics for vertex '%s'; not scaling down on a guess",
			 j->v[missing].v->name);
		return;
	}
	for (int yi = 0; yi < j->n; yi++) {
		const struct vertex_view *y = &j->v[yi];
		if (!y->pinned && !y->missing && y->need == NEED_NONE &&
		    (x->need == NEED_DOWN || y->rate.max / y->p > x->rate.max / x->p)) {
			x = y;
			i = yi;
		}
	}
	describe_vertex(j, i, out);
	snprintf(k->why, sizeof(k->why),
		 "vertex '%s' within %g per slot: %.0f rec/s (max %.0f) on %d %s",
		 x->v->name, n, x->rate.avg, x->rate.max, x->p,
		 plural(x->p, "slot", "slots"));
}

/* Turns the policy's wish into a TaskManager count within the limits, and
 * holds when the limits, the cooldown or the slot arithmetic leave nothing
 * to do. */
/* The TaskManager counts a decision may land on, and whether memory, not
 * --max, sets the top. */
struct limits {
	int lo, hi;
	bool memory_caps;
};

static struct limits limits_of(const struct policy_config *c)
{
	struct limits l = {.hi = c->max_tms};
	l.memory_caps = c->memory_max_tms > 0 && c->memory_max_tms < l.hi;
	if (l.memory_caps)
		l.hi = c->memory_max_tms;
	/* memory is the hard limit: when it cannot hold --min, it wins */
	l.lo = c->min_tms < l.hi ? c->min_tms : l.hi;
	if (l.lo < 1)
		l.lo = 1;
	if (l.hi < l.lo)
		l.hi = l.lo;
	return l;
}

/* The parallelism k wants, a step down bounded: one step gives up at most
 * the factor, so a wrong read of a quiet window costs a part of the job,
 * not all of it. */
static int bounded_p(const struct policy_config *c, const struct candidate *k, int p_cur,
		     bool *bounded)
{
	*bounded = false;
	if (k->action != POLICY_DOWN)
		return k->p;
	int floor_p = ceil_int(p_cur * (1.0 - c->scale_down_max_factor));
	if (floor_p < 1)
		floor_p = 1;
	*bounded = k->p < floor_p;
	return *bounded ? floor_p : k->p;
}

/* Why a change the policy wants does not happen: the limits or the slots
 * do not allow it. */
static void held_reason(const struct candidate *k, struct limits l, int want, int tms,
			int p_cur, int new_p, struct policy_decision *out)
{
	char *r = out->reason;
	size_t n = sizeof(out->reason);
	if (k->action == POLICY_UP && want > l.hi && l.memory_caps)
		snprintf(r, n, "already at the memory cap of %d TaskManagers (%s)", l.hi,
			 k->why);
	else if (k->action == POLICY_UP && want > l.hi)
		snprintf(r, n, "already at --max %d (%s)", l.hi, k->why);
	else if (k->action == POLICY_UP)
		snprintf(r, n, "the job already runs at p=%d (%s)", p_cur, k->why);
	else if (tms <= l.lo)
		snprintf(r, n, "already at --min %d (%s)", l.lo, k->why);
	else
		/* fewer subtasks on as many TaskManagers save nothing */
		snprintf(r, n, "p=%d -> %d frees no TaskManager (%s)", p_cur, new_p,
			 k->why);
}

/* What the limits did to a count of want, for the reason; "" when nothing. */
static void limit_note(struct limits l, int want, char *note, size_t n)
{
	note[0] = '\0';
	if (want > l.hi && l.memory_caps)
		snprintf(note, n, "capped by memory at %d TaskManager%s", l.hi,
			 plural(l.hi, "", "s"));
	else if (want > l.hi)
		snprintf(note, n, "capped at --max %d", l.hi);
	else if (want < l.lo)
		snprintf(note, n, "kept at --min %d", l.lo);
}

static void finish(const struct policy_config *c, const struct candidate *k,
		   int64_t now_ms, int64_t last_change_ms, struct policy_decision *out)
{
	int tms = out->tms, p_cur = out->parallelism, slots = c->slots_per_tm;
	struct limits l = limits_of(c);
	int lo = l.lo, hi = l.hi;
	bool bounded;
	int p = bounded_p(c, k, p_cur, &bounded);
	int want = k->action == POLICY_HOLD ? tms : (p + slots - 1) / slots;
	int target = want > hi ? hi : want < lo ? lo : want;
	bool outside = tms > hi || tms < lo;
	/* within the limits, a wish for more never drops idle TaskManagers
	 * and a wish for fewer never adds any: the step goes one way */
	if (!outside && k->action == POLICY_UP && target < tms)
		target = tms;
	if (!outside && k->action == POLICY_DOWN && target > tms)
		target = tms;
	char note[POLICY_REASON_MAX];
	limit_note(l, want, note, sizeof(note));

	int new_p;
	if (k->action == POLICY_HOLD)
		new_p = p_cur < target * slots ? p_cur : target * slots;
	else
		new_p = p < target * slots ? p : target * slots;
	enum policy_action a = POLICY_HOLD;
	if (target > tms)
		a = POLICY_UP;
	else if (target < tms)
		a = POLICY_DOWN;
	else if (k->action == POLICY_UP && new_p > p_cur)
		a = POLICY_UP; /* the TaskManagers it has hold free slots */

	if (k->action == POLICY_HOLD && a == POLICY_HOLD) {
		snprintf(out->reason, sizeof(out->reason), "%s", k->why);
		return;
	}
	if (a == POLICY_HOLD) {
		held_reason(k, l, want, tms, p_cur, new_p, out);
		return;
	}
	if (a == POLICY_DOWN && now_ms - last_change_ms < c->cooldown_ms) {
		/* shrinking right after a change would undo it on the next quiet
		 * window: wait until the change has shown its effect */
		snprintf(out->reason, sizeof(out->reason),
			 "would scale down to %d TaskManager%s, but the cooldown has "
			 "%llds left (%s%s)",
			 target, plural(target, "", "s"),
			 (long long)secs_up(c->cooldown_ms - (now_ms - last_change_ms)),
			 outside ? "outside --min/--max; " : "", k->why);
		return;
	}
	out->action = a;
	out->target_tms = target;
	out->target_parallelism = new_p;
	if (k->action == POLICY_HOLD ||
	    (outside && (a == POLICY_UP) != (k->action == POLICY_UP)))
		snprintf(out->reason, sizeof(out->reason),
			 "%d TaskManagers outside --min/--max %d..%d: %d -> %d (%s)", tms,
			 lo, hi, tms, target, k->why);
	else {
		snprintf(out->reason, sizeof(out->reason), "%s", k->why);
		if (k->action == POLICY_DOWN)
			addf(out->reason, sizeof(out->reason), ": p=%d -> %d", p_cur,
			     new_p);
		if (bounded)
			addf(out->reason, sizeof(out->reason),
			     " (at most %.0f%% down per step)",
			     c->scale_down_max_factor * 100);
		if (note[0])
			addf(out->reason, sizeof(out->reason), "; %s", note);
		if (outside)
			addf(out->reason, sizeof(out->reason),
			     "; %d was outside --min/--max", tms);
	}
}

void policy_decide(const struct policy_config *c, const struct policy_window *w, int tms,
		   int64_t now_ms, int64_t last_change_ms, struct policy_decision *out)
{
	memset(out, 0, sizeof(*out));
	out->action = POLICY_HOLD;
	out->tms = tms;
	out->target_tms = tms;
	out->vertex = -1;
	out->utilization = NAN;
	out->rate_in = NAN;
	out->true_rate = NAN;
	if (w->n == 0) {
		snprintf(out->reason, sizeof(out->reason), "no metrics yet");
		return;
	}
	const struct policy_sample *last = policy_window_at(w, w->n - 1);
	int nv = last->n_vertices > POLICY_MAX_VERTICES ? POLICY_MAX_VERTICES
							: last->n_vertices;
	for (int i = 0; i < nv; i++)
		if (last->v[i].parallelism > out->parallelism)
			out->parallelism = last->v[i].parallelism;
	out->target_parallelism = out->parallelism;

	/* a failed or restarting job is Flink's to recover; more TaskManagers
	 * would not help it and fewer could hurt */
	if (last->state != FLINK_JOB_RUNNING || !last->tasks_up) {
		snprintf(out->reason, sizeof(out->reason), "job is %s; not scaling",
			 last->state == FLINK_JOB_RUNNING ? "DEPLOYING"
			 : last->state == FLINK_JOB_UNKNOWN
				 ? "in no state"
				 : flink_job_state_name(last->state));
		return;
	}
	if (nv <= 0) {
		snprintf(out->reason, sizeof(out->reason),
			 "no vertices in the job's metrics");
		return;
	}
	/* right after a change the job replays from its checkpoint and its
	 * metrics describe the catching up, not the steady load */
	int64_t settled = last_change_ms + c->stabilization_ms;
	if (now_ms < settled) {
		snprintf(out->reason, sizeof(out->reason),
			 "stabilizing after the last change (%llds left)",
			 (long long)secs_up(settled - now_ms));
		return;
	}
	/* the decision looks at the last window_ms only, so a window buffer
	 * longer than that does not slow the reaction */
	int64_t from = last->t_ms - c->window_ms;
	if (from < settled)
		from = settled;
	int first = w->n;
	while (first > 0 && policy_window_at(w, first - 1)->t_ms >= from)
		first--;
	int64_t span = first < w->n ? last->t_ms - policy_window_at(w, first)->t_ms : 0;
	struct candidate k = {POLICY_HOLD, out->parallelism, ""};
	struct job_view j;
	/* each sample stands for the interval before it (Flink's rates are
	 * averages over it), so n samples cover their span plus one spacing */
	int count = w->n - first;
	double covered = count > 1 ? (double)span * count / (count - 1) : 0.0;
	if (first >= w->n || covered < WINDOW_FILLED * (double)c->window_ms) {
		snprintf(k.why, sizeof(k.why), "collecting metrics (%llds of %llds)",
			 (long long)(span / 1000), (long long)secs_up(c->window_ms));
	} else {
		j.c = c;
		j.w = w;
		j.first = first;
		j.behind = false;
		j.behind_why[0] = '\0';
		view_vertices(&j);
		view_demand(&j);
		if (c->policy == POLICY_TUPLES_PER_SLOT)
			tuples_candidate(&j, out->parallelism, &k, out);
		else
			utilization_candidate(&j, out->parallelism, &k, out);
	}
	finish(c, &k, now_ms, last_change_ms, out);
}
