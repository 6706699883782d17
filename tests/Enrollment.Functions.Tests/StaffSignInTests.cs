using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Staff;
using Enrollment.Functions.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Functions.Tests;

/// <summary>Staff sign-in: passwords with lockout, TOTP for bureau officers, sessions that end, and Entra ID through the platform's headers.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class StaffSignInTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private readonly RSA _tenantKey = RSA.Create(2048);
    private string _countyId = "";

    private string EntraIssuer => _app.Departments.Url + "/entra/v2.0";

    public async Task InitializeAsync()
    {
        _countyId = (await _app.CreateCountyAsync()).Id;
        PublishTenant();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _tenantKey.Dispose();
    }

    private StaffSignIn SignIn => _app.Services.GetRequiredService<StaffSignIn>();

    [Fact]
    public async Task AReviewerSignsInWithAPasswordAndSeesTheirRoleAndSchools()
    {
        var account = (await _app.NewStaffAccountAsync(StaffRole.SchoolReviewer, _countyId, $"{_countyId}-101")).Account;
        var browser = _app.NewPhone();

        var response = await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id.ToUpperInvariant(), password = EnrollmentApp.StaffPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffAuthenticationHandler.CookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/staff/me");
        Assert.Equal(account.Id, me.GetProperty("id").GetString());
        Assert.Equal("SchoolReviewer", me.GetProperty("role").GetString());
        Assert.Equal([$"{_countyId}-101"], me.GetProperty("schoolIds").EnumerateArray().Select(s => s.GetString()));
        var log = await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_countyId, new AuditQuery(account.Id, AuditActions.StaffSignIn, null, null, null), 10, null, CancellationToken.None);
        Assert.Single(log!.Entries);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedInChineseAndFiveLockTheAccountEvenForTheRightOne()
    {
        var account = (await _app.NewStaffAccountAsync(StaffRole.SchoolReviewer, _countyId, $"{_countyId}-101")).Account;
        var browser = _app.NewPhone();

        for (var attempt = 1; attempt < StaffSignIn.MaxFailures; attempt++)
        {
            var wrong = await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id, password = "guess " + attempt });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("登录失败", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }

        var fifth = await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id, password = "guess 5" });
        Assert.Equal(HttpStatusCode.Forbidden, fifth.StatusCode);
        var right = await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id, password = EnrollmentApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.EndsWith("account-locked", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        _app.Time.Advance(StaffSignIn.Lockout + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id, password = EnrollmentApp.StaffPassword })).StatusCode);
    }

    [Fact]
    public async Task AnUnknownNameGetsTheSameAnswerAsAWrongPassword()
    {
        var response = await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name = "nobody@" + _countyId, password = "whatever" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.EndsWith("sign-in-refused", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ABureauOfficerNeedsTheAuthenticatorCodeAndACodeWorksOnce()
    {
        var enrollment = await _app.NewStaffAccountAsync(StaffRole.BureauOfficer, _countyId);
        var name = enrollment.Account.Id;

        var passwordOnly = await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password = EnrollmentApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, passwordOnly.StatusCode);
        Assert.EndsWith("second-factor-required", (await passwordOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.DoesNotContain(passwordOnly.Headers, h => h.Key == "Set-Cookie");

        var wrongCode = await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password = EnrollmentApp.StaffPassword, code = "000000" == SignIn.CurrentCode(enrollment.TotpSecret!) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);

        var code = SignIn.CurrentCode(enrollment.TotpSecret!);
        Assert.Equal(HttpStatusCode.OK, (await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password = EnrollmentApp.StaffPassword, code })).StatusCode);
        var replay = await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password = EnrollmentApp.StaffPassword, code });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password = EnrollmentApp.StaffPassword, code = SignIn.CurrentCode(enrollment.TotpSecret!) })).StatusCode);
    }

    [Fact]
    public async Task SignOutEndsTheSessionEvenForACopiedCookie()
    {
        var account = (await _app.NewStaffAccountAsync(StaffRole.SchoolReviewer, _countyId, $"{_countyId}-101")).Account;
        var browser = _app.NewPhone();
        var signedIn = await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = account.Id, password = EnrollmentApp.StaffPassword });
        var copied = CookieHeader(signedIn);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(copied)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/staff/sign-out", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/staff/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(copied)).StatusCode);
    }

    private async Task<HttpResponseMessage> WithCookie(string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        request.Headers.Add("Cookie", cookie);
        return await _app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task SessionsExpireAfterAWorkingDay()
    {
        var browser = await _app.NewStaffAsync(StaffRole.Auditor, _countyId);

        _app.Time.Advance(StaffSessionTokens.Lifetime + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/staff/me")).StatusCode);
    }

    [Fact]
    public async Task AParentSessionIsNotAStaffSession()
    {
        var parent = await _app.NewParentAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await parent.GetAsync("/api/staff/me")).StatusCode);
    }

    [Fact]
    public async Task EntraStaffAreSignedInFromTheTokenThePlatformForwards()
    {
        var account = (await _app.NewStaffAccountAsync(StaffRole.Auditor, _countyId)).Account;
        var objectId = Guid.NewGuid().ToString();

        var response = await Me(EntraToken(account.Id, objectId), objectId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(account.Id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task EntraHeadersThatDidNotComeFromThePlatformAreIgnored()
    {
        var account = (await _app.NewStaffAccountAsync(StaffRole.Auditor, _countyId)).Account;
        var objectId = Guid.NewGuid().ToString();
        using var forger = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(EntraToken(account.Id, objectId, key: forger), objectId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(EntraToken(account.Id, objectId, audience: "another-app"), objectId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(EntraToken(account.Id, objectId, issuedAt: _app.Time.GetUtcNow().UtcDateTime.AddHours(-2)), objectId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(EntraToken(account.Id, objectId), Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me("not-a-token", objectId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(EntraToken("someone-without-an-account@" + _countyId, objectId), objectId)).StatusCode);
    }

    private async Task<HttpResponseMessage> Me(string idToken, string principalId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        request.Headers.Add(EntraPrincipal.IdTokenHeader, idToken);
        request.Headers.Add(EntraPrincipal.PrincipalIdHeader, principalId);
        return await _app.CreateClient().SendAsync(request);
    }

    private static string CookieHeader(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffAuthenticationHandler.CookieName, StringComparison.Ordinal)).Split(';')[0];

    private string EntraToken(string userPrincipalName, string objectId, RSA? key = null, string? audience = null, DateTime? issuedAt = null)
    {
        var issued = issuedAt ?? _app.Time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = EntraIssuer,
            Audience = audience ?? EnrollmentApp.EntraClientId,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddHours(1),
            Claims = new Dictionary<string, object> { ["preferred_username"] = userPrincipalName, ["oid"] = objectId },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _tenantKey) { KeyId = "entra-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The tenant's discovery document and signing key, as Entra ID publishes them.</summary>
    private void PublishTenant()
    {
        var discovery = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = EntraIssuer,
            ["authorization_endpoint"] = EntraIssuer + "/authorize",
            ["jwks_uri"] = EntraIssuer + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        var key = _tenantKey.ExportParameters(includePrivateParameters: false);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", use = "sig", kid = "entra-key", n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } } });
        _app.Departments.Given(Request.Create().WithPath("/entra/v2.0/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(discovery));
        _app.Departments.Given(Request.Create().WithPath("/entra/v2.0/keys").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(jwks));
    }
}
