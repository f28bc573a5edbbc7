namespace Mlops.Workflows.Tests;

public sealed class WorkflowRetryPolicyTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 500)]
    [InlineData(10, 500)]
    public void GetDelay_ExponentialWithCap_GrowsThenCaps(int attempt, int expectedMilliseconds)
    {
        // Arrange
        var policy = new WorkflowRetryPolicy(10, TimeSpan.FromMilliseconds(100), 2.0, TimeSpan.FromMilliseconds(500));

        // Act
        var delay = policy.GetDelay(attempt);

        // Assert
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }

    [Fact]
    public void Constructor_InvalidValues_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(3, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(2), 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.Zero));
    }
}
