#!/usr/bin/env bash
# Recipe pip-index: pip (and optionally conda) install from a private index, e.g. a CodeArtifact repository.
# parameters: AUTO_INSTALLER_PIP_INDEX_URL AUTO_INSTALLER_PIP_TRUSTED_HOST AUTO_INSTALLER_PIP_CONDA_CHANNEL
#   AUTO_INSTALLER_PIP_INDEX_URL     required: the index, written as [global] index-url in ~/.config/pip/pip.conf
#                                    (other settings in that file are kept).
#   AUTO_INSTALLER_PIP_TRUSTED_HOST  optional: [global] trusted-host (a host served without valid TLS).
#   AUTO_INSTALLER_PIP_CONDA_CHANNEL optional: the only conda channel, written to ~/.condarc (an earlier
#                                    ~/.condarc not written by this recipe is kept as ~/.condarc.before-auto-installer).
set -euo pipefail

index_url=${AUTO_INSTALLER_PIP_INDEX_URL:?AUTO_INSTALLER_PIP_INDEX_URL is not set: the pip-index recipe needs the index URL}

# Sets [global] keys in pip.conf, keeping everything else; prints "changed" or "unchanged".
result=$(python3 - "$HOME/.config/pip/pip.conf" "index-url=$index_url" ${AUTO_INSTALLER_PIP_TRUSTED_HOST:+"trusted-host=$AUTO_INSTALLER_PIP_TRUSTED_HOST"} <<'PY'
import configparser, os, sys
path, pairs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
config = configparser.ConfigParser(interpolation=None)
config.read(path)
if not config.has_section("global"):
    config.add_section("global")
changed = False
for key, value in pairs:
    if config.get("global", key, fallback=None) != value:
        config.set("global", key, value)
        changed = True
if changed:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        config.write(f)
    os.replace(path + ".tmp", path)
print("changed" if changed else "unchanged")
PY
)
if [ "$result" = changed ]; then
  echo "pip-index: ~/.config/pip/pip.conf now uses $index_url"
else
  echo "pip-index: ~/.config/pip/pip.conf already uses $index_url"
fi

if [ -n "${AUTO_INSTALLER_PIP_CONDA_CHANNEL:-}" ]; then
  header="# Written by Studio Auto-Installer (recipe pip-index)."
  wanted=$(printf '%s\nchannels:\n  - %s\n' "$header" "$AUTO_INSTALLER_PIP_CONDA_CHANNEL")
  if [ -f "$HOME/.condarc" ] && [ "$(cat "$HOME/.condarc")" = "$wanted" ]; then
    echo "pip-index: ~/.condarc already uses $AUTO_INSTALLER_PIP_CONDA_CHANNEL"
  else
    if [ -f "$HOME/.condarc" ] && [ "$(head -n 1 "$HOME/.condarc")" != "$header" ]; then
      mv "$HOME/.condarc" "$HOME/.condarc.before-auto-installer"
      echo "pip-index: the earlier ~/.condarc is kept as ~/.condarc.before-auto-installer"
    fi
    printf '%s\n' "$wanted" > "$HOME/.condarc"
    echo "pip-index: ~/.condarc now uses $AUTO_INSTALLER_PIP_CONDA_CHANNEL"
  fi
fi
