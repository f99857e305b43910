using FluentValidation;
using Marketplace.Core.Approvals;
using Marketplace.Core.Organizations;
using Marketplace.Web.Approvals;
using Marketplace.Web.Audit;
using Marketplace.Web.Authorization;
using Marketplace.Web.Localization;
using Marketplace.Web.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Marketplace.Web.Pages.Unit;

/// <summary>The unit admin sets their unit's approval levels: a threshold in yuan and the approving role per level; empty rows are dropped.</summary>
[Authorize(Policy = UnitAdminOfRouteUnitRequirement.Policy)]
public sealed class ApprovalRulesModel(UnitApprovalRules rules, IValidator<SetApprovalRulesRequest> validator, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public List<LevelRow> Levels { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Levels = [.. (await rules.ListAsync(UnitId, cancellationToken)).Select(l => new LevelRow { Threshold = Money.Plain(l.ThresholdFen), Role = l.ApproverRole })];
        Pad();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var filled = Levels.Select((row, i) => (row, i)).Where(x => !string.IsNullOrWhiteSpace(x.row.Threshold)).ToList();
        var inputs = new List<ApprovalLevelInput>();
        foreach (var (row, i) in filled)
        {
            var fen = Money.ParseYuan(row.Threshold);
            if (fen is null)
            {
                ModelState.AddModelError($"Levels[{i}].Threshold", localizer["Approval.ThresholdRange"]);
            }

            inputs.Add(new ApprovalLevelInput(fen ?? 0, row.Role));
        }

        foreach (var error in (await validator.ValidateAsync(new SetApprovalRulesRequest(inputs), cancellationToken)).Errors)
        {
            ModelState.AddModelError(string.Empty, error.ErrorMessage);
        }

        if (ModelState.IsValid)
        {
            var problem = await rules.SetAsync(UnitId, [.. inputs.Select(x => new ApprovalLevelDraft(x.ThresholdFen!.Value, x.ApproverRole!.Value))], AuditActors.Of(HttpContext), cancellationToken);
            if (problem == ApprovalRulesProblem.None)
            {
                StatusMessage = localizer["ApprovalRules.Saved"];
                return RedirectToPage();
            }

            ModelState.AddModelError(string.Empty, localizer["Approval." + problem]);
        }

        Pad();
        return Page();
    }

    private Guid UnitId => User.GetOrganizationId()!.Value;

    private void Pad()
    {
        while (Levels.Count < ApprovalLevel.MaxLevels)
        {
            Levels.Add(new LevelRow());
        }
    }

    public sealed class LevelRow
    {
        public string? Threshold { get; set; }

        public OrganizationRole? Role { get; set; } = OrganizationRole.UnitApprover;
    }
}
