using System.Net;
using System.Runtime.CompilerServices;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosApplicationStore(EnrollmentContainers containers) : IApplicationStore
{
    public async Task<bool> TryCreateClaimAsync(ChildClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await containers.ClaimsContainer.CreateItemAsync(claim, new PartitionKey(claim.Id), NoContentBack, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task<Versioned<ChildClaim>?> GetClaimAsync(string claimId, CancellationToken cancellationToken) =>
        containers.ClaimsContainer.ReadVersionedAsync<ChildClaim>(claimId, new PartitionKey(claimId), cancellationToken);

    public async Task<bool> TryReplaceClaimAsync(ChildClaim claim, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await containers.ClaimsContainer.ReplaceItemAsync(claim, claim.Id, new PartitionKey(claim.Id),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<Application> CreateOrGetApplicationAsync(Application application, CancellationToken cancellationToken)
    {
        try
        {
            await containers.ApplicationsContainer.CreateItemAsync(application, new PartitionKey(application.SchoolId), NoContentBack, cancellationToken);
            return application;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return await GetApplicationAsync(application.Id, application.SchoolId, cancellationToken)
                ?? throw new InvalidOperationException("An application reported as existing could not be read.", e);
        }
    }

    public async Task<Application?> GetApplicationAsync(string applicationId, string schoolId, CancellationToken cancellationToken) =>
        (await containers.ApplicationsContainer.ReadOrNullAsync<Application>(applicationId, new PartitionKey(schoolId), cancellationToken))?.Resource;

    public IAsyncEnumerable<Application> ListByStatusAsync(string schoolId, ApplicationStatus status, CancellationToken cancellationToken) =>
        QueryAsync(schoolId, new QueryDefinition("SELECT * FROM c WHERE c.status = @status").WithParameter("@status", status.ToString()), cancellationToken);

    public IAsyncEnumerable<Application> ListWithOutboxAsync(string schoolId, CancellationToken cancellationToken) =>
        QueryAsync(schoolId, new QueryDefinition("SELECT * FROM c WHERE ARRAY_LENGTH(c.outbox) > 0"), cancellationToken);

    private async IAsyncEnumerable<Application> QueryAsync(string schoolId, QueryDefinition query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = containers.ApplicationsContainer.GetItemQueryIterator<Application>(query,
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(schoolId), MaxItemCount = 100 });
        while (feed.HasMoreResults)
        {
            foreach (var application in await feed.ReadNextAsync(cancellationToken))
            {
                yield return application;
            }
        }
    }

    public Task<Application?> UpdateAsync(string applicationId, string schoolId, Func<Application, Application?> change, CancellationToken cancellationToken) =>
        containers.ApplicationsContainer.UpdateAsync(applicationId, new PartitionKey(schoolId), change, cancellationToken);

    public async Task DeleteClaimAsync(string claimId, CancellationToken cancellationToken)
    {
        try
        {
            await containers.ClaimsContainer.DeleteItemAsync<ChildClaim>(claimId, new PartitionKey(claimId), cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already freed by an earlier attempt.
        }
    }

    private static readonly ItemRequestOptions NoContentBack = new() { EnableContentResponseOnWrite = false };
}
