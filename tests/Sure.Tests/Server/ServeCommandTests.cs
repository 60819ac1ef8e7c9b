namespace Sure.Tests.Server;

/// <summary><c>sure serve</c>'s options: a mistake is one line and exit code 1, before anything listens.</summary>
[Collection("Console")]
public class ServeCommandTests
{
    [Fact]
    public void ServeRefusesBadOptionsWithOneLine()
    {
        var (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "no-such-model.sure");
        Assert.Equal(1, code);
        Assert.Contains("no-such-model.sure: no such model file", err);
        (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "m.sure", "--max-turns", "0");
        Assert.Equal(1, code);
        Assert.Contains("--max-turns must be ≥ 1", err);
        (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "m.sure", "--api-key", "short");
        Assert.Equal(1, code);
        Assert.Contains("at least 8 characters", err);
        (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "m.sure", "--max-audio-seconds", "0");
        Assert.Equal(1, code);
        Assert.Contains("--max-audio-seconds must be a number > 0, not 0", err);
        (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "m.sure", "--max-audio-bytes", "10");
        Assert.Equal(1, code);
        Assert.Contains("--max-audio-bytes must be ≥ 1024, not 10", err);
        (code, _, err) = Sure.Tests.Cli.SureCliRunner.Run("serve", "--model", "m.sure", "--max-session-audio-bytes", "-1");
        Assert.Equal(1, code);
        Assert.Contains("--max-session-audio-bytes must be ≥ 0, not -1", err);
    }
}
