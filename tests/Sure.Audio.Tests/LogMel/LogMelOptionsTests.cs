using System.IO.Compression;
using System.Text.Json;
using Sure.Audio.LogMel;
using Sure.Errors;

namespace Sure.Audio.Tests.LogMel;

public sealed class LogMelOptionsTests
{
    [Fact]
    public void FingerprintFollowsEverySettingAndJsonRoundTrips()
    {
        var o = new LogMelOptions();
        Assert.Equal(o.Fingerprint(), new LogMelOptions().Fingerprint());
        Assert.Equal(16, o.Fingerprint().Length);
        Assert.NotEqual(o.Fingerprint(), (o with { Seed = 2 }).Fingerprint());
        Assert.NotEqual(o.Fingerprint(), (o with { Threads = 1 }).Fingerprint());
        var json = JsonSerializer.Serialize(o, Configuration.SureConfig.Json);
        Assert.Equal(o, JsonSerializer.Deserialize<LogMelOptions>(json, Configuration.SureConfig.Json));
    }

    [Fact]
    public void BadValuesAreNamed()
    {
        Assert.Throws<SureUserException>(() => new LogMelOptions { FftSize = 256 }.Validate()); // < 400-sample window
        Assert.Throws<SureUserException>(() => new LogMelOptions { Export = "x" }.Validate());
        Assert.Throws<SureUserException>(() => new LogMelOptions { Export = LogMelOptions.HiddenExport }.Validate()); // needs TestFrom = full
        new LogMelOptions { Export = LogMelOptions.HiddenExport, Folds = 0 }.Validate();
    }

    [Fact]
    public void ReadingAnIncompleteEntryIsADataError()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(zip.CreateEntry("audio/logmel.json").Open())) w.Write("{\"formatVersion\": 2}");
        memory.Position = 0;
        using var read = new ZipArchive(memory, ZipArchiveMode.Read);
        var e = Assert.Throws<SureDataException>(() => LogMelEncoder.ReadFrom(read, "audio/", "m.zip"));
        Assert.Contains("format version", e.Message);
        Assert.Throws<SureDataException>(() => LogMelEncoder.ReadFrom(read, "other/", "m.zip"));
    }
}
