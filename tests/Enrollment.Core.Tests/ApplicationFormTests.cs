using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Tests;

public class ApplicationFormTests
{
    private static readonly DateOnly Today = new(2026, 8, 6);
    private readonly County _county = DemoCounty.Create(new DateTimeOffset(2026, 8, 6, 10, 0, 0, TimeSpan.FromHours(8)));

    private ApplicationForm Form() => TestForms.Valid(_county.Id, _county.Schools[0].Id, "110105201709010024");

    private IReadOnlyDictionary<string, string[]> Validate(ApplicationForm form, out ValidatedForm? validated) =>
        ApplicationFormValidation.Validate(form, _county, Today, out validated);

    [Fact]
    public void AResidentIdGivesBirthDateAndSexWithoutAsking()
    {
        var errors = Validate(Form(), out var validated);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2017, 9, 1), validated!.BirthDate);
        Assert.Equal(Sex.Female, validated.Sex);
        Assert.Equal("1:110105201709010024", validated.ClaimKey);
    }

    [Theory]
    [InlineData(IdentityDocumentType.HongKongPermit, "H12345678")]
    [InlineData(IdentityDocumentType.MacaoPermit, "M1234567801")]
    [InlineData(IdentityDocumentType.TaiwanPermit, "12345678")]
    [InlineData(IdentityDocumentType.ForeignPermanentResidence, "USA110020170901")]
    [InlineData(IdentityDocumentType.Passport, "E12345678")]
    [InlineData(IdentityDocumentType.Other, null)]
    public void EveryDocumentTypeCanApplyWithBirthDateAndSexGiven(IdentityDocumentType type, string? number)
    {
        var form = Form().WithChild(c => c with { DocumentType = type, DocumentNumber = number, BirthDate = new DateOnly(2019, 5, 4), Sex = Sex.Male });

        var errors = Validate(form, out var validated);

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2019, 5, 4), validated!.BirthDate);
        Assert.Equal(Sex.Male, validated.Sex);
        Assert.StartsWith(type == IdentityDocumentType.Other ? "Z:" : type.ToString(), validated.ClaimKey);
    }

    [Fact]
    public void TheResidentIdChecksumAppliesToResidentIdsOnly()
    {
        var passport = Form().WithChild(c => c with { DocumentType = IdentityDocumentType.Passport, DocumentNumber = "340524198001010013", BirthDate = new DateOnly(2019, 5, 4), Sex = Sex.Male });
        var residentId = Form().WithChild(c => c with { DocumentNumber = "340524198001010013" });

        Assert.Empty(Validate(passport, out _));
        Assert.Equal(["child.documentNumber"], Validate(residentId, out _).Keys);
    }

    [Fact]
    public void WithoutAResidentIdBirthDateAndSexAreNeeded()
    {
        var form = Form().WithChild(c => c with { DocumentType = IdentityDocumentType.Passport, DocumentNumber = "E12345678" });

        Assert.Equal(["child.birthDate", "child.sex"], Validate(form, out _).Keys.Order());
    }

    [Fact]
    public void AFutureBirthDateIsRefused()
    {
        var form = Form().WithChild(c => c with { DocumentType = IdentityDocumentType.Other, DocumentNumber = null, BirthDate = Today.AddDays(1), Sex = Sex.Male });

        Assert.Contains("child.birthDate", Validate(form, out _).Keys);
    }

    [Fact]
    public void AtLeastOneFamilyMemberMustBeAGuardian()
    {
        var form = Form() with { Family = [Form().Family![0] with { IsGuardian = false }] };

        Assert.Equal(["family"], Validate(form, out _).Keys);
    }

    [Fact]
    public void OnePublicAndOnePrivateSchoolMayBeChosenButNotTwoPublic()
    {
        var publicAndPrivate = Form() with { SchoolIds = [_county.Schools[0].Id, _county.Schools[4].Id] };
        var twoPublic = Form() with { SchoolIds = [_county.Schools[0].Id, _county.Schools[1].Id] };

        Assert.Empty(Validate(publicAndPrivate, out var validated));
        Assert.Equal(2, validated!.Schools.Count);
        Assert.Equal(["schoolIds"], Validate(twoPublic, out _).Keys);
    }

    [Fact]
    public void MarkupInFreeTextIsRefused()
    {
        var form = Form().WithChild(c => c with { CurrentAddress = "<img src=x onerror=alert(1)>人民路" });

        Assert.Equal(["child.currentAddress"], Validate(form, out _).Keys);
    }

    [Fact]
    public void AnEmptyFormNamesEveryRequiredField()
    {
        var errors = Validate(new ApplicationForm(null, null, null, null, null, null, null), out _);

        Assert.Contains("schoolIds", errors.Keys);
        Assert.Contains("child.name", errors.Keys);
        Assert.Contains("child.documentType", errors.Keys);
        Assert.Contains("family", errors.Keys);
        Assert.Contains("residence.basis", errors.Keys);
        Assert.Contains("circumstances.onlyChild", errors.Keys);
        Assert.All(errors.Values.SelectMany(m => m), m => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", m));
    }

    [Theory]
    [InlineData("""{"countyId":"demo","income":50000}""")]
    [InlineData("""{"child":{"name":"王小雨","grades":"A"}}""")]
    [InlineData("""{"family":[{"name":"王建国","employerIncome":1}]}""")]
    public void TheFormCannotCarryFieldsBeyondTheStudentRecord(string json)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ApplicationForm>(json, options));
    }

    /// <summary>
    /// The whole form, field by field, against the national student-record sheet (and the basis of
    /// eligibility): adding a field anywhere fails here until someone shows it belongs to that sheet.
    /// </summary>
    [Fact]
    public void TheFormHoldsOnlyStudentRecordFields()
    {
        string[] studentRecord =
        [
            "countyId", "schoolIds",
            "child.name", "child.pinyin", "child.formerName", "child.documentType", "child.documentNumber", "child.documentValidUntil",
            "child.sex", "child.birthDate", "child.birthplaceCode", "child.nativePlace", "child.ethnicityCode", "child.nationalityCode",
            "child.overseasStatus", "child.health", "child.householdRegistrationPlace", "child.householdType", "child.currentAddress",
            "child.mailingAddress", "child.homeAddress", "child.phone", "child.postcode",
            "family.name", "family.relationship", "family.isGuardian", "family.mobile", "family.documentType", "family.documentNumber",
            "family.ethnicityCode", "family.address", "family.householdRegistrationPlace", "family.employer", "family.position",
            "residence.basis", "residence.address",
            "circumstances.onlyChild", "circumstances.attendedKindergarten", "circumstances.leftBehind", "circumstances.migrantWorkerChild",
            "circumstances.orphan", "circumstances.martyrOrPriorityCareChild", "circumstances.disability", "circumstances.disabilityPlacement",
            "circumstances.governmentPurchasedPlace", "circumstances.needsFinancialAid", "circumstances.distanceToSchoolKm",
            "circumstances.wayToSchool", "circumstances.needsSchoolBus", "circumstances.boarding",
            "priorityClaims.kind", "priorityClaims.note",
        ];

        // Not on the sheet, but the provinces require a ledger of these children (事实无人抚养儿童入学工作台账),
        // and only the family can say so.
        string[] specialGroupLedgers = ["circumstances.deFactoUnsupported"];

        // Not on the sheet either: which department to ask (日照's data items), so the family is not asked for a document.
        string[] dataItems = ["residence.proof", "residence.employment"];

        Assert.Equal(studentRecord.Concat(specialGroupLedgers).Concat(dataItems).Order(), Fields(typeof(ApplicationForm), "").Order());
    }

    private static IEnumerable<string> Fields(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var elementType = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
                ? property.PropertyType.GetGenericArguments()[0]
                : property.PropertyType;
            if (elementType.Namespace == typeof(ApplicationForm).Namespace && elementType.IsClass)
            {
                foreach (var nested in Fields(elementType, name + "."))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }
}
