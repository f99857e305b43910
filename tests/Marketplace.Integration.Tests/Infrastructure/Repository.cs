namespace Marketplace.Integration.Tests.Infrastructure;

/// <summary>Where the built programs are: the suite starts them as separate processes.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever this test assembly was built as.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Program(string project, string folder = "src")
    {
        var path = Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built; build Marketplace.sln first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Marketplace.sln not found above the test assembly.");
    }
}
