/* What the dashboard shows: its state (selection, panel, modes) and the
 * rendering of a snapshot into a frame. Pure: no terminal, no network, so
 * the scripted mode and tests see exactly what the screen shows. */
#ifndef FC_TUI_VIEW_H
#define FC_TUI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "tui/collector.h"
#include "tui/frame.h"

enum top_mode { TOP_MAIN, TOP_HELP, TOP_LOGS, TOP_CONFIRM_CANCEL };

struct top_view {
	const char *cluster; /* borrowed */
	enum top_mode mode;
	int focus; /* 0: containers, 1: jobs */
	int sel_ct, sel_job;
	bool paused, utf8;
	bool busy;           /* an action runs */
	char message[512];   /* the last action's result or a note */
	char events[4][160]; /* the newest first */
	char *logs;          /* owned: the logs view's text */
	char logs_container[128];
	int logs_scroll;    /* lines up from the bottom */
	int64_t started_ms; /* when top started, for "data is Ns old" */
	bool autoscale_on;
	char autoscale[512]; /* the autoscaler's newest event, one line */
};

void top_view_init(struct top_view *v, const char *cluster, bool utf8);
void top_view_release(struct top_view *v);

/* Compares two snapshots and records what happened (TaskManagers added or
 * gone, containers that died, checkpoint failures) as events. */
void top_view_note_changes(struct top_view *v, const struct top_snapshot *prev,
			   const struct top_snapshot *cur);

/* Moves the selection of the focused table d rows (0 keeps it on the
 * table when cur has fewer rows than before). */
void top_view_move(struct top_view *v, const struct top_snapshot *cur, int d);

/* Renders the screen of v's mode from cur (prev, may be NULL, gives the
 * rates) at time now_ms (wall clock, ms): the panels of tui/panel.h. */
void top_view_render(const struct top_view *v, const struct top_snapshot *prev,
		     const struct top_snapshot *cur, int64_t now_ms, struct top_frame *f);

/* The selected container's name and job's id, or NULL. Borrowed from cur. */
const char *top_view_container(const struct top_view *v, const struct top_snapshot *cur);
const char *top_view_job(const struct top_view *v, const struct top_snapshot *cur);

#endif
