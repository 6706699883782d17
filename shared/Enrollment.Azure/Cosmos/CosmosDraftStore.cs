using System.Net;
using Enrollment.Core.Applications;
using Enrollment.Core.Drafts;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosDraftStore(EnrollmentContainers containers) : IDraftStore
{
    private Container Container => containers.DraftsContainer;

    public Task<Versioned<Draft>?> GetAsync(string parentId, string draftId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<Draft>(draftId, new PartitionKey(parentId), cancellationToken);

    // Reminder marks share the guardian's partition; only drafts have a state.
    public IAsyncEnumerable<Draft> ListAsync(string parentId, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c WHERE IS_DEFINED(c.state)"), new PartitionKey(parentId), cancellationToken);

    public IAsyncEnumerable<Draft> ListOpenAsync(string countyId, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.countyId = @county AND c.state = @state")
            .WithParameter("@county", countyId).WithParameter("@state", nameof(DraftState.Open)), null, cancellationToken);

    public async Task<string?> TrySaveAsync(Draft draft, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Container.UpsertItemAsync(draft, new PartitionKey(draft.ParentId),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return response.ETag;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string parentId, string draftId, CancellationToken cancellationToken)
    {
        await UnmarkRemindedAsync(parentId, draftId, cancellationToken);
        return await TryDeleteAsync(draftId, parentId, cancellationToken);
    }

    public async Task<bool> TryMarkRemindedAsync(string parentId, string draftId, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(new ReminderMark(ReminderMarkId(draftId), parentId), new PartitionKey(parentId),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task UnmarkRemindedAsync(string parentId, string draftId, CancellationToken cancellationToken) =>
        TryDeleteAsync(ReminderMarkId(draftId), parentId, cancellationToken);

    private static string ReminderMarkId(string draftId) => draftId + ".reminded";

    private async Task<bool> TryDeleteAsync(string id, string parentId, CancellationToken cancellationToken)
    {
        try
        {
            await Container.DeleteItemAsync<object>(id, new PartitionKey(parentId), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private sealed record ReminderMark(string Id, string ParentId);

    private IAsyncEnumerable<Draft> QueryAsync(QueryDefinition query, PartitionKey? partition, CancellationToken cancellationToken) =>
        Container.QueryAllAsync<Draft>(query, partition, cancellationToken);
}
