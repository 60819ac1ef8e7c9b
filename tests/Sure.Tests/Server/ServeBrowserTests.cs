using Microsoft.Playwright;
using Sure.Configuration;
using Sure.Data;
using Sure.Inference;
using Sure.Runs;
using Sure.Loading;

namespace Sure.Tests.Server;

/// <summary>The web page in a real browser (Debian's chromium driven by Playwright) against <c>sure serve</c> on a
/// free loopback port, with a model that reads raw text (GloVe TextCNN) and the whole conversation.</summary>
public class ServeBrowserTests
{
    [ChromiumFact]
    public async Task TypingTwoTurnsShowsTheirLabelsConfidenceUncertaintyAndRouting()
    {
        var (data, glove) = Sure.Tests.Text.TranscriptPipelineTests.Files();
        var dir = Path.GetDirectoryName(data)!;
        try
        {
            var config = new SureConfig
            {
                Data = data, Glove = glove, Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 2, BatchSize = 4, Lr = 3e-3, Threads = 1,
                TextCnn = new Sure.Configuration.TextCnnOptions { Epochs = 3, Filters = 8, FeatureSize = 12 },
            }.Validate();
            TrainingRun.Execute(config, DataSource.Load(config, null, Path.Combine(dir, "cache")), Path.Combine(dir, "run"));
            using var predictor = SurePredictor.Open(Path.Combine(dir, "run", ModelFile.FileName));
            Assert.False(predictor.IsCausal);
            await using var server = await ServerUnderTest.Loopback(predictor);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(server.Address.ToString());
            await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.Contains("pos, neg", await page.TextContentAsync("#model"));
            // the model's warnings (its training result) in the header, and what the colours and the uncertainty mean
            Assert.Equal(predictor.Warnings.Select(w => $"Warning: {w}"), await page.Locator("#warnings li").AllTextContentsAsync());
            Assert.Equal(predictor.Warnings.Count > 0, await page.IsVisibleAsync("#warnings"));
            var legend = await page.TextContentAsync("#legend");
            Assert.Contains($"0 = certain, {Math.Log(2).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)} = no idea", legend);
            Assert.Contains("expert 1", legend);

            (string Speaker, string Text)[] said = [("Ann", "the day is so great , love it"), ("Bob", "the day is awful , hate it")];
            for (int i = 0; i < said.Length; i++)
            {
                await page.FillAsync("#speaker", said[i].Speaker);
                await page.FillAsync("#text", said[i].Text);
                await page.PressAsync("#text", "Enter");
                await page.WaitForSelectorAsync($".turn[data-index='{i}'] .label", new PageWaitForSelectorOptions { Timeout = 15_000 });
            }
            var expected = predictor.Predict(new Conversation("page", said.Select(s => new Turn(s.Speaker, s.Text)).ToList()));
            // every turn shows the whole conversation's label (the first one revised when the second arrived)
            Assert.Equal(expected.Select(t => t.Label), await page.Locator(".turn .label").AllTextContentsAsync());
            Assert.Equal(said.Select(s => s.Speaker), await page.Locator(".turn .who").AllTextContentsAsync());
            var confidences = await page.Locator(".turn .confidence").AllTextContentsAsync();
            var entropies = await page.Locator(".turn .entropy").AllTextContentsAsync();
            Assert.Equal(expected.Count, confidences.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                PageText.AssertShows(confidences[i], "confidence ", "%", expected[i].Confidence * 100, PageText.Percent);
                PageText.AssertShows(entropies[i], "uncertainty ", " nats", expected[i].Entropy, PageText.ThreeDecimals);
            }
            // the chart: one lane per speaker, one bar per turn in its speaker's lane, coloured by the label, as tall as the confidence
            Assert.True(await page.IsVisibleAsync("#chart svg"));
            Assert.Equal(said.Select(s => s.Speaker), await page.Locator("#chart .lane").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.speaker)"));
            for (int i = 0; i < expected.Count; i++)
            {
                var mark = page.Locator($"#chart .lane[data-speaker='{said[i].Speaker}'] .mark[data-index='{i}']");
                Assert.Equal(expected[i].Label, await mark.GetAttributeAsync("data-label"));
                var shownConfidence = double.Parse((await mark.GetAttributeAsync("data-confidence"))!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(shownConfidence - expected[i].Confidence) <= 0.0001, $"bar {i}: confidence {shownConfidence}, expected {expected[i].Confidence}");
                Assert.Contains($"turn {i + 1} · {said[i].Speaker} · ", await mark.Locator("title").TextContentAsync());
                // the bar's height is its confidence's share of the lane (44 px; at least 2 px)
                var height = double.Parse((await mark.GetAttributeAsync("height"))!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(height - Math.Max(2, expected[i].Confidence * 44)) <= 0.01, $"bar {i}: height {height}");
            }
            var fills = await page.Locator("#chart .mark").EvaluateAllAsync<string[]>("ms => ms.map(m => m.getAttribute('fill'))");
            Assert.Equal(expected[0].Label == expected[1].Label, fills[0] == fills[1]);
            var chartKey = await page.TextContentAsync("#chartkey");
            foreach (var label in expected.Select(t => t.Label).Distinct()) Assert.Contains(label, chartKey);
            Assert.Equal(2, await page.Locator(".turn .routing .stack").CountAsync()); // one modality (text), its 3 experts
            Assert.Equal(6, await page.Locator(".turn .routing .stack > span").CountAsync());
            Assert.Equal("", await page.TextContentAsync("#status"));
            Assert.Empty(errors);
            if (Environment.GetEnvironmentVariable("SURE_SCREENSHOT") is { Length: > 0 } shot)
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Numbers the page shows, checked against the library's. The page rounds the served value, itself rounded to 4
/// decimals (0.00005, or 0.005 percentage points), so a shown number may differ from the library's by half its last
/// digit plus that.</summary>
public static class PageText
{
    /// <summary>Tolerance of a confidence shown as a whole percentage.</summary>
    public const double Percent = 0.5 + 0.005;
    /// <summary>Tolerance of an entropy shown with 3 decimals.</summary>
    public const double ThreeDecimals = 0.0005 + 0.00005;

    /// <summary>Asserts that <paramref name="shown"/> is <paramref name="prefix"/>, a number within
    /// <paramref name="tolerance"/> of <paramref name="expected"/>, then <paramref name="suffix"/>.</summary>
    public static void AssertShows(string? shown, string prefix, string suffix, double expected, double tolerance)
    {
        Assert.NotNull(shown);
        Assert.StartsWith(prefix, shown);
        Assert.EndsWith(suffix, shown);
        var number = double.Parse(shown[prefix.Length..^suffix.Length], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(number - expected) <= tolerance + 1e-9, $"'{shown}' is not {expected} rounded");
    }
}
