using Enrollment.Functions.Http;
using Microsoft.Extensions.FileProviders;

namespace Enrollment.Functions.Tests;

public sealed class FingerprintedFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fingerprints-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void APageNamesItsFilesByContentAndAChangeInAnImportedModuleRenamesEveryFileAboveIt()
    {
        Write("index.html", """<link rel="stylesheet" href="/site.css"><script type="module" src="/js/page.js"></script><a href="/status.html">""");
        Write("site.css", "body{}");
        Write("js/page.js", """import { tip } from "./shared.js";""" + "\nimport \"../js/parent/form.js\";\nconst later = () => import(\"./later.js\");\n");
        Write("js/later.js", "export const later = 1;");
        Write("js/shared.js", "export const tip = 1;");
        Write("js/parent/form.js", """import { tip } from "/js/shared.js";""");
        var files = new FingerprintedFiles(new PhysicalFileProvider(_root.FullName), cache: false);

        var page = Read(files, "/index.html");
        var module = Read(files, "/js/page.js");

        Assert.Contains($"href=\"/site.css?v={files.Version("/site.css")}\"", page);
        Assert.Contains($"src=\"/js/page.js?v={files.Version("/js/page.js")}\"", page);
        // A page is never fingerprinted: it is what names the rest.
        Assert.Contains("href=\"/status.html\"", page);
        Assert.Contains($"from \"./shared.js?v={files.Version("/js/shared.js")}\"", module);
        Assert.Contains($"import \"../js/parent/form.js?v={files.Version("/js/parent/form.js")}\"", module);
        Assert.Contains($"import(\"./later.js?v={files.Version("/js/later.js")}\")", module);
        Assert.Contains($"from \"/js/shared.js?v={files.Version("/js/shared.js")}\"", Read(files, "/js/parent/form.js"));

        var before = (Page: files.Version("/js/page.js"), Form: files.Version("/js/parent/form.js"), Css: files.Version("/site.css"));
        Write("js/shared.js", "export const tip = 2;");

        Assert.NotEqual(before.Page, files.Version("/js/page.js"));
        Assert.NotEqual(before.Form, files.Version("/js/parent/form.js"));
        Assert.Equal(before.Css, files.Version("/site.css"));
        Assert.Contains($"src=\"/js/page.js?v={files.Version("/js/page.js")}\"", Read(files, "/index.html"));
        Assert.Null(files.Version("/missing.js"));
    }

    [Fact]
    public void AnImportCycleIsServedWithTheReferenceBackLeftUnversioned()
    {
        Write("a.js", """import "./b.js";""");
        Write("b.js", """import "./a.js";""");
        var files = new FingerprintedFiles(new PhysicalFileProvider(_root.FullName), cache: true);

        var a = Read(files, "/a.js");

        Assert.Contains("import \"./b.js?v=", a);
        Assert.NotNull(files.Version("/b.js"));
    }

    private void Write(string path, string text)
    {
        var file = Path.Combine(_root.FullName, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private static string Read(IFileProvider files, string path)
    {
        using var reader = new StreamReader(files.GetFileInfo(path).CreateReadStream());
        return reader.ReadToEnd();
    }
}
