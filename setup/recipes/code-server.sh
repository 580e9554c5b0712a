#!/usr/bin/env bash
# Recipe code-server: VS Code in the browser next to Jupyter, reached through Studio's Jupyter proxy.
# Installs code-server from a release tarball into ~/.local/lib/code-server-VERSION (kept in the home, so later
# starts of the app only start it), links ~/.local/bin/code-server, and starts it detached on 127.0.0.1:PORT
# with --auth none (Studio already authenticated the user; the port is reachable only from the app itself).
# It prints the URL to open: https://DOMAIN.studio.REGION.sagemaker.aws/jupyter/default/proxy/PORT/
# parameters: AUTO_INSTALLER_CODE_SERVER_VERSION AUTO_INSTALLER_CODE_SERVER_URL AUTO_INSTALLER_CODE_SERVER_PORT
#   AUTO_INSTALLER_CODE_SERVER_VERSION  the version (default 4.16.1).
#   AUTO_INSTALLER_CODE_SERVER_URL      the tarball (default: the project's GitHub release of that version for
#                                       linux-amd64); any URL curl fetches, e.g. an internal mirror, or s3://...
#                                       (fetched with the AWS CLI and the app's role).
#   AUTO_INSTALLER_CODE_SERVER_PORT     the local port (default 8080).
set -euo pipefail

version=${AUTO_INSTALLER_CODE_SERVER_VERSION:-4.16.1}
url=${AUTO_INSTALLER_CODE_SERVER_URL:-https://github.com/coder/code-server/releases/download/v$version/code-server-$version-linux-amd64.tar.gz}
port=${AUTO_INSTALLER_CODE_SERVER_PORT:-8080}
install_dir="$HOME/.local/lib/code-server-$version"
link="$HOME/.local/bin/code-server"
state="$HOME/.auto-installer/code-server"

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

if [ -n "${AUTO_INSTALLER_DOMAIN_ID:-}" ] && [ -n "${AUTO_INSTALLER_REGION:-}" ]; then
  echo "code-server: open https://$AUTO_INSTALLER_DOMAIN_ID.studio.$AUTO_INSTALLER_REGION.sagemaker.aws/jupyter/default/proxy/$port/"
fi
