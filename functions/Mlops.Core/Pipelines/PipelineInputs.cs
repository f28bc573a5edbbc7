using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Turns a workflow input from JSON into the workflow's input type before anything starts, so bad input is a 400 at
/// start rather than a failed run: required members, nullability and data annotations are enforced.
/// </summary>
internal static class PipelineInputs
{
    private static readonly JsonSerializerOptions Strict = new(MlopsJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static object? Deserialize(RegisteredWorkflow workflow, ReadOnlySpan<byte> utf8Json, IServiceProvider? services = null)
    {
        var trimmed = utf8Json.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed.SequenceEqual("null"u8))
        {
            return AcceptsNull(workflow.InputType)
                ? null
                : throw MlopsException.Validation(
                    $"Workflow '{workflow.Name}' needs an input ({Describe(workflow.InputType)}) as the JSON body; the body is empty.", "body");
        }

        object? input;
        try
        {
            input = JsonSerializer.Deserialize(trimmed, workflow.InputType, Strict);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path;
            throw MlopsException.Validation(
                $"The input does not fit workflow '{workflow.Name}', which takes {Describe(workflow.InputType)}: {FirstSentence(ex.Message)}", field, ex);
        }

        return Validate(workflow, input, services);
    }

    /// <summary>
    /// Checks an input built in code (a blob trigger's or a schedule's) the same way. An input that implements
    /// <see cref="IValidatableObject"/> can reach <paramref name="services"/> through its <see cref="ValidationContext"/>.
    /// </summary>
    public static object? Validate(RegisteredWorkflow workflow, object? input, IServiceProvider? services = null)
    {
        if (input is null)
        {
            return AcceptsNull(workflow.InputType)
                ? null
                : throw MlopsException.Validation($"Workflow '{workflow.Name}' needs an input ({Describe(workflow.InputType)}).", "body");
        }

        if (!workflow.InputType.IsInstanceOfType(input))
        {
            // An input of another type (e.g. an anonymous object) must survive the round trip through JSON.
            return Deserialize(workflow, JsonSerializer.SerializeToUtf8Bytes(input, input.GetType(), MlopsJson.Options), services);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input, services, null), results, validateAllProperties: true))
        {
            var first = results[0];
            var member = first.MemberNames.FirstOrDefault();
            throw MlopsException.Validation(
                $"The input of workflow '{workflow.Name}' is not valid: {first.ErrorMessage}",
                member is null ? "body" : JsonNamingPolicy.CamelCase.ConvertName(member));
        }

        return input;
    }

    private static bool AcceptsNull(Type type) => type == typeof(object) || Nullable.GetUnderlyingType(type) is not null;

    private static string Describe(Type type) => type == typeof(string) ? "a JSON string" : type.Name;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
