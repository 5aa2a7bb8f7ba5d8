/* The dashboard's loop. It waits on one thing at a time (a key, the
 * collector's wake-up pipe, or a one-second tick for the data's age), lets
 * the key table (tui/keys.c) turn keys into reactions, and redraws from the
 * newest snapshot; ncurses sends only the cells that changed. The scripted
 * mode runs the same key table and renderer without a terminal. */
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <ncurses.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/collector.h"
#include "tui/keys.h"
#include "tui/top.h"
#include "tui/view.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/clock.h"

struct top_state {
	struct top_view view;
	const struct top_opts *o;
	struct top_collector *tc;
	struct top_control ctl; /* the keys' way to tc */
	struct top_snapshot *prev, *cur;
	int snapshots; /* received so far */
};

/* The collector behind struct top_control. */
static bool ctl_act(void *tc, enum top_action_kind kind, int arg, const char *target)
{
	return top_collector_act(tc, kind, arg, target);
}

static void ctl_pause(void *tc, bool paused)
{
	top_collector_pause(tc, paused);
}

static void ctl_poke(void *tc)
{
	top_collector_poke(tc);
}

static bool ctl_autoscale(void *tc, bool on, const struct autoscale_opts *o)
{
	return top_collector_autoscale(tc, on, o);
}

/* A key through the key table (tui/keys.c); returns enum top_react flags. */
static int handle_key(struct top_state *s, int key)
{
	const struct top_keys_in in = {&s->view, s->cur, &s->o->autoscale, &s->ctl};
	return top_keys_handle(&in, key);
}

/* Takes what the collector has: a snapshot, a message, logs. True when
 * something changed. */
static bool absorb(struct top_state *s)
{
	bool changed = false;
	struct top_snapshot *n = top_collector_take(s->tc);
	if (n) {
		top_view_note_changes(&s->view, s->cur, n);
		top_snapshot_free(s->prev);
		s->prev = s->cur;
		s->cur = n;
		s->snapshots++;
		changed = true;
		/* keep the selection on the table */
		top_view_move(&s->view, s->cur, 0);
		if (s->view.mode == TOP_LOGS) /* follow: fetch the newest lines again */
			top_collector_act(s->tc, TOP_ACTION_LOGS, 0,
					  s->view.logs_container);
	}
	char line[sizeof(s->view.autoscale)];
	bool on = top_collector_autoscale_line(s->tc, line, sizeof(line));
	if (on != s->view.autoscale_on || strcmp(line, s->view.autoscale) != 0) {
		s->view.autoscale_on = on;
		snprintf(s->view.autoscale, sizeof(s->view.autoscale), "%s", line);
		changed = true;
	}
	bool busy;
	char msg[512];
	if (top_collector_message(s->tc, msg, sizeof(msg), &busy)) {
		snprintf(s->view.message, sizeof(s->view.message), "%s", msg);
		changed = true;
	}
	if (busy != s->view.busy) {
		s->view.busy = busy;
		changed = true;
	}
	if (s->view.mode == TOP_LOGS) {
		char *logs = top_collector_logs(s->tc);
		if (logs && (!s->view.logs || strcmp(logs, s->view.logs) != 0)) {
			free(s->view.logs);
			s->view.logs = logs;
			changed = true;
		} else {
			free(logs);
		}
	}
	return changed;
}

static void drain(int fd)
{
	char buf[64];
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static struct top_frame *render(struct top_state *s, int rows, int cols)
{
	struct top_frame *f = frame_new(rows, cols);
	top_view_render(&s->view, s->prev, s->cur, clock_wall_ms(), f);
	return f;
}

static const short pair_of[] = {
	[FRAME_NORMAL] = 0, [FRAME_TITLE] = 1, [FRAME_HEADING] = 2, [FRAME_SELECTED] = 3,
	[FRAME_GOOD] = 4,   [FRAME_WARN] = 5,  [FRAME_BAD] = 6,     [FRAME_DIM] = 7,
};

static void draw(struct top_frame *f, bool color)
{
	erase();
	for (int i = 0; i < f->rows; i++) {
		if (!f->line[i])
			continue;
		attr_t a = 0;
		if (f->attr[i] == FRAME_TITLE || f->attr[i] == FRAME_SELECTED)
			a = A_REVERSE;
		else if (f->attr[i] == FRAME_HEADING)
			a = A_BOLD;
		if (color && pair_of[f->attr[i]] && f->attr[i] != FRAME_SELECTED &&
		    f->attr[i] != FRAME_TITLE)
			a = COLOR_PAIR(pair_of[f->attr[i]]) |
			    (f->attr[i] == FRAME_HEADING ? A_BOLD : 0);
		attrset(a);
		mvaddstr(i, 0, f->line[i]);
	}
	attrset(0);
	refresh();
}

/* Whether curses has the terminal now: the out-of-memory hook gives it
 * back only then, and only once. */
static atomic_bool curses_on;

/* Gives the terminal back to the shell (endwin) if curses has it. Also
 * xalloc's fatal hook, so that its out-of-memory line is printed on a
 * restored terminal before the process aborts. */
static void restore_terminal(void)
{
	if (atomic_exchange(&curses_on, false))
		endwin();
}

static int run_terminal(struct top_state *s, int wake_rd,
			const struct cancel *interrupted)
{
	initscr();
	atomic_store(&curses_on, true);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	bool color = has_colors() && !getenv("NO_COLOR");
	if (color) {
		start_color();
		use_default_colors();
		init_pair(2, COLOR_CYAN, -1);
		init_pair(4, COLOR_GREEN, -1);
		init_pair(5, COLOR_YELLOW, -1);
		init_pair(6, COLOR_RED, -1);
		init_pair(7, COLOR_BLUE, -1);
	}
	bool dirty = true;
	while (!cancel_requested(interrupted)) {
		if (dirty) {
			struct top_frame *f = render(s, LINES, COLS);
			draw(f, color);
			frame_free(f);
			dirty = false;
		}
		struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_rd, POLLIN, 0}};
		/* a tick each second keeps "data Ns old" honest */
		if (poll(p, 2, 1000) == 0)
			dirty = true;
		if (p[1].revents & POLLIN) {
			drain(wake_rd);
			dirty |= absorb(s);
		}
		int key, react = REACT_NONE;
		while ((key = getch()) != ERR) {
			if (key == KEY_RESIZE) {
				dirty = true;
				continue;
			}
			react |= handle_key(s, key);
		}
		if (react & REACT_QUIT)
			break;
		dirty |= (react & REACT_REDRAW) != 0;
	}
	restore_terminal();
	return 0;
}

/* Scripted: wait for the first snapshot, play the keys (each byte a key;
 * "\t" a tab), then wait for dump_after more refreshes and print the frame. */
static int run_script(struct top_state *s, const struct top_opts *o, int wake_rd,
		      const struct cancel *interrupted, struct error *err)
{
	struct strbuf keys;
	strbuf_init(&keys, 1 << 16);
	FILE *in = strcmp(o->script, "-") == 0 ? stdin : fopen(o->script, "r");
	if (!in) {
		strbuf_release(&keys);
		return error_set(err, ERR_USAGE, "cannot read the key script '%s'",
				 o->script);
	}
	int ch;
	while ((ch = fgetc(in)) != EOF)
		if (ch != '\n')
			strbuf_addch(&keys, (char)ch);
	if (in != stdin)
		fclose(in);
	int64_t deadline = clock_wall_ms() + 120000;
	int phase = 0; /* 0: first snapshot, 1: keys, 2: refreshes */
	size_t k = 0;
	int target = 0;
	int rc = 0;
	while (!cancel_requested(interrupted)) {
		if (clock_wall_ms() > deadline) {
			rc = error_set(err, ERR_TIMEOUT,
				       "the dashboard got no data in 120 s");
			break;
		}
		if (phase == 0 && s->snapshots >= 1)
			phase = 1;
		if (phase == 1) {
			for (; k < keys.len; k++) {
				double t0 = clock_now_ms();
				int react = handle_key(s, (unsigned char)keys.buf[k]);
				struct top_frame *f = render(s, o->rows, o->cols);
				char *text = frame_text(f); /* what would be drawn */
				double spent = clock_now_ms() - t0;
				free(text);
				if (o->timing)
					fprintf(stderr, "key '%c' answered in %.3f ms\n",
						keys.buf[k], spent);
				frame_free(f);
				if (react & REACT_QUIT)
					break;
			}
			phase = 2;
			target = s->snapshots + o->dump_after;
		}
		if (phase == 2 && s->snapshots >= target)
			break;
		struct pollfd p = {wake_rd, POLLIN, 0};
		if (poll(&p, 1, 200) > 0) {
			drain(wake_rd);
			absorb(s);
		}
	}
	/* the last action's message may still come: take what is there */
	absorb(s);
	struct top_frame *f = render(s, o->rows, o->cols);
	char *text = frame_text(f);
	fputs(text, stdout);
	free(text);
	frame_free(f);
	strbuf_release(&keys);
	return rc;
}

int top_run(struct cluster_engine *e, const struct top_opts *o,
	    const struct cancel *interrupted, struct error *err)
{
	int fds[2];
	if (pipe(fds) < 0)
		return error_set(err, ERR_FAIL, "cannot make a pipe for the dashboard");
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	/* a few threads, little memory each: one malloc arena each would cost
	 * more resident memory than all the data the dashboard holds */
	mallopt(M_ARENA_MAX, 2);
	setlocale(LC_ALL, "");
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	struct top_state s = {0};
	top_view_init(&s.view, o->cluster, utf8);
	s.o = o;
	/* xalloc's hook is set before the collector's threads start and cleared
	 * after they end (it is not for changing while others allocate); it
	 * acts while the terminal mode has the terminal */
	if (!o->script)
		xalloc_set_fatal_hook(restore_terminal);
	s.tc = top_collector_new(e, o->cluster, o->interval_ms, fds[1]);
	s.ctl = (struct top_control){s.tc, ctl_act, ctl_pause, ctl_poke, ctl_autoscale};
	if (o->autoscale_on) {
		top_collector_autoscale(s.tc, true, &o->autoscale);
		s.view.autoscale_on = true;
	}
	int rc = o->script ? run_script(&s, o, fds[0], interrupted, err)
			   : run_terminal(&s, fds[0], interrupted);
	top_collector_free(s.tc);
	if (!o->script)
		xalloc_set_fatal_hook(NULL);
	top_snapshot_free(s.prev);
	top_snapshot_free(s.cur);
	top_view_release(&s.view);
	close(fds[0]);
	close(fds[1]);
	return rc;
}
