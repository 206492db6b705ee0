#!/usr/bin/env bash
# Benchmark: the persistence sweep over a generated 100k-file tree, against a find + grep
# pipeline doing the same checks. Prints wall times and the ratio. Loopback-free, local only.
#
#   ./scripts/bench-sweep.sh [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release --quiet --examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home="$work/home"
./target/release/examples/gen_tree "$home/public_html" "$n" >/dev/null
sync

best() { # best of 3 wall-clock runs of "$@", in seconds
  local b=999999 t
  for _ in 1 2 3; do
    /usr/bin/time -f %e -o "$work/t" "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$work/t")
    b=$(awk -v a="$b" -v c="$t" 'BEGIN{print (c<a)?c:a}')
  done
  echo "$b"
}

pipeline() {
  local d=$1
  # The same checks: executables in upload folders, .htaccess/.user.ini tricks, obfuscated PHP,
  # WordPress autoloads, world-writable entries.
  find "$d" -type f \( -name '*.php' -o -name '*.phtml' -o -name '*.pht' -o -name '*.phar' \) -path '*/uploads/*' -print
  find "$d" -type f \( -name .htaccess -o -name .user.ini -o -name php.ini \) -print0 |
    xargs -0 -r grep -lEi 'auto_(prepend|append)_file|AddHandler.*php.*\.(jpe?g|png|gif)|RewriteCond +%\{HTTP_(USER_AGENT|REFERER)\}|https?://' || true
  # shellcheck disable=SC2016 # the patterns are regular expressions, not shell
  find "$d" -type f -name '*.php' -print0 |
    xargs -0 -r grep -lE '(eval|assert) *\( *@? *(base64_decode|gzinflate|str_rot13|\$_(GET|POST|REQUEST|COOKIE))|[A-Za-z0-9+/]{1200,}|\$_(GET|POST|REQUEST|COOKIE) *\[[^]]{1,40}\] *\(|(system|shell_exec|passthru|exec|popen) *\( *\$_' || true
  find "$d" -path '*/wp-content/mu-plugins/*' -type f -print
  find "$d" -perm -o+w -print
}
export -f pipeline

ours=$(best ./target/release/examples/sweep_tree "$home/public_html")
theirs=$(best bash -c "pipeline '$home/public_html'")
echo "files: $n"
echo "secure-reopen sweep: ${ours} s"
echo "find + grep:         ${theirs} s"
awk -v a="$ours" -v b="$theirs" 'BEGIN{ if (a>0) printf "speed-up: %.1fx\n", b/a; else print "speed-up: n/a" }'
./target/release/examples/sweep_tree "$home/public_html" 2>&1 >/dev/null | tail -1
