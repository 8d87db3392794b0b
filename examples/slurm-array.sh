#!/usr/bin/env bash
# tally over a cluster with Slurm: one array task per shard, then one job
# that merges the shards and publishes. Nothing here is specific to tally
# beyond the three commands; a Kubernetes Indexed Job or a CI matrix runs
# the same `extract --shard K/N` with its own index variable.
#
#   sbatch --array=0-31 examples/slurm-array.sh extract   # 32 shards
#   sbatch --dependency=afterok:<array job id> examples/slurm-array.sh publish
#
# RAW, WORK and SHARDS may be set in the environment; every task must see the
# same RAW and WORK (a shared filesystem). The shard count is the array's
# size: tally merge refuses a set of shards with one missing or doubled.
#SBATCH --job-name=tally
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=01:00:00
set -euo pipefail

TALLY=${TALLY:-target/debug/tally}
RAW=${RAW:-raw}
WORK=${WORK:-work}
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:-32}}

case "${1:?usage: slurm-array.sh extract|publish}" in
extract)
    shard=${SLURM_ARRAY_TASK_ID:?run extract as an array job (sbatch --array=0-N)}
    # Each task writes only its own directory, so tasks never race.
    "$TALLY" --quiet extract --raw "$RAW" --extracted "$WORK/shard-$shard" \
        --shard "$shard/$SHARDS" --review review/figures.csv
    ;;
publish)
    "$TALLY" merge --into "$WORK/extracted" "$WORK"/shard-*
    "$TALLY" normalize --extracted "$WORK/extracted" --normalized "$WORK/normalized"
    "$TALLY" publish --normalized "$WORK/normalized" --out output
    ;;
*)
    echo "slurm-array.sh: unknown step '$1' (extract or publish)" >&2
    exit 2
    ;;
esac
