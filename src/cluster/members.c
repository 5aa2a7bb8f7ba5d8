/* JobManager and TaskManager container specs. */
#include "cluster/members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/flinkconf.h"
#include "cluster/names.h"
#include "docker/container.h"
#include "util/xalloc.h"

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

	const char *cmd[] = {role, NULL};
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
	if (rc == ERR_CONFLICT)
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
