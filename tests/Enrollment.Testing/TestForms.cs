using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;
using Enrollment.Core.Identity;

namespace Enrollment.Testing;

/// <summary>A complete, valid application form, for tests to vary one field at a time.</summary>
public static class TestForms
{
    /// <summary>A form as the pages send it and the API answers with it: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static ApplicationForm Valid(string countyId, string schoolId, string childIdNumber, string guardianMobile = "13912345678") => new(
        countyId,
        [schoolId],
        new ChildForm(
            Name: "王小雨",
            Pinyin: "Wang Xiaoyu",
            FormerName: null,
            DocumentType: IdentityDocumentType.ResidentId,
            DocumentNumber: childIdNumber,
            DocumentValidUntil: null,
            Sex: null,
            BirthDate: null,
            BirthplaceCode: "141124000000",
            NativePlace: "山西临县",
            EthnicityCode: "01",
            NationalityCode: "CHN",
            OverseasStatus: OverseasStatus.None,
            Health: HealthStatus.Good,
            HouseholdRegistrationPlace: "山西省吕梁市临县城关镇",
            HouseholdType: HouseholdType.NonAgricultural,
            CurrentAddress: "临县城关镇人民路12号3单元",
            MailingAddress: "临县城关镇人民路12号3单元",
            HomeAddress: "临县城关镇人民路12号3单元",
            Phone: guardianMobile,
            Postcode: "033200"),
        [new FamilyMemberForm("王建国", FamilyRelationship.Father, true, guardianMobile, IdentityDocumentType.ResidentId, "11010519491231002X", "01", null, null, null, null)],
        new ResidenceForm(EligibilityBasis.HouseholdRegistration, "临县城关镇人民路12号3单元"),
        new CircumstancesForm(true, true, LeftBehindStatus.No, false, false, false, false, null, null, false, false, 1.2m, WayToSchool.Walk, false, Boarding.Day),
        []);

    public static ApplicationForm WithChild(this ApplicationForm form, Func<ChildForm, ChildForm> change) => form with { Child = change(form.Child!) };
}
