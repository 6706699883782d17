using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Enrollment.Functions.Http;

/// <summary>
/// What a phone downloads on weak 4G on opening morning: the pages, scripts and styles go compressed (Brotli, else
/// gzip) and are revalidated with their ETag rather than downloaded again. Only these static types are compressed:
/// an API answer mixes a family's data with what the caller sent, which compression would let an attacker read
/// byte by byte (BREACH).
/// </summary>
public static class PageWeight
{
    public static readonly string[] CompressedTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml", "image/x-icon"];

    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = CompressedTypes;
        });
        // Compressed on each request at the middle level (Brotli quality 4, gzip 6): on the entry page's files it sends
        // markedly fewer bytes than the fastest level (the browser tests' page-weight report), for CPU an instance carries.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>
    /// Static files, compressed. A file requested by its fingerprint (<see cref="FingerprintedFiles"/>) is kept by the
    /// phone for a year; anything else, the pages above all, is revalidated on every load (no-cache), so a new release
    /// is never hidden behind a cached old script.
    /// </summary>
    public static IApplicationBuilder UsePages(this IApplicationBuilder app)
    {
        var environment = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>();
        // Cached for the life of the instance in production, where the files never change under it; read afresh while developing.
        var files = new FingerprintedFiles(environment.WebRootFileProvider, cache: !environment.IsDevelopment());
        app.UseResponseCompression();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var request = context.Context.Request;
                var fingerprinted = request.Query.TryGetValue("v", out var version) && version == files.Version(request.Path.Value!);
                context.Context.Response.Headers.CacheControl = fingerprinted ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
    }
}
