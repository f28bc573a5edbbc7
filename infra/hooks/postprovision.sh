#!/usr/bin/env bash
# azd postprovision: settings for running the platform on this machine against the storage azd just provisioned.
#   functions/Mlops.Functions/local.settings.json  for 'func start' (git-ignored, never published)
#   .azure/$AZURE_ENV_NAME/server.env              for the standalone server (git-ignored)
# Both use the endpoints only: the app signs in as you (az login / azd auth login), and main.bicep gave you the same data
# roles as the app when azd knew your principal id. Idempotent: each run rewrites both files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

require() {
  local name=$1
  if [[ -z "${!name:-}" ]]; then
    echo "postprovision: $name is not set; run this through azd (azd provision), or export the azd environment first:" >&2
    echo "  eval \"\$(azd env get-values)\"" >&2
    exit 1
  fi
}
for name in AZURE_ENV_NAME AZURE_STORAGE_BLOB_ENDPOINT AZURE_STORAGE_QUEUE_ENDPOINT AZURE_STORAGE_TABLE_ENDPOINT; do
  require "$name"
done

# Its own task hub: a local host sharing the app's hub would take the app's orchestration work items.
hub="${TASKHUB_NAME:-mlops}local"

settings="$root/functions/Mlops.Functions/local.settings.json"
cat >"$settings" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage__blobServiceUri": "$AZURE_STORAGE_BLOB_ENDPOINT",
    "AzureWebJobsStorage__queueServiceUri": "$AZURE_STORAGE_QUEUE_ENDPOINT",
    "AzureWebJobsStorage__tableServiceUri": "$AZURE_STORAGE_TABLE_ENDPOINT",
    "TASKHUB_NAME": "$hub",
    "Workflows__Engine": "None",
    "Security__RequireKeys": "false",
    "Pipelines__Scheduler__Tick": "0 * * * * *",
    "Events__DeliverySchedule": "30 * * * * *"
  }
}
JSON

server_env="$root/.azure/$AZURE_ENV_NAME/server.env"
mkdir -p "$(dirname "$server_env")"
cat >"$server_env" <<ENV
# The standalone server against the provisioned storage: set -a; . $server_env; set +a
AzureWebJobsStorage__blobServiceUri=$AZURE_STORAGE_BLOB_ENDPOINT
AzureWebJobsStorage__queueServiceUri=$AZURE_STORAGE_QUEUE_ENDPOINT
AzureWebJobsStorage__tableServiceUri=$AZURE_STORAGE_TABLE_ENDPOINT
TASKHUB_NAME=$hub
ENV

cat <<MSG
postprovision: wrote
  $settings   (func start, in functions/Mlops.Functions)
  $server_env   (set -a; . that file; set +a; then dotnet run --project functions/Mlops.Server)
Both sign in as you; the task hub is '$hub', apart from the app's.
MSG
