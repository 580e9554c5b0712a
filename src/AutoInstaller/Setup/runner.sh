#!/usr/bin/env bash
# Runs the steps of one setup run, detached from any terminal, and records progress in run.log.
# Usage: runner.sh RUN_DIR
# RUN_DIR holds run.env (exported settings) and steps/NN.sh with steps/NN.name, NN = 01, 02, ...
# Every marker line in run.log starts with "@@auto-installer:" and stands on a line of its own: the log starts
# empty, every marker ends with a newline, and the step-end marker, which follows what the step printed, starts
# with one (leaving a blank line when the output ended with a newline). A step's end and the next step's start
# are written together: one write per step. The first failing step ends the run; the file status comes last, so
# when it exists run.log is complete.
set -u
run_dir=$1
log="$run_dir/run.log"

# Milliseconds since the epoch into $ms: bash 5 has the clock built in (no fork per marker); older bash
# (Studio's images have 4.2) asks date.
if [ -n "${EPOCHREALTIME:-}" ]; then
  stamp() { local t=${EPOCHREALTIME/[.,]/}; ms=${t:0:${#t}-3}; }
else
  stamp() { ms=$(date +%s%3N); }
fi

cd "$HOME" || exit 1
# shellcheck source=/dev/null
. "$run_dir/run.env"
echo "$$" > "$run_dir/runner.pid"
stamp
ended="@@auto-installer:run-start $ms"$'\n'
status=0
for step in "$run_dir"/steps/*.sh; do
  index=${step##*/}
  index=${index%.sh}
  IFS= read -r name < "$run_dir/steps/$index.name" || true
  stamp
  printf '%s@@auto-installer:step-start %s %s\n' "$ended" "$index" "$ms" >> "$log"
  AUTO_INSTALLER_STEP=$name bash "$step" < /dev/null >> "$log" 2>&1
  code=$?
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
