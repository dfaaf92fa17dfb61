using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Parse_UseDevelopmentStorage_ExpandsToTheStandardLocalPorts()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.True(StorageAccount.FromConnectionString("UseDevelopmentStorage=true").IsLocalEmulator);
    }

    [Fact]
    public void Parse_AccountNameOnly_BuildsTheAzureEndpoints()
    {
        var parsed = StorageConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=hahprod;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://hahprod.table.core.windows.net"), parsed.TableEndpoint);
        Assert.False(StorageAccount.FromConnectionString("DefaultEndpointsProtocol=https;AccountName=hahprod;AccountKey=a2V5").IsLocalEmulator);
    }

    [Fact]
    public void Parse_NeitherEndpointsNorAccount_SaysWhatIsMissing()
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountKey=abc"));
        Assert.Contains("AccountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_NeverContainsTheKey()
    {
        var account = StorageAccount.FromConnectionString("DefaultEndpointsProtocol=https;AccountName=hahprod;AccountKey=c2VjcmV0S2V5;EndpointSuffix=core.windows.net");
        Assert.DoesNotContain("c2VjcmV0S2V5", account.Description, StringComparison.Ordinal);
    }
}
