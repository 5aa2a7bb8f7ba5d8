/* Configuration for the cluster's Flink processes. Defaults are chosen for
 * small machines and fast feedback; the user's --conf always wins. An
 * application cluster's JobManager also gets its job's settings. */
#include "cluster/flinkconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/jobs.h"
#include "cluster/names.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void flinkconf_size(char *out, size_t n, int64_t bytes)
{
	snprintf(out, n, "%lldm", (long long)(bytes >> 20));
}

static void common(const struct cluster_spec *s, struct kvlist *conf)
{
	char *jm = cluster_jm_name(s->name);
	char num[32];
	kvlist_set(conf, "jobmanager.rpc.address", jm);
	free(jm);
	snprintf(num, sizeof(num), "%d", s->slots);
	kvlist_set(conf, "taskmanager.numberOfTaskSlots", num);
	kvlist_set(conf, "parallelism.default", "1");
	/* checkpoints and savepoints on the shared volume, kept on cancel, so
	 * they outlive the job and the cluster */
	kvlist_set(conf, "execution.checkpointing.dir",
		   "file://" CLUSTER_DATA_DIR "/checkpoints");
	kvlist_set(conf, "execution.checkpointing.savepoint-dir",
		   "file://" CLUSTER_DATA_DIR "/savepoints");
	kvlist_set(conf, "execution.checkpointing.externalized-checkpoint-retention",
		   "RETAIN_ON_CANCELLATION");
	kvlist_set(conf, "execution.checkpointing.num-retained", "3");
	/* fresher REST metrics for status, top and the autoscaler */
	kvlist_set(conf, "metrics.fetcher.update-interval", "2000");
	/* uploaded jars survive a JobManager restart */
	kvlist_set(conf, "web.upload.dir", CLUSTER_DATA_DIR "/jars");
	if (s->scheduler)
		kvlist_set(conf, "jobmanager.scheduler", s->scheduler);
	if (s->scheduler && strcmp(s->scheduler, "adaptive") == 0) {
		/* a job rescaled down keeps its freed slots this long (50 s by
		 * default) before they count as free, and their TaskManagers as
		 * idle; the autoscaler removes TaskManagers right after */
		kvlist_set(conf, "slot.idle.timeout", "5000");
		/* Flink waits 30 s after a rescale before it looks at resource
		 * changes; the autoscaler has its own stabilization period */
		kvlist_set(conf,
			   "jobmanager.adaptive-scheduler.executing.cooldown-after-"
			   "rescaling",
			   "5 s");
	}
}

static void user(const struct cluster_spec *s, struct kvlist *conf)
{
	for (int i = 0; i < s->conf.n; i++)
		kvlist_set(conf, s->conf.keys[i], s->conf.values[i]);
}

/* Application mode: the job's state directory on the volume, as `run`
 * gives a job, and a checkpoint interval; in reactive mode the adaptive
 * scheduler with quicker rescaling than Flink's defaults. */
static void application(const struct cluster_spec *s, struct kvlist *conf)
{
	char *state = cluster_state_name(s->job_jar, s->job_class);
	char *dir = xasprintf("file://" CLUSTER_DATA_DIR "/jobs/%s/checkpoints", state);
	kvlist_set(conf, "execution.checkpointing.dir", dir);
	free(dir);
	dir = xasprintf("file://" CLUSTER_DATA_DIR "/jobs/%s/savepoints", state);
	kvlist_set(conf, "execution.checkpointing.savepoint-dir", dir);
	free(dir);
	free(state);
	char num[32];
	snprintf(num, sizeof(num), "%d s",
		 s->checkpoint_s > 0 ? s->checkpoint_s
				     : CLUSTER_DEFAULT_JOB_CHECKPOINT_S);
	kvlist_set(conf, "execution.checkpointing.interval", num);
	if (!s->reactive) {
		/* the cluster exists for this one job: let it use every slot */
		snprintf(num, sizeof(num), "%d", s->taskmanagers * s->slots);
		kvlist_set(conf, "parallelism.default", num);
		return;
	}
	kvlist_set(conf, "jobmanager.scheduler", "adaptive");
	kvlist_set(conf, "scheduler-mode", "reactive");
	/* Flink waits 30 s after a rescale before it looks at new slots, then
	 * up to 60 s for more to come (reactive mode never has all it
	 * desires). `scale` starts TaskManagers side by side, so they register
	 * within a few seconds of each other: shorter waits lose nothing. */
	kvlist_set(conf,
		   "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling",
		   "10 s");
	kvlist_set(
		conf,
		"jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout",
		"5 s");
	/* a removed TaskManager fails the job over to the slots left: restart at
	 * once every time, as Flink's reactive-mode guide advises, instead of
	 * an exponential back-off that grows with every scale-down */
	kvlist_set(conf, "restart-strategy.type", "fixed-delay");
	kvlist_set(conf, "restart-strategy.fixed-delay.attempts", "2147483647");
	kvlist_set(conf, "restart-strategy.fixed-delay.delay", "1 s");
}

void flinkconf_jobmanager(const struct cluster_spec *s, struct kvlist *conf)
{
	char size[32];
	common(s, conf);
	flinkconf_size(size, sizeof(size), s->jm_memory);
	kvlist_set(conf, "jobmanager.memory.process.size", size);
	if (s->job_jar)
		application(s, conf);
	user(s, conf);
}

void flinkconf_taskmanager(const struct cluster_spec *s, int index, struct kvlist *conf)
{
	char size[32];
	common(s, conf);
	char *name = cluster_tm_name(s->name, index);
	/* /taskmanagers rows then name their containers */
	kvlist_set(conf, "taskmanager.resource-id", name);
	kvlist_set(conf, "taskmanager.host", name);
	free(name);
	flinkconf_size(size, sizeof(size), s->tm_memory);
	kvlist_set(conf, "taskmanager.memory.process.size", size);
	/* small TaskManagers: state lives on the heap (hashmap backend), so give
	 * the heap what managed memory would otherwise hold */
	kvlist_set(conf, "taskmanager.memory.managed.fraction", "0.1");
	/* TaskManagers start beside the JobManager, not after it: a first
	 * connection attempt fails, and Flink's default is to wait 10 s before
	 * the next one. Retry quickly instead, so registration follows the
	 * JobManager's start within a fraction of a second. */
	kvlist_set(conf, "cluster.registration.error-delay", "200 ms");
	kvlist_set(conf, "cluster.registration.refused-registration-delay", "500 ms");
	kvlist_set(conf, "cluster.registration.max-timeout", "2 s");
	user(s, conf);
}

char *flinkconf_render(const struct kvlist *conf)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int i = 0; i < conf->n; i++)
		strbuf_addf(&sb, "%s: %s\n", conf->keys[i], conf->values[i]);
	return strbuf_detach(&sb, NULL);
}
