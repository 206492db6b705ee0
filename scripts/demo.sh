#!/usr/bin/env bash
# Builds the plugin and the cPanel simulator, starts the simulator with the built-in demo
# account (a hacked WordPress site, already investigated and released by the host), and opens
# the cPanel dashboard in a browser. Stop with Ctrl-C (the simulator stops its MariaDB too).
#
# The demo's site is a real WordPress (Debian's `wordpress` package) on a private MariaDB server
# (a data folder and a unix socket under .demo/state/mysql, no network; the system's MariaDB
# service is neither needed nor touched), served by PHP behind the simulator's /__site/. The
# Debian packages for it are installed when missing (as root, or with sudo). Without them the
# demo still runs, with stand-in files, and the dashboard says why the WordPress step cannot
# finish.
#
#   ./scripts/demo.sh            fresh demo state in .demo/
#   ./scripts/demo.sh --keep     keep the state of the last run
#   DEMO_SCENARIO=demo-basic ./scripts/demo.sh
#                                the same shop on a server without PostgreSQL and Web Disk
set -euo pipefail
cd "$(dirname "$0")/.."

keep=no
[ "${1:-}" = "--keep" ] && keep=yes

# Debian packages for the demo's real WordPress.
packages=(mariadb-server wordpress php-cli php-mysql)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages for the demo's WordPress: ${missing[*]}"
  sudo_if_needed() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
  }
  export DEBIAN_FRONTEND=noninteractive
  if ! { sudo_if_needed apt-get update -qq &&
    sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "    could not install them: the demo runs with a stand-in site (the WordPress step cannot finish)"
  fi
fi

echo "==> building (release)"
cargo build --release --workspace --bins --quiet

state=.demo/state
if [ "$keep" = no ]; then
  rm -rf "$state"
fi
mkdir -p "$state"

echo "==> starting the cPanel simulator with the demo account"
exec ./target/release/cpanel-sim \
  --listen "${DEMO_LISTEN:-127.0.0.1:2083}" \
  --state-dir "$state" \
  --scenario "${DEMO_SCENARIO:-demo}" \
  --plugin-bin ./target/release/secure-reopen \
  --plugin-dir ./plugin \
  --wordpress auto \
  --open
