using Mlops.Core.Diagnostics;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Maps the workflow client's exceptions to the platform's categories, in one place.</summary>
internal static class PipelineErrors
{
    public static MlopsException? Translate(Exception exception, string instanceField = "instanceId") => exception switch
    {
        MlopsException => null,
        WorkflowInstanceNotFoundException notFound => MlopsException.NotFound(notFound.Message, instanceField),
        WorkflowConflictException conflict => MlopsException.Conflict(conflict.Message, instanceField),
        WorkflowPayloadTooLargeException tooLarge => MlopsException.TooLarge(tooLarge.Message, "body"),
        ArgumentException argument => MlopsException.Validation(argument.Message, FieldOf(argument.ParamName)),
        _ => null,
    };

    private static string? FieldOf(string? parameter) => parameter switch
    {
        null => null,
        "options" => "instanceId",
        "eventName" => "event",
        "input" or "eventData" or "reason" => "body",
        _ => parameter,
    };
}
