using Sure.Cli;

namespace Sure.Tests.Cli;

/// <summary>A full disk is one line that says so and how to go on, not a stack trace.</summary>
public class DiskFullMessageTests
{
    /// <summary>Runs where /dev/full exists (Linux); skipped with a message elsewhere.</summary>
    public sealed class DevFullFactAttribute : FactAttribute
    {
        public DevFullFactAttribute()
        {
            if (!File.Exists("/dev/full")) Skip = "needs /dev/full (Linux) to make the system's own disk-full error";
        }
    }

    [DevFullFact]
    public void TheSystemsOwnDiskFullErrorIsRecognisedAndSaidInOneLine()
    {
        // /dev/full answers every write with ENOSPC: the error .NET raises on a full disk, made by the system, not by this test
        var e = Assert.ThrowsAny<IOException>(() => { using var f = File.OpenWrite("/dev/full"); f.Write(new byte[4096]); f.Flush(); });
        Assert.True(SureCli.IsDiskFull(e), e.Message);
        var line = SureCli.DiskFullMessage(e);
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("the disk is full (", line);
        Assert.Contains("--resume", line);
    }

    [Fact]
    public void TorchSharpsRethrownTextCountsAndOtherIoErrorsDoNot()
    {
        Assert.True(SureCli.IsDiskFull(new IOException("No space left on device : '/runs/a/.last-e0018.pt.tmp'")));
        Assert.False(SureCli.IsDiskFull(new FileNotFoundException("Could not find file '/runs/a/x'")));
        Assert.False(SureCli.IsDiskFull(new IOException("The process cannot access the file because it is being used by another process.")));
    }
}
