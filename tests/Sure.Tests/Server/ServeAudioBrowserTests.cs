using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Sure.Data;
using Sure.Inference;

namespace Sure.Tests.Server;

/// <summary>The web page records a turn from the microphone, in a real browser (Debian's chromium driven by Playwright,
/// its fake capture device playing a WAV file), against <c>sure serve</c> on a free loopback port with a model that reads
/// recordings.</summary>
public class ServeAudioBrowserTests(AudioServedModels models) : IClassFixture<AudioServedModels>
{
    [ChromiumFact]
    public async Task RecordingATurnFromTheMicrophoneShowsItsLabelAndConfidence()
    {
        // what the fake microphone plays: 3 s of the loud, high recording the model was trained on as "upset"
        var mic = AudioServedModels.WriteWav(Path.Combine(models.Folder, "mic.wav"), AudioServedModels.Tone(6, 3, 48000), 48000);
        await using var server = await ServerUnderTest.Loopback(models.Audio);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-audio-capture={mic}", "--autoplay-policy=no-user-gesture-required"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["microphone"] });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        string? sent = null; // the live turn the page posts
        page.Request += (_, r) => { if (r.Url.EndsWith("/utterances", StringComparison.Ordinal)) sent = r.PostData; };
        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.Contains("audio: descriptors", await page.TextContentAsync("#model"));
        Assert.True(await page.IsVisibleAsync("#record"));

        await page.FillAsync("#speaker", "Ann");
        await page.ClickAsync("#record");
        await page.WaitForSelectorAsync("body[data-recording=true]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.WaitForTimeoutAsync(1200);
        Assert.Equal("■ Stop", await page.TextContentAsync("#record"));
        await page.ClickAsync("#record");
        await page.WaitForSelectorAsync(".turn[data-index='0'] .label", new PageWaitForSelectorOptions { Timeout = 15_000 });

        Assert.Equal("", await page.TextContentAsync("#status"));
        Assert.Empty(errors);
        Assert.Equal("Ann", await page.TextContentAsync(".turn .who"));
        Assert.Matches(@"^recorded \d\.\d s$", await page.TextContentAsync(".turn .clip"));

        // the page sent a 16-bit mono WAV in base64, and shows the label and confidence the library gives that recording
        var turn = JsonNode.Parse(sent!)!;
        Assert.Equal("Ann", (string?)turn["speaker"]);
        Assert.Null(turn["text"]);
        var wav = Convert.FromBase64String((string)turn["audio"]!["base64"]!);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal((1, 16), (BitConverter.ToInt16(wav, 22), BitConverter.ToInt16(wav, 34))); // channels, bits per sample
        var file = Path.Combine(models.Folder, "sent.wav");
        File.WriteAllBytes(file, wav);
        var expected = models.Audio.Predict(new Conversation("page", [new Turn("Ann", null, Audio: new AudioSegment(file))]))[0];
        Assert.Equal(expected.Label, await page.TextContentAsync(".turn .label"));
        PageText.AssertShows(await page.TextContentAsync(".turn .confidence"), "confidence ", "%", expected.Confidence * 100, PageText.Percent);
        PageText.AssertShows(await page.TextContentAsync(".turn .entropy"), "uncertainty ", " nats", expected.Entropy, PageText.ThreeDecimals);

        // the server got one recording of about the time the button was held (the page sends what it captured)
        var metrics = (await server.Client.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains("sure_audio_turns_total 1", metrics);
        var seconds = double.Parse(metrics.Single(l => l.StartsWith("sure_audio_seconds_total ", StringComparison.Ordinal))[25..], CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 0.8, 5);
        if (Environment.GetEnvironmentVariable("SURE_SCREENSHOT") is { Length: > 0 } shot)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
    }
}
