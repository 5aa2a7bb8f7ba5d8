/* The cluster spec of `up`: an application cluster's validation (a job for
 * --reactive, a jar that is a jar), the labels that let later commands
 * rebuild the spec and tell a reactive cluster, and the JobManager's Flink
 * configuration in application and reactive mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cluster/flinkconf.h"
#include "cluster/spec.h"
#include "util/xalloc.h"

/* a spec as cmd_up makes it, for cluster "app" */
static void spec_app(struct cluster_spec *s, const char *jar)
{
	cluster_spec_init(s);
	s->name = xstrdup("app");
	free(s->image);
	s->image = xstrdup("flink-cmd/flink:2.3.0");
	if (jar)
		s->job_jar = xstrdup(jar);
}

/* a file that starts as a zip does; *path owned */
static char *temp_file(const char *content, size_t len)
{
	char *path = xstrdup("/tmp/test_spec_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_reactive_needs_a_job(void **state)
{
	(void)state;
	struct cluster_spec s;
	spec_app(&s, NULL);
	s.reactive = true;
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_spec_validate(&s, &err), ERR_USAGE);
	assert_string_equal(err.msg, "--reactive needs --job JAR: Flink runs reactive "
				     "mode only in application mode");
	cluster_spec_release(&s);
}

static void test_job_must_be_a_jar(void **state)
{
	(void)state;
	struct cluster_spec s;
	struct error err;
	spec_app(&s, "/nonexistent.jar");
	error_init(&err);
	assert_int_equal(cluster_spec_validate(&s, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "cannot read the jar '/nonexistent.jar'"));
	cluster_spec_release(&s);

	char *text = temp_file("hello", 5);
	spec_app(&s, text);
	error_init(&err);
	assert_int_equal(cluster_spec_validate(&s, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "is not a jar"));
	cluster_spec_release(&s);

	char *jar = temp_file("PK\x03\x04rest", 8);
	spec_app(&s, jar);
	s.reactive = true;
	error_init(&err);
	assert_int_equal(cluster_spec_validate(&s, &err), 0);
	/* the adaptive scheduler is what reactive mode runs; default is not */
	s.scheduler = xstrdup("default");
	assert_int_equal(cluster_spec_validate(&s, &err), ERR_USAGE);
	assert_non_null(strstr(err.msg, "--reactive runs the adaptive scheduler"));
	cluster_spec_release(&s);
	unlink(text);
	unlink(jar);
	free(text);
	free(jar);
}

static void test_labels_round_trip(void **state)
{
	(void)state;
	struct cluster_spec s, back;
	spec_app(&s, "/home/me/build/my-job.jar");
	s.job_class = xstrdup("com.example.Main");
	s.reactive = true;
	struct kvlist labels;
	kvlist_init(&labels);
	kvlist_set(&labels, "io.flinkcmd.cluster", "app");
	cluster_spec_to_labels(&s, &labels);
	assert_string_equal(kvlist_get(&labels, LABEL_SPEC_JOB), "my-job.jar");
	assert_string_equal(kvlist_get(&labels, LABEL_SPEC_JOB_CLASS),
			    "com.example.Main");
	assert_true(cluster_labels_reactive(&labels));
	struct error err;
	error_init(&err);
	assert_int_equal(cluster_spec_from_labels(&back, &labels, &err), 0);
	assert_string_equal(back.job_jar, "my-job.jar");
	assert_string_equal(back.job_class, "com.example.Main");
	assert_true(back.reactive);
	cluster_spec_release(&back);
	kvlist_release(&labels);
	cluster_spec_release(&s);

	/* a session cluster has none of them */
	spec_app(&s, NULL);
	kvlist_init(&labels);
	kvlist_set(&labels, "io.flinkcmd.cluster", "app");
	cluster_spec_to_labels(&s, &labels);
	assert_null(kvlist_get(&labels, LABEL_SPEC_JOB));
	assert_false(cluster_labels_reactive(&labels));
	assert_int_equal(cluster_spec_from_labels(&back, &labels, &err), 0);
	assert_null(back.job_jar);
	assert_false(back.reactive);
	cluster_spec_release(&back);
	kvlist_release(&labels);
	cluster_spec_release(&s);
}

static void test_conf_reactive(void **state)
{
	(void)state;
	struct cluster_spec s;
	spec_app(&s, "/x/my-job.jar");
	s.job_class = xstrdup("com.example.Main");
	s.reactive = true;
	struct error err;
	error_init(&err);
	/* the user's --conf wins over flink-cmd's choices */
	assert_int_equal(
		cluster_spec_add_conf(&s, "restart-strategy.fixed-delay.delay=5 s", &err),
		0);
	struct kvlist conf;
	kvlist_init(&conf);
	flinkconf_jobmanager(&s, &conf);
	assert_string_equal(kvlist_get(&conf, "scheduler-mode"), "reactive");
	assert_string_equal(kvlist_get(&conf, "jobmanager.scheduler"), "adaptive");
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.interval"),
			    "10 s");
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.dir"),
			    "file:///flink-data/jobs/my-job-Main/checkpoints");
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.savepoint-dir"),
			    "file:///flink-data/jobs/my-job-Main/savepoints");
	assert_string_equal(kvlist_get(&conf, "restart-strategy.fixed-delay.delay"),
			    "5 s");
	kvlist_release(&conf);
	cluster_spec_release(&s);
}

static void test_conf_application(void **state)
{
	(void)state;
	struct cluster_spec s;
	spec_app(&s, "/x/my-job.jar");
	s.taskmanagers = 3;
	s.slots = 2;
	s.checkpoint_s = 30;
	struct kvlist conf;
	kvlist_init(&conf);
	flinkconf_jobmanager(&s, &conf);
	assert_null(kvlist_get(&conf, "scheduler-mode"));
	assert_string_equal(kvlist_get(&conf, "parallelism.default"), "6");
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.interval"),
			    "30 s");
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.dir"),
			    "file:///flink-data/jobs/my-job/checkpoints");
	kvlist_release(&conf);
	cluster_spec_release(&s);

	/* a session cluster keeps the shared directories */
	spec_app(&s, NULL);
	kvlist_init(&conf);
	flinkconf_jobmanager(&s, &conf);
	assert_string_equal(kvlist_get(&conf, "execution.checkpointing.dir"),
			    "file:///flink-data/checkpoints");
	assert_null(kvlist_get(&conf, "execution.checkpointing.interval"));
	kvlist_release(&conf);
	cluster_spec_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reactive_needs_a_job),
		cmocka_unit_test(test_job_must_be_a_jar),
		cmocka_unit_test(test_labels_round_trip),
		cmocka_unit_test(test_conf_reactive),
		cmocka_unit_test(test_conf_application),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
