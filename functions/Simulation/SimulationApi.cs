using System.Globalization;
using System.Xml;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Simulation;

/// <summary>
/// Development-only routes for demos, tests and benchmarks: the virtual clock, the local SMS
/// outbox, simulated nurse replies (the same path as Event Grid's SMSReceived) and the
/// integration outbox. Not mapped outside Development.
/// </summary>
internal static class SimulationApi
{
    public static WebApplication MapSimulation(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        var group = app.MapGroup("/api/dev")
            .RequireAuthorization(AuthRegistration.AdminPolicy)
            .WithRequestBodyLimit(RequestBodyLimits.JsonApi)
            .WithTags("Simulation (Development only)");
        group.MapGet("/clock", (TimeProvider clock) => TypedResults.Ok(new ClockAnswer(clock.GetUtcNow())))
            .WithName("GetClock")
            .WithSummary("Read the clock")
            .WithDescription("The host's current time: the virtual clock's when Clock:Mode=Virtual.");
        group.MapPost("/clock/advance", AdvanceAsync)
            .WithName("AdvanceClock")
            .WithSummary("Advance the virtual clock")
            .WithDescription("By an ISO 8601 duration ({\"by\":\"PT1H\"}) or to an instant ({\"to\":\"…\"}); answers once everything "
                + "due up to then has been processed and the runtime is idle. 409 when the clock is not virtual.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/sms", async (string? to, LocalSmsOutbox outbox, CancellationToken ct) => TypedResults.Ok(await outbox.ListAsync(to, ct)))
            .WithName("ListSentSms")
            .WithSummary("List the SMS the local outbox has sent")
            .WithDescription("Oldest first; to= narrows to one recipient (E.164).");
        group.MapPost("/sms/reply", ReplyAsync)
            .WithName("SimulateSmsReply")
            .WithSummary("Simulate a nurse's SMS reply")
            .WithDescription("Goes the same way as an Event Grid SMSReceived event.");
        group.MapGet("/outbox", async (StorageQueueIntegrationChannel channel, CancellationToken ct) => TypedResults.Ok(await channel.ListAsync(ct)))
            .WithName("ListIntegrationMessages")
            .WithSummary("List the messages to other systems")
            .WithDescription("Medicine orders and discharge letters, oldest first.");
        return app;
    }

    private static async Task<Results<Ok<ClockAnswer>, ValidationProblem, ProblemHttpResult>> AdvanceAsync(
        AdvanceRequest body, TimeProvider clock, DurableRuntime runtime, CancellationToken ct)
    {
        if (clock is not VirtualTimeProvider)
        {
            return TypedResults.Problem("Start the host with Clock:Mode=Virtual (and optionally Clock:Start) to move time.", statusCode: StatusCodes.Status409Conflict, title: "The clock is not virtual");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset target;
        try
        {
            target = (body.By, body.To) switch
            {
                ({ } by, null) => now + XmlConvert.ToTimeSpan(by),
                (null, { } to) => DateTimeOffset.Parse(to, CultureInfo.InvariantCulture),
                _ => throw new FormatException("Give either by (an ISO 8601 duration, e.g. PT1H) or to (an instant), not both."),
            };
        }
        catch (FormatException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [ex.Message] });
        }

        if (target < now)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [$"The clock never goes back; it is {now:O}."] });
        }

        await runtime.AdvanceClockToAsync(target, ct);
        return TypedResults.Ok(new ClockAnswer(clock.GetUtcNow()));
    }

    private static async Task<Results<Accepted, ValidationProblem>> ReplyAsync(ReplyRequest body, SmsInbound inbound, TimeProvider clock, DurableRuntime runtime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.From) || !body.From.StartsWith('+') || string.IsNullOrEmpty(body.Text))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["from"] = ["from must be the sender's number in E.164, e.g. +4520000002; text must not be empty."],
            });
        }

        await inbound.ReceiveAsync(body.From, body.Text, "dev-" + Guid.NewGuid().ToString("N"), clock.GetUtcNow(), ct);
        return TypedResults.Accepted((string?)null);
    }

    internal sealed record ClockAnswer(DateTimeOffset Now);

    internal sealed record AdvanceRequest(string? By, string? To);

    internal sealed record ReplyRequest(string? From, string? Text);
}
