using System.Net;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosParentAccountStore(EnrollmentContainers containers) : IParentAccountStore
{
    private Container Container => containers.ParentsContainer;

    public async Task<ParentAccount?> GetAsync(string accountId, CancellationToken cancellationToken) =>
        await Container.ReadOrNullAsync<ParentAccount>(accountId, new PartitionKey(accountId), cancellationToken);

    public async Task<ParentAccount> GetOrCreateAsync(ParentAccount account, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.CreateItemAsync(account, new PartitionKey(account.Id), cancellationToken: cancellationToken)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return await GetAsync(account.Id, cancellationToken) ?? throw new InvalidOperationException("An account reported as existing could not be read.", e);
        }
    }

    public Task<ParentAccount?> RecordConsentAsync(string accountId, ConsentRecord consent, CancellationToken cancellationToken) =>
        PatchAsync(accountId, PatchOperation.Set("/consent", consent), cancellationToken);

    public Task<ParentAccount?> SetNotifyOpenIdAsync(string accountId, string notifyOpenIdEncrypted, CancellationToken cancellationToken) =>
        PatchAsync(accountId, PatchOperation.Set("/notifyOpenIdEncrypted", notifyOpenIdEncrypted), cancellationToken);

    private async Task<ParentAccount?> PatchAsync(string accountId, PatchOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.PatchItemAsync<ParentAccount>(accountId, new PartitionKey(accountId), [operation], cancellationToken: cancellationToken)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task AddApplicationAsync(string accountId, ApplicationReference reference, CancellationToken cancellationToken) =>
        Container.PatchItemAsync<ParentAccount>(accountId, new PartitionKey(accountId),
            [PatchOperation.Add("/applications/-", reference)], new PatchItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
}
