#!/usr/bin/env bash
# The platform's loop on one machine, step by step: generate churn data -> upload it to training-data/ -> POST
# /api/train (a sweep recorded as runs, the best registered with lineage, not promoted) -> look at the runs -> set the
# champion alias -> predict with curl.
#
#   scripts/demo.sh [--rows 5000] [--seed 1] [--model churn] [--keep-server]
#
# Uses the server at $MLOPS_URL (default http://127.0.0.1:7071) when it answers; otherwise starts one with
# scripts/start.sh and stops it at the end (--keep-server leaves it running). Keys: the development keys start.sh
# uses, or Security__AdminKeys__admin / Security__FunctionKeys__default from the environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rows=5000 seed=1 model=churn keep_server=0
while (( $# > 0 )); do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --keep-server) keep_server=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1'; see scripts/demo.sh --help." ;;
  esac
done

command -v curl >/dev/null || die "curl is not on PATH (Debian: apt-get install curl)."
command -v jq >/dev/null || die "jq is not on PATH (Debian: apt-get install jq)."

export MLOPS_URL=${MLOPS_URL:-http://127.0.0.1:7071}
url=$MLOPS_URL
admin_key=${Security__AdminKeys__admin:-dev-admin-key-change-me}
function_key=${Security__FunctionKeys__default:-dev-function-key-change-me}
work="$ROOT/.data/demo"
mkdir -p "$work"

step() { printf '\n== %s\n' "$*"; }

# call METHOD PATH KEY [JSON BODY]: prints the response body; fails with the server's problem details on an error.
call() {
  local method=$1 path=$2 key=$3 body=${4:-} out status
  out=$(mktemp "$work/response.XXXXXX")
  local args=(-sS -o "$out" -w '%{http_code}' -X "$method" -H "x-functions-key: $key")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  status=$(curl "${args[@]}" "$url$path") || { rm -f "$out"; die "$method $path: no answer from $url."; }
  if (( status >= 400 )); then
    echo "error: $method $path answered $status:" >&2
    jq . "$out" >&2 2>/dev/null || cat "$out" >&2
    rm -f "$out"
    exit 1
  fi
  cat "$out"
  rm -f "$out"
}

server_pid=
stop_server() {
  if [[ -n "$server_pid" ]] && (( keep_server == 0 )); then
    echo "demo: stopping the server it started (pid $server_pid); Azurite keeps running (scripts/stop.sh stops it)"
    kill -- "-$server_pid" 2>/dev/null || true
  fi
}

step "1. Server"
if curl -fsS "$url/api/health" >/dev/null 2>&1; then
  echo "demo: using the server already running at $url"
else
  # Azurite first, so the server's process group below holds only the server and stopping it leaves Azurite alone.
  "$ROOT/scripts/bootstrap.sh"
  if [[ "${AzureWebJobsStorage:-UseDevelopmentStorage=true}" == "UseDevelopmentStorage=true" ]]; then
    ensure_azurite demo
  fi
  echo "demo: starting the server (scripts/start.sh; it builds in Release first), log in .data/demo/server.log"
  setsid "$ROOT/scripts/start.sh" >"$work/server.log" 2>&1 &
  server_pid=$!
  trap stop_server EXIT
  deadline=$((SECONDS + 600))
  until curl -fsS "$url/api/health" >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$work/server.log" >&2; die "the server exited; see .data/demo/server.log."; }
    (( SECONDS < deadline )) || die "the server did not answer $url/api/health within 600 s; see .data/demo/server.log."
    sleep 1
  done
  echo "demo: server up at $url"
fi
curl -fsS "$url/api/health" | jq -c .

step "2. Generate $rows churn customers (seed $seed) with the demo data generator"
dotnet build "$ROOT/tools/Mlops.Tool" -c Release --verbosity quiet -nologo >/dev/null \
  || die "building tools/Mlops.Tool failed; run 'dotnet build tools/Mlops.Tool' to see why."
tool() { dotnet "$ROOT/tools/Mlops.Tool/bin/Release/net10.0/mlops.dll" "$@"; }
tool demo-data --rows "$rows" --seed "$seed" --out "$work/churn.csv"
head -n 3 "$work/churn.csv"

step "3. Upload it to the training-data container"
blob_path="$model/demo-$rows-seed$seed.csv"
tool upload "$work/churn.csv" "blob://training-data/$blob_path"

step "4. Train: a sweep over LightGBM (grid x random search) and a linear model, best by validation AUC"
request=$(jq -n --arg model "$model" --arg data "blob://training-data/$blob_path" --argjson seed "$seed" '{
  model: $model,
  data: $data,
  label: "churned",
  columns: {customer_id: {role: "id"}},
  trainers: [
    {trainer: "lightgbm",
     parameters: {numberOfIterations: 100},
     search: {numberOfLeaves: [8, 31], learningRate: {min: 0.03, max: 0.3, scale: "log"}},
     samples: 4},
    {trainer: "linear"}
  ],
  metric: "auc",
  seed: $seed,
  description: "Churn model trained by scripts/demo.sh",
  tags: {source: "demo"}
}')
echo "$request" | jq -c .
trained=$(call POST /api/train "$admin_key" "$request")
echo "$trained" | jq '{version: .version.version, sweepId, bestRunId, runs: (.runIds | length), failedRuns, durationMs, rows,
  metric, testMetrics, baselineMetrics, dataUri, profileUri: .version.profileUri, lineage: .version.lineage}'
version=$(jq -r '.version.version' <<<"$trained")
experiment=$(jq -r '.experiment' <<<"$trained")

step "5. The runs of experiment '$experiment', best validation AUC first"
runs=$(call GET "/api/experiments/$experiment/runs?orderBy=auc&sweep=$(jq -r .sweepId <<<"$trained")" "$function_key")
jq -r '.runs[] | [.runId, .trainer, (.parameters.numberOfLeaves // "-"), (.parameters.learningRate // "-"), (.metrics.auc * 1000 | round / 1000), (.durationMs | round | tostring + " ms"), (if .selected then "selected" else "" end)] | @tsv' <<<"$runs" \
  | column -t -s $'\t'
first=$(jq -r '.runs[0].runId' <<<"$runs")
second=$(jq -r '.runs[1].runId' <<<"$runs")
echo "compare $first and $second:"
call GET "/api/experiments/$experiment/compare?runs=$first,$second" "$function_key" \
  | jq -c '.parameters[], .metrics[] | select(.differs) | {name, values}'

step "6. Promote: point the champion alias at version $version"
call PUT "/api/models/$model/aliases/champion" "$admin_key" "{\"version\": $version}" | jq -c .

step "7. Predict three new customers with the champion"
tool demo-data --rows 3 --seed $((seed + 1000)) --format records --out "$work/customers.json" >/dev/null
inputs=$(call GET "/api/models/$model/versions/$version" "$function_key" | jq -c '[.signature.inputs[].name]')
body=$(jq -c --argjson inputs "$inputs" '{dataframe_records: [.[] | with_entries(select(.key as $k | $inputs | index($k)))]}' "$work/customers.json")
echo "$body" | jq -c '.dataframe_records[0]'
echo "curl -X POST $url/api/models/$model/predict -H 'x-functions-key: ...' -d '<3 rows as above>'"
call POST "/api/models/$model/predict" "$function_key" "$body" | jq .

step "Done"
echo "model '$model' version $version is the champion; runs: $url/api/experiments/$experiment/runs; profile: $url/api/models/$model/versions/$version/profile"
