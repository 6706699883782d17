using System.Security.Cryptography;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;

namespace Enrollment.Core.Staff;

/// <summary>What an officer asks for when adding a member of staff.</summary>
public sealed record NewStaffRequest(string? SignInName, string? DisplayName, StaffRole? Role, IReadOnlyList<string>? SchoolIds, string? Mobile = null);

/// <summary>A change to an account; null leaves that part as it is (an empty mobile removes it).</summary>
public sealed record StaffChange(string? DisplayName, StaffRole? Role, IReadOnlyList<string>? SchoolIds, bool? Disabled, string? Mobile = null);

public abstract record StaffAccountOutcome
{
    private StaffAccountOutcome()
    {
    }

    /// <summary>The account; with a first password (and an officer's TOTP secret) to hand over once, when one was set.</summary>
    public sealed record Done(StaffAccount Account, string? Password, string? TotpSecret) : StaffAccountOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : StaffAccountOutcome;

    public sealed record Exists : StaffAccountOutcome;

    /// <summary>Not there, or not in the caller's county: the same answer.</summary>
    public sealed record NotFound : StaffAccountOutcome;
}

/// <summary>
/// The county's bureau officers keep its staff accounts: add a school's reviewers and head, other officers and
/// auditors; change their schools or role; disable an account; set a new first password. Every change ends the
/// account's sessions and is audited. Auditors may read the list. Nobody reaches another county's accounts.
/// </summary>
public sealed class StaffAccounts(IStaffStore store, ICountyStore counties, StaffSignIn signIn, Security.PersonalDataProtector protector, IAuditLog audit, TimeProvider time)
{
    public const int MaxSignInNameLength = 100;
    public const int MaxDisplayNameLength = 40;

    public async Task<IReadOnlyList<StaffAccount>?> ListAsync(StaffAccount actor, string countyId, CancellationToken cancellationToken) =>
        actor.CanAudit(countyId) ? await store.ListAsync(countyId, cancellationToken) : null;

    public async Task<StaffAccountOutcome> CreateAsync(StaffAccount actor, string countyId, NewStaffRequest request, CancellationToken cancellationToken)
    {
        if (!actor.CanConfigure(countyId))
        {
            return new StaffAccountOutcome.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var name = request.SignInName?.Trim() ?? "";
        ValidateSignInName(name, "signInName", errors);

        var county = await counties.GetAsync(countyId, cancellationToken);
        ValidateProfile(request.DisplayName, request.Role, request.SchoolIds ?? [], county, errors);
        ValidateMobile(request.Mobile, errors);
        if (errors.Count > 0 || county is null)
        {
            return new StaffAccountOutcome.Invalid(errors);
        }

        var password = NewPassword();
        var enrollment = signIn.NewAccount(name, request.DisplayName!.Trim(), request.Role!.Value, countyId, Scope(request.Role.Value, request.SchoolIds!), password);
        var account = WithMobile(enrollment.Account, request.Mobile);
        if (!await store.TryCreateAsync(account, cancellationToken))
        {
            return new StaffAccountOutcome.Exists();
        }

        await AuditAsync(actor, countyId, AuditActions.CreateStaff, account.Id, null, Describe(account), cancellationToken);
        return new StaffAccountOutcome.Done(account, password, enrollment.TotpSecret);
    }

    public async Task<StaffAccountOutcome> ChangeAsync(StaffAccount actor, string countyId, string staffId, StaffChange change, CancellationToken cancellationToken)
    {
        if (!actor.CanConfigure(countyId) || await store.GetAsync(StaffAccount.NormalizeId(staffId), cancellationToken) is not { } current || current.CountyId != countyId)
        {
            return new StaffAccountOutcome.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (current.Id == actor.Id && (change.Disabled == true || change.Role is { } role && role != actor.Role))
        {
            // Otherwise the last officer could lock the county out of its own configuration.
            errors["disabled"] = ["不能停用自己的账号或改变自己的角色，请由另一位教育局工作人员操作。"];
        }

        var county = await counties.GetAsync(countyId, cancellationToken);
        var newRole = change.Role ?? current.Role;
        ValidateProfile(change.DisplayName ?? current.DisplayName, newRole, change.SchoolIds ?? current.SchoolIds, county, errors);
        if (change.Mobile is { Length: > 0 })
        {
            ValidateMobile(change.Mobile, errors);
        }
        if (change.Role is { } changedRole && (changedRole == StaffRole.BureauOfficer) != (current.Role == StaffRole.BureauOfficer))
        {
            errors["role"] = ["教育局工作人员需要动态验证码，请为其新建账号，不要改变已有账号的角色。"];
        }

        if (errors.Count > 0)
        {
            return new StaffAccountOutcome.Invalid(errors);
        }

        var changed = await store.UpdateAsync(current.Id, a => (change.Mobile is null ? a : WithMobile(a, change.Mobile)) with
        {
            DisplayName = change.DisplayName?.Trim() ?? a.DisplayName,
            Role = newRole,
            SchoolIds = Scope(newRole, change.SchoolIds ?? a.SchoolIds),
            Disabled = change.Disabled ?? a.Disabled,
            // A new scope or a disabled account takes effect on the next request, not at the session's end.
            SessionStamp = StaffSignIn.NewStamp(),
        }, cancellationToken);
        if (changed is null)
        {
            return new StaffAccountOutcome.NotFound();
        }

        await AuditAsync(actor, countyId, AuditActions.ChangeStaff, changed.Id, Describe(current), Describe(changed), cancellationToken);
        return new StaffAccountOutcome.Done(changed, null, null);
    }

    /// <summary>A new first password (for a forgotten one), unlocking the account and ending its sessions.</summary>
    public async Task<StaffAccountOutcome> ResetPasswordAsync(StaffAccount actor, string countyId, string staffId, CancellationToken cancellationToken)
    {
        if (!actor.CanConfigure(countyId) || await store.GetAsync(StaffAccount.NormalizeId(staffId), cancellationToken) is not { } current || current.CountyId != countyId)
        {
            return new StaffAccountOutcome.NotFound();
        }

        var password = NewPassword();
        var hash = signIn.HashPassword(password);
        var changed = await store.UpdateAsync(current.Id, a => a with
        {
            PasswordHash = hash,
            FailedSignIns = 0,
            LockedUntil = null,
            SessionStamp = StaffSignIn.NewStamp(),
        }, cancellationToken);
        if (changed is null)
        {
            return new StaffAccountOutcome.NotFound();
        }

        await AuditAsync(actor, countyId, AuditActions.ResetStaffPassword, changed.Id, null, null, cancellationToken);
        return new StaffAccountOutcome.Done(changed, password, null);
    }

    /// <summary>Sign-in names are typed on phones and printed on hand-over slips: letters, digits and . - _ @ only.</summary>
    public static void ValidateSignInName(string name, string path, Dictionary<string, string[]> errors)
    {
        if (name.Length is 0 or > MaxSignInNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            errors[path] = [$"登录名请用字母、数字和 . - _ @，不超过{MaxSignInNameLength}个字符，如 wang.li@school101。"];
        }
    }

    private static void ValidateProfile(string? displayName, StaffRole? role, IReadOnlyList<string> schoolIds, County? county, Dictionary<string, string[]> errors)
    {
        if (!Applications.ApplicationFormValidation.IsPlainText(displayName, 1, MaxDisplayNameLength))
        {
            errors["displayName"] = [$"请填写姓名或岗位，不超过{MaxDisplayNameLength}个字。"];
        }

        if (role is not { } r || !Enum.IsDefined(r) || r == StaffRole.PlatformOperator)
        {
            errors["role"] = ["请选择角色：学校审核人员、校长、教育局工作人员或审计。"];
            return;
        }

        var isSchoolRole = r is StaffRole.SchoolReviewer or StaffRole.SchoolHead;
        if (isSchoolRole && (schoolIds.Count == 0 || county is null || schoolIds.Any(id => county.Schools.All(s => s.Id != id))))
        {
            errors["schoolIds"] = ["请选择本县的学校（至少一所）。"];
        }
    }

    /// <summary>Optional: a school's reviewers and head with a mobile get a text the day before review closes if work is waiting.</summary>
    private static void ValidateMobile(string? mobile, Dictionary<string, string[]> errors)
    {
        if (mobile is { Length: > 0 } && !Applications.ApplicationFormValidation.IsValidMobile(mobile))
        {
            errors["mobile"] = ["请填写11位手机号码，或留空。"];
        }
    }

    /// <summary>Kept encrypted, shown masked; an empty value removes it.</summary>
    private StaffAccount WithMobile(StaffAccount account, string? mobile) => mobile is { Length: > 0 }
        ? account with { MobileEncrypted = protector.Encrypt(mobile), MobileMasked = Parents.ParentAccounts.MaskMobile(mobile) }
        : account with { MobileEncrypted = null, MobileMasked = null };

    /// <summary>County-wide roles carry no schools.</summary>
    private static IReadOnlyList<string> Scope(StaffRole role, IReadOnlyList<string> schoolIds) =>
        role is StaffRole.SchoolReviewer or StaffRole.SchoolHead ? schoolIds.Distinct().ToList() : [];

    /// <summary>16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), read out or handed over on paper.</summary>
    private static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    private static string Describe(StaffAccount account) =>
        $"role={account.Role}; schools={string.Join(",", account.SchoolIds)}; disabled={account.Disabled}";

    private Task AuditAsync(StaffAccount actor, string countyId, string action, string staffId, string? before, string? after, CancellationToken cancellationToken) =>
        audit.AppendAsync(AuditEntry.By(actor, countyId, time.GetUtcNow(), action, "staff", staffId, before: before, after: after), cancellationToken);
}
