using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Dashboard.Today;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Dashboard.Today;

/// <summary>
/// What the today board costs: one read of the running admissions' views, counted request by
/// request, shared by every board until the refresh interval has passed on the wall clock.
/// </summary>
public sealed class RunningAdmissionViewsTests(ITestOutputHelper output)
{
    private const int Admissions = 50;

    [Fact]
    public async Task OneReadOfFiftyAdmissionsIsOneIndexQueryAndOnePointReadEachAndServesEveryBoardForTheInterval()
    {
        var counter = new StorageRequestCounter();
        var connection = (await TestAzurite.GetAsync()).ConnectionString;
        using var host = await DashboardPagesTests.StartAsync();
        using var app = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton(StorageAccount.FromConnectionString(connection, new StorageClientSettings { RequestCounter = counter }))));
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("x-api-key", TestApplication.AdminKey);
        for (var n = 1; n <= Admissions; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody($"COST-{n:00}"))).StatusCode);
        }

        await app.Services.GetRequiredService<HaH.Orchestration.Durable.Hosting.DurableRuntime>().WaitForIdleAsync();
        var wall = new VirtualTimeProvider(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var views = new RunningAdmissionViews(app.Services.GetRequiredService<DurableTaskClient>(), TimeSpan.FromSeconds(15), wall);

        counter.Reset();
        var first = await views.GetAsync(default);
        var read = counter.Snapshot();
        wall.Advance(TimeSpan.FromSeconds(14));
        var shared = await views.GetAsync(default);
        var afterShared = counter.Snapshot();
        wall.Advance(TimeSpan.FromSeconds(1));
        var next = await views.GetAsync(default);

        output.WriteLine($"One read of {Admissions} running admissions: {Board(read)}");
        Assert.Equal(Admissions, first.Admissions.Count);
        Assert.Equal(1, read.Operation(StorageService.Table, "query"));
        Assert.Equal(Admissions, read.Operation(StorageService.Table, "point-read"));
        Assert.Equal(0, read.Operation(StorageService.Blob, "download"));
        Assert.Same(first, shared);
        Assert.Equal(Board(read), Board(afterShared));
        Assert.NotSame(first, next);
        Assert.Equal(first.Version, next.Version);
    }

    [Fact]
    public async Task ForgettingTheLastReadMakesTheNextLookReadAgain()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await DashboardPagesTests.StartAdmissionAsync(app, api, "FORGET-1");
        var views = new RunningAdmissionViews(app.Services.GetRequiredService<DurableTaskClient>(), TimeSpan.FromSeconds(15), new VirtualTimeProvider(DateTimeOffset.UnixEpoch));
        var first = await views.GetAsync(default);

        views.Invalidate();

        Assert.NotSame(first, await views.GetAsync(default));
    }

    // What the board itself asks for; the idle worker's queue polls and lease renewals run beside it.
    private static string Board(StorageRequestCounts counts) =>
        $"table/query {counts.Operation(StorageService.Table, "query")}, table/point-read {counts.Operation(StorageService.Table, "point-read")}, blob/download {counts.Operation(StorageService.Blob, "download")}";
}
