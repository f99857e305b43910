using System.Security.Cryptography;
using System.Text;
using Marketplace.Core.Accounts;
using Marketplace.Core.Organizations;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Invitations;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
}

/// <summary>
/// A unit admin's invitation of an employee (职工) into their member unit, by email or (from a roster) by phone.
/// Only the SHA-256 of the token is stored: a leaked table activates nobody. Used once.
/// </summary>
public sealed class Invitation
{
    public const int NameMaxLength = 100;
    public const int EmployeeNumberMaxLength = 64;
    public const int EmailMaxLength = 256;
    public const int PhoneMaxLength = 32;
    public const int DepartmentMaxLength = 100;
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private Invitation()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = "";

    public string? EmployeeNumber { get; private set; }

    public string? Email { get; private set; }

    /// <summary>Upper-case invariant, as Identity normalizes, for finding duplicates.</summary>
    public string? NormalizedEmail { get; private set; }

    public string? Phone { get; private set; }

    public string? Department { get; private set; }

    public string TokenHash { get; private set; } = "";

    public InvitationStatus Status { get; private set; }

    public Guid InvitedByUserId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public Guid? AcceptedUserId { get; private set; }

    public DateTime? AcceptedAt { get; private set; }

    public bool IsOpen(DateTime now) => Status == InvitationStatus.Pending && now < ExpiresAt;

    /// <summary>A new invitation and the token to send; the token is never stored.</summary>
    public static (Invitation Invitation, string Token) Create(
        Organization unit, string name, string? employeeNumber, string? email, string? phone, string? department, Guid invitedBy, DateTime now)
    {
        if (unit.Kind != OrganizationKind.MemberUnit)
        {
            throw new OrganizationRuleException($"Employees are invited into member units; '{unit.Name}' is a {unit.Kind}.");
        }

        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(phone))
        {
            throw new OrganizationRuleException("An invitation needs an email address or a phone number.");
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = unit.Id,
            Name = name.Trim(),
            EmployeeNumber = Blank(employeeNumber),
            Email = Blank(email),
            NormalizedEmail = Blank(email)?.ToUpperInvariant(),
            Phone = Blank(phone),
            Department = Blank(department),
            TokenHash = Hash(token),
            Status = InvitationStatus.Pending,
            InvitedByUserId = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (invitation, token);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public void Accept(Guid userId, DateTime now)
    {
        if (!IsOpen(now))
        {
            throw new OrganizationRuleException("The invitation has been used, revoked or has expired.");
        }

        Status = InvitationStatus.Accepted;
        AcceptedUserId = userId;
        AcceptedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Name).HasMaxLength(Invitation.NameMaxLength);
        builder.Property(i => i.EmployeeNumber).HasMaxLength(Invitation.EmployeeNumberMaxLength);
        builder.Property(i => i.Email).HasMaxLength(Invitation.EmailMaxLength);
        builder.Property(i => i.NormalizedEmail).HasMaxLength(Invitation.EmailMaxLength);
        builder.Property(i => i.Phone).HasMaxLength(Invitation.PhoneMaxLength);
        builder.Property(i => i.Department).HasMaxLength(Invitation.DepartmentMaxLength);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.Status });
        builder.HasIndex(i => i.NormalizedEmail);
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MarketplaceUser>().WithMany().HasForeignKey(i => i.AcceptedUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
