#!/usr/bin/env python3
"""Scores a scanner's flagged paths (one per line on stdin) for scripts/bench-sweep.sh.

Planted files live in folders named partNNN (the project's corpus), holdNNN (held-out shapes)
and realNNNNN (a real corpus; the manifest maps each to its group). Anything else flagged is a
clean file: a false positive. Prints "fixtures|held-out|real|false positives" and writes one
"group|found / files (pct)" line per real group to GROUPS_OUT."""
import collections
import re
import sys

samples, heldout, manifest, groups_out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
group = {}
for line in open(manifest, encoding="utf-8"):
    key, g = line.rstrip("\n").split("\t")
    group[key] = g
marks = re.compile(r"/(part\d{3}|hold\d{3}|real\d{5})/")
found, held, real, fp = set(), set(), set(), set()
for path in sys.stdin:
    path = path.strip()
    if not path:
        continue
    m = marks.search(path)
    if not m:
        fp.add(path)
    elif m.group(1).startswith("part"):
        found.add(m.group(1))
    elif m.group(1).startswith("hold"):
        held.add(m.group(1))
    else:
        real.add(m.group(1))


def pct(k, n):
    return f"{k} / {n} ({100 * k / n:.1f} %)" if n else "-"


per = collections.Counter(group.values())
hit = collections.Counter(group[r] for r in real if r in group)
with open(groups_out, "w", encoding="utf-8") as out:
    for g in sorted(per):
        out.write(f"{g}|{pct(hit[g], per[g])}\n")
print(f"{pct(len(found), samples)}|{pct(len(held), heldout)}|{pct(len(real), len(group))}|{len(fp)}")
