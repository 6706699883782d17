using System.Net;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosApplicationStore(EnrollmentContainers containers, RecentReads<Application> recent) : IApplicationStore
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
            var created = await containers.ApplicationsContainer.CreateItemAsync(application, new PartitionKey(application.SchoolId), NoContentBack, cancellationToken);
            // What was just written is known by its version: the parent's first status lookup is already conditional.
            recent.Remember(application.Id, application.SchoolId, new Versioned<Application>(application, created.ETag));
            return application;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return await GetApplicationAsync(application.Id, application.SchoolId, cancellationToken)
                ?? throw new InvalidOperationException("An application reported as existing could not be read.", e);
        }
    }

    public async Task<Application?> GetApplicationAsync(string applicationId, string schoolId, CancellationToken cancellationToken) =>
        (await GetVersionedApplicationAsync(applicationId, schoolId, cancellationToken))?.Value;

    public Task<Versioned<Application>?> GetVersionedApplicationAsync(string applicationId, string schoolId, CancellationToken cancellationToken) =>
        containers.ApplicationsContainer.ReadVersionedAsync(applicationId, schoolId, recent, cancellationToken);

    public async Task<string?> TryReplaceApplicationAsync(Application application, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await containers.ApplicationsContainer.ReplaceItemAsync(application, application.Id, new PartitionKey(application.SchoolId),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            recent.Remember(application.Id, application.SchoolId, new Versioned<Application>(application, response.ETag));
            return response.ETag;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ApplicationPage?> QueryAsync(string schoolId, int enrollmentYear, ApplicationQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (where, parameters) = Filter(enrollmentYear, query);
        var definition = Parameters(new QueryDefinition($"SELECT c AS application, c._etag AS etag FROM c{where} ORDER BY c.submittedAt"), parameters);
        try
        {
            using var feed = containers.ApplicationsContainer.GetItemQueryIterator<QueueRow>(definition, continuationToken,
                new QueryRequestOptions { PartitionKey = new PartitionKey(schoolId), MaxItemCount = pageSize });
            var page = await feed.ReadNextAsync(cancellationToken);
            return new ApplicationPage(page.Select(r => new Versioned<Application>(r.Application, r.Etag)).ToList(), page.ContinuationToken);
        }
        catch (CosmosException e) when (continuationToken is not null && e.StatusCode == HttpStatusCode.BadRequest)
        {
            return null;
        }
    }

    public async Task<int> CountAsync(string schoolId, int enrollmentYear, IReadOnlyList<ApplicationStatus> statuses, CancellationToken cancellationToken)
    {
        var (where, parameters) = Filter(enrollmentYear, new ApplicationQuery(statuses));
        using var feed = containers.ApplicationsContainer.GetItemQueryIterator<int>(Parameters(new QueryDefinition($"SELECT VALUE COUNT(1) FROM c{where}"), parameters),
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(schoolId) });
        var count = 0;
        while (feed.HasMoreResults)
        {
            count += (await feed.ReadNextAsync(cancellationToken)).Sum();
        }

        return count;
    }

    private static (string Where, List<(string Name, object Value)> Parameters) Filter(int enrollmentYear, ApplicationQuery query)
    {
        var clauses = new List<string> { "c.enrollmentYear = @year" };
        var parameters = new List<(string, object)> { ("@year", enrollmentYear) };
        if (query.Statuses.Count > 0)
        {
            clauses.Add("c.status IN (" + string.Join(", ", query.Statuses.Select((status, i) => $"@s{i}")) + ")");
            parameters.AddRange(query.Statuses.Select((status, i) => ($"@s{i}", (object)status.ToString())));
        }

        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                clauses.Add(clause);
                parameters.Add((name, value));
            }
        }

        Add("STARTSWITH(c.id, @number)", "@number", query.NumberPrefix);
        Add("STARTSWITH(c.child.name, @namePrefix)", "@namePrefix", query.NamePrefix);
        Add("ENDSWITH(c.child.name, @nameSuffix)", "@nameSuffix", query.NameSuffix);
        Add("LENGTH(c.child.name) = @nameLength", "@nameLength", query.NameLength);
        return (" WHERE " + string.Join(" AND ", clauses), parameters);
    }

    private static QueryDefinition Parameters(QueryDefinition definition, IEnumerable<(string Name, object Value)> parameters) =>
        parameters.Aggregate(definition, (d, p) => d.WithParameter(p.Name, p.Value));

    private sealed record QueueRow(Application Application, string Etag);

    public IAsyncEnumerable<Application> ListAsync(string schoolId, int enrollmentYear, CancellationToken cancellationToken) =>
        QueryAsync(schoolId, new QueryDefinition("SELECT * FROM c WHERE c.enrollmentYear = @year").WithParameter("@year", enrollmentYear), cancellationToken);

    public IAsyncEnumerable<Application> ListByStatusAsync(string schoolId, int enrollmentYear, ApplicationStatus status, CancellationToken cancellationToken) =>
        QueryAsync(schoolId, new QueryDefinition("SELECT * FROM c WHERE c.enrollmentYear = @year AND c.status = @status")
            .WithParameter("@year", enrollmentYear).WithParameter("@status", status.ToString()), cancellationToken);

    public IAsyncEnumerable<Application> ListWithOutboxAsync(string schoolId, CancellationToken cancellationToken) =>
        QueryAsync(schoolId, new QueryDefinition("SELECT * FROM c WHERE ARRAY_LENGTH(c.outbox) > 0"), cancellationToken);

    private IAsyncEnumerable<Application> QueryAsync(string schoolId, QueryDefinition query, CancellationToken cancellationToken) =>
        containers.ApplicationsContainer.QueryAllAsync<Application>(query, new PartitionKey(schoolId), cancellationToken, pageSize: 100);

    public Task<Application?> UpdateAsync(string applicationId, string schoolId, Func<Application, Application?> change, CancellationToken cancellationToken) =>
        containers.ApplicationsContainer.UpdateAsync(applicationId, schoolId, recent, change, cancellationToken);

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
