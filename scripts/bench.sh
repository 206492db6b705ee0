#!/usr/bin/env bash
# Benchmarks, in one run on this machine (nobody's CI clock), with their anchors built on the
# spot and measured in the same run:
#   - pages: every page of the plugin (home, checklist, password plan, restore, sweep) beside a
#     C hello-world CGI and a php-cgi page rendering a 12-item list, interleaved, all run by the
#     simulator's cpsrvd-like host with a LiveAPI socket: wall time, own CPU, round trips, peak
#     RSS; then the checklist at 10k / 100k / 300k site files (Debian's WordPress and MediaWiki
#     copied and multiplied) after "Check my files again";
#   - plan: argon2id of the plan digest beside the reference `argon2` tool (Debian package
#     `argon2`), and the plan page at 100 / 1,000 / 10,000 credentials: bytes, wall, CPU, RSS;
#   - rotation: 1k / 5k / 10k / 20k mailboxes (5 ms simulated latency per request): wall time
#     and cost per credential, which should stay flat.
#
#   ./scripts/bench.sh                     everything
#   ./scripts/bench.sh pages|plan|rotation one part
set -euo pipefail
cd "$(dirname "$0")/.."
part="${1:-all}"

need=()
command -v argon2 >/dev/null 2>&1 || need+=(argon2)
command -v php-cgi >/dev/null 2>&1 || need+=(php-cgi)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -x /usr/bin/time ] || need+=(time)
[ -d /usr/share/wordpress ] || need+=(wordpress)
[ -d /usr/share/mediawiki ] || need+=(mediawiki)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "${need[@]}" >/dev/null; else sudo apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi

echo "==> building (release)"
cargo build --quiet --release --workspace --bins --examples

if [ "$part" = all ] || [ "$part" = pages ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "==> building the anchors and the measuring wrapper (cc)"
  cc -O2 -o "$work/hello" scripts/bench/hello.c
  cc -O2 -DPLUGIN="\"$PWD/target/release/secure-reopen\"" -DHELLO="\"$work/hello\"" \
    -DPHP_CGI="\"$(command -v php-cgi)\"" -DPHP_PAGE="\"$PWD/scripts/bench/list.php\"" \
    -DSTATS="\"$work/stats\"" -o "$work/measure" scripts/bench/measure.c
  echo "==> pages beside the C and php-cgi anchors, then the checklist by site size"
  ./target/release/examples/bench_pages "$work" 15 10000 100000 300000
fi

if [ "$part" = all ] || [ "$part" = plan ]; then
  echo "==> argon2id and the plan page"
  ./target/release/examples/bench_plan 100 1000 10000
fi

if [ "$part" = all ] || [ "$part" = rotation ]; then
  echo "==> rotation (batched; one-call-per-credential baseline on 200)"
  for n in 1000 5000 10000 20000; do
    ./target/release/examples/bench_rotation "$n" 0 0 200 | grep -E "^batched|^peak"
  done
fi
