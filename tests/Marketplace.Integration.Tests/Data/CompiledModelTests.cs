using System.Diagnostics;
using System.Text.RegularExpressions;
using Marketplace.Integration.Tests.Infrastructure;

namespace Marketplace.Integration.Tests.Data;

/// <summary>
/// The PostgreSQL hosts run on the model compiled ahead into Marketplace.Core (Data/CompiledModels/PostgreSql). A
/// stale one would send SQL for yesterday's schema, so the suite regenerates it from the built assemblies exactly as
/// the README says and fails when any file differs: whoever changes the model regenerates it in the same commit.
/// </summary>
public sealed partial class CompiledModelTests
{
    private const string Namespace = "Marketplace.Core.Data.CompiledModels.PostgreSql";

    [Test]
    public async Task The_compiled_PostgreSQL_model_is_what_the_current_model_compiles_to()
    {
        var committed = Path.Combine(Repository.Root, "src", "Marketplace.Core", "Data", "CompiledModels", "PostgreSql");
        var regenerated = Directory.CreateTempSubdirectory("compiled-model-");
        try
        {
            await RunAsync("dotnet", "tool", "restore");
            await RunAsync("dotnet", "ef", "dbcontext", "optimize", "--no-build", "--configuration", Repository.Configuration,
                "--project", "src/Marketplace.Core", "--startup-project", "src/Marketplace.Migrations.PostgreSql", "--context", "MarketplaceDbContext",
                "--output-dir", regenerated.FullName, "--namespace", Namespace);

            // The tool also writes an assembly attribute that would make EF Core take this model for SQLite too; the
            // provider registration names the model instead, so that file is not kept.
            var expected = Files(regenerated.FullName).Where(f => !f.Key.EndsWith("AssemblyAttributes.cs", StringComparison.Ordinal)).ToDictionary();
            var actual = Files(committed);
            Assert.Multiple(() =>
            {
                Assert.That(actual.Keys.Order(), Is.EqualTo(expected.Keys.Order()), "the compiled model's files: regenerate it (README, Development)");
                foreach (var (name, code) in expected)
                {
                    Assert.That(actual.GetValueOrDefault(name), Is.EqualTo(code), $"{name} is stale: regenerate the compiled model (README, Development)");
                }
            });
        }
        finally
        {
            regenerated.Delete(recursive: true);
        }
    }

    /// <summary>Each file's code, but for the model id, a new GUID on every run of the tool.</summary>
    private static Dictionary<string, string> Files(string folder) =>
        Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), f => ModelId().Replace(File.ReadAllText(f).ReplaceLineEndings("\n"), "modelId: new Guid()"));

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]{36}"\)""")]
    private static partial Regex ModelId();

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}:\n{await output}\n{await errors}");
    }
}
