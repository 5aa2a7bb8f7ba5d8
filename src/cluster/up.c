/* `up`: create a cluster, or bring an existing one to what was asked, then
 * wait until Flink reports every TaskManager and slot. Everything this call
 * creates is written in a journal first, so a failure or an interrupt
 * removes exactly that and nothing else. */
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
#include "cluster/parallel.h"
#include "cluster/wait.h"
#include "docker/container.h"
#include "docker/image.h"
#include "docker/network.h"
#include "util/proc.h"
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

static void remove_one(void *arg, int i)
{
	struct remove_batch *b = arg;
	struct error e;
	error_init(&e);
	docker_container_remove(b->c, b->ids[i], true, &e);
}

/* Undoes the journal; errors here are not the user's news (the first
 * failure is), so they are dropped, and gc will find any leftovers. */
static void rollback(struct docker_client *c, struct journal *j,
		     const struct cluster_observer *obs)
{
	volatile const int *saved = c->cancel;
	/* an interrupt must not interrupt the clean-up itself */
	c->cancel = NULL;
	struct remove_batch b = {c, j->containers};
	parallel_for(j->n, PARALLEL_WIDTH, remove_one, &b);
	struct error e;
	error_init(&e);
	if (j->network)
		docker_network_remove(c, j->network, &e);
	if (j->volume)
		docker_volume_remove(c, j->volume, &e);
	if (obs && obs->note && (j->n || j->network || j->volume))
		obs->note(obs->arg, "removed what this command created");
	c->cancel = saved;
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

static void create_tm_task(void *arg, int i)
{
	struct create_batch *b = arg;
	error_init(&b->errs[i]);
	cluster_create_tm(b->c, b->s, b->indices[i], b->extra, &b->ids[i], &b->errs[i]);
}

struct start_batch {
	struct docker_client *c;
	char **ids;
	struct error *errs;
};

static void start_task(void *arg, int i)
{
	struct start_batch *b = arg;
	error_init(&b->errs[i]);
	if (docker_container_start(b->c, b->ids[i], &b->errs[i]) < 0)
		error_prefix(&b->errs[i], "cannot start container %.12s", b->ids[i]);
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

int cluster_up(struct docker_client *c, const struct cluster_spec *s,
	       const struct cluster_observer *obs, volatile int *cancel,
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
	if (cancel && *cancel)
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
	/* stopped members of an existing cluster are started again */
	for (int i = 0; i < inv.n_containers; i++) {
		if (strcmp(inv.containers[i].state, "running") != 0) {
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
		parallel_for(n_new, PARALLEL_WIDTH, create_tm_task, &b);
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
	if (cancel && *cancel)
		goto interrupted;

	if (n_start > 0) {
		free(errs);
		errs = xcalloc((size_t)n_start, sizeof(*errs));
		struct start_batch sb = {c, to_start, errs};
		parallel_for(n_start, PARALLEL_WIDTH, start_task, &sb);
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
		rc = cluster_scale(c, s->name, s->taskmanagers, false, obs, cancel, NULL,
				   err);
		if (rc < 0)
			goto fail;
	}
	out->taskmanagers = s->taskmanagers;
	out->slots = s->taskmanagers * s->slots;
	if (s->wait) {
		struct cluster_ready ready;
		rc = cluster_wait_ready(c, s->name, out->rest_url, s->taskmanagers,
					s->taskmanagers * s->slots, s->timeout_ms, obs,
					cancel, &ready, err);
		if (rc < 0)
			goto fail;
		out->taskmanagers = ready.taskmanagers;
		out->slots = ready.slots_total;
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
