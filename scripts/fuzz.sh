#!/usr/bin/env bash
# Fuzzes every parser of hostile input with libFuzzer (cargo-fuzz; targets in fuzz/, bodies and
# invariants in src/fuzzing.rs) and prints executions, coverage and crashes per target.
#
#   ./scripts/fuzz.sh                  every target, 300 s each (a long run for a human)
#   ./scripts/fuzz.sh 20               every target, 20 s each (what scripts/test.sh runs)
#   ./scripts/fuzz.sh 600 php_config   one target, 10 minutes
#
# Works on the stable toolchain: cargo-fuzz's nightly flags are allowed with RUSTC_BOOTSTRAP=1.
# Installs cargo-fuzz from crates.io when missing. Each run starts from the committed seeds
# (fuzz/corpus/<target>, never written to) plus what earlier runs on this machine found
# (fuzz/target/corpus/<target>). A crash is saved in fuzz/artifacts/<target>/ and fails the
# script; reproduce it with `fuzz/target/x86_64-unknown-linux-gnu/release/<target> <file>`, fix
# the bug, and commit the file under fuzz/regressions/<target>/ (the test suite replays it).
#
# Environment: FUZZ_SANITIZER=address for AddressSanitizer (default none: the code under test
# is safe Rust, and ASan halves the executions), FUZZ_JOBS=N targets at once (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
all=(cgi_request cookies urlencoded_form live_stream live_roundtrip envelopes php_config dotenv password_csv sweep_detect)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

dict_of() {
  case "$1" in
    cgi_request | cookies | urlencoded_form) echo fuzz/dict/cgi.dict ;;
    live_stream | live_roundtrip | envelopes) echo fuzz/dict/live.dict ;;
    php_config) echo fuzz/dict/php.dict ;;
    dotenv) echo fuzz/dict/dotenv.dict ;;
    password_csv) echo fuzz/dict/csv.dict ;;
    sweep_detect) echo fuzz/dict/sweep.dict ;;
    *) echo "unknown fuzz target $1" >&2; return 1 ;;
  esac
}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz (crates.io)"
  start=$SECONDS
  cargo install --quiet cargo-fuzz --locked
  echo "    cargo-fuzz installed in $((SECONDS - start)) s"
fi

export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
echo "==> building the fuzz targets (sanitizer: $sanitizer, debug assertions on)"
start=$SECONDS
if ! (cd fuzz && cargo fuzz build --debug-assertions --sanitizer "$sanitizer") >"$logs/build.log" 2>&1; then
  tail -40 "$logs/build.log"
  exit 1
fi
echo "    built in $((SECONDS - start)) s"
bin_dir=fuzz/target/x86_64-unknown-linux-gnu/release

run_one() {
  local t=$1 dict
  dict=$(dict_of "$t")
  mkdir -p "fuzz/target/corpus/$t" "fuzz/artifacts/$t"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a parser that balloons memory is
  # a crash; -max_len: config files and cPanel answers of up to 64 KiB.
  "$bin_dir/$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" \
    -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" >"$logs/$t.log" 2>&1
}

failed=0
pids=()
jobs_max=${FUZZ_JOBS:-1}
echo "==> fuzzing ${#targets[@]} targets, $seconds s each"
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=("$!")
  if [ ${#pids[@]} -ge "$jobs_max" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || true; done

printf '%-16s %12s %8s %8s %8s  %s\n' target executions exec/s cov corpus crashes
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -Eo 'corp: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  crashes=0
  if grep -Eq '^==[0-9]+== ERROR: libFuzzer|panicked at|^SUMMARY: |Test unit written to' "$log"; then
    crashes=$(grep -c 'Test unit written to' "$log" || true)
    [ "$crashes" -gt 0 ] || crashes=1
  fi
  printf '%-16s %12s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${corp:-?}" "$crashes"
  if [ "$crashes" != 0 ] || [ -z "$execs" ]; then
    failed=1
    echo "---- $t: last lines of libFuzzer's log ----"
    grep -v '^#[0-9]' "$log" | tail -25
    echo "----"
  fi
done
if [ "$failed" != 0 ]; then
  echo "fuzzing found a crash or could not run (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
