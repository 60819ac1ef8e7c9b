using ScottPlot;
using SkiaSharp;

namespace Sure.Reporting;

/// <summary>
/// Makes sure figures have a font with glyphs, on headless Linux included.
/// <para>Why: the SkiaSharp native library we ship (SkiaSharp.NativeAssets.Linux.NoDependencies) has no fontconfig;
/// it only scans <c>/usr/share/fonts</c>. On a machine with no font there, or fonts only in
/// <c>/usr/local/share/fonts</c> or <c>~/.fonts</c>, Skia's default typeface is empty and ScottPlot silently renders
/// every title, label and tick number as nothing: the PNG is produced but unreadable.</para>
/// <para>What: on first use we pick, in order, the font file named by the <c>SURE_FONT</c> environment variable, a
/// sans-serif family Skia already sees (DejaVu Sans, Liberation Sans, Noto Sans, ...), or a regular .ttf/.otf found by
/// scanning the usual font folders, and register it with ScottPlot as its default. When there is no font at all,
/// figures are drawn without text and a warning (install e.g. fonts-dejavu-core, or set SURE_FONT) goes to the log
/// callback given to <see cref="Ensure"/>, once: this library writes nothing to the console itself.</para>
/// </summary>
public static class FigureFonts
{
    public const string EnvironmentVariable = "SURE_FONT";
    private const string RegisteredName = "Sure Figure Sans";
    private static readonly string[] PreferredFamilies =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "FreeSans", "Arial", "Helvetica", "Roboto", "Ubuntu", "Cantarell"];
    private static readonly string[] PreferredFiles =
        ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "NotoSans-Regular.otf", "OpenSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf", "arial.ttf", "Roboto-Regular.ttf"];

    private static readonly object Gate = new();
    private static bool _done;
    private static bool _delivered;
    private static readonly List<string> WarningList = [];

    /// <summary>The font figures use (a family name or a file path); null when no font could be found.</summary>
    public static string? Font { get; private set; }

    /// <summary>True when figures can draw text.</summary>
    public static bool TextAvailable => Font is not null;

    /// <summary>The warnings of the font choice (each starting with "warning: "); empty before <see cref="Ensure"/> and
    /// when a font was found without trouble.</summary>
    public static IReadOnlyList<string> Warnings
    {
        get { lock (Gate) return WarningList.ToArray(); }
    }

    /// <summary>Chooses and registers the font once per process (thread-safe); later calls return at once.</summary>
    /// <param name="log">Receives the choice's <see cref="Warnings"/>, if any: they go to the first call that gives a
    /// log, once per process, so an application that passes its log before drawing sees each warning exactly once.
    /// Figures drawn without a log (the <see cref="Figures"/> methods call this with none) drop nothing: the warnings
    /// wait for the next call with a log.</param>
    public static void Ensure(Action<string>? log = null)
    {
        string[] deliver;
        lock (Gate)
        {
            if (!_done)
            {
                _done = true;
                Font = Choose(WarningList.Add);
                if (Font is null)
                    WarningList.Add("warning: no usable font found; figures will have no text. Install a font (e.g. apt-get install fonts-dejavu-core) or set "
                                    + EnvironmentVariable + " to a .ttf file.");
            }
            if (log is null || _delivered) return;
            _delivered = true;
            deliver = WarningList.ToArray();
        }
        foreach (var warning in deliver) log(warning);
    }

    private static string? Choose(Action<string> warn)
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (File.Exists(env) && HasGlyphs(env)) { Register(env); return env; }
            warn($"warning: {EnvironmentVariable}={env} is not a readable font file; looking for another font.");
        }
        foreach (var family in PreferredFamilies)
            if (FamilyAvailable(family)) { UseFamily(family); return family; }
        var file = FindFontFile();
        if (file is not null) { Register(file); return file; }
        // Last resort: whatever Skia's default is, if it has glyphs.
        using var fallback = SKTypeface.Default;
        if (fallback is not null && fallback.GlyphCount > 0 && !string.IsNullOrEmpty(fallback.FamilyName))
        {
            UseFamily(fallback.FamilyName);
            return fallback.FamilyName;
        }
        return null;
    }

    private static bool FamilyAvailable(string family)
    {
        using var tf = SKTypeface.FromFamilyName(family);
        return tf is not null && tf.GlyphCount > 0 && string.Equals(tf.FamilyName, family, StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasGlyphs(string file)
    {
        try
        {
            using var tf = SKTypeface.FromFile(file);
            return tf is not null && tf.GlyphCount > 0;
        }
        catch (Exception) { return false; }
    }

    private static void UseFamily(string family)
    {
        Fonts.Default = family;
        Fonts.Sans = family;
    }

    private static void Register(string regular)
    {
        // Titles are bold: use a sibling bold file when there is one, the regular face otherwise.
        var bold = BoldSibling(regular) ?? regular;
        Fonts.AddFontFile(RegisteredName, regular, bold: false, italic: false);
        Fonts.AddFontFile(RegisteredName, bold, bold: true, italic: false);
        Fonts.AddFontFile(RegisteredName, regular, bold: false, italic: true);
        Fonts.AddFontFile(RegisteredName, bold, bold: true, italic: true);
        UseFamily(RegisteredName);
        Fonts.Serif = RegisteredName;
        Fonts.Monospace = RegisteredName;
    }

    private static string? BoldSibling(string regular)
    {
        var dir = Path.GetDirectoryName(regular) ?? ".";
        var stem = Path.GetFileNameWithoutExtension(regular);
        var ext = Path.GetExtension(regular);
        var baseStem = stem.EndsWith("-Regular", StringComparison.OrdinalIgnoreCase) ? stem[..^"-Regular".Length] : stem;
        foreach (var candidate in new[] { $"{baseStem}-Bold{ext}", $"{baseStem}Bold{ext}", $"{baseStem}bd{ext}" })
        {
            var p = Path.Combine(dir, candidate);
            if (File.Exists(p) && HasGlyphs(p)) return p;
        }
        return null;
    }

    /// <summary>Font folders scanned, in order.</summary>
    public static IEnumerable<string> FontFolders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var dirs = new List<string> { "/usr/share/fonts", "/usr/local/share/fonts" };
        if (!string.IsNullOrEmpty(home)) { dirs.Add(Path.Combine(home, ".fonts")); dirs.Add(Path.Combine(home, ".local/share/fonts")); }
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_DIRS");
        if (!string.IsNullOrEmpty(xdg)) dirs.AddRange(xdg.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "fonts")));
        dirs.AddRange(["/usr/X11R6/lib/X11/fonts", "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts"]);
        return dirs.Distinct().Where(Directory.Exists);
    }

    private static string? FindFontFile()
    {
        var files = new List<string>();
        foreach (var dir in FontFolders())
        {
            try
            {
                files.AddRange(Directory.EnumerateFiles(dir, "*.*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 6 })
                    .Where(f => f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".otf", StringComparison.OrdinalIgnoreCase)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        foreach (var name in PreferredFiles)
            foreach (var f in files.Where(f => Path.GetFileName(f) == name))
                if (HasGlyphs(f)) return f;
        string[] avoid = ["bold", "italic", "oblique", "mono", "math", "emoji", "symbol", "light", "thin", "black", "condensed"];
        foreach (var f in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var n = Path.GetFileName(f).ToLowerInvariant();
            if (avoid.Any(n.Contains)) continue;
            if (HasGlyphs(f)) return f;
        }
        return files.FirstOrDefault(HasGlyphs);
    }
}
