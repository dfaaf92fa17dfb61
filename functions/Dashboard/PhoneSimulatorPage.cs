using System.Xml;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.AspNetCore.Antiforgery;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// Development only: a phone for every number the local SMS outbox has texted. It shows that
/// phone's SMS (oldest first), sends a reply the way Event Grid's SMSReceived would
/// (<see cref="SmsInbound"/>, as <c>POST /api/dev/sms/reply</c> does), and on the virtual clock
/// moves time forward.
/// </summary>
internal static class PhoneSimulatorPage
{
    public const string Path = "/phone";

    private static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(31);

    public static async Task<IResult> GetAsync(HttpContext http, string? number, string? notice, LocalSmsOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var all = await outbox.ListAsync(null, ct);
        var numbers = all.Select(sms => sms.To).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        number = string.IsNullOrWhiteSpace(number) ? null : number.Trim();
        var messages = number is null ? [] : all.Where(sms => sms.To == number).ToList();

        var phones = numbers.Count == 0
            ? Html.Raw("""<p class="empty">No SMS has been sent yet.</p>""")
            : Html.Of($"""<ul class="phones">{numbers.Select(n => Html.Of($"""<li><a href="{Link(n)}"{(n == number ? " aria-current=\"page\"" : "")}>{n}</a> <span class="n">{all.Count(sms => sms.To == n)}</span></li>"""))}</ul>""");
        var body = Html.Of($"""
            <h1>Phone simulator</h1>
            <p>Development only. The SMS the host has sent to the local outbox, per phone; a reply goes the same way as an SMS received through Event Grid.</p>
            {(notice is null ? Html.Empty : DashboardLayout.Notice("ok", notice))}
            <div class="phone-layout">
              <nav class="phone-list" aria-label="Phones">
                <h2>Phones</h2>
                <form method="get" action="{Path}" class="pick">
                  <label for="number">Phone</label>
                  <select id="number" name="number" data-autosubmit="true">
                    <option value="">choose…</option>
                    {numbers.Select(n => Html.Of($"""<option{(n == number ? " selected" : "")}>{n}</option>"""))}
                  </select>
                  <button type="submit" class="no-script">Show</button>
                </form>
                {phones}
              </nav>
              {(number is null ? Html.Raw("""<section class="phone"><p class="empty">Choose a phone.</p></section>""") : Phone(http, number, messages))}
              {Clock(http, clock, number)}
            </div>
            """);
        return DashboardLayout.Page(http, "Phone simulator", body);
    }

    public static async Task<IResult> ReplyAsync(HttpContext http, IAntiforgery antiforgery, SmsInbound inbound, TimeProvider clock, DurableRuntime runtime, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refused(http, "The form's antiforgery token is missing or invalid. Nothing was sent.", StatusCodes.Status400BadRequest);
        }

        var number = form["number"].ToString().Trim();
        var text = form["text"].ToString().Trim();
        if (!number.StartsWith('+') || number.Length < 4 || text.Length is 0 or > 500)
        {
            return Refused(http, "Choose a phone (E.164, e.g. +4520000002) and write a reply of 1–500 characters.", StatusCodes.Status400BadRequest);
        }

        await inbound.ReceiveAsync(number, text, "dashboard-" + Guid.NewGuid().ToString("N"), clock.GetUtcNow(), ct);
        var notice = await IdleAsync(runtime, ct) ? $"Sent \"{text}\" from {number}." : $"Sent \"{text}\" from {number}; it is still being processed.";
        return DashboardLayout.SeeOther(Link(number, notice));
    }

    public static async Task<IResult> AdvanceAsync(HttpContext http, IAntiforgery antiforgery, TimeProvider clock, DurableRuntime runtime, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refused(http, "The form's antiforgery token is missing or invalid. The clock was not moved.", StatusCodes.Status400BadRequest);
        }

        if (clock is not VirtualTimeProvider)
        {
            return Refused(http, "The clock is the system clock; start the host with Clock:Mode=Virtual to move time.", StatusCodes.Status409Conflict);
        }

        TimeSpan by;
        try
        {
            by = XmlConvert.ToTimeSpan(form["by"].ToString().Trim());
        }
        catch (FormatException)
        {
            return Refused(http, "Give how far to move the clock as an ISO 8601 duration, e.g. PT15M, PT1H or P1D.", StatusCodes.Status400BadRequest);
        }

        if (by <= TimeSpan.Zero || by > MaxAdvance)
        {
            return Refused(http, $"The clock moves forward only, at most {MaxAdvance.TotalDays:0} days at a time.", StatusCodes.Status400BadRequest);
        }

        await runtime.AdvanceClockAsync(by, ct);
        var number = form["number"].ToString().Trim();
        var notice = $"The clock is now {DashboardLayout.LocalText(clock.GetUtcNow())}.";
        return DashboardLayout.SeeOther(number.Length > 0 ? Link(number, notice) : $"{Path}?notice={Uri.EscapeDataString(notice)}");
    }

    private static Html Phone(HttpContext http, string number, IReadOnlyList<SentSms> messages) => Html.Of($"""
        <section class="phone" aria-label="Phone {number}" data-number="{number}">
          <h2>{number}</h2>
          <ol class="sms-list" id="sms-list">
            {(messages.Count == 0 ? Html.Raw("""<li class="empty">No SMS to this phone.</li>""") : Html.Join(messages.Select(sms => Html.Of($"""<li class="sms" data-sms-id="{sms.Id}"><time>{DashboardLayout.LocalText(sms.SentAt)}</time><p>{sms.Body}</p></li>"""))))}
          </ol>
          <form method="post" action="{Path}/reply" class="reply">
            {DashboardLayout.AntiforgeryField(http)}
            <input type="hidden" name="number" value="{number}">
            <label for="reply-text">Reply from {number}</label>
            <input id="reply-text" name="text" required maxlength="500" placeholder="OK 1234" autocomplete="off">
            <button type="submit" id="send-reply">Send</button>
          </form>
        </section>
        """);

    private static Html Clock(HttpContext http, TimeProvider clock, string? number) => clock is not VirtualTimeProvider
        ? Html.Raw("""<section class="clock-panel"><h2>Clock</h2><p>The host runs on the system clock.</p></section>""")
        : Html.Of($"""
            <section class="clock-panel" aria-labelledby="clock-title">
              <h2 id="clock-title">Virtual clock</h2>
              <p>Now <strong id="clock-now">{DashboardLayout.LocalText(clock.GetUtcNow())}</strong>. Moving it runs everything that falls due on the way, then waits until the host is idle.</p>
              <form method="post" action="{Path}/clock" class="advance">
                {DashboardLayout.AntiforgeryField(http)}
                <input type="hidden" name="number" value="{number}">
                <label for="advance-by">Move forward by (ISO 8601)</label>
                <input id="advance-by" name="by" value="PT1H" required list="advance-steps">
                <datalist id="advance-steps"><option value="PT15M"><option value="PT1H"><option value="PT6H"><option value="P1D"></datalist>
                <button type="submit" id="advance">Advance</button>
              </form>
            </section>
            """);

    private static IResult Refused(HttpContext http, string message, int statusCode) => DashboardLayout.Page(
        http, "Not done", Html.Of($"""<h1>Not done</h1>{DashboardLayout.Notice("error", message)}<p><a href="{Path}">Back to the phone simulator</a></p>"""), statusCode);

    private static async Task<bool> IdleAsync(DurableRuntime runtime, CancellationToken ct)
    {
        try
        {
            await runtime.WaitForIdleAsync(TimeSpan.FromSeconds(30), ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static string Link(string number, string? notice = null) =>
        $"{Path}?number={Uri.EscapeDataString(number)}" + (notice is null ? "" : $"&notice={Uri.EscapeDataString(notice)}");
}
