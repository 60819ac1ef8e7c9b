namespace Sure.Tests.FrontEnds;

/// <summary>
/// A two-class JSONL corpus whose utterances name recordings (and carry no vectors): <paramref name="dialogues"/> dialogues
/// of <paramref name="perDialogue"/> utterances, speakers a/b alternating, the first 60 % train, the next 15 % valid, the
/// rest test. <paramref name="record"/> writes utterance (dialogue, index)'s recording of class y (0 or 1) to the given path.
/// </summary>
internal static class RecordingCorpus
{
    public static string Write(string dir, string[] classes, int dialogues, int perDialogue, string extension, int seed, Action<string, int, Random, int, int> record)
    {
        var rng = new Random(seed);
        Directory.CreateDirectory(Path.Combine(dir, "rec"));
        var lines = new List<string> { $"{{\"sure_format\": 1, \"classes\": [\"{classes[0]}\", \"{classes[1]}\"]}}" };
        int train = (int)(dialogues * 0.6), valid = (int)(dialogues * 0.75);
        for (int d = 0; d < dialogues; d++)
        {
            var utts = new List<string>();
            for (int i = 0; i < perDialogue; i++)
            {
                int y = rng.Next(2);
                var file = $"rec/d{d}-u{i}{extension}";
                record(Path.Combine(dir, file), y, rng, d, i);
                utts.Add($"{{\"speaker\": \"{(i % 2 == 0 ? "a" : "b")}\", \"label\": \"{classes[y]}\", \"audio\": \"{file}\"}}");
            }
            lines.Add($"{{\"id\": \"c{d}\", \"split\": \"{(d < train ? "train" : d < valid ? "valid" : "test")}\", \"utterances\": [{string.Join(", ", utts)}]}}");
        }
        var path = Path.Combine(dir, "calls.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
