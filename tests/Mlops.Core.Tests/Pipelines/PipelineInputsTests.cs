using System.ComponentModel.DataAnnotations;
using System.Text;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

public sealed class PipelineInputsTests
{
    private static readonly WorkflowRegistry Registry = new WorkflowRegistry()
        .AddWorkflow<RunRequest, int>("Run", (_, input) => Task.FromResult(input.Epochs))
        .AddWorkflow<object?, int>("NoInput", (_, _) => Task.FromResult(0))
        .AddWorkflow<int, int>("Number", (_, input) => Task.FromResult(input));

    [Fact]
    public void Deserialize_ValidJson_GivesTheInputType()
    {
        var input = PipelineInputs.Deserialize(Workflow("Run"), Utf8("""{"model": "churn", "epochs": 3}"""));

        Assert.Equal(new RunRequest("churn", 3), input);
    }

    [Theory]
    [InlineData("""{"model": "churn", "epochs": "3"}""", "$.epochs")]
    [InlineData("""{"epochs": 3}""", "body")]
    [InlineData("""{"model": null, "epochs": 3}""", "$.model")]
    [InlineData("""{"model": "churn", "epochs": 0}""", "epochs")]
    [InlineData("\"churn\"", "body")]
    [InlineData("null", "body")]
    [InlineData("  ", "body")]
    public void Deserialize_BadJson_IsA400NamingTheField(string json, string field)
    {
        var exception = Assert.Throws<MlopsException>(() => PipelineInputs.Deserialize(Workflow("Run"), Utf8(json)));

        Assert.Equal(ErrorCategory.Validation, exception.Category);
        Assert.Equal(field, exception.Field);
        Assert.Contains("'Run'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EmptyBodyForObjectInput_IsNull()
    {
        Assert.Null(PipelineInputs.Deserialize(Workflow("NoInput"), []));
    }

    [Fact]
    public void Deserialize_EmptyBodyForValueType_IsA400()
    {
        Assert.Throws<MlopsException>(() => PipelineInputs.Deserialize(Workflow("Number"), []));
    }

    [Fact]
    public void Validate_OtherTypeOfSameShape_IsConverted()
    {
        var input = PipelineInputs.Validate(Workflow("Run"), new { Model = "churn", Epochs = 2 });

        Assert.Equal(new RunRequest("churn", 2), input);
    }

    [Fact]
    public void Validate_TypedInputBreakingAnnotations_IsA400()
    {
        var exception = Assert.Throws<MlopsException>(() => PipelineInputs.Validate(Workflow("Run"), new RunRequest("churn", 0)));

        Assert.Equal("epochs", exception.Field);
    }

    private static RegisteredWorkflow Workflow(string name) => Registry.FindRegisteredWorkflow(name)!;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public sealed record RunRequest(string Model, [property: Range(1, 100)] int Epochs);
}
