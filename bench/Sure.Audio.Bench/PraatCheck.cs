using System.Diagnostics;
using System.Globalization;
using Sure.Audio.Descriptors;

namespace Sure.Audio.Bench;

/// <summary>
/// Runs tools/praat/measure.praat and <see cref="AcousticDescriptors.Frames"/> on the same 16 kHz signal (EmoDB files
/// resampled 22 050 → 16 000 Hz by <see cref="Resampler"/> and written as 32-bit float WAVs, so both measure identical
/// samples) and prints agreement per measure: median absolute relative error (HNR: median absolute difference in dB)
/// and the share of files within the documented tolerance.
/// </summary>
internal static class PraatCheck
{
    /// <summary>Measures in measure.praat's column order, with the tolerance of docs/audio-descriptors.md.</summary>
    internal static readonly (string Name, bool AbsoluteDb, double Tolerance)[] Measures =
    [
        ("F0 mean (Hz)", false, 0.01),
        ("jitter local", false, 0.05),
        ("shimmer local", false, 0.05),
        ("HNR mean (dB)", true, 1.0),
        ("F1 mean (Hz)", false, 0.10),
        ("F2 mean (Hz)", false, 0.05),
        ("F3 mean (Hz)", false, 0.05),
        ("voiced fraction", false, 0.05),
    ];

    internal static double[] Mine(FrameDescriptors fd)
    {
        var v = fd.Voiced;
        double Mean(double[] x, bool skipZero)
        {
            double s = 0;
            int n = 0;
            for (int i = 0; i < x.Length; i++)
                if (v[i] && (!skipZero || x[i] > 0)) { s += x[i]; n++; }
            return n > 0 ? s / n : double.NaN;
        }
        int nv = v.Count(b => b);
        double hs = 0;
        int hn = 0;
        for (int i = 0; i < fd.HnrDb.Length; i++) if (fd.HnrDefined[i]) { hs += fd.HnrDb[i]; hn++; }
        return
        [
            Mean(fd.F0Hz, true), fd.JitterLocal, fd.ShimmerLocal, hn > 0 ? hs / hn : double.NaN,
            Mean(fd.F1Hz, true), Mean(fd.F2Hz, true), Mean(fd.F3Hz, true), fd.Times.Length > 0 ? (double)nv / fd.Times.Length : 0,
        ];
    }

    internal static double[]? RunPraat(string script, string wav)
    {
        var psi = new ProcessStartInfo("praat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--run");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(wav);
        using var p = Process.Start(psi);
        if (p is null) return null;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var parts = output.Trim().Split('\t');
        if (parts.Length < Measures.Length) return null;
        return parts.Take(Measures.Length).Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN).ToArray();
    }

    public static int Run(string data, int limit, string? outPath, string script)
    {
        string wavDir = Path.Combine(data, "wav");
        if (!Directory.Exists(wavDir)) { Console.Error.WriteLine($"{wavDir} not found"); return 1; }
        var files = Directory.GetFiles(wavDir, "*.wav").Order(StringComparer.Ordinal).Take(limit).ToList();
        string tmp = Path.Combine(Path.GetTempPath(), "sure-praat-check-" + Environment.ProcessId);
        Directory.CreateDirectory(tmp);
        var ad = new AcousticDescriptors();
        var rows = new List<(string File, double[] Praat, double[] Mine)>();
        using var tsv = outPath is null ? null : new StreamWriter(outPath);
        tsv?.WriteLine("file\t" + string.Join('\t', Measures.Select(m => "praat " + m.Name + "\tsure " + m.Name)));
        foreach (var file in files)
        {
            var clip = Program.Load16k(file);
            string wav16 = Path.Combine(tmp, Path.GetFileName(file));
            Program.WriteWav(wav16, clip);
            var praat = RunPraat(script, wav16);
            File.Delete(wav16);
            if (praat is null) { Console.Error.WriteLine($"praat failed on {file}"); continue; }
            var mine = Mine(ad.Frames(clip));
            rows.Add((Path.GetFileName(file), praat, mine));
            tsv?.WriteLine(Path.GetFileName(file) + "\t" + string.Join('\t', praat.Zip(mine, (a, b) => F(a) + "\t" + F(b))));
        }
        Directory.Delete(tmp, true);
        Console.WriteLine($"{rows.Count} files (16 kHz, both measured on the same samples)");
        Console.WriteLine($"| measure | files with both defined | median Praat | median Sure | median abs error | 90th pct | 99th pct | max | within tolerance | tolerance |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (int m = 0; m < Measures.Length; m++)
        {
            var (name, absDb, tol) = Measures[m];
            var both = rows.Where(r => double.IsFinite(r.Praat[m]) && double.IsFinite(r.Mine[m]) && (absDb || r.Praat[m] != 0)).ToList();
            var errors = both.Select(r => absDb ? Math.Abs(r.Mine[m] - r.Praat[m]) : Math.Abs(r.Mine[m] - r.Praat[m]) / Math.Abs(r.Praat[m])).ToList();
            int onlyOne = rows.Count(r => double.IsFinite(r.Praat[m]) != double.IsFinite(r.Mine[m]));
            double within = errors.Count == 0 ? 0 : errors.Count(e => e <= tol) / (double)errors.Count;
            string Fmt(double e) => absDb ? $"{e:F2} dB" : $"{100 * e:F2} %";
            var sortedErrors = errors.Order().ToList();
            double Q(double q) => sortedErrors.Count == 0 ? double.NaN : sortedErrors[Math.Min(sortedErrors.Count - 1, (int)(q * sortedErrors.Count))];
            string err = $"{Fmt(Median(errors))} | {Fmt(Q(0.9))} | {Fmt(Q(0.99))} | {Fmt(sortedErrors.Count > 0 ? sortedErrors[^1] : double.NaN)}";
            string tolText = absDb ? $"±{tol} dB" : $"±{100 * tol:F0} %";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {both.Count}{(onlyOne > 0 ? $" ({onlyOne} defined by one only)" : "")} | {Median(both.Select(r => r.Praat[m]).ToList()):G5} | {Median(both.Select(r => r.Mine[m]).ToList()):G5} | {err} | {100 * within:F1} % | {tolText} |"));
        }
        return 0;
    }

    private static string F(double d) => d.ToString("G6", CultureInfo.InvariantCulture);

    private static double Median(List<double> x)
    {
        if (x.Count == 0) return double.NaN;
        var s = x.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : 0.5 * (s[s.Count / 2 - 1] + s[s.Count / 2]);
    }
}
