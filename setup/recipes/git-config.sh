#!/usr/bin/env bash
# Recipe git-config: the user's global git identity, default branch and the CodeCommit credential helper.
# parameters: AUTO_INSTALLER_GIT_USER_NAME AUTO_INSTALLER_GIT_USER_EMAIL AUTO_INSTALLER_GIT_DEFAULT_BRANCH AUTO_INSTALLER_GIT_CODECOMMIT
#   AUTO_INSTALLER_GIT_USER_NAME      user.name; set as given. Unset: the user profile name, only if user.name is not set yet.
#   AUTO_INSTALLER_GIT_USER_EMAIL     user.email; set as given, with {user} replaced by the user profile name
#                                     (e.g. {user}@example.com). Unset: user.email is left alone.
#   AUTO_INSTALLER_GIT_DEFAULT_BRANCH init.defaultBranch (default: main).
#   AUTO_INSTALLER_GIT_CODECOMMIT     "true" (default): CodeCommit HTTPS URLs of the region use
#                                     `aws codecommit credential-helper`; "false": left alone.
set -euo pipefail

# Sets a global git setting unless it already has this value; says which.
git_set() {
  local key=$1 value=$2 current
  current=$(git config --global --get "$key" || true)
  if [ "$current" = "$value" ]; then
    echo "git-config: $key already '$value'"
  else
    git config --global "$key" "$value"
    echo "git-config: $key set to '$value'"
  fi
}

if [ -n "${AUTO_INSTALLER_GIT_USER_NAME:-}" ]; then
  git_set user.name "$AUTO_INSTALLER_GIT_USER_NAME"
elif [ -n "$(git config --global --get user.name || true)" ]; then
  echo "git-config: user.name already '$(git config --global --get user.name)' (kept)"
else
  git_set user.name "${AUTO_INSTALLER_USER_PROFILE:?the user profile name is not known}"
fi

if [ -n "${AUTO_INSTALLER_GIT_USER_EMAIL:-}" ]; then
  git_set user.email "${AUTO_INSTALLER_GIT_USER_EMAIL//\{user\}/${AUTO_INSTALLER_USER_PROFILE:-}}"
fi

git_set init.defaultBranch "${AUTO_INSTALLER_GIT_DEFAULT_BRANCH:-main}"

case "${AUTO_INSTALLER_GIT_CODECOMMIT:-true}" in
  true)
    codecommit="https://git-codecommit.${AUTO_INSTALLER_REGION:?the region is not known}.amazonaws.com"
    # The leading "!" runs the value as a shell command; $@ is git's argument, not this script's.
    # shellcheck disable=SC2016
    git_set "credential.$codecommit.helper" '!aws codecommit credential-helper $@'
    git_set "credential.$codecommit.UseHttpPath" true
    ;;
  false) echo "git-config: CodeCommit credential helper not configured (AUTO_INSTALLER_GIT_CODECOMMIT=false)" ;;
  *)
    echo "git-config: AUTO_INSTALLER_GIT_CODECOMMIT is '${AUTO_INSTALLER_GIT_CODECOMMIT}'; expected true or false" >&2
    exit 2
    ;;
esac
