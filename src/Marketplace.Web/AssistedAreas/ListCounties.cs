using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Data;
using Marketplace.Core.Suppliers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.AssistedAreas;

public sealed record CountyAssignmentResponse(Guid Id, Guid UnitId, string? UnitName, AssistanceType AssistanceType, DateOnly ValidFrom, DateOnly? ValidTo, bool Current);

public sealed record CountyResponse(
    string Code, string Name, string Prefecture, string Province, AssistedRegion Region, AssistanceType AssistanceType,
    IReadOnlyList<CountyAssignmentResponse> Assignments);

/// <summary>Every county with the units that assist it (current and past), by code.</summary>
public sealed class ListCounties(MarketplaceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<CountyResponse>> HandleAsync(CancellationToken cancellationToken = default)
    {
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.Code).ToListAsync(cancellationToken);
        var assignments = await (
            from a in db.UnitCountyAssignments
            join o in db.Organizations on a.UnitId equals o.Id
            select new { Assignment = a, o.Name })
            .AsNoTracking().ToListAsync(cancellationToken);
        var today = ChinaCalendar.Today(clock);
        var byCounty = assignments.ToLookup(a => a.Assignment.CountyCode);
        return [.. counties.Select(c => Response(c, [.. byCounty[c.Code]
            .OrderBy(a => a.Assignment.ValidFrom)
            .Select(a => AssignmentResponse(a.Assignment, a.Name, today))]))];
    }

    public static CountyResponse Response(County c, IReadOnlyList<CountyAssignmentResponse> assignments) =>
        new(c.Code, c.Name, c.Prefecture, c.Province, c.Region, c.AssistanceType, assignments);

    public static CountyAssignmentResponse AssignmentResponse(UnitCountyAssignment a, string? unitName, DateOnly today) =>
        new(a.Id, a.UnitId, unitName, a.AssistanceType, a.ValidFrom, a.ValidTo, a.CoversDate(today));
}
