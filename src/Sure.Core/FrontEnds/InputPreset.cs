using System.Text.Json.Nodes;

namespace Sure.FrontEnds;

/// <summary>
/// The settings the evidence picked for SURE on one kind of input (given vectors, a front end's vectors), layered over the
/// defaults and under any file or command-line value (<see cref="Loading.InputPresets"/>).
/// </summary>
/// <param name="Input">what the input is, for the user: "given vectors", "minilm-ft", "textcnn", …</param>
/// <param name="Settings">config.json keys and values.</param>
/// <param name="Evidence">where the measured rows behind <paramref name="Settings"/> are (a docs section).</param>
public sealed record InputPreset(string Input, JsonObject Settings, string Evidence)
{
    /// <summary>A copy for another input with the same settings (a fresh <see cref="JsonObject"/>, so layers never share nodes).</summary>
    public InputPreset For(string input) => new(input, Settings.DeepClone().AsObject(), Evidence);
}
