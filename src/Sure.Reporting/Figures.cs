using Sure.IO;
using ScottPlot;
using SkiaSharp;
using Sure.Errors;

namespace Sure.Reporting;

/// <summary>
/// The report's figures, drawn with ScottPlot 5 and written as PNG. Every method writes its file atomically
/// (temporary file + rename, creating the folder) and returns the full path. One figure per file of this partial class.
/// </summary>
public static partial class Figures
{
    public const int DefaultWidth = 900;
    public const int DefaultHeight = 560;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    internal static Color ColorOf(int i) => Palette.GetColor(i);

    /// <summary>Renders one plot and writes it.</summary>
    internal static string Save(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = Guard(() => { FigureFonts.Ensure(); return plot.GetImageBytes(width, height, ImageFormat.Png); });
        return AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Renders several plots side by side (or stacked) on one white canvas and writes it.</summary>
    internal static string SavePanels(IReadOnlyList<Plot> panels, string path, int panelWidth, int panelHeight, bool stacked)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = Guard(() =>
        {
            FigureFonts.Ensure();
            int w = stacked ? panelWidth : panelWidth * panels.Count;
            int h = stacked ? panelHeight * panels.Count : panelHeight;
            using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul))
                                ?? throw new InvalidOperationException($"could not create a {w}×{h} drawing surface.");
            surface.Canvas.Clear(SKColors.White);
            for (int i = 0; i < panels.Count; i++)
            {
                using var bmp = SKBitmap.Decode(panels[i].GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
                surface.Canvas.DrawBitmap(bmp, stacked ? 0 : i * panelWidth, stacked ? i * panelHeight : 0);
            }
            surface.Canvas.Flush();
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        });
        return AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Turns a failure to load Skia's native library into a message that says what to do.</summary>
    private static T Guard<T>(Func<T> render)
    {
        try
        {
            return render();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new SureUserException(
                "Cannot draw figures: SkiaSharp's native library (libSkiaSharp) did not load on this machine " +
                $"({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}): {e.GetBaseException().Message}. " +
                "The build ships it for Linux from SkiaSharp.NativeAssets.Linux.NoDependencies; make sure runtimes/<rid>/native/libSkiaSharp.so is next to the program.", e);
        }
    }

    /// <summary>Category tick labels at 0, 1, 2, ... (or at the given positions).</summary>
    internal static void CategoryTicks(IAxis axis, IReadOnlyList<string> labels, IReadOnlyList<double>? positions = null)
    {
        var pos = positions?.ToArray() ?? Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        axis.SetTicks(pos, labels.ToArray());
    }

    /// <summary>Whole-number ticks on the bottom axis (epochs).</summary>
    internal static void IntegerTicks(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    internal static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
