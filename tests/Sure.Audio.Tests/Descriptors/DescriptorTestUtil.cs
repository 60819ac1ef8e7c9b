using System.Diagnostics;
using System.Globalization;
using NAudio.Wave;
using Sure.Audio.Descriptors;

namespace Sure.Audio.Tests.Descriptors;

/// <summary>Helpers for the descriptor tests: repository paths, WAV I/O, running Praat.</summary>
internal static class DescriptorTestUtil
{
    public const int Rate = AudioClip.StandardRate;

    public static AudioClip Clip(float[] samples) => new(samples, Rate);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sure.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The EmoDB folder beside the repository (../shared/data/emodb), or null when absent.</summary>
    public static string? EmoDb()
    {
        string p = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "emodb"));
        return Directory.Exists(Path.Combine(p, "wav")) ? p : null;
    }

    public static bool PraatInstalled()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "praat"))) return true;
        return false;
    }

    /// <summary>Reads a WAV as mono and resamples to 16 kHz (the descriptor code's own windowed-sinc resampler).</summary>
    public static AudioClip Load16k(string path) => Sure.Audio.Testing.ReferenceWav.Load16k(path);

    public static void WriteWav(string path, AudioClip clip) => Sure.Audio.Testing.ReferenceWav.Write(path, clip);

    /// <summary>
    /// Runs tools/praat/measure.praat on the clip: F0 mean, jitter local, shimmer local, HNR mean, F1, F2, F3 means,
    /// voiced fraction (NaN where Praat says undefined).
    /// </summary>
    public static double[] Praat(AudioClip clip)
    {
        string wav = Path.Combine(Path.GetTempPath(), $"sure-desc-test-{Guid.NewGuid():N}.wav");
        WriteWav(wav, clip);
        try
        {
            var psi = new ProcessStartInfo("praat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("--run");
            psi.ArgumentList.Add(Path.Combine(RepoRoot(), "tools", "praat", "measure.praat"));
            psi.ArgumentList.Add(wav);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output.Trim().Split('\t')
                .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN).ToArray();
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>The same quantities as <see cref="Praat"/> from our frame tracks.</summary>
    public static double[] Ours(FrameDescriptors fd)
    {
        var v = fd.Voiced;
        double Mean(double[] x, bool[] mask)
        {
            double s = 0;
            int n = 0;
            for (int i = 0; i < x.Length; i++) if (mask[i] && x[i] != 0) { s += x[i]; n++; }
            return n > 0 ? s / n : double.NaN;
        }
        int nv = v.Count(b => b);
        return [Mean(fd.F0Hz, v), fd.JitterLocal, fd.ShimmerLocal, Mean(fd.HnrDb, fd.HnrDefined), Mean(fd.F1Hz, v), Mean(fd.F2Hz, v), Mean(fd.F3Hz, v),
            fd.Times.Length > 0 ? (double)nv / fd.Times.Length : 0];
    }

    public static double VoicedMean(double[] track, bool[] voiced)
    {
        double s = 0;
        int n = 0;
        for (int i = 0; i < track.Length; i++) if (voiced[i] && track[i] != 0) { s += track[i]; n++; }
        return n > 0 ? s / n : double.NaN;
    }

    public static float Value(AcousticDescriptors d, float[] values, string name)
    {
        int i = d.Names.ToList().IndexOf(name);
        Assert.True(i >= 0, $"no descriptor named {name}");
        return values[i];
    }
}
