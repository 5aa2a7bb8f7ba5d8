/* The autoscaling policies driven through made-up metric series of a
 * two-vertex job like the demo's: a source 'sequence' pinned at p=1 (max
 * parallelism 1) feeding 'burn' (max parallelism 128), sampled every 2 s
 * into a window as the autoscaler keeps it (60 s / 2 s + 2 samples). Each
 * test asserts what a careful operator would do with the same figures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "autoscale/policy.h"

#define STEP_MS 2000
#define CAP (60000 / STEP_MS + 2)
#define SEC 1000

/* What the job shows in one sample. The source's busy time is low and
 * steady: it is pinned, so only its backpressure and backlog matter. */
struct load {
	double busy;    /* burn's busy fraction (NAN: not reported) */
	double src_bp;  /* the source's backpressured fraction */
	double rate;    /* records per second through both vertices */
	double pending; /* the source's backlog (NAN: none reported) */
};

static struct load busy_at(double busy, double rate)
{
	return (struct load){busy, 0, rate, NAN};
}

static struct policy_sample job_sample(int64_t t, const char *state, int p, struct load l)
{
	struct policy_sample s;
	memset(&s, 0, sizeof(s));
	s.t_ms = t;
	/* DEPLOYING is how the loop marks a RUNNING job whose tasks are not
	 * all up yet */
	bool deploying = strcmp(state, "DEPLOYING") == 0;
	s.state = deploying ? FLINK_JOB_RUNNING : flink_job_state_parse(state);
	s.tasks_up = !deploying;
	s.n_vertices = 2;
	struct policy_vertex_sample *src = &s.v[0], *burn = &s.v[1];
	snprintf(src->name, sizeof(src->name), "sequence");
	src->source = true;
	src->parallelism = 1;
	src->max_parallelism = 1;
	src->busy_ms = 150;
	src->backpressured_ms = l.src_bp * 1000;
	src->rate_in = l.rate;
	src->pending = l.pending;
	snprintf(burn->name, sizeof(burn->name), "burn");
	burn->parallelism = p;
	burn->max_parallelism = 128;
	burn->busy_ms = l.busy * 1000;
	burn->backpressured_ms = 0;
	burn->rate_in = l.rate;
	burn->pending = NAN;
	return s;
}

/* Samples every STEP_MS from `from` to `to`, both included. */
static void push_load(struct policy_window *w, int64_t from, int64_t to, int p,
		      struct load l)
{
	for (int64_t t = from; t <= to; t += STEP_MS) {
		struct policy_sample s = job_sample(t, "RUNNING", p, l);
		policy_window_push(w, &s);
	}
}

static struct policy_config defaults(void)
{
	struct policy_config c;
	policy_config_defaults(&c);
	return c;
}

static struct policy_decision decide(const struct policy_config *c,
				     const struct policy_window *w, int tms, int64_t now,
				     int64_t last_change)
{
	struct policy_decision d;
	memset(&d, 0x5a, sizeof(d)); /* policy_decide must fill every field */
	policy_decide(c, w, tms, now, last_change, &d);
	return d;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' does not contain '%s'", text, part);
}

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%.6g is not %.6g (within %g)", got, want, tol);
}

static void assert_hold(const struct policy_decision *d, int tms)
{
	if (d->action != POLICY_HOLD)
		fail_msg("expected hold at %d TaskManagers, got %s to %d: %s", tms,
			 policy_action_name(d->action), d->target_tms, d->reason);
	assert_int_equal(d->tms, tms);
	assert_int_equal(d->target_tms, tms);
	assert_int_equal(d->target_parallelism, d->parallelism);
}

static void test_window_ring(void **state)
{
	(void)state;
	struct policy_window w;
	policy_window_init(&w, 3);
	assert_int_equal(w.cap, 3);
	assert_null(policy_window_at(&w, 0));
	for (int i = 1; i <= 5; i++) {
		struct policy_sample s =
			job_sample(i * SEC, "RUNNING", 1, busy_at(0.5, 10));
		policy_window_push(&w, &s);
	}
	/* 1 and 2 dropped: oldest first, 3 4 5 */
	assert_int_equal(w.n, 3);
	assert_int_equal(policy_window_at(&w, 0)->t_ms, 3 * SEC);
	assert_int_equal(policy_window_at(&w, 1)->t_ms, 4 * SEC);
	assert_int_equal(policy_window_at(&w, 2)->t_ms, 5 * SEC);
	assert_null(policy_window_at(&w, 3));
	assert_null(policy_window_at(&w, -1));
	policy_window_clear(&w);
	assert_int_equal(w.n, 0);
	assert_null(policy_window_at(&w, 0));
	struct policy_sample s = job_sample(9 * SEC, "RUNNING", 1, busy_at(0.5, 10));
	policy_window_push(&w, &s);
	assert_int_equal(policy_window_at(&w, 0)->t_ms, 9 * SEC);
	policy_window_release(&w);
	assert_null(w.s);
	assert_int_equal(w.cap, 0);
	assert_int_equal(w.n, 0);

	/* a window holds at least one sample, the newest */
	policy_window_init(&w, 0);
	assert_int_equal(w.cap, 1);
	for (int i = 1; i <= 2; i++) {
		s = job_sample(i * SEC, "RUNNING", 1, busy_at(0.5, 10));
		policy_window_push(&w, &s);
	}
	assert_int_equal(w.n, 1);
	assert_int_equal(policy_window_at(&w, 0)->t_ms, 2 * SEC);
	policy_window_release(&w);
}

static void test_config(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	assert_int_equal(c.policy, POLICY_UTILIZATION);
	assert_int_equal(c.min_tms, 1);
	assert_int_equal(c.max_tms, 4);
	assert_int_equal(c.memory_max_tms, 0);
	assert_int_equal(c.slots_per_tm, 1);
	assert_near(c.target_utilization, 0.7, 0);
	assert_near(c.utilization_band, 0.3, 0);
	assert_near(c.tuples_per_slot, 1000, 0);
	assert_int_equal(c.window_ms, 60000);
	assert_int_equal(c.stabilization_ms, 30000);
	assert_int_equal(c.cooldown_ms, 120000);
	assert_near(c.scale_down_max_factor, 0.6, 0);
	assert_int_equal(c.catch_up_ms, 300000);
	struct error err;
	error_init(&err);
	assert_int_equal(policy_config_check(&c, &err), 0);

	c.min_tms = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_string_equal(
		err.msg,
		"--min 0 is out of range: the autoscaler keeps at least 1 TaskManager");
	c = defaults();
	c.min_tms = 3;
	c.max_tms = 2;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_string_equal(err.msg, "--max 2 is below --min 3");
	c = defaults();
	c.target_utilization = 1.5;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_string_equal(err.msg,
			    "--target-utilization 1.5 is out of range: give a busy "
			    "fraction between 0.1 and 0.95");
	c.target_utilization = NAN;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "--target-utilization nan is out of range");
	c = defaults();
	c.utilization_band = 0.8; /* 0.7 - 0.8 < 0 */
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "utilization band of 0.8 is out of range");
	c.utilization_band = 0.7; /* a lower edge of 0 is allowed */
	assert_int_equal(policy_config_check(&c, &err), 0);

	c = defaults();
	c.window_ms = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "--window 0ms is out of range");
	c = defaults();
	c.tuples_per_slot = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_string_equal(err.msg,
			    "--tuples-per-slot 0 is out of range: give records per "
			    "second per slot above 0");
	c = defaults();
	c.cooldown_ms = -1;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "--cooldown -1ms is out of range");
	c = defaults();
	c.stabilization_ms = -5;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "--stabilization -5ms");
	c = defaults();
	c.slots_per_tm = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "0 slots per TaskManager is out of range");
	c = defaults();
	c.scale_down_max_factor = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "scale-down factor of 0 is out of range");
	c = defaults();
	c.memory_max_tms = -1;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	c = defaults();
	c.catch_up_ms = 0;
	assert_int_equal(policy_config_check(&c, &err), ERR_USAGE);
	assert_contains(err.msg, "catch-up time of 0ms");
}

static void test_policy_parse(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct error err;
	error_init(&err);
	assert_int_equal(policy_parse("tuples-per-slot", &c, &err), 0);
	assert_int_equal(c.policy, POLICY_TUPLES_PER_SLOT);
	assert_near(c.tuples_per_slot, 1000, 0);
	assert_string_equal(policy_name(c.policy), "tuples-per-slot");
	assert_int_equal(policy_parse("utilization", &c, &err), 0);
	assert_int_equal(c.policy, POLICY_UTILIZATION);
	assert_string_equal(policy_name(c.policy), "utilization");
	assert_int_equal(policy_parse("TUPLES_PER_THREAD__500", &c, &err), 0);
	assert_int_equal(c.policy, POLICY_TUPLES_PER_SLOT);
	assert_near(c.tuples_per_slot, 500, 0);
	assert_int_equal(policy_parse("TUPLES_PER_THREAD__2.5", &c, &err), 0);
	assert_near(c.tuples_per_slot, 2.5, 0);

	c = defaults();
	assert_int_equal(policy_parse("cpu", &c, &err), ERR_USAGE);
	assert_string_equal(err.msg, "unknown policy 'cpu': choose utilization or "
				     "tuples-per-slot (or TUPLES_PER_THREAD__N)");
	const char *bad[] = {"TUPLES_PER_THREAD__", "TUPLES_PER_THREAD__0",
			     "TUPLES_PER_THREAD__-5", "TUPLES_PER_THREAD__5x",
			     "TUPLES_PER_THREAD__inf"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		error_init(&err);
		assert_int_equal(policy_parse(bad[i], &c, &err), ERR_USAGE);
		assert_contains(err.msg, bad[i]);
		assert_contains(err.msg, "positive number");
	}
	assert_int_equal(policy_parse("Utilization", &c, &err), ERR_USAGE);
	/* a failed parse leaves the config alone */
	assert_int_equal(c.policy, POLICY_UTILIZATION);
	assert_near(c.tuples_per_slot, 1000, 0);

	assert_string_equal(policy_action_name(POLICY_HOLD), "hold");
	assert_string_equal(policy_action_name(POLICY_UP), "up");
	assert_string_equal(policy_action_name(POLICY_DOWN), "down");
}

static void test_empty_window(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	struct policy_decision d = decide(&c, &w, 2, 600 * SEC, 0);
	assert_hold(&d, 2);
	assert_string_equal(d.reason, "no metrics yet");
	assert_int_equal(d.vertex, -1);
	assert_true(isnan(d.utilization) && isnan(d.rate_in) && isnan(d.true_rate));
	policy_window_release(&w);
}

static void test_not_running(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* an overloaded job whose newest sample says it failed or restarts */
	struct load hot = {1.0, 0.8, 480, NAN};
	const char *states[] = {"FAILED", "RESTARTING", "CANCELLING", "DEPLOYING"};
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		policy_window_clear(&w);
		push_load(&w, 100 * SEC, 200 * SEC, 2, hot);
		struct policy_sample s = job_sample(202 * SEC, states[i], 2, hot);
		policy_window_push(&w, &s);
		/* even 6 TaskManagers over --max 4 are left alone */
		for (int tms = 2; tms <= 6; tms += 4) {
			struct policy_decision d = decide(&c, &w, tms, 202 * SEC, 0);
			assert_hold(&d, tms);
			char want[64];
			snprintf(want, sizeof(want), "job is %s; not scaling", states[i]);
			assert_string_equal(d.reason, want);
			assert_int_equal(d.parallelism, 2);
		}
	}
	/* running again: the same window scales up */
	struct policy_sample s = job_sample(204 * SEC, "RUNNING", 2, hot);
	policy_window_push(&w, &s);
	struct policy_decision d = decide(&c, &w, 2, 204 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	policy_window_release(&w);
}

static void test_stabilizing_and_collecting(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* the job was rescaled at t=100 s; it is busy from the start */
	struct load hot = {1.0, 0.8, 480, NAN};
	push_load(&w, 100 * SEC, 110 * SEC, 1, hot);
	struct policy_decision d = decide(&c, &w, 1, 110 * SEC, 100 * SEC);
	assert_hold(&d, 1);
	assert_string_equal(d.reason, "stabilizing after the last change (20s left)");
	push_load(&w, 112 * SEC, 170 * SEC, 1, hot);
	d = decide(&c, &w, 1, 170 * SEC, 100 * SEC);
	assert_hold(&d, 1);
	/* only the samples from 130 s on count */
	assert_string_equal(d.reason, "collecting metrics (40s of 60s)");
	push_load(&w, 172 * SEC, 180 * SEC, 1, hot);
	d = decide(&c, &w, 1, 180 * SEC, 100 * SEC);
	assert_hold(&d, 1);
	assert_string_equal(d.reason, "collecting metrics (50s of 60s)");
	/* 27 samples 2 s apart stand for 54 s of the 60 s window: enough, with
	 * one sample interval of slack */
	push_load(&w, 182 * SEC, 182 * SEC, 1, hot);
	d = decide(&c, &w, 1, 182 * SEC, 100 * SEC);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 2);
	policy_window_release(&w);
}

static void test_steady_in_band(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	int holds = 0;
	for (int64_t t = 0; t <= 600 * SEC; t += STEP_MS) {
		push_load(&w, t, t, 2, busy_at(0.6, 800));
		struct policy_decision d = decide(&c, &w, 2, t, 0);
		assert_hold(&d, 2);
		holds++;
		if (t >= 90 * SEC) {
			assert_string_equal(d.reason,
					    "vertex 'burn' within 0.40..0.90 (busy "
					    "0.60, max 0.60) at p=2");
			assert_int_equal(d.vertex, 1);
			assert_near(d.utilization, 0.6, 1e-9);
			assert_near(d.rate_in, 800, 1e-9);
			assert_near(d.true_rate, 800 / 0.6, 1e-6);
		}
	}
	assert_int_equal(holds, 301);
	policy_window_release(&w);
}

static void test_steady_low_at_min(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	for (int64_t t = 0; t <= 600 * SEC; t += STEP_MS) {
		push_load(&w, t, t, 1, busy_at(0.1, 100));
		struct policy_decision d = decide(&c, &w, 1, t, 0);
		assert_hold(&d, 1);
		if (t >= 200 * SEC)
			assert_string_equal(d.reason,
					    "already at --min 1 (all vertices below "
					    "0.40 (busiest 'burn' 0.10, max 0.10))");
	}
	/* the same with --min 2 on 2 TaskManagers at p=2 */
	c.min_tms = 2;
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 2, busy_at(0.1, 200));
	struct policy_decision d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_hold(&d, 2);
	assert_contains(d.reason, "already at --min 2");
	policy_window_release(&w);
}

/* Busy goes from 0.3 to 0.97 at t=200 s with the source backpressured;
 * returns the first decision that is not a hold (decided every 2 s). */
static struct policy_decision step_up(const struct policy_config *c, int slots,
				      int64_t *when)
{
	(void)slots;
	struct policy_window w;
	policy_window_init(&w, CAP);
	struct policy_decision d;
	*when = -1;
	for (int64_t t = 0; t <= 400 * SEC; t += STEP_MS) {
		struct load l = t < 200 * SEC ? busy_at(0.3, 150)
					      : (struct load){0.97, 0.5, 480, NAN};
		push_load(&w, t, t, 1, l);
		d = decide(c, &w, 1, t, 0);
		if (t == 204 * SEC) {
			/* just after the step the window holds mostly the old load */
			assert_hold(&d, 1);
			assert_contains(d.reason, "within 0.40..0.90");
		}
		if (d.action != POLICY_HOLD) {
			*when = t;
			break;
		}
	}
	policy_window_release(&w);
	return d;
}

static void test_step_up(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	int64_t when;
	struct policy_decision d = step_up(&c, 1, &when);
	assert_int_equal(d.action, POLICY_UP);
	/* the window average crosses the target (with the source behind) once
	 * 19 of its 31 samples are new: (12 * 0.3 + 19 * 0.97) / 31 = 0.71 */
	assert_int_equal(when, 236 * SEC);
	assert_int_equal(d.tms, 1);
	assert_int_equal(d.target_tms, 2);
	assert_int_equal(d.parallelism, 1);
	assert_int_equal(d.target_parallelism, 2);
	assert_int_equal(d.vertex, 1);
	assert_near(d.utilization, (12 * 0.3 + 19 * 0.97) / 31, 1e-9);
	assert_string_equal(
		d.reason,
		"vertex 'burn' busy 0.71 >= 0.70 while the job falls behind "
		"('sequence' backpressured 0.31) at 352 rec/s (capacity 496 rec/s "
		"at p=1): needs p=2 for 0.70");

	/* with 2 slots per TaskManager the job grows into the free slot */
	c.slots_per_tm = 2;
	d = step_up(&c, 2, &when);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 1);
	assert_int_equal(d.target_parallelism, 2);
}

static void test_saturated_window(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* a whole window at 0.97, no backpressure reported: over the 0.9 edge */
	push_load(&w, 0, 100 * SEC, 1, busy_at(0.97, 480));
	struct policy_decision d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 2);
	assert_int_equal(d.target_parallelism, 2);
	assert_string_equal(d.reason,
			    "vertex 'burn' busy 0.97 > 0.90 at 480 rec/s (capacity "
			    "495 rec/s at p=1): needs p=2 for 0.70");
	assert_near(d.true_rate, 480 / 0.97, 1e-9);
	/* the same job on 3 TaskManagers, two of them idle: it grows into
	 * them, and none is removed on the way */
	d = decide(&c, &w, 3, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 3);
	assert_int_equal(d.target_parallelism, 2);
	/* at p=2 and 1.0: 2 * 1.0 / 0.7 = 2.86 -> 3 */
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 2, busy_at(1.0, 900));
	d = decide(&c, &w, 2, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 3);
	assert_int_equal(d.target_parallelism, 3);
	policy_window_release(&w);
}

static void test_step_down(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* scaled to 4 at t=0, and the load has since dropped to 0.1 */
	int64_t change = 1000 * SEC;
	struct policy_decision d;
	for (int64_t t = change; t <= change + 200 * SEC; t += STEP_MS) {
		push_load(&w, t, t, 4, busy_at(0.1, 100));
		d = decide(&c, &w, 4, t, change);
		int64_t since = t - change;
		if (since < 30 * SEC) {
			assert_hold(&d, 4);
			assert_contains(d.reason, "stabilizing after the last change");
		} else if (since < 82 * SEC) {
			assert_hold(&d, 4);
			assert_contains(d.reason, "collecting metrics");
		} else if (since < 120 * SEC) {
			assert_hold(&d, 4);
			char want[POLICY_REASON_MAX];
			snprintf(want, sizeof(want),
				 "would scale down to 2 TaskManagers, but the cooldown "
				 "has "
				 "%llds left (all vertices below 0.40 (busiest 'burn' "
				 "0.10, "
				 "max 0.10))",
				 (long long)((120 * SEC - since) / SEC));
			assert_string_equal(d.reason, want);
		} else {
			break;
		}
	}
	/* 4 * 0.1 / 0.7 = 0.57 -> 1, but one step keeps ceil(4 * 0.4) = 2 */
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.tms, 4);
	assert_int_equal(d.target_tms, 2);
	assert_int_equal(d.parallelism, 4);
	assert_int_equal(d.target_parallelism, 2);
	assert_int_equal(d.vertex, 1);
	assert_string_equal(d.reason,
			    "all vertices below 0.40 (busiest 'burn' 0.10, max 0.10): "
			    "p=4 -> 2 (at most 60% down per step)");

	/* with 2 slots per TaskManager, p=4 -> 3 still needs both */
	c.slots_per_tm = 2;
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 4, busy_at(0.38, 380));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_hold(&d, 2);
	assert_string_equal(d.reason,
			    "p=4 -> 3 frees no TaskManager (all vertices below 0.40 "
			    "(busiest 'burn' 0.38, max 0.38))");
	/* ... while p=4 -> 2 frees one */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 4, busy_at(0.3, 300));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 1);
	assert_int_equal(d.target_parallelism, 2);
	c.slots_per_tm = 1;

	/* an unbounded step: p=4 at 0.3 -> 4 * 0.3 / 0.7 = 1.71 -> 2 as well,
	 * and p=3 at 0.3 -> 1.29 -> 2 (the bound would allow 2) */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 3, busy_at(0.3, 300));
	d = decide(&c, &w, 3, 300 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 2);
	assert_string_equal(d.reason,
			    "all vertices below 0.40 (busiest 'burn' 0.30, max 0.30): "
			    "p=3 -> 2");
	policy_window_release(&w);
}

static void test_short_spike(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* two samples at full busy with the source backpressured, in a window
	 * at 0.5: the average stays in band and the source is behind 6% of it */
	push_load(&w, 0, 80 * SEC, 1, busy_at(0.5, 250));
	push_load(&w, 82 * SEC, 84 * SEC, 1, (struct load){1.0, 1.0, 500, NAN});
	push_load(&w, 86 * SEC, 100 * SEC, 1, busy_at(0.5, 250));
	struct policy_decision d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_hold(&d, 1);
	assert_string_equal(
		d.reason, "vertex 'burn' within 0.40..0.90 (busy 0.53, max 1.00) at p=1");
	/* a burst of four samples is 13% of the window: the source was
	 * behind long enough to count, and burn at 0.66 is not at 0.70 yet */
	push_load(&w, 102 * SEC, 108 * SEC, 1, (struct load){1.0, 1.0, 500, NAN});
	d = decide(&c, &w, 1, 108 * SEC, 0);
	assert_hold(&d, 1);
	/* at 0.68 around it, the same burst is enough: 0.72 >= 0.70 */
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 1, busy_at(0.68, 340));
	push_load(&w, 102 * SEC, 108 * SEC, 1, (struct load){1.0, 1.0, 500, NAN});
	d = decide(&c, &w, 1, 108 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_contains(d.reason,
			"while the job falls behind ('sequence' backpressured 0.13)");

	/* a spike in a quiet window blocks the scale-down the window would
	 * otherwise allow: the down edge looks at the window's maximum */
	policy_window_clear(&w);
	push_load(&w, 0, 200 * SEC, 2, busy_at(0.15, 150));
	d = decide(&c, &w, 2, 200 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 1);
	push_load(&w, 202 * SEC, 202 * SEC, 2, busy_at(0.95, 950));
	push_load(&w, 204 * SEC, 240 * SEC, 2, busy_at(0.15, 150));
	d = decide(&c, &w, 2, 240 * SEC, 0);
	assert_hold(&d, 2);
	assert_contains(d.reason,
			"vertex 'burn' within 0.40..0.90 (busy 0.18, max 0.95)");
	/* at p=4 a spike to 0.5 would still allow 4 * 0.5 / 0.7 -> 3, but it
	 * is in the band: no step down on a window that touched it */
	policy_window_clear(&w);
	push_load(&w, 0, 200 * SEC, 4, busy_at(0.1, 100));
	push_load(&w, 202 * SEC, 202 * SEC, 4, busy_at(0.5, 500));
	push_load(&w, 204 * SEC, 240 * SEC, 4, busy_at(0.1, 100));
	d = decide(&c, &w, 4, 240 * SEC, 0);
	assert_hold(&d, 4);
	assert_contains(d.reason, "(busy 0.11, max 0.50)");
	/* once the spike has left the window, down it goes */
	policy_window_clear(&w);
	push_load(&w, 0, 200 * SEC, 2, busy_at(0.15, 150));
	push_load(&w, 202 * SEC, 202 * SEC, 2, busy_at(0.95, 950));
	push_load(&w, 204 * SEC, 240 * SEC, 2, busy_at(0.15, 150));
	push_load(&w, 242 * SEC, 264 * SEC, 2, busy_at(0.15, 150));
	d = decide(&c, &w, 2, 264 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	policy_window_release(&w);
}

static void test_noise(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	for (int64_t t = 0; t <= 600 * SEC; t += STEP_MS) {
		double busy = (t / STEP_MS) % 2 ? 0.85 : 0.55;
		push_load(&w, t, t, 2, busy_at(busy, busy * 1000));
		struct policy_decision d = decide(&c, &w, 2, t, 0);
		assert_hold(&d, 2);
		if (t >= 100 * SEC)
			assert_contains(d.reason, "vertex 'burn' within 0.40..0.90");
	}
	policy_window_release(&w);
}

static void test_missing_metric(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	struct load hot = {1.0, 0.8, 480, NAN};
	struct load blind = {NAN, 0.8, 480, NAN};
	push_load(&w, 0, 100 * SEC, 1, blind);
	struct policy_decision d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_hold(&d, 1);
	assert_string_equal(d.reason, "no busy-time metrics for vertex 'burn'");
	assert_int_equal(d.vertex, -1);

	/* 10 of 31 samples without it: the other 21 decide */
	policy_window_clear(&w);
	for (int i = 0; i <= 30; i++)
		push_load(&w, 40 * SEC + i * STEP_MS, 40 * SEC + i * STEP_MS, 1,
			  i % 3 == 0 && i < 30 ? blind : hot);
	d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 2);
	assert_near(d.utilization, 1.0, 1e-9);

	/* 16 of 31 without it: more than half missing is a guess */
	policy_window_clear(&w);
	for (int i = 0; i <= 30; i++)
		push_load(&w, 40 * SEC + i * STEP_MS, 40 * SEC + i * STEP_MS, 1,
			  i % 2 == 0 ? blind : hot);
	d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_hold(&d, 1);
	assert_string_equal(d.reason, "no busy-time metrics for vertex 'burn'");

	/* a quiet job with one of two free vertices blind is not scaled down */
	policy_window_clear(&w);
	for (int64_t t = 0; t <= 300 * SEC; t += STEP_MS) {
		struct policy_sample s = job_sample(t, "RUNNING", 2, busy_at(0.1, 100));
		s.n_vertices = 3;
		s.v[2] = s.v[1];
		snprintf(s.v[2].name, sizeof(s.v[2].name), "sink");
		s.v[2].busy_ms = NAN;
		policy_window_push(&w, &s);
	}
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_hold(&d, 2);
	assert_string_equal(d.reason,
			    "no busy-time metrics for vertex 'sink'; not scaling "
			    "down on a guess");
	policy_window_release(&w);
}

/* A load that swings between 1.6 and 0.2 of one subtask's capacity (as
 * busy at p=1) with the given half period, decided every 2 s for 10
 * minutes while applying each decision as the autoscaler does: the window
 * starts again and the change time is noted. */
struct flap_result {
	int changes;
	int reversals;
	int max_tms;
	int64_t min_gap; /* the shortest time between two changes */
};

static struct flap_result flap(const struct policy_config *c, int64_t half_period)
{
	struct policy_window w;
	policy_window_init(&w, CAP);
	struct flap_result r = {0, 0, 0, INT64_MAX};
	int p = 1, tms = 1;
	int64_t last_change = 0;
	enum policy_action last_dir = POLICY_HOLD;
	for (int64_t t = 0; t <= 600 * SEC; t += STEP_MS) {
		double demand = (t / half_period) % 2 == 0 ? 1.6 : 0.2;
		double per = demand / p; /* busy each subtask would need */
		struct load l = {per > 1 ? 1 : per, per > 1 ? 1 - 1 / per : 0,
				 (per > 1 ? p : demand) * 500, NAN};
		push_load(&w, t, t, p, l);
		struct policy_decision d = decide(c, &w, tms, t, last_change);
		assert_true(d.target_tms >= c->min_tms && d.target_tms <= c->max_tms);
		if (d.action == POLICY_HOLD)
			continue;
		if (d.action == POLICY_DOWN && t - last_change < c->cooldown_ms)
			fail_msg("scaled down %llds after the last change: %s",
				 (long long)((t - last_change) / SEC), d.reason);
		if (last_dir != POLICY_HOLD && d.action != last_dir)
			r.reversals++;
		last_dir = d.action;
		if (r.changes > 0 && t - last_change < r.min_gap)
			r.min_gap = t - last_change;
		r.changes++;
		p = d.target_parallelism;
		tms = d.target_tms;
		r.max_tms = tms > r.max_tms ? tms : r.max_tms;
		last_change = t;
		policy_window_clear(&w);
	}
	policy_window_release(&w);
	return r;
}

static void test_flapping(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	/* a 40 s cycle inside a 60 s window: one step up to where the peaks
	 * fit (1.6 / 2 = 0.8 < 0.9), then it stays */
	struct flap_result r = flap(&c, 20 * SEC);
	assert_int_equal(r.changes, 1);
	assert_int_equal(r.reversals, 0);
	assert_int_equal(r.max_tms, 2);
	assert_int_equal(r.min_gap, INT64_MAX);
	/* a 4-minute cycle: each phase fills a window, so following the load
	 * is right (up at 84 s, down at 204 s when the cooldown ends, up at
	 * 288 s, ...), but never more than once per phase, never down within
	 * the cooldown (checked in flap), and never sooner than a fresh window
	 * after the last change */
	r = flap(&c, 120 * SEC);
	assert_int_equal(r.changes, 5);
	assert_int_equal(r.reversals, 4);
	assert_int_equal(r.max_tms, 2);
	assert_true(r.min_gap >= 30 * SEC + 52 * SEC);
	/* with a cooldown of 5 minutes it goes up once and stays */
	c.cooldown_ms = 300 * SEC;
	r = flap(&c, 120 * SEC);
	assert_int_equal(r.changes, 3);
	assert_int_equal(r.reversals, 2);
}

static void test_clamps(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	struct load hot = {1.0, 0.8, 900, NAN};
	/* p=3 at 1.0 needs 3 / 0.7 = 4.3 -> 5, but --max is 4 */
	push_load(&w, 0, 100 * SEC, 3, hot);
	struct policy_decision d = decide(&c, &w, 3, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 4);
	assert_int_equal(d.target_parallelism, 4);
	assert_contains(d.reason, "needs p=5 for 0.70; capped at --max 4");
	/* at --max already */
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 4, hot);
	d = decide(&c, &w, 4, 100 * SEC, 0);
	assert_hold(&d, 4);
	assert_contains(d.reason, "already at --max 4 (vertex 'burn' busy 1.00");
	/* the machine's memory holds 3 of --max 8; p=2 at 1.0 aiming at 0.5
	 * needs 4 */
	c.memory_max_tms = 3;
	c.max_tms = 8;
	c.target_utilization = 0.5;
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 2, hot);
	d = decide(&c, &w, 2, 100 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 3);
	assert_int_equal(d.target_parallelism, 3);
	assert_contains(d.reason, "capped by memory at 3 TaskManagers");
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 3, hot);
	d = decide(&c, &w, 3, 100 * SEC, 0);
	assert_hold(&d, 3);
	assert_contains(d.reason, "already at the memory cap of 3 TaskManagers");
	c = defaults();

	/* 6 TaskManagers with --max 4 and a load in band: back to 4, after the
	 * cooldown */
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 6, busy_at(0.6, 600));
	d = decide(&c, &w, 6, 100 * SEC, 0);
	assert_hold(&d, 6);
	assert_contains(d.reason,
			"would scale down to 4 TaskManagers, but the cooldown has "
			"20s left (outside --min/--max");
	push_load(&w, 102 * SEC, 120 * SEC, 6, busy_at(0.6, 600));
	d = decide(&c, &w, 6, 120 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 4);
	assert_int_equal(d.target_parallelism, 4);
	assert_string_equal(d.reason,
			    "6 TaskManagers outside --min/--max 1..4: 6 -> 4 (vertex "
			    "'burn' within 0.40..0.90 (busy 0.60, max 0.60) at p=6)");
	/* 1 TaskManager with --min 2: up at once, even while collecting */
	c.min_tms = 2;
	policy_window_clear(&w);
	push_load(&w, 40 * SEC, 50 * SEC, 1, busy_at(0.6, 600));
	d = decide(&c, &w, 1, 50 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 2);
	assert_int_equal(d.target_parallelism, 1);
	assert_contains(d.reason, "outside --min/--max 2..4: 1 -> 2 (collecting metrics");
	/* a policy's down stops at --min: p=4 -> 2 keeps 3 TaskManagers */
	c.min_tms = 3;
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 4, busy_at(0.1, 100));
	d = decide(&c, &w, 4, 300 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 3);
	assert_int_equal(d.target_parallelism, 2);
	assert_string_equal(d.reason,
			    "all vertices below 0.40 (busiest 'burn' 0.10, max 0.10): "
			    "p=4 -> 2 (at most 60% down per step); kept at --min 3");
	policy_window_release(&w);
}

static void test_backlog(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* burn at 0.75, within the band, no backpressure; the source's backlog
	 * grows from 0 to 60000: the job falls behind and 0.75 >= 0.7 is
	 * enough; the average backlog of 30000 over 5 min adds 100 rec/s */
	for (int i = 0; i <= 30; i++) {
		struct load l = {0.75, 0, 500, i * 2000.0};
		push_load(&w, i * STEP_MS, i * STEP_MS, 1, l);
	}
	struct policy_decision d = decide(&c, &w, 1, 60 * SEC, -600 * SEC);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 2);
	assert_int_equal(d.target_parallelism, 2);
	assert_string_equal(
		d.reason,
		"vertex 'burn' busy 0.75 >= 0.70 while the job falls behind "
		"('sequence' backlog growing to 60000) at 500 rec/s (capacity 667 "
		"rec/s at p=1): needs p=2 for 0.70 with a catch-up of 100 rec/s");
	/* a backlog of 300000 on average: 1000 rec/s more, 3x the rate:
	 * 1 * 0.75 * 3 / 0.7 = 3.2 -> 4 */
	policy_window_clear(&w);
	for (int i = 0; i <= 30; i++) {
		struct load l = {0.75, 0, 500, 285000.0 + i * 1000.0};
		push_load(&w, i * STEP_MS, i * STEP_MS, 1, l);
	}
	d = decide(&c, &w, 1, 60 * SEC, -600 * SEC);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 4);
	assert_int_equal(d.target_parallelism, 4);
	assert_contains(d.reason, "needs p=4 for 0.70 with a catch-up of 1000 rec/s");
	/* a steady backlog (a consumer's usual lag) is not falling behind */
	policy_window_clear(&w);
	push_load(&w, 0, 60 * SEC, 1, (struct load){0.75, 0, 500, 1000});
	d = decide(&c, &w, 1, 60 * SEC, -600 * SEC);
	assert_hold(&d, 1);
	assert_contains(d.reason, "vertex 'burn' within 0.40..0.90");
	/* nor is a backlog that shrinks */
	policy_window_clear(&w);
	for (int i = 0; i <= 30; i++) {
		struct load l = {0.75, 0, 500, 60000.0 - i * 2000.0};
		push_load(&w, i * STEP_MS, i * STEP_MS, 1, l);
	}
	d = decide(&c, &w, 1, 60 * SEC, -600 * SEC);
	assert_hold(&d, 1);
	policy_window_release(&w);
}

static void test_pinned_bottleneck(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* the pinned source is the one at full busy; burn is in band */
	for (int64_t t = 0; t <= 100 * SEC; t += STEP_MS) {
		struct policy_sample s = job_sample(t, "RUNNING", 1, busy_at(0.5, 500));
		s.v[0].busy_ms = 980;
		policy_window_push(&w, &s);
	}
	struct policy_decision d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_hold(&d, 1);
	assert_int_equal(d.vertex, 0);
	assert_string_equal(d.reason,
			    "vertex 'sequence' busy 0.98 > 0.90 but cannot grow "
			    "past its max parallelism 1; vertex 'burn' busy 0.50");
	/* a job of pinned vertices only */
	policy_window_clear(&w);
	for (int64_t t = 0; t <= 100 * SEC; t += STEP_MS) {
		struct policy_sample s = job_sample(t, "RUNNING", 1, busy_at(1.0, 500));
		s.v[1].max_parallelism = 1;
		policy_window_push(&w, &s);
	}
	d = decide(&c, &w, 1, 100 * SEC, 0);
	assert_hold(&d, 1);
	assert_string_equal(d.reason,
			    "every vertex runs at its max parallelism: nothing to scale");
	policy_window_release(&w);
}

static void test_tuples_per_slot(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	struct error err;
	error_init(&err);
	assert_int_equal(policy_parse("TUPLES_PER_THREAD__500", &c, &err), 0);
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* under N: hold, whatever busy says */
	push_load(&w, 0, 300 * SEC, 1, busy_at(0.95, 450));
	struct policy_decision d = decide(&c, &w, 1, 300 * SEC, 0);
	assert_hold(&d, 1);
	assert_string_equal(d.reason, "vertex 'burn' within 500 per slot: 450 rec/s (max "
				      "450) on 1 slot");
	/* one sample at 900 in a window at 450: the average, 463, decides */
	push_load(&w, 302 * SEC, 302 * SEC, 1, busy_at(0.95, 900));
	push_load(&w, 304 * SEC, 304 * SEC, 1, busy_at(0.95, 450));
	d = decide(&c, &w, 1, 304 * SEC, 0);
	assert_hold(&d, 1);
	assert_near(d.rate_in, (29 * 450 + 900 + 450) / 31.0, 1e-9);
	/* over N: up to ceil(rate / N) */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 2, busy_at(0.5, 1450));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_int_equal(d.action, POLICY_UP);
	assert_int_equal(d.target_tms, 3);
	assert_int_equal(d.target_parallelism, 3);
	assert_int_equal(d.vertex, 1);
	assert_near(d.rate_in, 1450, 1e-9);
	assert_string_equal(d.reason,
			    "vertex 'burn' 1450 rec/s on 2 slots = 725 per slot > "
			    "500: needs 3 slots");
	/* 480 rec/s on 2 slots would fit one slot of 500, but not with 20%
	 * headroom: 480 / 400 -> 2; hold */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 2, busy_at(0.5, 480));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_hold(&d, 2);
	assert_contains(d.reason, "vertex 'burn' within 500 per slot");
	/* 300 rec/s fits one: down, after the cooldown */
	policy_window_clear(&w);
	push_load(&w, 0, 100 * SEC, 2, busy_at(0.5, 300));
	d = decide(&c, &w, 2, 100 * SEC, 0);
	assert_hold(&d, 2);
	assert_contains(d.reason, "cooldown has 20s left");
	push_load(&w, 102 * SEC, 300 * SEC, 2, busy_at(0.5, 300));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_int_equal(d.action, POLICY_DOWN);
	assert_int_equal(d.target_tms, 1);
	assert_int_equal(d.target_parallelism, 1);
	assert_string_equal(d.reason,
			    "every vertex fits fewer slots at 500 per slot with "
			    "20% headroom (busiest 'burn' max 300 rec/s on 2 slots): "
			    "p=2 -> 1");
	/* a window whose peak needs the slots keeps them */
	push_load(&w, 302 * SEC, 302 * SEC, 2, busy_at(0.5, 700));
	d = decide(&c, &w, 2, 302 * SEC, 0);
	assert_hold(&d, 2);
	/* the pinned source over N is named, not scaled: burn at p=3 has
	 * 483 per slot */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 3, busy_at(0.5, 1450));
	d = decide(&c, &w, 3, 300 * SEC, 0);
	assert_hold(&d, 3);
	assert_int_equal(d.vertex, 0);
	assert_string_equal(d.reason,
			    "vertex 'sequence' 1450 rec/s on 1 slot > 500 per slot "
			    "but cannot grow past its max parallelism 1; vertex "
			    "'burn' 1450 rec/s on 3 slots");
	/* no rate: hold */
	policy_window_clear(&w);
	push_load(&w, 0, 300 * SEC, 2, busy_at(0.5, NAN));
	d = decide(&c, &w, 2, 300 * SEC, 0);
	assert_hold(&d, 2);
	assert_string_equal(d.reason, "no rate metrics for vertex 'burn'");
	policy_window_release(&w);
}

static void test_long_names(void **state)
{
	(void)state;
	struct policy_config c = defaults();
	c.memory_max_tms = 3;
	struct policy_window w;
	policy_window_init(&w, CAP);
	/* every part of the longest reason at its longest: still one line,
	 * cut at the buffer */
	for (int64_t t = 0; t <= 100 * SEC; t += STEP_MS) {
		struct policy_sample s =
			job_sample(t, "RUNNING", 3, (struct load){1.0, 0.8, 1e12, 1e15});
		memset(s.v[0].name, 'S', sizeof(s.v[0].name) - 1);
		memset(s.v[1].name, 'B', sizeof(s.v[1].name) - 1);
		policy_window_push(&w, &s);
	}
	struct policy_decision d = decide(&c, &w, 3, 100 * SEC, 0);
	assert_hold(&d, 3);
	assert_true(strlen(d.reason) < POLICY_REASON_MAX);
	assert_null(strchr(d.reason, '\n'));
	assert_contains(d.reason, "already at the memory cap of 3 TaskManagers");
	policy_window_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_ring),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_policy_parse),
		cmocka_unit_test(test_empty_window),
		cmocka_unit_test(test_not_running),
		cmocka_unit_test(test_stabilizing_and_collecting),
		cmocka_unit_test(test_steady_in_band),
		cmocka_unit_test(test_steady_low_at_min),
		cmocka_unit_test(test_step_up),
		cmocka_unit_test(test_saturated_window),
		cmocka_unit_test(test_step_down),
		cmocka_unit_test(test_short_spike),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_missing_metric),
		cmocka_unit_test(test_flapping),
		cmocka_unit_test(test_clamps),
		cmocka_unit_test(test_backlog),
		cmocka_unit_test(test_pinned_bottleneck),
		cmocka_unit_test(test_tuples_per_slot),
		cmocka_unit_test(test_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
