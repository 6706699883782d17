using Enrollment.Core.Applications;
using Microsoft.Extensions.Caching.Memory;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// The applications this process read most recently, so that reading one again is a conditional read: a
/// status refreshed again and again costs Cosmos DB a 304 without the document and this process no parsing,
/// while any change made anywhere is read in full. A copy is never served without the service confirming
/// it is current. Bounded in number; an application dropped from here only makes its next read a whole one.
/// </summary>
public sealed class ApplicationReadCache : IDisposable
{
    /// <summary>About 7.5 KB each in memory, so at most about 40 MB.</summary>
    public const int Capacity = 5_000;

    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public Versioned<Application>? Get(string applicationId, string schoolId) =>
        _cache.Get<Versioned<Application>>(Key(applicationId, schoolId));

    /// <summary>Keeps what a read returned; a read that found nothing forgets the application.</summary>
    public void Remember(string applicationId, string schoolId, Versioned<Application>? read)
    {
        if (read is null)
        {
            _cache.Remove(Key(applicationId, schoolId));
        }
        else
        {
            _cache.Set(Key(applicationId, schoolId), read, OneEntry);
        }
    }

    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();

    // An application's number is unique within its school's partition.
    private static (string, string) Key(string applicationId, string schoolId) => (schoolId, applicationId);
}
