#!/usr/bin/env bash
# Runs the platform on this machine: Azurite (data in .azurite/, kept between runs) if it is not already running,
# then the server on http://127.0.0.1:7071 with development keys. Ctrl+C stops the server (Azurite keeps running;
# scripts/stop.sh stops it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/scripts/bootstrap.sh"

url=${MLOPS_URL:-http://127.0.0.1:7071}
ensure_azurite start

export AzureWebJobsStorage=${AzureWebJobsStorage:-UseDevelopmentStorage=true}
export Security__AdminKeys__admin=${Security__AdminKeys__admin:-dev-admin-key-change-me}
export Security__FunctionKeys__default=${Security__FunctionKeys__default:-dev-function-key-change-me}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

cat <<MSG
start: server at $url
  admin key:    $Security__AdminKeys__admin      (registry writes, alias moves)
  function key: $Security__FunctionKeys__default   (predictions and reads)
  try: curl $url/api/health
MSG
exec dotnet run --project "$ROOT/functions/Mlops.Server" -c Release --no-launch-profile --urls "$url"
