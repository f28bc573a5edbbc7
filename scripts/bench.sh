#!/usr/bin/env bash
# Measures serving against the performance goals of issue 2 (a report, not a test: it exits 0 whatever the figures,
# and non-zero only when a measurement could not be taken). On this machine, with the 100-tree benchmark model and
# single-row requests:
#   1. in process (BenchmarkDotNet): the whole predict path without HTTP costs at most 2x a bare InferenceSession.Run;
#   2. over HTTP (wrk, keep-alive, 32 connections): predict throughput >= 50% of /api/health on the same server,
#      predict p99 <= 10 ms, and the prediction log costs at most 10% of predict throughput.
# Everything runs against a private Azurite and a Release server on free ports; both are stopped on exit.
# Environment: BENCH_DURATION (seconds per measured wrk run, default 15), BENCH_WARMUP (seconds of wrk before each,
# default 5), BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 2), BENCH_SKIP_BDN=1 or BENCH_SKIP_HTTP=1 to run
# one half, BENCH_BDN_FILTER (default '*'), BENCH_AZURITE_IN_MEMORY=1. Other settings reach the server through the
# environment (e.g. PredictionLog__BatchSize=2000). Takes about 5 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

duration=${BENCH_DURATION:-15}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
warmup=${BENCH_WARMUP:-5}
model=bench-trees
admin_key=bench-admin-key-not-secret
function_key=bench-function-key-not-secret

if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]] && ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)"
  sudo_cmd=(); (( EUID == 0 )) || sudo_cmd=(sudo)
  { "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null; }; } \
    || die "wrk is missing and apt-get could not install it"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-bench.XXXXXX")
azurite_pid=""; server_pid=""
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  [[ -n "$azurite_pid" ]] && "$ROOT/scripts/azurite.sh" stop "$azurite_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# Results, printed together at the end: name -> value.
declare -A result
declare -a verdicts=()
# verdict NAME VALUE OP LIMIT: records "pass" or "FAIL" for VALUE OP LIMIT (OP is <= or >=), or "n/a" without a value.
verdict() {
  local name=$1 value=$2 op=$3 limit=$4 ok
  if [[ -z "$value" ]]; then
    verdicts+=("$(printf '%-44s %10s   goal %s %s   n/a' "$name" "-" "$op" "$limit")"); return
  fi
  ok=$(awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN { print ((op == "<=" ? v <= l : v >= l) ? "pass" : "FAIL") }')
  verdicts+=("$(printf '%-44s %10s   goal %s %-6s %s' "$name" "$value" "$op" "$limit" "$ok")")
}

# The 1-minute load average before a phase starts: other work on this machine skews every figure that follows.
declare -a loads=()
note_load() { loads+=("$1: $(cut -d' ' -f1 /proc/loadavg)"); }

echo "bench: building (Release)"
dotnet build "$ROOT/bench/Mlops.Benchmarks" -c Release --verbosity quiet -nologo >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; die "the benchmark project does not build"; }
bench_dll="$ROOT/bench/Mlops.Benchmarks/bin/Release/net10.0/Mlops.Benchmarks.dll"

# ---- 1. In process: BenchmarkDotNet, before the server and Azurite start, so nothing else competes for the cores.
if [[ "${BENCH_SKIP_BDN:-}" != 1 ]]; then
  note_load "before BenchmarkDotNet"
  echo "bench: BenchmarkDotNet (in process; about 20 s per benchmark)"
  status=0
  dotnet run -c Release --no-build --project "$ROOT/bench/Mlops.Benchmarks" -- \
    --filter "${BENCH_BDN_FILTER:-*}" --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || status=$?
  if (( status != 0 )); then
    tail -n 60 "$work/bdn.log"
    echo "bench: BenchmarkDotNet exited with $status"
  fi
  sed -n '/^| Method/,/^$/p' "$work/bdn.log"
  while read -r _ name rest; do
    result["bdn.$name"]="$rest"
  done < <(grep '^bench-result ' "$work/bdn.log" || true)
  while IFS='=' read -r name value; do
    result["ratio.${name#bench-ratio }"]=$value
  done < <(grep '^bench-ratio ' "$work/bdn.log" || true)
fi

# ---- 2. Over HTTP: wrk against a Release server on this machine.
# wrk_run NAME URL LUA: DURATION seconds, keep-alive; sets result[NAME.rps], result[NAME.p99ms], result[NAME.errors].
wrk_run() {
  local name=$1 url=$2 lua=$3 out="$work/wrk-$1.txt"
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$lua" "$url" >/dev/null
  local server_before azurite_before
  server_before=$(cpu_ticks "$server_pid"); azurite_before=$(cpu_ticks "$azurite_pid")
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" "$url" >"$out"
  # CPU used during the run, in cores (CPU seconds per second): where the machine's two cores went.
  result["$name.server_cores"]=$(cores "$server_before" "$(cpu_ticks "$server_pid")")
  result["$name.azurite_cores"]=$(cores "$azurite_before" "$(cpu_ticks "$azurite_pid")")
  result["$name.rps"]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  # wrk prints latencies with a unit (us, ms or s); convert the 99th percentile to milliseconds.
  result["$name.p99ms"]=$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    printf "%.2f", (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v)) }' "$out")
  local bad; bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  local socket; socket=$(awk '/Socket errors:/ { print }' "$out")
  result["$name.errors"]=${bad:-0}
  printf 'bench: %-16s %8s req/s   p99 %7s ms   cpu: server %s, azurite %s cores%s%s\n' "$name" "${result[$name.rps]}" \
    "${result[$name.p99ms]}" "${result[$name.server_cores]}" "${result[$name.azurite_cores]}" \
    "$([[ -n "$bad" ]] && echo "   NON-2XX: $bad")" "$([[ -n "$socket" ]] && echo "   $socket")"
}

# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# cores BEFORE AFTER: CPU time between two cpu_ticks readings over the measured run, in cores.
cores() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" -v d="$duration" 'BEGIN { printf "%.2f", (b - a) / hz / d }'; }

# start_server LOG_ENABLED: the published server on a free port, the private Azurite, development keys.
start_server() {
  local port; port=$(free_port)
  base="http://127.0.0.1:$port"
  AzureWebJobsStorage=$connection \
  Security__AdminKeys__admin=$admin_key \
  Security__FunctionKeys__default=$function_key \
  PredictionLog__Enabled=$1 \
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
    dotnet "$work/server/Mlops.Server.dll" --urls "$base" >>"$work/server.log" 2>&1 &
  server_pid=$!
  wait_port "$port" 60 || { tail -n 50 "$work/server.log"; die "the server did not listen on $port within 60 s"; }
  local deadline=$((SECONDS + 30))
  until curl -fsS "$base/api/health" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { tail -n 50 "$work/server.log"; die "/api/health did not answer within 30 s"; }
    sleep 0.2
  done
}

# A predict call that must succeed before anything is measured (it also loads the session and caches the alias).
check_predict() {
  local body
  body=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -H "x-functions-key: $function_key" \
    --data-binary "$predict_json" "$base/api/models/$model/predict")
  [[ "${body##*$'\n'}" == 200 ]] || die "predict answered ${body##*$'\n'}: ${body%$'\n'*}"
  echo "bench: predict -> ${body%$'\n'*}"
}

if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]]; then
  echo "bench: publishing the server (Release)"
  dotnet publish "$ROOT/functions/Mlops.Server" -c Release -o "$work/server" --verbosity quiet -nologo >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; die "the server does not publish"; }

  dotnet "$bench_dll" emit-model "$work/model.onnx"
  predict_json=$(dotnet "$bench_dll" predict-json)

  blob=$(free_port); queue=$(free_port); table=$(free_port)
  # BENCH_AZURITE_IN_MEMORY=1 keeps Azurite's data in memory (isolates disk cost from the prediction log's).
  azurite_pid=$("$ROOT/scripts/azurite.sh" start "$work/azurite" "$blob" "$queue" "$table" \
    ${BENCH_AZURITE_IN_MEMORY:+--in-memory})
  connection=$(azurite_connection_string "$blob" "$queue" "$table")
  echo "bench: Azurite on ports $blob/$queue/$table (pid $azurite_pid)"

  cat >"$work/health.lua" <<LUA
wrk.method = "GET"
wrk.headers["x-functions-key"] = "$function_key"
LUA
  cat >"$work/predict.lua" <<LUA
wrk.method = "POST"
wrk.body = '$predict_json'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-functions-key"] = "$function_key"
LUA

  note_load "before wrk"
  # Logging enabled (the default configuration) first; it also registers the model.
  start_server true
  echo "bench: server up at $base (pid $server_pid, prediction log on)"
  status=$(curl -sS -o "$work/register.json" -w '%{http_code}' -H "x-functions-key: $admin_key" \
    -F "model=@$work/model.onnx;type=application/octet-stream" "$base/api/models/$model/versions")
  [[ "$status" == 201 || "$status" == 200 ]] || die "registering the model answered $status: $(cat "$work/register.json")"
  status=$(curl -sS -o "$work/alias.json" -w '%{http_code}' -X PUT -H "x-functions-key: $admin_key" \
    -H 'Content-Type: application/json' --data '{"version":1}' "$base/api/models/$model/aliases/champion")
  [[ "$status" == 200 || "$status" == 201 ]] || die "setting champion answered $status: $(cat "$work/alias.json")"
  check_predict
  wrk_run health.log-on "$base/api/health" "$work/health.lua"
  wrk_run predict.log-on "$base/api/models/$model/predict" "$work/predict.lua"
  stop_server

  start_server false
  echo "bench: server up at $base (pid $server_pid, prediction log off)"
  check_predict
  wrk_run health.log-off "$base/api/health" "$work/health.lua"
  wrk_run predict.log-off "$base/api/models/$model/predict" "$work/predict.lua"
  stop_server
fi

# ---- Summary.
ratio() { [[ -n "${1:-}" && -n "${2:-}" && "$2" != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "bench: summary ($(nproc) cores; wrk -t$threads -c$connections -d${duration}s, keep-alive; 100-tree model, one row)"
for key in $(printf '%s\n' "${!result[@]}" | grep '^bdn\.' | sort); do
  printf '  %-30s %s\n' "${key#bdn.}" "${result[$key]}"
done
for name in health.log-on predict.log-on health.log-off predict.log-off; do
  [[ -n "${result[$name.rps]:-}" ]] || continue
  printf '  %-30s %8s req/s   p99 %7s ms   non-2xx %s   cpu: server %s, azurite %s cores\n' "$name" "${result[$name.rps]}" \
    "${result[$name.p99ms]}" "${result[$name.errors]}" "${result[$name.server_cores]}" "${result[$name.azurite_cores]}"
done
echo
verdict "in-process predict / bare Run (x)" "${result[ratio.PredictPath/BareRun]:-}" "<=" 2
if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]]; then
  verdict "HTTP predict / health, log on" "$(ratio "${result[predict.log-on.rps]}" "${result[health.log-on.rps]}")" ">=" 0.5
  verdict "HTTP predict / health, log off" "$(ratio "${result[predict.log-off.rps]}" "${result[health.log-off.rps]}")" ">=" 0.5
  verdict "HTTP predict p99 ms, log on" "${result[predict.log-on.p99ms]}" "<=" 10
  verdict "HTTP predict p99 ms, log off" "${result[predict.log-off.p99ms]}" "<=" 10
  verdict "predict throughput log on / log off" "$(ratio "${result[predict.log-on.rps]}" "${result[predict.log-off.rps]}")" ">=" 0.9
  for name in health.log-on predict.log-on health.log-off predict.log-off; do
    [[ "${result[$name.errors]}" == 0 ]] || echo "  warning: $name had ${result[$name.errors]} non-2xx responses; its figures are not valid"
  done
fi
printf '  %s\n' "${verdicts[@]}"
echo "  load average (1 min, $(nproc) cores): $(printf '%s; ' "${loads[@]}")"
busy=$(printf '%s\n' "${loads[@]}" | awk -F': ' -v n="$(nproc)" '$2 > n / 2 { b = 1 } END { print b + 0 }')
(( busy == 0 )) || echo "  warning: the machine was busy with other work; run again on an idle machine before trusting the figures"
