#!/usr/bin/env bash
# Runs the steps of one setup run, detached from any terminal, and records progress in run.log.
# Usage: runner.sh RUN_DIR
# RUN_DIR holds run.env (exported settings) and steps/NN.sh with steps/NN.name, NN = 01, 02, ...
# Every marker line in run.log starts with "@@auto-installer:" and is preceded by a newline, so it stands on
# a line of its own whatever the step printed last. The first failing step ends the run.
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
mark() { printf '\n@@auto-installer:%s\n' "$*" >> "$log"; }

cd "$HOME" || exit 1
# shellcheck source=/dev/null
. "$run_dir/run.env"
echo "$$" > "$run_dir/runner.pid"
stamp
mark "run-start $ms"
status=0
for step in "$run_dir"/steps/*.sh; do
  index=${step##*/}
  index=${index%.sh}
  IFS= read -r name < "$run_dir/steps/$index.name" || true
  stamp
  mark "step-start $index $ms"
  AUTO_INSTALLER_STEP=$name bash "$step" < /dev/null >> "$log" 2>&1
  code=$?
  stamp
  mark "step-end $index $code $ms"
  if [ "$code" -ne 0 ]; then
    status=$code
    break
  fi
done
echo "$status" > "$run_dir/status"
stamp
mark "run-end $status $ms"
