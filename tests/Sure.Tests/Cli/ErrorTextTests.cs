using Sure.Errors;

namespace Sure.Tests.Cli;

public class ErrorTextTests
{
    [Fact]
    public void LineBreaksAndTabsFoldIntoSingleSpaces()
    {
        Assert.Equal("a b c d", ErrorText.OneLine("a\n  b\r\n\tc\t\td"));
        Assert.Equal("one line", ErrorText.OneLine("one line"));
    }
}
