using HaH.Orchestration.Durable.Hosting;

namespace HaH.Orchestration.Durable.Tests.Hosting;

public sealed class AzureStorageOptionsTests
{
    [Fact]
    public void Validate_Defaults_PassWithAOneMinuteVisibilityTimeOut()
    {
        var options = new AzureStorageOptions { TaskHub = "hubdefaults" };

        options.Validate();

        Assert.Equal(TimeSpan.FromMinutes(1), options.MessageVisibilityTimeout);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(8 * 24 * 3600)]
    public void Validate_VisibilityTimeOutOutsideQueueLimits_NamesTheSetting(double seconds)
    {
        var options = new AzureStorageOptions { TaskHub = "hubvisibility", MessageVisibilityTimeout = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Durable:MessageVisibilityTimeout", error.Message, StringComparison.Ordinal);
    }
}
