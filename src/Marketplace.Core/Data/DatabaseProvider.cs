namespace Marketplace.Core.Data;

public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file in the data folder.</summary>
    Sqlite,

    /// <summary>Scale-out: PostgreSQL shared by every web host and worker.</summary>
    PostgreSql,
}
