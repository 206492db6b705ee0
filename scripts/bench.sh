#!/usr/bin/env bash
# Benchmarks of the password step, in one run on this machine (nobody's CI clock):
#   - argon2id of the plan digest beside the reference `argon2` tool (Debian package `argon2`);
#   - the plan page at 100 / 1,000 / 10,000 credentials: bytes, wall time, CPU, peak RSS;
#   - the rotation at 1k / 5k / 10k / 20k mailboxes (5 ms simulated latency per request):
#     wall time and cost per credential, which should stay flat.
#
#   ./scripts/bench.sh            everything
#   ./scripts/bench.sh plan       only argon2 and the plan page
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v argon2 >/dev/null 2>&1 || need+=(argon2)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "${need[@]}" >/dev/null; else sudo apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi

echo "==> building (release)"
cargo build --quiet --release --workspace --bins --examples

echo "==> argon2id and the plan page"
./target/release/examples/bench_plan 100 1000 10000

if [ "${1:-}" = plan ]; then exit 0; fi

echo "==> rotation (batched; one-call-per-credential baseline on 200)"
for n in 1000 5000 10000 20000; do
  ./target/release/examples/bench_rotation "$n" 0 0 200 | grep -E "^batched|^peak"
done
