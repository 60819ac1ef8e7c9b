using NAudio.Wave;
using Sure.Audio.Descriptors;

namespace Sure.Audio.Testing;

/// <summary>
/// WAV I/O for checking the descriptors, shared by the descriptor tests and bench/Sure.Audio.Bench (which compiles this
/// file in as a link): NAudio reads the file, not Sure.Audio's own decoder, and the descriptors' double-precision
/// resampler makes the 16 kHz clip, as the Praat comparison expects.
/// </summary>
internal static class ReferenceWav
{
    /// <summary>Reads a WAV (any PCM/float format NAudio reads) as mono doubles (channels averaged), with its rate.</summary>
    public static (double[] Samples, int Rate) Read(string path)
    {
        using var reader = new WaveFileReader(path);
        var provider = reader.ToSampleProvider();
        int ch = provider.WaveFormat.Channels;
        var all = new List<float>();
        var buf = new float[8192];
        int read;
        while ((read = provider.Read(buf.AsSpan())) > 0) all.AddRange(buf.AsSpan(0, read));
        var mono = new double[all.Count / ch];
        for (int i = 0; i < mono.Length; i++)
        {
            double s = 0;
            for (int c = 0; c < ch; c++) s += all[i * ch + c];
            mono[i] = s / ch;
        }
        return (mono, provider.WaveFormat.SampleRate);
    }

    /// <summary>The file as a mono clip at 16 kHz (the descriptors' windowed-sinc resampler when the file has another rate).</summary>
    public static AudioClip Load16k(string path)
    {
        var (x, rate) = Read(path);
        double[] y = rate == AudioClip.StandardRate ? x : new LpcResampler(rate, AudioClip.StandardRate).Process(x);
        return new AudioClip(y.Select(v => (float)v).ToArray(), AudioClip.StandardRate);
    }

    /// <summary>Writes a clip as a 32-bit float mono WAV.</summary>
    public static void Write(string path, AudioClip clip)
    {
        using var w = new WaveFileWriter(path, WaveFormat.CreateIeeeFloatWaveFormat(clip.SampleRate, 1));
        w.WriteSamples(clip.Samples, 0, clip.Samples.Length);
    }
}
