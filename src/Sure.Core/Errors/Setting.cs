using System.Text;

namespace Sure.Errors;

/// <summary>
/// The settings vocabulary of messages. Library code names a setting by its key — the configuration's key as in
/// config.json (<c>"glove"</c>, <c>"textEncoder"</c>, <c>"encoder.epochs"</c>) or the name of an API argument
/// (<c>"seeds"</c>, <c>"cv"</c>, <c>"shard"</c>) — never by a command-line flag: <see cref="Name(string, string?)"/>
/// marks it in the message. A <see cref="SureUserException"/>'s message shows the library's wording (the key, or the text
/// given with it); an application with its own vocabulary (the CLI's flags: <c>--glove</c>) renders the same message
/// through <see cref="SureUserException.MessageIn"/>.
/// </summary>
public static class Setting
{
    private const char Open = '\u001F', Split = '\u001E', Close = '\u001D';

    /// <summary>A setting named in a message: rendered as <paramref name="text"/> (default: the key itself) by the
    /// library, or as what an application's vocabulary gives for <paramref name="key"/>.</summary>
    public static string Name(string key, string? text = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return text is null ? $"{Open}{key}{Close}" : $"{Open}{key}{Split}{text}{Close}";
    }

    /// <summary><paramref name="message"/> with every marked setting rendered by <paramref name="vocabulary"/> (null, or
    /// null for a key it does not know: the library's wording).</summary>
    public static string Render(string message, Func<string, string?>? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IndexOf(Open) < 0) return message;
        var sb = new StringBuilder(message.Length);
        int i = 0;
        while (i < message.Length)
        {
            int start = message.IndexOf(Open, i);
            int end = start < 0 ? -1 : message.IndexOf(Close, start + 1);
            if (end < 0)
            {
                sb.Append(message, i, message.Length - i);
                break;
            }
            sb.Append(message, i, start - i);
            var inner = message.AsSpan(start + 1, end - start - 1);
            int split = inner.IndexOf(Split);
            var key = (split < 0 ? inner : inner[..split]).ToString();
            sb.Append(vocabulary?.Invoke(key) ?? (split < 0 ? key : inner[(split + 1)..].ToString()));
            i = end + 1;
        }
        return sb.ToString();
    }

    /// <summary>The keys of the settings marked in <paramref name="message"/>, in order.</summary>
    public static IReadOnlyList<string> KeysIn(string message)
    {
        var keys = new List<string>();
        Render(message, k => { keys.Add(k); return null; });
        return keys;
    }
}
