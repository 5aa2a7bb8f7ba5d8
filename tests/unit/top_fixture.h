/* The dashboard's snapshot of one refresh recorded from a real cluster
 * (tests/fixtures/tui/, made by scripts/record-fixtures.sh top: cluster
 * "fixtures-top", a JobManager and two TaskManagers of two slots, running
 * the stateful job), built through the project's own code: the inventory,
 * the members' stats and the JobManager's logs through the Docker engine
 * over the fake transport, Flink's replies through its parsers, the job's
 * back pressure through flink_job_backpressure. Nothing in it is invented. */
#ifndef FC_TESTS_TOP_FIXTURE_H
#define FC_TESTS_TOP_FIXTURE_H

#include <stdint.h>

#include "tui/collector.h"

#define TOP_FIXTURE_CLUSTER "fixtures-top"

struct top_fixture {
	/* the refresh before, as far as the jobs panel's rates read it: the
	 * job read earlier (job-earlier.json) and when */
	struct top_snapshot *prev;
	struct top_snapshot *cur; /* the refresh; taken_ms when the job was read */
	int64_t now_ms;           /* when the refresh ended: the screen's time */
	char *logs; /* owned: the JobManager's last log lines, as the logs view holds them
		     */
};

/* Fills fx; fails the running test when a recording is missing or does not
 * parse. */
void top_fixture_load(struct top_fixture *fx);
/* The Engine's part alone, as a refresh when Flink does not answer:
 * cur->st.flink_ok false, no jobs, prev NULL. */
void top_fixture_load_engine(struct top_fixture *fx);
void top_fixture_release(struct top_fixture *fx);

#endif
