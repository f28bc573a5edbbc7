using System.Text.Json;
using Microsoft.DurableTask;
using Mlops.Functions.Durable;
using Mlops.Workflows;
using Moq;

namespace Mlops.Functions.Tests;

public sealed class DurableWorkflowContextTests
{
    [Fact]
    public async Task CallActivityAsync_WithRetry_PassesTheRetryAsOptionsNotAsInput()
    {
        var inner = new Mock<TaskOrchestrationContext>();
        inner.Setup(c => c.CallActivityAsync<JsonElement>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(JsonSerializer.SerializeToElement(42));
        var context = new DurableWorkflowContext(inner.Object, default);
        var retry = new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1));

        var result = await context.CallActivityAsync<int>("ValidateData", new { Rows = 10 }, new WorkflowTaskOptions(retry));

        Assert.Equal(42, result);
        inner.Verify(c => c.CallActivityAsync<JsonElement>(
            It.Is<TaskName>(n => n.Name == "ValidateData"),
            It.Is<object?>(input => input is JsonElement && ((JsonElement)input).GetProperty("rows").GetInt32() == 10),
            It.Is<TaskOptions?>(o => o != null && o.Retry != null && o.Retry.Policy != null
                && o.Retry.Policy.MaxNumberOfAttempts == 3
                && o.Retry.Policy.FirstRetryInterval == TimeSpan.FromSeconds(5)
                && o.Retry.Policy.BackoffCoefficient == 2
                && o.Retry.Policy.MaxRetryInterval == TimeSpan.FromMinutes(1))),
            Times.Once);
    }

    [Fact]
    public async Task CallActivityAsync_WithoutRetry_PassesNoOptions()
    {
        var inner = new Mock<TaskOrchestrationContext>();
        inner.Setup(c => c.CallActivityAsync<JsonElement>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(JsonSerializer.SerializeToElement("ok"));
        var context = new DurableWorkflowContext(inner.Object, default);

        await context.CallActivityAsync<string>("PublishPipelineEvent", "input");

        inner.Verify(c => c.CallActivityAsync<JsonElement>(It.Is<TaskName>(n => n.Name == "PublishPipelineEvent"), It.IsAny<object?>(), null), Times.Once);
    }
}
