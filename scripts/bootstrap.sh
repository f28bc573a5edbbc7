#!/usr/bin/env bash
# Installs what the scripts need: the pinned Azurite from npm (lockfile) and the .NET packages. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v dotnet >/dev/null || die "the .NET SDK is not on PATH; install .NET 10 (see global.json)."
command -v npm >/dev/null || die "npm is not on PATH; install Node.js 20+ (Debian: apt-get install nodejs npm)."

if [[ ! -x "$AZURITE_BIN" ]] || ! cmp -s "$AZURITE_DIR/package-lock.json" "$AZURITE_DIR/node_modules/.mlops-installed-lock" 2>/dev/null; then
  echo "bootstrap: installing Azurite (pinned in tools/azurite/package-lock.json)"
  npm ci --prefix "$AZURITE_DIR" --no-fund --no-audit --loglevel=error >/dev/null \
    || die "npm ci failed in tools/azurite; check that the npm registry is reachable, then run scripts/bootstrap.sh again."
  cp "$AZURITE_DIR/package-lock.json" "$AZURITE_DIR/node_modules/.mlops-installed-lock"
fi

echo "bootstrap: restoring .NET packages"
dotnet restore "$ROOT/Serverless.Local.slnf" --verbosity quiet \
  || die "dotnet restore failed; check that the NuGet feed is reachable, then run scripts/bootstrap.sh again."
echo "bootstrap: done"
