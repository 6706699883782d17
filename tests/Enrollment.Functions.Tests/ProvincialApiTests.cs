using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Provincial;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Enrollment.Functions.Tests;

/// <summary>The data exchange with the (faked) provincial platform, its report, and the admitted-list exports for 学籍 registration.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ProvincialApiTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);

    /// <summary>What the faked province holds: (school, kind) → application ids, from the batches it acknowledged.</summary>
    private readonly ConcurrentDictionary<(string School, string Kind), ConcurrentDictionary<string, byte>> _province = new();
    private County _county = null!;
    private string _school = null!;

    /// <summary>The first school's children by the application they were submitted under: three admitted (two of them reported at the school), one still under way.</summary>
    private readonly Dictionary<string, (string Name, string IdNumber)> _children = [];
    private string[] _admitted = [];
    private string[] _checkedIn = [];

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _school = _county.Schools[0].Id;
        FakeProvince();
        string[] names = ["赵一鸣", "钱二丫", "孙三多", "李四海"];
        string[] pinyin = ["Zhao Yiming", "Qian Erya", "Sun Sanduo", "Li Sihai"];
        var ids = new string[names.Length];
        foreach (var i in new[] { 0, 1, 3, 2 })
        {
            if (i == 2)
            {
                _county = await _app.AdmitAsync(_county, _school, ids[0], ids[1], ids[3]);
                await _app.CheckInAsync(_county, _school, ids[0], ids[1]);
            }

            var number = TestIdentity.ResidentId(new DateOnly(2020, 5, i + 1));
            var form = TestForms.Valid(_county.Id, _school, number).WithChild(c => c with { Name = names[i], Pinyin = pinyin[i] });
            ids[i] = await (await _app.NewParentAsync()).SubmitNewAsync(form);
            _children[ids[i]] = (names[i], number);
        }

        _admitted = [ids[0], ids[1], ids[3]];
        _checkedIn = [ids[0], ids[1]];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string ReportRoute(string countyId) => $"/api/staff/counties/{countyId}/provincial/report";

    private string ExportRoute(string schoolId, string format = "csv") => $"/api/staff/counties/{_county.Id}/schools/{schoolId}/admitted-list?format={format}";

    [Fact]
    public async Task TheTimerPushesEveryKindOnceAndTheBureauReadsTheReconciliation()
    {
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var early = await officer.GetAsync(ReportRoute(_county.Id));
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.Equal("urn:enrollment:problem:no-provincial-report", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("Pushed 7 records in 2 batches to the provincial platform.", await _app.InvokeTimerAsync("ProvincialSync"));
        Assert.Equal("Pushed 0 records in 0 batches to the provincial platform.", await _app.InvokeTimerAsync("ProvincialSync"));

        var pushes = _app.Departments.LogEntries.Where(e => e.RequestMessage.Path == "/enrollment/v1/batches").ToList();
        Assert.Equal(2, pushes.Count);
        Assert.All(pushes, p => Assert.Equal("test-key", Assert.Single(p.RequestMessage.Headers!["X-Api-Key"])));
        var admissions = JsonDocument.Parse(pushes.Single(p => p.RequestMessage.Body!.Contains("\"admissions\"", StringComparison.Ordinal)).RequestMessage.Body!).RootElement;
        Assert.Equal(_admitted.Order(), admissions.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("applicationId").GetString()).Order());
        var record = admissions.GetProperty("records")[0];
        Assert.Equal(_children[record.GetProperty("applicationId").GetString()!].IdNumber, record.GetProperty("fields").GetProperty("documentNumber").GetString());

        foreach (var reader in new[] { officer, await _app.NewStaffAsync(StaffRole.Auditor, _county.Id) })
        {
            var report = await reader.GetFromJsonAsync<JsonElement>(ReportRoute(_county.Id));
            var rows = report.GetProperty("schools").EnumerateArray().Where(r => r.GetProperty("schoolId").GetString() == _school)
                .ToDictionary(r => r.GetProperty("kind").GetString()!);
            Assert.Equal((4, 4, 0), Counts(rows["Application"]));
            Assert.Equal((3, 3, 0), Counts(rows["Admission"]));
            Assert.Equal((0, 0, 0), Counts(rows["Placement"]));
            Assert.Equal(JsonValueKind.Null, rows["Application"].GetProperty("problem").ValueKind);
        }

        // The province lost one admission: the next report names it.
        _province[(_school, "admissions")].TryRemove(_admitted[0], out _);
        await _app.InvokeTimerAsync("ProvincialSync");
        var missing = (await officer.GetFromJsonAsync<JsonElement>(ReportRoute(_county.Id))).GetProperty("schools").EnumerateArray()
            .Single(r => r.GetProperty("schoolId").GetString() == _school && r.GetProperty("kind").GetString() == "Admission");
        Assert.Equal([_admitted[0]], missing.GetProperty("missingAtProvince").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task OnlyTheCountysOfficersAndAuditorsReadTheReport()
    {
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        await _app.InvokeTimerAsync("ProvincialSync");
        var other = await _app.CreateCountyAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().GetAsync(ReportRoute(_county.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).GetAsync(ReportRoute(_county.Id))).StatusCode);
        foreach (var stranger in new[]
        {
            await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _school),
            await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _school),
            await _app.NewStaffAsync(StaffRole.BureauOfficer, other.Id),
            await _app.NewStaffAsync(StaffRole.Auditor, other.Id),
        })
        {
            var refused = await stranger.GetAsync(ReportRoute(_county.Id));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await (await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id)).GetAsync(ReportRoute(_county.Id))).StatusCode);
    }

    [Fact]
    public async Task TheSchoolHeadExportsTheAdmittedListAsCsvInTheStudentRecordOrder()
    {
        var head = await _app.NewStaffAccountAsync(StaffRole.SchoolHead, _county.Id, _school);
        var browser = await SignInAsync(head);

        var response = await browser.GetAsync(ExportRoute(_school));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        Assert.Equal(StudentRecordForm.Fields.Select(f => f.Header), lines[0]);
        AssertAdmittedRows(lines.Skip(1).ToList());

        var entry = Assert.Single(await ExportsAsync());
        Assert.Equal((head.Account.Id, "SchoolHead", "admitted-list", _school, "csv: 2"), (entry.ActorId, entry.ActorRole, entry.ObjectType, entry.ObjectId, entry.After));
    }

    [Fact]
    public async Task AnOfficerExportsTheAdmittedListAsXlsxWithEveryCellKeptAsWritten()
    {
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        var response = await officer.GetAsync(ExportRoute(_school, "XLSX"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var sheet = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(StudentRecordForm.Fields.Select(f => f.Header), sheet.GetColumns(useHeaderRow: true)!.Cast<string>());
        sheet.Position = 0;
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => StudentRecordForm.Fields.Select(f => r[f.Header] switch
            {
                null => "",
                string text => text,
                var other => throw new InvalidOperationException($"{f.Header} is not a text cell but {other.GetType().Name}"),
            }).ToArray())
            .ToList();
        AssertAdmittedRows(rows);
        Assert.Equal("xlsx: 2", Assert.Single(await ExportsAsync()).After);
    }

    [Fact]
    public async Task OnlyTheSchoolsHeadAndTheCountysOfficersMayExportAndRefusalsAreNotExports()
    {
        var other = await _app.CreateCountyAsync();
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).GetAsync(ExportRoute(_school))).StatusCode);
        foreach (var (who, expected) in new[]
        {
            (await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _school), HttpStatusCode.Forbidden),
            (await _app.NewStaffAsync(StaffRole.Auditor, _county.Id), HttpStatusCode.Forbidden),
            (await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[1].Id), HttpStatusCode.NotFound),
            (await _app.NewStaffAsync(StaffRole.BureauOfficer, other.Id), HttpStatusCode.NotFound),
        })
        {
            var refused = await who.GetAsync(ExportRoute(_school));
            Assert.Equal(expected, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(ExportRoute($"{_county.Id}-999"))).StatusCode);
        var badFormat = await officer.GetAsync(ExportRoute(_school, "pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Equal("urn:enrollment:problem:invalid-format", (await badFormat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Empty(await ExportsAsync());
    }

    /// <summary>Exactly the admitted children who reported at the school, with the number and phone decrypted for the 学籍 system.</summary>
    private void AssertAdmittedRows(IReadOnlyList<string[]> rows)
    {
        var column = StudentRecordForm.Fields.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i);
        Assert.Equal(_checkedIn.Select(id => _children[id].Name).Order(), rows.Select(r => r[column["name"]]).Order());
        foreach (var row in rows)
        {
            var child = _children.Values.Single(c => c.Name == row[column["name"]]);
            Assert.Equal(child.IdNumber, row[column["documentNumber"]]);
            Assert.Equal(("1", "01", "CHN", "2026" + "09", "11"), (row[column["documentType"]], row[column["ethnicity"]], row[column["nationality"]], row[column["enrollmentYearMonth"]], row[column["entryWay"]]));
            Assert.Equal("033200", row[column["postcode"]]);
            Assert.Equal("王建国", row[column["family1.name"]]);
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> ExportsAsync() =>
        (await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, AuditActions.Export, null, null, null), 50, null, CancellationToken.None))!.Entries;

    private async Task<HttpClient> SignInAsync(StaffEnrollment enrollment)
    {
        var browser = _app.NewPhone();
        (await browser.PostAsJsonAsync("/api/staff/sign-in", new { name = enrollment.Account.Id, password = EnrollmentApp.StaffPassword, code = (string?)null })).EnsureSuccessStatusCode();
        return browser;
    }

    private static (int Held, int AtProvince, int Missing) Counts(JsonElement row) =>
        (row.GetProperty("held").GetInt32(), row.GetProperty("atProvince").GetInt32(), row.GetProperty("missingAtProvince").GetArrayLength());

    /// <summary>The province acknowledges every batch (echoing its id and size) and answers what it holds.</summary>
    private void FakeProvince()
    {
        _app.Departments.Given(Request.Create().WithPath("/enrollment/v1/batches").UsingPost().WithHeader("X-Api-Key", "test-key"))
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var batch = JsonDocument.Parse(request.Body!).RootElement;
                var held = _province.GetOrAdd((batch.GetProperty("schoolId").GetString()!, batch.GetProperty("kind").GetString()!), _ => new());
                var records = batch.GetProperty("records").EnumerateArray().ToList();
                records.ForEach(r => held[r.GetProperty("applicationId").GetString()!] = 0);
                return Json(new { batchId = request.Headers!["Idempotency-Key"][0], accepted = records.Count });
            }));
        _app.Departments.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/enrollment/v1/counties/[^/]+/schools/[^/]+/[a-z]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var parts = request.Path.Split('/');
                return Json(new { applicationIds = _province.TryGetValue((parts[6], parts[7]), out var held) ? held.Keys.ToArray() : [] });
            }));
    }

    private static ResponseMessage Json(object body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String },
    };
}
