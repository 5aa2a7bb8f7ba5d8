/* `up`: a plan from what exists to what is asked, applied with a journal,
 * then a wait until Flink reports every TaskManager and slot (and, for an
 * application cluster, until its job runs). A failure or an interrupt
 * undoes what this call created, and nothing else. */
#include "cluster/up.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cluster/defaults.h"
#include "cluster/job_wait.h"
#include "cluster/plan.h"
#include "cluster/ready.h"
#include "cluster/scale.h"
#include "flink/client.h"
#include "flink/jobctl.h"
#include "util/clock.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void cluster_up_result_release(struct cluster_up_result *r)
{
	free(r->rest_url);
	memset(r, 0, sizeof(*r));
}

static int check_port_free(const char *ip, int port, struct error *err)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1)
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	int e = errno;
	close(fd);
	if (rc < 0 && e == EADDRINUSE)
		return error_set(
			err, ERR_USAGE,
			"port %d on %s is already taken (choose another --port, or "
			"leave it out for a random one)",
			port, ip);
	return 0;
}

/* Labels every resource of this `up` carries: expiry, owner, creator. */
static void extra_labels(const struct cluster_spec *s, struct kvlist *extra)
{
	char buf[64];
	if (s->ttl_seconds > 0) {
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)(time(NULL) + s->ttl_seconds));
		kvlist_set(extra, LABEL_EXPIRES, buf);
	}
	if (s->owner_pid > 0) {
		if (proc_identity(s->owner_pid, buf, sizeof(buf)) < 0)
			snprintf(buf, sizeof(buf), "%ld", s->owner_pid);
		kvlist_set(extra, LABEL_OWNER, buf);
	}
	/* while this process lives the cluster is being made, not abandoned */
	if (proc_identity(getpid(), buf, sizeof(buf)) == 0)
		kvlist_set(extra, LABEL_CREATOR, buf);
}

/* An application cluster keeps the job it was made with: --job on an
 * existing cluster must name that job, and cannot turn a session cluster
 * into an application one. */
static int check_same_job(const struct cluster_spec *s, const struct cluster_spec *have,
			  struct error *err)
{
	if (!s->job_jar)
		return 0;
	if (!have->job_jar)
		return error_set(err, ERR_USAGE,
				 "cluster '%s' exists as a session cluster: --job "
				 "applies only when up makes the cluster (use "
				 "'flink-cmd run', or 'flink-cmd down %s' first)",
				 s->name, s->name);
	const char *base = strrchr(s->job_jar, '/');
	base = base ? base + 1 : s->job_jar;
	bool same = strcmp(base, have->job_jar) == 0 &&
		    (s->job_class ? have->job_class &&
					    strcmp(s->job_class, have->job_class) == 0
				  : !have->job_class) &&
		    s->reactive == have->reactive;
	if (!same)
		return error_set(err, ERR_USAGE,
				 "cluster '%s' runs the job '%s'%s%s%s: an application "
				 "cluster keeps its job ('flink-cmd down %s' first to "
				 "run another)",
				 s->name, have->job_jar, have->job_class ? " (" : "",
				 have->job_class ? have->job_class : "",
				 have->job_class ? ")" : "", s->name);
	return 0;
}

/* What the cluster is: what s asks when up makes it, else what the
 * JobManager's labels say it was made as (a cluster whose labels do not say,
 * an older flink-cmd's, is a session cluster). */
static int cluster_kind(const struct cluster_inventory *inv, const struct cluster_spec *s,
			struct cluster_up_result *out, bool *application,
			struct error *err)
{
	const struct cluster_member *jm = cluster_inventory_jm(inv);
	*application = s->job_jar != NULL;
	out->reactive = s->reactive;
	if (!jm)
		return 0;
	struct cluster_spec have;
	struct error ignored;
	error_init(&ignored);
	if (cluster_spec_from_labels(&have, &jm->labels, &ignored) < 0) {
		cluster_spec_release(&have);
		cluster_spec_init(&have);
	}
	int rc = check_same_job(s, &have, err);
	*application = have.job_jar != NULL;
	out->reactive = have.reactive;
	cluster_spec_release(&have);
	return rc;
}

static int collect_logs(void *arg, enum member_stream stream, const char *data,
			size_t len, struct error *err)
{
	(void)stream;
	(void)err;
	strbuf_add(arg, data, len);
	return 0;
}

/* Why an application JobManager exited, from its last log lines: the
 * deepest "Caused by" (a main() that threw, a class not found), else the
 * last ERROR line. "" when the logs say nothing. */
static void jm_exit_cause(struct cluster_engine *e, const char *jm_id, char *out,
			  size_t n)
{
	out[0] = '\0';
	struct strbuf logs;
	strbuf_init(&logs, 4 << 20);
	struct member_logs_opts lo = {.tail = 400};
	struct error ignored;
	error_init(&ignored);
	if (cluster_engine_member_logs(e, jm_id, &lo, collect_logs, &logs, &ignored) ==
	    0) {
		if (strstr(logs.buf, "Caused by: ")) {
			flink_trace_cause(logs.buf, out, n);
		} else {
			const char *p = logs.buf, *last = NULL;
			while ((p = strstr(p, " ERROR ")) != NULL)
				last = p++;
			const char *msg = last ? strstr(last, "] - ") : NULL;
			if (msg)
				flink_trace_cause(msg + 4, out, n);
		}
	}
	strbuf_release(&logs);
}

/* When the application JobManager has exited, replaces err by why: in
 * application mode Flink ends the JobManager when the job cannot start.
 * Its logs go with the undo, so the reason is read now. Returns 1 when it
 * exited with status 0 having been started by this up: the job ran to its
 * end, which is no failure. */
static int explain_jm_exit(struct cluster_engine *e, const char *name, const char *jm_id,
			   bool started_now, struct error *err)
{
	bool running;
	int code;
	struct error ignored;
	error_init(&ignored);
	if (!jm_id ||
	    cluster_engine_member_exit(e, jm_id, &running, &code, &ignored) < 0 ||
	    running)
		return 0;
	if (code == 0 && started_now)
		return 1;
	if (code == 0) {
		/* it was ending when this up looked: its job ended before */
		error_set(err, ERR_FAIL,
			  "the JobManager of '%s' exited while up waited (its job "
			  "ended); run 'flink-cmd up --name %s' again to resume the job",
			  name, name);
		return 0;
	}
	char cause[ERROR_MSG_MAX / 2];
	jm_exit_cause(e, jm_id, cause, sizeof(cause));
	error_set(err, ERR_FAIL,
		  "the job of cluster '%s' did not start: %s (the JobManager "
		  "exited with code %d)",
		  name, cause[0] ? cause : "its logs give no reason", code);
	return 0;
}

/* The job wait's hook: a note when the job's state or parallelism changes,
 * and once a second a look at the JobManager, which exits when the job
 * cannot start. */
struct job_watch {
	struct cluster_engine *e;
	const char *jm_id;
	const struct cluster_observer *obs;
	double last_check;
	char seen[96];
};

static int watch_job(void *arg, const struct flink_job *job, struct error *err)
{
	struct job_watch *w = arg;
	if (job) {
		char now[96];
		int p = flink_job_parallelism(job);
		snprintf(now, sizeof(now), "%d %d", job->state, p);
		if (strcmp(now, w->seen) != 0) {
			snprintf(w->seen, sizeof(w->seen), "%s", now);
			/* before it runs Flink shows the max parallelism */
			if (job->state == FLINK_JOB_RUNNING)
				cluster_note(w->obs,
					     "job '%s' is RUNNING at parallelism %d",
					     job->name, p);
			else
				cluster_note(w->obs, "job '%s' is %s", job->name,
					     flink_job_state_name(job->state));
		}
	}
	double t = clock_now_s();
	if (t - w->last_check < 1.0)
		return 0;
	w->last_check = t;
	bool running = true;
	int code;
	struct error ignored;
	error_init(&ignored);
	if (cluster_engine_member_exit(w->e, w->jm_id, &running, &code, &ignored) == 0 &&
	    !running)
		return error_set(err, ERR_FAIL, "the JobManager exited");
	return 0;
}

/* Waits until the application's job runs with every task up; in reactive
 * mode also on every slot (or as many as its vertices' ceilings allow),
 * since Flink starts it on the first slots that register and rescales
 * after. Restarts on the way are normal there. */
static int wait_job(struct cluster_engine *e, const char *name, const char *jm_id,
		    double deadline, const struct cluster_observer *obs,
		    const struct cancel *cancel, struct cluster_up_result *out,
		    struct error *err)
{
	struct flink_client *fc = flink_client_new(out->rest_url, cancel);
	fc->timeout_ms = 5000;
	struct job_watch watch = {
		.e = e, .jm_id = jm_id, .obs = obs, .last_check = clock_now_s()};
	double left = (deadline - clock_now_s()) * 1000.0;
	struct job_wait w = {
		.goal = {.kind = out->reactive ? JOB_GOAL_PARALLELISM : JOB_GOAL_RUNNING,
			 .parallelism = out->slots,
			 .at_least = true,
			 .finished_ok = true},
		.timeout_ms = left > 0 ? (int64_t)left : 0,
		.cluster = name,
		.hook = watch_job,
		.hook_arg = &watch,
	};
	struct flink_job last;
	int rc = cluster_job_wait(fc, &w, cancel, &last, err);
	if (last.id.hex[0]) {
		out->job_id = last.id;
		out->job_state = last.state;
		out->job_parallelism = flink_job_parallelism(&last);
	}
	flink_job_release(&last);
	flink_client_free(fc);
	return rc;
}

/* Ready: every TaskManager and slot registered, and an application's job
 * running; a bounded job that finished (Flink then ends the JobManager) is
 * ready too. */
static int wait_ready(struct cluster_engine *e, const struct cluster_spec *s,
		      bool application, bool started_now, const char *jm_id,
		      const struct cluster_observer *obs, const struct cancel *cancel,
		      struct cluster_up_result *out, struct error *err)
{
	double deadline = clock_now_s() + (double)s->timeout_ms / 1000.0;
	struct cluster_ready ready;
	int rc = cluster_ready_wait(e, s->name, out->rest_url, s->taskmanagers,
				    s->taskmanagers * s->slots, s->timeout_ms, obs,
				    cancel, &ready, err);
	if (rc == 0) {
		out->taskmanagers = ready.taskmanagers;
		out->slots = ready.slots_total;
	}
	if (rc == 0 && application && jm_id) {
		cluster_note(obs, "waiting for the job to run%s",
			     out->reactive ? " on every slot" : "");
		rc = wait_job(e, s->name, jm_id, deadline, obs, cancel, out, err);
	}
	if (rc < 0 && rc != ERR_INTERRUPTED && application &&
	    explain_jm_exit(e, s->name, jm_id, started_now, err)) {
		/* a bounded job finished, and Flink ended its cluster */
		cluster_note(obs, "%s", "the job finished and the JobManager exited");
		out->job_state = FLINK_JOB_FINISHED;
		rc = 0;
	}
	return rc;
}

/* Checks what can be checked before anything is made. */
static int preflight(struct cluster_engine *e, const struct cluster_spec *s,
		     struct cluster_inventory *inv, struct cluster_up_result *out,
		     bool *application, struct error *err)
{
	int rc = cluster_spec_validate(s, err);
	if (rc == 0)
		rc = cluster_engine_image_check(e, s->image, err);
	if (rc == ERR_NOTFOUND)
		rc = error_set(err, ERR_USAGE,
			       "image '%s' is not on this Engine (make it with "
			       "'scripts/flink-image.sh', or pass --image with one that "
			       "exists)",
			       s->image);
	if (rc == 0)
		rc = cluster_engine_inventory(e, s->name, inv, err);
	if (rc < 0)
		return rc;
	out->created = inv->jm < 0;
	rc = cluster_kind(inv, s, out, application, err);
	if (rc == 0 && inv->jm < 0 && s->port)
		rc = check_port_free(s->bind_ip, s->port, err);
	return rc;
}

/* After the plan ran: Flink's REST URL (published only once the
 * JobManager runs), and the TaskManagers beyond the count removed, idle ones
 * first. Fills *jm_id (owned). */
static int settle(struct cluster_engine *e, const struct cluster_spec *s,
		  const struct cluster_plan *plan, const struct cluster_observer *obs,
		  const struct cancel *cancel, struct cluster_up_result *out,
		  char **jm_id, struct error *err)
{
	struct cluster_inventory inv;
	int rc = cluster_engine_inventory(e, s->name, &inv, err);
	if (rc < 0)
		return rc;
	const struct cluster_member *jm = cluster_inventory_jm(&inv);
	*jm_id = jm ? xstrdup(jm->id) : NULL;
	out->rest_url = inv.rest_url ? xstrdup(inv.rest_url) : NULL;
	cluster_inventory_release(&inv);
	if (!out->rest_url)
		return error_set(err, ERR_FAIL,
				 "the JobManager of '%s' publishes no REST port",
				 s->name);
	/* in reactive mode fewer TaskManagers rescale the job: no refusal */
	if (plan->shrink_to)
		rc = cluster_scale(e, s->name, plan->shrink_to, out->reactive, obs,
				   cancel, NULL, err);
	out->taskmanagers = s->taskmanagers;
	out->slots = s->taskmanagers * s->slots;
	return rc;
}

int cluster_up(struct cluster_engine *e, const struct cluster_spec *s,
	       const struct cluster_observer *obs, const struct cancel *cancel,
	       struct cluster_up_result *out, struct error *err)
{
	double t0 = clock_now_s();
	memset(out, 0, sizeof(*out));
	/* filled by preflight; released whatever it reached */
	struct cluster_inventory inv = {.jm = -1};
	bool application = false;
	int rc = preflight(e, s, &inv, out, &application, err);
	if (rc < 0) {
		cluster_inventory_release(&inv);
		return rc;
	}
	struct cluster_plan plan;
	cluster_plan_up(&inv, s, &plan);
	cluster_inventory_release(&inv);
	struct kvlist extra;
	kvlist_init(&extra);
	extra_labels(s, &extra);
	struct plan_journal j;
	plan_journal_init(&j);
	char *jm_id = NULL;
	rc = cluster_plan_apply(e, &plan, s, &extra, &j, obs, cancel, err);
	if (rc == 0)
		rc = settle(e, s, &plan, obs, cancel, out, &jm_id, err);
	if (rc == 0 && s->wait)
		rc = wait_ready(e, s, application, plan.creates || plan.jm_again, jm_id,
				obs, cancel, out, err);
	if (rc < 0) {
		cluster_plan_undo(e, &j, obs);
		cluster_up_result_release(out);
	} else {
		out->seconds = clock_now_s() - t0;
	}
	free(jm_id);
	plan_journal_release(&j);
	kvlist_release(&extra);
	cluster_plan_release(&plan);
	return rc;
}
