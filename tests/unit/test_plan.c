/* Reconcile plans without an engine: what up, scale and down plan for
 * inventories of every shape, and how an apply journals what it made so
 * that an undo removes exactly that. The apply runs against an engine made
 * here in memory (the seam's operations, recording each call), not the
 * Docker Engine; the e2e tests drive the real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cluster/defaults.h"
#include "cluster/plan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A member as an engine reports it. */
static void add_member(struct cluster_inventory *inv, enum member_role role, int index,
		       enum member_state state)
{
	inv->members = xrealloc(inv->members,
				sizeof(*inv->members) * (size_t)(inv->n_members + 1));
	struct cluster_member *m = &inv->members[inv->n_members++];
	memset(m, 0, sizeof(*m));
	m->role = role;
	m->index = index;
	m->state = state;
	m->name = role == MEMBER_JOBMANAGER
			  ? xasprintf("%s-jobmanager", inv->name)
			  : xasprintf("%s-taskmanager-%d", inv->name, index);
	m->id = xasprintf("id-%s", m->name);
	m->state_text = xstrdup(state == MEMBER_RUNNING ? "running" : "exited");
	m->status = xstrdup("");
	kvlist_init(&m->labels);
}

static void add_resource(struct cluster_resource **list, int *n, const char *name,
			 const char *creator)
{
	*list = xrealloc(*list, sizeof(**list) * (size_t)(*n + 1));
	struct cluster_resource *r = &(*list)[(*n)++];
	r->id = xasprintf("id-%s", name);
	r->name = xstrdup(name);
	kvlist_init(&r->labels);
	if (creator)
		kvlist_set(&r->labels, LABEL_CREATOR, creator);
}

/* A cluster "c": network and volume, a running JobManager, and TaskManagers
 * with the given numbers, all running. */
static void cluster(struct cluster_inventory *inv, const int *tms, int n)
{
	cluster_inventory_init(inv, "c");
	add_resource(&inv->networks, &inv->n_networks, "c-net", NULL);
	add_resource(&inv->volumes, &inv->n_volumes, "c-data", NULL);
	add_member(inv, MEMBER_JOBMANAGER, 0, MEMBER_RUNNING);
	for (int i = 0; i < n; i++)
		add_member(inv, MEMBER_TASKMANAGER, tms[i], MEMBER_RUNNING);
	cluster_inventory_finish(inv);
}

static void spec(struct cluster_spec *s, int tms)
{
	cluster_spec_init(s);
	s->name = xstrdup("c");
	s->image = xstrdup("flink:test");
	s->taskmanagers = tms;
}

static void assert_plan(const struct cluster_plan *p, const char *want)
{
	char *got = cluster_plan_describe(p);
	assert_string_equal(got, want);
	free(got);
}

static void test_up_from_nothing(void **state)
{
	(void)state;
	struct cluster_inventory inv;
	cluster_inventory_init(&inv, "c");
	struct cluster_spec s;
	spec(&s, 2);
	struct cluster_plan p;
	cluster_plan_up(&inv, &s, &p);
	assert_plan(&p, "create network 'c-net'\n"
			"create volume 'c-data'\n"
			"create 'c-jobmanager', 'c-taskmanager-1', 'c-taskmanager-2'\n"
			"start 'c-jobmanager', 'c-taskmanager-1', 'c-taskmanager-2'\n");
	assert_true(p.creates);
	assert_false(p.jm_again);
	assert_int_equal(p.shrink_to, 0);
	cluster_plan_release(&p);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
}

static void test_up_grows_into_gaps(void **state)
{
	(void)state;
	const int tms[] = {1, 3};
	struct cluster_inventory inv;
	cluster(&inv, tms, 2);
	struct cluster_spec s;
	spec(&s, 5);
	struct cluster_plan p;
	cluster_plan_up(&inv, &s, &p);
	/* the lowest free numbers: names stay short and stable */
	assert_plan(&p,
		    "create 'c-taskmanager-2', 'c-taskmanager-4', 'c-taskmanager-5'\n"
		    "start 'c-taskmanager-2', 'c-taskmanager-4', 'c-taskmanager-5'\n");
	assert_false(p.creates);
	cluster_plan_release(&p);
	/* already as asked: nothing to do */
	s.taskmanagers = 2;
	cluster_plan_up(&inv, &s, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.shrink_to, 0);
	cluster_plan_release(&p);
	/* more than asked: up removes idle ones once Flink can tell which */
	s.taskmanagers = 1;
	cluster_plan_up(&inv, &s, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.shrink_to, 1);
	cluster_plan_release(&p);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
}

static void test_up_restarts_a_stopped_jobmanager(void **state)
{
	(void)state;
	const int tms[] = {1, 2};
	struct cluster_inventory inv;
	cluster(&inv, tms, 2);
	inv.members[0].state = MEMBER_EXITED; /* the JobManager */
	inv.members[2].state = MEMBER_EXITED; /* taskmanager-2 */
	struct cluster_spec s;
	spec(&s, 3);
	struct cluster_plan p;
	cluster_plan_up(&inv, &s, &p);
	/* the running TaskManager is stopped to register with the new
	 * JobManager at once; every member starts again */
	assert_plan(&p, "stop 'c-taskmanager-1'\n"
			"create 'c-taskmanager-3'\n"
			"start 'c-jobmanager', 'c-taskmanager-1', 'c-taskmanager-2', "
			"'c-taskmanager-3'\n");
	assert_true(p.jm_again);
	assert_false(p.creates);
	cluster_plan_release(&p);
	/* a stopped TaskManager alone just starts */
	inv.members[0].state = MEMBER_RUNNING;
	s.taskmanagers = 2;
	cluster_plan_up(&inv, &s, &p);
	assert_plan(&p, "start 'c-taskmanager-2'\n");
	assert_false(p.jm_again);
	cluster_plan_release(&p);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
}

static void test_up_lost_network(void **state)
{
	(void)state;
	const int tms[] = {1};
	struct cluster_inventory inv;
	cluster(&inv, tms, 1);
	cluster_resource_release(&inv.networks[0]);
	inv.n_networks = 0;
	struct cluster_spec s;
	spec(&s, 1);
	struct cluster_plan p;
	cluster_plan_up(&inv, &s, &p);
	assert_plan(&p, "create network 'c-net'\n");
	cluster_plan_release(&p);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
}

static void test_scale(void **state)
{
	(void)state;
	const int tms[] = {1, 2, 3, 4, 5};
	struct cluster_inventory inv;
	cluster(&inv, tms, 5);
	struct cluster_plan p;
	cluster_plan_scale_up(&inv, 7, &p);
	assert_plan(&p, "create 'c-taskmanager-6', 'c-taskmanager-7'\n"
			"start 'c-taskmanager-6', 'c-taskmanager-7'\n");
	cluster_plan_release(&p);
	/* Flink knows 1 (busy), 2 (idle), 4 (busy), 5 (idle); not 3 */
	const struct tm_load loads[] = {
		{"c-taskmanager-1", 2, 0},
		{"c-taskmanager-2", 2, 2},
		{"c-taskmanager-4", 2, 1},
		{"c-taskmanager-5", 2, 2},
	};
	assert_int_equal(cluster_plan_scale_down(&inv, loads, 4, 3, &p), 0);
	assert_plan(&p, "stop and remove 'c-taskmanager-3', 'c-taskmanager-5'\n");
	assert_true(p.steps[0].graceful);
	cluster_plan_release(&p);
	/* down to one: the unknown, the idle, then the busy, highest first */
	assert_int_equal(cluster_plan_scale_down(&inv, loads, 4, 1, &p), 1);
	assert_plan(&p, "stop and remove 'c-taskmanager-3', 'c-taskmanager-5', "
			"'c-taskmanager-2', 'c-taskmanager-4'\n");
	cluster_plan_release(&p);
	cluster_inventory_release(&inv);
}

static void test_down(void **state)
{
	(void)state;
	const int tms[] = {1};
	struct cluster_inventory inv;
	cluster(&inv, tms, 1);
	add_resource(&inv.volumes, &inv.n_volumes, "c-other", "up-1234");
	struct cluster_plan p;
	cluster_plan_down(&inv, false, NULL, &p);
	assert_plan(&p, "remove 'c-jobmanager', 'c-taskmanager-1'\n"
			"remove network 'c-net'\n");
	cluster_plan_release(&p);
	cluster_plan_down(&inv, true, NULL, &p);
	assert_plan(&p, "remove 'c-jobmanager', 'c-taskmanager-1'\n"
			"remove network 'c-net'\n"
			"remove volume 'c-data', 'c-other'\n");
	cluster_plan_release(&p);
	/* gc of a half-made cluster: only the volume its killed up made */
	cluster_plan_down(&inv, false, "up-1234", &p);
	assert_plan(&p, "remove 'c-jobmanager', 'c-taskmanager-1'\n"
			"remove network 'c-net'\n"
			"remove volume 'c-other'\n");
	cluster_plan_release(&p);
	cluster_inventory_release(&inv);
	cluster_inventory_init(&inv, "c");
	cluster_plan_down(&inv, true, NULL, &p);
	assert_int_equal(p.n, 0);
	cluster_plan_release(&p);
	cluster_inventory_release(&inv);
}

/* An engine in memory: it records every call as a line, and fails the
 * creation of members whose name is fail_create. */
struct fake {
	struct strbuf calls;
	const char *fail_create;
	struct cancel *cancel_after_create;
};

static void fake_free(void *impl)
{
	(void)impl;
}

static int fake_network_create(void *impl, const char *cluster, const char *name,
			       const struct kvlist *labels, char **id, struct error *err)
{
	(void)cluster;
	(void)err;
	struct fake *f = impl;
	assert_string_equal(kvlist_get(labels, LABEL_CLUSTER), "c");
	assert_string_equal(kvlist_get(labels, "io.flinkcmd.expires"), "99");
	strbuf_addf(&f->calls, "network_create %s\n", name);
	*id = xasprintf("id-%s", name);
	return 0;
}

static int fake_network_remove(void *impl, const char *id, struct error *err)
{
	(void)err;
	strbuf_addf(&((struct fake *)impl)->calls, "network_remove %s\n", id);
	return 0;
}

static int fake_volume_create(void *impl, const char *cluster, const char *name,
			      const struct kvlist *labels, struct error *err)
{
	(void)cluster;
	(void)labels;
	(void)err;
	strbuf_addf(&((struct fake *)impl)->calls, "volume_create %s\n", name);
	return 0;
}

static int fake_volume_remove(void *impl, const char *name, struct error *err)
{
	(void)err;
	strbuf_addf(&((struct fake *)impl)->calls, "volume_remove %s\n", name);
	return 0;
}

static int fake_members_create(void *impl, const struct member_spec *specs, int n,
			       char **ids, struct error *err)
{
	struct fake *f = impl;
	int rc = 0;
	for (int i = 0; i < n; i++) {
		strbuf_addf(&f->calls, "create %s\n", specs[i].name);
		if (f->fail_create && strcmp(specs[i].name, f->fail_create) == 0)
			rc = rc ? rc
				: error_set(err, ERR_USAGE, "no room for %s",
					    specs[i].name);
		else
			ids[i] = xasprintf("id-%s", specs[i].name);
	}
	if (f->cancel_after_create)
		cancel_request(f->cancel_after_create);
	return rc;
}

static int fake_members_batch(struct fake *f, const char *what, char *const *ids, int n)
{
	for (int i = 0; i < n; i++)
		strbuf_addf(&f->calls, "%s %s\n", what, ids[i]);
	return 0;
}

static int fake_members_start(void *impl, char *const *ids, int n,
			      const struct cancel *cancel, struct error *err)
{
	(void)cancel;
	(void)err;
	return fake_members_batch(impl, "start", ids, n);
}

static int fake_members_stop(void *impl, char *const *ids, int n,
			     const struct cancel *cancel, struct error *err)
{
	(void)cancel;
	(void)err;
	return fake_members_batch(impl, "stop", ids, n);
}

static int fake_members_remove(void *impl, char *const *ids, int n, struct error *err)
{
	(void)err;
	return fake_members_batch(impl, "remove", ids, n);
}

static const struct cluster_engine_ops fake_ops = {
	.name = "memory",
	.free = fake_free,
	.network_create = fake_network_create,
	.network_remove = fake_network_remove,
	.volume_create = fake_volume_create,
	.volume_remove = fake_volume_remove,
	.members_create = fake_members_create,
	.members_start = fake_members_start,
	.members_stop = fake_members_stop,
	.members_remove = fake_members_remove,
};

static int apply_up(struct fake *f, struct plan_journal *j, const struct cancel *cancel,
		    struct error *err)
{
	struct cluster_engine e = {&fake_ops, f};
	struct cluster_inventory inv;
	cluster_inventory_init(&inv, "c");
	struct cluster_spec s;
	spec(&s, 2);
	struct kvlist extra;
	kvlist_init(&extra);
	kvlist_set(&extra, "io.flinkcmd.expires", "99");
	struct cluster_plan p;
	cluster_plan_up(&inv, &s, &p);
	plan_journal_init(j);
	int rc = cluster_plan_apply(&e, &p, &s, &extra, j, NULL, cancel, err);
	cluster_plan_release(&p);
	kvlist_release(&extra);
	cluster_spec_release(&s);
	cluster_inventory_release(&inv);
	return rc;
}

static void test_apply_and_undo(void **state)
{
	(void)state;
	struct fake f = {.fail_create = NULL};
	strbuf_init(&f.calls, 0);
	struct plan_journal j;
	struct error err;
	error_init(&err);
	assert_int_equal(apply_up(&f, &j, NULL, &err), 0);
	assert_string_equal(f.calls.buf, "network_create c-net\n"
					 "volume_create c-data\n"
					 "create c-jobmanager\n"
					 "create c-taskmanager-1\n"
					 "create c-taskmanager-2\n"
					 "start id-c-jobmanager\n"
					 "start id-c-taskmanager-1\n"
					 "start id-c-taskmanager-2\n");
	assert_int_equal(j.n_members, 3);
	assert_string_equal(j.network, "id-c-net");
	assert_string_equal(j.volume, "c-data");
	strbuf_reset(&f.calls);
	struct cluster_engine e = {&fake_ops, &f};
	cluster_plan_undo(&e, &j, NULL);
	assert_string_equal(f.calls.buf, "remove id-c-jobmanager\n"
					 "remove id-c-taskmanager-1\n"
					 "remove id-c-taskmanager-2\n"
					 "network_remove id-c-net\n"
					 "volume_remove c-data\n");
	plan_journal_release(&j);
	strbuf_release(&f.calls);
}

/* One member cannot be made: the others were, and the undo removes just
 * those, with the network and volume, and starts nothing. */
static void test_apply_fails_half_way(void **state)
{
	(void)state;
	struct fake f = {.fail_create = "c-taskmanager-1"};
	strbuf_init(&f.calls, 0);
	struct plan_journal j;
	struct error err;
	error_init(&err);
	assert_int_equal(apply_up(&f, &j, NULL, &err), ERR_USAGE);
	assert_string_equal(err.msg, "no room for c-taskmanager-1");
	assert_null(strstr(f.calls.buf, "start"));
	assert_int_equal(j.n_members, 2);
	strbuf_reset(&f.calls);
	struct cluster_engine e = {&fake_ops, &f};
	cluster_plan_undo(&e, &j, NULL);
	assert_string_equal(f.calls.buf, "remove id-c-jobmanager\n"
					 "remove id-c-taskmanager-2\n"
					 "network_remove id-c-net\n"
					 "volume_remove c-data\n");
	plan_journal_release(&j);
	strbuf_release(&f.calls);
}

/* An interrupt between steps: nothing more is done, and the journal holds
 * what was. */
static void test_apply_interrupted(void **state)
{
	(void)state;
	struct cancel cancel;
	cancel_init(&cancel);
	struct fake f = {.cancel_after_create = &cancel};
	strbuf_init(&f.calls, 0);
	struct plan_journal j;
	struct error err;
	error_init(&err);
	assert_int_equal(apply_up(&f, &j, &cancel, &err), ERR_INTERRUPTED);
	assert_null(strstr(f.calls.buf, "start"));
	assert_int_equal(j.n_members, 3);
	plan_journal_release(&j);
	strbuf_release(&f.calls);
}

/* down through the same apply: what it removed is counted. */
static void test_apply_down(void **state)
{
	(void)state;
	const int tms[] = {1, 2};
	struct cluster_inventory inv;
	cluster(&inv, tms, 2);
	struct fake f = {.fail_create = NULL};
	strbuf_init(&f.calls, 0);
	struct cluster_engine e = {&fake_ops, &f};
	struct cluster_plan p;
	cluster_plan_down(&inv, true, NULL, &p);
	struct plan_journal j;
	plan_journal_init(&j);
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_plan_apply(&e, &p, NULL, NULL, &j, NULL, NULL, &err), 0);
	assert_int_equal(j.removed_members, 3);
	assert_int_equal(j.removed_networks, 1);
	assert_int_equal(j.removed_volumes, 1);
	/* at once: a cluster that goes needs no grace period */
	assert_null(strstr(f.calls.buf, "stop"));
	cluster_plan_release(&p);
	plan_journal_release(&j);
	strbuf_release(&f.calls);
	cluster_inventory_release(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up_from_nothing),
		cmocka_unit_test(test_up_grows_into_gaps),
		cmocka_unit_test(test_up_restarts_a_stopped_jobmanager),
		cmocka_unit_test(test_up_lost_network),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_down),
		cmocka_unit_test(test_apply_and_undo),
		cmocka_unit_test(test_apply_fails_half_way),
		cmocka_unit_test(test_apply_interrupted),
		cmocka_unit_test(test_apply_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
