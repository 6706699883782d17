using System.Net;
using Enrollment.Core.Counties;
using Enrollment.Core.Rehearsals;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// A rehearsal's report beside its admission lists, and its wipe. The practice copy has ids of its own (its county and
/// its schools), so everything it stored sits in partitions of its own and is deleted partition by partition.
/// </summary>
public sealed class CosmosRehearsalStore(EnrollmentContainers containers) : IRehearsalStore
{
    public Task SaveReportAsync(RehearsalReport report, CancellationToken cancellationToken) =>
        containers.AdmissionsContainer.UpsertItemAsync(report, new PartitionKey(report.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);

    public async Task<RehearsalReport?> GetReportAsync(string rehearsalId, CancellationToken cancellationToken) =>
        (await containers.AdmissionsContainer.ReadVersionedAsync<RehearsalReport>(RehearsalReport.DocumentId, new PartitionKey(rehearsalId), cancellationToken))?.Value;

    public async Task WipeAsync(County rehearsal, CancellationToken cancellationToken)
    {
        if (rehearsal.RehearsalOf is null)
        {
            throw new InvalidOperationException("Only a rehearsal's practice copy is wiped.");
        }

        foreach (var school in rehearsal.Schools)
        {
            await foreach (var row in containers.ApplicationsContainer.QueryAllAsync<ApplicationRow>(
                               new QueryDefinition("SELECT c.id, c.claimId FROM c"), new PartitionKey(school.Id), cancellationToken))
            {
                await DeleteAsync(containers.ClaimsContainer, row.ClaimId, new PartitionKey(row.ClaimId), cancellationToken);
                await DeleteAsync(containers.ApplicationsContainer, row.Id, new PartitionKey(school.Id), cancellationToken);
            }
        }

        foreach (var container in new[] { containers.AuditContainer, containers.LotteriesContainer, containers.AdmissionsContainer, containers.AppealsContainer,
                     containers.ProvincialContainer, containers.AnnouncementsContainer })
        {
            var partition = new PartitionKey(rehearsal.Id);
            await foreach (var row in container.QueryAllAsync<ItemRow>(new QueryDefinition("SELECT c.id FROM c"), partition, cancellationToken))
            {
                await DeleteAsync(container, row.Id, partition, cancellationToken);
            }
        }

        await DeleteAsync(containers.CountiesContainer, rehearsal.Id, new PartitionKey(rehearsal.Id), cancellationToken);
    }

    private static async Task DeleteAsync(Container container, string id, PartitionKey partition, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(id, partition, cancellationToken: cancellationToken);
        // Already gone (an earlier, interrupted wipe) is what was wanted.
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private sealed record ApplicationRow(string Id, string ClaimId);

    private sealed record ItemRow(string Id);
}
