using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.AssistedAreas;

/// <summary>地区: where an assisted county lies, as the statistics group them. Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssistedRegion>))]
public enum AssistedRegion
{
    /// <summary>云南定点帮扶县</summary>
    YunnanDesignated,

    /// <summary>新疆</summary>
    Xinjiang,

    /// <summary>西藏</summary>
    Tibet,

    /// <summary>其他帮扶县</summary>
    Other,
}

/// <summary>The kind of assistance a county receives. Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssistanceType>))]
public enum AssistanceType
{
    /// <summary>定点帮扶</summary>
    Designated,

    /// <summary>东西部协作</summary>
    EastWestCooperation,

    /// <summary>对口支援 (Xinjiang, Tibet)</summary>
    PairedSupport,

    /// <summary>其他 832 个脱贫县</summary>
    Other832,
}

/// <summary>
/// An assisted county (县), keyed by its 6-digit administrative code (GB/T 2260). Reference data: the product ships
/// with the counties in <see cref="CountySeed"/>; operators add more.
/// </summary>
public sealed class County
{
    public const int CodeLength = 6;
    public const int NameMaxLength = 64;

    private County()
    {
    }

    public County(string code, string name, string prefecture, string province, AssistedRegion region, AssistanceType assistanceType)
    {
        if (!IsWellFormedCode(code))
        {
            throw new ArgumentException($"'{code}' is not a 6-digit administrative code.", nameof(code));
        }

        Code = code;
        Name = Required(name, nameof(name));
        Prefecture = Required(prefecture, nameof(prefecture));
        Province = Required(province, nameof(province));
        Region = region;
        AssistanceType = assistanceType;
    }

    /// <summary>The 6-digit administrative code, e.g. 532622 for 砚山县.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The prefecture-level division (州, 地区, 市).</summary>
    public string Prefecture { get; private set; } = "";

    public string Province { get; private set; } = "";

    public AssistedRegion Region { get; private set; }

    public AssistanceType AssistanceType { get; private set; }

    public static bool IsWellFormedCode(string? code) =>
        code is { Length: CodeLength } && code.All(char.IsAsciiDigit) && code[0] != '0';

    private static string Required(string value, string name)
    {
        var trimmed = value.Trim();
        return trimmed.Length is 0 or > NameMaxLength
            ? throw new ArgumentException($"{name} must have 1 to {NameMaxLength} characters.", name)
            : trimmed;
    }
}

/// <summary>The counties that ship with the product: the two designated counties and the Xinjiang and Tibet counties of the demo suppliers.</summary>
public static class CountySeed
{
    public const string Yanshan = "532622";
    public const string Luxi = "532527";

    public static readonly IReadOnlyList<County> All =
    [
        new(Yanshan, "砚山县", "文山壮族苗族自治州", "云南省", AssistedRegion.YunnanDesignated, AssistanceType.Designated),
        new(Luxi, "泸西县", "红河哈尼族彝族自治州", "云南省", AssistedRegion.YunnanDesignated, AssistanceType.Designated),
        new("653221", "和田县", "和田地区", "新疆维吾尔自治区", AssistedRegion.Xinjiang, AssistanceType.PairedSupport),
        new("652901", "阿克苏市", "阿克苏地区", "新疆维吾尔自治区", AssistedRegion.Xinjiang, AssistanceType.PairedSupport),
        new("653121", "疏附县", "喀什地区", "新疆维吾尔自治区", AssistedRegion.Xinjiang, AssistanceType.PairedSupport),
        new("540402", "巴宜区", "林芝市", "西藏自治区", AssistedRegion.Tibet, AssistanceType.PairedSupport),
        new("540202", "桑珠孜区", "日喀则市", "西藏自治区", AssistedRegion.Tibet, AssistanceType.PairedSupport),
        new("540102", "城关区", "拉萨市", "西藏自治区", AssistedRegion.Tibet, AssistanceType.PairedSupport),
    ];
}

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> builder)
    {
        builder.ToTable("counties");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(County.CodeLength).IsFixedLength().ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(County.NameMaxLength);
        builder.Property(c => c.Prefecture).HasMaxLength(County.NameMaxLength);
        builder.Property(c => c.Province).HasMaxLength(County.NameMaxLength);
        builder.Property(c => c.Region).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.AssistanceType).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(c => c.Region);
        builder.HasData(CountySeed.All);
    }
}
