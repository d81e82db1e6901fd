using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Domain.Tests.Notices;

/// <summary>Verdicts as ingestion makes them, decided at 2022-10-13 07:00 UTC (15:00 in China).</summary>
internal static class Verdicts
{
    private static readonly DateTimeOffset s_decided = new(2022, 10, 13, 7, 0, 0, TimeSpan.Zero);

    public static FilingVerdict Rejected(string blob, IReadOnlyList<FilingError> errors, string? inForce = null) =>
        Of(blob, FilingStatus.Rejected, 0, errors, inForce);

    public static FilingVerdict Accepted(string blob, int rows) => Of(blob, FilingStatus.Accepted, rows, [], null);

    public static FilingVerdict Superseded(string blob, string by)
    {
        var verdict = Of(blob, FilingStatus.Superseded, 0, [], null);
        return verdict with { Report = verdict.Report with { SupersededBy = by } };
    }

    public static FilingVerdict Withdrawn(string blob) => Of(blob, FilingStatus.Withdrawn, 0, [], null);

    public static FilingVerdict Failed(string blob) =>
        Of(blob, FilingStatus.Failed, 0, [FilingError.ForFile(new Problem(
            "文件处理失败：已尝试 5 次仍未完成（RequestFailedException），这不是文件内容的问题；请联系经信局", "processing failed after 5 attempts"))], null);

    private static FilingVerdict Of(string blob, FilingStatus status, int rows, IReadOnlyList<FilingError> errors, string? inForce)
    {
        FilingName.TryParse(blob, out var name, out _);
        return FilingVerdict.Of(FilingReport.From(blob, name, new string('c', 64), status, "xlsx", "Sheet1", rows, errors, 1000, inForce, s_decided));
    }
}
