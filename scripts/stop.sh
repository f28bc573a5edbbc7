#!/usr/bin/env bash
# Stops the Azurite that scripts/start.sh started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -f "$ROOT/.azurite/pid" ]]; then
  "$ROOT/scripts/azurite.sh" stop "$(cat "$ROOT/.azurite/pid")"
  rm -f "$ROOT/.azurite/pid"
  echo "stop: Azurite stopped"
else
  echo "stop: no Azurite started by scripts/start.sh"
fi
