using System.Text.Json.Nodes;

namespace Sure.Configuration;

/// <summary>
/// Builds a <see cref="SureConfig"/> from layers, each overriding the one before: the paper's defaults, the dataset's
/// preset, a JSON/YAML file, then the options given on the command line. Layers are JSON objects with the config's
/// camelCase keys; nested objects (synth) are merged key by key.
/// </summary>
public static class ConfigLayers
{
    public static SureConfig Compose(params JsonObject?[] layers)
    {
        var merged = JsonNode.Parse(new SureConfig().ToJson())!.AsObject();
        foreach (var layer in layers)
            if (layer is not null) Merge(merged, layer);
        return SureConfig.FromJson(merged.ToJsonString(), "configuration").Validate();
    }

    /// <summary>Reads a configuration file (JSON or YAML) as a layer: only the keys it sets.</summary>
    public static JsonObject FileLayer(string path)
    {
        var text = SureConfig.ReadJsonText(path);
        SureConfig.FromJson(text, path); // validates keys and types, with a message naming the file
        return JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
    }

    public static JsonObject Layer(SureConfig config) => JsonNode.Parse(config.ToJson())!.AsObject();

    public static void Merge(JsonObject target, JsonObject layer)
    {
        foreach (var (key, value) in layer)
        {
            if (value is JsonObject obj && target[key] is JsonObject existing)
                Merge(existing, obj);
            else
                target[key] = value?.DeepClone();
        }
    }

    /// <summary>Sets a value at a dotted path ("synth.textCorruption") in a layer.</summary>
    public static void Set(JsonObject layer, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = layer;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                child = new JsonObject();
                node[parts[i]] = child;
            }
            node = child;
        }
        node[parts[^1]] = value;
    }
}
