namespace Sure.IO;

/// <summary>
/// Sure's per-user cache folder, where derived data that is costly to recompute is kept (text features in
/// <see cref="TextFeatures"/>): <c>$XDG_CACHE_HOME/sure</c>, or <c>~/.cache/sure</c> when XDG_CACHE_HOME is unset, on
/// Linux and other Unix systems; <c>sure</c> under <see cref="Environment.SpecialFolder.LocalApplicationData"/> on
/// Windows and macOS. Callers that want another folder pass it in (the CLI: <c>--cache-dir</c> or SURE_CACHE); the
/// library keeps no setting of its own.
/// </summary>
public static class UserCache
{
    /// <summary>The default cache folder of the current user (see the class summary); computed on each call.</summary>
    public static string DefaultRoot
    {
        get
        {
            if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "sure");
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            // The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored.
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "sure");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".cache", "sure");
        }
    }

    /// <summary>The text-feature cache folder under <paramref name="root"/> (null or blank: <see cref="DefaultRoot"/>).</summary>
    public static string TextFeatures(string? root) => Folder(root, "text-features");

    /// <summary>The cache folder <paramref name="name"/> under <paramref name="root"/> (null or blank: <see cref="DefaultRoot"/>).</summary>
    public static string Folder(string? root, string name) =>
        Path.Combine(string.IsNullOrWhiteSpace(root) ? DefaultRoot : Path.GetFullPath(root), name);
}
