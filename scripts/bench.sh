#!/usr/bin/env bash
# Measures serving against the performance goals of issue 2, and the feature store's online lookup and point-in-time
# join against issue 6's (a report, not a test: it exits 0 whatever the figures,
# and non-zero only when a measurement could not be taken). On this machine, with the 100-tree benchmark model and
# single-row requests:
#   1. in process (BenchmarkDotNet): the whole predict path without HTTP costs at most 2x a bare InferenceSession.Run;
#   2. over HTTP (wrk, keep-alive, 32 connections): predict throughput >= 50% of /api/health on the same server,
#      predict p99 <= 10 ms, and the prediction log costs at most 10% of predict throughput.
# Everything runs against a private Azurite and two Release servers (prediction log on and off) on free ports, all
# stopped on exit; the four HTTP measurements alternate for BENCH_ROUNDS rounds and the summary gives medians.
# Environment: BENCH_ROUNDS (default 3), BENCH_DURATION (seconds per measured wrk run, 10), BENCH_WARMUP (seconds of
# wrk before each, 3), BENCH_CONNECTIONS (32), BENCH_THREADS (wrk threads, 2), BENCH_SKIP_BDN=1 or BENCH_SKIP_HTTP=1
# to run one half, BENCH_BDN_FILTER (default '*'), BENCH_AZURITE_IN_MEMORY=1. Other settings reach the servers through
# the environment (e.g. PredictionLog__BatchSize=2000). Phase 3 runs scripts/bench-features.sh (materialization) and
# phase 4 the online feature lookups; BENCH_SKIP_FEATURES=1 skips both. Phase 5 (issue 3's goals; BENCH_SKIP_TRAINING=1
# skips it) runs bench/Mlops.Training.Bench: the training path against the bare ML.NET trainer (BenchmarkDotNet) and
# 100k-row scoring in ONNX Runtime against ML.NET in wall and CPU time. Takes about 6 minutes, 15 with phases 3-5.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

duration=${BENCH_DURATION:-10}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
warmup=${BENCH_WARMUP:-3}
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
azurite_pid=""
declare -A server_pid=() server_url=()
stop_servers() {
  local name pid
  for name in "${!server_pid[@]}"; do
    pid=${server_pid[$name]}
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    unset "server_pid[$name]"
  done
}
cleanup() {
  stop_servers
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

# ---- 2. Over HTTP: wrk against two Release servers on this machine, one with the prediction log and one without,
# measured alternately for several rounds so that drift in other load on the machine hits all four figures alike.
# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# cores BEFORE AFTER: CPU time between two cpu_ticks readings over a measured run, in cores.
cores() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" -v d="$duration" 'BEGIN { printf "%.2f", (b - a) / hz / d }'; }
# median [--int] VALUES...: the median of numbers (empty when there are none), with two decimals or none.
median() {
  local format=%.2f; [[ "${1:-}" == --int ]] && { format=%.0f; shift; }
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk -v f="$format" '{ v[NR] = $1 }
    END { if (NR) printf f, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
ratio() { [[ -n "${1:-}" && -n "${2:-}" && "$2" != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# wrk_run LABEL ROUND SERVER PATH LUA: warm-up, then one measured run; results under result[LABEL.ROUND.*].
wrk_run() {
  local label=$1 round=$2 server=$3 url="${server_url[$3]}$4" lua=$5 key="$1.$2" out="$work/wrk-$1.$2.txt"
  local pid=${server_pid[$server]}
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$lua" "$url" >/dev/null
  local server_before azurite_before timer=()
  server_before=$(cpu_ticks "$pid"); azurite_before=$(cpu_ticks "$azurite_pid")
  [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f '%U %S' -o "$out.time")
  "${timer[@]}" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" "$url" >"$out"
  # CPU used during the run, in cores (CPU seconds per second): where the machine's cores went.
  result["$key.server_cores"]=$(cores "$server_before" "$(cpu_ticks "$pid")")
  result["$key.azurite_cores"]=$(cores "$azurite_before" "$(cpu_ticks "$azurite_pid")")
  result["$key.wrk_cores"]=$(awk -v d="$duration" '{ printf "%.2f", ($1 + $2) / d }' "$out.time" 2>/dev/null || true)
  result["$key.rps"]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  # wrk prints latencies with a unit (us, ms or s); convert the 99th percentile to milliseconds.
  result["$key.p99ms"]=$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    printf "%.2f", (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v)) }' "$out")
  # Server + Azurite CPU per request, in microseconds: what a request costs the machine apart from the load generator.
  result["$key.cpu_us"]=$(awk -v s="${result[$key.server_cores]}" -v a="${result[$key.azurite_cores]}" -v r="${result[$key.rps]}" \
    'BEGIN { if (r > 0) printf "%.1f", (s + a) * 1e6 / r }')
  local bad socket
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  socket=$(awk '/Socket errors:/ { print }' "$out")
  (( ${bad:-0} == 0 )) || errors+=("$label round $round: $bad non-2xx responses")
  printf 'bench: round %s %-16s %7s req/s   p99 %7s ms   cores: server %s, azurite %s, wrk %s   cpu/request %s us%s\n' \
    "$round" "$label" "${result[$key.rps]}" "${result[$key.p99ms]}" "${result[$key.server_cores]}" \
    "${result[$key.azurite_cores]}" "${result[$key.wrk_cores]:-?}" "${result[$key.cpu_us]}" "${socket:+   $socket}"
}

# start_server NAME LOG_ENABLED: the published server on a free port, the private Azurite, development keys.
start_server() {
  local port url; port=$(free_port); url="http://127.0.0.1:$port"
  AzureWebJobsStorage=$connection \
  Security__AdminKeys__admin=$admin_key \
  Security__FunctionKeys__default=$function_key \
  PredictionLog__Enabled=$2 \
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
    dotnet "$work/server/Mlops.Server.dll" --urls "$url" >>"$work/server-$1.log" 2>&1 &
  server_pid[$1]=$!; server_url[$1]=$url
  wait_port "$port" 60 || { tail -n 50 "$work/server-$1.log"; die "the server did not listen on $port within 60 s"; }
  local deadline=$((SECONDS + 30))
  until curl -fsS "$url/api/health" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { tail -n 50 "$work/server-$1.log"; die "/api/health did not answer within 30 s"; }
    sleep 0.2
  done
  echo "bench: server '$1' at $url (pid ${server_pid[$1]}, PredictionLog__Enabled=$2)"
}

# A predict call that must succeed before anything is measured (it also loads the session and caches the alias).
check_predict() {
  local body
  body=$(curl -sS -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -H "x-functions-key: $function_key" \
    --data-binary "$predict_json" "${server_url[$1]}/api/models/$model/predict")
  [[ "${body##*$'\n'}" == 200 ]] || die "predict on server '$1' answered ${body##*$'\n'}: ${body%$'\n'*}"
  echo "bench: predict on '$1' -> ${body%$'\n'*}"
}

labels=(health.log-on predict.log-on health.log-off predict.log-off)
declare -a errors=()
if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]]; then
  echo "bench: publishing the server (Release)"
  dotnet publish "$ROOT/functions/Mlops.Server" -c Release -o "$work/server" --verbosity quiet -nologo >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; die "the server does not publish"; }

  dotnet "$bench_dll" emit-model "$work/model.onnx"
  predict_json=$(dotnet "$bench_dll" predict-json)

  blob=$(free_port); queue=$(free_port); table=$(free_port)
  # BENCH_AZURITE_IN_MEMORY=1 keeps Azurite's data in memory (to tell its disk cost from the rest of the log's).
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

  # Both servers share the Azurite, so the model registered through one is served by both.
  start_server on true
  start_server off false
  status=$(curl -sS -o "$work/register.json" -w '%{http_code}' -H "x-functions-key: $admin_key" \
    -F "model=@$work/model.onnx;type=application/octet-stream" "${server_url[on]}/api/models/$model/versions")
  [[ "$status" == 201 || "$status" == 200 ]] || die "registering the model answered $status: $(cat "$work/register.json")"
  status=$(curl -sS -o "$work/alias.json" -w '%{http_code}' -X PUT -H "x-functions-key: $admin_key" \
    -H 'Content-Type: application/json' --data '{"version":1}' "${server_url[on]}/api/models/$model/aliases/champion")
  [[ "$status" == 200 || "$status" == 201 ]] || die "setting champion answered $status: $(cat "$work/alias.json")"
  check_predict on
  check_predict off

  note_load "before wrk"
  for round in $(seq "$rounds"); do
    wrk_run health.log-on "$round" on /api/health "$work/health.lua"
    wrk_run predict.log-on "$round" on "/api/models/$model/predict" "$work/predict.lua"
    sleep 2 # the log writer flushes what the run buffered before the next run is measured
    wrk_run health.log-off "$round" off /api/health "$work/health.lua"
    wrk_run predict.log-off "$round" off "/api/models/$model/predict" "$work/predict.lua"
  done
  stop_servers
fi

# ---- 3. Feature materialization (issue 6): its own script and Azurite; BENCH_SKIP_FEATURES=1 skips it, BENCH_FEATURE_ROWS
# sets the rows (default 1,000,000; about 6 minutes on a busy 2-core machine).
if [[ "${BENCH_SKIP_FEATURES:-}" != 1 ]]; then
  note_load "before feature materialization"
  echo "bench: feature materialization (scripts/bench-features.sh)"
  "$ROOT/scripts/bench-features.sh" --rows "${BENCH_FEATURE_ROWS:-1000000}" >"$work/features.log" 2>&1 \
    || { tail -n 30 "$work/features.log"; echo "bench: the feature benchmark failed"; }
  while read -r _ name value; do
    result["features.$name"]=$value
  done < <(grep '^bench-result ' "$work/features.log" || true)
fi

# ---- 4. Feature store: online lookup of 10 features for one entity, in process against Azurite (the HTTP phase's
# Azurite when it ran, else a private in-memory one); the point-in-time join ran with BenchmarkDotNet above.
if [[ "${BENCH_SKIP_FEATURES:-}" != 1 ]]; then
  if [[ -z "$azurite_pid" ]]; then
    blob=$(free_port); queue=$(free_port); table=$(free_port)
    azurite_pid=$("$ROOT/scripts/azurite.sh" start "$work/azurite" "$blob" "$queue" "$table" --in-memory)
    connection=$(azurite_connection_string "$blob" "$queue" "$table")
  fi
  note_load "before online features"
  echo "bench: online feature lookups (in process, against Azurite)"
  dotnet "$bench_dll" online-features "$connection" | tee "$work/online.log" || echo "bench: the online feature measurement failed"
  result[online.p99ms]=$(awk '$1 == "bench-online" { for (i = 2; i <= NF; i++) if ($i ~ /^p99_ms=/) { sub(/^p99_ms=/, "", $i); print $i } }' "$work/online.log")
  result[online.store.p99ms]=$(awk '$1 == "bench-online-store" { for (i = 2; i <= NF; i++) if ($i ~ /^p99_ms=/) { sub(/^p99_ms=/, "", $i); print $i } }' "$work/online.log")
fi

# ---- 5. Training (issue 3): the platform's training path against the bare ML.NET trainer (BenchmarkDotNet's Ratio
# column, baseline = the trainer on encoded rows), and batch scoring in ONNX Runtime against ML.NET (scoring-cpu).
if [[ "${BENCH_SKIP_TRAINING:-}" != 1 ]]; then
  note_load "before training"
  echo "bench: training overhead and scoring (bench/Mlops.Training.Bench)"
  training_dir="$ROOT/bench/Mlops.Training.Bench"
  dotnet build "$training_dir" -c Release --verbosity quiet -nologo >"$work/training-build.log" 2>&1 \
    || { tail -n 30 "$work/training-build.log"; die "the training benchmark did not build"; }
  dotnet run -c Release --no-build --project "$training_dir" -- --filter '*Overhead*' --artifacts "$work/training-bdn" \
    >"$work/training-bdn.log" 2>&1 || { tail -n 30 "$work/training-bdn.log"; echo "bench: the training overhead benchmark failed"; }
  sed -n '/^| Method/,/^$/p' "$work/training-bdn.log"
  # The Ratio of each trainer's 'platform: ModelTrainer.Train' row, found by the header's column names.
  while read -r trainer value; do
    result["training.$trainer"]=$value
  done < <(awk -F'|' '/^\| Method/ { for (i = 1; i <= NF; i++) { h = $i; gsub(/ /, "", h); if (h == "Trainer") t = i; if (h == "Ratio") r = i } }
    /platform: ModelTrainer.Train/ && t && r { n = $t; v = $r; gsub(/ /, "", n); gsub(/ /, "", v); print n, v }' "$work/training-bdn.log")
  dotnet run -c Release --no-build --project "$training_dir" -- scoring-cpu | tee "$work/scoring.log" \
    || echo "bench: the scoring measurement failed"
  while read -r _ name value; do
    result["training.$name"]=$value
  done < <(grep '^bench-result ' "$work/scoring.log" || true)
fi

# ---- Summary: medians over the rounds; ratios are taken within each round, then their median.
# of FIELD LABEL: the values of one field of one label, one per round.
of() { local r; for r in $(seq "$rounds"); do echo "${result[$2.$r.$1]:-}"; done; }
# per_round A_LABEL B_LABEL FIELD: A/B within each round.
per_round() { local r; for r in $(seq "$rounds"); do ratio "${result[$1.$r.$3]:-}" "${result[$2.$r.$3]:-}"; echo; done; }
echo
echo "bench: summary ($(nproc) cores; 100-tree model, one row a request)"
for key in $(printf '%s\n' "${!result[@]}" | grep '^bdn\.' | sort); do
  printf '  %-24s %s\n' "${key#bdn.}" "${result[$key]}"
done
if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]]; then
  echo "  HTTP: wrk -t$threads -c$connections, keep-alive, ${duration}s a run after ${warmup}s warm-up; median of $rounds rounds"
  for label in "${labels[@]}"; do
    printf '  %-16s %8s req/s   p99 %6s ms   cores: server %s, azurite %s, wrk %s   server+azurite cpu/request %s us\n' "$label" \
      "$(median --int $(of rps "$label"))" "$(median $(of p99ms "$label"))" "$(median $(of server_cores "$label"))" \
      "$(median $(of azurite_cores "$label"))" "$(median $(of wrk_cores "$label"))" "$(median $(of cpu_us "$label"))"
  done
fi
echo
verdict "in-process predict / bare Run (x)" "${result[ratio.PredictPath/BareRun]:-}" "<=" 2
if [[ "${BENCH_SKIP_HTTP:-}" != 1 ]]; then
  verdict "HTTP predict / health, log on" "$(median $(per_round predict.log-on health.log-on rps))" ">=" 0.5
  verdict "HTTP predict / health, log off" "$(median $(per_round predict.log-off health.log-off rps))" ">=" 0.5
  verdict "HTTP predict p99 ms, log on" "$(median $(of p99ms predict.log-on))" "<=" 10
  verdict "HTTP predict p99 ms, log off" "$(median $(of p99ms predict.log-off))" "<=" 10
  verdict "predict throughput, log on / log off" "$(median $(per_round predict.log-on predict.log-off rps))" ">=" 0.9
  verdict "predict cpu/request, log off / log on" "$(median $(per_round predict.log-off predict.log-on cpu_us))" ">=" 0.9
fi
pit_seconds=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^mean_ns=/) { sub(/^mean_ns=/, "", $i); printf "%.2f", $i / 1e9 } }' <<<"${result[bdn.Join]:-}")
verdict "point-in-time join 1M rows x 10 features (s)" "$pit_seconds" "<=" 5
if [[ "${BENCH_SKIP_FEATURES:-}" != 1 ]]; then
  verdict "online features p99 ms (10 features, 1 entity)" "${result[online.p99ms]:-}" "<=" 5
  echo "  (the online store's read alone: p99 ${result[online.store.p99ms]:-?} ms)"
fi
if [[ "${BENCH_SKIP_FEATURES:-}" != 1 ]]; then
  for key in $(printf '%s\n' "${!result[@]}" | grep '^features\.' | sort); do
    printf '  %-36s %s\n' "$key" "${result[$key]}"
  done
  verdict "features: online batch / single rows/s (x)" "${result[features.batch_vs_single_x]:-}" ">=" 5
fi
if [[ "${BENCH_SKIP_TRAINING:-}" != 1 ]]; then
  verdict "training path / bare trainer, LightGbm (x)" "${result[training.LightGbm]:-}" "<=" 1.1
  verdict "training path / bare trainer, Linear (x)" "${result[training.Linear]:-}" "<=" 1.1
  verdict "scoring wall, ORT default threads / ML.NET" "${result[training.scoring_ort_default_threads_wall_ratio]:-}" "<=" 1
  verdict "scoring CPU, ORT 1 thread / ML.NET" "${result[training.scoring_ort_1_thread_cpu_ratio]:-}" "<=" 1
fi
printf '  %s\n' "${verdicts[@]}"
for error in "${errors[@]}"; do echo "  warning: $error; that run's figures are not valid"; done
echo "  load average (1 min, $(nproc) cores): $(printf '%s; ' "${loads[@]}")"
busy=$(printf '%s\n' "${loads[@]}" | awk -F': ' -v n="$(nproc)" '$2 > n / 2 { b = 1 } END { print b + 0 }')
(( busy == 0 )) || echo "  warning: the machine was busy with other work; run again on an idle machine before trusting the figures"
