using System.Text.RegularExpressions;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Applications;

/// <summary>A form that passed every check, with what was derived from it.</summary>
public sealed record ValidatedForm(ApplicationForm Form, ChildForm Child, DateOnly BirthDate, Sex Sex, string ClaimKey, IReadOnlyList<School> Schools)
{
    /// <summary>
    /// Where the application is filed and decided first. 公民同招: a private choice is decided first (its review and,
    /// when oversubscribed, its lottery); a child it does not admit falls back to the public choice.
    /// </summary>
    public School FirstToDecide => Schools.FirstOrDefault(s => s.Kind == SchoolKind.Private) ?? Schools[0];
}

/// <summary>
/// What a submission needs, field by field, with messages a parent understands. Keys are paths into
/// the form (<c>child.name</c>, <c>family[0].mobile</c>) so the page can mark the right field.
/// </summary>
public static partial class ApplicationFormValidation
{
    // Names: letters of any script, the middle dot of minority names (阿依古丽·买买提), spaces and hyphens.
    [GeneratedRegex(@"^[\p{L}\p{M}·・ \-]{2,30}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{8,64}$")]
    private static partial Regex IdempotencyKeyPattern();

    [GeneratedRegex(@"^[A-Za-z ]{1,60}$")]
    private static partial Regex PinyinPattern();

    [GeneratedRegex(@"^[0-9]{6}([0-9]{6})?$")]
    private static partial Regex DivisionCodePattern();

    [GeneratedRegex(@"^(0[1-9]|[1-4][0-9]|5[0-6]|97|98)$")]
    private static partial Regex EthnicityPattern();

    [GeneratedRegex(@"^[A-Z]{3}$")]
    private static partial Regex NationalityPattern();

    [GeneratedRegex(@"^[0-9]{6}$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"^[0-9][0-9\-]{6,19}$")]
    private static partial Regex PhonePattern();

    // Free text: no control characters and no angle brackets, so nothing in it can be markup.
    [GeneratedRegex(@"^[^\p{C}<>]+$")]
    private static partial Regex PlainTextPattern();

    private static readonly Dictionary<IdentityDocumentType, Regex> DocumentNumberPatterns = new()
    {
        [IdentityDocumentType.HongKongPermit] = new Regex(@"^H[0-9]{8}([0-9]{2})?$", RegexOptions.Compiled),
        [IdentityDocumentType.MacaoPermit] = new Regex(@"^M[0-9]{8}([0-9]{2})?$", RegexOptions.Compiled),
        [IdentityDocumentType.TaiwanPermit] = new Regex(@"^[0-9]{8}([0-9]{2})?$", RegexOptions.Compiled),
        [IdentityDocumentType.ForeignPermanentResidence] = new Regex(@"^([A-Z]{3}[0-9]{12}|9[0-9]{16}[0-9X])$", RegexOptions.Compiled),
        [IdentityDocumentType.Passport] = new Regex(@"^[A-Z0-9]{5,20}$", RegexOptions.Compiled),
    };

    public static bool IsValidIdempotencyKey(string key) => IdempotencyKeyPattern().IsMatch(key);

    /// <summary>Free text a parent or clerk typed: trimmed length within bounds, no control characters, nothing that could be markup.</summary>
    public static bool IsPlainText(string? value, int min, int max) =>
        value?.Trim() is { } text && text.Length >= min && text.Length <= max && PlainTextPattern().IsMatch(text);

    /// <summary>Text the bureau publishes in paragraphs: not blank, at most <paramref name="max"/> characters, line breaks its only control characters.</summary>
    public static bool IsPlainParagraphs(string? value, int max) =>
        value is { Length: > 0 } text && text.Length <= max && !string.IsNullOrWhiteSpace(text) && !text.Any(c => char.IsControl(c) && c is not '\n');

    public static bool IsValidMobile(string? mobile) => mobile is not null && MobilePattern().IsMatch(mobile);

    public static IReadOnlyDictionary<string, string[]> Validate(ApplicationForm form, County? county, DateOnly today, out ValidatedForm? validated)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string key, string message) => errors[key] = [message];
        validated = null;

        var schools = ValidateSchools(form, county, Error);
        var child = form.Child ?? EmptyChild;
        var (birthDate, sex, claimKey) = ValidateChild(child, today, Error);
        ValidateFamily(form.Family ?? [], Error);
        ValidateResidence(form.Residence, Error);
        ValidateCircumstances(form.Circumstances, Error);
        ValidatePriorityClaims(form.PriorityClaims ?? [], Error);

        if (errors.Count == 0)
        {
            validated = new ValidatedForm(form, child, birthDate!.Value, sex!.Value, claimKey!, schools);
        }

        return errors;
    }

    private static readonly ChildForm EmptyChild = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static IReadOnlyList<School> ValidateSchools(ApplicationForm form, County? county, Action<string, string> error)
    {
        var ids = form.SchoolIds ?? [];
        if (county is null || ids.Count == 0)
        {
            error("schoolIds", "请选择报名学校。");
            return [];
        }

        var schools = ids.Select(county.FindSchool).ToList();
        if (schools.Any(s => s is null) || ids.Distinct().Count() != ids.Count)
        {
            error("schoolIds", "所选学校不在本次招生范围内，请重新选择。");
            return [];
        }

        // 公民同招: one public and one private school may be chosen in the same window, not two of either.
        if (schools.Count(s => s!.Kind == SchoolKind.Public) > 1 || schools.Count(s => s!.Kind == SchoolKind.Private) > 1)
        {
            error("schoolIds", "最多选择一所公办学校和一所民办学校。");
            return [];
        }

        return schools!;
    }

    private static (DateOnly? BirthDate, Sex? Sex, string? ClaimKey) ValidateChild(ChildForm child, DateOnly today, Action<string, string> error)
    {
        DateOnly? birthDate = null;
        Sex? sex = null;
        string? claimKey = null;

        if (!IsName(child.Name))
        {
            error("child.name", "请填写孩子的姓名（与户口簿或证件一致，2至30个字）。");
        }

        Optional(child.Pinyin, PinyinPattern(), "child.pinyin", "姓名拼音只能包含字母和空格。", error);
        if (child.FormerName is { Length: > 0 } && !IsName(child.FormerName))
        {
            error("child.formerName", "曾用名格式有误。");
        }

        switch (child.DocumentType)
        {
            case null:
                error("child.documentType", "请选择孩子的证件类型。");
                break;
            case IdentityDocumentType.ResidentId:
                if (ResidentIdNumber.TryParse(child.DocumentNumber, out var id))
                {
                    (birthDate, sex, claimKey) = (id.Value.BirthDate, id.Value.Sex, $"1:{id.Value.Value}");
                }
                else
                {
                    error("child.documentNumber", "孩子的身份证号码有误，请对照户口簿核对18位号码（最后一位可能是X）。");
                }

                break;
            case var type:
                var number = child.DocumentNumber?.Trim().ToUpperInvariant();
                if (type == IdentityDocumentType.Other)
                {
                    // No document yet: the child is identified by name and birth date until one is issued.
                    claimKey = $"Z:{child.Name?.Trim()}:{child.BirthDate:yyyyMMdd}";
                }
                else if (number is null || !DocumentNumberPatterns[type.Value].IsMatch(number))
                {
                    error("child.documentNumber", "证件号码格式有误，请对照证件核对。");
                }
                else
                {
                    claimKey = $"{type}:{number}";
                }

                if (child.Sex is null)
                {
                    error("child.sex", "请选择孩子的性别。");
                }

                if (child.BirthDate is not { } given || given > today || given.Year < today.Year - 20)
                {
                    error("child.birthDate", "请填写孩子的出生日期（与证件一致）。");
                }

                (birthDate, sex) = (child.BirthDate, child.Sex);
                break;
        }

        Required(child.BirthplaceCode, DivisionCodePattern(), "child.birthplaceCode", "请选择出生地（行政区划代码）。", error);
        RequiredText(child.NativePlace, 2, 30, "child.nativePlace", "请填写籍贯，如“山西临县”。", error);
        Required(child.EthnicityCode, EthnicityPattern(), "child.ethnicityCode", "请选择民族。", error);
        Required(child.NationalityCode, NationalityPattern(), "child.nationalityCode", "请选择国籍/地区。", error);
        if (child.OverseasStatus is null)
        {
            error("child.overseasStatus", "请选择港澳台侨外情况（没有请选“否”）。");
        }

        if (child.Health is null)
        {
            error("child.health", "请选择健康状况。");
        }

        RequiredText(child.HouseholdRegistrationPlace, 2, 100, "child.householdRegistrationPlace", "请填写户口所在地。", error);
        if (child.HouseholdType is null)
        {
            error("child.householdType", "请选择户口性质。");
        }

        RequiredText(child.CurrentAddress, 5, 100, "child.currentAddress", "请填写现住址（5至100个字）。", error);
        RequiredText(child.MailingAddress, 5, 100, "child.mailingAddress", "请填写通信地址（5至100个字）。", error);
        RequiredText(child.HomeAddress, 5, 100, "child.homeAddress", "请填写家庭地址（5至100个字）。", error);
        Required(child.Phone, PhonePattern(), "child.phone", "请填写联系电话。", error);
        Required(child.Postcode, PostcodePattern(), "child.postcode", "请填写6位邮政编码。", error);
        return (birthDate, sex, claimKey);
    }

    private static void ValidateFamily(IReadOnlyList<FamilyMemberForm> family, Action<string, string> error)
    {
        if (family.Count is < 1 or > 2)
        {
            error("family", "请填写1至2位家庭成员，其中至少一位是监护人。");
            return;
        }

        if (!family.Any(m => m.IsGuardian == true))
        {
            error("family", "请至少填写一位监护人。");
        }

        for (var i = 0; i < family.Count; i++)
        {
            var member = family[i];
            var key = $"family[{i}]";
            if (!IsName(member.Name))
            {
                error($"{key}.name", "请填写家庭成员的姓名（2至30个字）。");
            }

            if (member.Relationship is null)
            {
                error($"{key}.relationship", "请选择与孩子的关系。");
            }

            if (member.IsGuardian is null)
            {
                error($"{key}.isGuardian", "请选择是否为监护人。");
            }

            if (!IsValidMobile(member.Mobile?.Trim()))
            {
                error($"{key}.mobile", "请填写11位手机号码，用于接收审核结果通知。");
            }

            if (member.DocumentType == IdentityDocumentType.ResidentId && !ResidentIdNumber.TryParse(member.DocumentNumber, out _))
            {
                error($"{key}.documentNumber", "身份证号码有误，请核对18位号码（最后一位可能是X）。");
            }
            else if (member.DocumentType is { } type and not IdentityDocumentType.ResidentId and not IdentityDocumentType.Other
                && (member.DocumentNumber?.Trim().ToUpperInvariant() is not { } number || !DocumentNumberPatterns[type].IsMatch(number)))
            {
                error($"{key}.documentNumber", "证件号码格式有误，请对照证件核对。");
            }

            if (member.EthnicityCode is { Length: > 0 } && !EthnicityPattern().IsMatch(member.EthnicityCode))
            {
                error($"{key}.ethnicityCode", "请选择民族。");
            }

            OptionalText(member.Address, 100, $"{key}.address", error);
            OptionalText(member.HouseholdRegistrationPlace, 100, $"{key}.householdRegistrationPlace", error);
            OptionalText(member.Employer, 60, $"{key}.employer", error);
            OptionalText(member.Position, 30, $"{key}.position", error);
        }
    }

    private static void ValidateResidence(ResidenceForm? residence, Action<string, string> error)
    {
        if (residence?.Basis is null)
        {
            error("residence.basis", "请选择入学依据：户籍、自有住房、租赁备案或居住证。");
        }

        RequiredText(residence?.Address, 5, 100, "residence.address", "请填写户籍或实际居住地址（5至100个字）。", error);
        if (residence?.Proof is { } proof && (!Enum.IsDefined(proof) || residence.Basis != EligibilityBasis.OwnedProperty))
        {
            error("residence.proof", "房产证明只在入学依据为自有住房时选择：不动产权证书或购房网签合同。");
        }

        if (residence?.Employment is { } employment && (!Enum.IsDefined(employment) || residence.Basis != EligibilityBasis.ResidencePermit))
        {
            error("residence.employment", "就业情况只在入学依据为居住证时选择：社会保险、个体工商户或企业法人。");
        }
    }

    private static void ValidateCircumstances(CircumstancesForm? c, Action<string, string> error)
    {
        const string YesNo = "请选择“是”或“否”。";
        if (c?.OnlyChild is null)
        {
            error("circumstances.onlyChild", YesNo);
        }

        if (c?.AttendedKindergarten is null)
        {
            error("circumstances.attendedKindergarten", YesNo);
        }

        if (c?.LeftBehind is null)
        {
            error("circumstances.leftBehind", "请选择是否为留守儿童。");
        }

        if (c?.MigrantWorkerChild is null)
        {
            error("circumstances.migrantWorkerChild", YesNo);
        }

        if (c?.Orphan is null)
        {
            error("circumstances.orphan", YesNo);
        }

        if (c?.DeFactoUnsupported is null)
        {
            error("circumstances.deFactoUnsupported", YesNo);
        }

        if (c?.MartyrOrPriorityCareChild is null)
        {
            error("circumstances.martyrOrPriorityCareChild", YesNo);
        }

        if (c?.NeedsFinancialAid is null)
        {
            error("circumstances.needsFinancialAid", YesNo);
        }

        if (c?.NeedsSchoolBus is null)
        {
            error("circumstances.needsSchoolBus", YesNo);
        }

        if (c?.Boarding is null)
        {
            error("circumstances.boarding", "请选择走读或住校。");
        }

        if (c?.DisabilityPlacement is not null && c.Disability is null)
        {
            error("circumstances.disability", "选择了随班就读等安置方式时，请同时选择残疾类型。");
        }

        if (c?.DistanceToSchoolKm is < 0 or > 200)
        {
            error("circumstances.distanceToSchoolKm", "上下学距离请填写0至200公里。");
        }
    }

    private static void ValidatePriorityClaims(IReadOnlyList<PriorityClaimForm> claims, Action<string, string> error)
    {
        if (claims.Count > 3)
        {
            error("priorityClaims", "优先情况最多填写3项。");
            return;
        }

        for (var i = 0; i < claims.Count; i++)
        {
            if (claims[i].Kind is null)
            {
                error($"priorityClaims[{i}].kind", "请选择优先情况的类别。");
            }

            OptionalText(claims[i].Note, 100, $"priorityClaims[{i}].note", error);
        }
    }

    private static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name.Trim());

    private static void Required(string? value, Regex pattern, string key, string message, Action<string, string> error)
    {
        if (value is null || !pattern.IsMatch(value.Trim()))
        {
            error(key, message);
        }
    }

    private static void Optional(string? value, Regex pattern, string key, string message, Action<string, string> error)
    {
        if (value is { Length: > 0 } && !pattern.IsMatch(value.Trim()))
        {
            error(key, message);
        }
    }

    private static void RequiredText(string? value, int min, int max, string key, string message, Action<string, string> error)
    {
        if (!IsPlainText(value, min, max))
        {
            error(key, message);
        }
    }

    private static void OptionalText(string? value, int max, string key, Action<string, string> error)
    {
        var text = value?.Trim();
        if (text is { Length: > 0 } && (text.Length > max || !PlainTextPattern().IsMatch(text)))
        {
            error(key, $"内容过长或含有不支持的字符（最多{max}个字）。");
        }
    }
}
