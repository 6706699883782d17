using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// The containers and how each is partitioned by the way it is read:
/// applications by school (a school's queue is one partition; a status lookup is a point read with
/// id + school), drafts by guardian (a guardian's drafts are one partition), the audit log by county (a county's
/// log is one partition), everything else by its
/// own id (always point reads).
/// </summary>
public sealed class EnrollmentContainers(CosmosClient client, string databaseName)
{
    public const string Applications = "applications";
    public const string Claims = "claims";
    public const string Counties = "counties";
    public const string Parents = "parents";
    public const string SignInCodes = "signInCodes";
    public const string Drafts = "drafts";
    public const string Staff = "staff";
    public const string Audit = "audit";
    public const string Appeals = "appeals";
    public const string Provincial = "provincial";
    public const string Lotteries = "lotteries";
    public const string Admissions = "admissions";
    public const string Announcements = "announcements";

    public static readonly IReadOnlyList<ContainerProperties> Definitions =
    [
        new(Applications, "/schoolId"),
        new(Claims, "/id"),
        new(Counties, "/id"),
        new(Parents, "/id"),
        new(SignInCodes, "/id"),
        new(Drafts, "/parentId"),
        new(Staff, "/id"),
        new(Audit, "/countyId"),
        new(Appeals, "/countyId"),
        new(Provincial, "/countyId"),
        new(Lotteries, "/countyId"),
        new(Admissions, "/countyId"),
        new(Announcements, "/countyId"),
    ];

    public Database Database { get; } = client.GetDatabase(databaseName);

    public Container ApplicationsContainer => Database.GetContainer(Applications);

    public Container ClaimsContainer => Database.GetContainer(Claims);

    public Container CountiesContainer => Database.GetContainer(Counties);

    public Container ParentsContainer => Database.GetContainer(Parents);

    public Container SignInCodesContainer => Database.GetContainer(SignInCodes);

    public Container DraftsContainer => Database.GetContainer(Drafts);

    public Container StaffContainer => Database.GetContainer(Staff);

    public Container AuditContainer => Database.GetContainer(Audit);

    public Container AppealsContainer => Database.GetContainer(Appeals);

    public Container ProvincialContainer => Database.GetContainer(Provincial);

    public Container LotteriesContainer => Database.GetContainer(Lotteries);

    public Container AdmissionsContainer => Database.GetContainer(Admissions);

    public Container AnnouncementsContainer => Database.GetContainer(Announcements);
}
