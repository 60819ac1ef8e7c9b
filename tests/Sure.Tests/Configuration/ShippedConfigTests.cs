using Sure.Configuration;

namespace Sure.Tests.Configuration;

/// <summary>The configuration files shipped in configs/ (tuned settings documented in docs/results.md) load and validate.</summary>
public class ShippedConfigTests
{
    private static string ConfigsDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Sure.sln"))) return Path.Combine(d.FullName, "configs");
        throw new InvalidOperationException("repository root (Sure.sln) not found above the test binaries.");
    }

    [Fact]
    public void EveryShippedConfigurationLoadsAndValidates()
    {
        var files = Directory.GetFiles(ConfigsDir(), "*.json");
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var config = ConfigLayers.Compose(ConfigLayers.FileLayer(f));
            Assert.Equal("t", config.Modalities);
        }
    }
}
