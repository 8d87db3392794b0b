#!/usr/bin/env bash
# Throughput and peak memory of `tally run` on a synthetic corpus made of
# COPIES copies of each raw text (default 200, about 16 MB). Prints MB/s and
# the peak resident set size; memory should stay flat as COPIES grows.
set -euo pipefail
bin=${1:?usage: bench/run.sh path/to/tally}
copies=${COPIES:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/raw"
for i in $(seq 1 "$copies"); do
    for f in raw/*.txt; do cp "$f" "$work/raw/$(basename "$f" .txt)-$i.txt"; done
done
bytes=$(cat "$work"/raw/*.txt | wc -c)
start=$(date +%s.%N)
python3 - "$bin" "$work" <<'PY'
import resource, subprocess, sys
bin, work = sys.argv[1], sys.argv[2]
subprocess.run([bin, "run", "--raw", f"{work}/raw", "--out", f"{work}/out", "--no-review"],
               check=True, stderr=subprocess.DEVNULL)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak_rss_mb {peak_kb / 1024:.1f}")
PY
end=$(date +%s.%N)
python3 -c "
b, s = $bytes, $end - $start
print(f'corpus_mb {b/1e6:.1f}  files $(ls "$work/raw" | wc -l)  seconds {s:.2f}  mb_per_s {b/1e6/s:.2f}')"
