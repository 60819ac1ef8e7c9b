using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sure.Server;

/// <summary>The web page at <c>/</c>: a live conversation over the session API, from files embedded in this assembly
/// (wwwroot/), with a strict content security policy (its own scripts, styles and API only). For a model that reads
/// recordings it records a turn from the microphone (recorder.js, an AudioWorklet) and sends it as a 16-bit WAV.</summary>
internal static class WebPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "www/index.html", "text/html; charset=utf-8"),
        ("/app.js", "www/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "www/app.css", "text/css; charset=utf-8"),
        ("/recorder.js", "www/recorder.js", "text/javascript; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Load(resource);
            app.MapGet(path, (HttpContext ctx) =>
            {
                var h = ctx.Response.Headers;
                h.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer";
                h.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Load(string resource)
    {
        using var s = typeof(WebPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the web page resource {resource} is missing from the assembly.");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
