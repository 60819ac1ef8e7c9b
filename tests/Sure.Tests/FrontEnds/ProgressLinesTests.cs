using Sure.FrontEnds;

namespace Sure.Tests.FrontEnds;

public class ProgressLinesTests
{
    [Fact]
    public void A_short_fit_writes_no_line()
    {
        var lines = new List<string>();
        var p = new ProgressLines(lines.Add, TimeSpan.FromHours(1));
        for (int i = 1; i <= 4; i++) p.Report(i, 4, "audio descriptors");
        Assert.Empty(lines);
    }

    [Fact]
    public void A_long_fit_writes_a_line_each_period_and_one_at_the_end()
    {
        var lines = new List<string>();
        var p = new ProgressLines(lines.Add, TimeSpan.Zero);
        p.Report(1, 4, "audio descriptors");
        p.Report(4, 4, "audio descriptors");
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("audio descriptors: 1 of 4 (25%), ", lines[0]);
        Assert.StartsWith("audio descriptors: 4 of 4 (100%), ", lines[1]);
    }
}
