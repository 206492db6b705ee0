#!/usr/bin/env bash
# Benchmark of the persistence sweep: recall, false positives and time on the corpus of
# attackers' shapes (tests/fixtures/sweep/malicious) planted inside a large clean tree (the
# Debian packages of WordPress, phpMyAdmin, Roundcube, DokuWiki, MediaWiki and /usr/share/php,
# plus a generated tree with non-ASCII and long-blob files), side by side with
#   - find | xargs grep -E with the same shapes written as patterns, and
#   - php-malware-finder's YARA rules through Debian's `yara`, when the rules are available
#     (PMF_RULES=dir holding php.yar, or a fetched mirror at $PMF_MIRROR).
# The held-out shapes (tests/fixtures/sweep/heldout, written after the detector was frozen) are
# planted too and scored apart. Runs are interleaved (ours, grep, ours, grep…; yara once, it is
# by far the slowest) and each tool's median and spread are printed, as wall-clock time and as
# CPU time (user + system of the tool and its children: what the machine spends, steady even
# when other work shares the cores). Also the cost of the slow path: 20 copies of a 214 KB
# webshell with a non-ASCII byte and a long base64 run, in ms per MB. Local only; needs the
# Debian packages scripts/test.sh installs.
#
#   ./scripts/bench-sweep.sh [GENERATED_FILES]     (default 60000: about 100k files in all)
#   RUNS=5 THREADS=2 ./scripts/bench-sweep.sh
#
# With a real corpus (kept outside the repository: public malware collections are learned
# from, never committed), the clean tree is REAL_CLEAN instead of the Debian packages, and
# every file of every group folder under each REAL_MALWARE root (colon-separated) is planted
# too and scored per group:
#   REAL_CLEAN=/work/corpus/clean REAL_MALWARE=/work/corpus/tune:/work/corpus-held \
#     ./scripts/bench-sweep.sh 0
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-60000}
real_clean=${REAL_CLEAN:-}
real_malware=${REAL_MALWARE:-}
threads=${THREADS:-2}
cargo build --release --quiet --examples --bins
bin=./target/release/secure-reopen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/home/public_html"
mkdir -p "$root"
if [ -n "$real_clean" ]; then
  cp -r "$real_clean"/. "$root/"
else
  for d in /usr/share/wordpress /usr/share/phpmyadmin /usr/share/roundcube /usr/share/dokuwiki /usr/share/mediawiki /usr/share/php; do
    [ -d "$d" ] || { echo "missing $d: run ./scripts/test.sh first" >&2; exit 2; }
    cp -r "$d" "$root/$(basename "$d")"
  done
fi
[ "$n" -gt 0 ] && ./target/release/examples/gen_tree "$root/site" "$n" >/dev/null
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
h=0
for s in tests/fixtures/sweep/heldout/*; do
  dest="${dirs[$(((h * 7 + 3) % ${#dirs[@]}))]}/hold$(printf %03d $h)"
  mkdir -p "$dest"
  if [ -d "$s" ]; then cp "$s"/* "$s"/.[!.]* "$dest"/ 2>/dev/null || true; else cp "$s" "$dest/"; fi
  h=$((h + 1))
done
heldout=$h
# The real corpus: each file in a folder realNNNNN of its own; the manifest names its group.
: >"$work/manifest"
r=0
IFS=: read -r -a malware_roots <<<"$real_malware"
for m in "${malware_roots[@]}"; do
  [ -n "$m" ] || continue
  set_name=$(basename "$m")
  while IFS= read -r -d '' f; do
    rel=${f#"$m"/}
    dest="${dirs[$(((r * 13 + 5) % ${#dirs[@]}))]}/real$(printf %05d $r)"
    mkdir -p "$dest"
    cp "$f" "$dest/"
    printf 'real%05d\t%s/%s\n' "$r" "$set_name" "${rel%%/*}" >>"$work/manifest"
    r=$((r + 1))
  done < <(find "$m" -type f -print0 | sort -z)
done
total=$(find "$root" -type f | wc -l)
sync

once() { # NAME CMD...: one run, output to $work/NAME.out, "wall cpu" appended to $work/NAME.times
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/$name.out" 2>/dev/null || true
  tail -1 "$work/t" | awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024 }' >>"$work/$name.times"
}

stats() { # NAME: "median (min–max)" of wall and CPU seconds, and the largest peak RSS
  sort -n -k1 "$work/$1.times" | awk '{ w[NR] = $1 } END { printf "%.2f (%.2f–%.2f)", (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2, w[1], w[NR] }'
  printf " | "
  sort -n -k2 "$work/$1.times" | awk '{ c[NR] = $2 } END { printf "%.2f (%.2f–%.2f)", (NR % 2) ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2, c[1], c[NR] }'
  printf " | "
  sort -n -k3 "$work/$1.times" | awk '{ m = $3 } END { printf "%d MB", m }'
}

# Counts flagged paths (one per line on stdin): samples found, held-out samples found, real
# corpus files found (in all, and per group into $work/NAME.groups), clean files flagged.
score() {
  python3 scripts/sweep_score.py "$samples" "$heldout" "$work/manifest" "$work/$1.groups"
}

report() { # name score timing
  IFS='|' read -r found held real fp <<<"$2"
  printf "| %-34s | %-16s | %-16s | %-20s | %-15s | %s |\n" "$1" "$found" "$held" "$real" "$fp" "$3"
}

# --- ours
ours() { once ours "$bin" scan "$root" --json --threads "$threads"; }

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
grep_run() { once grep bash -c grep_anchor; }

# --- php-malware-finder's YARA rules
rules=${PMF_RULES:-}
mirror=${PMF_MIRROR:-/work/.mirror/jvoisin+php-malware-finder/repo}
if [ -z "$rules" ] && [ -d "$mirror" ]; then
  mkdir -p "$work/pmf"
  git --git-dir="$mirror" archive HEAD data | tar -x -C "$work/pmf"
  rules="$work/pmf/data"
fi
runs=${RUNS:-5}
pmf=0
[ -n "$rules" ] && [ -f "$rules/php.yar" ] && command -v yara >/dev/null && pmf=1
# A first unmeasured pass of each warms the page cache for both.
"$bin" scan "$root" --threads "$threads" >/dev/null 2>&1 || true
bash -c grep_anchor >/dev/null
for r in $(seq "$runs"); do
  if [ $((r % 2)) = 1 ]; then ours; grep_run; else grep_run; ours; fi
  # One yara run, in the middle of the others: it is by far the slowest.
  if [ "$pmf" = 1 ] && [ "$r" = $(((runs + 1) / 2)) ]; then
    once pmf bash -c "cd '$rules' && yara -r -p '$threads' php.yar '$root'"
  fi
done
s_ours=$(python3 -c 'import json,sys; [print(f["path"]) for f in json.load(open(sys.argv[1]))["findings"]]' "$work/ours.out" | sed 's|^|/|' | score ours)
s_grep=$(score grep <"$work/grep.out")
if [ "$pmf" = 1 ]; then
  s_pmf=$(awk '{print $2}' "$work/pmf.out" | score pmf)
  t_pmf="$(stats pmf) (1 run)"
else
  s_pmf="not run (no rules: set PMF_RULES)|-|-|-"
  t_pmf="- | -"
fi

echo
echo "Tree: $total files ($samples planted samples, $heldout held-out samples, the rest clean), $threads threads,"
echo "$runs interleaved runs each (yara: 1); times in seconds, median (min–max); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf "| %-34s | %-16s | %-16s | %-20s | %-15s | %s |\n" "scanner" "samples found" "held-out found" "real corpus found" "false positives" "wall s | CPU s | peak RSS"
printf "|%s|%s|%s|%s|%s|%s|\n" "------------------------------------" "------------------" "------------------" "----------------------" "-----------------" "---------------------------------------"
report "secure-reopen scan" "$s_ours" "$(stats ours)"
report "find + xargs grep -E (same shapes)" "$s_grep" "$(stats grep)"
report "php-malware-finder (yara)" "$s_pmf" "$t_pmf"
if [ -s "$work/manifest" ]; then
  echo
  echo "Real corpus per group (found / files):"
  paste -d'|' "$work/ours.groups" "$work/grep.groups" "$work/pmf.groups" 2>/dev/null |
    awk -F'|' 'BEGIN { printf "| %-28s | %-18s | %-18s | %-18s |\n", "group", "secure-reopen", "grep", "php-malware-finder" }
               { printf "| %-28s | %-18s | %-18s | %-18s |\n", $1, $2, $4, $6 }'
fi

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
for _ in $(seq "$runs"); do once slow "$bin" scan "$slow" --threads 1; done
found_slow=$(grep -c '^critical' "$work/slow.out" || true)
sort -n -k2 "$work/slow.times" | awk -v mb="$mb" -v f="$found_slow" '{ w[NR] = $1; c[NR] = $2 } END {
  m = (NR + 1) / 2; m = int(m)
  printf "\nSlow path: 20 x 214 KB webshells (non-ASCII, long base64), one thread, %d runs: CPU %.3f s (median) for %.1f MB = %.1f ms per MB (worst run %.1f ms per MB; wall %.3f s); %d of 20 found\n", NR, c[m], mb, 1000 * c[m] / mb, 1000 * c[NR] / mb, w[m], f }'
