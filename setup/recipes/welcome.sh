#!/usr/bin/env bash
# Recipe welcome: copies the starter files of setup/welcome/ into the user's home once, never overwriting.
# files: welcome
# The function embeds the files of setup/welcome/ in the step as AUTO_INSTALLER_RECIPE_FILES (lines "NAME BASE64").
# ~/.auto-installer/welcome.done lists each name already handled: a file the user changed or deleted later
# is left as it is, and a file of the same name that was already there is never replaced.
# parameters: AUTO_INSTALLER_WELCOME_TARGET
#   AUTO_INSTALLER_WELCOME_TARGET  directory under the home to copy into (default: the home itself).
set -euo pipefail

target="$HOME/${AUTO_INSTALLER_WELCOME_TARGET:-}"
done_list="$HOME/.auto-installer/welcome.done"
mkdir -p "$HOME/.auto-installer" "$target"
touch "$done_list"

copied=0
handled=0
while read -r name data; do
  [ -n "$name" ] || continue
  if grep -qxF -- "$name" "$done_list"; then
    handled=$((handled + 1))
  elif [ -e "$target/$name" ]; then
    echo "welcome: $name exists already; not overwritten"
    echo "$name" >> "$done_list"
  else
    printf '%s' "$data" | base64 -d > "$target/$name.auto-installer-tmp"
    mv "$target/$name.auto-installer-tmp" "$target/$name"
    echo "$name" >> "$done_list"
    echo "welcome: copied $name"
    copied=$((copied + 1))
  fi
done <<< "${AUTO_INSTALLER_RECIPE_FILES:-}"

if [ "$copied" -eq 0 ] && [ "$handled" -gt 0 ]; then
  echo "welcome: already done ($handled starter files copied before)"
elif [ "$copied" -eq 0 ] && [ "$handled" -eq 0 ] && [ -z "${AUTO_INSTALLER_RECIPE_FILES:-}" ]; then
  echo "welcome: no starter files to copy"
fi
