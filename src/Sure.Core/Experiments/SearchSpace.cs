using System.Globalization;
using System.Text.Json.Nodes;
using Sure.Errors;

namespace Sure.Experiments;

/// <summary>
/// One setting searched by <c>sure tune</c>: a configuration key (as in config.json, e.g. "lr", "textCnn.epochs") and
/// either a list of choices or a numeric range sampled uniformly or log-uniformly.
/// </summary>
public sealed record SearchDimension(string Key, IReadOnlyList<string>? Choices, double Low, double High, bool Log)
{
    /// <summary>One value, as the text a variant override takes (numbers with 3 significant digits).</summary>
    public string Sample(Random rng)
    {
        if (Choices is not null) return Choices[rng.Next(Choices.Count)];
        double u = rng.NextDouble();
        double x = Log ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low))) : Low + u * (High - Low);
        return x.ToString("G3", CultureInfo.InvariantCulture);
    }

    public override string ToString() => Choices is not null
        ? $"{Key} ∈ {{{string.Join(", ", Choices)}}}"
        : $"{Key} ~ {(Log ? "log-uniform" : "uniform")}[{Low.ToString(CultureInfo.InvariantCulture)}, {High.ToString(CultureInfo.InvariantCulture)}]";
}

/// <summary>
/// A declared search space. JSON form (a file given with <c>--space</c>): an object from configuration key to either an
/// array of choices or {"log": [low, high]} / {"uniform": [low, high]}, e.g.
/// <c>{"lr": {"log": [1e-4, 2e-3]}, "dropout": [0.1, 0.3, 0.5], "residual": [false, true]}</c>.
/// </summary>
public sealed record SearchSpace(IReadOnlyList<SearchDimension> Dimensions)
{
    /// <summary>The default space for a model ("sure", "linear", "mlp", "bigru"): the settings that matter most for it.</summary>
    public static SearchSpace DefaultFor(string model) => Parse(model switch
    {
        "linear" => """{"lr": {"log": [1e-4, 1e-2]}, "weightDecay": [0, 1e-4, 1e-3, 1e-2, 0.1], "dropout": [0, 0.1, 0.3], "batchSize": [8, 16, 32]}""",
        "mlp" or "bigru" => """{"lr": {"log": [1e-4, 3e-3]}, "weightDecay": [1e-5, 1e-3, 1e-2], "dropout": [0.1, 0.3, 0.5], "hidden": [128, 256, 512], "batchSize": [8, 16, 32]}""",
        _ => """{"lr": {"log": [1e-4, 2e-3]}, "dropout": [0.1, 0.2, 0.3, 0.5], "weightDecay": [1e-5, 1e-3, 1e-2], "moeLossWeight": [0, 0.01, 0.1], "residual": [false, true], "memorySkip": [false, true], "lrSchedule": ["constant", "cosine"], "batchSize": [8, 16, 32]}""",
    }, $"default space of {model}");

    public static SearchSpace Load(string path)
    {
        if (!File.Exists(path)) throw new SureUserException($"{path}: search-space file not found ({Setting.Name("space")}).");
        return Parse(File.ReadAllText(path), path);
    }

    public static SearchSpace Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new SureUserException($"{source}: a search space is a JSON object from setting to choices or range.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SureUserException($"{source}: not valid JSON: {e.Message}");
        }
        var dims = new List<SearchDimension>();
        foreach (var (key, value) in root)
        {
            switch (value)
            {
                case JsonArray a when a.Count > 0:
                    dims.Add(new SearchDimension(key, a.Select(v => v is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        ? jv.GetValue<double>().ToString(CultureInfo.InvariantCulture) : v?.ToString() ?? "null").ToList(), 0, 0, false));
                    break;
                case JsonObject o when o.Count == 1 && (o["log"] ?? o["uniform"]) is JsonArray { Count: 2 } r:
                    bool log = o.ContainsKey("log");
                    double lo = Number(r[0], source, key), hi = Number(r[1], source, key);
                    if (!(lo < hi) || (log && lo <= 0)) throw new SureUserException($"{source}: '{key}': the range needs low < high{(log ? " and low > 0 (log scale)" : "")}.");
                    dims.Add(new SearchDimension(key, null, lo, hi, log));
                    break;
                default:
                    throw new SureUserException($"{source}: '{key}' must be a non-empty array of choices or {{\"log\": [low, high]}} / {{\"uniform\": [low, high]}}.");
            }
        }
        if (dims.Count == 0) throw new SureUserException($"{source}: the search space is empty.");
        return new SearchSpace(dims);
    }

    private static double Number(JsonNode? n, string source, string key) =>
        n is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : throw new SureUserException($"{source}: '{key}': range bounds must be numbers.");

    /// <summary>
    /// Trial <paramref name="index"/> (0-based) as a variant "trial-NNN" of overrides. Each trial draws from its own
    /// generator seeded by (searchSeed, index), so asking for more trials later keeps the earlier ones unchanged.
    /// </summary>
    public Variant Trial(int searchSeed, int index)
    {
        var rng = new Random(unchecked(searchSeed * 1_000_003 + index * 7_919 + 17));
        var values = Dimensions.Select(d => (d.Key, Value: d.Sample(rng))).ToList();
        var description = string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
        return new Variant($"trial-{index + 1:D3}", description,
            c => values.Aggregate(c, (acc, v) => VariantParser.ApplyOverride(acc, v.Key, v.Value)));
    }

    public override string ToString() => string.Join("; ", Dimensions);
}
