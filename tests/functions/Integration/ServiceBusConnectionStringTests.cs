using HaH.Orchestration.Functions.Integration;

namespace HaH.Orchestration.Functions.Tests.Integration;

public sealed class ServiceBusConnectionStringTests
{
    [Theory]
    [InlineData("sb://hah.servicebus.windows.net/", "https://hah.servicebus.windows.net/")]
    [InlineData("sb://hah.servicebus.windows.net", "https://hah.servicebus.windows.net/")]
    [InlineData("sb://localhost:5672/", "https://localhost/")]
    [InlineData("https://hah.servicebus.windows.net/", "https://hah.servicebus.windows.net/")]
    [InlineData("https://proxy.example:8443/bus", "https://proxy.example:8443/bus/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    public void Parse_Endpoint_BecomesTheRestEndpoint(string endpoint, string expected)
    {
        var parsed = ServiceBusConnectionString.Parse($"Endpoint={endpoint};SharedAccessKeyName=send;SharedAccessKey=abc=");

        Assert.Equal(new Uri(expected), parsed.Endpoint);
    }

    [Fact]
    public void Parse_PortalConnectionString_KeepsKeyWithItsPaddingAndEntityPath()
    {
        var parsed = ServiceBusConnectionString.Parse(" endpoint=sb://hah.servicebus.windows.net/ ; SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=a+b/c==;EntityPath=hah-outbound;");

        Assert.Equal(new ServiceBusConnectionString(new Uri("https://hah.servicebus.windows.net/"), "RootManageSharedAccessKey", "a+b/c==", "hah-outbound"), parsed);
    }

    [Fact]
    public void Parse_ReadyMadeSignature_IsRefusedBecauseItCannotBeRenewed()
    {
        var error = Assert.Throws<FormatException>(() => ServiceBusConnectionString.Parse("Endpoint=sb://hah.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y&se=1&skn=z"));

        Assert.Contains("SharedAccessKeyName and SharedAccessKey", error.Message, StringComparison.Ordinal);
    }
}
