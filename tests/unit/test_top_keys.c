/* The dashboard's key table (tui/keys.h): each key's reaction in each mode,
 * on the snapshot of one refresh recorded from a real cluster
 * (tests/unit/top_fixture.h: two TaskManagers, one running job), on the
 * Engine's part of it alone (Flink not answering), and before the first
 * refresh. The collector is replaced by a recorder of what the keys ask
 * of it; the help screen is checked against the table it is made from. */
#include <ncurses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "top_fixture.h"
#include "tui/frame.h"
#include "tui/keys.h"
#include "tui/panel.h"

#define JM TOP_FIXTURE_CLUSTER "-jobmanager"

/* What the keys asked of the collector. */
struct asks {
	int acts;
	enum top_action_kind kind;
	int arg;
	char target[128];
	bool refuse_act; /* answer "busy" */
	int pauses;
	bool paused;
	int pokes;
	int autoscales;
	bool autoscale_on;
	bool refuse_autoscale; /* answer "still finishing its last step" */
	const struct autoscale_opts *autoscale_opts;
};

static bool rec_act(void *ctx, enum top_action_kind kind, int arg, const char *target)
{
	struct asks *a = ctx;
	if (a->refuse_act)
		return false;
	a->acts++;
	a->kind = kind;
	a->arg = arg;
	snprintf(a->target, sizeof(a->target), "%s", target ? target : "");
	return true;
}

static void rec_pause(void *ctx, bool paused)
{
	struct asks *a = ctx;
	a->pauses++;
	a->paused = paused;
}

static void rec_poke(void *ctx)
{
	((struct asks *)ctx)->pokes++;
}

static bool rec_autoscale(void *ctx, bool on, const struct autoscale_opts *o)
{
	struct asks *a = ctx;
	if (a->refuse_autoscale)
		return false;
	a->autoscales++;
	a->autoscale_on = on;
	a->autoscale_opts = o;
	return true;
}

/* One test's world: a view, a snapshot (or none), the recorder. */
struct world {
	struct top_fixture fx;
	bool loaded;
	struct top_view v;
	struct asks asks;
	struct top_control ctl;
	struct autoscale_opts autoscale;
	struct top_keys_in in;
};

static struct world *world_new(int snapshot) /* 0 none, 1 Engine only, 2 all */
{
	struct world *w = calloc(1, sizeof(*w));
	if (snapshot == 1)
		top_fixture_load_engine(&w->fx);
	else if (snapshot == 2)
		top_fixture_load(&w->fx);
	w->loaded = snapshot > 0;
	top_view_init(&w->v, TOP_FIXTURE_CLUSTER, true);
	w->ctl = (struct top_control){&w->asks, rec_act, rec_pause, rec_poke,
				      rec_autoscale};
	policy_config_defaults(&w->autoscale.cfg);
	w->autoscale.cfg.min_tms = 1;
	w->autoscale.cfg.max_tms = 4;
	w->in = (struct top_keys_in){&w->v, w->fx.cur, &w->autoscale, &w->ctl};
	return w;
}

static void world_free(struct world *w)
{
	top_view_release(&w->v);
	if (w->loaded)
		top_fixture_release(&w->fx);
	free(w);
}

static int press(struct world *w, int key)
{
	return top_keys_handle(&w->in, key);
}

static void test_quit(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, 'q'), REACT_QUIT);
	world_free(w);
}

/* j/k and the arrows move within the focused table and stop at its ends. */
static void test_move(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	const int keys[] = {'j', KEY_DOWN, 'j', 'k', KEY_UP, 'k'};
	const int want[] = {1, 2, 2, 1, 0, 0}; /* three members */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_int_equal(press(w, keys[i]), REACT_REDRAW);
		assert_int_equal(w->v.sel_ct, want[i]);
	}
	assert_int_equal(w->v.sel_job, 0);
	assert_int_equal(press(w, '\t'), REACT_REDRAW);
	assert_int_equal(w->v.focus, 1);
	assert_int_equal(press(w, 'j'), REACT_REDRAW);
	assert_int_equal(w->v.sel_job, 0); /* one job */
	assert_int_equal(w->v.sel_ct, 0);
	assert_int_equal(press(w, '\t'), REACT_REDRAW);
	assert_int_equal(w->v.focus, 0);
	world_free(w);
}

/* With Flink's data: one TaskManager more or less than it reports (2). */
static void test_scale_with_flink(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, '+'), REACT_REDRAW);
	assert_int_equal(w->asks.acts, 1);
	assert_int_equal(w->asks.kind, TOP_ACTION_SCALE);
	assert_int_equal(w->asks.arg, 3);
	assert_string_equal(w->v.message, "adding a TaskManager");
	assert_int_equal(press(w, '-'), REACT_REDRAW);
	assert_int_equal(w->asks.acts, 2);
	assert_int_equal(w->asks.arg, 1);
	assert_string_equal(w->v.message, "removing a TaskManager");
	w->asks.refuse_act = true;
	assert_int_equal(press(w, '+'), REACT_REDRAW);
	assert_string_equal(w->v.message, "busy: one action at a time");
	assert_int_equal(w->asks.acts, 2);
	world_free(w);
}

/* Without Flink's data nothing is asked: before the first refresh, and
 * when the Engine answered but Flink did not. */
static void test_scale_without_flink(void **state)
{
	(void)state;
	for (int snapshot = 0; snapshot <= 1; snapshot++) {
		struct world *w = world_new(snapshot);
		assert_int_equal(press(w, '+'), REACT_REDRAW);
		assert_string_equal(w->v.message, "Flink has not answered yet");
		assert_int_equal(press(w, '-'), REACT_REDRAW);
		assert_string_equal(w->v.message, "a cluster keeps one TaskManager");
		assert_int_equal(w->asks.acts, 0);
		world_free(w);
	}
}

static void test_savepoint(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, 's'), REACT_REDRAW);
	assert_int_equal(w->asks.kind, TOP_ACTION_SAVEPOINT);
	assert_string_equal(w->asks.target, w->fx.cur->st.jobs[0].id.hex);
	assert_string_equal(w->v.message, "taking a savepoint");
	world_free(w);
	w = world_new(1); /* no jobs known */
	assert_int_equal(press(w, 's'), REACT_REDRAW);
	assert_string_equal(w->v.message, "no job selected (tab, then j/k)");
	assert_int_equal(w->asks.acts, 0);
	world_free(w);
}

/* The bottom lines' middle one, as the screen shows it now. */
static char *bottom_message(struct world *w)
{
	struct top_frame *f = frame_new(24, 80);
	const struct top_panel_in in = {&w->v, NULL, w->fx.cur, w->fx.now_ms};
	top_panel_bottom(&in, f);
	char *line = strdup(f->line[1]);
	frame_free(f);
	return line;
}

/* c asks first; y (or Y) cancels the selected job, any other key does not. */
static void test_cancel(void **state)
{
	(void)state;
	const int answers[] = {'y', 'Y', 'n', 'q', '\t'};
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		struct world *w = world_new(2);
		const char *job = w->fx.cur->st.jobs[0].id.hex;
		assert_int_equal(press(w, 'c'), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_CONFIRM_CANCEL);
		assert_int_equal(w->asks.acts, 0);
		char *question = bottom_message(w);
		char want[128];
		snprintf(want, sizeof(want), "cancel job %.24s? y/n", job);
		assert_string_equal(question, want);
		free(question);
		assert_int_equal(press(w, answers[i]), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_MAIN);
		bool yes = answers[i] == 'y' || answers[i] == 'Y';
		assert_int_equal(w->asks.acts, yes ? 1 : 0);
		if (yes) {
			assert_int_equal(w->asks.kind, TOP_ACTION_CANCEL);
			assert_string_equal(w->asks.target, job);
		}
		assert_string_equal(w->v.message,
				    yes ? "cancelling the job" : "not cancelled");
		assert_int_equal(w->v.focus, 0); /* the answer did nothing else */
		world_free(w);
	}
	struct world *w = world_new(0);
	assert_int_equal(press(w, 'c'), REACT_REDRAW);
	assert_int_equal(w->v.mode, TOP_MAIN);
	assert_string_equal(w->v.message, "no job selected (tab, then j/k)");
	world_free(w);
}

/* l opens the selected member's logs; in them the arrows, j/k and the page
 * keys scroll, q, Escape or l go back, and q does not quit. */
static void test_logs(void **state)
{
	(void)state;
	const int leave[] = {'q', 27, 'l'};
	for (size_t i = 0; i < sizeof(leave) / sizeof(leave[0]); i++) {
		struct world *w = world_new(2);
		assert_int_equal(press(w, 'l'), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_LOGS);
		assert_string_equal(w->v.logs_container, JM);
		assert_int_equal(w->asks.kind, TOP_ACTION_LOGS);
		assert_string_equal(w->asks.target, JM);
		const int keys[] = {KEY_UP,   'k',      'j',       KEY_PPAGE, KEY_NPAGE,
				    KEY_DOWN, KEY_DOWN, KEY_NPAGE, 'x'};
		const int want[] = {1, 2, 1, 11, 1, 0, 0, 0, 0};
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			assert_int_equal(press(w, keys[k]), REACT_REDRAW);
			assert_int_equal(w->v.logs_scroll, want[k]);
			assert_int_equal(w->v.mode, TOP_LOGS);
		}
		press(w, 'k');
		assert_int_equal(press(w, leave[i]), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_MAIN);
		assert_int_equal(w->v.logs_scroll, 0);
		assert_int_equal(w->v.sel_ct, 0);
		world_free(w);
	}
	struct world *w = world_new(0); /* no member to show */
	assert_int_equal(press(w, 'l'), REACT_REDRAW);
	assert_int_equal(w->v.mode, TOP_MAIN);
	assert_int_equal(w->asks.acts, 0);
	world_free(w);
}

/* ? and h open the help; any key leaves it, q too, without quitting. */
static void test_help(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	const int open[] = {'?', 'h'}, leave[] = {'q', 'j'};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(press(w, open[i]), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_HELP);
		assert_int_equal(press(w, leave[i]), REACT_REDRAW);
		assert_int_equal(w->v.mode, TOP_MAIN);
	}
	assert_int_equal(w->v.sel_ct, 0);
	world_free(w);
}

static void test_pause_and_refresh(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, 'p'), REACT_REDRAW);
	assert_true(w->v.paused);
	assert_true(w->asks.paused);
	assert_int_equal(press(w, 'p'), REACT_REDRAW);
	assert_false(w->v.paused);
	assert_false(w->asks.paused);
	assert_int_equal(w->asks.pauses, 2);
	assert_int_equal(press(w, 'r'), REACT_REDRAW);
	assert_int_equal(w->asks.pokes, 1);
	world_free(w);
}

/* a switches the autoscaler with top's settings; a refusal changes nothing. */
static void test_autoscale(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, 'a'), REACT_REDRAW);
	assert_true(w->v.autoscale_on);
	assert_true(w->asks.autoscale_on);
	assert_ptr_equal(w->asks.autoscale_opts, &w->autoscale);
	char want[128];
	snprintf(want, sizeof(want), "autoscaler on: %s, 1 to 4 TaskManagers",
		 policy_name(w->autoscale.cfg.policy));
	assert_string_equal(w->v.message, want);
	assert_int_equal(press(w, 'a'), REACT_REDRAW);
	assert_false(w->v.autoscale_on);
	assert_false(w->asks.autoscale_on);
	assert_string_equal(w->v.message, "autoscaler off");
	w->asks.refuse_autoscale = true;
	assert_int_equal(press(w, 'a'), REACT_REDRAW);
	assert_false(w->v.autoscale_on);
	assert_string_equal(w->v.message,
			    "the autoscaler is still finishing its last step");
	assert_int_equal(w->asks.autoscales, 2);
	world_free(w);
}

/* A key no row lists: the main screen ignores it. */
static void test_unlisted(void **state)
{
	(void)state;
	struct world *w = world_new(2);
	assert_int_equal(press(w, 'x'), REACT_NONE);
	assert_int_equal(press(w, 'y'), REACT_NONE);
	assert_int_equal(w->v.mode, TOP_MAIN);
	assert_string_equal(w->v.message, "");
	world_free(w);
}

/* The table: no key is claimed twice in a mode, every row is found by each
 * of its keys in each of its modes, and the help screen is its named rows. */
static void test_table(void **state)
{
	(void)state;
	const enum top_mode modes[] = {TOP_MAIN, TOP_HELP, TOP_LOGS, TOP_CONFIRM_CANCEL};
	for (size_t i = 0; i < top_keys_count; i++) {
		const struct top_key *k = &top_keys[i];
		assert_non_null(k->fn);
		assert_true(k->modes != 0);
		assert_true(!k->name == !k->help);
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			if (!(k->modes & TOP_MODE(modes[m])))
				continue;
			for (size_t j = 0; j < 4 && k->keys[j]; j++)
				assert_ptr_equal(top_keys_find(modes[m], k->keys[j]), k);
		}
	}
	struct top_frame *f = frame_new(24, 80);
	top_panel_help(f);
	int row = 2; /* below the title and a blank line */
	for (size_t i = 0; i < top_keys_count; i++) {
		if (!top_keys[i].name)
			continue;
		assert_true(top_keys[i].modes & TOP_MODE(TOP_MAIN));
		char want[160];
		snprintf(want, sizeof(want), "  %-14s %s", top_keys[i].name,
			 top_keys[i].help);
		assert_string_equal(f->line[row++], want);
	}
	assert_int_equal(f->next, row);
	frame_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quit),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_scale_with_flink),
		cmocka_unit_test(test_scale_without_flink),
		cmocka_unit_test(test_savepoint),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_logs),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_pause_and_refresh),
		cmocka_unit_test(test_autoscale),
		cmocka_unit_test(test_unlisted),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
