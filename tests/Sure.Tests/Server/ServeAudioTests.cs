using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Inference;
using Sure.Server;

namespace Sure.Tests.Server;

/// <summary>Turns that carry recordings: inline base64 and multipart uploads are labelled as <see cref="SurePredictor"/>
/// labels the same files; the limits on a recording's bytes and seconds; bad recordings and recordings sent to a model
/// without an audio front end are 4xx naming the field; live sessions with recordings.</summary>
public class ServeAudioTests(AudioServedModels models) : IClassFixture<AudioServedModels>
{
    /// <summary>The conversation <see cref="SurePredictor.Predict"/> reads: the same recordings, as files.</summary>
    private static Conversation FromFiles(string id, IEnumerable<string> wavs) =>
        new(id, wavs.Select((w, i) => new Turn(i % 2 == 0 ? "a" : "b", null, Audio: new AudioSegment(w))).ToList());

    private static JsonObject ConversationJson(string id, IEnumerable<string> wavs) =>
        new() { ["id"] = id, ["turns"] = new JsonArray(wavs.Select((w, i) => (JsonNode?)AudioServedModels.AudioTurnJson(i % 2 == 0 ? "a" : "b", w)).ToArray()) };

    private static async Task<double> Metric(ServerUnderTest server, string name)
    {
        var line = (await server.Client.GetStringAsync("/metrics")).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ABase64RecordingIsLabelledAsThePredictorLabelsTheFile()
    {
        await using var server = await ServerUnderTest.InMemory(models.Audio);
        string[] wavs = [models.Recordings[0], models.Recordings[5], models.Recordings[2]];
        var body = await ServerUnderTest.Json(await server.Post("/v1/predict", ConversationJson("call-9", wavs)));
        var expected = models.Audio.Predict(FromFiles("call-9", wavs));
        var turns = body["turns"]!.AsArray();
        Assert.Equal(3, turns.Count);
        for (int i = 0; i < 3; i++) ServedModels.AssertSameRecord(expected[i], turns[i]);

        // a data: URL (what a browser's FileReader gives) is the same recording
        var dataUrl = new JsonObject { ["turns"] = new JsonArray(new JsonObject { ["speaker"] = "a",
            ["audio"] = new JsonObject { ["base64"] = "data:audio/wav;base64," + Convert.ToBase64String(File.ReadAllBytes(wavs[0])), ["name"] = "hello.wav" } }) };
        var one = await ServerUnderTest.Json(await server.Post("/v1/predict", dataUrl));
        ServedModels.AssertSameRecord(models.Audio.Predict(FromFiles("1", wavs[..1]))[0], one["turns"]![0]);

        Assert.Equal(4, await Metric(server, "sure_audio_turns_total"));
        Assert.Equal(wavs.Sum(w => new FileInfo(w).Length) + new FileInfo(wavs[0]).Length, await Metric(server, "sure_audio_bytes_total"));
        Assert.Equal(4 * 0.5, await Metric(server, "sure_audio_seconds_total"), 6); // four recordings of 8000 samples at 16 kHz
    }

    [Fact]
    public async Task AMultipartUploadNamesItsFilePartsFromTheTurns()
    {
        await using var server = await ServerUnderTest.InMemory(models.Audio);
        string[] wavs = [models.Recordings[6], models.Recordings[1]];
        using var form = new MultipartFormDataContent
        {
            { new StringContent("{\"id\": \"up\", \"turns\": [{\"speaker\": \"a\", \"audio\": {\"part\": \"first\"}}, {\"speaker\": \"b\", \"audio\": {\"part\": \"second\"}}]}", Encoding.UTF8, "application/json"), "conversation" },
            { new ByteArrayContent(File.ReadAllBytes(wavs[0])), "first", "first.wav" },
            { new ByteArrayContent(File.ReadAllBytes(wavs[1])), "second", "second.wav" },
        };
        var body = await ServerUnderTest.Json(await server.Client.PostAsync("/v1/predict", form));
        var expected = models.Audio.Predict(FromFiles("up", wavs));
        for (int i = 0; i < 2; i++) ServedModels.AssertSameRecord(expected[i], body["turns"]![i]);

        // a live turn: a "turn" JSON part and an "audio" file part
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        using var live = new MultipartFormDataContent
        {
            { new StringContent("{\"speaker\": \"a\"}", Encoding.UTF8, "application/json"), "turn" },
            { new ByteArrayContent(File.ReadAllBytes(wavs[0])), "audio", "mic.wav" },
        };
        var update = await ServerUnderTest.Json(await server.Client.PostAsync($"/v1/sessions/{id}/utterances", live));
        ServedModels.AssertSameRecord(models.Audio.Predict(FromFiles(id, wavs[..1]))[0], update["prediction"]);
    }

    [Fact]
    public async Task ALiveSessionWithRecordingsEqualsTheWholeConversationAtEveryTurn()
    {
        Assert.True(models.Audio.IsCausal);
        await using var server = await ServerUnderTest.InMemory(models.Audio);
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        var said = new List<string>();
        foreach (int k in new[] { 3, 7, 0, 4, 5 })
        {
            said.Add(models.Recordings[k]);
            var update = await ServerUnderTest.Json(await server.Post($"/v1/sessions/{id}/utterances", AudioServedModels.AudioTurnJson(said.Count % 2 == 1 ? "a" : "b", models.Recordings[k])));
            var expected = models.Audio.Predict(FromFiles(id, said));
            ServedModels.AssertSameRecord(expected[^1], update["prediction"]);
            Assert.Empty(update["revised"]!.AsArray()); // causal: earlier turns keep their labels
        }
        var state = await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{id}"));
        var all = models.Audio.Predict(FromFiles(id, said));
        for (int i = 0; i < all.Count; i++) ServedModels.AssertSameRecord(all[i], state["turns"]![i]);
    }

    [Fact]
    public async Task TheModelSaysWhetherItReadsRecordingsAndTheLimits()
    {
        await using (var server = await ServerUnderTest.InMemory(models.Audio))
        {
            var m = await ServerUnderTest.Json(await server.Client.GetAsync("/v1/model"));
            Assert.True((bool)m["reads_recordings"]!);
            var fe = Assert.Single(m["front_ends"]!.AsArray())!;
            Assert.Equal(("audio", "descriptors"), ((string?)fe["modality"], (string?)fe["kind"]));
            Assert.Equal((int)m["dims"]!["audio"]!, (int)fe["dim"]!);
            Assert.Equal(10_000_000, (long)m["limits"]!["max_audio_bytes"]!);
            Assert.Equal(60, (double)m["limits"]!["max_audio_seconds"]!);
            Assert.Equal(1L << 30, (long)m["limits"]!["max_session_audio_bytes"]!);
            Assert.Equal(1_048_576 + 13_333_336, (long)m["limits"]!["max_request_bytes"]!); // 1 MiB + one 10 MB recording in base64 (4 characters per 3 bytes)
        }
        await using (var server = await ServerUnderTest.InMemory(models.NoAudio))
        {
            var m = await ServerUnderTest.Json(await server.Client.GetAsync("/v1/model"));
            Assert.False((bool)m["reads_recordings"]!);
            Assert.Empty(m["front_ends"]!.AsArray());
            Assert.Equal(1_048_576, (long)m["limits"]!["max_request_bytes"]!);
        }
    }

    [Fact]
    public async Task ARecordingOverTheLimitsIs413NamingTheFieldAndTheLimit()
    {
        var wav = models.Recordings[4];
        Assert.InRange(new FileInfo(wav).Length, 16_000, 16_100); // 0.5 s of 16-bit samples at 16 kHz, and a header
        await using var server = await ServerUnderTest.InMemory(models.Audio, new ServeOptions { MaxAudioBytes = 12_000 });
        var body = ConversationJson("c", [models.Recordings[1], wav]);
        // each recording is over 12 000 bytes: the first one is named
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", body), 413, "turns[0].audio");
        Assert.Equal($"turns[0].audio: the recording has {new FileInfo(models.Recordings[1]).Length} bytes, over the limit of 12000 bytes (--max-audio-bytes).", (string)problem["detail"]!);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("{\"speaker\": \"a\"}", Encoding.UTF8, "application/json"), "turn" },
            { new ByteArrayContent(File.ReadAllBytes(wav)), "audio", "big.wav" },
        };
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        problem = await ServerUnderTest.Problem(await server.Client.PostAsync($"/v1/sessions/{id}/utterances", form), 413, "audio");
        Assert.Contains("(--max-audio-bytes)", (string)problem["detail"]!);

        await using var timed = await ServerUnderTest.InMemory(models.Audio, new ServeOptions { MaxAudioSeconds = 0.4 });
        problem = await ServerUnderTest.Problem(await timed.Post("/v1/predict", ConversationJson("c", [wav])), 413, "turns[0].audio");
        Assert.Equal("turns[0].audio: the recording lasts 0.5 s, over the limit of 0.4 s (--max-audio-seconds).", (string)problem["detail"]!);
        Assert.Equal(0, await Metric(timed, "sure_audio_turns_total"));
    }

    [Fact]
    public async Task OpenSessionsHoldAtMostMaxSessionAudioBytesOfRecordings()
    {
        var wav = models.Recordings[2];
        long size = new FileInfo(wav).Length;
        await using var server = await ServerUnderTest.InMemory(models.Audio, new ServeOptions { MaxSessionAudioBytes = 2 * size + 100 });
        async Task<string> Open() => (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        Task<HttpResponseMessage> Say(string id) => server.Post($"/v1/sessions/{id}/utterances", AudioServedModels.AudioTurnJson("a", wav));
        var a = await Open();
        await ServerUnderTest.Json(await Say(a));
        await ServerUnderTest.Json(await Say(a));
        Assert.Equal(2 * size, await Metric(server, "sure_session_audio_bytes"));
        var problem = await ServerUnderTest.Problem(await Say(a), 429, "audio");
        Assert.Equal($"audio: open sessions hold {2 * size} bytes of recordings; this one's {size} would pass the limit of {2 * size + 100} (--max-session-audio-bytes); " +
            "close sessions (DELETE /v1/sessions/{id}) or wait for idle ones to expire.", (string)problem["detail"]!);
        var b = await Open();
        await ServerUnderTest.Problem(await Say(b), 429, "audio");
        await ServerUnderTest.Json(await server.Post("/v1/predict", ConversationJson("c", [wav, wav, wav]))); // a whole conversation holds nothing
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/v1/sessions/{a}")).StatusCode);
        Assert.Equal(0, await Metric(server, "sure_session_audio_bytes"));
        await ServerUnderTest.Json(await Say(b));
        Assert.Equal(size, await Metric(server, "sure_session_audio_bytes"));
        Assert.Single((await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{b}")))["turns"]!.AsArray()); // the refused turn was not kept
    }

    public static TheoryData<string, string, string> BadAudioTurns => new()
    {
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"UklGRi$$$\"}}", "turns[0].audio.base64", "not valid base64" },
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"\"}}", "turns[0].audio", "empty" },
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGF1ZGlvIGF0IGFsbA==\", \"name\": \"notes.txt\"}}", "turns[0].audio", "notes.txt: " },
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"UklGRiQAAABXQVZF\"}}", "turns[0].audio", "turns[0].audio: " }, // a WAV header cut short
        { "{\"speaker\": \"a\", \"audio\": \"UklGRiQAAABXQVZF\"}", "turns[0].audio", "expected an object" },
        { "{\"speaker\": \"a\", \"audio\": {}}", "turns[0].audio", "expected {\"base64\"" },
        { "{\"speaker\": \"a\", \"audio\": {\"part\": \"rec\"}}", "turns[0].audio.part", "multipart/form-data" },
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"AAAA\", \"part\": \"rec\"}}", "turns[0].audio", "not both" },
        { "{\"speaker\": \"a\", \"audio\": {\"base64\": \"AAAA\", \"format\": \"wav\"}}", "turns[0].audio.format", "unknown field 'format'" },
        { "{\"speaker\": \"a\", \"features\": {\"audio\": [1, 2]}}", "turns[0].features.audio", "send the turn's recording as audio" },
    };

    [Theory]
    [MemberData(nameof(BadAudioTurns))]
    public async Task ABadRecordingIs400NamingTheField(string turn, string field, string says)
    {
        await using var server = await ServerUnderTest.InMemory(models.Audio);
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", $"{{\"turns\": [{turn}]}}"), 400, field);
        var detail = (string)problem["detail"]!;
        Assert.StartsWith(field + ": ", detail);
        Assert.Contains(says, detail);
        Assert.DoesNotContain('\n', detail);
        Assert.DoesNotContain("System.", detail);
    }

    [Fact]
    public async Task ABadMultipartRequestIs400NamingThePart()
    {
        await using var server = await ServerUnderTest.InMemory(models.Audio);
        var wav = File.ReadAllBytes(models.Recordings[0]);
        MultipartFormDataContent Form(string? json, params (string Name, byte[] Bytes)[] files)
        {
            var form = new MultipartFormDataContent();
            if (json is not null) form.Add(new StringContent(json, Encoding.UTF8, "application/json"), "conversation");
            foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), name, name + ".wav");
            return form;
        }
        const string Turn = "{\"turns\": [{\"speaker\": \"a\", \"audio\": {\"part\": \"rec\"}}]}";
        await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", Form(null, ("rec", wav))), 400, "conversation");
        var problem = await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", Form(Turn, ("other", wav))), 400, "turns[0].audio.part");
        Assert.Contains("no file part named 'rec' (it has: other)", (string)problem["detail"]!);
        problem = await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", Form(Turn, ("rec", wav), ("spare", wav))), 400, "spare");
        Assert.Contains("no turn uses", (string)problem["detail"]!);
        await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", Form(Turn, ("rec", "not audio at all"u8.ToArray()))), 400, "turns[0].audio");
        await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", Form("{\"turns\": [", ("rec", wav))), 400, "conversation"); // malformed: the part, never a turn it did not reach
        var broken = new ByteArrayContent("--xyz\r\nContent-Disposition: form-data; name=\"conversation\"\r\n\r\n{}"u8.ToArray());
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        await ServerUnderTest.Problem(await server.Client.PostAsync("/v1/predict", broken), 400, "body");
    }

    [Fact]
    public async Task ARecordingSentToAModelWithoutAnAudioFrontEndIs400()
    {
        await using var server = await ServerUnderTest.InMemory(models.NoAudio);
        var turn = AudioServedModels.AudioTurnJson("a", models.Recordings[0]);
        turn["features"] = new JsonObject { ["text"] = new JsonArray(1, 0, 0.5, 0) };
        var problem = await ServerUnderTest.Problem(await server.Post("/v1/predict", new JsonObject { ["turns"] = new JsonArray(turn) }), 400, "turns[0].audio");
        Assert.Equal("turns[0].audio: this model does not read audio (modalities: text); leave audio out.", (string)problem["detail"]!);
        var id = (string)(await ServerUnderTest.Json(await server.Client.PostAsync("/v1/sessions", null), 201))["id"]!;
        await ServerUnderTest.Problem(await server.Post($"/v1/sessions/{id}/utterances", turn.DeepClone()), 400, "audio");
        Assert.Empty((await ServerUnderTest.Json(await server.Client.GetAsync($"/v1/sessions/{id}")))["turns"]!.AsArray());
    }

    [Fact]
    public void AModelThatReadsGivenAudioVectorsSaysSo()
    {
        var why = new AudioSupport(null, true, 74, "text, audio").WhyNoRecordings();
        Assert.Equal("this model has no audio front end: it reads audio as given vectors of 74 values (features.audio), not recordings.", why);
        Assert.False(new AudioSupport("descriptors", false, 0, "text").ReadsRecordings);
    }
}
