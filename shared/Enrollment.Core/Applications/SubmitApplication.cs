using System.Text.RegularExpressions;
using Enrollment.Core.Identity;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Applications;

/// <summary>What the parent fills in on the entry page; everything else is derived or configured.</summary>
public sealed record SubmitApplicationRequest(
    string? CountyId,
    string? SchoolId,
    string? ChildName,
    string? ChildIdNumber,
    string? GuardianName,
    string? GuardianMobile);

/// <summary>The result of a submission; every expected refusal is one of these, never an exception.</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    /// <summary>Stored (or, for a retry with the same idempotency key, stored before).</summary>
    public sealed record Accepted(Application Application, bool Replayed) : SubmitOutcome;

    /// <summary>Field → messages for the parent.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : SubmitOutcome;

    public sealed record WindowNotOpen(Window Window, WindowState State) : SubmitOutcome;

    public sealed record TooYoung(DateOnly LatestBirthDate) : SubmitOutcome;

    public sealed record AlreadyApplied : SubmitOutcome;

    /// <summary>The guardian has not yet agreed to the current consent text.</summary>
    public sealed record ConsentRequired : SubmitOutcome;
}

public static partial class SubmitApplicationValidation
{
    public const int MaxIdempotencyKeyLength = 64;

    // Names: letters of any script, the middle dot of minority names (阿依古丽·买买提), spaces and hyphens.
    [GeneratedRegex(@"^[\p{L}\p{M}·・ \-]{2,30}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{8,64}$")]
    private static partial Regex IdempotencyKeyPattern();

    public static bool IsValidIdempotencyKey(string key) => IdempotencyKeyPattern().IsMatch(key);

    public static bool IsValidMobile(string? mobile) => mobile is not null && MobilePattern().IsMatch(mobile);

    public static IReadOnlyDictionary<string, string[]> Validate(SubmitApplicationRequest request, out ResidentIdNumber? idNumber)
    {
        var errors = new Dictionary<string, string[]>();
        idNumber = null;

        if (string.IsNullOrWhiteSpace(request.CountyId) || string.IsNullOrWhiteSpace(request.SchoolId))
        {
            errors["schoolId"] = ["请选择报名学校。"];
        }

        if (!IsValidName(request.ChildName))
        {
            errors["childName"] = ["请填写孩子的姓名（与户口簿一致，2至30个字）。"];
        }

        if (!ResidentIdNumber.TryParse(request.ChildIdNumber, out idNumber))
        {
            errors["childIdNumber"] = ["孩子的身份证号码有误，请对照户口簿核对18位号码（最后一位可能是X）。"];
        }

        if (!IsValidName(request.GuardianName))
        {
            errors["guardianName"] = ["请填写监护人的姓名（2至30个字）。"];
        }

        if (!IsValidMobile(request.GuardianMobile?.Trim()))
        {
            errors["guardianMobile"] = ["请填写监护人的11位手机号码，用于接收审核结果通知。"];
        }

        return errors;
    }

    private static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name.Trim());
}
