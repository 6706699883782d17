using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>A query's every result, page by page as the caller reads them: in one partition when given, else across all.</summary>
internal static class ContainerQueries
{
    public static async IAsyncEnumerable<T> QueryAllAsync<T>(this Container container, QueryDefinition query, PartitionKey? partition,
        [EnumeratorCancellation] CancellationToken cancellationToken, int? pageSize = null)
    {
        using var feed = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = partition, MaxItemCount = pageSize });
        while (feed.HasMoreResults)
        {
            foreach (var item in await feed.ReadNextAsync(cancellationToken))
            {
                yield return item;
            }
        }
    }
}
