using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// What every page test starts from: the app over the emulators with a county of its own, served on a real
/// socket on 127.0.0.1 at a port the OS picks (a browser cannot reach a TestServer), and one browser per class.
/// </summary>
public abstract class PagesTests(LocalEmulators emulators) : IClassFixture<PhoneBrowser>, IAsyncLifetime
{
    protected EnrollmentApp App { get; } = new(emulators);

    /// <summary>The app's address, for <see cref="PhoneBrowser.NewPhoneAsync"/>.</summary>
    protected Uri Server { get; private set; } = null!;

    protected County County { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        Server = App.ClientOptions.BaseAddress;
        County = await App.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private static readonly AxeRunOptions Wcag = new() { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };

    /// <summary>axe-core's serious and critical findings (WCAG 2.1 A and AA rules) on the page as it is now, each named with <paramref name="name"/>.</summary>
    protected static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string name)
    {
        var result = await page.RunAxe(Wcag);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
    }

    /// <summary>Signs in on the staff page at <paramref name="path"/> as a person would, with the authenticator code when asked.</summary>
    protected async Task<IPage> SignInStaffAsync(IBrowserContext phone, StaffEnrollment staff, string path = "/staff/")
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#staff-name").FillAsync(staff.Account.Id);
        await page.Locator("#staff-password").FillAsync(EnrollmentApp.StaffPassword);
        await page.Locator("#staff-sign-in-button").TapAsync();
        if (staff.TotpSecret is { } secret)
        {
            await Expect(page.Locator("#staff-code-cell")).ToBeVisibleAsync();
            // The second step is asked for plainly, not as a red failure.
            await Expect(page.Locator("#staff-code-tip")).ToBeVisibleAsync();
            await Expect(page.Locator("#toptips")).ToBeHiddenAsync();
            await page.Locator("#staff-code").FillAsync(App.Services.GetRequiredService<StaffSignIn>().CurrentCode(secret));
            await page.Locator("#staff-sign-in-button").TapAsync();
        }

        return page;
    }

    /// <summary>Signs a parent in on the page's phone (development sign-in), consents and submits the form there; the application number.</summary>
    protected static async Task<string> SubmitFromPageAsync(IPage page, ApplicationForm form, string mobile) =>
        await page.EvaluateAsync<string>("""
            async ([form, version, mobile]) => {
              const post = (url, body) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
              await post('/api/parent/sign-in/development', { mobile });
              await post('/api/parent/consent', { version });
              const submitted = await post('/api/parent/applications', JSON.parse(form));
              return (await submitted.json()).id;
            }
            """, new object[] { JsonSerializer.Serialize(form, TestForms.Json), Core.Parents.ConsentText.CurrentVersion, mobile });

    /// <summary>
    /// Everything after the child's name and document, as a parent with a household registration in the
    /// catchment fills it: one guardian, every yes/no answered, every optional part left empty.
    /// </summary>
    protected static async Task FillTheRestAsync(IPage page, string mobile)
    {
        await page.Locator("#child-native-place").FillAsync("山西临县");
        await page.Locator("#child-health").SelectOptionAsync("Good");
        await page.Locator("#child-household-place").FillAsync("山西省吕梁市临县城关镇");
        await ChooseAsync(page, "child.householdType", "非农业");
        await page.Locator("#child-current-address").FillAsync("临县城关镇人民路12号3单元");
        await page.Locator("#child-postcode").FillAsync("033200");

        await page.Locator("label[for=\"basis-household\"]").TapAsync();

        await page.Locator("#member-0-name").FillAsync("李建国");
        await page.Locator("#member-0-relationship").SelectOptionAsync("Father");
        await Expect(page.Locator("input[name=\"member-0-guardian\"][value=\"true\"]")).ToBeCheckedAsync();
        await page.Locator("#member-0-mobile").FillAsync(mobile);

        await ChooseAsync(page, "circumstances.onlyChild", "是");
        await ChooseAsync(page, "circumstances.attendedKindergarten", "是");
        await ChooseAsync(page, "circumstances.leftBehind", "否");
        await ChooseAsync(page, "circumstances.migrantWorkerChild", "否");
        await ChooseAsync(page, "circumstances.orphan", "否");
        await ChooseAsync(page, "circumstances.deFactoUnsupported", "否");
        await ChooseAsync(page, "circumstances.martyrOrPriorityCareChild", "否");
        await ChooseAsync(page, "circumstances.needsFinancialAid", "否");
        await ChooseAsync(page, "circumstances.needsSchoolBus", "否");
        await ChooseAsync(page, "circumstances.boarding", "走读");
    }

    /// <summary>Taps one of the answer buttons of a question, as a finger would.</summary>
    protected static Task ChooseAsync(IPage page, string field, string answer) =>
        page.Locator($"[data-field=\"{field}\"] .seg label").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(answer)}$") }).TapAsync();
}
