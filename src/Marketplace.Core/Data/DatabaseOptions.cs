namespace Marketplace.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite the default is a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the embedded database and other local files; relative paths are from the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply migrations when a host starts. EF Core takes a database lock, so several hosts may start at once.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public string ResolveConnectionString(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is PostgreSql.");
        }

        var folder = Path.GetFullPath(DataDirectory, contentRoot);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "marketplace.db")};Foreign Keys=True";
    }
}
