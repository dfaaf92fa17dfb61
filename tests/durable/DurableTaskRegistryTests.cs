using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Durable.Tests;

public sealed class DurableTaskRegistryTests
{
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    [Fact]
    public void AddOrchestrator_NoName_RegistersUnderClassNameAndEmptyVersion()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<Admission>();

        Assert.True(registry.TryGetOrchestrator("admission", "", NoServices, out var orchestrator));
        Assert.IsType<Admission>(orchestrator);
        Assert.Equal("", registry.GetDefaultVersion("Admission"));
    }

    [Fact]
    public void AddOrchestrator_SeveralVersions_EachResolvesAndLastRegisteredIsDefault()
    {
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<Admission>("Admission", "1")
            .AddOrchestratorFunc<string, string>("Admission", (_, input) => Task.FromResult(input), "2");

        Assert.True(registry.TryGetOrchestrator("Admission", "1", NoServices, out var first));
        Assert.True(registry.TryGetOrchestrator("Admission", "2", NoServices, out var second));
        Assert.IsType<Admission>(first);
        Assert.IsType<FuncOrchestrator<string, string>>(second);
        Assert.False(registry.TryGetOrchestrator("Admission", "3", NoServices, out _));
        Assert.Equal("2", registry.GetDefaultVersion("Admission"));
        Assert.Null(registry.GetDefaultVersion("Unknown"));
    }

    [Fact]
    public void AddOrchestrator_SameNameAndVersionTwice_ThrowsClearArgumentException()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<Admission>(version: "1");

        var error = Assert.Throws<ArgumentException>(() => registry.AddOrchestrator<Admission>("ADMISSION", "1"));

        Assert.Contains("'ADMISSION' is already registered with version '1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOrchestrator_TypeThatIsNoOrchestrator_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new DurableTaskRegistry().AddOrchestrator<Greet>());

        Assert.Contains("TaskOrchestrator<TInput, TOutput>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddActivity_WithDependencies_CreatesAFreshInstancePerLookupThroughDependencyInjection()
    {
        var services = new ServiceCollection().AddSingleton(new Greeting("Hello")).BuildServiceProvider();
        var registry = new DurableTaskRegistry().AddActivity<Greet>();

        Assert.True(registry.TryGetActivity("greet", services, out var first));
        Assert.True(registry.TryGetActivity("Greet", services, out var second));

        Assert.NotSame(first, second);
        Assert.Equal("Hello Ada", await first.RunAsync(new TaskActivityContext("Greet", "i", 2), "Ada"));
    }

    [Fact]
    public async Task AddActivityFunc_RegistersLambdaAndRejectsDuplicates()
    {
        var registry = new DurableTaskRegistry().AddActivityFunc<int, int>("Double", (_, x) => Task.FromResult(x * 2));

        Assert.True(registry.TryGetActivity("Double", NoServices, out var activity));
        Assert.Equal(42, await activity.RunAsync(new TaskActivityContext("Double", "i", 1), 21));
        Assert.Equal(typeof(int), activity.InputType);
        Assert.False(registry.TryGetActivity("Triple", NoServices, out _));
        Assert.Throws<ArgumentException>(() => registry.AddActivityFunc<int, int>("double", (_, x) => Task.FromResult(x)));
    }

    [Fact]
    public void AddOrchestratorFunc_BlankName_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new DurableTaskRegistry().AddOrchestratorFunc<int, int>(" ", (_, x) => Task.FromResult(x)));
    }

    internal sealed class Admission : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => Task.FromResult(input);
    }

    internal sealed record Greeting(string Word);

    internal sealed class Greet(Greeting greeting) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"{greeting.Word} {input}");
    }
}
