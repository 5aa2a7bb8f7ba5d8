/* Progress of cluster operations as the CLI shows it. */
#include "cli/observer.h"

#include <stdio.h>

static void close_line(struct cli_observer *o)
{
	if (o->line_open) {
		fputs("\r\033[K", stderr);
		o->line_open = false;
	}
}

static void on_note(void *arg, const char *msg)
{
	struct cli_observer *o = arg;
	if (o->quiet)
		return;
	close_line(o);
	fprintf(stderr, "%s\n", msg);
}

static void on_waiting(void *arg, int tms, int want_tms, int slots, int want_slots)
{
	struct cli_observer *o = arg;
	if (o->quiet)
		return;
	if (o->tty) {
		fprintf(stderr,
			"\r\033[Kwaiting for Flink: %d of %d TaskManagers registered, "
			"%d of %d slots",
			tms, want_tms, slots, want_slots);
		o->line_open = true;
	} else {
		fprintf(stderr,
			"waiting for Flink: %d of %d TaskManagers registered, %d of %d "
			"slots\n",
			tms, want_tms, slots, want_slots);
	}
	fflush(stderr);
}

void cli_observer_init(struct cli_observer *o, bool tty, bool quiet)
{
	o->obs.note = on_note;
	o->obs.waiting = on_waiting;
	o->obs.arg = o;
	o->tty = tty;
	o->quiet = quiet;
	o->line_open = false;
}

void cli_observer_finish(struct cli_observer *o)
{
	close_line(o);
	fflush(stderr);
}
