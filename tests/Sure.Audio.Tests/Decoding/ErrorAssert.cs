using Sure.Errors;

namespace Sure.Audio.Tests.Decoding;

/// <summary>Checks that a decoding failure is one line, a <see cref="SureDataException"/>, naming what it should.</summary>
public static class ErrorAssert
{
    /// <summary>
    /// Runs <paramref name="act"/>, which must throw a <see cref="SureDataException"/> whose message is one line holding
    /// every one of <paramref name="parts"/> (case-insensitive); returns the message.
    /// </summary>
    public static string OneLine(Func<object?> act, params string[] parts)
    {
        var e = Assert.Throws<SureDataException>(() => act());
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain("   at ", e.Message);
        foreach (var p in parts) Assert.Contains(p, e.Message, StringComparison.OrdinalIgnoreCase);
        return e.Message;
    }
}
