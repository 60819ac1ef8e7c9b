using System.Reflection;

namespace Sure.Configuration;

/// <summary>The version of this build of Sure: one number (the MSBuild property SureVersion in Directory.Build.props)
/// shared by every assembly and package, <c>sure --version</c>, <c>sure serve</c> and the model files' provenance.</summary>
public static class BuildInfo
{
    /// <summary>e.g. "0.1.0".</summary>
    public static string Version { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
}
