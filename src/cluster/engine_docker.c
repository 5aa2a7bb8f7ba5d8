/* The Docker engine: a cluster's members are containers on one Engine, its
 * network a bridge, its data a local volume, all found by the cluster's
 * label. Batches run side by side (PARALLEL_WIDTH at a time): the Engine
 * takes about as long for one container as for eight. */
#include "cluster/engine_docker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/defaults.h"
#include "cluster/names.h"
#include "docker/container.h"
#include "docker/exec.h"
#include "docker/image.h"
#include "docker/network.h"
#include "docker/stats.h"
#include "docker/system.h"
#include "docker/volume.h"
#include "util/parallel.h"
#include "util/xalloc.h"

#define PARALLEL_WIDTH 8
#define REST_PORT 8081

struct docker_engine {
	struct docker_client *c; /* borrowed */
};

static void engine_free(void *impl)
{
	free(impl);
}

static struct docker_client *client(void *impl)
{
	return ((struct docker_engine *)impl)->c;
}

static void member_from(struct cluster_member *m,
			const struct docker_container_summary *ct)
{
	m->id = xstrdup(ct->id);
	m->name = xstrdup(ct->name);
	m->role = member_role_parse(kvlist_get(&ct->labels, LABEL_ROLE));
	const char *index = kvlist_get(&ct->labels, LABEL_INDEX);
	m->index =
		m->role == MEMBER_TASKMANAGER && index ? (int)strtol(index, NULL, 10) : 0;
	m->state = member_state_parse(ct->state);
	m->state_text = xstrdup(ct->state ? ct->state : "");
	m->status = xstrdup(ct->status ? ct->status : "");
	m->created = ct->created;
	kvlist_init(&m->labels);
	for (int i = 0; i < ct->labels.n; i++)
		kvlist_set(&m->labels, ct->labels.keys[i], ct->labels.values[i]);
}

static struct cluster_resource *resources_from(const struct docker_named *list, int n)
{
	struct cluster_resource *out = xcalloc((size_t)(n ? n : 1), sizeof(*out));
	for (int i = 0; i < n; i++) {
		out[i].id = xstrdup(list[i].id);
		out[i].name = xstrdup(list[i].name);
		kvlist_init(&out[i].labels);
		for (int k = 0; k < list[i].labels.n; k++)
			kvlist_set(&out[i].labels, list[i].labels.keys[k],
				   list[i].labels.values[k]);
	}
	return out;
}

/* "http://IP:PORT" where the JobManager publishes REST; a wildcard binding
 * is reached on loopback. */
static char *rest_url(const struct docker_container_summary *jm)
{
	if (!jm->public_port)
		return NULL;
	const char *ip = jm->public_ip && *jm->public_ip ? jm->public_ip : "127.0.0.1";
	if (strcmp(ip, "0.0.0.0") == 0)
		ip = "127.0.0.1";
	return xasprintf("http://%s:%d", ip, jm->public_port);
}

static int inventory(void *impl, const char *cluster, struct cluster_inventory *inv,
		     struct error *err)
{
	cluster_inventory_init(inv, cluster);
	char *label = cluster_label_filter(cluster);
	const char *labels[] = {label, NULL};
	struct docker_container_summary *cts = NULL;
	struct docker_named *nets = NULL, *vols = NULL;
	int ncts = 0, nnets = 0, nvols = 0;
	int rc = docker_container_list(client(impl), labels, REST_PORT, &cts, &ncts, err);
	if (rc == 0)
		rc = docker_network_list(client(impl), labels, &nets, &nnets, err);
	if (rc == 0)
		rc = docker_volume_list(client(impl), labels, &vols, &nvols, err);
	free(label);
	if (rc == 0) {
		inv->members = xcalloc((size_t)(ncts ? ncts : 1), sizeof(*inv->members));
		for (int i = 0; i < ncts; i++) {
			member_from(&inv->members[i], &cts[i]);
			if (inv->members[i].role == MEMBER_JOBMANAGER && !inv->rest_url)
				inv->rest_url = rest_url(&cts[i]);
		}
		inv->n_members = ncts;
		inv->networks = resources_from(nets, nnets);
		inv->n_networks = nnets;
		inv->volumes = resources_from(vols, nvols);
		inv->n_volumes = nvols;
		cluster_inventory_finish(inv);
	}
	docker_container_list_free(cts, ncts);
	docker_named_list_free(nets, nnets);
	docker_named_list_free(vols, nvols);
	if (rc < 0)
		cluster_inventory_release(inv);
	return rc;
}

static void add_name(char ***names, int *n, const char *name)
{
	if (!name)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp((*names)[i], name) == 0)
			return;
	*names = xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
	(*names)[(*n)++] = xstrdup(name);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* From containers, networks and volumes: a volume kept by `down` is a
 * cluster too. */
static int cluster_names(void *impl, char ***names, int *n, struct error *err)
{
	*names = NULL;
	*n = 0;
	const char *labels[] = {LABEL_CLUSTER, NULL};
	struct docker_container_summary *cts = NULL;
	struct docker_named *nets = NULL, *vols = NULL;
	int ncts = 0, nnets = 0, nvols = 0;
	int rc = docker_container_list(client(impl), labels, 0, &cts, &ncts, err);
	if (rc == 0)
		rc = docker_network_list(client(impl), labels, &nets, &nnets, err);
	if (rc == 0)
		rc = docker_volume_list(client(impl), labels, &vols, &nvols, err);
	for (int i = 0; rc == 0 && i < ncts; i++)
		add_name(names, n, kvlist_get(&cts[i].labels, LABEL_CLUSTER));
	for (int i = 0; rc == 0 && i < nnets; i++)
		add_name(names, n, kvlist_get(&nets[i].labels, LABEL_CLUSTER));
	for (int i = 0; rc == 0 && i < nvols; i++)
		add_name(names, n, kvlist_get(&vols[i].labels, LABEL_CLUSTER));
	docker_container_list_free(cts, ncts);
	docker_named_list_free(nets, nnets);
	docker_named_list_free(vols, nvols);
	if (rc < 0) {
		cluster_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return rc;
	}
	qsort(*names, (size_t)*n, sizeof(char *), by_string);
	return 0;
}

static int image_check(void *impl, const char *image, struct error *err)
{
	struct docker_image_info img;
	int rc = docker_image_inspect(client(impl), image, &img, err);
	if (rc == 0)
		docker_image_info_release(&img);
	return rc;
}

static int memory_total(void *impl, int64_t *bytes, struct error *err)
{
	struct docker_info info;
	int rc = docker_system_info(client(impl), &info, err);
	*bytes = rc == 0 ? info.mem_total : 0;
	return rc;
}

static int network_create(void *impl, const char *cluster, const char *name,
			  const struct kvlist *labels, char **id, struct error *err)
{
	int rc = docker_network_create(client(impl), name, labels, id, err);
	if (rc == ERR_CONFLICT)
		rc = error_set(err, ERR_USAGE,
			       "a network named '%s' exists that is not part of cluster "
			       "'%s' (remove it, or choose another --name)",
			       name, cluster);
	return rc;
}

static int network_remove(void *impl, const char *id, struct error *err)
{
	return docker_network_remove(client(impl), id, err);
}

static int volume_create(void *impl, const char *cluster, const char *name,
			 const struct kvlist *labels, struct error *err)
{
	/* the Engine hands back an existing volume of that name silently: one
	 * that is not the cluster's must not be adopted */
	struct docker_named *all = NULL;
	int nall = 0;
	const char *none[] = {NULL};
	int rc = docker_volume_list(client(impl), none, &all, &nall, err);
	for (int i = 0; rc == 0 && i < nall; i++)
		if (strcmp(all[i].name, name) == 0)
			rc = error_set(
				err, ERR_USAGE,
				"a volume named '%s' exists that is not part of "
				"cluster '%s' (remove it, or choose another --name)",
				name, cluster);
	docker_named_list_free(all, nall);
	return rc < 0 ? rc : docker_volume_create(client(impl), name, labels, err);
}

static int volume_remove(void *impl, const char *name, struct error *err)
{
	return docker_volume_remove(client(impl), name, err);
}

struct batch {
	struct docker_client *c;
	const struct member_spec *specs;
	char *const *ids;
	char **out_ids;
	const struct cancel *cancel;
};

static int create_one(struct docker_client *c, const struct member_spec *m, char **id,
		      struct error *err)
{
	char port[16];
	snprintf(port, sizeof(port), "%d", m->rest_port);
	struct docker_container_spec spec = {
		.name = m->name,
		.image = m->image,
		.cmd = (const char *const *)m->cmd,
		.env = &m->env,
		.labels = &m->labels,
		.hostname = m->name,
		.network = m->network,
		.n_mounts = 1,
		.memory = m->memory,
		.stop_timeout = m->stop_grace_s,
	};
	spec.mounts[0] =
		(struct docker_mount){.volume = m->volume, .target = m->volume_target};
	if (m->publish_rest) {
		spec.n_ports = 1;
		spec.ports[0] = (struct docker_port_binding){
			.container_port = "8081/tcp",
			.host_ip = m->rest_bind_ip,
			.host_port = m->rest_port ? port : "",
		};
	}
	int rc = docker_container_create(c, &spec, id, err);
	if (rc == ERR_CONFLICT)
		return error_set(
			err, ERR_USAGE,
			"a container named '%s' exists that is not part of cluster "
			"'%s' (remove it, or choose another --name)",
			m->name, m->cluster);
	if (rc == ERR_NOTFOUND)
		return error_set(err, ERR_USAGE,
				 "image '%s' is not on this Engine (make it with "
				 "'scripts/flink-image.sh', or pass --image)",
				 m->image);
	if (rc < 0)
		return error_prefix(err, "cannot create container '%s'", m->name);
	if (m->files.len == 0)
		return 0;
	rc = docker_container_put_archive(c, *id, m->files_dir, m->files.buf,
					  m->files.len, err);
	if (rc < 0) {
		/* a member without its files is not made */
		struct error ignored;
		error_init(&ignored);
		docker_container_remove(c, *id, true, &ignored);
		free(*id);
		*id = NULL;
		error_prefix(err, "cannot copy %s into '%s'",
			     m->files_what ? m->files_what : "files", m->name);
	}
	return rc;
}

static int create_task(void *arg, int i, struct error *err)
{
	struct batch *b = arg;
	return create_one(b->c, &b->specs[i], &b->out_ids[i], err);
}

static int members_create(void *impl, const struct member_spec *specs, int n, char **ids,
			  struct error *err)
{
	struct batch b = {.c = client(impl), .specs = specs, .out_ids = ids};
	return parallel_for(n, PARALLEL_WIDTH, create_task, &b, err);
}

static int start_task(void *arg, int i, struct error *err)
{
	struct batch *b = arg;
	int rc = docker_container_start(b->c, b->ids[i], b->cancel, err);
	return rc < 0 ? error_prefix(err, "cannot start container %.12s", b->ids[i]) : 0;
}

static int members_start(void *impl, char *const *ids, int n, const struct cancel *cancel,
			 struct error *err)
{
	struct batch b = {.c = client(impl), .ids = ids, .cancel = cancel};
	return parallel_for(n, PARALLEL_WIDTH, start_task, &b, err);
}

static int stop_task(void *arg, int i, struct error *err)
{
	struct batch *b = arg;
	/* the grace period is the container's own (its StopTimeout) */
	int rc = docker_container_stop(b->c, b->ids[i], CLUSTER_TM_STOP_SECONDS,
				       b->cancel, err);
	if (rc == ERR_NOTFOUND) {
		error_init(err);
		return 0;
	}
	return rc < 0 ? error_prefix(err, "cannot stop container %.12s", b->ids[i]) : 0;
}

static int members_stop(void *impl, char *const *ids, int n, const struct cancel *cancel,
			struct error *err)
{
	struct batch b = {.c = client(impl), .ids = ids, .cancel = cancel};
	return parallel_for(n, PARALLEL_WIDTH, stop_task, &b, err);
}

static int remove_task(void *arg, int i, struct error *err)
{
	struct batch *b = arg;
	int rc = docker_container_remove(b->c, b->ids[i], true, err);
	return rc < 0 ? error_prefix(err, "cannot remove container %.12s", b->ids[i]) : 0;
}

static int members_remove(void *impl, char *const *ids, int n, struct error *err)
{
	struct batch b = {.c = client(impl), .ids = ids};
	return parallel_for(n, PARALLEL_WIDTH, remove_task, &b, err);
}

static int member_exit(void *impl, const char *id, bool *running, int *exit_code,
		       struct error *err)
{
	struct docker_container_info info;
	int rc = docker_container_inspect(client(impl), id, NULL, &info, err);
	if (rc < 0)
		return rc;
	*running = info.running;
	*exit_code = info.exit_code;
	docker_container_info_release(&info);
	return 0;
}

struct logs_relay {
	member_output_fn fn;
	void *arg;
};

static int relay(void *arg, enum docker_log_stream s, const char *data, size_t len,
		 struct error *err)
{
	struct logs_relay *r = arg;
	return r->fn(r->arg, s == DOCKER_LOG_STDERR ? MEMBER_STDERR : MEMBER_STDOUT, data,
		     len, err);
}

static int member_logs(void *impl, const char *id, const struct member_logs_opts *o,
		       member_output_fn fn, void *arg, struct error *err)
{
	struct docker_logs_opts lo = {
		.follow = o->follow,
		.tail = o->tail,
		.timestamps = o->timestamps,
		.cancel = o->cancel,
	};
	struct logs_relay r = {fn, arg};
	return docker_container_logs(client(impl), id, &lo, relay, &r, err);
}

static int member_exec(void *impl, const char *id, const char *const *argv,
		       struct strbuf *out, int *exit_code, const struct cancel *cancel,
		       struct error *err)
{
	return docker_exec_run(client(impl), id, NULL, argv, out, NULL, exit_code, cancel,
			       err);
}

static int member_put(void *impl, const char *id, const char *dir, const char *tar,
		      size_t len, struct error *err)
{
	return docker_container_put_archive(client(impl), id, dir, tar, len, err);
}

static int member_stats(void *impl, const char *id, struct member_stats *out,
			const struct cancel *cancel, struct error *err)
{
	struct docker_stats s;
	memset(out, 0, sizeof(*out));
	int rc = docker_container_stats(client(impl), id, &s, cancel, err);
	if (rc == 0 && s.valid)
		*out = (struct member_stats){.cpu_percent = s.cpu_percent,
					     .mem_used = s.mem_used,
					     .mem_limit = s.mem_limit,
					     .valid = true};
	return rc;
}

static const struct cluster_engine_ops docker_ops = {
	.name = "docker",
	.free = engine_free,
	.inventory = inventory,
	.cluster_names = cluster_names,
	.image_check = image_check,
	.memory_total = memory_total,
	.network_create = network_create,
	.network_remove = network_remove,
	.volume_create = volume_create,
	.volume_remove = volume_remove,
	.members_create = members_create,
	.members_start = members_start,
	.members_stop = members_stop,
	.members_remove = members_remove,
	.member_exit = member_exit,
	.member_logs = member_logs,
	.member_exec = member_exec,
	.member_put = member_put,
	.member_stats = member_stats,
};

struct cluster_engine *cluster_engine_docker_new(struct docker_client *c)
{
	struct docker_engine *d = xcalloc(1, sizeof(*d));
	d->c = c;
	struct cluster_engine *e = xcalloc(1, sizeof(*e));
	e->ops = &docker_ops;
	e->impl = d;
	return e;
}
