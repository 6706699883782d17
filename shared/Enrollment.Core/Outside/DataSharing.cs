namespace Enrollment.Core.Outside;

/// <summary>
/// A fact another department holds and can confirm (数据共享 / 信息比对), so the parent need not
/// upload a proof of it (零证明).
/// </summary>
public enum FactKind
{
    /// <summary>公安: 户籍 / 常住人口登记.</summary>
    HouseholdRegistration,

    /// <summary>自然资源: 不动产登记.</summary>
    PropertyRegistration,

    /// <summary>住建: 商品房网签合同.</summary>
    SaleContract,

    /// <summary>住建: 房屋租赁登记备案.</summary>
    RentalFiling,

    /// <summary>公安: 居住证.</summary>
    ResidencePermit,

    /// <summary>人社: 社会保险参保.</summary>
    SocialInsurance,

    /// <summary>市场监管: 个体工商户营业执照.</summary>
    BusinessLicence,

    /// <summary>市场监管: 企业法人登记 (the parent is an enterprise's legal representative).</summary>
    EnterpriseRegistration,
}

/// <summary>
/// What the parent claims: this person (name and resident ID number) has this fact, at this address
/// where the fact has one (household, property, contract, rental, residence permit, business).
/// </summary>
public sealed record FactClaim(FactKind Kind, string Name, string IdNumber, string? Address)
{
    // A claim that reaches a log by accident must not carry the person with it.
    public override string ToString() => $"FactClaim {{ Kind = {Kind} }}";
}

/// <summary>The department's answer to one <see cref="FactClaim"/>; never an exception for a source that is down.</summary>
public abstract record FactCheck
{
    private FactCheck()
    {
    }

    /// <summary>The department confirms the fact; <paramref name="Reference"/> is its record number, when it gives one, for the reviewer.</summary>
    public sealed record Matched(string? Reference) : FactCheck;

    /// <summary>The department holds no such fact for this person (or not at this address).</summary>
    public sealed record NotMatched : FactCheck;

    /// <summary>No answer could be had: the parent uploads a document instead.</summary>
    public sealed record Unavailable(Unavailability Reason) : FactCheck;
}

/// <summary>Checks one claimed fact with the department that holds it.</summary>
public interface IDataSharing
{
    Task<FactCheck> CheckAsync(FactClaim claim, CancellationToken cancellationToken);
}
