#!/usr/bin/env bash
# azd postdeploy: subscribes the blob-triggered functions to the storage account's Event Grid system topic. A blob trigger
# with the Event Grid source (the only kind Flex Consumption runs) hears of new blobs through this webhook:
#   https://<app>/runtime/webhooks/blobs?functionName=Host.Functions.<Function>&code=<blobs_extension system key>
# The key exists only once the deployed host has started its blob extension, so this waits for it (pinging the app to
# start it). Needs the Azure CLI signed in to the same subscription (az login; in GitHub Actions, azure/login).
# Idempotent: creating an existing subscription updates it.
set -euo pipefail

# Function name, container: FunctionCatalog.Blobs (tests/Mlops.Functions.Checks keeps this list equal to it).
blob_functions=(
  "TrainingDataDropped training-data"
  "ScoringInputDropped scoring-input"
  "FeatureSourceDropped feature-sources"
)

attempts=${MLOPS_POSTDEPLOY_ATTEMPTS:-30}
delay=${MLOPS_POSTDEPLOY_DELAY_SECONDS:-10}

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_URI AZURE_EVENTGRID_SYSTEM_TOPIC_NAME; do
  if [[ -z "${!name:-}" ]]; then
    echo "postdeploy: $name is not set; run this through azd (azd deploy), or export the environment: eval \"\$(azd env get-values)\"" >&2
    exit 1
  fi
done
command -v az >/dev/null || { echo "postdeploy: the Azure CLI (az) is not on PATH; install it, run 'az login', then 'azd hooks run postdeploy'." >&2; exit 1; }
if [[ -n "${AZURE_SUBSCRIPTION_ID:-}" ]]; then
  az account set --subscription "$AZURE_SUBSCRIPTION_ID"
fi

key=""
for ((attempt = 1; attempt <= attempts; attempt++)); do
  # A request starts the host if it is idle; any answer will do.
  curl --silent --output /dev/null --max-time 30 "$AZURE_FUNCTION_URI/api/health" || true
  key=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  if [[ -n "$key" && "$key" != "None" ]]; then
    break
  fi
  key=""
  echo "postdeploy: the blobs_extension key does not exist yet (attempt $attempt of $attempts); retrying in ${delay}s"
  sleep "$delay"
done
if [[ -z "$key" ]]; then
  echo "postdeploy: no blobs_extension key after $attempts attempts. Check that the app started (azd monitor --logs), then run 'azd hooks run postdeploy'." >&2
  exit 1
fi

for entry in "${blob_functions[@]}"; do
  read -r function container <<<"$entry"
  subscription=$(tr '[:upper:]' '[:lower:]' <<<"$function")
  endpoint="$AZURE_FUNCTION_URI/runtime/webhooks/blobs?functionName=Host.Functions.$function&code=$key"
  created=false
  for ((attempt = 1; attempt <= 5; attempt++)); do
    # Event Grid validates the endpoint while creating the subscription; a cold host can miss that, so retry.
    if az eventgrid system-topic event-subscription create \
      --resource-group "$AZURE_RESOURCE_GROUP" \
      --system-topic-name "$AZURE_EVENTGRID_SYSTEM_TOPIC_NAME" \
      --name "$subscription" \
      --endpoint-type webhook \
      --endpoint "$endpoint" \
      --included-event-types Microsoft.Storage.BlobCreated \
      --subject-begins-with "/blobServices/default/containers/$container/" \
      --output none; then
      created=true
      break
    fi
    echo "postdeploy: creating subscription '$subscription' failed (attempt $attempt of 5); retrying in ${delay}s"
    sleep "$delay"
  done
  if [[ "$created" != true ]]; then
    echo "postdeploy: could not subscribe $function to $container; run 'azd hooks run postdeploy' again." >&2
    exit 1
  fi
  echo "postdeploy: $container/ -> $function"
done
