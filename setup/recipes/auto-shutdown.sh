#!/usr/bin/env bash
# Recipe auto-shutdown: stops idle apps.
# In a Studio Classic app (JupyterServer) it installs SageMaker Studio's auto-shutdown server extension (Python
# package sagemaker_studio_autoshutdown), which shuts down idle kernels, image terminals and KernelGateway apps.
# It finds the Jupyter server it runs under (the jpserver-PID.json files of Jupyter's runtime directory, as
# `jupyter server list` does) and the Python that runs it. When that Python lacks this version of the package,
# it downloads the package (checked against AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256 when set) and installs it there
# with pip (no dependencies, no build isolation, no index: nothing else is fetched); a Python whose environment is
# externally managed (PEP 668, e.g. a distribution's /usr/bin/python3) gets it in the user's site-packages instead.
# Before enabling it, it imports the package in that Python (the extension needs classic Notebook 6) and names
# what is missing. When the running server has not loaded the extension, it enables it for the user
# (jupyter_server's `server extension enable --user`), restarts the server with `restart-jupyter-server` and waits
# until the new server answers with the extension loaded. Then it sets the idle timeout through the extension's API
# (POST BASE_URL/sagemaker-studio-autoshutdown/idle_checker), which also starts its idle checks; it does so on every
# run, as the extension keeps the setting only in memory.
# In a JupyterLab app of new Studio, where that extension does not apply, it runs an idle checker instead
# (~/.auto-installer/auto-shutdown/): a process of its own, detached from Jupyter (so a Jupyter restart does not
# stop it), that reads the Jupyter server's kernels, terminals, sessions and start time every minute and, after
# the idle time, calls SageMaker's DeleteApp for its own app with the app's role (the AWS CLI). Every run starts it
# when it is not running with the current settings, and leaves it alone when it is.
# parameters: AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION AUTO_INSTALLER_AUTO_SHUTDOWN_URL AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256 AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON
#   AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES    idle time in minutes before an app is shut down (default 120).
#   AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS  "true": open terminals keep an app running; "false" (default): not.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION         the package version (default 0.1.5). Classic only.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_URL             the package, an sdist tarball or a wheel (default: that version's
#                                                tarball in the extension's GitHub repository, which builds only on
#                                                Python 3.9 and earlier); any URL curl fetches, e.g. an internal
#                                                mirror, or s3://... (fetched with the AWS CLI and the app's role)
#                                                for VpcOnly domains. Classic only.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256          the SHA-256 the download must have (default: unpinned). Classic only.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON          the Python to install into (default: the one running the server).
#                                                Classic only.
# Local tests only: AUTO_INSTALLER_AUTO_SHUTDOWN_SAGEMAKER_ENDPOINT sends the idle checker's DeleteApp to another
# SageMaker endpoint (not a parameter: the function never sets it).
set -euo pipefail

version=${AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION:-0.1.5}
url=${AUTO_INSTALLER_AUTO_SHUTDOWN_URL:-https://github.com/aws-samples/sagemaker-studio-auto-shutdown-extension/raw/main/sagemaker_studio_autoshutdown-$version.tar.gz}
pinned=${AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256:-}
minutes=${AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES:-120}
keep_terminals=${AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS:-false}
package=sagemaker_studio_autoshutdown
state="$HOME/.auto-installer/auto-shutdown"
restart_wait_seconds=300
check_interval_seconds=60

if ! [[ $minutes =~ ^[1-9][0-9]{0,5}$ ]]; then
  echo "auto-shutdown: AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES is '$minutes'; expected whole minutes from 1 to 999999" >&2
  exit 2
fi
case "$keep_terminals" in
  true | false) ;;
  *)
    echo "auto-shutdown: AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS is '$keep_terminals'; expected true or false" >&2
    exit 2
    ;;
esac
if [ -n "$pinned" ] && ! [[ $pinned =~ ^[0-9a-fA-F]{64}$ ]]; then
  echo "auto-shutdown: AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256 is '$pinned'; expected 64 hexadecimal digits" >&2
  exit 2
fi
pinned=${pinned,,}

# The Jupyter side, in Python's standard library only (also the idle checker's program):
#   find [OLD_PID [WAIT]]  prints the server's pid, its Python, whether the extension answers (loaded or absent) and
#                          its base_url; with OLD_PID, waits until another server than that one answers.
#   set PID MINUTES KEEP   posts the idle timeout to that server (with the _xsrf cookie echoed as X-XSRFToken) and
#                          reads it back.
#   status CONFIG          what the idle checker sees now (one line), deleting nothing.
#   check CONFIG [TIME]    one check of the idle checker as of TIME (seconds since the epoch; default now): calls
#                          DeleteApp when the app is idle then (exit 0), else exits 3.
#   run CONFIG INTERVAL    the idle checker: a check every INTERVAL seconds until DeleteApp is accepted.
auto_shutdown_py=$(
  cat << 'PY'
import glob, http.client, json, os, socket, subprocess, sys, time
from datetime import datetime, timezone
from http.cookies import SimpleCookie

ROUTE = "sagemaker-studio-autoshutdown/idle_checker"
# Studio delivers what an app writes here to its CloudWatch logs.
APP_LOG = "/var/log/apps/app_container.log"


def fail(message):
    raise SystemExit("auto-shutdown: " + message)


def runtime_dir():
    # Where jupyter_core keeps runtime files on Linux.
    if os.environ.get("JUPYTER_RUNTIME_DIR"):
        return os.environ["JUPYTER_RUNTIME_DIR"]
    data = os.environ.get("JUPYTER_DATA_DIR") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "jupyter")
    return os.path.join(data, "runtime")


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


class Server:
    def __init__(self, info):
        self.info = info
        self.pid = info["pid"]
        self.base = info["base_url"]

    def request(self, method, path, body=None, headers=None):
        if self.info.get("sock"):
            connection = UnixConnection(self.info["sock"])
        elif self.info.get("secure"):
            fail(f"the Jupyter server (pid {self.pid}) serves https; this recipe talks plain http, as Studio's server does")
        else:
            connection = http.client.HTTPConnection(self.info.get("hostname") or "localhost", self.info["port"], timeout=10)
        headers = dict(headers or {})
        if self.info.get("token"):
            headers["Authorization"] = "token " + self.info["token"]
        try:
            connection.request(method, self.base + path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheader("Location"), response.msg.get_all("Set-Cookie") or [], response.read()
        finally:
            connection.close()

    def answers(self):
        try:
            return self.request("GET", "api/status?no_track_activity=1")[0] == 200
        except OSError:
            return False

    def loaded(self):
        return self.request("GET", ROUTE)[0] == 200

    def python(self):
        # argv[0] keeps a virtual environment's own path (its python is a link to the base interpreter).
        exe = os.path.realpath(f"/proc/{self.pid}/exe")
        with open(f"/proc/{self.pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode()
        return argv0 if os.path.isabs(argv0) and os.path.realpath(argv0) == exe else exe

    def xsrf(self):
        path = ""
        for _ in range(5):
            status, location, cookies, _ = self.request("GET", path)
            for header in cookies:
                cookie = SimpleCookie(header)
                if "_xsrf" in cookie:
                    return cookie["_xsrf"].value
            if status not in (301, 302, 303, 307, 308) or not location or not location.startswith(self.base):
                break
            path = location[len(self.base):]
        fail(f"the Jupyter server (pid {self.pid}) set no _xsrf cookie on {self.base}")

    def api(self, path):
        # no_track_activity: reading the server's state is not activity of the user's.
        status, _, _, body = self.request("GET", f"api/{path}?no_track_activity=1")
        if status != 200:
            raise OSError(f"GET {self.base}api/{path} answered {status}")
        return json.loads(body)


def running_servers():
    servers = []
    for path in glob.glob(os.path.join(runtime_dir(), "jpserver-*.json")):
        try:
            with open(path) as f:
                info = json.load(f)
            os.kill(info["pid"], 0)
        except (OSError, ValueError, KeyError):
            continue
        servers.append((os.path.getmtime(path), Server(info)))
    return [server for _, server in sorted(servers, key=lambda s: s[0], reverse=True)]


def answering_server():
    return next((server for server in running_servers() if server.answers()), None)


def find(old_pid, wait_seconds):
    deadline = time.monotonic() + wait_seconds
    while True:
        for server in running_servers():
            if server.pid != old_pid and server.answers():
                print(server.pid)
                print(server.python())
                print("loaded" if server.loaded() else "absent")
                print(server.base)
                return
        if time.monotonic() >= deadline:
            where = runtime_dir()
            fail(f"no other Jupyter server than pid {old_pid} answered within {wait_seconds} s (runtime files in {where})"
                 if old_pid else f"found no running Jupyter server (jpserver-*.json in {where})")
        time.sleep(1)


def set_idle_time(pid, minutes, keep_terminals):
    server = next((s for s in running_servers() if s.pid == pid), None)
    if server is None:
        fail(f"the Jupyter server (pid {pid}) is no longer running")
    token = server.xsrf()
    headers = {"Content-Type": "application/json", "X-XSRFToken": token, "Cookie": "_xsrf=" + token}
    body = json.dumps({"idle_time": minutes, "keep_terminals": keep_terminals})
    status, _, _, answer = server.request("POST", ROUTE, body=body, headers=headers)
    if status != 200:
        fail(f"POST {server.base}{ROUTE} answered {status}: {answer[:200]!r}")
    status, _, _, answer = server.request("GET", ROUTE)
    settings = json.loads(answer) if status == 200 else {}
    if int(settings.get("idle_time", -1)) != minutes * 60 or settings.get("keep_terminals") != keep_terminals:
        fail(f"GET {server.base}{ROUTE} answered {status} {answer[:200]!r} after the idle timeout was set")


# The idle checker of new Studio's JupyterLab apps. It asks the Jupyter server (found again on every check, so a
# restarted server is followed) for its kernels, terminals, sessions and last activity, and when nothing has happened
# for the idle time, calls SageMaker's DeleteApp for its own app with the app's role (the AWS CLI's credentials).


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def idle_state(server, config, now):
    """(idle seconds or None when something keeps the app running, why)."""
    status = server.api("status")
    kernels = server.api("kernels")
    terminals = server.api("terminals")
    sessions = server.api("sessions")
    busy = [k for k in kernels if k.get("execution_state") not in ("idle", "dead")]
    if busy:
        names = {s["kernel"]["id"]: s.get("path") or s.get("name") for s in sessions if s.get("kernel")}
        return None, "kernel busy: " + ", ".join(f"{k['id']} ({names.get(k['id'], k.get('name'))})" for k in busy)
    if terminals and config["keep_terminals"]:
        return None, f"{len(terminals)} open terminal(s) keep the app running"
    # Not the server's own last_activity: it counts every API request, and an open JupyterLab tab polls the API, so a
    # forgotten tab would keep the app running. The server's start counts, so a (re)started server is not idle at once.
    last = max([parse_time(status["started"])] + [parse_time(k["last_activity"]) for k in kernels if k.get("last_activity")]
               + [parse_time(t["last_activity"]) for t in terminals if t.get("last_activity")])
    return max(0, int(now - last)), f"{len(kernels)} kernel(s), {len(sessions)} session(s), {len(terminals)} terminal(s)"


def note(message):
    line = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) + " auto-shutdown idle checker: " + message
    print(line, flush=True)
    try:
        with open(APP_LOG, "a") as f:
            f.write(line + "\n")
    except OSError:
        pass


def delete_app(config):
    command = ["aws", "sagemaker", "delete-app", "--region", config["region"], "--domain-id", config["domain_id"],
               "--space-name", config["space_name"], "--app-type", config["app_type"], "--app-name", config["app_name"]]
    if config.get("endpoint_url"):
        command += ["--endpoint-url", config["endpoint_url"]]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        return lines[-1] if lines else f"aws exited with {done.returncode}"
    return None


def check(config, now):
    """One check: returns True when the app was deleted."""
    server = answering_server()
    if server is None:
        note("no Jupyter server answers (restarting?); checking again later")
        return False
    idle, why = idle_state(server, config, now)
    app = f"{config['domain_id']}/{config['space_name']}/{config['app_type']}/{config['app_name']}"
    if idle is None or idle < config["idle_seconds"]:
        note(f"{app} not idle ({why}; idle {idle if idle is not None else 0} s of {config['idle_seconds']} s)")
        return False
    note(f"{app} idle for {idle} s ({why}); calling DeleteApp")
    error = delete_app(config)
    if error:
        note(f"DeleteApp for {app} failed: {error}")
        return False
    note(f"DeleteApp for {app} accepted")
    return True


def run(config_path, interval):
    with open(config_path) as f:
        config = json.load(f)
    note(f"started (pid {os.getpid()}): idle time {config['idle_seconds']} s, keep terminals {config['keep_terminals']}")
    while not check(config, time.time()):
        time.sleep(interval)


def status(config_path):
    with open(config_path) as f:
        config = json.load(f)
    server = answering_server()
    if server is None:
        fail(f"found no running Jupyter server (jpserver-*.json in {runtime_dir()})")
    try:
        idle, why = idle_state(server, config, time.time())
    except (OSError, ValueError, KeyError) as e:
        fail(f"the Jupyter server (pid {server.pid}) at {server.base} did not answer its API as expected: {e}")
    print(f"{'busy' if idle is None else f'idle {idle} s'}; {why}")


if __name__ == "__main__":
    verb = sys.argv[1]
    if verb == "find":
        find(int(sys.argv[2]) if len(sys.argv) > 2 else 0, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    elif verb == "set":
        set_idle_time(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "true")
    elif verb == "status":
        status(sys.argv[2])
    elif verb == "check":
        # One check as of the given time (seconds since the epoch; default now), deleting the app when it is idle then.
        with open(sys.argv[2]) as f:
            checked = check(json.load(f), float(sys.argv[3]) if len(sys.argv) > 3 else time.time())
        sys.exit(0 if checked else 3)
    else:
        run(sys.argv[2], int(sys.argv[3]))
PY
)
jupyter_api() { python3 -c "$auto_shutdown_py" "$@"; }

server=$(jupyter_api find)
{ read -r pid; read -r server_python; read -r extension; read -r base_url; } <<< "$server"
echo "auto-shutdown: the Jupyter server (pid $pid) runs $server_python at $base_url"

if [ "${AUTO_INSTALLER_APP_TYPE:-}" = JupyterLab ]; then
  for variable in AUTO_INSTALLER_DOMAIN_ID AUTO_INSTALLER_SPACE_NAME AUTO_INSTALLER_APP_NAME AUTO_INSTALLER_REGION; do
    if [ -z "${!variable:-}" ]; then
      echo "auto-shutdown: $variable is not set: the idle checker cannot name its app for DeleteApp" >&2
      exit 1
    fi
  done
  if ! command -v aws > /dev/null; then
    echo "auto-shutdown: the AWS CLI (aws) is not on PATH: the idle checker calls DeleteApp with it" >&2
    exit 1
  fi
  mkdir -p "$state"
  program="$state/idle-checker.py"
  config="$state/idle-checker.json"
  printf '%s\n' "$auto_shutdown_py" > "$program.tmp"
  python3 - "$config.tmp" "$minutes" "$keep_terminals" << 'PY'
import json, os, sys
path, minutes, keep = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "true"
config = {
    "idle_seconds": minutes * 60, "keep_terminals": keep, "region": os.environ["AUTO_INSTALLER_REGION"],
    "domain_id": os.environ["AUTO_INSTALLER_DOMAIN_ID"], "space_name": os.environ["AUTO_INSTALLER_SPACE_NAME"],
    "app_type": "JupyterLab", "app_name": os.environ["AUTO_INSTALLER_APP_NAME"],
    "endpoint_url": os.environ.get("AUTO_INSTALLER_AUTO_SHUTDOWN_SAGEMAKER_ENDPOINT", ""),
}
with open(path, "w") as f:
    json.dump(config, f, indent=2, sort_keys=True)
    f.write("\n")
PY
  signature=$(cat "$program.tmp" "$config.tmp" | sha256sum)
  signature=${signature%% *}
  checker_pid=$(cat "$state/idle-checker.pid" 2> /dev/null || true)
  running=false
  if [ -n "$checker_pid" ] && kill -0 "$checker_pid" 2> /dev/null && tr '\0' ' ' < "/proc/$checker_pid/cmdline" | grep -q -F "$program run "; then
    running=true
  fi
  if [ "$running" = true ] && [ "$(cat "$state/idle-checker.signature" 2> /dev/null || true)" = "$signature" ]; then
    rm -f "$program.tmp" "$config.tmp"
    echo "auto-shutdown: the idle checker already runs (pid $checker_pid) with these settings"
  else
    if [ "$running" = true ]; then
      kill "$checker_pid"
      echo "auto-shutdown: stopped the idle checker with earlier settings (pid $checker_pid)"
    fi
    mv -f "$program.tmp" "$program"
    mv -f "$config.tmp" "$config"
    # What the checker sees now; it fails here, with the cause, when the Jupyter API does not answer as it expects.
    seen=$(python3 "$program" status "$config")
    setsid nohup python3 "$program" run "$config" "$check_interval_seconds" >> "$state/idle-checker.log" 2>&1 < /dev/null &
    checker_pid=$!
    echo "$checker_pid" > "$state/idle-checker.pid"
    echo "$signature" > "$state/idle-checker.signature"
    sleep 1
    if ! kill -0 "$checker_pid" 2> /dev/null; then
      echo "auto-shutdown: the idle checker exited right after it started: $(tail -n 1 "$state/idle-checker.log")" >&2
      exit 1
    fi
    echo "auto-shutdown: idle checker started (pid $checker_pid; now $seen); log in ~/.auto-installer/auto-shutdown/idle-checker.log"
  fi
  if [ "$keep_terminals" = true ]; then
    echo "auto-shutdown: DeleteApp for $AUTO_INSTALLER_SPACE_NAME/JupyterLab/$AUTO_INSTALLER_APP_NAME after $minutes idle minutes; open terminals keep the app running"
  else
    echo "auto-shutdown: DeleteApp for $AUTO_INSTALLER_SPACE_NAME/JupyterLab/$AUTO_INSTALLER_APP_NAME after $minutes idle minutes; open terminals do not keep the app running"
  fi
  exit 0
fi

python=${AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON:-$server_python}
if [ "$python" != "$server_python" ]; then
  echo "auto-shutdown: installing for $python (AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON)"
fi

installed_version() {
  "$python" -c 'import importlib.metadata as m, sys
try:
    print(m.version(sys.argv[1]))
except m.PackageNotFoundError:
    pass' "$package"
}

changed=false
installed=$(installed_version)
if [ "$installed" = "$version" ]; then
  echo "auto-shutdown: $package $version already installed"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  file=${url%%\?*}
  file="$work/${file##*/}"
  echo "auto-shutdown: downloading $url"
  case "$url" in
    s3://*) aws s3 cp --only-show-errors "$url" "$file" ;;
    *) curl --fail --silent --show-error --location --output "$file" "$url" ;;
  esac
  got=$(sha256sum "$file")
  got=${got%% *}
  if [ -z "$pinned" ]; then
    echo "auto-shutdown: $url has SHA-256 $got (unpinned: set AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256 to pin it)"
  elif [ "$got" != "$pinned" ]; then
    echo "auto-shutdown: $url has SHA-256 $got, not $pinned (AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256): nothing installed" >&2
    exit 1
  else
    echo "auto-shutdown: $url matches AUTO_INSTALLER_AUTO_SHUTDOWN_SHA256"
  fi
  # pip's own rule (PEP 668): outside a virtual environment, a Python whose stdlib holds EXTERNALLY-MANAGED is
  # the distribution's; the package then goes to the user's site-packages, which the server reads at start-up.
  pip_install=("$python" -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-index --no-dependencies --no-build-isolation)
  if "$python" -c 'import os, sys, sysconfig
sys.exit(0 if sys.prefix == sys.base_prefix and os.path.isfile(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    pip_install+=(--user --break-system-packages)
    where="in the user's site-packages ($python is externally managed)"
  else
    where="for $python"
  fi
  mkdir -p "$state"
  if ! PIP_ROOT_USER_ACTION=ignore "${pip_install[@]}" "$file" > "$state/pip.log" 2>&1; then
    # The 0.1.5 sdist's setup.py compares Python versions as numbers ("3.11" >= "3.7" is false), so it refuses
    # every Python from 3.10 on; that needs a wheel built on 3.9 or earlier, not a patched setup.py.
    if unsupported=$(grep -o -m 1 'ValueError: Python version [0-9.]* unsupported' "$state/pip.log"); then
      echo "auto-shutdown: ${url##*/} cannot be built on $("$python" -c 'import platform; print("Python " + platform.python_version())'): its setup.py refuses it ($unsupported); set AUTO_INSTALLER_AUTO_SHUTDOWN_URL to a wheel of $package $version built on Python 3.9 (see the README)" >&2
    else
      echo "auto-shutdown: pip could not install ${url##*/} for $python: $(grep -E '^(ERROR|error):' "$state/pip.log" | tail -n 1 || tail -n 1 "$state/pip.log") (all of pip's output in ~/.auto-installer/auto-shutdown/pip.log)" >&2
    fi
    exit 1
  fi
  installed=$(installed_version)
  if [ "$installed" != "$version" ]; then
    echo "auto-shutdown: $url installed $package '$installed', not $version: set AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION to the package's version" >&2
    exit 1
  fi
  echo "auto-shutdown: $package $version installed $where"
  changed=true
fi

if [ "$extension" = loaded ] && [ "$changed" = false ]; then
  echo "auto-shutdown: the Jupyter server has the extension loaded"
else
  # jupyter_server's enable exits 0 even when the package cannot be imported ("Validation failed"), and the
  # restarted server would then just lack the extension: import it first and name what is missing.
  if ! import_error=$("$python" -c "import $package" 2>&1); then
    cause=$(printf '%s\n' "$import_error" | tail -n 1)
    case "$cause" in
      *"No module named 'notebook"*) hint=": it needs classic Notebook 6 (notebook<7, as Studio Classic's JupyterLab 3 image has) in that Python" ;;
      *) hint="" ;;
    esac
    echo "auto-shutdown: $python cannot import $package $version ($cause)$hint; nothing enabled" >&2
    exit 1
  fi
  enabled=$("$python" -m jupyter_server.extension.serverextension enable --user --py "$package" 2>&1) || {
    echo "auto-shutdown: enabling the server extension failed: $(printf '%s\n' "$enabled" | tail -n 1)" >&2
    exit 1
  }
  if failed=$(printf '%s\n' "$enabled" | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^[[:space:]X]*//' | grep -m 1 -i 'validation failed'); then
    echo "auto-shutdown: enabling the server extension failed although it exited 0: $failed" >&2
    exit 1
  fi
  echo "auto-shutdown: server extension enabled in the user's Jupyter configuration"
  if ! command -v restart-jupyter-server > /dev/null; then
    echo "auto-shutdown: restart-jupyter-server is not available: cannot load the extension into the running server" >&2
    exit 1
  fi
  echo "auto-shutdown: restarting the Jupyter server (pid $pid) to load the extension"
  restart-jupyter-server
  server=$(jupyter_api find "$pid" "$restart_wait_seconds")
  { read -r pid; read -r server_python; read -r extension; read -r base_url; } <<< "$server"
  if [ "$extension" != loaded ]; then
    echo "auto-shutdown: the restarted Jupyter server (pid $pid) does not serve ${base_url}sagemaker-studio-autoshutdown/idle_checker although $python imports $package; the server's log says why" >&2
    exit 1
  fi
  echo "auto-shutdown: the Jupyter server is back (pid $pid) with the extension loaded"
fi

jupyter_api set "$pid" "$minutes" "$keep_terminals"
if [ "$keep_terminals" = true ]; then
  echo "auto-shutdown: idle timeout set to $minutes minutes at ${base_url}sagemaker-studio-autoshutdown/idle_checker; open terminals keep an app running"
else
  echo "auto-shutdown: idle timeout set to $minutes minutes at ${base_url}sagemaker-studio-autoshutdown/idle_checker; open terminals do not keep an app running"
fi
