#!/usr/bin/env bash
# Benchmarks the embedded workflow engine against a private in-memory Azurite on free ports (stopped afterwards):
# chains of 5 no-op activities and fan-outs of 100, as activities/s and storage operations per activity.
# Extra arguments go to the benchmark (--chains N --fanouts N --rounds N).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

start_private_azurite bench

dotnet build "$ROOT/bench/Mlops.Workflows.Bench" --configuration Release --verbosity quiet -nologo \
  || die "the benchmark did not build; run 'dotnet build bench/Mlops.Workflows.Bench -c Release' to see why."
MLOPS_BENCH_STORAGE=$azurite_connection MLOPS_BENCH_AZURITE_PID=$azurite_pid \
  dotnet "$ROOT/bench/Mlops.Workflows.Bench/bin/Release/net10.0/Mlops.Workflows.Bench.dll" "$@"
