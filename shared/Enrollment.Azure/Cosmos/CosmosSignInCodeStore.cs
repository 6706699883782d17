using System.Net;
using Enrollment.Core.Applications;
using Enrollment.Core.Parents;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosSignInCodeStore(EnrollmentContainers containers) : ISignInCodeStore
{
    private Container Container => containers.SignInCodesContainer;

    public Task<Versioned<SignInCode>?> GetAsync(string id, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<SignInCode>(id, new PartitionKey(id), cancellationToken);

    public async Task<bool> TrySaveAsync(SignInCode code, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var options = new ItemRequestOptions { EnableContentResponseOnWrite = false, IfMatchEtag = etag };
            await (etag is null
                ? Container.CreateItemAsync(code, new PartitionKey(code.Id), options, cancellationToken)
                : Container.ReplaceItemAsync(code, code.Id, new PartitionKey(code.Id), options, cancellationToken));
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(string id, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await Container.DeleteItemAsync<SignInCode>(id, new PartitionKey(id), new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
