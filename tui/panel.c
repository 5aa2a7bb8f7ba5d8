/* The panels, one function each: the header, the members with slots, CPU
 * and memory, the jobs with rates, the selected job's checkpoints with a
 * sparkline, the bottom lines, and the help (from the key table) and logs
 * screens. They only format what the snapshots hold; the state they show
 * is the view's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/keys.h"
#include "tui/panel.h"
#include "util/bar.h"

/* "42s", "12m", "3h05m", "2d": how long ago, or for how long. */
static void ago(char *out, size_t n, int64_t ms)
{
	long long s = ms / 1000;
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, n, "%llds", s);
	else if (s < 7200)
		snprintf(out, n, "%lldm", s / 60);
	else if (s < 172800)
		snprintf(out, n, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else
		snprintf(out, n, "%lldd", s / 86400);
}

/* The status, when the Engine answered. */
static const struct cluster_status *status_of(const struct top_panel_in *in)
{
	return in->cur && in->cur->ok ? &in->cur->st : NULL;
}

void top_panel_header(const struct top_panel_in *in, struct top_frame *f)
{
	const struct top_view *v = in->v;
	const struct top_snapshot *cur = in->cur;
	const struct cluster_status *st = status_of(in);
	char age[32] = "-", up[32] = "-";
	if (cur)
		ago(age, sizeof(age), in->now_ms - cur->taken_ms);
	if (st && st->inv.jm >= 0)
		ago(up, sizeof(up),
		    in->now_ms - st->inv.members[st->inv.jm].created * 1000);
	frame_add(f, FRAME_TITLE,
		  /* what a narrow terminal cuts off last comes first */
		  "flink-cmd top  %s  Flink %s  autoscaler %s%s  up %s  %s", v->cluster,
		  st && st->flink_ok ? st->overview.flink_version : "?",
		  v->autoscale_on ? "on" : "off", v->paused ? "  [paused]" : "", up,
		  st && st->rest_url ? st->rest_url : "-");
	if (!cur)
		frame_add(f, FRAME_DIM, "gathering the cluster's state...");
	else if (!cur->ok)
		frame_add(f, FRAME_BAD, "data %s old; Engine: %s", age, cur->error);
	else if (!st->flink_ok)
		frame_add(f, FRAME_WARN, "data %s old; Flink: %s", age,
			  st->flink_error.msg);
	else
		frame_add(f, FRAME_DIM,
			  "data %s old; %d TaskManagers, %d of %d slots free", age,
			  st->overview.taskmanagers, st->overview.slots_available,
			  st->overview.slots_total);
	if (v->autoscale_on || v->autoscale[0])
		frame_add(f, FRAME_NORMAL, "autoscaler: %s",
			  v->autoscale[0] ? v->autoscale : "starting");
}

static const struct flink_taskmanager *tm_of(const struct top_snapshot *s,
					     const char *name)
{
	for (int i = 0; i < s->st.n_tms; i++)
		if (strcmp(s->st.tms[i].id, name) == 0)
			return &s->st.tms[i];
	return NULL;
}

/* Member i's row; bar_w is the slots bar's width. */
static void member_row(const struct top_panel_in *in, int i, int bar_w,
		       struct top_frame *f)
{
	const struct top_view *v = in->v;
	const struct cluster_member *c = &in->cur->st.inv.members[i];
	const struct flink_taskmanager *tm = tm_of(in->cur, c->name);
	char slots[96] = "", bar[64], used[16], limit[16], mem[48] = "", cpu[16] = "";
	if (tm) {
		bar_format(bar, sizeof(bar), (uint64_t)(tm->slots - tm->free_slots),
			   (uint64_t)tm->slots, bar_w, v->utf8);
		snprintf(slots, sizeof(slots), "%s %d/%d", bar,
			 tm->slots - tm->free_slots, tm->slots);
	} else if (c->role == MEMBER_TASKMANAGER) {
		snprintf(slots, sizeof(slots), "not registered");
	}
	const struct member_stats *s = &in->cur->stats[i];
	if (s->valid) {
		bar_size(used, sizeof(used), (uint64_t)s->mem_used);
		bar_size(limit, sizeof(limit), (uint64_t)s->mem_limit);
		snprintf(mem, sizeof(mem), "%s / %s", used, limit);
		snprintf(cpu, sizeof(cpu), "%.1f", s->cpu_percent);
	}
	bool sel = v->focus == 0 && v->sel_ct == i;
	enum frame_attr a = sel                          ? FRAME_SELECTED
			    : c->state != MEMBER_RUNNING ? FRAME_BAD
							 : FRAME_NORMAL;
	/* the header names the cluster: rows show the member ("taskmanager-2") */
	size_t pl = strlen(v->cluster);
	const char *member = strncmp(c->name, v->cluster, pl) == 0 && c->name[pl] == '-'
				     ? c->name + pl + 1
				     : c->name;
	frame_add(f, a, "%c%-25.25s %-8s %-*s %6s  %s", sel ? '>' : ' ', member,
		  c->state_text, bar_w + 6, slots, cpu, mem);
}

void top_panel_members(const struct top_panel_in *in, struct top_frame *f)
{
	const struct cluster_status *st = status_of(in);
	if (!st)
		return;
	int bar_w = f->cols >= 100 ? 16 : 10;
	frame_add(f, FRAME_HEADING, "%-26s %-8s %-*s %6s  %s", "MEMBER", "STATE",
		  bar_w + 6, "SLOTS", "CPU%", "MEMORY");
	for (int i = 0; i < st->inv.n_members; i++)
		member_row(in, i, bar_w, f);
}

/* Records per second of job i between the two snapshots' counters; -1 when
 * unknown. */
static double rate(const struct top_snapshot *prev, const struct top_snapshot *cur, int i,
		   bool in)
{
	if (!prev || !prev->ok)
		return -1;
	for (int j = 0; j < prev->st.n_jobs; j++) {
		if (!flink_id_equal(&prev->st.jobs[j].id, &cur->st.jobs[i].id))
			continue;
		const struct flink_job *was = &prev->details[j].detail,
				       *is = &cur->details[i].detail;
		double dt = (double)(cur->taken_ms - prev->taken_ms) / 1000.0;
		int64_t a = in ? flink_job_records_in(was) : flink_job_records_out(was);
		int64_t b = in ? flink_job_records_in(is) : flink_job_records_out(is);
		if (dt <= 0 || b < a || !was->id.hex[0] || !is->id.hex[0])
			return -1;
		return (double)(b - a) / dt;
	}
	return -1;
}

void top_panel_jobs(const struct top_panel_in *in, struct top_frame *f)
{
	const struct top_view *v = in->v;
	const struct cluster_status *st = status_of(in);
	if (!st)
		return;
	frame_add(f, FRAME_HEADING, "%-24s %-10s %3s %7s %9s %9s %8s", "JOB", "STATE",
		  "PAR", "UPTIME", "IN/s", "OUT/s", "PRESSURE");
	if (st->n_jobs == 0)
		frame_add(f, FRAME_DIM, " no jobs (flink-cmd run JAR --name %s)",
			  v->cluster);
	for (int i = 0; i < st->n_jobs; i++) {
		const struct flink_job *j = &st->jobs[i];
		char upt[16], rin[16] = "-", rout[16] = "-";
		ago(upt, sizeof(upt), j->duration);
		double ri = rate(in->prev, in->cur, i, true),
		       ro = rate(in->prev, in->cur, i, false);
		if (ri >= 0)
			snprintf(rin, sizeof(rin), "%.0f", ri);
		if (ro >= 0)
			snprintf(rout, sizeof(rout), "%.0f", ro);
		bool sel = v->focus == 1 && v->sel_job == i;
		enum frame_attr a = sel                             ? FRAME_SELECTED
				    : j->state == FLINK_JOB_RUNNING ? FRAME_GOOD
				    : j->state == FLINK_JOB_FAILED  ? FRAME_BAD
								    : FRAME_DIM;
		const struct top_job *d = &in->cur->details[i];
		frame_add(f, a, "%c%-23.23s %-10s %3d %7s %9s %9s %8s", sel ? '>' : ' ',
			  j->name, flink_job_state_name(j->state),
			  flink_job_parallelism(&d->detail), upt, rin, rout,
			  d->backpressure[0] ? d->backpressure : "-");
	}
}

/* The durations of the last 20 checkpoints, oldest on the left, as bars
 * scaled to the longest. */
static void sparkline(char *out, size_t n, const struct flink_checkpoint_stats *c,
		      bool utf8)
{
	static const char *blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = "_.-=+*#@";
	int shown = c->n_history < 20 ? c->n_history : 20;
	int64_t max = 1;
	for (int i = 0; i < shown; i++)
		if (c->history[i].duration > max)
			max = c->history[i].duration;
	size_t o = 0;
	out[0] = '\0';
	for (int i = shown - 1; i >= 0; i--) {
		int level = (int)(c->history[i].duration * 7 / max);
		if (level < 0)
			level = 0;
		if (level > 7)
			level = 7;
		const char *b = utf8 ? blocks[level] : (char[2]){ascii[level], 0};
		size_t bl = strlen(b);
		if (o + bl + 1 >= n)
			break;
		memcpy(out + o, b, bl);
		o += bl;
		out[o] = '\0';
	}
}

void top_panel_checkpoints(const struct top_panel_in *in, struct top_frame *f)
{
	const struct top_view *v = in->v;
	const char *job = status_of(in) ? top_view_job(v, in->cur) : NULL;
	const struct flink_checkpoint_stats *c =
		job ? top_snapshot_checkpoints(in->cur, job) : NULL;
	if (!c)
		return;
	char last[96] = "none yet", sz[16], spark[256];
	if (c->latest_id) {
		char when[16];
		bar_size(sz, sizeof(sz), (uint64_t)c->latest_size);
		ago(when, sizeof(when), in->now_ms - c->latest_ack);
		snprintf(last, sizeof(last), "#%lld %lldms %s %s ago",
			 (long long)c->latest_id, (long long)c->latest_duration, sz,
			 when);
	}
	sparkline(spark, sizeof(spark), c, v->utf8);
	frame_add(f, FRAME_HEADING, "CHECKPOINTS of %.24s",
		  in->cur->st.jobs[v->sel_job].name);
	frame_add(f, c->failed ? FRAME_WARN : FRAME_NORMAL,
		  " %lld completed  %lld failed  %lld in progress  last %s",
		  (long long)c->completed, (long long)c->failed,
		  (long long)c->in_progress, last);
	frame_add(f, FRAME_NORMAL, " durations %s", spark);
	if (c->failed_id)
		frame_add(f, FRAME_BAD, " last failure #%lld: %s",
			  (long long)c->failed_id,
			  c->failed_message ? c->failed_message : "no reason given");
}

void top_panel_bottom(const struct top_panel_in *in, struct top_frame *f)
{
	const struct top_view *v = in->v;
	frame_add(f, v->events[0][0] ? FRAME_WARN : FRAME_DIM, "event: %s",
		  v->events[0][0] ? v->events[0] : "none");
	if (v->mode == TOP_CONFIRM_CANCEL) {
		const char *job = top_view_job(v, in->cur);
		frame_add(f, FRAME_BAD, "cancel job %.24s? y/n", job ? job : "?");
	} else {
		frame_add(f, FRAME_NORMAL, "%s%s", v->busy ? "working... " : "",
			  v->message);
	}
	frame_add(f, FRAME_DIM,
		  "q quit  j/k move  tab panel  +/- scale  s savepoint  c cancel  l logs "
		  " ? "
		  "help");
}

/* Made from the key table, so a key and its line cannot drift apart. */
void top_panel_help(struct top_frame *f)
{
	frame_add(f, FRAME_TITLE, "flink-cmd top: keys");
	frame_add(f, FRAME_NORMAL, "%s", "");
	for (size_t i = 0; i < top_keys_count; i++)
		if (top_keys[i].name)
			frame_add(f, FRAME_NORMAL, "  %-14s %s", top_keys[i].name,
				  top_keys[i].help);
}

void top_panel_logs(const struct top_view *v, struct top_frame *f)
{
	frame_add(f, FRAME_TITLE, "logs of %s (following; up/down scroll, q back)",
		  v->logs_container);
	int body = f->rows - 1;
	const char *text = v->logs ? v->logs : "(waiting for the logs)";
	/* the last `body` lines, scrolled up by logs_scroll */
	int total = 0;
	for (const char *p = text; *p; p++)
		total += *p == '\n';
	if (text[0] && text[strlen(text) - 1] != '\n')
		total++;
	int first = total - body - v->logs_scroll;
	if (first < 0)
		first = 0;
	int line = 0;
	for (const char *p = text; *p && f->next < f->rows;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		if (line >= first)
			frame_add(f, FRAME_NORMAL, "%.*s", len, p);
		line++;
		p = nl ? nl + 1 : p + len;
	}
}
