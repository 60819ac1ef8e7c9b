using System.Runtime.CompilerServices;

namespace Sure.Audio.Tests.Decoding;

/// <summary>Locates the committed fixtures (tests/Sure.Audio.Tests/Decoding/fixtures) from the source tree.</summary>
public static class Fixtures
{
    /// <summary>The path of fixture <paramref name="name"/>.</summary>
    public static string Path(string name)
    {
        var here = Folder();
        var direct = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(here) ?? "", "fixtures", name);
        if (File.Exists(direct)) return direct;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "tests", "Sure.Audio.Tests", "Decoding", "fixtures", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"fixture {name} not found beside {here} or above {AppContext.BaseDirectory}");
    }

    private static string Folder([CallerFilePath] string file = "") => file;
}
