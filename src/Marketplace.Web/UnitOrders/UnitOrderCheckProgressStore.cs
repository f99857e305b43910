using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.UnitOrders;

/// <summary>How far a sheet's check has got: <see cref="Checked"/> of <see cref="Total"/> lines, and whether the answer is made.</summary>
public sealed record UnitOrderCheckProgressView(int Checked, int Total, bool Done);

/// <summary>
/// Writes a check's progress to its <see cref="UnitOrderCheckProgress"/> row as the lines are checked (about
/// <see cref="Steps"/> writes however long the sheet), and reads it for the page that polls. The check itself still runs
/// in the upload's own request, all or nothing; the row only tells another request, on any web host, how far it is.
/// </summary>
public sealed class UnitOrderCheckProgressStore(MarketplaceDbContext db, TimeProvider clock)
{
    public const int Steps = 20;

    /// <summary>Starts reporting a check of <paramref name="total"/> lines; without a token (the API called alone) nothing is written.</summary>
    public async Task<CheckProgress> StartAsync(Guid? token, Guid userId, int total, CancellationToken cancellationToken)
    {
        if (token is not { } id)
        {
            return CheckProgress.None;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - UnitOrderCheckProgress.KeptFor;
        await db.UnitOrderCheckProgress.Where(p => p.UpdatedAt < stale || (p.Id == id && p.UserId == userId)).ExecuteDeleteAsync(cancellationToken);
        var row = new UnitOrderCheckProgress(id, userId, total, now);
        db.UnitOrderCheckProgress.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another purchaser's token: their bar is theirs; this check runs without one.
            return CheckProgress.None;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }

        return new CheckProgress(this, id, total);
    }

    public async Task<UnitOrderCheckProgressView?> FindAsync(Guid token, Guid userId, CancellationToken cancellationToken) =>
        await db.UnitOrderCheckProgress.AsNoTracking().Where(p => p.Id == token && p.UserId == userId)
            .Select(p => new UnitOrderCheckProgressView(p.Checked, p.Total, p.Done)).SingleOrDefaultAsync(cancellationToken);

    internal Task WriteAsync(Guid token, int checkedLines, bool done, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UnitOrderCheckProgress.Where(p => p.Id == token)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Checked, checkedLines).SetProperty(p => p.Done, done).SetProperty(p => p.UpdatedAt, now), cancellationToken);
    }
}

/// <summary>One check's reporter: <see cref="LineAsync"/> after each line, <see cref="DoneAsync"/> once the answer is made.</summary>
public sealed class CheckProgress
{
    public static readonly CheckProgress None = new(null, Guid.Empty, 0);

    private readonly UnitOrderCheckProgressStore? _store;
    private readonly Guid _token;
    private readonly int _step;
    private int _written;

    internal CheckProgress(UnitOrderCheckProgressStore? store, Guid token, int total)
    {
        _store = store;
        _token = token;
        _step = Math.Max(1, total / UnitOrderCheckProgressStore.Steps);
    }

    /// <summary><paramref name="checkedLines"/> lines are checked; written every step, so a long sheet costs a few updates.</summary>
    public Task LineAsync(int checkedLines, CancellationToken cancellationToken)
    {
        if (_store is null || checkedLines - _written < _step)
        {
            return Task.CompletedTask;
        }

        _written = checkedLines;
        return _store.WriteAsync(_token, checkedLines, false, cancellationToken);
    }

    public Task DoneAsync(int total, CancellationToken cancellationToken) =>
        _store is null ? Task.CompletedTask : _store.WriteAsync(_token, total, true, cancellationToken);
}
