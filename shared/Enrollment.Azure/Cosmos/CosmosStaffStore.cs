using System.Net;
using Enrollment.Core.Staff;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosStaffStore(EnrollmentContainers containers) : IStaffStore
{
    private Container Container => containers.StaffContainer;

    public async Task<StaffAccount?> GetAsync(string staffId, CancellationToken cancellationToken) =>
        (await Container.ReadOrNullAsync<StaffAccount>(staffId, new PartitionKey(staffId), cancellationToken))?.Resource;

    public async Task<bool> TryCreateAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(account, new PartitionKey(account.Id), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task<StaffAccount?> UpdateAsync(string staffId, Func<StaffAccount, StaffAccount?> change, CancellationToken cancellationToken) =>
        Container.UpdateAsync(staffId, new PartitionKey(staffId), change, cancellationToken);
}
