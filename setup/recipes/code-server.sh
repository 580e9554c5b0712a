#!/usr/bin/env bash
# Recipe code-server: VS Code in the browser next to Jupyter, reached through Studio's Jupyter proxy.
# Installs code-server from a release tarball into ~/.local/lib/code-server-VERSION (kept in the home, so later
# starts of the app only start it), links ~/.local/bin/code-server, and starts it detached on 127.0.0.1:PORT
# with --auth none (Studio already authenticated the user; the port is reachable only from the app itself).
# A download is checked against AUTO_INSTALLER_CODE_SERVER_SHA256 when that is set: one that differs installs nothing.
# It prints the path to open below the Jupyter server's base_url (from its jpserver-PID.json: /jupyter/default/ in
# Studio Classic, /jupyterlab/default/ in a JupyterLab app): BASE_URL/proxy/PORT/, the route jupyter-server-proxy
# gives every local port (for Classic, the whole URL on the domain's Studio host). When the Python running the
# Jupyter server has jupyter-server-proxy 4.0 or later, it also registers code-server there by name (a
# ServerProxy.servers entry without a command, for a process started ahead of time, in
# ~/.jupyter/jupyter_server_config.json, other settings kept): from the server's next start, BASE_URL/code-server/
# and a "VS Code" launcher tile. Older versions require a command in every
# entry and fail to load with one that has none, so they get no entry (an earlier one is removed). Without
# jupyter-server-proxy, Jupyter has no route to code-server: it runs, reachable only from inside the app.
# parameters: AUTO_INSTALLER_CODE_SERVER_VERSION AUTO_INSTALLER_CODE_SERVER_URL AUTO_INSTALLER_CODE_SERVER_SHA256 AUTO_INSTALLER_CODE_SERVER_PORT
#   AUTO_INSTALLER_CODE_SERVER_VERSION  the version (default 4.16.1).
#   AUTO_INSTALLER_CODE_SERVER_URL      the tarball (default: the project's GitHub release of that version for
#                                       linux-amd64); any URL curl fetches, e.g. an internal mirror, or s3://...
#                                       (fetched with the AWS CLI and the app's role).
#   AUTO_INSTALLER_CODE_SERVER_SHA256   the SHA-256 the tarball must have (default: unpinned).
#   AUTO_INSTALLER_CODE_SERVER_PORT     the local port (default 8080).
set -euo pipefail

version=${AUTO_INSTALLER_CODE_SERVER_VERSION:-4.16.1}
url=${AUTO_INSTALLER_CODE_SERVER_URL:-https://github.com/coder/code-server/releases/download/v$version/code-server-$version-linux-amd64.tar.gz}
pinned=${AUTO_INSTALLER_CODE_SERVER_SHA256:-}
port=${AUTO_INSTALLER_CODE_SERVER_PORT:-8080}
install_dir="$HOME/.local/lib/code-server-$version"
link="$HOME/.local/bin/code-server"
state="$HOME/.auto-installer/code-server"

if [ -n "$pinned" ] && ! [[ $pinned =~ ^[0-9a-fA-F]{64}$ ]]; then
  echo "code-server: AUTO_INSTALLER_CODE_SERVER_SHA256 is '$pinned'; expected 64 hexadecimal digits" >&2
  exit 2
fi
pinned=${pinned,,}

if [ -x "$install_dir/bin/code-server" ]; then
  echo "code-server: $version already installed in ~/.local/lib/code-server-$version"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "code-server: downloading $url"
  case "$url" in
    s3://*) aws s3 cp --only-show-errors "$url" "$work/code-server.tar.gz" ;;
    *) curl --fail --silent --show-error --location --output "$work/code-server.tar.gz" "$url" ;;
  esac
  got=$(sha256sum "$work/code-server.tar.gz")
  got=${got%% *}
  if [ -z "$pinned" ]; then
    echo "code-server: $url has SHA-256 $got (unpinned: set AUTO_INSTALLER_CODE_SERVER_SHA256 to pin it)"
  elif [ "$got" != "$pinned" ]; then
    echo "code-server: $url has SHA-256 $got, not $pinned (AUTO_INSTALLER_CODE_SERVER_SHA256): nothing installed" >&2
    exit 1
  else
    echo "code-server: $url matches AUTO_INSTALLER_CODE_SERVER_SHA256"
  fi
  mkdir -p "$work/unpacked" "$HOME/.local/lib"
  tar -xzf "$work/code-server.tar.gz" -C "$work/unpacked" --strip-components=1
  if [ ! -x "$work/unpacked/bin/code-server" ]; then
    echo "code-server: $url holds no bin/code-server below its top folder" >&2
    exit 1
  fi
  rm -rf "$install_dir"
  mv "$work/unpacked" "$install_dir"
  echo "code-server: $version installed in ~/.local/lib/code-server-$version"
fi

mkdir -p "$HOME/.local/bin" "$state"
if [ "$(readlink "$link" || true)" = "$install_dir/bin/code-server" ]; then
  echo "code-server: ~/.local/bin/code-server already points to $version"
else
  ln -sfn "$install_dir/bin/code-server" "$link"
  echo "code-server: ~/.local/bin/code-server now points to $version"
fi

pid=$(cat "$state/pid" 2> /dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null && [ "$(cat "$state/version" 2> /dev/null || true)" = "$version:$port" ]; then
  echo "code-server: already running (pid $pid) on 127.0.0.1:$port"
else
  if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
    kill "$pid"
    echo "code-server: stopped the earlier one (pid $pid)"
  fi
  setsid nohup "$link" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry "$HOME" \
    >> "$state/code-server.log" 2>&1 < /dev/null &
  echo "$!" > "$state/pid"
  echo "$version:$port" > "$state/version"
  echo "code-server: started (pid $!) on 127.0.0.1:$port; log in ~/.auto-installer/code-server/code-server.log"
fi
# Running is not enough: it must accept connections on its port (within 60 s of a start).
pid=$(cat "$state/pid")
for ((waited = 0; ; waited++)); do
  if ! kill -0 "$pid" 2> /dev/null; then
    echo "code-server: it exited (pid $pid): $(tail -n 1 "$state/code-server.log" 2> /dev/null || true)" >&2
    exit 1
  fi
  if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    break
  fi
  if ((waited >= 120)); then
    echo "code-server: it runs (pid $pid) but 127.0.0.1:$port accepts no connection after 60 s: $(tail -n 1 "$state/code-server.log" 2> /dev/null || true)" >&2
    exit 1
  fi
  sleep 0.5
done
echo "code-server: answers on 127.0.0.1:$port"

# The Jupyter server: the newest live jpserver-PID.json of Jupyter's runtime directory names its process, whose Python
# is printed (argv[0] keeps a virtual environment's own path; its python is a link to the base interpreter), and its
# base_url.
server=$(
  python3 - << 'PY'
import glob, json, os
data = os.environ.get("JUPYTER_DATA_DIR") or os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "jupyter")
runtime = os.environ.get("JUPYTER_RUNTIME_DIR") or os.path.join(data, "runtime")
live = []
for path in glob.glob(os.path.join(runtime, "jpserver-*.json")):
    try:
        with open(path) as f:
            pid = json.load(f)["pid"]
        exe = os.path.realpath(f"/proc/{pid}/exe")
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode()
    except (OSError, ValueError, KeyError):
        continue
    with open(path) as f:
        base_url = json.load(f)["base_url"]
    live.append((os.path.getmtime(path), argv0 if os.path.isabs(argv0) and os.path.realpath(argv0) == exe else exe, base_url))
if live:
    print(max(live)[1])
    print(max(live)[2])
PY
)
{ read -r server_python; read -r base_url; } <<< "$server"

# Sets (entry PORT) or removes (no-entry) the ServerProxy.servers entry "code-server" without a command, keeping
# everything else; prints what it did: registered, unchanged, removed or none.
proxy_entry() {
  python3 - "$HOME/.jupyter/jupyter_server_config.json" "$@" << 'PY'
import json, os, sys
path, action = sys.argv[1], sys.argv[2]
try:
    with open(path) as f:
        config = json.load(f)
except FileNotFoundError:
    config = {}
servers = config.get("ServerProxy", {}).get("servers", {})
current = servers.get("code-server")
if action == "entry":
    wanted = {"port": int(sys.argv[3]), "launcher_entry": {"title": "VS Code"}}
    if current == wanted:
        print("unchanged")
        sys.exit()
    config.setdefault("ServerProxy", {}).setdefault("servers", {})["code-server"] = wanted
    done = "registered"
elif current is not None and "command" not in current:
    del servers["code-server"]
    if not servers:
        del config["ServerProxy"]["servers"]
    if not config["ServerProxy"]:
        del config["ServerProxy"]
    done = "removed"
else:
    print("none")
    sys.exit()
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path + ".tmp", "w") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
os.replace(path + ".tmp", path)
print(done)
PY
}

if [ -z "$server_python" ]; then
  echo "code-server: found no running Jupyter server (jpserver-*.json); jupyter-server-proxy not checked"
else
  proxy_version=$("$server_python" -c 'import importlib.metadata as m
try:
    import jupyter_server_proxy
    print(m.version("jupyter-server-proxy"))
except ImportError:
    pass')
  if [ -z "$proxy_version" ]; then
    echo "code-server: jupyter-server-proxy is not installed for $server_python (the Jupyter server's Python): Jupyter has no route to code-server, so the URL below answers 404 until the image has it"
  elif [ "${proxy_version%%.*}" -ge 4 ]; then
    case "$(proxy_entry entry "$port")" in
      unchanged) echo "code-server: already registered with jupyter-server-proxy $proxy_version as ${base_url}code-server/" ;;
      *) echo "code-server: registered with jupyter-server-proxy $proxy_version as ${base_url}code-server/ in ~/.jupyter/jupyter_server_config.json, from the Jupyter server's next start" ;;
    esac
  else
    if [ "$(proxy_entry no-entry)" = removed ]; then
      echo "code-server: removed the entry without a command from ~/.jupyter/jupyter_server_config.json"
    fi
    echo "code-server: jupyter-server-proxy $proxy_version serves /proxy/$port/; a named route for a running process needs 4.0 or later"
  fi
fi

if [ -z "$server_python" ]; then
  echo "code-server: with no Jupyter server found, its base URL is unknown: open BASE_URL/proxy/$port/ once it runs"
elif [ -n "${AUTO_INSTALLER_SPACE_NAME:-}" ]; then
  echo "code-server: open ${base_url}proxy/$port/ on the space's Studio host (where its JupyterLab is)"
elif [ -n "${AUTO_INSTALLER_DOMAIN_ID:-}" ] && [ -n "${AUTO_INSTALLER_REGION:-}" ]; then
  echo "code-server: open https://$AUTO_INSTALLER_DOMAIN_ID.studio.$AUTO_INSTALLER_REGION.sagemaker.aws${base_url}proxy/$port/"
else
  echo "code-server: open ${base_url}proxy/$port/ on the Jupyter server's host"
fi
