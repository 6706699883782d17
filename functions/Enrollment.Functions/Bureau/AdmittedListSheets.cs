using System.Text;
using Enrollment.Core.Provincial;
using MiniExcelLibs;

namespace Enrollment.Functions.Bureau;

/// <summary>One way to write the admitted list: its format name, content type and writer.</summary>
public sealed record AdmittedListSheet(string Format, string ContentType, Func<IReadOnlyList<IReadOnlyList<string>>, byte[]> Write);

/// <summary>The admitted list as a file, headed by the student-record form's field names in its order.</summary>
public static class AdmittedListSheets
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    private static readonly AdmittedListSheet[] Sheets =
    [
        new(Csv, "text/csv; charset=utf-8", WriteCsv),
        new(Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", WriteXlsx),
    ];

    public static AdmittedListSheet? Find(string format) => Sheets.FirstOrDefault(s => string.Equals(s.Format, format.Trim(), StringComparison.OrdinalIgnoreCase));

    public static byte[] WriteCsv(IReadOnlyList<IReadOnlyList<string>> rows) => WriteCsv(StudentRecordForm.Fields.Select(f => f.Header).ToList(), rows);

    public static byte[] WriteXlsx(IReadOnlyList<IReadOnlyList<string>> rows) => WriteXlsx(StudentRecordForm.Fields.Select(f => f.Header).ToList(), "录取名单", rows);

    /// <summary>RFC 4180, UTF-8 with a BOM so Excel reads the Chinese as Chinese.</summary>
    public static byte[] WriteCsv(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var line in rows.Prepend(headers))
        {
            text.AppendJoin(',', line.Select(CsvField)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Every cell a text cell, so an 18-digit ID number or a leading-zero code is kept as written.</summary>
    public static byte[] WriteXlsx(IReadOnlyList<string> headers, string sheetName, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var sheet = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++)
            {
                cells[headers[i]] = row[i];
            }

            return cells;
        });

        using var stream = new MemoryStream();
        stream.SaveAs(sheet, sheetName: sheetName, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static string CsvField(string value)
    {
        // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection): keep it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
