using SQLitePCL;

namespace Marketplace.Core.Data;

/// <summary>
/// SQLite's process-wide settings, applied before its first connection. SQLite counts every allocation under one global
/// mutex for <c>sqlite3_memory_used</c> (memory status), which nothing here reads; under the storefront load that lock
/// and its contention were a visible part of the web host's time: a storefront page took 0.61 ms of CPU with it and
/// 0.46 ms without (B1e in the benchmark program, which applies the same setting to its raw endpoints).
/// </summary>
public static class SqliteProcessSettings
{
    private static readonly Lazy<bool> _applied = new(() =>
    {
        Batteries_V2.Init();
        // SQLITE_MISUSE when SQLite already started in this process: the setting then stays as it was, which changes no
        // result, only the cost of allocating.
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    });

    /// <summary>Applies the settings once per process; false when SQLite had started before, so they could not apply.</summary>
    public static bool Apply() => _applied.Value;
}
