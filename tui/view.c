/* The dashboard's state (mode, selection, messages, events) and the screen
 * it shows: the panels of tui/panel.c placed on it, the header on top and
 * the bottom lines at the bottom; a screen too short for all loses the
 * lowest panels first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/panel.h"
#include "tui/view.h"

void top_view_init(struct top_view *v, const char *cluster, bool utf8)
{
	memset(v, 0, sizeof(*v));
	v->cluster = cluster;
	v->utf8 = utf8;
}

void top_view_release(struct top_view *v)
{
	free(v->logs);
	v->logs = NULL;
}

static void event(struct top_view *v, const char *msg)
{
	memmove(v->events[1], v->events[0], sizeof(v->events[0]) * 3);
	snprintf(v->events[0], sizeof(v->events[0]), "%s", msg);
}

void top_view_note_changes(struct top_view *v, const struct top_snapshot *prev,
			   const struct top_snapshot *cur)
{
	if (!prev || !cur || !prev->ok || !cur->ok)
		return;
	char msg[160];
	int a = prev->st.flink_ok ? prev->st.overview.taskmanagers : -1;
	int b = cur->st.flink_ok ? cur->st.overview.taskmanagers : -1;
	if (a >= 0 && b >= 0 && a != b) {
		snprintf(msg, sizeof(msg), "TaskManagers %d -> %d", a, b);
		event(v, msg);
	}
	for (int i = 0; i < cur->st.inv.n_members; i++) {
		const struct cluster_member *c = &cur->st.inv.members[i];
		for (int j = 0; j < prev->st.inv.n_members; j++) {
			const struct cluster_member *p = &prev->st.inv.members[j];
			if (strcmp(p->id, c->id) == 0 && p->state == MEMBER_RUNNING &&
			    c->state != MEMBER_RUNNING) {
				snprintf(msg, sizeof(msg), "%s %s (%s)", c->name,
					 c->state_text, c->status);
				event(v, msg);
			}
		}
	}
	for (int i = 0; i < cur->st.n_jobs; i++) {
		const struct flink_checkpoint_stats *p =
			top_snapshot_checkpoints(prev, cur->st.jobs[i].id.hex);
		const struct flink_checkpoint_stats *c =
			top_snapshot_checkpoints(cur, cur->st.jobs[i].id.hex);
		if (p && c && c->failed > p->failed) {
			snprintf(msg, sizeof(msg), "checkpoint %lld of %s failed: %s",
				 (long long)c->failed_id, cur->st.jobs[i].name,
				 c->failed_message ? c->failed_message
						   : "no reason given");
			event(v, msg);
		}
	}
}

const char *top_view_container(const struct top_view *v, const struct top_snapshot *cur)
{
	if (!cur || !cur->ok || v->sel_ct >= cur->st.inv.n_members)
		return NULL;
	return cur->st.inv.members[v->sel_ct].name;
}

const char *top_view_job(const struct top_view *v, const struct top_snapshot *cur)
{
	if (!cur || !cur->ok || v->sel_job >= cur->st.n_jobs)
		return NULL;
	return cur->st.jobs[v->sel_job].id.hex;
}

void top_view_move(struct top_view *v, const struct top_snapshot *cur, int d)
{
	int n = 0;
	if (cur && cur->ok)
		n = v->focus == 0 ? cur->st.inv.n_members : cur->st.n_jobs;
	int *sel = v->focus == 0 ? &v->sel_ct : &v->sel_job;
	*sel += d;
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
}

void top_view_render(const struct top_view *v, const struct top_snapshot *prev,
		     const struct top_snapshot *cur, int64_t now_ms, struct top_frame *f)
{
	if (v->mode == TOP_HELP) {
		top_panel_help(f);
		return;
	}
	if (v->mode == TOP_LOGS) {
		top_panel_logs(v, f);
		return;
	}
	const struct top_panel_in in = {v, prev, cur, now_ms};
	top_panel_header(&in, f);
	if (!cur || !cur->ok)
		return; /* the header says why there is nothing else */
	top_panel_members(&in, f);
	top_panel_jobs(&in, f);
	top_panel_checkpoints(&in, f);
	/* the bottom lines keep to the bottom */
	while (f->next < f->rows - 3)
		frame_add(f, FRAME_NORMAL, "%s", "");
	top_panel_bottom(&in, f);
}
