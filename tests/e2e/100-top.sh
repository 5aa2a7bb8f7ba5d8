#!/usr/bin/env bash
# The dashboard against a real cluster running the stateful job: in scripted
# mode (keys from a file, the screen as text) and in a real terminal driven
# through tmux: slots, the job's state and a growing count of completed
# checkpoints appear; 'a' switches the autoscaler on and off and shows its
# newest step; '+' adds a TaskManager that then shows in the panel;
# 'q' leaves the terminal as it was (same stty settings, the shell's text
# back on screen).
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { echo "Bail out! tmux is missing (apt-get install tmux)"; exit 1; }
JAR="$E2E_ROOT/$("$E2E_ROOT/scripts/build-jobs.sh")"
name=$(cluster_name top)
url=$("$FC" up --name "$name" -n 1 --slots 2 "${SMALL[@]}" --image "$IMAGE" -q)
ok $? "the cluster is up"
"$FC" run "$JAR" --name "$name" --class io.flinkcmd.jobs.StatefulCounter \
	--param output=/flink-data/output/top --param name=top-counter --checkpoint-period-seconds 1 >/dev/null
ok $? "the stateful job runs"

keys=$(mktemp)
on_exit "rm -f $keys"
printf '\t' >"$keys"
run "$FC" top --name "$name" --script "$keys" --dump-after 1 --interval 1s
is "$RC" 0 "top --script runs" || diag "$ERR"
like "$OUT" " taskmanager-1 +running +.* 1/2" "scripted: the TaskManager's slots show as used/total"
like "$OUT" ">top-counter +RUNNING" "scripted: tab selects the job, shown RUNNING"
like "$OUT" "CHECKPOINTS of top-counter" "scripted: the selected job's checkpoints panel shows"
is "$(printf '%s\n' "$OUT" | wc -l)" 24 "scripted: the screen is 24 lines"
is "$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(sum(len(l.rstrip("\n")) > 80 for l in sys.stdin))')" 0 \
	"scripted: no line is wider than 80 columns"

# 'a' switches the autoscaler loop on: the header says so and the line under
# it shows the loop's newest step (on this default-scheduler cluster its
# first samples are still inside the stabilization period: it holds)
printf 'a' >"$keys"
run "$FC" top --name "$name" --script "$keys" --dump-after 3 --interval 1s --min 1 --max 2
is "$RC" 0 "top --script with 'a' runs" || diag "$ERR"
like "$(head -n 1 <<<"$OUT")" "autoscaler on" "scripted: 'a' switches the autoscaler on in the header"
like "$OUT" "autoscaler: (starting|hold|wait)" "scripted: the autoscaler's newest step shows under the header"
printf 'aa' >"$keys"
run "$FC" top --name "$name" --script "$keys" --dump-after 1 --interval 1s
like "$(head -n 1 <<<"$OUT")" "autoscaler off" "scripted: a second 'a' switches it off"
is "$(rest "$url" /overview | json 'd["taskmanagers"]')" 1 "the autoscaler in top changed nothing while it held"

session="fc-top-$$"
on_exit "tmux kill-session -t $session"
tmux new-session -d -s "$session" -x 80 -y 24 "bash --norc --noprofile"
tmux set-option -t "$session" remain-on-exit on >/dev/null
pane() { tmux capture-pane -p -t "$session"; }
tmux send-keys -t "$session" "stty -g > $keys.before; echo BEFORE-TOP" Enter
tmux send-keys -t "$session" "$FC top --name $name --interval 1s" Enter
shows() { pane | grep -qE "$1"; }
wait_for 60 shows "top-counter +RUNNING"
ok $? "tmux: the job shows RUNNING"
tmux send-keys -t "$session" Tab
wait_for 30 shows "[0-9]+ completed"
ok $? "tmux: the checkpoints panel shows completed checkpoints"
completed() { pane | grep -oE "[0-9]+ completed" | head -n1 | cut -d' ' -f1; }
c1=$(completed)
grown() { (($(completed) > c1)); }
wait_for 30 grown
ok $? "tmux: the count of completed checkpoints grows ($c1, then $(completed))"
like "$(pane)" " taskmanager-1 +running +.*1/2" "tmux: slots used/total show"

tmux send-keys -t "$session" "+"
wait_for 90 shows " taskmanager-2 +running +.*0/2"
ok $? "tmux: '+' adds a TaskManager that then shows in the panel"
is "$(rest "$url" /overview | json 'd["taskmanagers"]')" 2 "Flink has the new TaskManager"

tmux send-keys -t "$session" q
wait_for 10 shows "BEFORE-TOP"
ok $? "tmux: after q the shell's screen is back"
tmux send-keys -t "$session" "stty -g > $keys.after" Enter
wait_for 10 test -s "$keys.after"
is "$(cat "$keys.after")" "$(cat "$keys.before")" "tmux: the terminal settings are as before"
pane | grep -q "MEMBER"
ok $((!$?)) "tmux: no dashboard text is left on the screen"
rm -f "$keys.before" "$keys.after"
done_testing
