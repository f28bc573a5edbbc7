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

# The drift report test screenshots the HTML in headless Chromium. Installing needs root, so it is best effort here
# (CI runs as root); the test itself fails with a pointer back to this script when chromium is missing.
if ! command -v chromium >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing chromium (Debian package, for the drift report screenshot test)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/dev/null 2>&1 \
    || echo "bootstrap: warning: could not install chromium; the drift report screenshot test will fail until it is installed."
fi

# The azd hook checks lint the bash hooks with shellcheck (Debian package); best effort as for chromium.
if ! command -v shellcheck >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "bootstrap: installing shellcheck (Debian package, for the azd hook checks)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck; } >/dev/null 2>&1 \
    || echo "bootstrap: warning: could not install shellcheck; the hook lint test will fail until it is installed."
fi

echo "bootstrap: restoring .NET packages"
dotnet restore "$ROOT/Serverless.Local.slnf" --verbosity quiet \
  || die "dotnet restore failed; check that the NuGet feed is reachable, then run scripts/bootstrap.sh again."
echo "bootstrap: done"
