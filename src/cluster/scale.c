/* `scale N`: add TaskManagers side by side, or remove idle ones first with a
 * graceful stop, and wait until Flink agrees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/inventory.h"
#include "cluster/members.h"
#include "cluster/names.h"
#include "cluster/ops.h"
#include "util/parallel.h"
#include "cluster/wait.h"
#include "docker/container.h"
#include "flink/client.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/clock.h"

#define PARALLEL_WIDTH 8

struct tm_row {
	const struct docker_container_summary *ct;
	int index;
	int slots; /* -1 when Flink does not know it */
	int free_slots;
};

static int by_removal_order(const void *a, const void *b)
{
	const struct tm_row *x = a, *y = b;
	/* unregistered first, then idle, then busy; within each, highest index */
	int kx = x->slots < 0 ? 0 : x->free_slots == x->slots ? 1 : 2;
	int ky = y->slots < 0 ? 0 : y->free_slots == y->slots ? 1 : 2;
	if (kx != ky)
		return kx - ky;
	return y->index - x->index;
}

struct op_batch {
	struct docker_client *c;
	const struct cluster_spec *s;
	int *indices;
	const char **ids;
	char **new_ids;
	struct error *errs;
	const struct cancel *cancel;
};

static int create_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct op_batch *b = arg;
	error_init(&b->errs[i]);
	if (cluster_create_tm(b->c, b->s, b->indices[i], NULL, &b->new_ids[i],
			      &b->errs[i]) == 0 &&
	    docker_container_start(b->c, b->new_ids[i], b->cancel, &b->errs[i]) < 0)
		error_prefix(&b->errs[i], "cannot start TaskManager %d", b->indices[i]);
	return 0;
}

static int stop_remove_task(void *arg, int i, struct error *unused)
{
	(void)unused;
	struct op_batch *b = arg;
	error_init(&b->errs[i]);
	/* SIGTERM lets the TaskManager tell the ResourceManager it is leaving */
	if (docker_container_stop(b->c, b->ids[i], CLUSTER_TM_STOP_SECONDS, b->cancel,
				  &b->errs[i]) == 0 ||
	    b->errs[i].code == ERR_NOTFOUND)
		docker_container_remove(b->c, b->ids[i], true, &b->errs[i]);
	return 0;
}

/* "job 'name' (abc123)" for every job holding slots on the victims. */
static void busy_jobs(struct flink_client *fc, struct tm_row *rows, int n_victims,
		      struct strbuf *out)
{
	cJSON *jobs = NULL;
	struct error e;
	error_init(&e);
	flink_call(fc, "GET", "/jobs/overview", NULL, &jobs, &e);
	for (int v = 0; v < n_victims; v++) {
		if (rows[v].slots < 0 || rows[v].free_slots == rows[v].slots)
			continue;
		char *path = xasprintf("/taskmanagers/%s", rows[v].ct->name);
		cJSON *tm = NULL;
		if (flink_call(fc, "GET", path, NULL, &tm, &e) == 0) {
			const cJSON *slot;
			cJSON_ArrayForEach (slot, json_get(tm, "allocatedSlots")) {
				const char *jid = json_str(slot, "jobId");
				if (!jid || strstr(out->buf, jid))
					continue;
				const char *jname = jid;
				const cJSON *j;
				cJSON_ArrayForEach (j, json_get(jobs, "jobs")) {
					const char *id = json_str(j, "jid");
					if (id && strcmp(id, jid) == 0 &&
					    json_str(j, "name"))
						jname = json_str(j, "name");
				}
				strbuf_addf(out, "%s'%s' (%s)", out->len ? ", " : "",
					    jname, jid);
			}
		}
		cJSON_Delete(tm);
		free(path);
	}
	cJSON_Delete(jobs);
}

static int scale_down(struct docker_client *c, struct cluster_inventory *inv,
		      const struct cluster_spec *s, const char *rest_url, int n,
		      bool force, const struct cluster_observer *obs,
		      const struct cancel *cancel, struct error *err)
{
	struct tm_row *rows = xcalloc((size_t)inv->n_containers + 1, sizeof(*rows));
	int count = 0;
	for (int i = 0; i < inv->n_containers; i++) {
		if (!cluster_member_is_tm(&inv->containers[i]))
			continue;
		rows[count] =
			(struct tm_row){&inv->containers[i],
					cluster_member_index(&inv->containers[i]), -1, 0};
		count++;
	}
	struct flink_client *fc = flink_client_new(rest_url, cancel);
	struct flink_taskmanager *tms = NULL;
	int ntms = 0;
	int rc = flink_taskmanagers_get(fc, &tms, &ntms, err);
	if (rc < 0) {
		error_prefix(err, "cannot tell idle TaskManagers from busy ones");
		goto out;
	}
	for (int r = 0; r < count; r++)
		for (int t = 0; t < ntms; t++)
			if (strcmp(tms[t].id, rows[r].ct->name) == 0) {
				rows[r].slots = tms[t].slots;
				rows[r].free_slots = tms[t].free_slots;
			}
	qsort(rows, (size_t)count, sizeof(*rows), by_removal_order);
	int n_victims = count - n;
	struct strbuf jobs;
	strbuf_init(&jobs, 0);
	busy_jobs(fc, rows, n_victims, &jobs);
	if (jobs.len && !force) {
		rc = error_set(
			err, ERR_USAGE,
			"scaling to %d would stop TaskManagers running tasks of job %s "
			"(use --force: the jobs restart from their latest checkpoint)",
			n, jobs.buf);
		strbuf_release(&jobs);
		goto out;
	}
	if (jobs.len && obs && obs->note) {
		char msg[ERROR_MSG_MAX];
		snprintf(msg, sizeof(msg), "jobs that will restart: %s", jobs.buf);
		obs->note(obs->arg, msg);
	}
	strbuf_release(&jobs);
	const char **ids = xcalloc((size_t)n_victims, sizeof(char *));
	struct error *errs = xcalloc((size_t)n_victims, sizeof(*errs));
	for (int v = 0; v < n_victims; v++)
		ids[v] = rows[v].ct->id;
	struct op_batch b = {.c = c, .s = s, .ids = ids, .errs = errs, .cancel = cancel};
	parallel_for(n_victims, PARALLEL_WIDTH, stop_remove_task, &b, NULL);
	for (int v = 0; v < n_victims && rc == 0; v++)
		if (errs[v].code) {
			*err = errs[v];
			rc = errs[v].code;
		}
	free(ids);
	free(errs);
	if (rc == 0) {
		struct cluster_ready ready;
		rc = cluster_wait_ready(c, s->name, rest_url, n, n * s->slots, 60000, obs,
					cancel, &ready, err);
	}
out:
	flink_taskmanagers_free(tms, ntms);
	flink_client_free(fc);
	free(rows);
	return rc;
}

static int scale_up(struct docker_client *c, struct cluster_inventory *inv,
		    const struct cluster_spec *s, const char *rest_url, int n,
		    const struct cluster_observer *obs, const struct cancel *cancel,
		    struct error *err)
{
	int have = 0;
	for (int i = 0; i < inv->n_containers; i++)
		have += cluster_member_is_tm(&inv->containers[i]);
	int need = n - have;
	int *indices = xcalloc((size_t)need, sizeof(int));
	for (int k = 0, idx = 1; k < need; idx++) {
		bool used = false;
		for (int i = 0; i < inv->n_containers && !used; i++)
			used = cluster_member_is_tm(&inv->containers[i]) &&
			       cluster_member_index(&inv->containers[i]) == idx;
		if (!used)
			indices[k++] = idx;
	}
	char **new_ids = xcalloc((size_t)need, sizeof(char *));
	struct error *errs = xcalloc((size_t)need, sizeof(*errs));
	struct op_batch b = {
		.c = c,
		.s = s,
		.indices = indices,
		.new_ids = new_ids,
		.errs = errs,
		.cancel = cancel,
	};
	parallel_for(need, PARALLEL_WIDTH, create_task, &b, NULL);
	int rc = 0;
	for (int i = 0; i < need && rc == 0; i++)
		if (errs[i].code) {
			*err = errs[i];
			rc = errs[i].code;
		}
	if (rc == 0) {
		struct cluster_ready ready;
		rc = cluster_wait_ready(c, s->name, rest_url, n, n * s->slots,
					s->timeout_ms, obs, cancel, &ready, err);
	}
	if (rc < 0) {
		/* undo the additions; the cluster stays as it was */
		for (int i = 0; i < need; i++) {
			struct error e;
			error_init(&e);
			if (new_ids[i])
				docker_container_remove(c, new_ids[i], true, &e);
		}
	}
	for (int i = 0; i < need; i++)
		free(new_ids[i]);
	free(new_ids);
	free(errs);
	free(indices);
	return rc;
}

int cluster_scale(struct docker_client *c, const char *name, int n, bool force,
		  const struct cluster_observer *obs, const struct cancel *cancel,
		  struct cluster_scale_result *result, struct error *err)
{
	double t0 = clock_now_s();
	if (n < 1 || n > CLUSTER_MAX_TASKMANAGERS)
		return error_set(
			err, ERR_USAGE,
			"scale %d is out of range: a cluster has 1 to %d TaskManagers", n,
			CLUSTER_MAX_TASKMANAGERS);
	struct cluster_inventory inv;
	int rc = cluster_inventory_load(c, name, &inv, err);
	if (rc < 0)
		return rc;
	char *url = NULL;
	struct cluster_spec s;
	cluster_spec_init(&s);
	if (inv.jm < 0) {
		rc = error_set(
			err, ERR_USAGE,
			"there is no cluster named '%s' (start one with 'flink-cmd up "
			"--name %s')",
			name, name);
		goto out;
	}
	cluster_spec_release(&s);
	rc = cluster_spec_from_labels(&s, &inv.containers[inv.jm].labels, err);
	if (rc < 0)
		goto out;
	url = cluster_rest_url(&inv);
	if (!url) {
		rc = error_set(err, ERR_FAIL,
			       "the JobManager of '%s' is not running (start it with "
			       "'flink-cmd up --name %s')",
			       name, name);
		goto out;
	}
	int have = 0;
	for (int i = 0; i < inv.n_containers; i++)
		have += cluster_member_is_tm(&inv.containers[i]);
	if (result) {
		result->from = have;
		result->to = n;
	}
	if (n > have)
		rc = scale_up(c, &inv, &s, url, n, obs, cancel, err);
	else if (n < have)
		rc = scale_down(c, &inv, &s, url, n, force, obs, cancel, err);
	if (result)
		result->seconds = clock_now_s() - t0;
out:
	free(url);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
	return rc;
}
