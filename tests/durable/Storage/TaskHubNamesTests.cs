using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class TaskHubNamesTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("Hub")]
    [InlineData("my-hub")]
    [InlineData("hub_1")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdef")]
    public void Constructor_InvalidHubName_ThrowsSayingWhatIsAllowed(string hubName)
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskHubNames(hubName));
        Assert.Contains($"'{hubName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lowercase letter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    public void Constructor_PartitionCountOutOfRange_Throws(int partitionCount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaskHubNames("admissions", partitionCount));

    [Fact]
    public void Names_ValidHub_NameEveryResource()
    {
        var names = new TaskHubNames("adm1", partitionCount: 12);

        Assert.Equal(["adm1History", "adm1Instances", "adm1Poison"], names.Tables);
        Assert.Equal("adm1-control-00", names.Queues[0]);
        Assert.Equal("adm1-control-11", names.ControlQueue(11));
        Assert.Equal(14, names.Queues.Count);
        Assert.Equal(["adm1-workitems", "adm1-wakeups"], names.Queues.Skip(12));
        Assert.Equal(["adm1-payloads", "adm1-leases"], names.Containers);
        Assert.Throws<ArgumentOutOfRangeException>(() => names.ControlQueue(12));
    }

    [Fact]
    public void Names_LongestHubName_StayWithinServiceLimits()
    {
        var names = new TaskHubNames(new string('a', 45), TaskHubNames.MaxPartitionCount);

        Assert.All(names.Tables, name => Assert.InRange(name.Length, 3, 63));
        Assert.All(names.Queues.Concat(names.Containers), name => Assert.InRange(name.Length, 3, 63));
    }
}
