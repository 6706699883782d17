namespace Enrollment.Core.Staff;

public interface IStaffStore
{
    Task<StaffAccount?> GetAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>Stores the account unless one with its id exists; false when it did.</summary>
    Task<bool> TryCreateAsync(StaffAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the account, applies <paramref name="change"/> and writes it back under the ETag, re-reading when
    /// someone else changed it meanwhile; null from <paramref name="change"/> leaves it. Null when there is none.
    /// </summary>
    Task<StaffAccount?> UpdateAsync(string staffId, Func<StaffAccount, StaffAccount?> change, CancellationToken cancellationToken);

    /// <summary>The county's accounts, by id (a few dozen: one query across the small staff container).</summary>
    Task<IReadOnlyList<StaffAccount>> ListAsync(string countyId, CancellationToken cancellationToken);

    /// <summary>Records, create-only, that this reminder went to this member of staff; false when it already had.</summary>
    Task<bool> TryMarkRemindedAsync(string staffId, string reminder, CancellationToken cancellationToken);

    /// <summary>Takes the mark back when the text could not be sent, so the next run tries again.</summary>
    Task UnmarkRemindedAsync(string staffId, string reminder, CancellationToken cancellationToken);
}

/// <summary>Password hashing, done by the platform's vetted hasher (PBKDF2 with per-hash salt and versioning).</summary>
public interface IPasswordHashing
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}

public enum PasswordCheck
{
    Failed,
    Succeeded,
    SucceededRehashNeeded,
}
