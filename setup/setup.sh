#!/usr/bin/env bash
# The setup script run on each user's Jupyter server when the user starts it.
# Lines "# step: NAME" split it into steps; the lines above the first step run before each step.
# Each step runs in its own bash process; the first step that fails ends the run.
# Settings available to every step: AUTO_INSTALLER_RUN_ID, AUTO_INSTALLER_DOMAIN_ID,
# AUTO_INSTALLER_USER_PROFILE (a space's owner for a JupyterLab app), AUTO_INSTALLER_SPACE_NAME (empty for
# Studio Classic), AUTO_INSTALLER_APP_TYPE, AUTO_INSTALLER_APP_NAME, AUTO_INSTALLER_REGION.
set -euo pipefail

# step: describe the server
echo "Setting up ${AUTO_INSTALLER_USER_PROFILE}${AUTO_INSTALLER_SPACE_NAME:+ (space ${AUTO_INSTALLER_SPACE_NAME})} in ${AUTO_INSTALLER_DOMAIN_ID} (run ${AUTO_INSTALLER_RUN_ID})"
echo "host: $(hostname), user: $(id -un), home: ${HOME}"

# step: git defaults
if [ "$(git config --global --get init.defaultBranch || true)" != main ]; then
  git config --global init.defaultBranch main
  echo "git: default branch set to main"
else
  echo "git: default branch already main"
fi
