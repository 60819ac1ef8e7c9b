using System.Diagnostics;
using System.Globalization;
using NAudio.Wave;
using Sure.Audio;
using Sure.Audio.Descriptors;
using Sure.Audio.Testing;

namespace Sure.Audio.Bench;

/// <summary>
/// Speed and Praat agreement of <see cref="AcousticDescriptors"/> (docs/audio-descriptors.md):
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- speed [--data DIR] [--files N] [--reps N]
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- praat [--data DIR] [--limit N] [--out FILE.tsv]
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- synth --out DIR
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- names
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- frames --file WAV [--write16k OUT.wav]   (frame tracks, tab-separated)
///   dotnet run -c Release --project bench/Sure.Audio.Bench -- profile [--data DIR]
/// DIR is the EmoDB folder (emodb.csv, wav/); default ../shared/data/emodb beside the repository root.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string cmd = args.Length > 0 ? args[0] : "speed";
        string data = Arg(args, "--data") ?? DefaultData();
        return cmd switch
        {
            "speed" => Speed(data, int.Parse(Arg(args, "--files") ?? "100", CultureInfo.InvariantCulture), int.Parse(Arg(args, "--reps") ?? "3", CultureInfo.InvariantCulture)),
            "praat" => PraatCheck.Run(data, Arg(args, "--limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue, Arg(args, "--out"), Arg(args, "--praat-script") ?? FindScript()),
            "synth" => Synth(Arg(args, "--out") ?? "synth"),
            "profile" => Profile(data),
            "names" => Names(),
            "long" => LongClip(int.Parse(Arg(args, "--seconds") ?? "30", CultureInfo.InvariantCulture)),
            "frames" => FramesDump(Arg(args, "--file") ?? throw new ArgumentException("--file WAV"), Arg(args, "--write16k")),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: speed|praat|synth [--data DIR] [--files N] [--reps N] [--limit N] [--out PATH]");
        return 2;
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sure.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string DefaultData() => Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", "emodb"));

    private static string FindScript() => Path.Combine(RepoRoot(), "tools", "praat", "measure.praat");

    /// <summary>The clip at 16 kHz (own windowed-sinc resampling when the file has another rate).</summary>
    internal static AudioClip Load16k(string path) => ReferenceWav.Load16k(path);

    internal static void WriteWav(string path, AudioClip clip) => ReferenceWav.Write(path, clip);

    private static int Speed(string data, int files, int reps)
    {
        var ad = new AcousticDescriptors();
        var clips = new List<AudioClip>();
        string wavDir = Path.Combine(data, "wav");
        if (Directory.Exists(wavDir))
            clips.AddRange(Directory.GetFiles(wavDir, "*.wav").Order(StringComparer.Ordinal).Take(files).Select(Load16k));
        else
        {
            Console.WriteLine($"({wavDir} absent: timing synthetic 2 s vowels)");
            for (int i = 0; i < files; i++)
                clips.Add(new AudioClip(SyntheticVoice.Vowel(100 + i, 2.0, 16000, SyntheticVoice.VowelA, 0.005, 0.03), 16000));
        }
        foreach (var c in clips.Take(10)) ad.Extract(c); // warm-up (JIT)
        var perClip = new List<double>();
        double audio = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (int r = 0; r < reps; r++)
            foreach (var c in clips)
            {
                long t0 = Stopwatch.GetTimestamp();
                ad.Extract(c);
                perClip.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                audio += c.Duration;
            }
        total.Stop();
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        perClip.Sort();
        double median = perClip[perClip.Count / 2], p90 = perClip[(int)(perClip.Count * 0.9)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clips.Count} clips x {reps}, dim {ad.Dim}: median {median:F2} ms/clip, p90 {p90:F2} ms, mean clip {audio / perClip.Count:F2} s, wall real-time factor {audio / total.Elapsed.TotalSeconds:F0}x; process CPU {cpuMs / perClip.Count:F2} ms/clip = {audio / (cpuMs / 1000):F0}x real time (one thread, {Environment.ProcessorCount} cores visible)"));
        return 0;
    }

    private static int Profile(string data)
    {
        var o = new AcousticDescriptorOptions();
        var xs = Directory.GetFiles(Path.Combine(data, "wav"), "*.wav").Order(StringComparer.Ordinal).Take(40).Select(Load16k)
            .Select(c => c.Samples.Select(v => (double)v).ToArray()).ToList();
        var pitch = new PitchTracker(o);
        var spec = new SpectralAnalyzer(o);
        var hnr = new HarmonicityAnalyzer(o);
        var form = new FormantAnalyzer(o);
        var times = xs.Select(x => pitch.FrameTimes(x.Length)).ToList();
        var tracks = xs.Select((x, i) => pitch.Track(x, times[i])).ToList();
        double Cpu(Action<int> a)
        {
            for (int i = 0; i < 5; i++) a(i);
            var c0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (int rep = 0; rep < 3; rep++) for (int i = 0; i < xs.Count; i++) a(i);
            return (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds / (3 * xs.Count);
        }
        var fft = new Fft(1024);
        var bre = new double[1024];
        var bim = new double[1024];
        double tfft = Cpu(i => { for (int k = 0; k < 100; k++) fft.Forward(bre, bim); }) / 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FFT 1024: {tfft * 1000:F1} us"));
        double tp = Cpu(i => pitch.Track(xs[i], times[i]));
        double ts = Cpu(i => spec.Track(xs[i], times[i]));
        double th = Cpu(i => hnr.Track(xs[i], times[i], tracks[i].F0, out _));
        double tf = Cpu(i => form.Track(xs[i], times[i], tracks[i].F0.Select(f => f > 0).ToArray()));
        var rs = new LpcResampler(16000, 11000);
        double tr = Cpu(i => rs.Process(xs[i]));
        var poly = new System.Numerics.Complex[] { 0.2, -0.5, 0.9, -1.1, 1.3, -1.6, 1.9, -2.1, 2.3, -2.4, 1.0 };
        double troots = Cpu(i => { for (int k = 0; k < 100; k++) FormantAnalyzer.Roots(poly); }) / 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resample full clip to 11 kHz {tr:F2} ms, roots of degree 10 {troots * 1000:F1} us"));
        double tu = Cpu(i => VoiceQuality.Measure(xs[i], 16000, VoiceQuality.Pulses(xs[i], 16000, times[i], tracks[i].F0)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ms/clip: pitch {tp:F2} spectral {ts:F2} hnr {th:F2} formants {tf:F2} pulses {tu:F2}"));
        return 0;
    }

    private static int FramesDump(string file, string? write16k)
    {
        var clip = Load16k(file);
        if (write16k is not null) WriteWav(write16k, clip);
        var fd = new AcousticDescriptors().Frames(clip);
        Console.WriteLine("frame\ttime\tF0\tHNR\tF1\tF2\tF3");
        for (int i = 0; i < fd.Times.Length; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1}\t{fd.Times[i]:F4}\t{fd.F0Hz[i]:F2}\t{fd.HnrDb[i]:F2}\t{fd.F1Hz[i]:F0}\t{fd.F2Hz[i]:F0}\t{fd.F3Hz[i]:F0}"));
        return 0;
    }

    private static int LongClip(int seconds)
    {
        var ad = new AcousticDescriptors();
        var x = new List<float>();
        for (int k = 0; x.Count < seconds * 16000; k++)
        {
            x.AddRange(SyntheticVoice.Vowel(110 + 20 * (k % 5), 3.0, 16000, SyntheticVoice.VowelA, 0.002, 0.02));
            x.AddRange(SyntheticVoice.Noise(1.0, 16000, 0.05, k));
        }
        var clip = new AudioClip([.. x.Take(seconds * 16000)], 16000);
        var shortClip = new AudioClip([.. x.Take(32000)], 16000);
        for (int i = 0; i < 20; i++) ad.Extract(shortClip);
        foreach (var c in new[] { shortClip, clip })
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            ad.Extract(c);
            double ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Duration:F0} s clip: {ms:F0} ms CPU ({c.Duration * 1000 / ms:F0}x real time)"));
        }
        return 0;
    }

    private static int Names()
    {
        var ad = new AcousticDescriptors();
        Console.WriteLine($"{AcousticDescriptors.Version}: {ad.Dim} values");
        for (int i = 0; i < ad.Dim; i++) Console.WriteLine($"{i}\t{ad.Names[i]}");
        return 0;
    }

    private static int Synth(string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (double f0 in new[] { 120.0, 220.0 })
        {
            var clip = new AudioClip(SyntheticVoice.Vowel(f0, 1.0, 16000, SyntheticVoice.VowelA), 16000);
            WriteWav(Path.Combine(outDir, $"vowel_a_{f0:F0}.wav"), clip);
        }
        var jit = new AudioClip(SyntheticVoice.Vowel(120, 1.0, 16000, SyntheticVoice.VowelA, jitter: 0.005, shimmer: 0.05), 16000);
        WriteWav(Path.Combine(outDir, "vowel_a_120_jitter1pct_shimmer10pct.wav"), jit);
        Console.WriteLine($"wrote {outDir}");
        return 0;
    }
}
