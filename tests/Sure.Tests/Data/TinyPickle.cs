using System.Text;

namespace Sure.Tests.Data;

/// <summary>
/// Writes small Python values as a protocol-2 pickle, the way Python does for lists, dicts, str and int:
/// <c>List&lt;object?&gt;</c> → list, <c>IEnumerable&lt;KeyValuePair&lt;object, object?&gt;&gt;</c> → dict (in order), string → str, int → int.
/// </summary>
internal static class TinyPickle
{
    public static byte[] Dumps(object? value)
    {
        var b = new List<byte> { 0x80, 2 };
        Write(b, value);
        b.Add((byte)'.');
        return [.. b];
    }

    private static void Write(List<byte> b, object? v)
    {
        switch (v)
        {
            case null: b.Add((byte)'N'); break;
            case int i when i is >= 0 and < 256: b.Add((byte)'K'); b.Add((byte)i); break;
            case int i: b.Add((byte)'J'); b.AddRange(BitConverter.GetBytes(i)); break;
            case string s:
                var utf8 = Encoding.UTF8.GetBytes(s);
                b.Add((byte)'X'); b.AddRange(BitConverter.GetBytes(utf8.Length)); b.AddRange(utf8);
                break;
            case IEnumerable<KeyValuePair<object, object?>> dict:
                b.Add((byte)'}'); b.Add((byte)'(');
                foreach (var (k, x) in dict) { Write(b, k); Write(b, x); }
                b.Add((byte)'u');
                break;
            case List<object?> list:
                b.Add((byte)']');
                if (list.Count == 0) break;
                b.Add((byte)'(');
                foreach (var x in list) Write(b, x);
                b.Add((byte)'e');
                break;
            default: throw new ArgumentException($"cannot pickle a {v.GetType().Name}");
        }
    }

    /// <summary>
    /// A COSMIC transcript pickle of 4 dialogues (d0, d1 train, d2 valid, d3 test) of 4 utterances: the 6-item IEMOCAP
    /// layout or the 7-item MELD layout, speakers as letters (M/F) or as one-hot lists of <paramref name="speakerSlots"/>,
    /// labels 0…<paramref name="classes"/>−1 in turn (so every label up to classes−1 occurs).
    /// </summary>
    public static byte[] Cosmic(bool meldLayout, bool oneHot, int classes, int speakerSlots = 9)
    {
        var ids = Enumerable.Range(0, 4).Select(d => $"d{d}").ToList();
        List<KeyValuePair<object, object?>> PerDialogue(Func<int, int, object?> item) =>
            ids.Select((id, d) => new KeyValuePair<object, object?>(id, Enumerable.Range(0, 4).Select(i => item(d, i)).ToList())).ToList();
        object? Speaker(int i) => oneHot ? Enumerable.Range(0, speakerSlots).Select(k => (object?)(k == i % 2 ? 1 : 0)).ToList() : i % 2 == 0 ? "M" : "F";
        var speakers = PerDialogue((_, i) => Speaker(i));
        var labels = PerDialogue((d, i) => (d * 4 + i) % classes);
        var sentences = PerDialogue((d, i) => $"the day is so great {d} {i}");
        List<object?> Ids(params int[] ds) => ds.Select(d => (object?)ids[d]).ToList();
        List<object?> items = meldLayout
            ? [speakers, labels, PerDialogue((_, _) => 0), sentences, Ids(0, 1), Ids(3), Ids(2)]
            : [speakers, labels, sentences, Ids(0, 1), Ids(3), Ids(2)];
        return Dumps(items);
    }
}
