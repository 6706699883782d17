using Enrollment.Core.Outside;
using Microsoft.Extensions.Options;

namespace Enrollment.Outside.Tests;

public sealed class OutsideServicesTests
{
    [Fact]
    public async Task WithNothingConfiguredTheAppStartsAndEveryServiceIsUnavailable()
    {
        using var services = new OutsideServices(new Dictionary<string, string?>());
        services.ValidateOptions();

        var none = new Dictionary<string, string>();
        Assert.Equal(new FactCheck.Unavailable(Unavailability.NotConfigured), await services.Get<IDataSharing>().CheckAsync(new FactClaim(FactKind.PropertyRegistration, "李大明", "11010519491231002X", "幸福路1号"), CancellationToken.None));
        Assert.Equal(new IdentityCheck.Unavailable(Unavailability.NotConfigured), await services.Get<IIdentityVerifier>().VerifyAsync("李大明", "11010519491231002X", CancellationToken.None));
        Assert.Equal(new SendResult.Unavailable(Unavailability.NotConfigured), await services.Get<ISmsGateway>().SendAsync("13800138000", MessageTemplates.SignInCode, none, CancellationToken.None));
        Assert.Equal(new WeChatSignInResult.Unavailable(Unavailability.NotConfigured), await services.Get<IWeChatSignIn>().ExchangeWebCodeAsync("code", CancellationToken.None));
        Assert.Equal(new SendResult.Unavailable(Unavailability.NotConfigured), await services.Get<IWeChatNotifier>().SendSubscribeMessageAsync("openid", MessageTemplates.ResultPublished, none, null, CancellationToken.None));
    }

    [Theory]
    [InlineData("DataSharing:Sources:HouseholdRegistration:BaseUrl", "gateway.local/household")]
    [InlineData("DataSharing:Sources:RentalFiling:BaseUrl", "ftp://127.0.0.1/")]
    [InlineData("DataSharing:Sources:Household:BaseUrl", "https://gateway.example/")]
    [InlineData("IdentityVerification:BaseUrl", "not a url")]
    [InlineData("Sms:BaseUrl", "http://127.0.0.1:9/")]
    [InlineData("WeChat:AppId", "wx-web")]
    [InlineData("WeChat:MiniProgram:AppSecret", "secret-without-id")]
    [InlineData("WeChat:BaseUrl", "")]
    [InlineData("Outside:Resilience:TotalTimeout", "00:01:00")]
    [InlineData("Outside:Resilience:AttemptTimeout", "00:00:05")]
    public void AMalformedOrHalfDoneSettingStopsTheAppAtStart(string key, string value)
    {
        using var services = new OutsideServices(new Dictionary<string, string?> { [key] = value });

        // Several validations may fail together (the resilience handlers read these settings too): then they come aggregated.
        var error = Assert.ThrowsAny<Exception>(services.ValidateOptions);
        var failures = error is AggregateException all ? all.InnerExceptions : [error];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
    }

    [Fact]
    public void ACompleteConfigurationPassesValidation()
    {
        using var services = new OutsideServices(new Dictionary<string, string?>(WeChatSettings.For("https://api.weixin.qq.com"))
        {
            ["DataSharing:Sources:HouseholdRegistration:BaseUrl"] = "https://gateway.example/gov/",
            ["DataSharing:Sources:HouseholdRegistration:ApiKey"] = "k",
            ["DataSharing:Sources:socialInsurance:BaseUrl"] = "https://gateway.example/hrss/",
            ["IdentityVerification:BaseUrl"] = "https://identity.example/",
            ["Sms:BaseUrl"] = "https://sms.example/",
            ["Sms:SignName"] = "示范县教育局",
        });

        services.ValidateOptions();
        Assert.NotNull(services.Get<IWeChatNotifier>());
        // Kinds are matched without regard to case, as configuration keys are.
        Assert.True(services.Get<IOptions<Enrollment.Azure.Outside.DataSharing.DataSharingOptions>>().Value.For(FactKind.SocialInsurance).IsConfigured);
    }
}
