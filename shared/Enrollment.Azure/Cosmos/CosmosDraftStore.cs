using System.Net;
using System.Runtime.CompilerServices;
using Enrollment.Core.Applications;
using Enrollment.Core.Drafts;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosDraftStore(EnrollmentContainers containers) : IDraftStore
{
    private Container Container => containers.DraftsContainer;

    public Task<Versioned<Draft>?> GetAsync(string parentId, string draftId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<Draft>(draftId, new PartitionKey(parentId), cancellationToken);

    public IAsyncEnumerable<Draft> ListAsync(string parentId, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c"), new PartitionKey(parentId), cancellationToken);

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
        try
        {
            await Container.DeleteItemAsync<Draft>(draftId, new PartitionKey(parentId), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async IAsyncEnumerable<Draft> QueryAsync(QueryDefinition query, PartitionKey? partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = Container.GetItemQueryIterator<Draft>(query, requestOptions: new QueryRequestOptions { PartitionKey = partition });
        while (feed.HasMoreResults)
        {
            foreach (var draft in await feed.ReadNextAsync(cancellationToken))
            {
                yield return draft;
            }
        }
    }
}
