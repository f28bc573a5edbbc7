# Shared helpers for the scripts; source it, do not run it.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_DIR="$ROOT/tools/azurite"
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "error: $*" >&2; exit 1; }

# A TCP port nobody listens on (the kernel picks it).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# wait_port PORT SECONDS: until something listens on 127.0.0.1:PORT.
wait_port() {
  local port=$1 deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# Azurite's connection string for the given blob, queue and table ports (the well-known development account).
azurite_connection_string() {
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$2/devstoreaccount1;TableEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
}

# Starts the persistent local Azurite (data in .azurite/, ports 10000-10002) unless something already listens there.
ensure_azurite() {
  if (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
    echo "${1:-start}: Azurite already listening on 10000-10002"
  else
    local pid
    pid=$("$ROOT/scripts/azurite.sh" start "$ROOT/.azurite" 10000 10001 10002)
    echo "$pid" >"$ROOT/.azurite/pid"
    echo "${1:-start}: Azurite started (pid $pid, data in .azurite/; scripts/stop.sh stops it)"
  fi
}

# start_private_azurite NAME: an in-memory Azurite on free ports for this script alone, stopped (and the work folder
# removed) on exit. Sets work (a fresh temp folder, mlops-NAME.*), blob, queue, table, azurite_pid and
# azurite_connection; replaces any EXIT trap.
start_private_azurite() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-$1.XXXXXX")
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  azurite_pid=$("$ROOT/scripts/azurite.sh" start "$work/azurite" "$blob" "$queue" "$table" --in-memory)
  # shellcheck disable=SC2034 # read by the scripts that source this
  azurite_connection=$(azurite_connection_string "$blob" "$queue" "$table")
  # shellcheck disable=SC2064 # expand now: the values are fixed for this run
  trap "\"$ROOT/scripts/azurite.sh\" stop \"$azurite_pid\"; rm -rf \"$work\"" EXIT
}
