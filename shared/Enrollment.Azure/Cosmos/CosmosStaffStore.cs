using System.Net;
using Enrollment.Core.Staff;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosStaffStore(EnrollmentContainers containers) : IStaffStore
{
    private Container Container => containers.StaffContainer;

    public async Task<StaffAccount?> GetAsync(string staffId, CancellationToken cancellationToken) =>
        await Container.ReadOrNullAsync<StaffAccount>(staffId, new PartitionKey(staffId), cancellationToken);

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

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(string countyId, CancellationToken cancellationToken)
    {
        var accounts = new List<StaffAccount>();
        using var feed = Container.GetItemQueryIterator<StaffAccount>(
            new QueryDefinition("SELECT * FROM c WHERE c.countyId = @county").WithParameter("@county", countyId));
        while (feed.HasMoreResults)
        {
            accounts.AddRange(await feed.ReadNextAsync(cancellationToken));
        }

        return accounts.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> TryMarkRemindedAsync(string staffId, string reminder, CancellationToken cancellationToken)
    {
        var id = MarkId(staffId, reminder);
        try
        {
            await Container.CreateItemAsync(new { id }, new PartitionKey(id), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task UnmarkRemindedAsync(string staffId, string reminder, CancellationToken cancellationToken)
    {
        var id = MarkId(staffId, reminder);
        try
        {
            await Container.DeleteItemAsync<object>(id, new PartitionKey(id), cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Nothing to take back.
        }
    }

    /// <summary>Marks live beside the accounts, under ids no sign-in name can take (a sign-in name has no '|').</summary>
    private static string MarkId(string staffId, string reminder) => $"{staffId}|reminded|{reminder}";

    public Task<StaffAccount?> UpdateAsync(string staffId, Func<StaffAccount, StaffAccount?> change, CancellationToken cancellationToken) =>
        Container.UpdateAsync(staffId, new PartitionKey(staffId), change, cancellationToken);
}
