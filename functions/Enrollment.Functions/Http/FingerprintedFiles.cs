using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Enrollment.Functions.Http;

/// <summary>
/// The pages as the static-file middleware serves them, with every script, style and icon they reference named by its
/// content: <c>/app.js</c> becomes <c>/js/x.js?v=3f2a…</c>, the hash of what that URL returns (the same technique as
/// ASP.NET Core's <c>asp-append-version</c>, for plain HTML and ES modules rather than Razor). A module's hash covers the
/// hashes of the modules it imports, so a change anywhere renames every file above it, and a phone may keep a
/// fingerprinted file for a year without ever running an old script against a new page. The pages themselves keep
/// their names and are revalidated on every load.
/// </summary>
public sealed partial class FingerprintedFiles(IFileProvider files, bool cache) : IFileProvider
{
    private readonly ConcurrentDictionary<string, IFileInfo> _rewritten = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Version, DateTimeOffset LastModified)> _versions = new(StringComparer.Ordinal);

    /// <summary>The fingerprint of what <paramref name="path"/> serves, or null when there is no such file.</summary>
    public string? Version(string path)
    {
        var lastModified = DateTimeOffset.MinValue;
        return VersionOf(path, [], ref lastModified);
    }

    public IFileInfo GetFileInfo(string subpath)
    {
        var file = files.GetFileInfo(subpath);
        if (!file.Exists || file.IsDirectory || !(subpath.EndsWith(".html", StringComparison.Ordinal) || subpath.EndsWith(".js", StringComparison.Ordinal)))
        {
            return file;
        }

        return cache ? _rewritten.GetOrAdd(subpath, _ => Rewrite(subpath, file, [])) : Rewrite(subpath, file, []);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => files.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => files.Watch(filter);

    private IFileInfo Rewrite(string path, IFileInfo file, HashSet<string> visiting)
    {
        string text;
        using (var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        visiting.Add(path);
        var lastModified = file.LastModified;
        var pattern = path.EndsWith(".html", StringComparison.Ordinal) ? PageReference() : ModuleImport();
        var rewritten = pattern.Replace(text, match =>
        {
            var reference = match.Value;
            var target = Resolve(path, reference);
            var version = VersionOf(target, visiting, ref lastModified);
            return version is null ? reference : $"{reference}?v={version}";
        });
        visiting.Remove(path);
        return new RewrittenFile(file.Name, Encoding.UTF8.GetBytes(rewritten), lastModified);
    }

    // Hashes a referenced file as it will be served; a reference back up the chain (an import cycle) is left unversioned.
    private string? VersionOf(string target, HashSet<string> visiting, ref DateTimeOffset lastModified)
    {
        if (visiting.Contains(target))
        {
            return null;
        }

        if (!cache || !_versions.TryGetValue(target, out var known))
        {
            var computed = Fingerprint(target, visiting);
            if (computed is null)
            {
                return null;
            }

            known = cache ? _versions.GetOrAdd(target, computed.Value) : computed.Value;
        }

        // The page's own date moves with anything it names, so its ETag changes when only a referenced file did.
        if (known.LastModified > lastModified)
        {
            lastModified = known.LastModified;
        }

        return known.Version;
    }

    private (string Version, DateTimeOffset LastModified)? Fingerprint(string target, HashSet<string> visiting)
    {
        var file = files.GetFileInfo(target);
        if (!file.Exists || file.IsDirectory)
        {
            return null;
        }

        if (target.EndsWith(".html", StringComparison.Ordinal) || target.EndsWith(".js", StringComparison.Ordinal))
        {
            file = cache ? _rewritten.GetOrAdd(target, _ => Rewrite(target, file, visiting)) : Rewrite(target, file, visiting);
        }

        using var stream = file.CreateReadStream();
        return (Convert.ToHexStringLower(SHA256.HashData(stream))[..12], file.LastModified);
    }

    private static string Resolve(string from, string reference)
    {
        if (reference.StartsWith('/'))
        {
            return reference;
        }

        var segments = from[..(from.LastIndexOf('/') + 1)].Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var part in reference.Split('/'))
        {
            if (part == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (part != ".")
            {
                segments.Add(part);
            }
        }

        return "/" + string.Join('/', segments);
    }

    // src="/x.js" and href="/x.css" in a page: root-relative files with an extension a phone may cache.
    [GeneratedRegex("""(?<=\b(?:src|href)=")/[^"?#:]+\.(?:js|css|ico|svg|png)(?=")""")]
    private static partial Regex PageReference();

    // import … from "./x.js", import "../x.js", export … from "/x.js", import("./x.js"): the literal specifiers of imports.
    [GeneratedRegex("""(?<=\b(?:from\s*|import\s*|import\(\s*)")(?:\.{1,2}/|/)[^"?#:]+\.js(?=")""")]
    private static partial Regex ModuleImport();

    private sealed class RewrittenFile(string name, byte[] content, DateTimeOffset lastModified) : IFileInfo
    {
        public bool Exists => true;

        public long Length => content.Length;

        // No physical path: the middleware must send these bytes, not the file on disk.
        public string? PhysicalPath => null;

        public string Name => name;

        public DateTimeOffset LastModified => lastModified;

        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(content, writable: false);
    }
}
