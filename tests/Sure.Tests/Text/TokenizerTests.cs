using Sure.Text;

namespace Sure.Tests.Text;

public class TokenizerTests
{
    private static string Join(string s) => string.Join(" | ", Tokenizer.Tokenize(s));

    [Theory]
    [InlineData("I don't know.", "i | do | n't | know | .")]
    [InlineData("I'm here, it's fine!", "i | 'm | here | , | it | 's | fine | !")]
    [InlineData("We can't, won't, CANNOT.", "we | ca | n't | , | wo | n't | , | can | not | .")]
    [InlineData("you're they've we'll he'd", "you | 're | they | 've | we | 'll | he | 'd")]
    [InlineData("wouldn't've", "would | n't | 've")]
    [InlineData("Joey's sandwich", "joey | 's | sandwich")]
    [InlineData("at five o'clock", "at | five | o'clock")]
    public void SplitsContractionsPtbStyle(string text, string expected) => Assert.Equal(expected, Join(text));

    [Theory]
    [InlineData("What?! No...", "what | ? | ! | no | ...")]
    [InlineData("Hey -- wait, \"stop\" (now)", "hey | -- | wait | , | \" | stop | \" | ( | now | )")]
    [InlineData("a well-known fact", "a | well | - | known | fact")]
    [InlineData("'tis 'quoted'", "' | tis | ' | quoted | '")]
    [InlineData("  Hello   WORLD  ", "hello | world")]
    public void SplitsPunctuationAndLowerCases(string text, string expected) => Assert.Equal(expected, Join(text));

    [Theory]
    [InlineData("It costs $3.50 or 1,000 at 10:30, not 42.", "it | costs | $ | 3.50 | or | 1,000 | at | 10:30 | , | not | 42 | .")]
    [InlineData("the 90s and 2nd", "the | 90s | and | 2nd")]
    public void KeepsNumbers(string text, string expected) => Assert.Equal(expected, Join(text));

    [Theory]
    [InlineData("I\u0092m sure\u0085", "i | 'm | sure | ...")] // cp1252 bytes read as Latin-1 (MELD pickle)
    [InlineData("\u0093Yes\u0094 she said", "\" | yes | \" | she | said")]
    [InlineData("don\u2019t \u201Cgo\u201D\u2026", "do | n't | \" | go | \" | ...")] // real typographic characters
    [InlineData("well\u0097maybe", "well | -- | maybe")]
    public void NormalisesCp1252Characters(string text, string expected) => Assert.Equal(expected, Join(text));

    [Theory]
    [InlineData("I\u00E2\u20AC\u2122m fine", "i | 'm | fine")] // "â€™" = ’ as UTF-8 read as cp1252 (MELD CSV)
    [InlineData("\u00E2\u20AC\u0153Hi\u00E2\u20AC\u009D", "\" | hi | \"")] // â€œ … â€\x9d
    [InlineData("\u00E2\u20AC\u0153Hi\u00E2\u20AC", "\" | hi | \"")] // closing quote whose last byte was lost
    [InlineData("Oh\u00E2\u20AC\u00A6 no", "oh | ... | no")] // â€¦ = …
    [InlineData("caf\u00C3\u00A9", "caf\u00E9")] // Ã© = é
    public void RepairsMojibake(string text, string expected) => Assert.Equal(expected, Join(text));

    [Fact]
    public void LeavesCorrectAccentsAlone() => Assert.Equal("café | déjà | vu", Join("Café déjà vu"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("\u200B")]
    public void EmptyTextGivesNoTokens(string? text) => Assert.Empty(Tokenizer.Tokenize(text));
}
