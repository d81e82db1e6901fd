using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// What the filer gets back for a file: <c>filings-reports/{name}.json</c> and a text twin, listing every
/// error with sheet, row, column, value and the reason in Chinese and English.
/// </summary>
public sealed record FilingReport
{
    public required string Name { get; init; }

    public string? Period { get; init; }

    public string? Source { get; init; }

    public required string Version { get; init; }

    public required FilingStatus Status { get; init; }

    public string StatusName => Status switch
    {
        FilingStatus.Accepted => "已接收",
        FilingStatus.Rejected => "已退回",
        FilingStatus.Failed => "处理失败",
        FilingStatus.Superseded => "已被替代",
        FilingStatus.Withdrawn => "已撤回",
        _ => "处理中",
    };

    public string Format { get; init; } = string.Empty;

    public string Sheet { get; init; } = string.Empty;

    public int Rows { get; init; }

    public int ErrorCount { get; init; }

    public IReadOnlyList<ReportError> Errors { get; init; } = [];

    /// <summary>The accepted version in force after this ingestion (null when none).</summary>
    public string? InForce { get; init; }

    /// <summary>For a superseded file: the file of the same source and period uploaded later and in force instead.</summary>
    public string? SupersededBy { get; init; }

    public DateTimeOffset IngestedAt { get; init; }

    public static FilingReport From(string blobName, FilingName? name, string sha, FilingStatus status, string format, string sheet,
        int rows, IReadOnlyList<FilingError> errors, int maxListed, string? inForce, DateTimeOffset at) => new()
    {
        Name = blobName,
        Period = name?.Period.ToString(),
        Source = name?.Source,
        Version = sha,
        Status = status,
        Format = format,
        Sheet = sheet,
        Rows = rows,
        ErrorCount = errors.Count,
        Errors = [.. errors.Take(maxListed).Select(e => new ReportError(e.Sheet, e.Row, e.Column, e.Value, e.Chinese, e.English))],
        InForce = inForce,
        IngestedAt = at,
    };

    public string ToJson() => JsonSerializer.Serialize(this, CultivationJson.Options);

    /// <summary>
    /// Where the report of <paramref name="blobName"/> is kept in <c>filings-reports</c>, without the extension: the name
    /// itself for a filing name; for any other name <c>invalid/{SHA-256 of the name}</c>, since such a name may be one the
    /// storage service rewrites (<c>x/../2022/Q1/西城街道.xlsx</c> is another file's name once its <c>..</c> is resolved).
    /// </summary>
    public static string KeyOf(string blobName) =>
        FilingName.TryParse(blobName, out _, out _) ? blobName : "invalid/" + NameVersion(blobName);

    /// <summary>
    /// The version of a blob whose name is not a filing name. Its bytes are never read (the name may address another
    /// blob), so the rejection is of the name, and a re-upload under it is the same rejected file.
    /// </summary>
    public static string NameVersion(string blobName) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));

    /// <summary>The human-readable form, in Chinese with the English reason beside it.</summary>
    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"报送文件处理报告 / Filing report");
        // A blob name may hold line breaks: printed on one line, so no line of the report starts with what the name says.
        sb.AppendLine(inv, $"文件 File:      {new string([.. Name.Select(c => char.IsControl(c) ? '?' : c)])}");
        if (Period is not null)
        {
            sb.AppendLine(inv, $"报告期 Period:  {Period}    报送单位 Source: {Source}");
        }

        sb.AppendLine(inv, $"版本 Version:   {Version}");
        sb.AppendLine(inv, $"结果 Result:    {StatusName} ({Status.ToString().ToLowerInvariant()})");
        sb.AppendLine(inv, $"处理时间 At:    {ChinaTime.Format(IngestedAt)}");
        if (Status == FilingStatus.Accepted)
        {
            sb.AppendLine(inv, $"接收企业数 Rows accepted: {Rows}");
        }
        else if (Status == FilingStatus.Superseded)
        {
            sb.AppendLine(inv, $"本期以后上传的 {SupersededBy} 为准（同一单位同一报告期以最后上传的文件为准），此文件保留但不计入");
            sb.AppendLine(inv, $"/ {SupersededBy}, uploaded later for the same source and period, is in force; this file is kept but not counted");
        }
        else if (Status == FilingStatus.Withdrawn)
        {
            sb.AppendLine("文件已从 filings 中删除，其数据不再计入；如系误删，重新上传同一文件即可恢复");
            sb.AppendLine("/ the file was deleted from 'filings': its rows no longer count; if that was a mistake, upload the same file again to reinstate it");
        }
        else
        {
            sb.AppendLine(inv, $"错误数 Errors: {ErrorCount}（整个文件未被采用 / nothing from this file was applied）");
            if (InForce is not null)
            {
                sb.AppendLine(inv, $"仍以此前已接收的版本为准 / the last accepted version stays in force: {InForce}");
            }

            sb.AppendLine();
            sb.AppendLine("工作表 Sheet | 行 Row | 列 Column | 值 Value | 原因 Reason");
            foreach (var e in Errors)
            {
                var row = e.Row == 0 ? "-" : e.Row.ToString(inv);
                sb.AppendLine(inv, $"{Show(e.Sheet)} | {row} | {Show(e.Column)} | {Show(e.Value)} | {e.Reason} / {e.ReasonEn}");
            }

            if (ErrorCount > Errors.Count)
            {
                sb.AppendLine(inv, $"……另有 {ErrorCount - Errors.Count} 个错误未列出 / {ErrorCount - Errors.Count} more errors not listed");
            }
        }

        return sb.ToString();

        static string Show(string s) => s.Length == 0 ? "-" : s.Length > 60 ? string.Concat(s.AsSpan(0, 60), "…") : s;
    }
}

public sealed record ReportError(string Sheet, int Row, string Column, string Value, string Reason, string ReasonEn);
