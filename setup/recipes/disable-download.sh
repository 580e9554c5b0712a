#!/usr/bin/env bash
# Recipe disable-download: Jupyter stops serving files for download.
# It sets ContentsManager.files_handler_class to null in ~/.jupyter/jupyter_server_config.json (other settings
# in that file are kept), which removes the server's /files/ route: JupyterLab's "Download" and every direct
# /files/ link answer 404. Jupyter reads the setting at start-up, so the recipe restarts the Jupyter server
# (`restart-jupyter-server`, Studio's command) when it changed the file.
# Not covered: the contents API (/api/contents), which the editor needs to open files, still returns them,
# and nbconvert's export ("Download as") still works.
# parameters: AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART
#   AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART  "true" (default): restart Jupyter after a change; "false": the
#                                            setting applies at the next start of the user's app.
set -euo pipefail

config="$HOME/.jupyter/jupyter_server_config.json"
result=$(python3 - "$config" <<'PY'
import json, os, sys
path = sys.argv[1]
try:
    with open(path) as f:
        config = json.load(f)
except FileNotFoundError:
    config = {}
manager = config.setdefault("ContentsManager", {})
if "files_handler_class" in manager and manager["files_handler_class"] is None:
    print("unchanged")
else:
    manager["files_handler_class"] = None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("changed")
PY
)

if [ "$result" = unchanged ]; then
  echo "disable-download: downloads already disabled in ~/.jupyter/jupyter_server_config.json"
  exit 0
fi

echo "disable-download: downloads disabled in ~/.jupyter/jupyter_server_config.json"
case "${AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART:-true}" in
  true)
    if command -v restart-jupyter-server > /dev/null; then
      echo "disable-download: restarting the Jupyter server to apply it"
      restart-jupyter-server
    else
      echo "disable-download: restart-jupyter-server is not available; the setting applies at the next start"
    fi
    ;;
  false) echo "disable-download: applies at the next start of the app (AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART=false)" ;;
  *)
    echo "disable-download: AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART is '${AUTO_INSTALLER_DISABLE_DOWNLOAD_RESTART}'; expected true or false" >&2
    exit 2
    ;;
esac
