using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Identity;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;

namespace Enrollment.Core.Applications;

/// <summary>
/// Turns a checked form into what is stored: document and phone numbers masked and encrypted, and the
/// whole form kept encrypted so a correction can be compared with what was submitted.
/// </summary>
public sealed class ApplicationRecords(PersonalDataProtector protector)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public IReadOnlyList<FamilyMemberRecord> Family(ApplicationForm form) => (form.Family ?? []).Select(Member).ToList();

    public string Protect(ApplicationForm form) => protector.Encrypt(JsonSerializer.Serialize(form, Json));

    public ApplicationForm Unprotect(string encryptedForm) => JsonSerializer.Deserialize<ApplicationForm>(protector.Decrypt(encryptedForm), Json)!;

    /// <summary>Every filled field of the form by its path (<c>child.name</c>, <c>family[0].mobile</c>), for comparing two versions.</summary>
    public static IReadOnlyDictionary<string, string> Fields(ApplicationForm form)
    {
        var fields = new Dictionary<string, string>();
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, $"{path}[{index++}]");
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    fields[path] = element.ToString();
                    break;
            }
        }

        Walk(JsonSerializer.SerializeToElement(form, Json), "");
        return fields;
    }

    public ChildRecord Child(ValidatedForm validated)
    {
        var c = validated.Child;
        var number = DocumentNumber(c.DocumentType, c.DocumentNumber);
        var phone = c.Phone!.Trim();
        return new ChildRecord(
            c.Name!.Trim(), c.Pinyin?.Trim(), c.FormerName?.Trim(), c.DocumentType!.Value,
            number is null ? null : ResidentIdNumber.Mask(number), number is null ? null : protector.Encrypt(number),
            c.DocumentValidUntil, validated.BirthDate, validated.Sex,
            c.BirthplaceCode!.Trim(), c.NativePlace!.Trim(), c.EthnicityCode!, c.NationalityCode!, c.OverseasStatus!.Value, c.Health!.Value,
            c.HouseholdRegistrationPlace!.Trim(), c.HouseholdType!.Value, c.CurrentAddress!.Trim(), c.MailingAddress!.Trim(), c.HomeAddress!.Trim(),
            ResidentIdNumber.Mask(phone), protector.Encrypt(phone), c.Postcode!.Trim());
    }

    private FamilyMemberRecord Member(FamilyMemberForm m)
    {
        var mobile = m.Mobile!.Trim();
        var number = DocumentNumber(m.DocumentType, m.DocumentNumber);
        return new FamilyMemberRecord(
            m.Name!.Trim(), m.Relationship!.Value, m.IsGuardian!.Value, ParentAccounts.MaskMobile(mobile), protector.Encrypt(mobile),
            m.DocumentType, number is null ? null : ResidentIdNumber.Mask(number), number is null ? null : protector.Encrypt(number),
            m.EthnicityCode, m.Address?.Trim(), m.HouseholdRegistrationPlace?.Trim(), m.Employer?.Trim(), m.Position?.Trim());
    }

    private static string? DocumentNumber(IdentityDocumentType? type, string? number) =>
        type is null or IdentityDocumentType.Other || string.IsNullOrWhiteSpace(number) ? null : number.Trim().ToUpperInvariant();
}
