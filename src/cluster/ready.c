/* The readiness wait behind `up` and `scale`. */
#include "cluster/ready.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "flink/client.h"
#include "util/clock.h"

/* ERR_FAIL naming the first member of the cluster that stopped. */
static int check_members(struct cluster_engine *e, const char *name, struct error *err)
{
	struct cluster_inventory inv;
	int rc = cluster_engine_inventory(e, name, &inv, err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < inv.n_members; i++) {
		const struct cluster_member *m = &inv.members[i];
		if (member_state_stopped(m->state)) {
			rc = error_set(
				err, ERR_FAIL,
				"container '%s' stopped while the cluster was starting "
				"(%s; its logs: 'flink-cmd logs --name %s %s')",
				m->name, m->status, name,
				m->role == MEMBER_TASKMANAGER ? "all" : "jobmanager");
			break;
		}
	}
	cluster_inventory_release(&inv);
	return rc;
}

int cluster_ready_wait(struct cluster_engine *e, const char *name, const char *rest_url,
		       int want_tms, int want_slots, int64_t timeout_ms,
		       const struct cluster_observer *obs, const struct cancel *cancel,
		       struct cluster_ready *out, struct error *err)
{
	memset(out, 0, sizeof(*out));
	struct flink_client *fc = flink_client_new(rest_url, cancel);
	fc->timeout_ms = 2000;
	double start = clock_now_ms(), last_check = start;
	int last_tms = -1, last_slots = -1, rc;
	struct error ignored;
	for (;;) {
		if (cancel_requested(cancel)) {
			rc = error_set(err, ERR_INTERRUPTED, "interrupted");
			break;
		}
		struct flink_overview ov;
		error_init(&ignored);
		if (flink_overview_get(fc, &ov, &ignored) == 0) {
			if (ov.taskmanagers != last_tms || ov.slots_total != last_slots) {
				last_tms = ov.taskmanagers;
				last_slots = ov.slots_total;
				if (obs && obs->waiting)
					obs->waiting(obs->arg, ov.taskmanagers, want_tms,
						     ov.slots_total, want_slots);
			}
			if (ov.taskmanagers == want_tms && ov.slots_total == want_slots) {
				out->taskmanagers = ov.taskmanagers;
				out->slots_total = ov.slots_total;
				memcpy(out->flink_version, ov.flink_version,
				       sizeof(out->flink_version));
				rc = 0;
				break;
			}
		}
		double t = clock_now_ms();
		if (t - start > (double)timeout_ms) {
			if (last_tms < 0)
				rc = error_set(
					err, ERR_TIMEOUT,
					"Flink's REST API at %s did not answer within "
					"%llds "
					"(see 'flink-cmd logs --name %s jobmanager')",
					rest_url, (long long)(timeout_ms / 1000), name);
			else
				rc = error_set(
					err, ERR_TIMEOUT,
					"only %d of %d TaskManagers (%d of %d slots) "
					"registered within %llds (see 'flink-cmd logs "
					"--name %s all')",
					last_tms, want_tms, last_slots, want_slots,
					(long long)(timeout_ms / 1000), name);
			break;
		}
		if (t - last_check > 1000) {
			last_check = t;
			rc = check_members(e, name, err);
			if (rc < 0)
				break;
		}
		clock_sleep_ms(CLUSTER_POLL_MS);
	}
	flink_client_free(fc);
	return rc;
}
