using System.Net;
using Enrollment.Core.Audit;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>The audit log: one partition per county, entries created and never replaced (create fails on an existing id).</summary>
public sealed class CosmosAuditLog(EnrollmentContainers containers) : IAuditLog
{
    private Container Container => containers.AuditContainer;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(entry, new PartitionKey(entry.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Written by an earlier attempt: entries never change, so there is nothing more to do.
        }
    }

    public async Task<AuditPage?> ReadAsync(string countyId, AuditQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var sql = "SELECT * FROM c WHERE 1 = 1";
        var parameters = new List<(string, object)>();
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql += $" AND {clause}";
                parameters.Add((name, value));
            }
        }

        Filter("c.actorId = @actor", "@actor", query.ActorId);
        Filter("c.action = @action", "@action", query.Action);
        Filter("c.objectId = @object", "@object", query.ObjectId);
        Filter("c.at >= @from", "@from", query.From);
        Filter("c.at < @until", "@until", query.Until);
        var definition = new QueryDefinition(sql + " ORDER BY c.at DESC");
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        try
        {
            using var feed = Container.GetItemQueryIterator<AuditEntry>(definition, continuationToken,
                new QueryRequestOptions { PartitionKey = new PartitionKey(countyId), MaxItemCount = pageSize });
            var page = await feed.ReadNextAsync(cancellationToken);
            return new AuditPage(page.ToList(), page.ContinuationToken);
        }
        catch (CosmosException e) when (continuationToken is not null && e.StatusCode == HttpStatusCode.BadRequest)
        {
            return null;
        }
    }
}
