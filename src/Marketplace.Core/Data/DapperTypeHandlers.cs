using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Marketplace.Core.Data;

/// <summary>
/// Makes Dapper read and write Guid, DateTime and DateOnly the way EF Core stores them on each provider. On SQLite EF Core
/// stores them as TEXT (upper-case Guids, "yyyy-MM-dd HH:mm:ss.FFFFFFF" UTC times, "yyyy-MM-dd" dates), which
/// compare in the right order as text; a parameter must be that text to match or compare. PostgreSQL has native
/// uuid, timestamptz and date, so values pass through unchanged.
/// </summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>The text EF Core's SQLite provider stores a UTC time as.</summary>
    public static string SqliteText(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>A parameter's value as the handlers below store it, for commands that bind without Dapper (<see cref="ReadSession"/>).</summary>
    public static object? Stored(IDbDataParameter parameter, object? value) => value switch
    {
        Guid guid => StoredGuid(parameter, guid),
        DateTime time => StoredTime(parameter, time),
        DateOnly date => StoredDate(parameter, date),
        _ => value,
    };

    private static object StoredGuid(IDbDataParameter parameter, Guid value) =>
        parameter is SqliteParameter ? value.ToString().ToUpperInvariant() : value;

    private static object StoredTime(IDbDataParameter parameter, DateTime value) =>
        parameter is SqliteParameter ? SqliteText(Utc(value)) : Utc(value);

    private static object StoredDate(IDbDataParameter parameter, DateOnly value) =>
        parameter is SqliteParameter ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override Guid Parse(object value) => value is Guid guid ? guid : Guid.Parse((string)value, CultureInfo.InvariantCulture);

        public override void SetValue(IDbDataParameter parameter, Guid value) => parameter.Value = StoredGuid(parameter, value);
    }

    private sealed class DateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override DateTime Parse(object value) => DateTime.SpecifyKind(
            value is DateTime time ? time : DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.None),
            DateTimeKind.Utc);

        public override void SetValue(IDbDataParameter parameter, DateTime value) => parameter.Value = StoredTime(parameter, value);
    }

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            _ => DateOnly.Parse((string)value, CultureInfo.InvariantCulture),
        };

        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = StoredDate(parameter, value);
    }
}
