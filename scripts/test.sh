#!/usr/bin/env bash
# Runs every test project of Serverless.Local.slnf against a private Azurite on free ports, then stops it (also on
# failure). Extra arguments go to 'dotnet test' (e.g. --filter Registry). Last line: 'N passed, N failed[, N skipped]'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

start_private_azurite test
echo "test: Azurite on ports $blob/$queue/$table (pid $azurite_pid)"

export MLOPS_TEST_STORAGE
MLOPS_TEST_STORAGE=$azurite_connection

status=0
missing=0
dotnet build "$ROOT/Serverless.Local.slnf" --verbosity quiet -nologo || status=$?
if (( status == 0 )); then
  # One project at a time, each into its own results folder: no TRX name clashes, and 2 cores are not oversubscribed.
  for project in $(sed -n 's/.*"\(tests\/[^"]*\.csproj\)".*/\1/p' "$ROOT/Serverless.Local.slnf"); do
    name=$(basename "$project" .csproj)
    dotnet test "$ROOT/$project" --no-build --logger "trx" --results-directory "$work/results/$name" "$@" || status=$?
    if ! ls "$work/results/$name"/*.trx >/dev/null 2>&1; then
      echo "test: $name produced no results (its test host did not report); counting it as a failure"
      missing=$((missing + 1))
    fi
  done
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$work"/results/*/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  p=$(attr passed); f=$(attr failed); e=$(attr error); t=$(attr total); x=$(attr executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${t:-0} - ${x:-0}))
done
trx_count=$(ls "$work"/results/*/*.trx 2>/dev/null | wc -l)
failed=$((failed + missing))
if (( status != 0 && failed == 0 )); then
  failed=1  # the build or a test host failed before reporting; count it so the run is red
  echo "test: dotnet test exited with $status before reporting a failure (build error or crashed test host)"
fi
if (( trx_count == 0 && status == 0 )); then
  echo "test: no test results were produced"; failed=1
fi
line="$passed passed, $failed failed"
(( skipped > 0 )) && line="$line, $skipped skipped"
echo "$line"
(( failed == 0 ))
