#!/usr/bin/env pwsh
# azd postprovision (Windows): the same as postprovision.sh. Writes settings for running the platform on this machine
# against the storage azd just provisioned:
#   functions/Mlops.Functions/local.settings.json  for 'func start' (git-ignored, never published)
#   .azure/$env:AZURE_ENV_NAME/server.env          for the standalone server (git-ignored)
# Both hold endpoints only: the app signs in as you. Idempotent: each run rewrites both files.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

foreach ($name in 'AZURE_ENV_NAME', 'AZURE_STORAGE_BLOB_ENDPOINT', 'AZURE_STORAGE_QUEUE_ENDPOINT', 'AZURE_STORAGE_TABLE_ENDPOINT') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postprovision: $name is not set; run this through azd (azd provision)."
    }
}

# Its own task hub: a local host sharing the app's hub would take the app's orchestration work items.
$hubBase = if ($env:TASKHUB_NAME) { $env:TASKHUB_NAME } else { 'mlops' }
$hub = "${hubBase}local"

$settings = [ordered]@{
    IsEncrypted = $false
    Values      = [ordered]@{
        FUNCTIONS_WORKER_RUNTIME              = 'dotnet-isolated'
        AzureWebJobsStorage__blobServiceUri   = $env:AZURE_STORAGE_BLOB_ENDPOINT
        AzureWebJobsStorage__queueServiceUri  = $env:AZURE_STORAGE_QUEUE_ENDPOINT
        AzureWebJobsStorage__tableServiceUri  = $env:AZURE_STORAGE_TABLE_ENDPOINT
        TASKHUB_NAME                          = $hub
        Workflows__Engine                     = 'None'
        Security__RequireKeys                 = 'false'
        Pipelines__Scheduler__Tick            = '0 * * * * *'
        Events__DeliverySchedule              = '30 * * * * *'
    }
}
$settingsPath = Join-Path $root 'functions/Mlops.Functions/local.settings.json'
$settings | ConvertTo-Json -Depth 3 | Set-Content -Path $settingsPath -Encoding utf8

$serverEnv = Join-Path $root ".azure/$($env:AZURE_ENV_NAME)/server.env"
New-Item -ItemType Directory -Force -Path (Split-Path $serverEnv) | Out-Null
@(
    '# The standalone server against the provisioned storage: set each line as an environment variable.'
    "AzureWebJobsStorage__blobServiceUri=$($env:AZURE_STORAGE_BLOB_ENDPOINT)"
    "AzureWebJobsStorage__queueServiceUri=$($env:AZURE_STORAGE_QUEUE_ENDPOINT)"
    "AzureWebJobsStorage__tableServiceUri=$($env:AZURE_STORAGE_TABLE_ENDPOINT)"
    "TASKHUB_NAME=$hub"
) | Set-Content -Path $serverEnv -Encoding utf8

Write-Host "postprovision: wrote $settingsPath (func start) and $serverEnv (standalone server); task hub '$hub'."
