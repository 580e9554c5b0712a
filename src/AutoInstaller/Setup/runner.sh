#!/usr/bin/env bash
# Claims one setup run and runs its steps, in a session of its own, recording progress in run.log.
# Usage: runner.sh STAGING RUN_DIR ANSWER
# The claim command starts the runner with setsid and waits for ANSWER. Only once in its own session (where a
# deleted terminal cannot end it) does the runner claim the run: it records its pid and start time in
# STAGING/runner.pid and renames STAGING to RUN_DIR, one rename(2) that succeeds for exactly one of any concurrent
# deliveries. A run directory therefore always has a runner that no terminal can end, and runner.pid.
# ANSWER (written whole, by a rename) is "started" or "exists".
# STAGING holds run.env (exported settings) and steps/NNN.sh with steps/NNN.name, NNN = 001, 002, ... in order.
# run.log holds marker lines, written by the runner alone, and the steps' output with every line framed: it starts
# with "|", and a carriage return or backspace, which would move a terminal's cursor back over the frame, is
# taken out (what follows the last carriage return of a line is kept). So no step output can read as a marker.
# Markers start with "@@auto-installer:" and stand on lines of their own: the step-end marker starts with a line
# break (leaving a blank line when the output ended with one). The first failing step ends the run; the file
# status comes last, so when it exists run.log is complete.
set -u
staging=$1
run_dir=$2
answer=$3

reply() {
  printf '%s\n' "$1" > "$answer.tmp" && command -p mv -f -- "$answer.tmp" "$answer"
}

# Milliseconds since the epoch into $ms: bash 5 has the clock built in (no fork per marker); older bash
# (Studio's images have 4.2) asks date.
if [ -n "${EPOCHREALTIME:-}" ]; then
  stamp() { local t=${EPOCHREALTIME/[.,]/}; ms=${t:0:${#t}-3}; }
else
  stamp() { ms=$(command -p date +%s%3N); }
fi

# Field 22 of /proc/PID/stat, the start time: with the pid it names this process even after the pid is reused.
read -r stat < "/proc/$$/stat"
stat=${stat##*) }
set -f
# shellcheck disable=SC2086
set -- $stat
set +f
echo "$$ ${20}" > "$staging/runner.pid"
if ! command -p mv -T -- "$staging" "$run_dir" 2>/dev/null; then
  command -p rm -rf -- "$staging"
  reply exists
  exit 0
fi
reply started

frame() { LC_ALL=C command -p sed -u -e 's/^.*\r\(.\)/\1/' -e 's/\x08//g' -e 's/^/|/'; }

cd "$HOME" || exit 1
log="$run_dir/run.log"
# shellcheck source=/dev/null
. "$run_dir/run.env"
stamp
ended="@@auto-installer:run-start $ms"$'\n'
status=0
for ((i = 1; ; i++)); do
  printf -v index '%03d' "$i"
  [ -f "$run_dir/steps/$index.sh" ] || break
  IFS= read -r name < "$run_dir/steps/$index.name" || true
  stamp
  printf '%s@@auto-installer:step-start %s %s\n' "$ended" "$index" "$ms" >> "$log"
  AUTO_INSTALLER_STEP=$name "$BASH" "$run_dir/steps/$index.sh" < /dev/null 2>&1 | frame >> "$log"
  code=${PIPESTATUS[0]}
  stamp
  printf -v ended '\n@@auto-installer:step-end %s %s %s\n' "$index" "$code" "$ms"
  if [ "$code" -ne 0 ]; then
    status=$code
    break
  fi
done
stamp
printf '%s@@auto-installer:run-end %s %s\n' "$ended" "$status" "$ms" >> "$log"
echo "$status" > "$run_dir/status"
