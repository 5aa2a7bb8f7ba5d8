/* `up`: create a cluster, or bring an existing one to what was asked, then
 * wait until Flink reports every TaskManager and slot (and, for an
 * application cluster, until its job runs). Everything this call creates is
 * written in a journal first, so a failure or an interrupt removes exactly
 * that and nothing else. */
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cluster/inventory.h"
#include "cluster/members.h"
#include "cluster/names.h"
#include "cluster/ops.h"
#include "util/parallel.h"
#include "cluster/wait.h"
#include "docker/container.h"
#include "docker/image.h"
#include "docker/network.h"
#include "docker/volume.h"
#include "flink/jobctl.h"
#include "flink/jobs.h"
#include "flink/scaling.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/clock.h"

#define PARALLEL_WIDTH 8

struct journal {
	char **containers; /* IDs this call created, owned */
	int n;
	char *network; /* ID of the network this call created */
	char *volume;  /* name of the volume this call created */
};

static void journal_add(struct journal *j, const char *id)
{
	j->containers = xrealloc(j->containers, sizeof(char *) * (size_t)(j->n + 1));
	j->containers[j->n++] = xstrdup(id);
}

static void journal_release(struct journal *j)
{
	for (int i = 0; i < j->n; i++)
		free(j->containers[i]);
	free(j->containers);
	free(j->network);
	free(j->volume);
	memset(j, 0, sizeof(*j));
}

struct remove_batch {
	struct docker_client *c;
	char **ids;
};

static int remove_one(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct remove_batch *b = arg;
	struct error e;
	error_init(&e);
	docker_container_remove(b->c, b->ids[i], true, &e);
	return 0;
}

/* Undoes the journal; errors here are not the user's news (the first
 * failure is), so they are dropped, and gc will find any leftovers. */
static void rollback(struct docker_client *c, struct journal *j,
		     const struct cluster_observer *obs)
{
	struct remove_batch b = {c, j->containers};
	parallel_for(j->n, PARALLEL_WIDTH, remove_one, &b, NULL);
	struct error e;
	error_init(&e);
	if (j->network)
		docker_network_remove(c, j->network, &e);
	if (j->volume)
		docker_volume_remove(c, j->volume, &e);
	if (obs && obs->note && (j->n || j->network || j->volume))
		obs->note(obs->arg, "removed what this command created");
}

static void note(const struct cluster_observer *obs, const char *fmt, const char *a)
{
	if (!obs || !obs->note)
		return;
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, a);
	obs->note(obs->arg, msg);
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

struct create_batch {
	struct docker_client *c;
	const struct cluster_spec *s;
	const struct kvlist *extra;
	int *indices;
	char **ids;         /* out, per task */
	struct error *errs; /* out, per task */
};

static int create_tm_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct create_batch *b = arg;
	error_init(&b->errs[i]);
	cluster_create_tm(b->c, b->s, b->indices[i], b->extra, &b->ids[i], &b->errs[i]);
	return 0;
}

struct start_batch {
	struct docker_client *c;
	char **ids;
	struct error *errs;
	const struct cancel *cancel;
};

static int start_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct start_batch *b = arg;
	error_init(&b->errs[i]);
	if (docker_container_start(b->c, b->ids[i], b->cancel, &b->errs[i]) < 0)
		error_prefix(&b->errs[i], "cannot start container %.12s", b->ids[i]);
	return 0;
}

static int stop_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct start_batch *b = arg;
	error_init(&b->errs[i]);
	if (docker_container_stop(b->c, b->ids[i], CLUSTER_TM_STOP_SECONDS, b->cancel,
				  &b->errs[i]) < 0)
		error_prefix(&b->errs[i], "cannot stop container %.12s", b->ids[i]);
	return 0;
}

void cluster_up_result_release(struct cluster_up_result *r)
{
	free(r->rest_url);
	memset(r, 0, sizeof(*r));
}

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
		kvlist_set(extra, "io.flinkcmd.creator", buf);
}

/* TaskManager indices to add so that `have` existing ones become `want`:
 * the lowest free numbers, so names stay short and stable. */
static int *missing_indices(const struct cluster_inventory *inv, int want, int *n_out)
{
	int have = 0;
	for (int i = 0; i < inv->n_containers; i++)
		if (cluster_member_is_tm(&inv->containers[i]))
			have++;
	int need = want - have;
	*n_out = need > 0 ? need : 0;
	int *out = xcalloc((size_t)(need > 0 ? need : 1), sizeof(int));
	int k = 0;
	for (int idx = 1; k < need; idx++) {
		bool used = false;
		for (int i = 0; i < inv->n_containers && !used; i++)
			used = cluster_member_is_tm(&inv->containers[i]) &&
			       cluster_member_index(&inv->containers[i]) == idx;
		if (!used)
			out[k++] = idx;
	}
	return out;
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

static int collect_logs(void *arg, enum docker_log_stream stream, const char *data,
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
static void jm_exit_cause(struct docker_client *c, const char *jm_id, char *out, size_t n)
{
	out[0] = '\0';
	struct strbuf logs;
	strbuf_init(&logs, 4 << 20);
	struct docker_logs_opts lo = {.tail = 400};
	struct error e;
	error_init(&e);
	if (docker_container_logs(c, jm_id, &lo, collect_logs, &logs, &e) == 0) {
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
 * Its logs go with the rollback, so the reason is read now. Returns 1 when
 * it exited with status 0: the job ran to its end, which is no failure. */
static int explain_jm_exit(struct docker_client *c, const char *name, const char *jm_id,
			   bool started_now, struct error *err)
{
	struct docker_container_info info;
	struct error e;
	error_init(&e);
	if (!jm_id || docker_container_inspect(c, jm_id, NULL, &info, &e) < 0)
		return 0;
	int finished = !info.running && info.exit_code == 0 && started_now;
	if (!info.running && info.exit_code == 0 && !started_now) {
		/* it was ending when this up looked: its job ended before */
		error_set(err, ERR_FAIL,
			  "the JobManager of '%s' exited while up waited (its job "
			  "ended); run 'flink-cmd up --name %s' again to resume the job",
			  name, name);
	} else if (!info.running && !finished) {
		char cause[ERROR_MSG_MAX / 2];
		jm_exit_cause(c, jm_id, cause, sizeof(cause));
		error_set(err, ERR_FAIL,
			  "the job of cluster '%s' did not start: %s (the JobManager "
			  "exited with code %d)",
			  name, cause[0] ? cause : "its logs give no reason",
			  info.exit_code);
	}
	docker_container_info_release(&info);
	return finished;
}

struct job_view {
	char id[33];
	char name[128];
	char state[24];
	int parallelism;     /* the largest vertex's */
	int max_parallelism; /* the largest vertex's cap, 0 when unknown */
	bool tasks_up;       /* every vertex runs (or finished) */
};

/* The application's job (the cluster runs only one) as Flink sees it now.
 * 1 when there is none yet. */
static int job_look(struct flink_client *fc, struct job_view *v, struct error *err)
{
	memset(v, 0, sizeof(*v));
	struct flink_job *jobs = NULL;
	int n = 0;
	int rc = flink_jobs_get(fc, &jobs, &n, err);
	if (rc < 0)
		return rc;
	if (n == 0) {
		flink_jobs_free(jobs, n);
		return 1;
	}
	snprintf(v->id, sizeof(v->id), "%s", jobs[0].id);
	snprintf(v->name, sizeof(v->name), "%s", jobs[0].name ? jobs[0].name : "");
	flink_jobs_free(jobs, n);
	struct flink_job_shape shape;
	rc = flink_job_shape_get(fc, v->id, &shape, err);
	if (rc < 0)
		return rc;
	snprintf(v->state, sizeof(v->state), "%s", shape.state);
	v->parallelism = flink_job_shape_parallelism(&shape);
	int up = 0;
	for (int i = 0; i < shape.n; i++) {
		up += shape.v[i].running;
		if (shape.v[i].max_parallelism > v->max_parallelism)
			v->max_parallelism = shape.v[i].max_parallelism;
	}
	v->tasks_up = shape.n > 0 && up == shape.n;
	flink_job_shape_release(&shape);
	return 0;
}

/* Waits until the application's job runs with every task up; in reactive
 * mode also on every slot (or as many as its max parallelism allows), since
 * Flink starts it on the first slots that register and rescales after.
 * Restarts on the way are normal there; a failed job or an exited
 * JobManager is ERR_FAIL with the reason. */
static int wait_job(struct docker_client *c, const char *name, const char *rest_url,
		    const char *jm_id, bool reactive, int slots, double deadline,
		    const struct cluster_observer *obs, const struct cancel *cancel,
		    struct cluster_up_result *out, struct error *err)
{
	struct flink_client *fc = flink_client_new(rest_url, cancel);
	fc->timeout_ms = 5000;
	double last_check = clock_now_s();
	char seen[96] = "";
	struct job_view v = {0};
	int rc;
	for (;;) {
		if (cancel_requested(cancel)) {
			rc = error_set(err, ERR_INTERRUPTED, "interrupted");
			break;
		}
		struct error e;
		error_init(&e);
		struct job_view now_v;
		int found = job_look(fc, &now_v, &e);
		if (found == 0)
			v = now_v;
		if (found == 0) {
			char now[96];
			snprintf(now, sizeof(now), "%s %d", v.state, v.parallelism);
			if (strcmp(now, seen) != 0) {
				snprintf(seen, sizeof(seen), "%s", now);
				char msg[256];
				/* before it runs Flink shows the max parallelism */
				if (strcmp(v.state, "RUNNING") == 0)
					snprintf(msg, sizeof(msg),
						 "job '%s' is RUNNING at parallelism %d",
						 v.name, v.parallelism);
				else
					snprintf(msg, sizeof(msg), "job '%s' is %s",
						 v.name, v.state);
				note(obs, "%s", msg);
			}
			int want = slots;
			if (v.max_parallelism > 0 && v.max_parallelism < want)
				want = v.max_parallelism;
			if ((strcmp(v.state, "RUNNING") == 0 && v.tasks_up &&
			     (!reactive || v.parallelism >= want)) ||
			    strcmp(v.state, "FINISHED") == 0) {
				rc = 0;
				break;
			}
			if (strcmp(v.state, "FAILED") == 0 ||
			    strcmp(v.state, "CANCELED") == 0) {
				char cause[ERROR_MSG_MAX / 2] = "";
				flink_job_root_cause(fc, v.id, cause, sizeof(cause), &e);
				rc = error_set(err, ERR_FAIL, "job '%s' (%s) is %s: %s",
					       v.name, v.id, v.state,
					       cause[0] ? cause : "Flink gave no reason");
				break;
			}
		}
		double t = clock_now_s();
		if (t > deadline) {
			char cause[ERROR_MSG_MAX / 2] = "";
			if (v.id[0])
				flink_job_root_cause(fc, v.id, cause, sizeof(cause), &e);
			if (!v.id[0])
				rc = error_set(
					err, ERR_TIMEOUT,
					"the JobManager of '%s' has not started its job "
					"yet (see 'flink-cmd logs --name %s "
					"jobmanager')",
					name, name);
			else
				rc = error_set(err, ERR_TIMEOUT,
					       "job '%s' (%s) is still %s at parallelism "
					       "%d%s%s",
					       v.name, v.id, v.state, v.parallelism,
					       cause[0] ? "; last failure: " : "", cause);
			break;
		}
		if (t - last_check > 1.0) {
			last_check = t;
			struct docker_container_info info;
			if (docker_container_inspect(c, jm_id, NULL, &info, &e) == 0) {
				bool running = info.running;
				docker_container_info_release(&info);
				if (!running) {
					rc = error_set(err, ERR_FAIL,
						       "the JobManager exited");
					break;
				}
			}
		}
		clock_sleep_ms(CLUSTER_POLL_MS * 2);
	}
	if (v.id[0]) {
		memcpy(out->job_id, v.id, sizeof(out->job_id));
		memcpy(out->job_state, v.state, sizeof(out->job_state));
		out->job_parallelism = v.parallelism;
	}
	flink_client_free(fc);
	return rc;
}

int cluster_up(struct docker_client *c, const struct cluster_spec *s,
	       const struct cluster_observer *obs, const struct cancel *cancel,
	       struct cluster_up_result *out, struct error *err)
{
	double t0 = clock_now_s();
	memset(out, 0, sizeof(*out));
	int rc = cluster_spec_validate(s, err);
	if (rc < 0)
		return rc;

	struct docker_image_info img;
	rc = docker_image_inspect(c, s->image, &img, err);
	if (rc == ERR_NOTFOUND)
		return error_set(
			err, ERR_USAGE,
			"image '%s' is not on this Engine (make it with "
			"'scripts/flink-image.sh', or pass --image with one that exists)",
			s->image);
	if (rc < 0)
		return rc;
	docker_image_info_release(&img);

	struct cluster_inventory inv;
	rc = cluster_inventory_load(c, s->name, &inv, err);
	if (rc < 0)
		return rc;
	out->created = inv.jm < 0;
	/* what the cluster is: what s asks when up makes it, else what the
	 * JobManager's labels say it was made as */
	bool application = s->job_jar != NULL, reactive = s->reactive;
	if (inv.jm >= 0) {
		/* a cluster whose labels do not say (an older flink-cmd's) is a
		 * session cluster */
		struct cluster_spec have;
		struct error ignored;
		error_init(&ignored);
		if (cluster_spec_from_labels(&have, &inv.containers[inv.jm].labels,
					     &ignored) < 0) {
			cluster_spec_release(&have);
			cluster_spec_init(&have);
		}
		rc = check_same_job(s, &have, err);
		application = have.job_jar != NULL;
		reactive = have.reactive;
		cluster_spec_release(&have);
		if (rc < 0) {
			cluster_inventory_release(&inv);
			return rc;
		}
	}
	out->reactive = reactive;
	if (inv.jm < 0 && s->port) {
		rc = check_port_free(s->bind_ip, s->port, err);
		if (rc < 0) {
			cluster_inventory_release(&inv);
			return rc;
		}
	}

	struct journal j = {0};
	struct kvlist extra, labels;
	kvlist_init(&extra);
	kvlist_init(&labels);
	extra_labels(s, &extra);
	cluster_labels(&labels, s->name, NULL, 0);
	for (int i = 0; i < extra.n; i++)
		kvlist_set(&labels, extra.keys[i], extra.values[i]);
	char **to_start = NULL;
	int n_start = 0;
	int *indices = NULL, n_new = 0;
	char *id = NULL;
	char **new_ids = NULL;
	struct error *errs = NULL;

	if (inv.n_networks == 0) {
		char *net = cluster_net_name(s->name);
		rc = docker_network_create(c, net, &labels, &j.network, err);
		if (rc == ERR_CONFLICT)
			rc = error_set(
				err, ERR_USAGE,
				"a network named '%s' exists that is not part of cluster "
				"'%s' (remove it, or choose another --name)",
				net, s->name);
		else if (rc == 0)
			note(obs, "created network '%s'", net);
		free(net);
		if (rc < 0)
			goto fail;
	}
	if (inv.n_volumes == 0) {
		char *vol = cluster_volume_name(s->name);
		/* an existing volume of that name that is not ours must not be
		 * adopted: the Engine would hand it back silently */
		struct docker_named *all = NULL;
		int nall = 0;
		const char *none[] = {NULL};
		rc = docker_volume_list(c, none, &all, &nall, err);
		for (int i = 0; rc == 0 && i < nall; i++)
			if (strcmp(all[i].name, vol) == 0)
				rc = error_set(
					err, ERR_USAGE,
					"a volume named '%s' exists that is not part of "
					"cluster '%s' (remove it, or choose another "
					"--name)",
					vol, s->name);
		docker_named_list_free(all, nall);
		if (rc == 0)
			rc = docker_volume_create(c, vol, &labels, err);
		if (rc == 0) {
			j.volume = xstrdup(vol);
			note(obs, "created volume '%s'", vol);
		}
		free(vol);
		if (rc < 0)
			goto fail;
	}
	if (cancel_requested(cancel))
		goto interrupted;

	if (inv.jm < 0) {
		rc = cluster_create_jm(c, s, &extra, &id, err);
		if (rc < 0)
			goto fail;
		journal_add(&j, id);
		to_start = xrealloc(to_start, sizeof(char *) * (size_t)(n_start + 1));
		to_start[n_start++] = id;
		id = NULL;
	}
	/* A JobManager started again is a new one to the TaskManagers still
	 * running: they would notice only when its predecessor's heartbeat
	 * times out (50 s) and register then. Restarted with it, they register
	 * at once. It runs no job they could lose (no HA: the old JobManager's
	 * jobs went with it; an application one resumes its job from its
	 * state). */
	bool jm_again =
		inv.jm >= 0 && strcmp(inv.containers[inv.jm].state, "running") != 0;
	if (jm_again) {
		char **running = xcalloc((size_t)inv.n_containers + 1, sizeof(char *));
		int n_running = 0;
		for (int i = 0; i < inv.n_containers; i++)
			if (cluster_member_is_tm(&inv.containers[i]) &&
			    strcmp(inv.containers[i].state, "running") == 0)
				running[n_running++] = inv.containers[i].id;
		free(errs);
		errs = xcalloc((size_t)n_running + 1, sizeof(*errs));
		struct start_batch sb = {c, running, errs, cancel};
		parallel_for(n_running, PARALLEL_WIDTH, stop_task, &sb, NULL);
		for (int i = 0; i < n_running; i++)
			if (errs[i].code && rc == 0) {
				*err = errs[i];
				rc = errs[i].code;
			}
		free(running);
		free(errs);
		errs = NULL;
		if (rc < 0)
			goto fail;
		if (n_running)
			note(obs, "%s",
			     "stopped the TaskManagers to restart them with the "
			     "JobManager");
	}
	/* stopped members of an existing cluster are started again */
	for (int i = 0; i < inv.n_containers; i++) {
		if (jm_again || strcmp(inv.containers[i].state, "running") != 0) {
			to_start = xrealloc(to_start,
					    sizeof(char *) * (size_t)(n_start + 1));
			to_start[n_start++] = xstrdup(inv.containers[i].id);
		}
	}

	indices = missing_indices(&inv, s->taskmanagers, &n_new);
	if (n_new > 0) {
		new_ids = xcalloc((size_t)n_new, sizeof(char *));
		errs = xcalloc((size_t)n_new, sizeof(*errs));
		struct create_batch b = {c, s, &extra, indices, new_ids, errs};
		parallel_for(n_new, PARALLEL_WIDTH, create_tm_task, &b, NULL);
		for (int i = 0; i < n_new; i++) {
			if (new_ids[i]) {
				journal_add(&j, new_ids[i]);
				to_start = xrealloc(
					to_start, sizeof(char *) * (size_t)(n_start + 1));
				to_start[n_start++] = xstrdup(new_ids[i]);
			}
		}
		for (int i = 0; i < n_new; i++) {
			if (errs[i].code) {
				*err = errs[i];
				rc = errs[i].code;
				goto fail;
			}
		}
		char msg[64];
		snprintf(msg, sizeof(msg), "%d", n_new);
		note(obs, "created %s TaskManager container(s)", msg);
	}
	if (cancel_requested(cancel))
		goto interrupted;

	if (n_start > 0) {
		free(errs);
		errs = xcalloc((size_t)n_start, sizeof(*errs));
		struct start_batch sb = {c, to_start, errs, cancel};
		parallel_for(n_start, PARALLEL_WIDTH, start_task, &sb, NULL);
		for (int i = 0; i < n_start; i++) {
			if (errs[i].code) {
				*err = errs[i];
				rc = errs[i].code;
				goto fail;
			}
		}
		char msg[64];
		snprintf(msg, sizeof(msg), "%d", n_start);
		note(obs, "started %s container(s)", msg);
	}

	/* the REST port exists only once the JobManager runs */
	cluster_inventory_release(&inv);
	rc = cluster_inventory_load(c, s->name, &inv, err);
	if (rc < 0)
		goto fail;
	out->rest_url = cluster_rest_url(&inv);
	if (!out->rest_url) {
		rc = error_set(err, ERR_FAIL,
			       "the JobManager of '%s' publishes no REST port", s->name);
		goto fail;
	}
	int tm_count = 0;
	for (int i = 0; i < inv.n_containers; i++)
		tm_count += cluster_member_is_tm(&inv.containers[i]);
	if (tm_count > s->taskmanagers) {
		/* in reactive mode fewer TaskManagers rescale the job: no refusal */
		rc = cluster_scale(c, s->name, s->taskmanagers, reactive, obs, cancel,
				   NULL, err);
		if (rc < 0)
			goto fail;
	}
	out->taskmanagers = s->taskmanagers;
	out->slots = s->taskmanagers * s->slots;
	if (s->wait) {
		double deadline = clock_now_s() + (double)s->timeout_ms / 1000.0;
		const char *jm_id = inv.jm >= 0 ? inv.containers[inv.jm].id : NULL;
		struct cluster_ready ready;
		rc = cluster_wait_ready(c, s->name, out->rest_url, s->taskmanagers,
					s->taskmanagers * s->slots, s->timeout_ms, obs,
					cancel, &ready, err);
		if (rc == 0) {
			out->taskmanagers = ready.taskmanagers;
			out->slots = ready.slots_total;
		}
		if (rc == 0 && application && jm_id) {
			note(obs, "waiting for the job to run%s",
			     reactive ? " on every slot" : "");
			rc = wait_job(c, s->name, out->rest_url, jm_id, reactive,
				      out->slots, deadline, obs, cancel, out, err);
		}
		if (rc < 0 && rc != ERR_INTERRUPTED && application &&
		    explain_jm_exit(c, s->name, jm_id, out->created || jm_again, err)) {
			/* a bounded job finished, and Flink ended its cluster */
			note(obs, "%s", "the job finished and the JobManager exited");
			snprintf(out->job_state, sizeof(out->job_state), "FINISHED");
			rc = 0;
		}
		if (rc < 0)
			goto fail;
	}
	out->seconds = clock_now_s() - t0;
	rc = 0;
	goto done;

interrupted:
	rc = error_set(err, ERR_INTERRUPTED, "interrupted");
fail:
	rollback(c, &j, obs);
	cluster_up_result_release(out);
done:
	for (int i = 0; i < n_start; i++)
		free(to_start[i]);
	free(to_start);
	if (new_ids)
		for (int i = 0; i < n_new; i++)
			free(new_ids[i]);
	free(new_ids);
	free(errs);
	free(indices);
	free(id);
	kvlist_release(&extra);
	kvlist_release(&labels);
	journal_release(&j);
	cluster_inventory_release(&inv);
	return rc;
}
