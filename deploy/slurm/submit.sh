#!/usr/bin/env bash
# Runs an mvsim command as a Slurm job array of SHARDS tasks, then merges their partial
# files in a job that starts when every task has succeeded:
#
#   deploy/slurm/submit.sh SHARDS OUT mvsim-arguments...
#   deploy/slurm/submit.sh 16 results/baseline-10k.json run scenarios/baseline-2022.yaml --seeds 1..10000
#
# OUT is where the merged file goes (each task writes OUT's .part-I-of-SHARDS.json).
# Prints the two job ids. Pass sbatch options (partition, account, time) through
# SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, which sbatch reads itself.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 SHARDS OUT mvsim-arguments..." >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
shards=$1
out=$2
shift 2
mkdir -p "$(dirname "$out")"
array=$(sbatch --parsable --array=1-"$shards" "$here/mvsim-shard.sbatch" "$@" --out "$out")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes "$here/mvsim-merge.sbatch" "$out" "$shards")
echo "array ${array} (${shards} tasks), merge ${merge%%;*} -> ${out}"
