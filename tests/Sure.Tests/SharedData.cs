namespace Sure.Tests;

/// <summary>Locates ../shared/data (beside the repository root) for tests that use the real data.</summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared data folder, or null when it is absent.</summary>
    public static string? Dir => Root.Value;

    public const string AbsentMessage = "../shared/data is absent: real-data test skipped.";

    public static string PathOf(string relative) =>
        System.IO.Path.Combine(Dir ?? throw new InvalidOperationException(AbsentMessage), relative);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("SURE_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Sure.sln")))
            {
                var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(d.FullName, "..", "shared", "data"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a message, when ../shared/data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Dir is null) Skip = SharedData.AbsentMessage;
    }
}

/// <summary>A theory that is skipped, with a message, when ../shared/data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (SharedData.Dir is null) Skip = SharedData.AbsentMessage;
    }
}
