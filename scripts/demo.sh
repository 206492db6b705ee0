#!/usr/bin/env bash
# Builds the plugin and the cPanel simulator, starts the simulator with the built-in demo
# account (a hacked WordPress site, already investigated and released by the host), and opens
# the cPanel dashboard in a browser. Stop with Ctrl-C.
#
#   ./scripts/demo.sh            fresh demo state in .demo/
#   ./scripts/demo.sh --keep     keep the state of the last run
#   DEMO_SCENARIO=demo-basic ./scripts/demo.sh
#                                the same shop on a server without PostgreSQL and Web Disk
set -euo pipefail
cd "$(dirname "$0")/.."

keep=no
[ "${1:-}" = "--keep" ] && keep=yes

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
  --open
