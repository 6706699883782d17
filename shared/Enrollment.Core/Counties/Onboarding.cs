using System.Security.Cryptography;
using Enrollment.Core.Audit;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Counties;

/// <summary>What the platform's operator gives to set up a county: the county itself and its first bureau officer.</summary>
public sealed record NewCountyRequest(
    string? Id,
    string? Name,
    string? DivisionCode,
    IReadOnlyList<Stage>? Stages,
    int? EnrollmentYear,
    string? OfficerSignInName,
    string? OfficerDisplayName);

public abstract record OnboardingOutcome
{
    private OnboardingOutcome()
    {
    }

    /// <summary>The county, and its first officer with the first password and authenticator secret to hand over once.</summary>
    public sealed record Created(County County, StaffAccount Officer, string Password, string TotpSecret) : OnboardingOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : OnboardingOutcome;

    /// <summary>A county with this id or this division code exists already, or the officer's sign-in name is taken.</summary>
    public sealed record Exists(string Path, string Message) : OnboardingOutcome;

    /// <summary>The caller is not the platform's operator.</summary>
    public sealed record NotFound : OnboardingOutcome;
}

/// <summary>
/// Sets up a county that does not exist yet: an empty county (no schools, no windows) for its enrollment year, and its
/// first bureau officer, who then imports the schools, catchments and plans and sets the windows
/// (<see cref="CountyConfiguration"/>). Only the platform's operator may, by the API or the command line; audited in
/// the new county's log.
/// </summary>
public sealed class Onboarding(ICountyStore counties, IStaffStore staff, StaffSignIn signIn, IAuditLog audit, TimeProvider time)
{
    public const int MaxIdLength = 40;

    /// <summary>Province-level prefixes of the administrative division codes (GB/T 2260).</summary>
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    /// <param name="operator">The platform operator; null when the command line runs it on a machine given the data role.</param>
    public async Task<OnboardingOutcome> CreateAsync(StaffAccount? @operator, NewCountyRequest request, CancellationToken cancellationToken)
    {
        if (@operator is { CanOnboard: false })
        {
            return new OnboardingOutcome.NotFound();
        }

        var now = time.GetUtcNow();
        var errors = Validate(request, now);
        if (errors.Count > 0)
        {
            return new OnboardingOutcome.Invalid(errors);
        }

        var id = request.Id!.Trim();
        await foreach (var existing in counties.ListAsync(cancellationToken))
        {
            if (existing.Id == id)
            {
                return new OnboardingOutcome.Exists("id", $"已有编号为 {id} 的县区，请换一个编号。");
            }

            if (existing.DivisionCode == request.DivisionCode)
            {
                return new OnboardingOutcome.Exists("divisionCode", $"行政区划代码 {request.DivisionCode} 已由“{existing.Name}”使用，一个县区只设一次。");
            }
        }

        var county = new County(id, request.Name!.Trim(), request.EnrollmentYear!.Value, AgeRule.PrimaryDefault, WindowCalendar.Of(), [],
            DivisionCode: request.DivisionCode, Stages: request.Stages!.Distinct().Order().ToList());
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var officer = signIn.NewAccount(request.OfficerSignInName!.Trim(), request.OfficerDisplayName!.Trim(), StaffRole.BureauOfficer, id, [], password);

        // The officer first: a county left without one could not be reached by anybody but the operator.
        if (!await staff.TryCreateAsync(officer.Account, cancellationToken))
        {
            return new OnboardingOutcome.Exists("officerSignInName", "这个登录名已被使用，请换一个。");
        }

        if (!await counties.TryCreateAsync(county, cancellationToken))
        {
            return new OnboardingOutcome.Exists("id", $"已有编号为 {id} 的县区，请换一个编号。");
        }

        var described = $"name={county.Name}; division={county.DivisionCode}; stages={string.Join(",", county.Stages!)}; year={county.EnrollmentYear}; officer={officer.Account.Id}";
        await audit.AppendAsync(@operator is null
            ? new AuditEntry(Guid.NewGuid().ToString("N"), id, now, "command-line", nameof(StaffRole.PlatformOperator), AuditActions.CreateCounty, "county", id, null, null, described)
            : AuditEntry.By(@operator, id, now, AuditActions.CreateCounty, "county", id, after: described), cancellationToken);
        return new OnboardingOutcome.Created(county, officer.Account, password, officer.TotpSecret!);
    }

    private static Dictionary<string, string[]> Validate(NewCountyRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var id = request.Id?.Trim() ?? "";
        if (id.Length is < 2 or > MaxIdLength || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || id[0] == '-'
            || id == StaffAccount.PlatformScope)
        {
            errors["id"] = [$"县区编号请用小写字母、数字和连字符，2到{MaxIdLength}个字符，如 linxian 或 141124（不能用 {StaffAccount.PlatformScope}）。"];
        }

        if (!Applications.ApplicationFormValidation.IsPlainText(request.Name, 2, 50))
        {
            errors["name"] = ["请填写县区名称（2到50个字），如 临县。"];
        }

        if (request.DivisionCode is not { Length: 6 } code || !code.All(char.IsAsciiDigit) || !Provinces.Contains(code[..2]) || code[2..] == "0000")
        {
            errors["divisionCode"] = ["请填写6位县级或地市级行政区划代码，如临县 141124、日照市 371100。"];
        }

        if (request.Stages is not { Count: > 0 } stages || stages.Any(s => !Enum.IsDefined(s)))
        {
            errors["stages"] = ["请选择招生学段：小学（Primary）、初中（JuniorSecondary），至少一个。"];
        }

        var year = now.ToOffset(Window.ChinaStandardOffset).Year;
        if (request.EnrollmentYear is not { } enrollmentYear || enrollmentYear < year || enrollmentYear > year + 1)
        {
            errors["enrollmentYear"] = [$"招生年度请填写 {year} 或 {year + 1}。"];
        }

        StaffAccounts.ValidateSignInName(request.OfficerSignInName?.Trim() ?? "", "officerSignInName", errors);
        if (!Applications.ApplicationFormValidation.IsPlainText(request.OfficerDisplayName, 1, StaffAccounts.MaxDisplayNameLength))
        {
            errors["officerDisplayName"] = [$"请填写第一位教育局工作人员的姓名或岗位，不超过{StaffAccounts.MaxDisplayNameLength}个字。"];
        }

        return errors;
    }
}
