using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sure.Reporting;

/// <summary>JSON settings of the run-folder files (result.json, history.json, table.json): snake_case names, indented.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Rounds a fraction in [0, 1] to a percentage with 2 decimals (the unit of every metric in the run files).</summary>
    public static double Percent(double fraction) => Math.Round(fraction * 100, 2, MidpointRounding.AwayFromZero);
}
