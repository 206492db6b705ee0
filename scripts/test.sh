#!/usr/bin/env bash
# Runs every test of secure-reopen. On a fresh Debian machine it first installs what the tests
# use (Apache httpd for the CGI compliance test, PHP for `php -l`, WordPress core files and
# other popular PHP software as clean fixtures for the sweep, shellcheck, Chromium and axe-core
# for the accessibility check, MariaDB for a real WordPress), so run it as root or with sudo
# rights. Safe to run again: installed packages are skipped. The WordPress tests start their own
# private MariaDB server (a data folder and a unix socket in a temporary folder, no network) and
# stop it when they end; the system's MariaDB service is neither needed nor touched.
#
#   ./scripts/test.sh            all tests
#   ./scripts/test.sh NAME       only tests whose name contains NAME
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need (append here, one per line).
packages=(
  apache2
  php-cli
  php-mysql
  wordpress
  mariadb-server
  shellcheck
  chromium
  # Clean PHP software for the sweep's false-positive test (and `yara` for its benchmark).
  phpmyadmin
  roundcube-core
  dokuwiki
  mediawiki
  php-laravel-framework
  php-twig
  yara
)

sudo_if_needed() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python packages: Ansible for the fleet role's test.
if ! command -v ansible-playbook >/dev/null 2>&1; then
  echo "==> installing ansible-core (pip)"
  python3 -m pip install --quiet --disable-pip-version-check ansible-core
fi

# npm packages for the browser tests (installed into tests/browser/node_modules).
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
  echo "==> installing npm packages for the browser tests"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

# Style and lints are part of the tests (a full run only): one format, no clippy warning.
if [ $# -eq 0 ]; then
  echo "==> cargo fmt --check, cargo clippy -D warnings"
  cargo fmt --all --check
  cargo clippy --quiet --workspace --all-targets -- -D warnings
fi

echo "==> cargo test"
cargo build --quiet --workspace --bins
cargo test --quiet --workspace "$@"

# Fuzzing (issue #12): every parser of hostile input under libFuzzer for a bounded time, seeded
# from fuzz/corpus; a crash fails the run. Only on a full run or `./scripts/test.sh fuzz`.
if [ $# -eq 0 ] || [ "$1" = fuzz ]; then
  echo "==> fuzzing, ${FUZZ_SECONDS:-10} s per target"
  FUZZ_JOBS=${FUZZ_JOBS:-2} ./scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
fi
