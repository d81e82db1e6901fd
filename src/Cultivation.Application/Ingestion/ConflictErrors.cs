using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;

namespace Cultivation.Application.Ingestion;

/// <summary>A version that lost firms to other files of its period (one firm, one file per period): its errors, and whom it lost to.</summary>
internal static class ConflictErrors
{
    /// <summary>
    /// The files a version can lose to in a period are its period's files, a few per source; this many is far more than a city
    /// has, and keeps the ledger entry far below 64 KiB (about 130 characters each).
    /// </summary>
    public const int MaxLostTo = 200;

    /// <summary>One error per firm, on its row, naming the file that holds it.</summary>
    public static List<FilingError> Of(IReadOnlyList<ClaimConflict> conflicts, IReadOnlyList<FirmRow> rows, string sheet)
    {
        var byCode = rows.ToDictionary(r => r.CreditCode.Value, StringComparer.Ordinal);
        return [.. conflicts.Select(c => new FilingError(sheet, byCode[c.CreditCode].SourceRow, "统一社会信用代码", c.CreditCode,
                $"该企业本期已由文件“{c.Owner}”报送，同一企业每期只能由一个文件报送",
                $"this firm is already filed for the period by '{c.Owner}'; a firm is filed by one file per period"))
            .OrderBy(e => e.Row)];
    }

    /// <summary>The versions of the files holding the firms: once any of them is out of force, the version is evaluated again.</summary>
    public static IReadOnlyList<FiledVersion> LostTo(IReadOnlyList<ClaimConflict> conflicts) =>
        [.. conflicts.Select(c => new FiledVersion(c.Owner, c.Version)).Distinct().OrderBy(v => v.BlobName, StringComparer.Ordinal).Take(MaxLostTo)];
}
