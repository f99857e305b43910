using Microsoft.Extensions.Options;

namespace Marketplace.Web.Operators;

/// <summary>
/// Configuration section <c>Bootstrap</c>: the first operator, from environment variables or user secrets
/// (<c>Bootstrap__OperatorEmail</c>, <c>Bootstrap__OperatorPassword</c>). Never put a password in a file of the repository.
/// </summary>
public sealed class OperatorBootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? OperatorEmail { get; set; }

    public string? OperatorPassword { get; set; }
}

/// <summary>On start, creates the configured operator if both settings are present and no operator exists yet.</summary>
public sealed partial class OperatorBootstrap(
    IServiceScopeFactory scopes, IOptions<OperatorBootstrapOptions> options, ILogger<OperatorBootstrap> logger) : IHostedService
{
    /// <summary>A database that cannot be reached must not stop the host from starting (readiness reports it): log and go on.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Returns true when it created an operator.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        var (email, password) = (options.Value.OperatorEmail, options.Value.OperatorPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<OperatorAccounts>();
        if (await operators.AnyOperatorAsync(cancellationToken))
        {
            return false;
        }

        var result = await operators.CreateAsync(email, password, cancellationToken);
        if (result.Succeeded)
        {
            LogCreated(email);
        }
        else
        {
            // Another host starting at the same moment may have created it: the unique email refuses the second.
            LogFailed(email, string.Join(" ", result.Errors));
        }

        return result.Succeeded;
    }

    [LoggerMessage(LogLevel.Error, "Could not check for the first operator; it is created on a later start.")]
    private partial void LogUnavailable(Exception exception);

    [LoggerMessage(LogLevel.Information, "Created the first operator {Email} from configuration.")]
    private partial void LogCreated(string email);

    [LoggerMessage(LogLevel.Error, "Could not create the first operator {Email} from configuration: {Errors}")]
    private partial void LogFailed(string email, string errors);
}
