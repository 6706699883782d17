using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// What a phone downloads to open the entry page, as the browser received it (compressed), written to
/// <c>TestResults/page-weight.md</c>: the figure for weak 4G on opening morning. It reports bytes, never time.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PageWeightTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task TheEntryPagesFirstLoadArrivesCompressedAndIsReportedInBytes()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);
        await page.GotoAsync($"/?county={County.Id}");
        await Expect(page.Locator("#sign-in-section")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var rows = new List<(string Path, long Bytes, string Encoding, string Type)>();
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            rows.Add((new Uri(response.Url).AbsolutePath, sizes.ResponseBodySize, await response.HeaderValueAsync("content-encoding") ?? "none",
                (await response.HeaderValueAsync("content-type") ?? "").Split(';')[0]));
        }

        var report = new StringBuilder("# First load of the entry page\n\n| file | type | bytes received | encoding |\n|---|---|---:|---|\n");
        foreach (var row in rows.OrderByDescending(r => r.Bytes))
        {
            report.Append($"| `{row.Path}` | {row.Type} | {row.Bytes:N0} | {row.Encoding} |\n");
        }

        report.Append($"| **total** ({rows.Count} requests) | | **{rows.Sum(r => r.Bytes):N0}** | |\n");
        await File.WriteAllTextAsync(Path.Combine(PhoneBrowser.ScreenshotDirectory, "..", "page-weight.md"), report.ToString());

        // Every page, script and style reached the phone compressed.
        Assert.All(rows.Where(r => r.Type is "text/html" or "text/css" or "text/javascript" or "application/javascript"),
            r => Assert.True(r.Encoding is "br" or "gzip", $"{r.Path} arrived {r.Encoding}"));
        Assert.Contains(rows, r => r.Path == "/app.js");
    }

    [Fact]
    public async Task OnlyTheWeUiRulesThePagesUseAreShipped()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add("infra/local/trim-weui.mjs");
        start.ArgumentList.Add("--check");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors + await output);
    }
}
