using System.Globalization;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Rehearsals;

/// <summary>One synthetic family of a rehearsal: its number, its (never stored) account id and the forms of its children.</summary>
public sealed record SyntheticFamily(int Number, string ParentId, IReadOnlyList<ApplicationForm> Children);

/// <summary>
/// The families a rehearsal registers: made up, reproducible for a county and a number, and as varied as a real
/// opening morning. Twins, every special circumstance the form has, every kind of child document, every residence
/// basis, some outside any catchment, and about a quarter at a private school when the county has one.
/// Identity numbers carry the county's division code and pass the check character, like real ones; no real
/// person has to share them, since a rehearsal claims children under its own keys (<see cref="County.ClaimKeyFor"/>).
/// </summary>
public static class SyntheticFamilies
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "胡", "郭", "何", "高", "林"];
    private static readonly string[] GivenNames = ["小雨", "子涵", "梓萱", "浩然", "一诺", "欣怡", "宇轩", "思远", "雨桐", "明哲", "若曦", "俊杰", "嘉怡", "天佑", "可馨", "博文"];
    private static readonly IdentityDocumentType[] OtherDocuments =
    [
        IdentityDocumentType.HongKongPermit, IdentityDocumentType.MacaoPermit, IdentityDocumentType.TaiwanPermit,
        IdentityDocumentType.ForeignPermanentResidence, IdentityDocumentType.Passport, IdentityDocumentType.Other,
    ];

    /// <summary>The families: <paramref name="count"/> children in all (twins count as two), for the county's first stage.</summary>
    public static IReadOnlyList<SyntheticFamily> For(County county, int count)
    {
        var random = new Random(HashCode.Combine(count, string.GetHashCode(county.Id, StringComparison.Ordinal)) & 0x7fffffff);
        var stage = county.Schools.Select(s => s.Stage).Min();
        var publics = county.Schools.Where(s => s.Stage == stage && s.Kind == SchoolKind.Public).ToList();
        var privates = county.Schools.Where(s => s.Stage == stage && s.Kind == SchoolKind.Private).ToList();
        var region = county.DivisionCode is { Length: 6 } code ? code : "110105";
        var latest = county.AgeRule.LatestBirthDate(county.EnrollmentYear);
        var families = new List<SyntheticFamily>();
        var children = 0;
        for (var number = 1; children < count; number++)
        {
            var twins = number % 15 == 0 && count - children >= 2;
            var born = latest.AddDays(-random.Next(0, 360));
            var atPrivate = privates.Count > 0 && number % 4 == 0;
            var school = atPrivate ? privates[number % privates.Count] : Weighted(publics, random);
            var outside = !atPrivate && number % 10 == 3;
            // A family at a private school lives in a public school's catchment too: where its child goes if the lottery says no.
            var home = atPrivate && publics.Count > 0 ? Weighted(publics, random) : school;
            var community = home.Catchment.Communities.Count > 0 ? home.Catchment.Communities[random.Next(home.Catchment.Communities.Count)] : home.Address;
            var address = outside ? $"外县幸福路{random.Next(1, 200)}号" : $"{county.Name}{community}{random.Next(1, 80)}号{random.Next(1, 6)}单元";
            var surname = Surnames[random.Next(Surnames.Length)];
            var guardianId = ResidentIdNumber.Complete($"{region}{new DateOnly(1982 + random.Next(0, 12), random.Next(1, 13), random.Next(1, 29)):yyyyMMdd}{random.Next(0, 500) * 2 + 1:D3}");
            var forms = new List<ApplicationForm>();
            for (var twin = 0; twin < (twins ? 2 : 1); twin++)
            {
                var name = surname + GivenNames[(number * 3 + twin) % GivenNames.Length];
                var document = number % 8 == 5 ? OtherDocuments[number / 8 % OtherDocuments.Length] : IdentityDocumentType.ResidentId;
                forms.Add(new ApplicationForm(
                    county.Id,
                    [school.Id],
                    Child(name, document, born, twin, number, region),
                    [new FamilyMemberForm(surname + "建国", FamilyRelationship.Father, true, $"139{number:D8}", IdentityDocumentType.ResidentId, guardianId, "01", address, null, null, null)],
                    Residence(number, address),
                    Circumstances(number),
                    []));
            }

            children += forms.Count;
            families.Add(new SyntheticFamily(number, $"rehearsal:{county.Id}:{number}", forms));
        }

        return families;
    }

    private static School Weighted(IReadOnlyList<School> schools, Random random)
    {
        var pick = random.Next(Math.Max(1, schools.Sum(s => s.Plan.Places)));
        foreach (var school in schools)
        {
            if ((pick -= school.Plan.Places) < 0)
            {
                return school;
            }
        }

        return schools[^1];
    }

    private static ChildForm Child(string name, IdentityDocumentType document, DateOnly born, int twin, int number, string region)
    {
        var sex = (number + twin) % 2 == 0 ? Sex.Female : Sex.Male;
        var sequence = (number * 2 + twin) % 500 * 2 + (sex == Sex.Male ? 1 : 0);
        var (documentNumber, overseas, nationality) = document switch
        {
            IdentityDocumentType.ResidentId => (ResidentIdNumber.Complete($"{region}{born:yyyyMMdd}{sequence:D3}"), OverseasStatus.None, "CHN"),
            IdentityDocumentType.HongKongPermit => ($"H{number:D8}", OverseasStatus.HongKong, "HKG"),
            IdentityDocumentType.MacaoPermit => ($"M{number:D8}", OverseasStatus.Macao, "MAC"),
            IdentityDocumentType.TaiwanPermit => ($"{number:D8}", OverseasStatus.Taiwan, "TWN"),
            IdentityDocumentType.ForeignPermanentResidence => ($"USA{number:D12}", OverseasStatus.Foreign, "USA"),
            IdentityDocumentType.Passport => ($"E{number:D8}", OverseasStatus.OverseasChinese, "CHN"),
            _ => ((string?)null, OverseasStatus.None, "CHN"),
        };
        var resident = document == IdentityDocumentType.ResidentId;
        return new ChildForm(name, null, null, document, documentNumber, null, resident ? null : sex, resident ? null : born,
            region + "000000", "本县", "01", nationality, overseas, number % 23 == 0 ? HealthStatus.Disability : HealthStatus.Good,
            "本县城关镇", HouseholdType.NonAgricultural, "本县城关镇", "本县城关镇", "本县城关镇", $"139{number:D8}", "000000");
    }

    private static ResidenceForm Residence(int number, string address) => (number % 7) switch
    {
        1 => new ResidenceForm(EligibilityBasis.OwnedProperty, address, number % 14 == 1 ? PropertyProof.SaleContract : PropertyProof.Certificate),
        2 => new ResidenceForm(EligibilityBasis.RegisteredRental, address),
        3 => new ResidenceForm(EligibilityBasis.ResidencePermit, address, Employment: (Employment)(number / 7 % 3)),
        _ => new ResidenceForm(EligibilityBasis.HouseholdRegistration, address),
    };

    /// <summary>Each special circumstance in turn (about one family in four has one), the rest none.</summary>
    private static CircumstancesForm Circumstances(int number) =>
        new(OnlyChild: number % 3 != 0, AttendedKindergarten: true,
            LeftBehind: number % 12 == 1 ? LeftBehindStatus.BothParentsAway : number % 12 == 5 ? LeftBehindStatus.OneParentAway : LeftBehindStatus.No,
            MigrantWorkerChild: number % 7 == 3,
            Orphan: number % 29 == 0,
            DeFactoUnsupported: number % 31 == 0,
            MartyrOrPriorityCareChild: number % 37 == 0,
            Disability: number % 23 == 0 ? DisabilityType.Physical : null,
            DisabilityPlacement: number % 23 == 0 ? DisabilityPlacement.RegularClass : null,
            GovernmentPurchasedPlace: false,
            NeedsFinancialAid: number % 17 == 0,
            DistanceToSchoolKm: 1.5m,
            WayToSchool: WayToSchool.Walk,
            NeedsSchoolBus: false,
            Boarding: Boarding.Day);
}
