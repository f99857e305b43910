namespace Marketplace.Core.Assistance;

/// <summary>A year's net amount and quantity for one value of a dimension.</summary>
public sealed record DimensionTotal(string Value, long AmountFen, long Quantity);

public sealed record MonthTotal(int Month, long AmountFen, long Quantity);

/// <summary>
/// A unit's year: <see cref="DirectFen"/> bought as the unit itself, <see cref="SubtreeFen"/> with every unit below it
/// at the moment of each purchase. <see cref="ParentId"/> and <see cref="Depth"/> describe today's tree.
/// </summary>
public sealed record UnitTotal(Guid UnitId, string Name, Guid? ParentId, int Depth, long DirectFen, long DirectQuantity, long SubtreeFen, long SubtreeQuantity);

public sealed record LeaderboardRow(int Rank, Guid UnitId, string Name, long SubtreeFen, long SubtreeQuantity);

/// <summary>Linked people of the suppliers counted, each supplier once (DOMAIN.md rule 8).</summary>
public sealed record Beneficiaries(int Suppliers, int SuppliersWithoutLinkage, long Households, long People, long PovertyAlleviatedPeople, long DisabledPeople)
{
    public static readonly Beneficiaries None = new(0, 0, 0, 0, 0, 0);
}

public sealed record CountyBeneficiaries(string CountyCode, string CountyName, Beneficiaries Beneficiaries);

public sealed record BeneficiaryReport(int Year, IReadOnlyList<CountyBeneficiaries> Counties, Beneficiaries Group);
