using System.Text;
using Marketplace.Core.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Web.Operators;

/// <summary>
/// <c>dotnet run --project src/Marketplace.Web -- create-operator --email a@b.c</c>: creates an operator and exits
/// without serving. The password comes from <c>MARKETPLACE_OPERATOR_PASSWORD</c> or standard input.
/// </summary>
public static class CreateOperatorCommand
{
    public const string Verb = "create-operator";
    public const string PasswordVariable = "MARKETPLACE_OPERATOR_PASSWORD";

    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Runs the verb on a built (not started) host: migrates, reads the password, creates the operator.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var email = EmailArgument(args);
        if (email is null)
        {
            await output.WriteLineAsync($"Usage: {Verb} --email <address>   (password from ${PasswordVariable} or standard input)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? ReadPassword(output);
        return await CreateAsync(services, email, password ?? "", output);
    }

    /// <summary>The verb's work once email and password are known; exit code 0 when the operator was created.</summary>
    public static async Task<int> CreateAsync(IServiceProvider services, string email, string password, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await ActivatorUtilities.CreateInstance<DatabaseMigrator>(scope.ServiceProvider)
                .MigrateAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>(), CancellationToken.None);
        }

        var result = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().CreateAsync(email, password);
        if (!result.Succeeded)
        {
            await output.WriteLineAsync($"The operator {email} was not created: {string.Join(" ", result.Errors)}");
            return 1;
        }

        await output.WriteLineAsync($"Created operator {result.User!.Email} ({result.User.Id}).");
        return 0;
    }

    private static string? EmailArgument(string[] args)
    {
        var at = Array.IndexOf(args, "--email");
        return at >= 0 && at + 1 < args.Length && args[at + 1].Contains('@', StringComparison.Ordinal) ? args[at + 1] : null;
    }

    private static string? ReadPassword(TextWriter output)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        output.Write("Password: ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return password.ToString();
    }
}
