using System.Globalization;
using Azure.Data.Tables;
using Cultivation.Domain.Firms;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Maps a firm row to a table entity and back. Amounts are stored as invariant decimal strings: Table
/// Storage has no decimal type and a double would break exact threshold comparisons.
/// </summary>
public static class FirmRowEntity
{
    public static TableEntity ToEntity(string partitionKey, FirmRow row)
    {
        var e = new TableEntity(partitionKey, row.CreditCode.Value)
        {
            ["Name"] = row.Name,
            ["Town"] = row.Town,
            ["AboveScale"] = row.AboveScale,
            ["Revenue"] = D(row.Revenue),
            ["Tax"] = D(row.Tax),
            ["Remediation"] = (int)row.Remediation,
            ["SourceRow"] = row.SourceRow,
        };
        Set(e, "AboveScaleSince", row.AboveScaleSince);
        Set(e, "RevenueSamePeriodLastYear", D(row.RevenueSamePeriodLastYear));
        Set(e, "RevenueLastYear", D(row.RevenueLastYear));
        Set(e, "LandMu", D(row.LandMu));
        Set(e, "ResearchSpending", D(row.ResearchSpending));
        Set(e, "Employees", row.Employees);
        if (row.Recognitions.Count > 0)
        {
            e["Recognitions"] = string.Join(';', row.Recognitions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name}:{r.Year}")));
        }

        Set(e, "FormerCreditCode", row.FormerCreditCode?.Value);
        Set(e, "ConversionDate", row.ConversionDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Set(e, "RemediationDate", row.RemediationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Set(e, "RemediationStated", row.RemediationStated ? true : null);
        Set(e, "IndustryCode", row.IndustryCode);
        return e;
    }

    public static FirmRow ToRow(TableEntity e) => new()
    {
        CreditCode = CreditCode.Parse(e.RowKey),
        Name = e.GetString("Name"),
        Town = e.GetString("Town"),
        AboveScale = e.GetBoolean("AboveScale") ?? false,
        AboveScaleSince = e.GetInt32("AboveScaleSince"),
        Revenue = Dec(e.GetString("Revenue")) ?? 0m,
        RevenueSamePeriodLastYear = Dec(e.GetString("RevenueSamePeriodLastYear")),
        RevenueLastYear = Dec(e.GetString("RevenueLastYear")),
        Tax = Dec(e.GetString("Tax")) ?? 0m,
        LandMu = Dec(e.GetString("LandMu")),
        ResearchSpending = Dec(e.GetString("ResearchSpending")),
        Employees = e.GetInt32("Employees"),
        Recognitions = ParseRecognitions(e.GetString("Recognitions")),
        FormerCreditCode = e.GetString("FormerCreditCode") is { } former ? CreditCode.Parse(former) : null,
        ConversionDate = Date(e.GetString("ConversionDate")),
        Remediation = (RemediationStatus)(e.GetInt32("Remediation") ?? 0),
        RemediationDate = Date(e.GetString("RemediationDate")),

        // Rows stored before the property existed: a status other than 无 was certainly stated.
        RemediationStated = e.GetBoolean("RemediationStated") ?? (e.GetInt32("Remediation") ?? 0) != 0,
        IndustryCode = e.GetString("IndustryCode"),
        SourceRow = e.GetInt32("SourceRow") ?? 0,
    };

    private static void Set(TableEntity e, string key, object? value)
    {
        if (value is not null)
        {
            e[key] = value;
        }
    }

    private static string? D(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string D(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal? Dec(string? text) => text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<Recognition> ParseRecognitions(string? text) => string.IsNullOrEmpty(text)
        ? []
        : [.. text.Split(';').Select(p => p.Split(':')).Select(p => new Recognition(p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))];
}
