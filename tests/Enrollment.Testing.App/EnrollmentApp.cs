using System.Net.Http.Json;
using System.Security.Cryptography;
using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Enrollment.Testing;

/// <summary>
/// The app over the real local emulators, with its own database, fresh keys and a clock the test
/// controls. Each test makes its own county, so no test sees another's data.
/// </summary>
public sealed class EnrollmentApp(LocalEmulators emulators) : WebApplicationFactory<Program>
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>
    /// The government departments' data-sharing endpoints, faked over HTTP on loopback: every fact is
    /// confirmed unless a test says otherwise with <see cref="DepartmentAnswers"/>.
    /// </summary>
    public WireMockServer Departments { get; } = StartDepartments();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 8, 6, 10, 0, 0, Cst));

    public string Database { get; } = "tests-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The app's settings in these tests, for either entry mode (the API tests' WorkerApp reads them too).</summary>
    public Dictionary<string, string?> Settings => _settings ??= NewSettings();

    private Dictionary<string, string?>? _settings;

    private Dictionary<string, string?> NewSettings()
    {
        var settings = new Dictionary<string, string?>();
        settings["Storage:Cosmos:AccountEndpoint"] = emulators.CosmosEndpoint;
        settings["Storage:CosmosDatabase"] = Database;
        settings["Storage:Blob:ConnectionString"] = emulators.BlobConnectionString;
        settings["Uploads:QuarantineContainer"] = "quarantine-" + Database;
        settings["Uploads:DocumentsContainer"] = "documents-" + Database;
        settings["Security:SessionSigningKey"] = NewKey();
        settings["Security:IdentityHashKey"] = NewKey();
        settings["Security:DataEncryptionKey"] = NewKey();
        settings["Timers:RunStandalone"] = "false";
        settings["SignIn:DevelopmentEnabled"] = "true";
        // Every test client shares one address; ClientRateLimitTests turns the budgets down to test them.
        settings["RateLimits:ParentRequestsPerMinute"] = "1000000";
        settings["RateLimits:AddressRequestsPerMinute"] = "1000000";
        foreach (var kind in Enum.GetNames<Core.Outside.FactKind>())
        {
            settings[$"DataSharing:Sources:{kind}:BaseUrl"] = Departments.Url;
            settings[$"DataSharing:Sources:{kind}:ApiKey"] = "test-key";
        }

        // Retries wait on the app's clock, which these tests stop; the retry policy itself is tested with real time in Enrollment.Outside.Tests.
        settings["Outside:Resilience:MaxRetryAttempts"] = "0";
        settings["IdentityVerification:BaseUrl"] = Departments.Url;
        settings["IdentityVerification:ApiKey"] = "test-key";
        settings["Sms:BaseUrl"] = Departments.Url;
        settings["Sms:ApiKey"] = "test-key";
        settings["Sms:SignName"] = "示范县教育局";
        settings["Sms:Templates:SignInCode"] = "SMS_0001";
        settings["Sms:Templates:ReturnedForCorrection"] = "SMS_0002";
        settings["Sms:Templates:ResultPublished"] = "SMS_0003";
        settings["Sms:Templates:DraftReminder"] = "SMS_0004";
        settings["Sms:Templates:ReviewBacklog"] = "SMS_0005";
        settings["Sms:Templates:DeadlineReminder"] = "SMS_0006";
        settings["Provincial:BaseUrl"] = Departments.Url;
        settings["Provincial:ApiKey"] = "test-key";
        settings["WeChat:BaseUrl"] = Departments.Url;
        settings["WeChat:AppId"] = WeChatAppId;
        settings["WeChat:AppSecret"] = "oa-test-secret";
        settings["WeChat:MiniProgram:AppId"] = WeChatMiniProgramAppId;
        settings["WeChat:MiniProgram:AppSecret"] = "mini-test-secret";
        settings["WeChat:Templates:ReturnedForCorrection"] = "WX-TEMPLATE-RETURNED";
        // The government identity provider is faked on the same server; each test publishes its keys (GovernmentSignInTests).
        settings["GovernmentIdentity:Authority"] = Departments.Url;
        settings["GovernmentIdentity:ClientId"] = GovernmentClientId;
        settings["GovernmentIdentity:ClientSecret"] = GovernmentClientSecret;
        settings["GovernmentIdentity:DisplayName"] = "爱山东登录";
        settings["GovernmentIdentity:RequireHttpsMetadata"] = "false";

        // Staff from Entra ID: the tenant is faked on the same server; StaffSignInTests publishes its keys.
        settings["StaffSignIn:Entra:Authority"] = Departments.Url + "/entra/v2.0";
        settings["StaffSignIn:Entra:ClientId"] = EntraClientId;
        settings["StaffSignIn:Entra:RequireHttpsMetadata"] = "false";
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    /// <summary>Every line the app logged; scanned for personal data when the app is disposed.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Fails the test that used this app if any of its log lines carried personal data.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var leaks = Logs.Leaks();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException("Personal data in the app's logs:\n" + string.Join("\n", leaks.Take(10)));
        }
    }

    public async Task<County> CreateCountyAsync(Window? registration = null)
    {
        await Services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var now = Time.GetUtcNow();
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        var demo = DemoCounty.Create(now);
        var county = demo with
        {
            Id = id,
            Name = "测试县",
            EnrollmentYear = 2026,
            Calendar = WindowCalendar.Of(new WindowSetting(WindowKind.Registration, Stage.Primary, SchoolId: null, registration ?? new Window(now.AddDays(-1), now.AddDays(3)))),
            Schools = demo.Schools.Select(s => s with { Id = s.Id.Replace(DemoCounty.Id, id) }).ToList(),
        };
        await Services.GetRequiredService<ICountyStore>().UpsertAsync(county, CancellationToken.None);
        return county;
    }

    /// <summary>
    /// The county's private school oversubscribed-ready: <paramref name="places"/> places in one class, and a lottery
    /// window for primary schools open from an hour ago until tomorrow. Returns the stored county and that school.
    /// </summary>
    public async Task<(County County, School School)> WithLotteryAsync(County county, int places)
    {
        var now = Time.GetUtcNow();
        var school = county.Schools.Single(s => s.Kind == SchoolKind.Private) with { Plan = new Plan(places, 1) };
        county = county with
        {
            Schools = county.Schools.Select(s => s.Id == school.Id ? school : s).ToList(),
            Calendar = county.Calendar with { Windows = [.. county.Calendar.Windows, new WindowSetting(WindowKind.Lottery, Stage.Primary, null, new Window(now.AddHours(-1), now.AddDays(1)))] },
        };
        await Services.GetRequiredService<ICountyStore>().UpsertAsync(county, CancellationToken.None);
        return (county, school);
    }

    /// <summary>
    /// Admits the children the way a school and the bureau do: a reviewer approves each application, the school's head
    /// approves the final list and an officer confirms it, in an admission window (and a check-in window after it)
    /// for the stage opened here for the purpose. The school's other applications must be decided already.
    /// </summary>
    public async Task<County> AdmitAsync(County county, string schoolId, params string[] applicationIds)
    {
        var now = Time.GetUtcNow();
        var stage = county.FindSchool(schoolId)!.Stage;
        county = county with
        {
            Calendar = county.Calendar with
            {
                Windows = [.. county.Calendar.Windows.Where(w => w.Kind is not (WindowKind.Admission or WindowKind.CheckIn)),
                    new WindowSetting(WindowKind.Admission, stage, null, new Window(now.AddHours(-1), now.AddDays(1))),
                    new WindowSetting(WindowKind.CheckIn, stage, null, new Window(now.AddHours(-1), now.AddDays(1)))],
            },
        };
        await Services.GetRequiredService<ICountyStore>().UpsertAsync(county, CancellationToken.None);
        var reviewer = await NewStaffAsync(Core.Staff.StaffRole.SchoolReviewer, county.Id, schoolId);
        foreach (var id in applicationIds)
        {
            await reviewer.ApproveApplicationAsync(schoolId, id);
        }

        var approved = await (await NewStaffAsync(Core.Staff.StaffRole.SchoolHead, county.Id, schoolId)).AdmissionStepAsync(county.Id, schoolId, "approve");
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        var confirmed = await (await NewStaffAsync(Core.Staff.StaffRole.BureauOfficer, county.Id)).AdmissionStepAsync(county.Id, schoolId, "confirm");
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        return county;
    }

    /// <summary>报到: a reviewer of the school records the admitted children as reported, in the check-in window <see cref="AdmitAsync"/> opened.</summary>
    public async Task CheckInAsync(County county, string schoolId, params string[] applicationIds)
    {
        var reviewer = await NewStaffAsync(Core.Staff.StaffRole.SchoolReviewer, county.Id, schoolId);
        var lines = await (await reviewer.PostAsJsonAsync($"/api/staff/schools/{schoolId}/check-ins", new { applicationIds })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.All(lines.EnumerateArray(), l => Assert.Equal("CheckedIn", l.GetProperty("result").GetString()));
    }

    /// <summary>A client that keeps cookies, like one phone's browser; nobody signed in.</summary>
    public HttpClient NewPhone() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>Invokes a timer function the way the Functions worker does when the host fires it. Returns the line its run logged.</summary>
    public Task<string> InvokeTimerAsync(string name, bool isPastDue = false) => InvokeTimerAsync(Services, Logs, name, isPastDue);

    /// <summary>Invokes a timer function of this app or of one derived from it, whose logs <paramref name="logs"/> captures.</summary>
    public static async Task<string> InvokeTimerAsync(IServiceProvider services, LogCapture logs, string name, bool isPastDue = false)
    {
        var timer = Enrollment.Functions.Hosting.TimerFunctions.All.Single(t => t.Name == name);
        var functions = ActivatorUtilities.CreateInstance<Enrollment.Functions.Hosting.TimerFunctions>(services);
        var before = logs.Lines.Count;
        await timer.InvokeAsync(functions, new Microsoft.Azure.Functions.Worker.TimerInfo { IsPastDue = isPastDue }, CancellationToken.None);
        var finished = $"Timer {name} finished: ";
        var line = logs.Lines.Skip(before).Last(l => l.Contains(finished, StringComparison.Ordinal));
        return line[(line.IndexOf(finished, StringComparison.Ordinal) + finished.Length)..line.IndexOf(" Timer=", StringComparison.Ordinal)];
    }

    /// <summary>A phone whose guardian has signed in (development sign-in) and consented.</summary>
    public Task<HttpClient> NewParentAsync(string? mobile = null) => NewParentAsync(NewPhone(), mobile);

    /// <summary>Signs a guardian in on this client (of this app, or of one derived from it) and consents.</summary>
    public static async Task<HttpClient> NewParentAsync(HttpClient phone, string? mobile = null)
    {
        mobile ??= "139" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        (await phone.PostAsJsonAsync("/api/parent/sign-in/development", new { mobile })).EnsureSuccessStatusCode();
        (await phone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();
        return phone;
    }

    /// <summary>The session cookie of a newly signed-in, consenting guardian, for requests made without a cookie jar.</summary>
    public async Task<string> SignedInParentCookieAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await client.PostAsJsonAsync("/api/parent/sign-in/development", new { mobile = "139" + Random.Shared.Next(0, 100_000_000).ToString("D8") });
        var cookie = CookieOf(signIn);
        var consent = await client.SendAsync(WithCookie(cookie, new HttpRequestMessage(HttpMethod.Post, "/api/parent/consent") { Content = JsonContent.Create(new { version = Core.Parents.ConsentText.CurrentVersion }) }));
        consent.EnsureSuccessStatusCode();
        return consent.Headers.Contains("Set-Cookie") ? CookieOf(consent) : cookie;
    }

    /// <summary>The session cookie of a new member of staff with this role and scope.</summary>
    public async Task<string> SignedInStaffCookieAsync(Core.Staff.StaffRole role, string countyId, params string[] schoolIds)
    {
        var enrollment = await NewStaffAccountAsync(role, countyId, schoolIds);
        var code = enrollment.TotpSecret is { } secret ? Services.GetRequiredService<Core.Staff.StaffSignIn>().CurrentCode(secret) : null;
        var signIn = await CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).PostAsJsonAsync("/api/staff/sign-in", new { name = enrollment.Account.Id, password = StaffPassword, code });
        return CookieOf(signIn);
    }

    public static HttpRequestMessage WithCookie(string? cookie, HttpRequestMessage request)
    {
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    /// <summary>Each request's own trace id, the one part of a problem body that differs from request to request.</summary>
    public static string WithoutTraceId(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "\"traceId\":\"…\"");

    private static string CookieOf(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    public const string StaffPassword = "correct horse battery staple";

    /// <summary>A new staff account in the county, with <see cref="StaffPassword"/>; the TOTP secret for a bureau officer.</summary>
    public async Task<Core.Staff.StaffEnrollment> NewStaffAccountAsync(Core.Staff.StaffRole role, string countyId, params string[] schoolIds)
    {
        var name = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@{countyId}";
        var enrollment = Services.GetRequiredService<Core.Staff.StaffSignIn>().NewAccount(name, "测试" + role, role, countyId, schoolIds, StaffPassword);
        Assert.True(await Services.GetRequiredService<Core.Staff.IStaffStore>().TryCreateAsync(enrollment.Account, CancellationToken.None));
        return enrollment;
    }

    /// <summary>A browser signed in as a new member of staff with this role and scope.</summary>
    public async Task<HttpClient> NewStaffAsync(Core.Staff.StaffRole role, string countyId, params string[] schoolIds)
    {
        var enrollment = await NewStaffAccountAsync(role, countyId, schoolIds);
        var browser = NewPhone();
        var code = enrollment.TotpSecret is { } secret ? Services.GetRequiredService<Core.Staff.StaffSignIn>().CurrentCode(secret) : null;
        (await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = enrollment.Account.Id, password = StaffPassword, code })).EnsureSuccessStatusCode();
        return browser;
    }

    /// <summary>The last sign-in code texted to a number, read off the faked SMS gateway.</summary>
    public string LastCodeSentTo(string mobile) =>
        Departments.LogEntries
            .Where(e => e.RequestMessage.Path == "/sms/send")
            .Select(e => System.Text.Json.JsonDocument.Parse(e.RequestMessage.Body!).RootElement)
            .Last(body => body.GetProperty("mobile").GetString() == mobile)
            .GetProperty("parameters").GetProperty("code").GetString()!;

    /// <summary>Makes one department answer "not matched" (or not answer at all) from now on.</summary>
    public void DepartmentAnswers(string source, bool? matched)
    {
        var response = matched is null
            ? Response.Create().WithStatusCode(503)
            : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(matched.Value ? MatchedBody : """{"matched":false}""");
        Departments.Given(Request.Create().WithPath($"/{source}/verify").UsingPost()).AtPriority(1).RespondWith(response);
    }

    /// <summary>The official account and the mini program the tests sign in with, faked on <see cref="Departments"/>.</summary>
    public const string WeChatAppId = "wx0fficial0test";
    public const string WeChatMiniProgramAppId = "wx0mini0test";

    /// <summary>This app's registration in the faked Entra ID tenant.</summary>
    public const string EntraClientId = "00000000-0000-0000-0000-00000000e17a";

    /// <summary>This app's registration with the faked government identity provider.</summary>
    public const string GovernmentClientId = "enrollment-test-client";
    public const string GovernmentClientSecret = "gov-test-secret";

    /// <summary>The session key every faked jscode2session answer carries: it must never reach a phone.</summary>
    public const string WeChatSessionKey = "SeSsIoNkEy+test/only==";

    /// <summary>A fresh WeChat code that the faked WeChat exchanges for this openid (by either route), with a unionid if given.</summary>
    public string NewWeChatCode(string openId, string? unionId = null)
    {
        var code = "0" + Guid.NewGuid().ToString("N")[..31];
        var union = unionId is null ? "" : $$""","unionid":"{{unionId}}" """.TrimEnd();
        WeChatAnswers(code, 200, $$"""{"access_token":"ACCESS-{{code}}","expires_in":7200,"refresh_token":"REFRESH-{{code}}","openid":"{{openId}}","scope":"snsapi_base"{{union}}}""",
            $$"""{"openid":"{{openId}}","session_key":"{{WeChatSessionKey}}"{{union}}}""");
        return code;
    }

    /// <summary>Makes the faked WeChat answer this code with a status and body of the test's choosing (the mini program's body too, if given).</summary>
    public void WeChatAnswers(string code, int status, string body, string? miniProgramBody = null)
    {
        Departments.Given(Request.Create().WithPath("/sns/oauth2/access_token").UsingGet()
                .WithParam("appid", WeChatAppId).WithParam("secret", "oa-test-secret").WithParam("code", code))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        Departments.Given(Request.Create().WithPath("/sns/jscode2session").UsingGet()
                .WithParam("appid", WeChatMiniProgramAppId).WithParam("secret", "mini-test-secret").WithParam("js_code", code))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/plain").WithBody(miniProgramBody ?? body));
    }

    protected override void Dispose(bool disposing)
    {
        Departments.Stop();
        base.Dispose(disposing);
    }

    private const string MatchedBody = """{"matched":true,"reference":"ok"}""";

    private static WireMockServer StartDepartments()
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/*/verify").UsingPost().WithHeader("X-Api-Key", "test-key"))
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(MatchedBody));
        server.Given(Request.Create().WithPath("/identity/verify").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"matched":true}"""));
        server.Given(Request.Create().WithPath("/sms/send").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"accepted":true,"messageId":"m1"}"""));
        // WeChat: a code the test did not set up is one WeChat does not know (its real answers: HTTP 200 with errcode).
        server.Given(Request.Create().WithPath("/sns/oauth2/access_token").UsingGet()
                .WithParam("appid", WeChatAppId).WithParam("secret", "oa-test-secret").WithParam("grant_type", "authorization_code"))
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"errcode":40029,"errmsg":"invalid code, rid: test"}"""));
        server.Given(Request.Create().WithPath("/sns/jscode2session").UsingGet()
                .WithParam("appid", WeChatMiniProgramAppId).WithParam("secret", "mini-test-secret").WithParam("grant_type", "authorization_code"))
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("""{"errcode":40029,"errmsg":"invalid code, rid: test"}"""));
        return server;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
