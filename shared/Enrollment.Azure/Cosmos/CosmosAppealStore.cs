using System.Net;
using Enrollment.Core.Appeals;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Appeals by county: the bureau's ledger is one partition; a guardian's own are found by a query on their id.</summary>
public sealed class CosmosAppealStore(EnrollmentContainers containers) : IAppealStore
{
    private Container Container => containers.AppealsContainer;

    public Task CreateAsync(Appeal appeal, CancellationToken cancellationToken) =>
        Container.CreateItemAsync(appeal, new PartitionKey(appeal.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);

    public Task<Versioned<Appeal>?> GetAsync(string countyId, string appealId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<Appeal>(appealId, new PartitionKey(countyId), cancellationToken);

    public async Task<bool> TryReplaceAsync(Appeal appeal, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await Container.ReplaceItemAsync(appeal, appeal.Id, new PartitionKey(appeal.CountyId),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public IAsyncEnumerable<Appeal> ListAsync(string countyId, AppealState? state, CancellationToken cancellationToken) =>
        QueryAsync(state is null
            ? new QueryDefinition("SELECT * FROM c")
            : new QueryDefinition("SELECT * FROM c WHERE c.state = @state").WithParameter("@state", state.ToString()), new PartitionKey(countyId), cancellationToken);

    public IAsyncEnumerable<Appeal> ListByParentAsync(string parentId, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.parentId = @parent").WithParameter("@parent", parentId), null, cancellationToken);

    private IAsyncEnumerable<Appeal> QueryAsync(QueryDefinition query, PartitionKey? partition, CancellationToken cancellationToken) =>
        Container.QueryAllAsync<Appeal>(query, partition, cancellationToken);
}
