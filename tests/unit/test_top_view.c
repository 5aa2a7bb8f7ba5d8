/* The dashboard's rendering of one refresh recorded from a real cluster
 * (tests/unit/top_fixture.h: "fixtures-top", a JobManager and two
 * TaskManagers of two slots, the stateful job running with a checkpoint a
 * second), at 80x24 and at 200x50, compared exactly with the golden files
 * tests/fixtures/tui/<screen>-<cols>x<rows>.txt: the whole screen, and each
 * panel alone (only the lines it adds); plus a few facts checked directly
 * (a member's slots, no line wider than the screen, as many lines as rows).
 *
 * Regenerating the golden files, after a change meant to alter the screen:
 *   make unit-bins && TOP_GOLDEN_WRITE=1 build/out/tests/test_top_view
 * writes them instead of comparing; then read `git diff tests/fixtures/tui`
 * line by line before committing it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_http.h"
#include "top_fixture.h"
#include "tui/frame.h"
#include "tui/panel.h"
#include "tui/view.h"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

struct size {
	int cols, rows;
};
static const struct size sizes[] = {{80, 24}, {200, 50}};

static int setup(void **state)
{
	struct top_fixture *fx = calloc(1, sizeof(*fx));
	top_fixture_load(fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	top_fixture_release(*state);
	free(*state);
	return 0;
}

/* Compares text with tests/fixtures/tui/<name>-<cols>x<rows>.txt, or writes
 * it there when TOP_GOLDEN_WRITE is set. */
static void golden(const char *name, struct size sz, const char *text)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "tui/%s-%dx%d.txt", name, sz.cols, sz.rows);
	if (getenv("TOP_GOLDEN_WRITE")) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, rel);
		FILE *f = fopen(path, "w");
		if (!f || fputs(text, f) < 0 || fclose(f) != 0)
			fail_msg("cannot write %s", path);
		return;
	}
	size_t len;
	char *want = fixture_read(rel, &len);
	if (strcmp(want, text) != 0) {
		/* name the first line that differs */
		const char *w = want, *t = text;
		int line = 1;
		while (*w && *w == *t) {
			line += *w == '\n';
			w++;
			t++;
		}
		while (w > want && w[-1] != '\n')
			w--, t--;
		fail_msg("%s differs at line %d:\n  want: %.*s\n  got:  %.*s", rel, line,
			 (int)strcspn(w, "\n"), w, (int)strcspn(t, "\n"), t);
	}
	free(want);
}

/* Characters (not bytes) in the line at s, up to its newline. */
static int width_of(const char *s)
{
	int n = 0;
	for (; *s && *s != '\n'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The screen's facts: rows lines, none wider than cols. */
static void assert_fits(const char *text, struct size sz)
{
	int lines = 0;
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (width_of(l) > sz.cols)
			fail_msg("line %d is %d wide on a %d-column screen: %.*s",
				 lines + 1, width_of(l), sz.cols, (int)strcspn(l, "\n"),
				 l);
		lines++;
	}
	assert_int_equal(lines, sz.rows);
}

/* The line that starts with prefix, or a failed test. */
static const char *line_of(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *l = text; *l; l = strchr(l, '\n') + 1)
		if (strncmp(l, prefix, n) == 0)
			return l;
	fail_msg("no line starts with '%s' in:\n%s", prefix, text);
	return NULL;
}

/* A line that starts with prefix and holds each of the words after it. */
static void assert_line(const char *text, const char *prefix, ...)
{
	const char *l = line_of(text, prefix);
	char line[1024];
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
	va_list ap;
	va_start(ap, prefix);
	for (const char *w; (w = va_arg(ap, const char *));)
		if (!strstr(line, w))
			fail_msg("'%s' lacks '%s'", line, w);
	va_end(ap);
}

static char *screen(const struct top_fixture *fx, const struct top_view *v,
		    struct size sz)
{
	struct top_frame *f = frame_new(sz.rows, sz.cols);
	top_view_render(v, fx->prev, fx->cur, fx->now_ms, f);
	char *text = frame_text(f);
	frame_free(f);
	return text;
}

/* The main screen as `top` shows it after tab: the job selected, so its
 * checkpoints show. */
static void test_screen(void **state)
{
	const struct top_fixture *fx = *state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct top_view v;
		top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
		v.focus = 1;
		char *text = screen(fx, &v, sizes[i]);
		golden("screen", sizes[i], text);
		assert_fits(text, sizes[i]);
		assert_line(text, "flink-cmd top  fixtures-top  Flink 2.3.0",
			    "autoscaler off", NULL);
		assert_line(text, " jobmanager ", "running", NULL);
		assert_line(text, " taskmanager-1 ", "running", " 1/2 ", NULL);
		assert_line(text, " taskmanager-2 ", "running", " 0/2 ", NULL);
		assert_line(text, ">stateful-counter ", "RUNNING", NULL);
		assert_line(text, "CHECKPOINTS of stateful-counter", NULL);
		assert_line(text, " 10 completed  0 failed  0 in progress  last #10",
			    NULL);
		free(text);
		top_view_release(&v);
	}
}

static void test_help_screen(void **state)
{
	const struct top_fixture *fx = *state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct top_view v;
		top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
		v.mode = TOP_HELP;
		char *text = screen(fx, &v, sizes[i]);
		golden("help", sizes[i], text);
		assert_fits(text, sizes[i]);
		assert_line(text, "  + / -          add / remove a TaskManager", NULL);
		free(text);
		top_view_release(&v);
	}
}

/* The logs view of the first row (the JobManager), following: its newest
 * lines fill the screen below the title, cut to the width. */
static void test_logs_screen(void **state)
{
	const struct top_fixture *fx = *state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct top_view v;
		top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
		v.mode = TOP_LOGS;
		snprintf(v.logs_container, sizeof(v.logs_container), "%s",
			 TOP_FIXTURE_CLUSTER "-jobmanager");
		v.logs = strdup(fx->logs);
		char *text = screen(fx, &v, sizes[i]);
		golden("logs", sizes[i], text);
		assert_fits(text, sizes[i]);
		assert_line(text, "logs of fixtures-top-jobmanager (following", NULL);
		free(text);
		top_view_release(&v);
	}
}

/* The lines a panel added (the frame's first f->next), as frame_text
 * writes them. */
static char *panel_text(const struct top_frame *f)
{
	struct top_frame part = *f;
	part.rows = f->next;
	return frame_text(&part);
}

typedef void (*panel_fn)(const struct top_panel_in *in, struct top_frame *f);

/* Renders one panel alone at each size, compares it with its golden file
 * and checks no line is wider than the screen; returns the 80x24 text
 * (the caller frees it) for further checks. */
static char *check_panel(const struct top_fixture *fx, const struct top_view *v,
			 const char *name, panel_fn panel)
{
	char *first = NULL;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct top_frame *f = frame_new(sizes[i].rows, sizes[i].cols);
		const struct top_panel_in in = {v, fx->prev, fx->cur, fx->now_ms};
		panel(&in, f);
		char *text = panel_text(f);
		golden(name, sizes[i], text);
		for (const char *l = text; *l; l = strchr(l, '\n') + 1)
			assert_true(width_of(l) <= sizes[i].cols);
		frame_free(f);
		if (first)
			free(text);
		else
			first = text;
	}
	return first;
}

static void test_panel_header(void **state)
{
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	char *text = check_panel(*state, &v, "header", top_panel_header);
	assert_line(text, "flink-cmd top  fixtures-top  Flink 2.3.0  autoscaler off  up ",
		    NULL);
	assert_line(text, "data 0s old; 2 TaskManagers, 3 of 4 slots free", NULL);
	free(text);
}

/* Before the first refresh: the header alone says so. */
static void test_panel_header_waiting(void **state)
{
	(void)state;
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	struct top_frame *f = frame_new(24, 80);
	top_view_render(&v, NULL, NULL, 0, f);
	char *text = frame_text(f);
	assert_string_equal(
		text, "flink-cmd top  fixtures-top  Flink ?  autoscaler off  up -  -\n"
		      "gathering the cluster's state...\n"
		      "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
	free(text);
	frame_free(f);
}

/* The members, the first selected (the focus starts there). */
static void test_panel_members(void **state)
{
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	char *text = check_panel(*state, &v, "members", top_panel_members);
	assert_line(text, "MEMBER ", "STATE", "SLOTS", "CPU%", "MEMORY", NULL);
	assert_line(text, ">jobmanager ", "running", NULL);
	assert_line(text, " taskmanager-1 ", "running", " 1/2 ", " MB / ", NULL);
	assert_line(text, " taskmanager-2 ", "running", " 0/2 ", NULL);
	free(text);
}

static void test_panel_jobs(void **state)
{
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	v.focus = 1;
	char *text = check_panel(*state, &v, "jobs", top_panel_jobs);
	assert_line(text, ">stateful-counter ", "RUNNING", " ok", NULL);
	free(text);
}

static void test_panel_checkpoints(void **state)
{
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	v.focus = 1;
	char *text = check_panel(*state, &v, "checkpoints", top_panel_checkpoints);
	assert_line(text, "CHECKPOINTS of stateful-counter", NULL);
	assert_line(text, " 10 completed  0 failed  0 in progress  last #10 ", NULL);
	assert_line(text, " durations ", NULL);
	free(text);
}

static void test_panel_bottom(void **state)
{
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	char *text = check_panel(*state, &v, "bottom", top_panel_bottom);
	assert_line(text, "event: none", NULL);
	assert_line(text, "q quit  j/k move", NULL);
	free(text);
}

/* Without UTF-8 the bars and the sparkline are ASCII. */
static void test_panels_ascii(void **state)
{
	const struct top_fixture *fx = *state;
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, false);
	v.focus = 1;
	char *text = screen(fx, &v, sizes[0]);
	for (const char *p = text; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	assert_line(text, " taskmanager-1 ", "#####..... 1/2", NULL);
	free(text);
}

/* A refresh where Flink's /jobs/overview answered but another of its calls
 * did not (cluster_status_load then keeps the jobs, with flink_ok false and
 * no checkpoints): the recorded snapshot made so. Noting its changes from
 * the full one before, and drawing it, must not read checkpoints it lacks. */
static void test_flink_half_answered(void **state)
{
	const struct top_fixture *fx = *state;
	struct top_fixture half;
	top_fixture_load(&half);
	struct cluster_status *st = &half.cur->st;
	st->flink_ok = false;
	error_set(&st->flink_error, ERR_FAIL, "cannot reach Flink: timed out");
	for (int i = 0; i < st->n_jobs; i++)
		flink_checkpoint_stats_release(&st->checkpoints[i]);
	free(st->checkpoints);
	st->checkpoints = NULL;
	struct top_view v;
	top_view_init(&v, TOP_FIXTURE_CLUSTER, true);
	top_view_note_changes(&v, fx->cur, half.cur);
	assert_string_equal(v.events[0], "");
	v.focus = 1;
	char *text = screen(&half, &v, sizes[0]);
	assert_fits(text, sizes[0]);
	assert_line(text, "data 0s old; Flink: cannot reach Flink: timed out", NULL);
	assert_line(text, ">stateful-counter ", "RUNNING", NULL);
	assert_null(strstr(text, "CHECKPOINTS"));
	free(text);
	top_view_release(&v);
	top_fixture_release(&half);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen),
		cmocka_unit_test(test_help_screen),
		cmocka_unit_test(test_logs_screen),
		cmocka_unit_test(test_panel_header),
		cmocka_unit_test(test_panel_header_waiting),
		cmocka_unit_test(test_panel_members),
		cmocka_unit_test(test_panel_jobs),
		cmocka_unit_test(test_panel_checkpoints),
		cmocka_unit_test(test_panel_bottom),
		cmocka_unit_test(test_panels_ascii),
		cmocka_unit_test(test_flink_half_answered),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
