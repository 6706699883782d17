using Enrollment.Core.Applications;
using Microsoft.Extensions.Caching.Memory;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// The documents of one kind this process read or wrote most recently, with their versions, so that reading
/// one again is a conditional read: unchanged, it costs Cosmos DB a 304 without the document and this process
/// no parsing (a status refreshed again and again, the county read by every submit); changed anywhere, it is
/// read in full. A copy is never used without the service confirming it is current. Bounded in number; a
/// document dropped from here only makes its next read a whole one.
/// </summary>
public sealed class RecentReads<T>(int capacity) : IDisposable
    where T : class
{
    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacity });

    public Versioned<T>? Get(string id, string partitionKey) => _cache.Get<Versioned<T>>((partitionKey, id));

    /// <summary>Keeps a version read or written; a read that found nothing forgets the document.</summary>
    public void Remember(string id, string partitionKey, Versioned<T>? version)
    {
        if (version is null)
        {
            _cache.Remove((partitionKey, id));
        }
        else
        {
            _cache.Set((partitionKey, id), version, OneEntry);
        }
    }

    public void Dispose() => _cache.Dispose();
}
