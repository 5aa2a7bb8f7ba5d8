/* The dashboard's panels. Each renders one part of the screen into a
 * frame, appending its lines, from the view's state and the snapshots and
 * nothing else: no terminal, no network, so tests render each one alone.
 * top_view_render (tui/view.c) places them on the screen. 80x24 is the
 * design size; wider screens get wider tables. */
#ifndef FC_TUI_PANEL_H
#define FC_TUI_PANEL_H

#include <stdint.h>

#include "tui/collector.h"
#include "tui/frame.h"
#include "tui/view.h"

/* What a panel reads; all borrowed. */
struct top_panel_in {
	const struct top_view *v;
	const struct top_snapshot *prev; /* the refresh before, for rates; may be NULL */
	const struct top_snapshot *cur;  /* the newest; NULL before the first */
	int64_t now_ms;                  /* the screen's time, wall clock */
};

/* The title line (cluster, Flink version, autoscaler, uptime, REST URL), the
 * data's age or why there is none, and the autoscaler's newest step when
 * it runs or has said something. */
void top_panel_header(const struct top_panel_in *in, struct top_frame *f);

/* The next three need a snapshot the Engine answered (cur->ok); without
 * one they add nothing. */

/* A heading and a row per member: state, slots used of total with a bar,
 * CPU and memory. */
void top_panel_members(const struct top_panel_in *in, struct top_frame *f);
/* A heading and a row per job: state, parallelism, uptime, records in and
 * out per second since the refresh before, back pressure. */
void top_panel_jobs(const struct top_panel_in *in, struct top_frame *f);
/* The selected job's checkpoints: counts, the latest completed one, the
 * durations as a sparkline, the last failure. Nothing when no job is
 * selected. */
void top_panel_checkpoints(const struct top_panel_in *in, struct top_frame *f);
/* Three lines: the newest event, the last message (or the cancel
 * question), the keys. */
void top_panel_bottom(const struct top_panel_in *in, struct top_frame *f);

/* The help screen: the keys and what they do, from tui/keys.h's table. */
void top_panel_help(struct top_frame *f);
/* The logs screen: a title, then the selected container's newest lines
 * that fit, scrolled up by v->logs_scroll. */
void top_panel_logs(const struct top_view *v, struct top_frame *f);

#endif
