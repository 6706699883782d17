using System.Globalization;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Security;

namespace Enrollment.Core.Provincial;

/// <summary>One column of the student-record form: its key for the provincial platform and its header on the sheet.</summary>
public sealed record StudentRecordField(string Key, string Header);

/// <summary>
/// An admitted or applying child in the national student-record form's field order (学籍信息采集表),
/// with the form's codes. One home for that order: the export sheets and the provincial records both
/// come from here. Encrypted numbers are decrypted only for the fields asked for.
/// </summary>
public sealed class StudentRecordForm(PersonalDataProtector protector)
{
    private sealed record Column(StudentRecordField Field, Func<StudentRecordForm, Application, School, string> Value);

    private static readonly Column[] Columns =
    [
        new(new("name", "姓名"), (_, a, _) => a.Child.Name),
        new(new("pinyin", "姓名拼音"), (_, a, _) => a.Child.Pinyin ?? ""),
        new(new("formerName", "曾用名"), (_, a, _) => a.Child.FormerName ?? ""),
        new(new("sex", "性别"), (_, a, _) => ((int)a.Child.Sex).ToString(CultureInfo.InvariantCulture)),
        new(new("birthDate", "出生日期"), (_, a, _) => a.Child.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new(new("birthplace", "出生地"), (_, a, _) => a.Child.BirthplaceCode),
        new(new("nativePlace", "籍贯"), (_, a, _) => a.Child.NativePlace),
        new(new("ethnicity", "民族"), (_, a, _) => a.Child.EthnicityCode),
        new(new("nationality", "国籍/地区"), (_, a, _) => a.Child.NationalityCode),
        new(new("documentType", "身份证件类型"), (_, a, _) => DocumentTypeCode(a.Child.DocumentType)),
        new(new("documentNumber", "身份证件号"), (f, a, _) => f.Decrypt(a.Child.DocumentNumberEncrypted)),
        new(new("documentValidUntil", "身份证件有效期"), (_, a, _) => a.Child.DocumentValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
        new(new("overseasStatus", "港澳台侨外"), (_, a, _) => OverseasCode(a.Child.OverseasStatus)),
        new(new("health", "健康状况"), (_, a, _) => ((int)a.Child.Health + 1).ToString(CultureInfo.InvariantCulture)),
        new(new("householdRegistrationPlace", "户口所在地"), (_, a, _) => a.Child.HouseholdRegistrationPlace),
        new(new("householdType", "户口性质"), (_, a, _) => a.Child.HouseholdType == HouseholdType.Agricultural ? "1" : "2"),
        new(new("currentAddress", "现住址"), (_, a, _) => a.Child.CurrentAddress),
        new(new("mailingAddress", "通信地址"), (_, a, _) => a.Child.MailingAddress),
        new(new("homeAddress", "家庭地址"), (_, a, _) => a.Child.HomeAddress),
        new(new("phone", "联系电话"), (f, a, _) => f.Decrypt(a.Child.PhoneEncrypted)),
        new(new("postcode", "邮政编码"), (_, a, _) => a.Child.Postcode),
        new(new("onlyChild", "是否独生子女"), (_, a, _) => Flag(a.Circumstances.OnlyChild)),
        new(new("attendedKindergarten", "是否受过学前教育"), (_, a, _) => Flag(a.Circumstances.AttendedKindergarten)),
        new(new("leftBehind", "是否留守儿童"), (_, a, _) => ((int)(a.Circumstances.LeftBehind ?? LeftBehindStatus.No)).ToString(CultureInfo.InvariantCulture)),
        new(new("migrantWorkerChild", "是否进城务工人员随迁子女"), (_, a, _) => Flag(a.Circumstances.MigrantWorkerChild)),
        new(new("orphan", "是否孤儿"), (_, a, _) => Flag(a.Circumstances.Orphan)),
        new(new("martyrOrPriorityCareChild", "是否烈士或优抚子女"), (_, a, _) => Flag(a.Circumstances.MartyrOrPriorityCareChild)),
        new(new("regularClassPlacement", "是否随班就读"), (_, a, _) => Flag(a.Circumstances.DisabilityPlacement == DisabilityPlacement.RegularClass)),
        new(new("disabilityType", "残疾人类型"), (_, a, _) => a.Circumstances.Disability is { } d ? ((int)d + 1).ToString(CultureInfo.InvariantCulture) : ""),
        new(new("governmentPurchasedPlace", "是否由政府购买学位"), (_, a, _) => Flag(a.Circumstances.GovernmentPurchasedPlace)),
        new(new("needsFinancialAid", "是否需要申请资助"), (_, a, _) => Flag(a.Circumstances.NeedsFinancialAid)),
        new(new("distanceToSchoolKm", "上下学距离"), (_, a, _) => a.Circumstances.DistanceToSchoolKm?.ToString(CultureInfo.InvariantCulture) ?? ""),
        new(new("wayToSchool", "上下学方式"), (_, a, _) => a.Circumstances.WayToSchool is { } w ? ((int)w + 1).ToString(CultureInfo.InvariantCulture) : ""),
        new(new("needsSchoolBus", "是否需要乘坐校车"), (_, a, _) => Flag(a.Circumstances.NeedsSchoolBus)),
        new(new("enrollmentYearMonth", "入学年月"), (_, a, _) => $"{a.EnrollmentYear}09"),
        new(new("entryWay", "入学方式"), (_, _, s) => s.Kind == SchoolKind.Public ? "11" : "12"),
        new(new("boarding", "就读方式"), (_, a, _) => a.Circumstances.Boarding == Boarding.Boarding ? "2" : "1"),
        .. Member(0, "成员1"),
        .. Member(1, "成员2"),
    ];

    /// <summary>Every field, in the form's order.</summary>
    public static IReadOnlyList<StudentRecordField> Fields { get; } = Columns.Select(c => c.Field).ToList();

    /// <summary>Who the child is, for the platform to match records across counties: what an application or a placement carries.</summary>
    public static IReadOnlySet<string> IdentityKeys { get; } = new HashSet<string>(StringComparer.Ordinal) { "name", "sex", "birthDate", "documentType", "documentNumber" };

    /// <summary>The values of every field, in <see cref="Fields"/> order.</summary>
    public IReadOnlyList<string> Row(Application application, School school) => Columns.Select(c => c.Value(this, application, school)).ToList();

    /// <summary>The named fields only, by key; the others are never decrypted.</summary>
    public IReadOnlyDictionary<string, string> Values(Application application, School school, IReadOnlySet<string> keys) =>
        Columns.Where(c => keys.Contains(c.Field.Key)).ToDictionary(c => c.Field.Key, c => c.Value(this, application, school), StringComparer.Ordinal);

    /// <summary>The form's document type codes: 1 resident ID, 6 HK, 7 Macao, 8 Taiwan, 9 foreign permanent residence, A passport, Z other.</summary>
    public static string DocumentTypeCode(IdentityDocumentType type) => type switch
    {
        IdentityDocumentType.ResidentId => "1",
        IdentityDocumentType.HongKongPermit => "6",
        IdentityDocumentType.MacaoPermit => "7",
        IdentityDocumentType.TaiwanPermit => "8",
        IdentityDocumentType.ForeignPermanentResidence => "9",
        IdentityDocumentType.Passport => "A",
        IdentityDocumentType.Other => "Z",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string OverseasCode(OverseasStatus status) => status switch
    {
        OverseasStatus.None => "0",
        OverseasStatus.HongKong => "1",
        OverseasStatus.Macao => "3",
        OverseasStatus.Taiwan => "5",
        OverseasStatus.OverseasChinese => "7",
        OverseasStatus.Foreign => "9",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string Flag(bool? value) => value == true ? "1" : "0";

    private string Decrypt(string? encrypted) => encrypted is null ? "" : protector.Decrypt(encrypted);

    private static IEnumerable<Column> Member(int index, string prefix)
    {
        FamilyMemberRecord? Of(Application a) => index < a.Family.Count ? a.Family[index] : null;
        return
        [
            new(new($"family{index + 1}.name", $"{prefix}姓名"), (_, a, _) => Of(a)?.Name ?? ""),
            new(new($"family{index + 1}.relationship", $"{prefix}关系"), (_, a, _) => Of(a) is { } m ? ((int)m.Relationship + 1).ToString(CultureInfo.InvariantCulture) : ""),
            new(new($"family{index + 1}.isGuardian", $"{prefix}是否监护人"), (_, a, _) => Of(a) is { } m ? Flag(m.IsGuardian) : ""),
            new(new($"family{index + 1}.phone", $"{prefix}联系电话"), (f, a, _) => f.Decrypt(Of(a)?.MobileEncrypted)),
            new(new($"family{index + 1}.documentType", $"{prefix}身份证件类型"), (_, a, _) => Of(a)?.DocumentType is { } t ? DocumentTypeCode(t) : ""),
            new(new($"family{index + 1}.documentNumber", $"{prefix}身份证件号"), (f, a, _) => f.Decrypt(Of(a)?.DocumentNumberEncrypted)),
            new(new($"family{index + 1}.ethnicity", $"{prefix}民族"), (_, a, _) => Of(a)?.EthnicityCode ?? ""),
            new(new($"family{index + 1}.address", $"{prefix}现住址"), (_, a, _) => Of(a)?.Address ?? ""),
            new(new($"family{index + 1}.householdRegistrationPlace", $"{prefix}户口所在地"), (_, a, _) => Of(a)?.HouseholdRegistrationPlace ?? ""),
            new(new($"family{index + 1}.employer", $"{prefix}工作单位"), (_, a, _) => Of(a)?.Employer ?? ""),
            new(new($"family{index + 1}.position", $"{prefix}职务"), (_, a, _) => Of(a)?.Position ?? ""),
        ];
    }
}
