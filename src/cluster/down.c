/* `down`: a plan that removes every member (at once: the cluster is going,
 * so no grace period), then the network, then the volume when asked; found
 * by label only. */
#include "cluster/down.h"

#include <string.h>

#include "cluster/plan.h"
#include "cluster/spec.h"
#include "util/clock.h"

#define PASSES 5

int cluster_down(struct cluster_engine *e, const char *name, bool volumes,
		 const struct cluster_observer *obs, struct cluster_down_result *out,
		 struct error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = cluster_name_check(name, err);
	if (rc < 0)
		return rc;
	/* An `up` killed a moment ago may have requests still in the Engine: a
	 * member it finishes creating after our listing keeps the network
	 * busy. Look again until a pass finds nothing more to remove. */
	for (int pass = 0; pass < PASSES; pass++) {
		struct cluster_inventory inv;
		rc = cluster_engine_inventory(e, name, &inv, err);
		if (rc < 0)
			return rc;
		struct cluster_plan plan;
		cluster_plan_down(&inv, volumes, NULL, &plan);
		cluster_inventory_release(&inv);
		bool empty = plan.n == 0;
		struct plan_journal j;
		plan_journal_init(&j);
		if (!empty) {
			error_init(err);
			rc = cluster_plan_apply(e, &plan, NULL, NULL, &j, obs, NULL, err);
		}
		out->containers += j.removed_members;
		out->networks += j.removed_networks;
		out->volumes += j.removed_volumes;
		bool removed = j.removed_members + j.removed_networks + j.removed_volumes;
		plan_journal_release(&j);
		cluster_plan_release(&plan);
		if (empty || (rc == 0 && pass > 0 && !removed))
			return 0;
		if (rc < 0 && pass == PASSES - 1)
			return rc;
		if (rc < 0 || pass == 0)
			clock_sleep_ms(300);
	}
	return rc;
}
