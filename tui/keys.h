/* The dashboard's keys, as one table (tmux's key tables, htop's reactions):
 * each row names its keys, the modes it applies in, the handler that turns
 * a key into a change of the view or an ask of the collector, and its line
 * on the help screen, which is made from this table. Handling a key is a
 * look-up in it, plus what each mode does with a key it does not list.
 * No terminal: tests press keys and read the view. */
#ifndef FC_TUI_KEYS_H
#define FC_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "autoscale/autoscaler.h"
#include "tui/collector.h"
#include "tui/view.h"

/* What a key asks of the loop, or-ed. */
enum top_react { REACT_NONE = 0, REACT_REDRAW = 1, REACT_QUIT = 2 };

/* What keys ask of the collector: its functions of the same names
 * (tui/collector.h), with ctx in place of the collector. top.c points it
 * at the collector; tests record the asks. */
struct top_control {
	void *ctx;
	bool (*act)(void *ctx, enum top_action_kind kind, int arg, const char *target);
	void (*pause)(void *ctx, bool paused);
	void (*poke)(void *ctx);
	bool (*autoscale)(void *ctx, bool on, const struct autoscale_opts *o);
};

/* What a handler works on; all borrowed. */
struct top_keys_in {
	struct top_view *v;                     /* the keys change it */
	const struct top_snapshot *cur;         /* the newest snapshot, or NULL */
	const struct autoscale_opts *autoscale; /* what `a` switches on */
	const struct top_control *ctl;
};

/* A row's modes: TOP_MODE(TOP_MAIN) | TOP_MODE(TOP_LOGS) ... */
#define TOP_MODE(m) (1u << (m))

struct top_key {
	int keys[4];    /* characters or ncurses KEY_* codes; 0 ends the list early */
	unsigned modes; /* where the row applies */
	int (*fn)(const struct top_keys_in *in, int key); /* returns enum top_react */
	const char *name; /* the keys as the help screen names them; NULL: not listed */
	const char *help; /* what they do, for the help screen */
};

/* The table, top_keys_count rows; the help screen lists the rows that have
 * a name, in this order. */
extern const struct top_key top_keys[];
extern const size_t top_keys_count;

/* The row of key in mode, or NULL. */
const struct top_key *top_keys_find(enum top_mode mode, int key);

/* One key: its row's handler, or what the mode does with a key the table
 * does not list (the cancel question takes it as no, the help screen as
 * leaving; the main screen ignores it). Returns enum top_react flags. */
int top_keys_handle(const struct top_keys_in *in, int key);

#endif
