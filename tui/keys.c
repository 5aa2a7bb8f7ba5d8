/* The key table and its handlers. A handler changes the view (selection,
 * focus, mode, message) or asks the collector for an action through
 * struct top_control, and says whether to redraw or quit; it never draws
 * and never waits on the network. */
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tui/keys.h"

#define ESC 27

static void say(struct top_view *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct top_view *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}

/* Queues an action; what says what it does, for the message line. */
static void act(const struct top_keys_in *in, enum top_action_kind k, int arg,
		const char *target, const char *what)
{
	if (in->ctl->act(in->ctl->ctx, k, arg, target))
		say(in->v, "%s", what);
	else
		say(in->v, "busy: one action at a time");
}

static int key_quit(const struct top_keys_in *in, int key)
{
	(void)in;
	(void)key;
	return REACT_QUIT;
}

static int key_move(const struct top_keys_in *in, int key)
{
	top_view_move(in->v, in->cur, key == KEY_UP || key == 'k' ? -1 : 1);
	return REACT_REDRAW;
}

static int key_panel(const struct top_keys_in *in, int key)
{
	(void)key;
	in->v->focus = !in->v->focus;
	return REACT_REDRAW;
}

/* + and -: one TaskManager more or less than Flink reports. */
static int key_scale(const struct top_keys_in *in, int key)
{
	const struct top_snapshot *cur = in->cur;
	int tms = cur && cur->ok && cur->st.flink_ok ? cur->st.overview.taskmanagers : -1;
	if (key == '+' && tms < 0)
		say(in->v, "Flink has not answered yet");
	else if (key == '+' && tms >= 64)
		say(in->v, "64 TaskManagers is the most");
	else if (key == '+')
		act(in, TOP_ACTION_SCALE, tms + 1, NULL, "adding a TaskManager");
	else if (tms <= 1)
		say(in->v, "a cluster keeps one TaskManager");
	else
		act(in, TOP_ACTION_SCALE, tms - 1, NULL, "removing a TaskManager");
	return REACT_REDRAW;
}

static int key_savepoint(const struct top_keys_in *in, int key)
{
	(void)key;
	const char *job = top_view_job(in->v, in->cur);
	if (job)
		act(in, TOP_ACTION_SAVEPOINT, 0, job, "taking a savepoint");
	else
		say(in->v, "no job selected (tab, then j/k)");
	return REACT_REDRAW;
}

/* c asks first: the answer is the next key (key_cancel_yes or, for any
 * other, no). */
static int key_cancel(const struct top_keys_in *in, int key)
{
	(void)key;
	if (top_view_job(in->v, in->cur))
		in->v->mode = TOP_CONFIRM_CANCEL;
	else
		say(in->v, "no job selected (tab, then j/k)");
	return REACT_REDRAW;
}

static int key_cancel_yes(const struct top_keys_in *in, int key)
{
	(void)key;
	const char *job = top_view_job(in->v, in->cur);
	if (job)
		act(in, TOP_ACTION_CANCEL, 0, job, "cancelling the job");
	else
		say(in->v, "not cancelled");
	in->v->mode = TOP_MAIN;
	return REACT_REDRAW;
}

static int key_logs(const struct top_keys_in *in, int key)
{
	(void)key;
	struct top_view *v = in->v;
	const char *ct = top_view_container(v, in->cur);
	if (ct) {
		snprintf(v->logs_container, sizeof(v->logs_container), "%s", ct);
		free(v->logs);
		v->logs = NULL;
		v->mode = TOP_LOGS;
		in->ctl->act(in->ctl->ctx, TOP_ACTION_LOGS, 0, ct);
	}
	return REACT_REDRAW;
}

static int key_autoscale(const struct top_keys_in *in, int key)
{
	(void)key;
	struct top_view *v = in->v;
	bool on = !v->autoscale_on;
	if (!in->ctl->autoscale(in->ctl->ctx, on, in->autoscale)) {
		say(v, "the autoscaler is still finishing its last step");
		return REACT_REDRAW;
	}
	v->autoscale_on = on;
	if (on)
		say(v, "autoscaler on: %s, %d to %d TaskManagers",
		    policy_name(in->autoscale->cfg.policy), in->autoscale->cfg.min_tms,
		    in->autoscale->cfg.max_tms);
	else
		say(v, "autoscaler off");
	return REACT_REDRAW;
}

static int key_pause(const struct top_keys_in *in, int key)
{
	(void)key;
	in->v->paused = !in->v->paused;
	in->ctl->pause(in->ctl->ctx, in->v->paused);
	return REACT_REDRAW;
}

static int key_refresh(const struct top_keys_in *in, int key)
{
	(void)key;
	in->ctl->poke(in->ctl->ctx);
	return REACT_REDRAW;
}

static int key_help(const struct top_keys_in *in, int key)
{
	(void)key;
	in->v->mode = TOP_HELP;
	return REACT_REDRAW;
}

static int key_logs_leave(const struct top_keys_in *in, int key)
{
	(void)key;
	in->v->mode = TOP_MAIN;
	in->v->logs_scroll = 0;
	return REACT_REDRAW;
}

/* Scrolls the logs a line (up, k; down, j) or a page, never below the
 * newest line. */
static int key_scroll(const struct top_keys_in *in, int key)
{
	int *scroll = &in->v->logs_scroll;
	int d = key == KEY_UP || key == 'k' ? 1
		: key == KEY_PPAGE          ? 10
		: key == KEY_NPAGE          ? -10
					    : -1;
	*scroll = *scroll + d > 0 ? *scroll + d : 0;
	return REACT_REDRAW;
}

#define MAIN TOP_MODE(TOP_MAIN)

const struct top_key top_keys[] = {
	/* the main screen, in the help screen's order */
	{{KEY_UP, 'k', KEY_DOWN, 'j'}, MAIN, key_move, "up/down, j/k", "select a row"},
	{{'\t'}, MAIN, key_panel, "tab", "switch between containers and jobs"},
	{{'+', '-'}, MAIN, key_scale, "+ / -", "add / remove a TaskManager"},
	{{'s'}, MAIN, key_savepoint, "s", "savepoint of the selected job"},
	{{'c'}, MAIN, key_cancel, "c", "cancel the selected job (asks first)"},
	{{'l'}, MAIN, key_logs, "l", "logs of the selected container, following"},
	{{'a'},
	 MAIN,
	 key_autoscale,
	 "a",
	 "autoscaler on / off (its last decision below the header)"},
	{{'p'}, MAIN, key_pause, "p", "pause / resume refreshing"},
	{{'r'}, MAIN, key_refresh, "r", "refresh now"},
	{{'?', 'h'}, MAIN, key_help, "?", "this help"},
	{{'q'}, MAIN, key_quit, "q", "quit (or leave this view)"},
	/* the logs screen: its title names these */
	{{'q', ESC, 'l'}, TOP_MODE(TOP_LOGS), key_logs_leave, NULL, NULL},
	{{KEY_UP, 'k', KEY_DOWN, 'j'}, TOP_MODE(TOP_LOGS), key_scroll, NULL, NULL},
	{{KEY_PPAGE, KEY_NPAGE}, TOP_MODE(TOP_LOGS), key_scroll, NULL, NULL},
	/* the cancel question: any other key is no */
	{{'y', 'Y'}, TOP_MODE(TOP_CONFIRM_CANCEL), key_cancel_yes, NULL, NULL},
};
const size_t top_keys_count = sizeof(top_keys) / sizeof(top_keys[0]);

const struct top_key *top_keys_find(enum top_mode mode, int key)
{
	for (size_t i = 0; i < top_keys_count; i++) {
		const struct top_key *k = &top_keys[i];
		if (!(k->modes & TOP_MODE(mode)))
			continue;
		for (size_t j = 0; j < sizeof(k->keys) / sizeof(k->keys[0]) && k->keys[j];
		     j++)
			if (k->keys[j] == key)
				return k;
	}
	return NULL;
}

int top_keys_handle(const struct top_keys_in *in, int key)
{
	const struct top_key *k = top_keys_find(in->v->mode, key);
	if (k)
		return k->fn(in, key);
	switch (in->v->mode) {
	case TOP_CONFIRM_CANCEL:
		say(in->v, "not cancelled");
		in->v->mode = TOP_MAIN;
		return REACT_REDRAW;
	case TOP_HELP: /* any key leaves the help */
		in->v->mode = TOP_MAIN;
		return REACT_REDRAW;
	case TOP_LOGS:
		return REACT_REDRAW;
	case TOP_MAIN:
		break;
	}
	return REACT_NONE;
}
