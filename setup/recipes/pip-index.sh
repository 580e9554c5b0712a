#!/usr/bin/env bash
# Recipe pip-index: pip (and optionally conda) install from a private index, e.g. a CodeArtifact repository.
# parameters: AUTO_INSTALLER_PIP_INDEX_URL AUTO_INSTALLER_PIP_TRUSTED_HOST AUTO_INSTALLER_PIP_CONDA_CHANNEL
#   AUTO_INSTALLER_PIP_INDEX_URL     required: the index, written as [global] index-url in ~/.config/pip/pip.conf
#                                    (other settings and comments in that file are kept).
#   AUTO_INSTALLER_PIP_TRUSTED_HOST  optional: [global] trusted-host (a host served without valid TLS).
#   AUTO_INSTALLER_PIP_CONDA_CHANNEL optional: the only conda channel, written to ~/.condarc (an earlier
#                                    ~/.condarc not written by this recipe is kept as ~/.condarc.before-auto-installer).
set -euo pipefail

index_url=${AUTO_INSTALLER_PIP_INDEX_URL:?AUTO_INSTALLER_PIP_INDEX_URL is not set: the pip-index recipe needs the index URL}

# Sets [global] keys in pip.conf, editing the file line by line so that every other line (other settings, sections,
# comments) stays as it was: a key's line (and its continuation lines) is replaced where it stands, a missing key
# goes at the end of [global], a missing [global] at the end of the file. Keys match as pip matches them (case and
# "_" versus "-" aside). Prints "changed" or "unchanged".
result=$(python3 - "$HOME/.config/pip/pip.conf" "index-url=$index_url" ${AUTO_INSTALLER_PIP_TRUSTED_HOST:+"trusted-host=$AUTO_INSTALLER_PIP_TRUSTED_HOST"} <<'PY'
import os, re, sys
path, pairs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
try:
    with open(path) as f:
        lines = f.read().splitlines()
except FileNotFoundError:
    lines = []
section = re.compile(r"^\s*\[(.*)\]\s*$")
setting = re.compile(r"^([^\s#;][^=:]*?)\s*[=:]\s*(.*?)\s*$")


def global_section():
    start = None
    for index, line in enumerate(lines):
        match = section.match(line)
        if match and start is not None:
            return start, index
        if match and match.group(1).strip() == "global":
            start = index
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines.append("[global]")
        return len(lines) - 1, len(lines)
    return start, len(lines)


changed = False
for key, value in pairs:
    start, end = global_section()
    for index in range(start + 1, end):
        match = setting.match(lines[index])
        if match and match.group(1).strip().lower().replace("_", "-") == key:
            following = index + 1
            while following < end and lines[following][:1] in (" ", "\t") and lines[following].strip():
                following += 1
            if following > index + 1 or match.group(2) != value:
                lines[index:following] = [f"{key} = {value}"]
                changed = True
            break
    else:
        last = end
        while last > start + 1 and not lines[last - 1].strip():
            last -= 1
        lines.insert(last, f"{key} = {value}")
        changed = True
if changed:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
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
