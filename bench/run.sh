#!/usr/bin/env bash
# Throughput and peak memory of each stage on a synthetic corpus of SIZE bytes
# (bench/corpus.py; default 100M). Figures, not pass/fail: speed and memory
# targets live here, never in a timed test.
#
#   bench/run.sh path/to/tally [SIZE]
#
# Prints, per stage, seconds, MB/s of source text and peak resident memory,
# then the same for the whole of `tally run`. Memory should stay flat as SIZE
# grows; MB/s should grow with the cores.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/run.sh path/to/tally [SIZE]}")
size=${2:-${SIZE:-100M}}
work=${BENCH_DIR:-target/bench}/$size
if [ ! -d "$work/raw" ]; then
    python3 bench/corpus.py "$size" "$work/raw.partial"
    mv "$work/raw.partial" "$work/raw"
fi
bytes=$(du -sb --apparent-size "$work/raw" | cut -f1)
rm -rf "$work/extracted" "$work/normalized" "$work/output" "$work/run"

# Runs one command; prints its wall time and peak RSS (from the kernel's
# accounting of the child, via Python, as GNU time may not be installed).
measure() {
    local stage=$1
    shift
    python3 - "$stage" "$bytes" "$@" <<'PY'
import resource, subprocess, sys, time
stage, size, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
start = time.perf_counter()
subprocess.run(command, check=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{stage:<10} {size / 1e6:8.1f} MB {seconds:8.2f} s {size / 1e6 / seconds:8.2f} MB/s {peak:8.0f} MB peak")
PY
}

echo "bench: $bin on $work/raw ($(ls "$work/raw" | wc -l) files), $(nproc) cores"
measure extract "$bin" --quiet extract --raw "$work/raw" --extracted "$work/extracted" --no-review
measure normalize "$bin" --quiet normalize --extracted "$work/extracted" --normalized "$work/normalized"
measure publish "$bin" --quiet publish --normalized "$work/normalized" --out "$work/output"
measure run "$bin" --quiet run --raw "$work/raw" --out "$work/run" --no-review
