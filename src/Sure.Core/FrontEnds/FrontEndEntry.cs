using System.Text.Json.Nodes;

namespace Sure.FrontEnds;

/// <summary>One front end of a model file (manifest <c>front_ends</c>, format version 2): its entries lie under
/// <c>front_ends/{modality}/</c>.</summary>
/// <param name="Modality">the modality's name ("text", "audio", "visual").</param>
/// <param name="Kind">the registered kind (<see cref="IFrontEndKind.Kind"/>).</param>
/// <param name="Dim">the size of its vectors.</param>
/// <param name="Settings">what <see cref="IFrontEnd.Describe"/> said (version, settings, provenance).</param>
/// <param name="Fingerprint">SHA-256 over its entries' names and hashes (filled in when the file is written).</param>
public sealed record FrontEndEntry(string Modality, string Kind, int Dim, JsonObject Settings, string? Fingerprint = null)
{
    /// <summary>The folder of its entries in the model file.</summary>
    public string Prefix => PrefixOf(Modality);

    /// <summary>The folder of a <paramref name="modality"/>'s front end in the model file.</summary>
    public static string PrefixOf(string modality) => $"front_ends/{modality}/";
}
