using System.Net;
using System.Text.Json;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// Point reads where "not there" is an answer, not an exception, and read-change-replace under the ETag.
/// Reads go through the stream API: the typed one throws for a 404, and an exception with its diagnostics
/// costs more CPU than the read itself (every first submit reads a claim that is not there yet).
/// </summary>
internal static class ContainerReads
{
    public static async Task<Versioned<T>?> ReadVersionedAsync<T>(this Container container, string id, PartitionKey partitionKey, CancellationToken cancellationToken)
        where T : class =>
        await container.ReadVersionedAsync<T>(id, partitionKey, known: null, cancellationToken);

    /// <summary>
    /// A conditional read: given the version this process last read (<paramref name="known"/>), Cosmos DB
    /// answers 304 without the document when that is still the current one, and <paramref name="known"/>
    /// is returned; otherwise the current document, or null when there is none. The service decides, so
    /// the answer is never older than a plain read's.
    /// </summary>
    public static async Task<Versioned<T>?> ReadVersionedAsync<T>(this Container container, string id, PartitionKey partitionKey, Versioned<T>? known, CancellationToken cancellationToken)
        where T : class
    {
        var options = known is null ? null : new ItemRequestOptions { IfNoneMatchEtag = known.ETag };
        using var response = await container.ReadItemStreamAsync(id, partitionKey, options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified && known is not null)
        {
            return known;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        // Anything else unsuccessful (throttled after the SDK's retries, unavailable) throws as the typed read would.
        response.EnsureSuccessStatusCode();
        // The SDK hands over the body already buffered; reading a buffer needs no asynchronous machinery.
        var item = (response.Content is MemoryStream buffered
                ? JsonSerializer.Deserialize<T>(buffered, CosmosJson.Options)
                : await JsonSerializer.DeserializeAsync<T>(response.Content, CosmosJson.Options, cancellationToken))
            ?? throw new InvalidOperationException($"The stored {typeof(T).Name} is empty.");
        return new Versioned<T>(item, response.Headers.ETag);
    }

    /// <summary>A conditional read against what <paramref name="recent"/> holds, which then holds the answer.</summary>
    public static async Task<Versioned<T>?> ReadVersionedAsync<T>(this Container container, string id, string partitionKey, RecentReads<T> recent, CancellationToken cancellationToken)
        where T : class
    {
        var known = recent.Get(id, partitionKey);
        var read = await container.ReadVersionedAsync(id, new PartitionKey(partitionKey), known, cancellationToken);
        // A 304 hands back the very copy held: storing it again would only churn the cache on the hot path.
        if (!ReferenceEquals(read, known))
        {
            recent.Remember(id, partitionKey, read);
        }

        return read;
    }

    public static async Task<T?> ReadOrNullAsync<T>(this Container container, string id, PartitionKey partitionKey, CancellationToken cancellationToken)
        where T : class =>
        (await container.ReadVersionedAsync<T>(id, partitionKey, cancellationToken))?.Value;

    /// <summary>
    /// Reads the item, applies <paramref name="change"/> and replaces it under the ETag, re-reading when someone
    /// else changed it meanwhile, so no concurrent change is overwritten. <paramref name="change"/> returns null
    /// to leave the item; the result is the stored item (changed or not), or null when there is none.
    /// </summary>
    public static Task<T?> UpdateAsync<T>(this Container container, string id, PartitionKey partitionKey, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class =>
        container.UpdateAsync(id, partitionKey, change, ct => container.ReadVersionedAsync<T>(id, partitionKey, ct), written: null, cancellationToken);

    /// <summary>The same, with the read conditional on what <paramref name="recent"/> holds, which then holds what was written.</summary>
    public static Task<T?> UpdateAsync<T>(this Container container, string id, string partitionKey, RecentReads<T> recent, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class =>
        container.UpdateAsync(id, new PartitionKey(partitionKey), change, ct => container.ReadVersionedAsync(id, partitionKey, recent, ct),
            written: version => recent.Remember(id, partitionKey, version), cancellationToken);

    private static async Task<T?> UpdateAsync<T>(this Container container, string id, PartitionKey partitionKey, Func<T, T?> change,
        Func<CancellationToken, Task<Versioned<T>?>> read, Action<Versioned<T>>? written, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var current = await read(cancellationToken);
            if (current is null)
            {
                return null;
            }

            if (change(current.Value) is not { } changed)
            {
                return current.Value;
            }

            try
            {
                var response = await container.ReplaceItemAsync(changed, id, partitionKey,
                    new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
                written?.Invoke(new Versioned<T>(changed, response.ETag));
                return changed;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // Changed elsewhere since the read: the next read (conditional or not) returns the new version.
            }
        }
    }
}
