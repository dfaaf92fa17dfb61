namespace HaH.Orchestration.Durable.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(0, 1, 1.0, "at least 1 attempt")]
    [InlineData(3, 0, 1.0, "first retry interval must be greater than zero")]
    [InlineData(3, 1, 0.5, "backoff coefficient must be a finite number of at least 1.0")]
    public void Constructor_InvalidArgument_ThrowsWithClearMessage(int attempts, int firstSeconds, double backoff, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), backoff));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MaxIntervalBelowFirst_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromMinutes(1), maxRetryInterval: TimeSpan.FromSeconds(1)));

        Assert.Equal("maxRetryInterval", error.ParamName);
    }

    [Fact]
    public void Constructor_NegativeRetryTimeout_ThrowsButInfiniteMeansNoLimit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.FromSeconds(-5)));

        Assert.Null(new RetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: Timeout.InfiniteTimeSpan).RetryTimeout);
    }

    [Fact]
    public void GetRetryDelay_Backoff_GrowsGeometricallyUpToTheCap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), backoffCoefficient: 3, maxRetryInterval: TimeSpan.FromSeconds(20));

        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)],
            Enumerable.Range(1, 5).Select(policy.GetRetryDelay));
    }

    [Fact]
    public void GetRetryDelay_NoCapGiven_UsesOneHourAndNeverOverflows()
    {
        var policy = new RetryPolicy(int.MaxValue, TimeSpan.FromMinutes(1), backoffCoefficient: 10);

        Assert.Equal(RetryPolicy.DefaultMaxRetryInterval, policy.GetRetryDelay(1000));
    }
}
