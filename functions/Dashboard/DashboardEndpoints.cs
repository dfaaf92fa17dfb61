using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Dashboard.Today;
using HaH.Orchestration.Functions.Http;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The administrators' dashboard (api.md "Dashboard"): server-rendered pages for the admin role,
/// signed in with the admin key (<see cref="DashboardSignIn"/>), and the eHospital's today board. Every form carries an antiforgery
/// token; the pages are left out of the OpenAPI document.
/// </summary>
/// <remarks>
/// <c>GET/POST /login</c>, <c>POST /logout</c>; <c>GET /</c> the overview; <c>GET /admissions/{id}</c>
/// one admission; <c>POST /admissions/{id}/actions/{action}</c> its actions (confirm, then act);
/// <c>GET /today</c>, <c>GET /today/board</c>, <c>POST /today/acknowledge</c> the today board (also
/// for the <c>ehospital</c> role);
/// in Development <c>GET /phone</c>, <c>POST /phone/reply</c>, <c>POST /phone/clock</c>.
/// </remarks>
internal static class DashboardEndpoints
{
    public const string AntiforgeryCookieName = "hah-antiforgery";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.AddDashboardSignIn();
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new RunningAdmissionViews(
            services.GetRequiredService<DurableTaskClient>(),
            services.GetRequiredService<IOptions<DashboardOptions>>().Value.BoardRefresh,
            TimeProvider.System));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Follows the request: with Always, antiforgery refuses (500) any form served over plain http. The
            // session cookie, which is what is worth stealing, is Secure outside Development regardless.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
        });
        return builder;
    }

    public static RouteGroupBuilder MapDashboard(this WebApplication app)
    {
        var root = app.MapGroup("").ExcludeFromDescription();
        DashboardAssets.Map(root);
        root.MapGet(DashboardSignIn.LoginPath, (HttpContext http, string? returnUrl) => SignInPages.Form(http, returnUrl)).AllowAnonymous();
        root.MapPost(DashboardSignIn.LoginPath, SignInPages.SignInAsync).AllowAnonymous().WithRequestBodyLimit(SignInPages.MaxBodyBytes);

        TodayBoardPage.Map(root.MapGroup("").RequireAuthorization(DashboardSignIn.BoardPolicy));
        var pages = root.MapGroup("").RequireAuthorization(DashboardSignIn.DashboardPolicy);
        pages.MapPost("/logout", SignInPages.SignOutAsync);
        pages.MapGet("/", OverviewPage.GetAsync);
        pages.MapGet("/admissions/{id}", AdmissionPage.GetAsync);
        pages.MapPost("/admissions/{id}/actions/{action}", AdmissionActions.PostAsync);
        if (app.Environment.IsDevelopment())
        {
            pages.MapGet(PhoneSimulatorPage.Path, PhoneSimulatorPage.GetAsync);
            pages.MapPost(PhoneSimulatorPage.Path + "/reply", PhoneSimulatorPage.ReplyAsync);
            pages.MapPost(PhoneSimulatorPage.Path + "/clock", PhoneSimulatorPage.AdvanceAsync);
        }

        return root;
    }
}
