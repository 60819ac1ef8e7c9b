using Sure.Data;
using Sure.Errors;

namespace Sure.FrontEnds;

/// <summary>
/// The front ends an application knows, by kind. Sure.Core registers none that need heavy packages; an application adds
/// what it references (e.g. <c>Sure.Audio.AudioFrontEnds.Register(catalog)</c>) and passes the catalog to data loading and
/// to <see cref="Inference.SurePredictor.Open"/>. Immutable once built: <see cref="With"/> returns a new catalog.
/// </summary>
public sealed class FrontEndCatalog
{
    private readonly Dictionary<string, IFrontEndKind> _kinds;

    private FrontEndCatalog(Dictionary<string, IFrontEndKind> kinds) => _kinds = kinds;

    /// <summary>A catalog with no front end (data loading and the model file add Sure.Core's own, <c>Sure.Text.CoreFrontEnds</c>, to any catalog).</summary>
    public static FrontEndCatalog Empty { get; } = new(new Dictionary<string, IFrontEndKind>(StringComparer.Ordinal));

    /// <summary>This catalog plus <paramref name="kinds"/>; a kind registered twice is an error.</summary>
    public FrontEndCatalog With(params IFrontEndKind[] kinds)
    {
        var copy = new Dictionary<string, IFrontEndKind>(_kinds, StringComparer.Ordinal);
        foreach (var k in kinds)
            if (!copy.TryAdd(k.Kind, k)) throw new ArgumentException($"front end '{k.Kind}' is registered twice.", nameof(kinds));
        return new FrontEndCatalog(copy);
    }

    /// <summary>This catalog plus those of <paramref name="kinds"/> whose name is not registered yet (an application's own
    /// registration of a kind wins).</summary>
    public FrontEndCatalog Including(params IFrontEndKind[] kinds) => With([.. kinds.Where(k => !_kinds.ContainsKey(k.Kind))]);

    /// <summary>Every registered kind, by name.</summary>
    public IReadOnlyCollection<IFrontEndKind> Kinds => _kinds.Values;

    /// <summary>The kinds registered for <paramref name="modality"/>, sorted by name.</summary>
    public IEnumerable<IFrontEndKind> For(Modality modality) => _kinds.Values.Where(k => k.Modality == modality).OrderBy(k => k.Kind, StringComparer.Ordinal);

    public bool TryGet(string kind, out IFrontEndKind frontEnd) => _kinds.TryGetValue(kind, out frontEnd!);

    /// <summary>The kind named <paramref name="kind"/>; an unknown name is one line listing what is registered.</summary>
    /// <param name="setting">the setting that named it, for the message (e.g. "audio encoder").</param>
    /// <param name="modality">the modality the setting is for: the message lists that modality's kinds only; null: every kind.</param>
    public IFrontEndKind Get(string kind, string setting = "front end", Modality? modality = null)
    {
        if (TryGet(kind, out var k)) return k;
        var listed = _kinds.Values.Where(x => modality is null || x.Modality == modality).Select(x => x.Kind).Order(StringComparer.Ordinal).ToList();
        throw new SureUserException($"unknown {setting} '{kind}' (registered: {(listed.Count == 0 ? "none — the application registers front ends, e.g. Sure.Audio's" : string.Join(", ", listed))}).");
    }
}
