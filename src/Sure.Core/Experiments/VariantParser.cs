using System.Globalization;
using System.Text.Json.Nodes;
using Sure.Configuration;
using Sure.Errors;

namespace Sure.Experiments;

/// <summary>
/// Parses the variant list of an experiment, e.g. <c>"full,no-moe,no-reasoning,t,a,v,ta,softmax,causal"</c>.
/// <list type="bullet">
/// <item>Named variants: full (base), no-moe (UseMoe=false), no-reasoning (UseReasoning=false), softmax (Routing=Softmax),
/// causal (Context=Causal), no-sampling (SampleExperts=false), sum-heads (Classifier=SumHeads), residual (Residual=true),
/// the models sure, linear, mlp, bigru and bigru-causal (Model, with Context=Causal for the last), and any modality subset
/// written with the letters t, a, v (t, a, v, ta, tv, av, tav → Modalities).</item>
/// <item>Overrides: <c>key=value</c>, several joined with ';', optionally named: <c>"big:hidden=2048;heads=16"</c>.
/// A key is any configuration property, in any of the spellings top-k / topK / top_k / TopK, synth properties as
/// synth.text-corruption; the shortcut <c>corruption=p</c> sets the SynthERC corruption of all three modalities. An
/// item without '=' inside an override list is a named variant applied in order (<c>"moe-off-noisy:no-moe;corruption=0.4"</c>).
/// Unnamed overrides are named after their text (<c>corruption=0.4</c>).</item>
/// </list>
/// Variants are separated by ',' (so values cannot contain ','). Every resulting configuration is validated by the grid.
/// </summary>
public static class VariantParser
{
    /// <summary>Named variants other than modality subsets, with what they change.</summary>
    public static IReadOnlyDictionary<string, Variant> Named { get; } = new Dictionary<string, Variant>(StringComparer.OrdinalIgnoreCase)
    {
        ["full"] = Variant.Full,
        ["no-moe"] = new("no-moe", "UseMoe=false", c => c with { UseMoe = false }),
        ["no-reasoning"] = new("no-reasoning", "UseReasoning=false", c => c with { UseReasoning = false }),
        ["softmax"] = new("softmax", "Routing=Softmax", c => c with { Routing = RoutingMode.Softmax }),
        ["causal"] = new("causal", "Context=Causal", c => c with { Context = ContextMode.Causal }),
        ["no-sampling"] = new("no-sampling", "SampleExperts=false", c => c with { SampleExperts = false }),
        ["sum-heads"] = new("sum-heads", "Classifier=SumHeads", c => c with { Classifier = ClassifierMode.SumHeads }),
        ["residual"] = new("residual", "Residual=true", c => c with { Residual = true }),
        ["sure"] = new("sure", "Model=sure", c => c with { Model = "sure" }),
        ["linear"] = new("linear", "Model=linear", c => c with { Model = "linear" }),
        ["mlp"] = new("mlp", "Model=mlp", c => c with { Model = "mlp" }),
        ["bigru"] = new("bigru", "Model=bigru", c => c with { Model = "bigru" }),
        ["bigru-causal"] = new("bigru-causal", "Model=bigru; Context=Causal", c => c with { Model = "bigru", Context = ContextMode.Causal }),
    };

    /// <summary>Parses a comma-separated variant list; names must be distinct.</summary>
    public static IReadOnlyList<Variant> Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new SureUserException($"{Setting.Name("variants")} is empty: give e.g. 'full,no-moe'.");
        var variants = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseOne).ToList();
        var dup = variants.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new SureUserException($"Variant '{dup.Key}' is given twice in '{spec}'.");
        return variants;
    }

    /// <summary>Parses one variant: a name, a modality subset, or "[name:]key=value;key=value".</summary>
    public static Variant ParseOne(string token)
    {
        token = token.Trim();
        if (token.Length == 0) throw new SureUserException("Empty variant name.");
        string? name = null;
        string body = token;
        int colon = token.IndexOf(':');
        if (colon >= 0)
        {
            name = token[..colon].Trim();
            body = token[(colon + 1)..].Trim();
            if (name.Length == 0) throw new SureUserException($"Variant '{token}': the name before ':' is empty.");
        }
        if (!body.Contains('=') && !body.Contains(';'))
        {
            var v = Simple(body) ?? throw Unknown(body);
            return name is null ? v : v with { Name = CheckName(name) };
        }
        var steps = new List<(string Description, Func<SureConfig, SureConfig> Apply)>();
        foreach (var item in body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=');
            if (eq < 0)
            {
                var v = Simple(item) ?? throw Unknown(item);
                steps.Add((v.Description, v.Apply));
                continue;
            }
            var key = item[..eq].Trim();
            var value = item[(eq + 1)..].Trim();
            if (key.Length == 0) throw new SureUserException($"Variant '{token}': '{item}' has no key before '='.");
            steps.Add(($"{key}={value}", c => ApplyOverride(c, key, value)));
        }
        if (steps.Count == 0) throw new SureUserException($"Variant '{token}' has no override.");
        var steps2 = steps.ToArray();
        return new Variant(CheckName(name ?? body), string.Join("; ", steps2.Select(s => s.Description)),
            c => steps2.Aggregate(c, (acc, s) => s.Apply(acc)));
    }

    private static Variant? Simple(string name)
    {
        if (Named.TryGetValue(name, out var v)) return v;
        var lower = name.ToLowerInvariant();
        if (lower.Length is >= 1 and <= 3 && lower.All(ch => ch is 't' or 'a' or 'v') && lower.Distinct().Count() == lower.Length)
        {
            var mods = Data.Modalities.Format(Data.Modalities.Parse(lower));
            return new Variant(lower, $"Modalities={mods}", c => c with { Modalities = mods });
        }
        return null;
    }

    private static SureUserException Unknown(string name) => new(
        $"Unknown variant '{name}'. Use one of {string.Join(", ", Named.Keys)}, a modality subset (t, a, v, ta, tv, av, tav), " +
        "or overrides like 'name:key=value;key=value' (e.g. 'corruption=0.4' or 'big:hidden=2048').");

    /// <summary>Variant names become folder names: no path separators, no "." or "..", no control characters.</summary>
    public static string CheckName(string name)
    {
        var bad = Path.GetInvalidFileNameChars().Concat(['/', '\\', '*', '?', '"', '<', '>', '|']).ToHashSet();
        if (name is "." or ".." || name.Any(ch => bad.Contains(ch) || char.IsControl(ch)) || name.Trim() != name || name.Length == 0)
            throw new SureUserException($"Variant name '{name}' cannot be a folder name: use letters, digits, '-', '_', '.', '='.");
        return name;
    }

    /// <summary>
    /// Sets one configuration value given as text. The value is typed after the current value (number, true/false, or
    /// text, enums by name such as softmax or causal) and the configuration is re-read, so a bad value is reported as
    /// a <see cref="SureUserException"/> naming the key.
    /// </summary>
    public static SureConfig ApplyOverride(SureConfig config, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Normalize(key) == "corruption")
        {
            var p = ParseDouble(key, value);
            return config with { Synth = config.Synth with { TextCorruption = p, AudioCorruption = p, VisualCorruption = p } };
        }
        var root = JsonNode.Parse(config.ToJson())!.AsObject();
        var path = key.Split('.', StringSplitOptions.TrimEntries);
        JsonObject target = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            var prop = Find(target, path[i], key);
            target = target[prop] as JsonObject ?? throw new SureUserException($"Override '{key}': '{path[i]}' is not a group of settings.");
        }
        var leaf = Find(target, path[^1], key);
        target[leaf] = TypedValue(target[leaf], key, value);
        try
        {
            return SureConfig.FromJson(root.ToJsonString(), $"override {key}={value}");
        }
        catch (SureUserException e)
        {
            throw new SureUserException($"Override '{key}={value}': {e.Message}");
        }
    }

    private static string Find(JsonObject obj, string segment, string key)
    {
        var want = Normalize(segment);
        foreach (var (name, _) in obj)
            if (Normalize(name) == want) return name;
        throw new SureUserException($"Override '{key}': unknown setting '{segment}'. Known: {string.Join(", ", obj.Select(p => p.Key))}.");
    }

    private static JsonNode? TypedValue(JsonNode? current, string key, string value)
    {
        if (current is JsonValue v)
        {
            var kind = v.GetValueKind();
            if (kind == System.Text.Json.JsonValueKind.Number) return JsonValue.Create(ParseDouble(key, value));
            if (kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                return value.ToLowerInvariant() switch
                {
                    "true" or "on" or "yes" or "1" => JsonValue.Create(true),
                    "false" or "off" or "no" or "0" => JsonValue.Create(false),
                    _ => throw new SureUserException($"Override '{key}={value}': expected true or false."),
                };
            }
        }
        if (current is JsonObject) throw new SureUserException($"Override '{key}': is a group of settings; set one of its members with {key}.<name>=<value>.");
        // "none" means null only for a setting that is null now (e.g. glove); for a named choice such as inputNorm it is text.
        if (value == "null" || (value == "none" && current is null)) return null;
        // Text, enums included: written as in a configuration file (kebab-case lower, e.g. softmax, sum-heads).
        return JsonValue.Create(value);
    }

    private static double ParseDouble(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new SureUserException($"Override '{key}={value}': expected a number.");

    private static string Normalize(string s) => new(s.Where(ch => ch is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());
}
