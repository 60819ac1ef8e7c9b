using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sure.Tests.Packaging;

/// <summary>
/// Runs before, after or beside nothing else: these tests start <c>dotnet</c> builds (MSBuild, the C# compiler, a
/// copy of libtorch) that would slow every parallel test down on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutOfProcessBuildCollection
{
    public const string Name = "Out-of-process dotnet builds";
}

/// <summary>
/// Sure.Core as a NuGet package, used the way a consumer would (the commands of docs/native-compat.md, "Packaging"):
/// packed into a local folder feed under a version no cache has seen, referenced from a console app made by
/// <c>dotnet new console</c> in a temporary folder outside the repository, built and run with <c>dotnet run</c>. The app
/// trains and predicts with libtorch loaded, so on Debian 12 it passes only if the libstdc++ patch travelled with the
/// package (without it the app aborts with exit code 134).
/// </summary>
[Collection(OutOfProcessBuildCollection.Name)]
public class PackageConsumerTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [DotnetFact]
    public void AConsoleAppOutsideTheRepositoryBuildsAndRunsAgainstThePackedLibrary()
    {
        var repo = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("sure-package-consumer-").FullName;
        Assert.False(work.StartsWith(repo + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{work} is inside the repository {repo}");
        try
        {
            var feed = Path.Combine(work, "feed");
            var app = Path.Combine(work, "SureConsumer");
            var version = $"0.1.0-consumertest.{Guid.NewGuid():N}";
            var dotnet = new DotnetCli(work);

            // The library as built for this test run (same configuration), packed without rebuilding it; its .nuspec
            // goes to the temporary folder, not the repository's obj/.
            dotnet.Run(repo, "pack", Path.Combine(repo, "src", "Sure.Core", "Sure.Core.csproj"), "-c", Configuration, "--no-build",
                "-o", feed, $"-p:PackageVersion={version}", $"-p:NuspecOutputPath={Path.Combine(work, "nuspec")}{Path.DirectorySeparatorChar}");
            Assert.True(File.Exists(Path.Combine(feed, $"Sure.Core.{version}.nupkg")), $"no Sure.Core.{version}.nupkg in {feed}");

            // A clean packages folder, so no cached Sure.Core can stand in for this one; the user's packages folder is
            // only a read-only fallback for the dependencies (libtorch is large).
            var globalPackages = dotnet.GlobalPackagesFolder();
            dotnet.Environment["NUGET_PACKAGES"] = Path.Combine(work, "packages");

            // Nothing above the app folder may add build logic (the repository's Directory.Build.* are out of reach anyway).
            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />\n");
            dotnet.Run(work, "new", "console", "-n", "SureConsumer", "-o", app);
            WriteNugetConfig(Path.Combine(repo, "nuget.config"), Path.Combine(app, "nuget.config"), feed, globalPackages);
            dotnet.Run(app, "add", "package", "Sure.Core", "--version", version);
            File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerApp.Program);

            var log = dotnet.Run(app, "run", "-c", "Release", "--", TrainTextModel(work));

            foreach (var pattern in ConsumerApp.ExpectedOutput)
                Assert.True(Regex.IsMatch(log, pattern, RegexOptions.Multiline), $"the app's output has no line matching {pattern}:\n{log}");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>A model file of SURE over GloVe TextCNN features of a small two-class transcript corpus, trained here.</summary>
    private static string TrainTextModel(string work)
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var config = new Sure.Configuration.SureConfig
        {
            Data = data, Glove = glove, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 3, BatchSize = 4, Lr = 3e-3, Threads = 1,
            TextCnn = new Sure.Configuration.TextCnnOptions { Epochs = 3, Filters = 8, FeatureSize = 12 },
        }.Validate();
        var run = Path.Combine(work, "run");
        Sure.Runs.TrainingRun.Execute(config, Sure.Loading.DataSource.Load(config, null, Path.Combine(work, "cache")), run);
        return Path.Combine(run, Sure.Inference.ModelFile.FileName);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Sure.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Sure.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The repository's nuget.config with the local feed added to its sources and the user's packages folder
    /// as a fallback folder.</summary>
    private static void WriteNugetConfig(string repoConfig, string path, string feed, string globalPackages)
    {
        var doc = XDocument.Load(repoConfig);
        var configuration = doc.Root!;
        var sources = configuration.Element("packageSources") ?? throw new InvalidOperationException($"{repoConfig} has no packageSources");
        var clear = sources.Element("clear");
        var local = new XElement("add", new XAttribute("key", "sure-local"), new XAttribute("value", feed));
        if (clear is null) sources.AddFirst(local); else clear.AddAfterSelf(local);
        configuration.Add(new XElement("fallbackPackageFolders",
            new XElement("add", new XAttribute("key", "user-packages"), new XAttribute("value", globalPackages))));
        doc.Save(path);
    }

    private sealed class DotnetCli
    {
        private readonly string _work;

        public DotnetCli(string work)
        {
            _work = work;
            // What the test host's own MSBuild set must not steer the child builds; no build server or reused node
            // may outlive a command (and hold its output open).
            foreach (var key in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key is "DOTNET_HOST_PATH")
                    Environment[key] = null;
            Environment["MSBUILDDISABLENODEREUSE"] = "1";
            Environment["UseSharedCompilation"] = "false";
            Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            Environment["DOTNET_NOLOGO"] = "1";
            Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        }

        /// <summary>Variables set (or, when null, removed) for every command.</summary>
        public Dictionary<string, string?> Environment { get; } = [];

        /// <summary>The user's NuGet packages folder (as NuGet resolves it).</summary>
        public string GlobalPackagesFolder()
        {
            var output = Run(_work, "nuget", "locals", "global-packages", "--list");
            var m = Regex.Match(output, @"global-packages:\s*(\S.*?)\s*$", RegexOptions.Multiline);
            Assert.True(m.Success, $"no global-packages folder in:\n{output}");
            return m.Groups[1].Value;
        }

        /// <summary>Runs dotnet with <paramref name="args"/> in <paramref name="dir"/>; fails the test (with the command's
        /// output) on a non-zero exit code or after <see cref="StepTimeout"/>. Returns stdout and stderr together.</summary>
        public string Run(string dir, params string[] args)
        {
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var (key, value) in Environment)
                if (value is null) psi.Environment.Remove(key); else psi.Environment[key] = value;

            var output = new System.Text.StringBuilder();
            void Append(string? line) { if (line is not null) lock (output) output.AppendLine(line); }
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var p = System.Diagnostics.Process.Start(psi)!;
            p.OutputDataReceived += (_, e) => Append(e.Data);
            p.ErrorDataReceived += (_, e) => Append(e.Data);
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var command = "dotnet " + string.Join(' ', args);
            if (!p.WaitForExit(StepTimeout))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                Assert.Fail($"{command} (in {dir}) did not finish in {StepTimeout.TotalMinutes} minutes:\n{output}");
            }
            p.WaitForExit(); // the rest of the redirected output
            var text = output.ToString();
            Assert.True(p.ExitCode == 0, $"{command} (in {dir}) exited with {p.ExitCode} after {started.Elapsed.TotalSeconds:F0} s:\n{text}");
            return text;
        }
    }
}

/// <summary>A fact that is skipped, with a message, when there is no <c>dotnet</c> on the PATH.</summary>
public sealed class DotnetFactAttribute : FactAttribute
{
    public const string AbsentMessage = "no dotnet on the PATH: package consumer test skipped.";

    public DotnetFactAttribute()
    {
        if (!OnPath("dotnet")) Skip = AbsentMessage;
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(d => File.Exists(Path.Combine(d, name)) || File.Exists(Path.Combine(d, name + ".exe")));
}
