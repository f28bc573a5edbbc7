namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>A <c>[Function]</c> method as its attributes spell it; only the fields of its trigger are set.</summary>
/// <param name="Name">The function name, from a string literal or <c>nameof</c>.</param>
/// <param name="Where">File and line, for messages.</param>
/// <param name="Trigger">The trigger kind.</param>
/// <param name="TriggerName">The trigger attribute's name as written, for messages.</param>
/// <param name="AuthorizationLevel">HttpTrigger: the <c>AuthorizationLevel</c> member, e.g. <c>Function</c>.</param>
/// <param name="Methods">HttpTrigger: the methods.</param>
/// <param name="Route">HttpTrigger: the route.</param>
/// <param name="Schedule">TimerTrigger: the schedule expression, e.g. <c>%Drift__Schedule%</c>.</param>
/// <param name="BlobPath">BlobTrigger: the path.</param>
/// <param name="BlobSource">BlobTrigger: the <c>Source</c> argument as written, e.g. <c>BlobTriggerSource.EventGrid</c>.</param>
/// <param name="Problems">What could not be read (a name or argument that is not a literal, several triggers).</param>
internal sealed record FunctionDeclaration(
    string Name,
    string Where,
    TriggerKind Trigger,
    string? TriggerName = null,
    string? AuthorizationLevel = null,
    IReadOnlyList<string>? Methods = null,
    string? Route = null,
    string? Schedule = null,
    string? BlobPath = null,
    string? BlobSource = null,
    IReadOnlyList<string>? Problems = null);
