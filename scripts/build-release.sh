#!/usr/bin/env bash
# Builds the portable release binary: target/x86_64-unknown-linux-gnu/release/secure-reopen,
# linked against glibc 2.17 so it runs on AlmaLinux/CloudLinux 8 and 9 and Ubuntu 22.04+.
# Needs Python's pip (it installs ziglang and cargo-zigbuild from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-zigbuild >/dev/null 2>&1; then
  python3 -m pip install --quiet ziglang cargo-zigbuild
fi
cargo zigbuild --release --bin secure-reopen --target x86_64-unknown-linux-gnu.2.17
bin=target/x86_64-unknown-linux-gnu/release/secure-reopen
size=$(stat -c %s "$bin")
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)
echo "built $bin: $size bytes, needs at most $glibc"
