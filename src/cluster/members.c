/* Member specs: names, labels, Flink configuration and command per role;
 * an application cluster's JobManager runs Flink's standalone-job with the
 * job's jar placed in usrlib before it starts. */
#include "cluster/members.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/memtar.h"
#include "cluster/flinkconf.h"
#include "cluster/jobs.h"
#include "cluster/names.h"
#include "util/xalloc.h"

/* The jar's name in usrlib: its own, made safe for a URI. Owned. */
static char *job_jar_name(const struct cluster_spec *s)
{
	char *base = cluster_state_name(s->job_jar, NULL);
	char *name = xasprintf("%s.jar", base);
	free(base);
	return name;
}

/* The job's jar as a tar holding usrlib/NAME.jar, owned by flink, to be
 * unpacked in the Flink home before the JobManager first starts. */
static int read_job_jar(const struct cluster_spec *s, struct strbuf *tar,
			struct error *err)
{
	int fd = open(s->job_jar, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return error_set(err, ERR_USAGE, "cannot read the jar '%s': %s",
				 s->job_jar, strerror(e));
	}
	size_t size = (size_t)st.st_size;
	char *data = xmalloc(size ? size : 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	int rc = 0;
	if (got != size)
		rc = error_set(err, ERR_USAGE, "cannot read the jar '%s': short read",
			       s->job_jar);
	char *base = job_jar_name(s);
	char *rel = xasprintf("usrlib/%s", base);
	/* the file, its directory entry, headers and padding */
	strbuf_release(tar);
	strbuf_init(tar, size + (64 << 10));
	if (rc == 0)
		rc = memtar_file_bytes(tar, rel, data, size, CLUSTER_FLINK_UID,
				       CLUSTER_FLINK_UID, err);
	free(data);
	free(rel);
	free(base);
	return rc;
}

/* The application JobManager's command: Flink's standalone-job through the
 * image's entrypoint (the official image's runs an unknown command as it
 * is, ours too). Its first start runs the job afresh; a later one (`up` on
 * a cluster whose job was stopped or cancelled, a restarted container)
 * resumes it from the newest checkpoint or savepoint in its state
 * directory, so an application cluster keeps its job's state and does not
 * write its output again. State names hold only [A-Za-z0-9._-]. Owned. */
static char *resume_script(const struct cluster_spec *s)
{
	char *state = cluster_state_name(s->job_jar, s->job_class);
	char *script =
		xasprintf("m=" CLUSTER_FLINK_HOME "/.flink-cmd-started; p=; "
			  "if [ -e $m ]; then d=" CLUSTER_DATA_DIR "/jobs/%s; "
			  "p=$(find $d/checkpoints $d/savepoints -mindepth 2 -maxdepth 3 "
			  "-name _metadata -printf '%%T@ %%h\\n' 2>/dev/null | sort -n | "
			  "tail -n 1 | cut -d' ' -f2-); fi; touch $m; "
			  "if [ -n \"$p\" ]; then echo \"flink-cmd: resuming from $p\"; "
			  "set -- --fromSavepoint \"$p\" \"$@\"; fi; "
			  "exec /docker-entrypoint.sh standalone-job \"$@\"",
			  state);
	free(state);
	return script;
}

/* The member's command: the role for the image's entrypoint, or for an
 * application JobManager the resume script with standalone-job's
 * arguments. --jars makes Flink ship the jar to the TaskManagers through its
 * blob server (they have no usrlib). Owned, NULL-terminated. */
static char **command(const struct cluster_spec *s, bool jm)
{
	char **cmd = xcalloc((size_t)(10 + s->n_job_args), sizeof(*cmd));
	int n = 0;
	if (!jm || !s->job_jar) {
		cmd[n++] = xstrdup(jm ? "jobmanager" : "taskmanager");
		return cmd;
	}
	char *base = job_jar_name(s);
	cmd[n++] = xstrdup("bash");
	cmd[n++] = xstrdup("-c");
	cmd[n++] = resume_script(s);
	cmd[n++] = xstrdup("flink-cmd-job"); /* $0 */
	cmd[n++] = xstrdup("--jars");
	cmd[n++] = xasprintf("local://" CLUSTER_USRLIB_DIR "/%s", base);
	free(base);
	if (s->job_class) {
		cmd[n++] = xstrdup("--job-classname");
		cmd[n++] = xstrdup(s->job_class);
	}
	for (int i = 0; i < s->n_job_args; i++)
		cmd[n++] = xstrdup(s->job_args[i]);
	return cmd;
}

int cluster_member_spec(const struct cluster_spec *s, enum member_role role, int index,
			const struct kvlist *extra, struct member_spec *out,
			struct error *err)
{
	memset(out, 0, sizeof(*out));
	kvlist_init(&out->env);
	kvlist_init(&out->labels);
	strbuf_init(&out->files, 0);
	bool jm = role == MEMBER_JOBMANAGER;
	out->cluster = s->name;
	out->role = role;
	out->index = jm ? 0 : index;
	out->name = jm ? cluster_jm_name(s->name) : cluster_tm_name(s->name, index);
	out->image = s->image;
	out->network = cluster_net_name(s->name);
	out->volume = cluster_volume_name(s->name);
	out->volume_target = CLUSTER_DATA_DIR;
	out->memory = (jm ? s->jm_memory : s->tm_memory) + CLUSTER_MEMORY_HEADROOM;
	out->stop_grace_s = CLUSTER_TM_STOP_SECONDS;
	out->publish_rest = jm;
	out->rest_bind_ip = s->bind_ip;
	out->rest_port = s->port;

	cluster_labels(&out->labels, s->name, member_role_name(role), out->index);
	for (int i = 0; extra && i < extra->n; i++)
		kvlist_set(&out->labels, extra->keys[i], extra->values[i]);
	struct kvlist conf;
	kvlist_init(&conf);
	if (jm) {
		cluster_spec_to_labels(s, &out->labels);
		flinkconf_jobmanager(s, &conf);
	} else {
		flinkconf_taskmanager(s, index, &conf);
	}
	char *props = flinkconf_render(&conf);
	kvlist_set(&out->env, "FLINK_PROPERTIES", props);
	free(props);
	kvlist_release(&conf);
	/* the official image reads this too; ours takes FLINK_PROPERTIES last */
	char *jmname = cluster_jm_name(s->name);
	kvlist_set(&out->env, "JOB_MANAGER_RPC_ADDRESS", jmname);
	free(jmname);

	out->cmd = command(s, jm);
	if (!jm || !s->job_jar)
		return 0;
	out->files_dir = CLUSTER_FLINK_HOME;
	out->files_what = xasprintf("the jar '%s'", s->job_jar);
	return read_job_jar(s, &out->files, err);
}
