#!/usr/bin/env bash
# Benchmark of the persistence sweep: recall, false positives and time on the corpus of
# attackers' shapes (tests/fixtures/sweep/malicious) planted inside a large clean tree (the
# Debian packages of WordPress, phpMyAdmin, Roundcube, DokuWiki, MediaWiki and /usr/share/php,
# plus a generated tree with non-ASCII and long-blob files), side by side with
#   - find | xargs grep -E with the same shapes written as patterns, and
#   - php-malware-finder's YARA rules through Debian's `yara`, when the rules are available
#     (PMF_RULES=dir holding php.yar, or a fetched mirror at $PMF_MIRROR).
# Also the cost of the slow path: 20 copies of a 214 KB webshell with a non-ASCII byte and a
# long base64 run, in ms per MB. Local only; needs the Debian packages scripts/test.sh installs.
#
#   ./scripts/bench-sweep.sh [GENERATED_FILES]     (default 60000: about 100k files in all)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-60000}
threads=${THREADS:-2}
cargo build --release --quiet --examples --bins
bin=./target/release/secure-reopen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/home/public_html"
mkdir -p "$root"
for d in /usr/share/wordpress /usr/share/phpmyadmin /usr/share/roundcube /usr/share/dokuwiki /usr/share/mediawiki /usr/share/php; do
  [ -d "$d" ] || { echo "missing $d: run ./scripts/test.sh first" >&2; exit 2; }
  cp -r "$d" "$root/$(basename "$d")"
done
./target/release/examples/gen_tree "$root/site" "$n" >/dev/null
# Plant every sample in a neutral folder of its own (partNNN) spread over the tree.
i=0
mapfile -t dirs < <(find "$root" -mindepth 2 -maxdepth 4 -type d -not -path '*/part*' | sort | awk 'NR % 37 == 0')
for s in tests/fixtures/sweep/malicious/*; do
  dest="${dirs[$((i % ${#dirs[@]}))]}/part$(printf %03d $i)"
  mkdir -p "$dest"
  if [ -d "$s" ]; then cp "$s"/* "$s"/.[!.]* "$dest"/ 2>/dev/null || true; else cp "$s" "$dest/"; fi
  i=$((i + 1))
done
samples=$i
total=$(find "$root" -type f | wc -l)
sync

best() { # best of RUNS (default 3) wall-clock runs of "$@" (output to $work/out), in seconds
  local b=999999 t
  for _ in $(seq "${RUNS:-3}"); do
    /usr/bin/time -f %e -o "$work/t" "$@" >"$work/out" 2>/dev/null || true
    t=$(tail -1 "$work/t")
    b=$(awk -v a="$b" -v c="$t" 'BEGIN{print (c<a)?c:a}')
  done
  echo "$b"
}

# Counts flagged paths (one per line on stdin): samples found, clean files flagged.
score() {
  sort -u | awk -v n="$samples" '
    /\/part[0-9][0-9][0-9]\// { match($0, /\/part[0-9][0-9][0-9]\//); found[substr($0, RSTART, RLENGTH)] = 1; next }
    NF { fp++ }
    END { k = 0; for (x in found) k++; printf "%d / %d (%.0f %%)|%d\n", k, n, 100 * k / n, fp }'
}

report() { # name time score
  local found=${3%%|*} fp=${3##*|}
  printf "| %-34s | %-16s | %-15s | %7s s |\n" "$1" "$found" "$fp" "$2"
}

# --- ours
t_ours=$(best "$bin" scan "$root" --json --threads "$threads")
s_ours=$(python3 -c 'import json,sys; [print(f["path"]) for f in json.load(open(sys.argv[1]))["findings"]]' "$work/out" | sed 's|^|/|' | score)

# --- find | xargs grep -E with the same shapes as patterns
cat >"$work/patterns" <<'EOF'
(eval|assert|create_function|system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|include|require)[[:space:]]*\(?[^;]*\$_(GET|POST|REQUEST|COOKIE|FILES|SERVER\[.HTTP_)
(eval|assert)[[:space:]]*\([[:space:]]*@?[[:space:]]*(base64_decode|gzinflate|gzuncompress|str_rot13|strrev|hex2bin|urldecode|file_get_contents|\$)
\$_(GET|POST|REQUEST|COOKIE)[[:space:]]*\[[^]]*\][[:space:]]*\(
preg_replace[[:space:]]*\([[:space:]]*['"].*[/#~|][a-z]*e[a-z]*['"]
(move_uploaded_file|copy|file_put_contents|fwrite)[[:space:]]*\([^;]*\$_(FILES|POST|GET|REQUEST)
\$[A-Za-z0-9_]+(\{[0-9]+\}|\[[0-9]+\])[[:space:]]*\.[[:space:]]*\$[A-Za-z0-9_]+(\{[0-9]+\}|\[[0-9]+\])[[:space:]]*\.[[:space:]]*\$[A-Za-z0-9_]+(\{[0-9]+\}|\[[0-9]+\])
chr\([0-9]+\)\.chr\([0-9]+\)\.chr
(\\x[0-9a-fA-F]{2}|\\[0-7]{3}){4}
(strrev|str_rot13|base64_decode|pack)[[:space:]]*\([^)]*\)[[:space:]]*;[^;]*\$[A-Za-z0-9_]+[[:space:]]*\(
curl_exec|php://input|getallheaders|`[^`]*\$
auto_(prepend|append)_file
^[[:space:]]*(AddHandler|AddType|SetHandler|ForceType|AddOutputFilter)[[:space:]].*(php|cgi-script|server-parsed|INCLUDES)
disable_functions[[:space:]=]+(none|"")|allow_url_include[[:space:]=]+on
RewriteCond[[:space:]]+%\{HTTP_(USER_AGENT|REFERER)\}
<!--#exec
EOF
grep_anchor() {
  find "$root" -type f \( -name '*.php' -o -name '*.phtml' -o -name '*.pht' -o -name '*.phar' -o -name '*.php[0-9]' \
    -o -name '*.shtml' -o -name .htaccess -o -name .user.ini -o -name php.ini \) -print0 |
    xargs -0 -r -P "$threads" -n 2000 grep -liE -f "$work/patterns" || true
}
export -f grep_anchor
export root work threads
t_grep=$(best bash -c grep_anchor)
s_grep=$(score <"$work/out")

# --- php-malware-finder's YARA rules
rules=${PMF_RULES:-}
mirror=${PMF_MIRROR:-/work/.mirror/jvoisin+php-malware-finder/repo}
if [ -z "$rules" ] && [ -d "$mirror" ]; then
  mkdir -p "$work/pmf"
  git --git-dir="$mirror" archive HEAD data | tar -x -C "$work/pmf"
  rules="$work/pmf/data"
fi
if [ -n "$rules" ] && [ -f "$rules/php.yar" ] && command -v yara >/dev/null; then
  # One run: it is by far the slowest.
  t_pmf=$(RUNS=1 best bash -c "cd '$rules' && yara -r -p '$threads' php.yar '$root'")
  s_pmf=$(awk '{print $2}' "$work/out" | score)
else
  t_pmf="-"
  s_pmf="not run (no rules: set PMF_RULES)|-"
fi

echo
echo "Tree: $total files ($samples planted samples, the rest clean), $threads threads, best of 3 (yara: 1 run)"
echo
printf "| %-34s | %-16s | %-15s | %9s |\n" "scanner" "samples found" "false positives" "time"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "------------------" "-----------------" "-----------"
report "secure-reopen scan" "$t_ours" "$s_ours"
report "find + xargs grep -E (same shapes)" "$t_grep" "$s_grep"
report "php-malware-finder (yara)" "$t_pmf" "$s_pmf"

# --- the slow path: 20 copies of a 214 KB webshell with a non-ASCII byte and a long base64 run
slow="$work/slow/public_html"
mkdir -p "$slow"
python3 - "$slow" <<'EOF'
import sys, random
random.seed(1)
a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
run = "".join(random.choice(a) for _ in range(214 * 1024 - 160))
src = "<?php\n// Kontrollpanel – «cache» ø\n$d = '" + run + "';\n$f = gzinflate(base64_decode($d));\n@eval($f);\n"
for i in range(20):
    open(f"{sys.argv[1]}/shell{i}.php", "w").write(src)
EOF
mb=$(du -sbc "$slow"/*.php | tail -1 | awk '{print $1 / 1048576}')
t_slow=$(best "$bin" scan "$slow" --threads 1)
found_slow=$(grep -c '^critical' "$work/out" || true)
awk -v t="$t_slow" -v mb="$mb" -v f="$found_slow" 'BEGIN { printf "\nSlow path: 20 x 214 KB webshells (non-ASCII, long base64), one thread: %.3f s for %.1f MB = %.1f ms per MB; %d of 20 found\n", t, mb, 1000 * t / mb, f }'
