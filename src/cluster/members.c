/* JobManager and TaskManager container specs; an application cluster's
 * JobManager runs Flink's standalone-job with the job's jar copied in
 * before it starts. */
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
#include "docker/container.h"
#include "util/xalloc.h"

/* The jar's name in usrlib: its own, made safe for a URI. Owned. */
static char *job_jar_name(const struct cluster_spec *s)
{
	char *base = cluster_state_name(s->job_jar, NULL);
	char *name = xasprintf("%s.jar", base);
	free(base);
	return name;
}

/* Copies the job's jar into the created (not yet started) JobManager as
 * usrlib/NAME.jar, owned by flink, so Flink finds it at its first start. */
static int put_job_jar(struct docker_client *c, const struct cluster_spec *s,
		       const char *id, struct error *err)
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
	struct strbuf tar;
	/* the file, its directory entry, headers and padding */
	strbuf_init(&tar, size + (64 << 10));
	if (rc == 0)
		rc = memtar_file_bytes(&tar, rel, data, size, CLUSTER_FLINK_UID,
				       CLUSTER_FLINK_UID, err);
	free(data);
	if (rc == 0)
		rc = docker_container_put_archive(c, id, CLUSTER_FLINK_HOME, tar.buf,
						  tar.len, err);
	if (rc < 0)
		error_prefix(err, "cannot copy the jar '%s' into the JobManager",
			     s->job_jar);
	strbuf_release(&tar);
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

static int create(struct docker_client *c, const struct cluster_spec *s, const char *role,
		  int index, const struct kvlist *extra, char **id, struct error *err)
{
	bool jm = strcmp(role, "jobmanager") == 0;
	char *name = jm ? cluster_jm_name(s->name) : cluster_tm_name(s->name, index);
	char *net = cluster_net_name(s->name);
	char *vol = cluster_volume_name(s->name);
	struct kvlist labels, conf, env;
	kvlist_init(&labels);
	kvlist_init(&conf);
	kvlist_init(&env);
	cluster_labels(&labels, s->name, role, index);
	for (int i = 0; extra && i < extra->n; i++)
		kvlist_set(&labels, extra->keys[i], extra->values[i]);
	if (jm) {
		cluster_spec_to_labels(s, &labels);
		flinkconf_jobmanager(s, &conf);
	} else {
		flinkconf_taskmanager(s, index, &conf);
	}
	char *props = flinkconf_render(&conf);
	kvlist_set(&env, "FLINK_PROPERTIES", props);
	/* the official image reads these too; ours takes FLINK_PROPERTIES last */
	char *jmname = cluster_jm_name(s->name);
	kvlist_set(&env, "JOB_MANAGER_RPC_ADDRESS", jmname);
	free(jmname);
	free(props);

	/* application mode: Flink's standalone-job with the jar that
	 * put_job_jar places in usrlib; --jars makes Flink ship it to the
	 * TaskManagers through its blob server (they have no usrlib) */
	char *jar_uri = NULL, *script = NULL;
	const char **cmd = xcalloc((size_t)(9 + (jm ? s->n_job_args : 0)), sizeof(*cmd));
	int nc = 0;
	if (jm && s->job_jar) {
		char *base = job_jar_name(s);
		jar_uri = xasprintf("local://" CLUSTER_USRLIB_DIR "/%s", base);
		free(base);
		script = resume_script(s);
		cmd[nc++] = "bash";
		cmd[nc++] = "-c";
		cmd[nc++] = script;
		cmd[nc++] = "flink-cmd-job"; /* $0 */
		cmd[nc++] = "--jars";
		cmd[nc++] = jar_uri;
		if (s->job_class) {
			cmd[nc++] = "--job-classname";
			cmd[nc++] = s->job_class;
		}
		for (int i = 0; i < s->n_job_args; i++)
			cmd[nc++] = s->job_args[i];
	} else {
		cmd[nc++] = role;
	}
	char port[16];
	snprintf(port, sizeof(port), "%d", s->port);
	struct docker_container_spec spec = {
		.name = name,
		.image = s->image,
		.cmd = cmd,
		.env = &env,
		.labels = &labels,
		.hostname = name,
		.network = net,
		.n_mounts = 1,
		.memory = (jm ? s->jm_memory : s->tm_memory) + CLUSTER_MEMORY_HEADROOM,
		.stop_timeout = CLUSTER_TM_STOP_SECONDS,
	};
	spec.mounts[0] = (struct docker_mount){.volume = vol, .target = CLUSTER_DATA_DIR};
	if (jm) {
		spec.n_ports = 1;
		spec.ports[0] = (struct docker_port_binding){
			.container_port = "8081/tcp",
			.host_ip = s->bind_ip,
			.host_port = s->port ? port : "",
		};
	}
	int rc = docker_container_create(c, &spec, id, err);
	if (rc == 0 && jm && s->job_jar) {
		rc = put_job_jar(c, s, *id, err);
		if (rc < 0) {
			struct error ignored;
			error_init(&ignored);
			docker_container_remove(c, *id, true, &ignored);
			free(*id);
			*id = NULL;
		}
	} else if (rc == ERR_CONFLICT)
		rc = error_set(
			err, ERR_USAGE,
			"a container named '%s' exists that is not part of cluster '%s' "
			"(remove it, or choose another --name)",
			name, s->name);
	else if (rc == ERR_NOTFOUND)
		rc = error_set(err, ERR_USAGE,
			       "image '%s' is not on this Engine (make it with "
			       "'scripts/flink-image.sh', or pass --image)",
			       s->image);
	else if (rc < 0)
		error_prefix(err, "cannot create container '%s'", name);
	kvlist_release(&labels);
	kvlist_release(&conf);
	kvlist_release(&env);
	free(cmd);
	free(jar_uri);
	free(script);
	free(name);
	free(net);
	free(vol);
	return rc;
}

int cluster_create_jm(struct docker_client *c, const struct cluster_spec *s,
		      const struct kvlist *extra, char **id, struct error *err)
{
	return create(c, s, "jobmanager", 0, extra, id, err);
}

int cluster_create_tm(struct docker_client *c, const struct cluster_spec *s, int index,
		      const struct kvlist *extra, char **id, struct error *err)
{
	return create(c, s, "taskmanager", index, extra, id, err);
}
