using System.Text.Json.Serialization;

namespace Marketplace.Core.Catalog;

/// <summary>商品类目: the categories the storefront filters by and the statistics total by. Stored by name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductCategory>))]
public enum ProductCategory
{
    /// <summary>肉禽蛋 (文山牛肉…)</summary>
    Meat,

    /// <summary>新鲜水果 (高原梨…)</summary>
    Fruit,

    /// <summary>蔬菜菌菇</summary>
    Vegetables,

    /// <summary>粮油米面</summary>
    GrainAndOil,

    /// <summary>茶叶饮品</summary>
    TeaAndDrinks,

    /// <summary>干果坚果 (和田红枣、阿克苏核桃…)</summary>
    DriedFruitAndNuts,

    /// <summary>特产零食 (牛肉干、三七…)</summary>
    SpecialtyFoods,

    /// <summary>工装服饰</summary>
    Uniforms,

    /// <summary>手工艺品</summary>
    Crafts,

    /// <summary>其他</summary>
    Other,
}
