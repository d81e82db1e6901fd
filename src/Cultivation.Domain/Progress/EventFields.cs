using Cultivation.Domain.Firms;

namespace Cultivation.Domain.Progress;

/// <summary>
/// The event fields of a firm (SPEC section 3): 资质, the 个转企 pair (原统一社会信用代码 + 转企日期) and the
/// 整治 pair (整治状态 + 整治完成日期) are each read from the firm's latest row that fills them in, so that a
/// town that does not repeat a recognition, a conversion or a remediation in later quarters does not
/// undo it.
/// </summary>
/// <remarks>
/// 资质 is one field, the whole cell: the latest non-empty cell replaces every earlier one (a town that
/// drops a recognition from a filled-in cell does withdraw it). A pair comes from one row, the latest
/// that fills either of its two fields, so a date is never joined to another row's code or status.
/// 整治状态 <c>无</c> fills its field: it states that the firm is not (or no longer) a remediation case.
/// </remarks>
internal static class EventFields
{
    /// <param name="rows">The firm's rows up to the as-of period, in period order.</param>
    /// <param name="latest">The firm's latest row, whose other fields are kept.</param>
    public static FirmRow Resolve(IEnumerable<FiledRow> rows, FirmRow latest)
    {
        FirmRow? recognitions = null, conversion = null, remediation = null;
        foreach (var filed in rows)
        {
            var row = filed.Row;
            recognitions = row.Recognitions.Count > 0 ? row : recognitions;
            conversion = row.FormerCreditCode is not null || row.ConversionDate is not null ? row : conversion;
            remediation = FillsRemediation(row) ? row : remediation;
        }

        return latest with
        {
            Recognitions = recognitions?.Recognitions ?? [],
            FormerCreditCode = conversion?.FormerCreditCode,
            ConversionDate = conversion?.ConversionDate,
            Remediation = remediation?.Remediation ?? RemediationStatus.None,
            RemediationStated = remediation is not null,
            RemediationDate = remediation?.RemediationDate,
        };
    }

    /// <summary>The row states 整治状态 (<c>无</c> included) or a 整治完成日期.</summary>
    public static bool FillsRemediation(FirmRow row) =>
        row.RemediationStated || row.Remediation != RemediationStatus.None || row.RemediationDate is not null;
}
