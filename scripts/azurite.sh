#!/usr/bin/env bash
# Starts Azurite in the background: scripts/azurite.sh start DATA_DIR BLOB_PORT QUEUE_PORT TABLE_PORT [--in-memory]
# Prints its PID. scripts/azurite.sh stop PID stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  start)
    data=$2 blob=$3 queue=$4 table=$5
    [[ -x "$AZURITE_BIN" ]] || die "Azurite is not installed; run scripts/bootstrap.sh."
    mkdir -p "$data"
    # Azurite refuses --location together with --inMemoryPersistence.
    extra=(--location "$data")
    [[ "${6:-}" == "--in-memory" ]] && extra=(--inMemoryPersistence)
    nohup "$AZURITE_BIN" --silent --skipApiVersionCheck --disableProductStyleUrl \
      --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
      --tableHost 127.0.0.1 --tablePort "$table" "${extra[@]}" >"$data/azurite.log" 2>&1 &
    pid=$!
    for port in "$blob" "$queue" "$table"; do
      wait_port "$port" 30 || { kill "$pid" 2>/dev/null || true; die "Azurite did not listen on port $port within 30 s; see $data/azurite.log."; }
    done
    echo "$pid"
    ;;
  stop)
    pid=$2
    kill "$pid" 2>/dev/null || exit 0
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    ;;
  *) die "usage: scripts/azurite.sh start DATA_DIR BLOB_PORT QUEUE_PORT TABLE_PORT [--in-memory] | stop PID" ;;
esac
