using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Mlops.AspNetCore;

namespace Mlops.Functions;

/// <summary>The model registry: models, immutable versions (mutable description and tags), artifacts, lineage, aliases and the audit log.</summary>
/// <remarks>Each function binds the request and hands it to the core dispatcher under its catalog name (<c>FunctionCatalog.Http</c>),
/// exactly as the standalone server does; keys are checked by the Functions host through the authorization level.</remarks>
public static class RegistryFunctions
{
    [Function(nameof(ListModels))]
    public static IActionResult ListModels(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models")] HttpRequest request) =>
        new ApiActionResult(nameof(ListModels));

    [Function(nameof(GetModel))]
    public static IActionResult GetModel(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModel));

    [Function(nameof(ListModelVersions))]
    public static IActionResult ListModelVersions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/versions")] HttpRequest request) =>
        new ApiActionResult(nameof(ListModelVersions));

    [Function(nameof(RegisterModelVersion))]
    public static IActionResult RegisterModelVersion(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/models/{name}/versions")] HttpRequest request) =>
        new ApiActionResult(nameof(RegisterModelVersion));

    [Function(nameof(GetModelVersion))]
    public static IActionResult GetModelVersion(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/versions/{version}")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelVersion));

    [Function(nameof(UpdateModelVersion))]
    public static IActionResult UpdateModelVersion(
        [HttpTrigger(AuthorizationLevel.Admin, "patch", Route = "api/models/{name}/versions/{version}")] HttpRequest request) =>
        new ApiActionResult(nameof(UpdateModelVersion));

    [Function(nameof(GetModelArtifact))]
    public static IActionResult GetModelArtifact(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/versions/{version}/artifact")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelArtifact));

    [Function(nameof(GetModelLineage))]
    public static IActionResult GetModelLineage(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/versions/{version}/lineage")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelLineage));

    [Function(nameof(GetModelAlias))]
    public static IActionResult GetModelAlias(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/models/{name}/aliases/{alias}")] HttpRequest request) =>
        new ApiActionResult(nameof(GetModelAlias));

    [Function(nameof(SetModelAlias))]
    public static IActionResult SetModelAlias(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "api/models/{name}/aliases/{alias}")] HttpRequest request) =>
        new ApiActionResult(nameof(SetModelAlias));

    [Function(nameof(DeleteModelAlias))]
    public static IActionResult DeleteModelAlias(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "api/models/{name}/aliases/{alias}")] HttpRequest request) =>
        new ApiActionResult(nameof(DeleteModelAlias));

    [Function(nameof(ListAudit))]
    public static IActionResult ListAudit(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/audit")] HttpRequest request) =>
        new ApiActionResult(nameof(ListAudit));
}
