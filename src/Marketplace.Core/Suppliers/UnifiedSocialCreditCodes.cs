namespace Marketplace.Core.Suppliers;

/// <summary>统一社会信用代码 (GB 32100-2015): 17 characters and a check character, from 31 symbols (no I, O, S, V, Z).</summary>
public static class UnifiedSocialCreditCodes
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code)
    {
        if (code is null)
        {
            return false;
        }

        code = code.Trim().ToUpperInvariant();
        if (code.Length != Length || code.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        return CheckCharacter(code[..17]) == code[17];
    }

    /// <summary>The 18th character for the first 17.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
