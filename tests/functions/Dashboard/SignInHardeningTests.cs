using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static HaH.Orchestration.Functions.Tests.Admissions.Api.ProblemAssert;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>What an attacker tried against the sign-in form (issue 13): open redirects and hostile bodies.</summary>
public sealed class SignInHardeningTests
{
    public static TheoryData<string> HostileReturnUrls => new()
    {
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        " //evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/%09/evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "https://evil.example/",
        "HTTPS:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\u00a0/evil.example",
        "/\u3000/evil.example",
        "/\uff0f/evil.example",
        "/ok/../..//evil.example",
    };

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task AfterSigningInOnlyAPathOnThisHostComesBack(string returnUrl)
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync(TestApplication.AdminKey, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task TheSignInFormDoesNotCarryAForeignReturnUrl(string returnUrl)
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var form = await session.GetPageAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Contains("""<input type="hidden" name="returnUrl" value="/">""", form, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admissions/SOME-ID", "/admissions/SOME-ID")]
    [InlineData("/?search=ADM-1&status=Running", "/?search=ADM-1&status=Running")]
    [InlineData("/admissions/X?code=test-admin-key&tab=history", "/admissions/X?tab=history")]
    [InlineData("/?CODE=test-admin-key", "/")]
    public async Task ALocalReturnUrlComesBackWithoutAKey(string returnUrl, string expected)
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync(TestApplication.AdminKey, returnUrl);

        Assert.Equal(expected, answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task APageOpenedWithTheKeyInItsUrlSendsTheBrowserToSignInWithoutTheKey()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.Http.GetAsync(new Uri($"/admissions/X?code={TestApplication.AdminKey}&tab=history", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fadmissions%2FX%3Ftab%3Dhistory", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASignInWithAJsonBodyIsUnsupportedMediaTypeNotAFailure()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var http = app.CreateClient();

        var answer = await http.PostAsync(new Uri("/login", UriKind.Relative), new StringContent("""{"key":"test-admin-key"}""", Encoding.UTF8, "application/json"));

        await IsProblemAsync(answer, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(logs.WithExceptions);
    }

    [Fact]
    public async Task ASignInWithoutABodyIsRefusedNotAFailure()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var http = app.CreateClient();

        var answer = await http.PostAsync(new Uri("/login", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.StatusCode);
        Assert.Empty(logs.WithExceptions);
    }

    [Fact]
    public async Task ASignInWithTooManyFieldsShowsTheFormAgainNotAFailure()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var session = DashboardSession.Anonymous(app);
        var token = DashboardSession.TokenOf(await session.GetPageAsync("/login"));
        var fields = Enumerable.Range(0, 1100).Select(n => new KeyValuePair<string, string>($"f{n}", "")).Append(new(DashboardSession.TokenField, token)).Append(new("key", TestApplication.AdminKey));

        var answer = await session.Http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("type=\"password\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(logs.WithExceptions);
    }

    [Fact]
    public async Task ASignInWithAHugeValueIsTooLarge()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var http = app.CreateClient();

        var answer = await http.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent([new("key", new string('k', 4 * 1024 * 1024))]));

        await IsProblemAsync(answer, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(logs.WithExceptions);
    }

    [Fact]
    public async Task AHugeSignInBodyWithoutLengthIsNotReadPastTheLimit()
    {
        var read = new CountingRequestBodies();
        using var host = await TestApplication.StartAsync();
        using var app = host.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(read)));
        using var http = app.CreateClient();

        var answer = await http.PostAsync(new Uri("/login", UriKind.Relative), new EndlessForm(27 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.True(read.Bytes < 64 * 1024, $"{read.Bytes} bytes of a sign-in form were read.");
    }

    /// <summary>Counts the request body bytes the app reads, in front of everything else.</summary>
    private sealed class CountingRequestBodies : IStartupFilter
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Body = new Counting(context.Request.Body, this);
                return nextMiddleware(context);
            });
            next(app);
        };

        private sealed class Counting(Stream inner, CountingRequestBodies counts) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                Interlocked.Add(ref counts._bytes, read);
                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous reads are not allowed.");

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>A form body of <c>key=kkkk…</c> produced as it is read, without Content-Length.</summary>
    private sealed class EndlessForm : HttpContent
    {
        private readonly long _length;

        public EndlessForm(long length)
        {
            _length = length;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes("key=" + new string('k', 16 * 1024 - 4));
            try
            {
                for (long written = 0; written < _length; written += chunk.Length)
                {
                    await stream.WriteAsync(chunk);
                    chunk = Encoding.ASCII.GetBytes(new string('k', 16 * 1024));
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The server stopped reading: that is the point.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
