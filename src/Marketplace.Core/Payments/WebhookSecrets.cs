using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Marketplace.Core.Payments;

/// <summary>
/// The secret webhook signatures are checked against: Stripe's endpoint secret from configuration, or — without Stripe
/// keys — one generated at start in this process, with which the test-payment page signs its events.
/// </summary>
public sealed class WebhookSecrets(IOptions<PaymentsOptions> options)
{
    private readonly string _local = "whsec_local_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public bool IsLocal => !options.Value.Stripe.IsConfigured;

    public string Current => IsLocal ? _local : options.Value.Stripe.WebhookSecret!;
}
