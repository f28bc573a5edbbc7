#!/usr/bin/env bash
# Benchmarks feature materialization into a private in-memory Azurite on free ports (stopped afterwards): 1,000,000
# source rows x 10 features read from Parquet, transformed, written to the offline store (Parquet) and the online store
# (Tables) with entity-group batches, and a sample written with one upsert per request, as rows/s; peak memory.
# Extra arguments go to the benchmark (--rows N --single-sample N --parallelism N). A report: exits 0 whatever the figures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

start_private_azurite bench

dotnet build "$ROOT/bench/Mlops.Features.Bench" --configuration Release --verbosity quiet -nologo \
  || die "the benchmark did not build; run 'dotnet build bench/Mlops.Features.Bench -c Release' to see why."
MLOPS_BENCH_STORAGE=$azurite_connection \
  dotnet "$ROOT/bench/Mlops.Features.Bench/bin/Release/net10.0/Mlops.Features.Bench.dll" "$@"
