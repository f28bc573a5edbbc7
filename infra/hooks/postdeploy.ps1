#!/usr/bin/env pwsh
# azd postdeploy (Windows): the same as postdeploy.sh. Subscribes the blob-triggered functions to the storage account's
# Event Grid system topic, at https://<app>/runtime/webhooks/blobs?functionName=Host.Functions.<Function>&code=<key>, once
# the deployed host has created its blobs_extension system key. Needs the Azure CLI signed in (az login).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Function name = container: FunctionCatalog.Blobs (tests/Mlops.Functions.Checks keeps this list equal to it).
$blobFunctions = [ordered]@{
    'TrainingDataDropped'  = 'training-data'
    'ScoringInputDropped'  = 'scoring-input'
    'FeatureSourceDropped' = 'feature-sources'
}

$attempts = if ($env:MLOPS_POSTDEPLOY_ATTEMPTS) { [int]$env:MLOPS_POSTDEPLOY_ATTEMPTS } else { 30 }
$delay = if ($env:MLOPS_POSTDEPLOY_DELAY_SECONDS) { [int]$env:MLOPS_POSTDEPLOY_DELAY_SECONDS } else { 10 }

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_URI', 'AZURE_EVENTGRID_SYSTEM_TOPIC_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postdeploy: $name is not set; run this through azd (azd deploy)."
    }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "postdeploy: the Azure CLI (az) is not on PATH; install it, run 'az login', then 'azd hooks run postdeploy'."
}
if ($env:AZURE_SUBSCRIPTION_ID) {
    az account set --subscription $env:AZURE_SUBSCRIPTION_ID
    if ($LASTEXITCODE -ne 0) { throw "postdeploy: az account set failed; run 'az login'." }
}

$key = $null
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
    # A request starts the host if it is idle; any answer will do.
    try { Invoke-WebRequest -Uri "$($env:AZURE_FUNCTION_URI)/api/health" -TimeoutSec 30 -UseBasicParsing | Out-Null } catch { }
    $key = az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $key -and $key -ne 'None') { break }
    $key = $null
    Write-Host "postdeploy: the blobs_extension key does not exist yet (attempt $attempt of $attempts); retrying in ${delay}s"
    Start-Sleep -Seconds $delay
}
if (-not $key) {
    throw "postdeploy: no blobs_extension key after $attempts attempts. Check that the app started (azd monitor --logs), then run 'azd hooks run postdeploy'."
}

foreach ($function in $blobFunctions.Keys) {
    $container = $blobFunctions[$function]
    $subscription = $function.ToLowerInvariant()
    $endpoint = "$($env:AZURE_FUNCTION_URI)/runtime/webhooks/blobs?functionName=Host.Functions.$function&code=$key"
    $created = $false
    for ($attempt = 1; $attempt -le 5; $attempt++) {
        # Event Grid validates the endpoint while creating the subscription; a cold host can miss that, so retry.
        az eventgrid system-topic event-subscription create `
            --resource-group $env:AZURE_RESOURCE_GROUP `
            --system-topic-name $env:AZURE_EVENTGRID_SYSTEM_TOPIC_NAME `
            --name $subscription `
            --endpoint-type webhook `
            --endpoint $endpoint `
            --included-event-types Microsoft.Storage.BlobCreated `
            --subject-begins-with "/blobServices/default/containers/$container/" `
            --output none
        if ($LASTEXITCODE -eq 0) { $created = $true; break }
        Write-Host "postdeploy: creating subscription '$subscription' failed (attempt $attempt of 5); retrying in ${delay}s"
        Start-Sleep -Seconds $delay
    }
    if (-not $created) {
        throw "postdeploy: could not subscribe $function to $container; run 'azd hooks run postdeploy' again."
    }
    Write-Host "postdeploy: $container/ -> $function"
}
