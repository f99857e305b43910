namespace Marketplace.Core.Audit;

/// <summary>The action codes of the audit log. Published codes never change: reports and clients switch on them.</summary>
public static class AuditActions
{
    public const string SignInFailed = "sign-in.failed";
    public const string MembershipInvited = "membership.invited";
    public const string InvitationAccepted = "invitation.accepted";
    public const string RosterImported = "roster.imported";
    public const string RoleGranted = "role.granted";
    public const string SupplierApplied = "supplier.applied";
    public const string SupplierApproved = "supplier.approved";
    public const string SupplierRejected = "supplier.rejected";
    public const string SupplierSuspended = "supplier.suspended";
    public const string SupplierReinstated = "supplier.reinstated";
    public const string BenefitLinkageDeclared = "benefit-linkage.declared";
    public const string EvidenceUploaded = "evidence.uploaded";
    public const string CountyAdded = "county.added";
    public const string CountyAssigned = "county.assigned";
    public const string CountyAssignmentEnded = "county.assignment-ended";
    public const string ListingApproved = "listing.approved";
    public const string ListingRejected = "listing.rejected";
    public const string SupplierAutoApproveListingsSet = "supplier.auto-approve-listings-set";
    public const string TransferRecorded = "payment.transfer-recorded";
    public const string TransferConfirmed = "payment.transfer-confirmed";
    public const string TransferRefundPaidBack = "payment.transfer-refund-paid-back";
    public const string WelfareProgrammeCreated = "welfare-programme.created";
    public const string WelfareGranted = "welfare.granted";
    public const string UnitTargetSet = "unit-target.set";
    public const string CampaignCreated = "campaign.created";
    public const string ApprovalRulesSet = "approval-rules.set";
    public const string OrderApproved = "order.approved";
    public const string OrderApprovalRejected = "order.approval-rejected";
    public const string OrderApprovalChanged = "order.approval-changed";
    public const string WelfareCampaignPublished = "welfare-campaign.published";
    public const string WelfareCampaignClosed = "welfare-campaign.closed";
    public const string WelfareCampaignReminded = "welfare-campaign.reminded";
    public const string AgreementCreated = "agreement.created";
    public const string AgreementCapacityConfirmed = "agreement.capacity-confirmed";
    public const string AgreementCalledOff = "agreement.called-off";
}

/// <summary>What an audit entry is about.</summary>
public static class AuditSubjects
{
    public const string User = "user";
    public const string Invitation = "invitation";
    public const string Organization = "organization";
    public const string Membership = "membership";
    public const string County = "county";
    public const string EvidenceFile = "evidence-file";
    public const string Listing = "listing";
    public const string Payment = "payment";
    public const string WelfareProgramme = "welfare-programme";
    public const string Campaign = "campaign";
    public const string Order = "order";
    public const string WelfareCampaign = "welfare-campaign";
    public const string Agreement = "agreement";
}
