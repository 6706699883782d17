using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Sign-in with the government identity provider (OpenID Connect, code flow with PKCE), against a
/// provider faked on WireMock: its discovery document, its signing key, and id_tokens signed here.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class GovernmentSignInTests(LocalEmulators emulators) : IAsyncLifetime
{
    private const string SignIn = "/api/parent/sign-in/government";
    private const string Callback = SignIn + "/callback";
    private readonly EnrollmentApp _app = new(emulators);
    private readonly RSA _providerKey = RSA.Create(2048);
    private readonly string _keyId = "k" + Guid.NewGuid().ToString("N")[..8];

    private string Issuer => _app.Departments.Url!;

    public Task InitializeAsync()
    {
        PublishProvider();
        return _app.CreateCountyAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _providerKey.Dispose();
    }

    private static string NewSubject() => "gov-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TheSignInLinkSendsThePhoneToTheProviderWithTheClientPkceStateAndNonce()
    {
        var response = await _app.NewPhone().GetAsync(SignIn + "?returnUrl=/status");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(Issuer + "/oauth2/authorize?", location);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal(EnrollmentApp.GovernmentClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.NotEqual("form_post", query.GetValueOrDefault("response_mode").ToString());
        Assert.Equal("openid profile", query["scope"]);
        Assert.Equal("http://localhost" + Callback, query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.False(query.ContainsKey("client_secret"));

        // The handler's own correlation and nonce cookies: HttpOnly, Lax, only for these routes, ten minutes by Max-Age.
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, cookies.Count(c => c.StartsWith(".Enrollment.Government.", StringComparison.Ordinal)));
        Assert.All(cookies, c =>
        {
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/api/parent/sign-in/government", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("max-age=600", c, StringComparison.OrdinalIgnoreCase);
        });
        Assert.DoesNotContain(cookies, c => c.StartsWith("enrollment_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheProvidersRedirectBackWithACodeSignsInAndReturnsToThePage()
    {
        var phone = _app.NewPhone();
        var subject = NewSubject();
        var start = await StartAsync(phone, "/status?application=a1");
        var code = ProviderIssuesCode(IdToken(subject, start.Nonce));

        var callback = await phone.GetAsync(CallbackUrl(code, start.State));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/status?application=a1", callback.Headers.Location!.OriginalString);
        var cookies = string.Join("\n", callback.Headers.GetValues("Set-Cookie"));
        Assert.Contains("enrollment_session=", cookies);
        Assert.DoesNotContain(subject, cookies);
        var spent = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Enrollment.Government.Correlation.", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", spent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("max-age", spent, StringComparison.OrdinalIgnoreCase);
        var me = await phone.GetFromJsonAsync<JsonElement>("/api/parent/me");
        Assert.Equal("GovernmentIdentity", me.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("mobileMasked").ValueKind);

        // The code went back to the provider with this app's secret and the PKCE verifier that matches the challenge.
        var redeemed = QueryHelpers.ParseQuery(Assert.Single(_app.Departments.LogEntries, e => e.RequestMessage.Path == "/oauth2/token").RequestMessage.Body);
        Assert.Equal(code, redeemed["code"]);
        Assert.Equal(EnrollmentApp.GovernmentClientId, redeemed["client_id"]);
        Assert.Equal("authorization_code", redeemed["grant_type"]);
        Assert.Equal(EnrollmentApp.GovernmentClientSecret, redeemed["client_secret"]);
        Assert.Equal(start.CodeChallenge, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(redeemed["code_verifier"].ToString()))));

        // The correlation is spent: the same redirect again (a reload, or a replay) signs nobody in.
        var replay = _app.NewPhone();
        Assert.Equal(HttpStatusCode.BadRequest, (await replay.GetAsync(CallbackUrl(code, start.State))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/parent/me")).StatusCode);
    }

    [Fact]
    public async Task TheSameSubjectSignsIntoTheSameAccountEveryTime()
    {
        var subject = NewSubject();
        var firstPhone = await SignInAsync(subject);
        (await firstPhone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();

        var secondPhone = await SignInAsync(subject);
        Assert.False((await secondPhone.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("consentRequired").GetBoolean());

        var someoneElse = await SignInAsync(NewSubject());
        Assert.True((await someoneElse.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("consentRequired").GetBoolean());
    }

    [Theory]
    [InlineData("signed with another key")]
    [InlineData("for another client")]
    [InlineData("from another issuer")]
    [InlineData("for another sign-in (nonce)")]
    [InlineData("expired")]
    [InlineData("without a subject")]
    public async Task AnIdTokenThatDoesNotCheckOutIsRefusedAndNobodyIsSignedIn(string situation)
    {
        var phone = _app.NewPhone();
        var start = await StartAsync(phone, "/status");
        using var forger = RSA.Create(2048);
        var now = _app.Time.GetUtcNow().UtcDateTime;
        var idToken = situation switch
        {
            "signed with another key" => IdToken(NewSubject(), start.Nonce, key: forger),
            "for another client" => IdToken(NewSubject(), start.Nonce, audience: "someone-elses-client"),
            "from another issuer" => IdToken(NewSubject(), start.Nonce, issuer: "https://idp.evil.example"),
            "for another sign-in (nonce)" => IdToken(NewSubject(), "638000000000000000.bm90LXRoaXMtb25l"),
            "expired" => IdToken(NewSubject(), start.Nonce, issuedAt: now.AddHours(-2)),
            _ => IdToken(subject: null, start.Nonce),
        };

        var callback = await phone.GetAsync(CallbackUrl(ProviderIssuesCode(idToken), start.State));

        await AssertRefusedAsync(phone, callback, HttpStatusCode.BadRequest, "government-sign-in-failed");
    }

    [Theory]
    [InlineData("no correlation cookie (another phone)")]
    [InlineData("a tampered state")]
    [InlineData("the parent declined at the provider")]
    public async Task ACallbackThatIsNotThisPhonesSignInIsRefused(string situation)
    {
        var phone = _app.NewPhone();
        var start = await StartAsync(phone, "/");
        var code = ProviderIssuesCode(IdToken(NewSubject(), start.Nonce));
        var url = situation switch
        {
            "a tampered state" => CallbackUrl(code, start.State[..^4] + "AAAA"),
            "the parent declined at the provider" => $"{Callback}?error=access_denied&state={Uri.EscapeDataString(start.State)}",
            _ => CallbackUrl(code, start.State),
        };
        if (situation.StartsWith("no correlation", StringComparison.Ordinal))
        {
            phone = _app.NewPhone();
        }

        var callback = await phone.GetAsync(url);

        await AssertRefusedAsync(phone, callback, HttpStatusCode.BadRequest, "government-sign-in-failed");
        Assert.DoesNotContain(_app.Departments.LogEntries, e => e.RequestMessage.Path == "/oauth2/token");
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("evil.example")]
    [InlineData("")]
    public async Task AReturnAddressOffThisSiteFallsBackToTheEntryPage(string returnUrl)
    {
        var phone = _app.NewPhone();
        var start = await StartAsync(phone, returnUrl);

        var callback = await phone.GetAsync(CallbackUrl(ProviderIssuesCode(IdToken(NewSubject(), start.Nonce)), start.State));

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheProviderBeingDownIsA503WithRetryAfterAndNobodySignedIn()
    {
        var phone = _app.NewPhone();
        var start = await StartAsync(phone, "/");
        var code = "c" + Guid.NewGuid().ToString("N");
        _app.Departments.Given(Request.Create().WithPath("/oauth2/token").UsingPost().WithBody(new WildcardMatcher($"*code={code}*"))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "text/html").WithBody("<html>Service Unavailable</html>"));

        var callback = await phone.GetAsync(CallbackUrl(code, start.State));

        await AssertRefusedAsync(phone, callback, HttpStatusCode.ServiceUnavailable, "government-sign-in-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(60), callback.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task AProviderThatCannotBeReachedAtTheStartIsA503()
    {
        using var unreachable = _app.WithWebHostBuilder(b => b.UseSetting("GovernmentIdentity:Authority", "http://127.0.0.1:9/"));

        var response = await unreachable.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(SignIn + "?returnUrl=/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("爱山东登录暂时不可用", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheCallbackAddressComesFromThePublicBaseUrl()
    {
        using var configured = _app.WithWebHostBuilder(b => b.UseSetting("Enrollment:PublicBaseUrl", "https://zs.example.gov.cn/"));

        var response = await configured.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(SignIn);

        Assert.Equal("https://zs.example.gov.cn" + Callback, QueryHelpers.ParseQuery(response.Headers.Location!.Query)["redirect_uri"]);
    }

    [Fact]
    public async Task NoLogLineCarriesTheCodeTheTokensOrTheSubject()
    {
        var lines = new ConcurrentQueue<(string Category, string Line)>();
        using var logged = _app.WithWebHostBuilder(b => b.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new CapturingProvider(lines));
        }));
        var phone = logged.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var subject = NewSubject();
        var start = await StartAsync(phone, "/");
        var idToken = IdToken(subject, start.Nonce);
        var code = ProviderIssuesCode(idToken);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync(CallbackUrl(code, start.State))).StatusCode);
        var forged = await StartAsync(phone, "/");
        using var forger = RSA.Create(2048);
        await phone.GetAsync(CallbackUrl(ProviderIssuesCode(IdToken(subject, forged.Nonce, key: forger)), forged.State));

        Assert.Contains(lines, l => l.Line.Contains("Government sign-in refused", StringComparison.Ordinal));
        string[] secrets = [subject, idToken, idToken.Split('.')[1], "access-" + code, EnrollmentApp.GovernmentClientSecret];
        Assert.DoesNotContain(lines, l => secrets.Any(s => l.Line.Contains(s, StringComparison.Ordinal)));
        // The code rides in the callback's query string, which only the framework's request line shows (a Warning-level category in every published setting).
        Assert.DoesNotContain(lines, l => l.Line.Contains(code, StringComparison.Ordinal) && !l.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnAuthorityTheRoutesAre404AndThePageIsToldSo()
    {
        var on = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/public/config");
        Assert.True(on.GetProperty("governmentSignIn").GetBoolean());
        Assert.Equal("爱山东登录", on.GetProperty("governmentSignInName").GetString());
        using var off = _app.WithWebHostBuilder(b => b
            .UseSetting("GovernmentIdentity:Authority", "").UseSetting("GovernmentIdentity:ClientId", "").UseSetting("GovernmentIdentity:ClientSecret", ""));
        var phone = off.CreateClient(new() { AllowAutoRedirect = false });

        var start = await phone.GetAsync(SignIn + "?returnUrl=/");
        var callback = await phone.GetAsync(Callback + "?code=abc&state=def");

        foreach (var response in new[] { start, callback })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("暂未开通政务服务账号登录", await response.Content.ReadAsStringAsync());
        }

        Assert.False((await phone.GetFromJsonAsync<JsonElement>("/api/public/config")).GetProperty("governmentSignIn").GetBoolean());
        Assert.DoesNotContain(_app.Departments.LogEntries, e => e.RequestMessage.Path.StartsWith("/.well-known/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GovernmentIdentity:ClientSecret", "")]
    [InlineData("GovernmentIdentity:Authority", "")]
    [InlineData("GovernmentIdentity:Authority", "not a url")]
    [InlineData("GovernmentIdentity:Scopes", "profile")]
    public void HalfAConfigurationRefusesToStart(string key, string value)
    {
        // The test host reports a failed start now and then as ObjectDisposedException from its deferred host (it
        // asks the app's disposed provider for services while the app's own exception is on its way): look again.
        Exception failure = null!;
        for (var attempt = 0; attempt < 5 && failure is null or ObjectDisposedException; attempt++)
        {
            using var broken = _app.WithWebHostBuilder(b => b.UseSetting(key, value));
            failure = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        }

        Assert.True(failure.ToString().Contains("GovernmentIdentity", StringComparison.Ordinal), failure.ToString());
    }

    private async Task AssertRefusedAsync(HttpClient phone, HttpResponseMessage callback, HttpStatusCode status, string type)
    {
        Assert.Equal(status, callback.StatusCode);
        Assert.Equal("application/problem+json", callback.Content.Headers.ContentType?.MediaType);
        var problem = await callback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:" + type, problem.GetProperty("type").GetString());
        Assert.Contains("手机号码登录", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("enrollment_session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
    }

    private sealed record Start(string State, string Nonce, string CodeChallenge);

    /// <summary>Opens the sign-in link on this phone, as the entry page would, and reads what the provider will be handed.</summary>
    private static async Task<Start> StartAsync(HttpClient phone, string returnUrl)
    {
        var response = await phone.GetAsync(SignIn + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        return new Start(query["state"].ToString(), query["nonce"].ToString(), query["code_challenge"].ToString());
    }

    private async Task<HttpClient> SignInAsync(string subject)
    {
        var phone = _app.NewPhone();
        var start = await StartAsync(phone, "/");
        var callback = await phone.GetAsync(CallbackUrl(ProviderIssuesCode(IdToken(subject, start.Nonce)), start.State));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return phone;
    }

    private static string CallbackUrl(string code, string state) => $"{Callback}?code={code}&state={Uri.EscapeDataString(state)}";

    /// <summary>The provider's discovery document and signing key, on the faked departments' server.</summary>
    private void PublishProvider()
    {
        var discovery = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/oauth2/authorize",
            ["token_endpoint"] = Issuer + "/oauth2/token",
            ["jwks_uri"] = Issuer + "/oauth2/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
        });
        var key = _providerKey.ExportParameters(includePrivateParameters: false);
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = _keyId, n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) },
            },
        });
        _app.Departments.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(discovery));
        _app.Departments.Given(Request.Create().WithPath("/oauth2/jwks").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(jwks));
        // A code the test did not issue is one the provider does not know.
        _app.Departments.Given(Request.Create().WithPath("/oauth2/token").UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"error":"invalid_grant"}"""));
    }

    /// <summary>A fresh code that the provider's token endpoint exchanges, for this app only, for this id_token.</summary>
    private string ProviderIssuesCode(string idToken)
    {
        var code = "c" + Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { access_token = "access-" + code, token_type = "Bearer", expires_in = 300, id_token = idToken });
        _app.Departments.Given(Request.Create().WithPath("/oauth2/token").UsingPost()
                .WithBody(new WildcardMatcher($"*code={code}*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
        return code;
    }

    /// <summary>An id_token as the provider signs it, valid for five minutes on the app's clock unless the test says otherwise.</summary>
    private string IdToken(string? subject, string nonce, RSA? key = null, string? audience = null, string? issuer = null, DateTime? issuedAt = null)
    {
        var issued = issuedAt ?? _app.Time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["nonce"] = nonce };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? EnrollmentApp.GovernmentClientId,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _providerKey) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<(string, string)> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<(string, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, $"{category} {formatter(state, exception)} {exception}"));
    }
}
