#!/usr/bin/env bash
# Recipe auto-shutdown: SageMaker Studio's auto-shutdown server extension (Python package
# sagemaker_studio_autoshutdown), which shuts down idle kernels, image terminals and KernelGateway apps.
# It finds the Jupyter server it runs under (the jpserver-PID.json files of Jupyter's runtime directory, as
# `jupyter server list` does) and the Python that runs it. When that Python lacks this version of the package,
# it downloads the package and installs it there with pip (no dependencies, no build isolation, no index: nothing
# else is fetched); a Python whose environment is externally managed (PEP 668, e.g. a distribution's
# /usr/bin/python3) gets it in the user's site-packages instead. When the running server has not loaded the
# extension, it enables it for the user (jupyter_server's `server extension enable --user`), restarts the server
# with `restart-jupyter-server` and waits until the new server answers with the extension loaded. Then it sets
# the idle timeout through the extension's API (POST .../sagemaker-studio-autoshutdown/idle_checker), which also
# starts its idle checks; it does so on every run, as the extension keeps the setting only in memory.
# parameters: AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION AUTO_INSTALLER_AUTO_SHUTDOWN_URL AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON
#   AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES    idle time in minutes before the extension shuts down (default 120).
#   AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS  "true": open terminals keep an app running; "false" (default): not.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION         the package version (default 0.1.5).
#   AUTO_INSTALLER_AUTO_SHUTDOWN_URL             the package, an sdist tarball or a wheel (default: that version's
#                                                tarball in the extension's GitHub repository); any URL curl
#                                                fetches, e.g. an internal mirror, or s3://... (fetched with the
#                                                AWS CLI and the app's role) for VpcOnly domains.
#   AUTO_INSTALLER_AUTO_SHUTDOWN_PYTHON          the Python to install into (default: the one running the server).
set -euo pipefail

version=${AUTO_INSTALLER_AUTO_SHUTDOWN_VERSION:-0.1.5}
url=${AUTO_INSTALLER_AUTO_SHUTDOWN_URL:-https://github.com/aws-samples/sagemaker-studio-auto-shutdown-extension/raw/main/sagemaker_studio_autoshutdown-$version.tar.gz}
minutes=${AUTO_INSTALLER_AUTO_SHUTDOWN_IDLE_MINUTES:-120}
keep_terminals=${AUTO_INSTALLER_AUTO_SHUTDOWN_KEEP_TERMINALS:-false}
package=sagemaker_studio_autoshutdown
restart_wait_seconds=300

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

# The Jupyter side, in Python's standard library only:
#   find [OLD_PID]        prints the server's pid, its Python and whether the extension answers (loaded or absent);
#                         with OLD_PID, waits until another server than that one answers.
#   set PID MINUTES KEEP  posts the idle timeout to that server (with the _xsrf cookie echoed as X-XSRFToken) and
#                         reads it back.
jupyter_py=$(
  cat << 'PY'
import glob, http.client, json, os, socket, sys, time
from http.cookies import SimpleCookie

ROUTE = "sagemaker-studio-autoshutdown/idle_checker"


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
            return self.request("GET", "api/status")[0] == 200
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


def find(old_pid, wait_seconds):
    deadline = time.monotonic() + wait_seconds
    while True:
        for server in running_servers():
            if server.pid != old_pid and server.answers():
                print(server.pid)
                print(server.python())
                print("loaded" if server.loaded() else "absent")
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


if sys.argv[1] == "find":
    find(int(sys.argv[2]) if len(sys.argv) > 2 else 0, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
else:
    set_idle_time(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "true")
PY
)
jupyter_api() { python3 -c "$jupyter_py" "$@"; }

server=$(jupyter_api find)
{ read -r pid; read -r server_python; read -r extension; } <<< "$server"
echo "auto-shutdown: the Jupyter server (pid $pid) runs $server_python"
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
  # pip's own rule (PEP 668): outside a virtual environment, a Python whose stdlib holds EXTERNALLY-MANAGED is
  # the distribution's; the package then goes to the user's site-packages, which the server reads at start-up.
  pip_install=("$python" -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-index --no-dependencies --no-build-isolation)
  if "$python" -c 'import os, sys, sysconfig
sys.exit(0 if sys.prefix == sys.base_prefix and os.path.isfile(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
    PIP_ROOT_USER_ACTION=ignore "${pip_install[@]}" --user --break-system-packages "$file"
    where="in the user's site-packages ($python is externally managed)"
  else
    PIP_ROOT_USER_ACTION=ignore "${pip_install[@]}" "$file"
    where="for $python"
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
  if ! enabled=$("$python" -m jupyter_server.extension.serverextension enable --user --py "$package" 2>&1); then
    printf '%s\n' "$enabled" >&2
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
  { read -r pid; read -r server_python; read -r extension; } <<< "$server"
  if [ "$extension" != loaded ]; then
    echo "auto-shutdown: the restarted Jupyter server (pid $pid) did not load $package; its log says why" >&2
    exit 1
  fi
  echo "auto-shutdown: the Jupyter server is back (pid $pid) with the extension loaded"
fi

jupyter_api set "$pid" "$minutes" "$keep_terminals"
if [ "$keep_terminals" = true ]; then
  echo "auto-shutdown: idle timeout set to $minutes minutes; open terminals keep an app running"
else
  echo "auto-shutdown: idle timeout set to $minutes minutes; open terminals do not keep an app running"
fi
