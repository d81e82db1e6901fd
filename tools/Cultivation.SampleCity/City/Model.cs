using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.SampleCity.City;

/// <summary>What to generate. The defaults give the committed sample city under <c>seeds/</c>.</summary>
public sealed record SampleCityOptions
{
    public const ulong DefaultSeed = 330784;

    public const int DefaultFirms = 4500;

    /// <summary>Below this the designed 2022 events (400 整治, 250 个转企, …) do not fit.</summary>
    public const int MinimumFirms = 3000;

    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Firms in the city (规上 and 规下); a third of them are 规上 in 2021.</summary>
    public int Firms { get; init; } = DefaultFirms;

    public CityOptions City { get; init; } = new();
}

/// <summary>Where a filing goes: the regular folder, one that arrives late, or a broken correction.</summary>
public enum FilingPlacement
{
    /// <summary><c>filings/{year}/Q{q}/{source}.{ext}</c>.</summary>
    Regular,

    /// <summary><c>filings-late/…</c>: a town's filing that arrives after the others.</summary>
    Late,

    /// <summary><c>filings-bad/…</c>: a correction attempt that must be rejected whole.</summary>
    Bad,

    /// <summary><c>filings-life/…</c>: files of the filing-life story (a correction held up by a conflict, a re-save as .xls, a file deleted again).</summary>
    Life,
}

/// <summary>The container format of a filing.</summary>
public enum FilingFormat
{
    Xlsx,
    Xls,
    CsvUtf8Bom,
    CsvGb18030,
}

/// <summary>The unit an amount column is written in (the file states it in the header).</summary>
public enum AmountUnit
{
    TenThousandYuan,
    Yuan,
    ThousandYuan,
}

/// <summary>How a date is written.</summary>
public enum DateStyle
{
    /// <summary>A real date cell (numFmt 14) in xlsx/xls, ISO text in CSV.</summary>
    DateCell,

    /// <summary><c>2022-03-15</c>.</summary>
    IsoText,

    /// <summary><c>2022/3/15</c>.</summary>
    SlashText,

    /// <summary><c>2022年3月15日</c>.</summary>
    ChineseText,
}

/// <summary>
/// The real-world mess of one file: everything a reader must cope with that is not the data itself.
/// The default is a clean sheet whose first row is the header.
/// </summary>
public sealed record FilingStyle
{
    public static readonly FilingStyle Clean = new();

    /// <summary>A form title row and a <c>填报单位：… 填报日期：…</c> line above the header.</summary>
    public bool TitleRows { get; init; }

    /// <summary>Headers written with full-width brackets, e.g. <c>营业收入（万元）</c>.</summary>
    public bool FullWidthHeaders { get; init; }

    /// <summary>Some figures written as text in full-width digits, e.g. <c>１２３４.５</c>.</summary>
    public bool FullWidthDigits { get; init; }

    public AmountUnit AmountUnit { get; init; } = AmountUnit.TenThousandYuan;

    /// <summary>Land in 平方米 instead of 亩.</summary>
    public bool LandInSquareMetres { get; init; }

    /// <summary>Figures stored as text cells with thousands separators, e.g. <c>"12,345.6"</c>.</summary>
    public bool NumbersAsText { get; init; }

    /// <summary><c>-</c> in every empty optional cell.</summary>
    public bool DashForEmpty { get; init; }

    /// <summary>小计 rows after the 规上 and 规下 blocks and a 合计 row at the end.</summary>
    public bool Subtotals { get; init; }

    /// <summary>Footer lines (单位负责人：…  填表人：…  报出日期：…) below the rows.</summary>
    public bool Footer { get; init; }

    /// <summary>A 报告期 column with this text in every row, e.g. <c>2022年1-6月</c>; null: no column.</summary>
    public string? PeriodColumn { get; init; }

    /// <summary>Header aliases: 单位名称 for 企业名称, 税收(万元) for 实缴税金(万元), 镇街 for 所属镇街.</summary>
    public bool AliasHeaders { get; init; }

    public DateStyle Dates { get; init; } = DateStyle.DateCell;

    /// <summary>Full-width punctuation in 资质 (<c>专精特新：2022；高新技术企业：2019</c>).</summary>
    public bool FullWidthQualifications { get; init; }

    /// <summary>One line per mess, for the README and the command's output.</summary>
    public IEnumerable<string> Describe()
    {
        if (TitleRows) { yield return "title row + 填报单位/填报日期 line above the header"; }
        if (FullWidthHeaders) { yield return "full-width brackets in headers"; }
        if (FullWidthDigits) { yield return "some figures as text in full-width digits"; }
        if (AmountUnit == AmountUnit.Yuan) { yield return "amounts in 元"; }
        if (AmountUnit == AmountUnit.ThousandYuan) { yield return "amounts in 千元"; }
        if (LandInSquareMetres) { yield return "land in 平方米"; }
        if (NumbersAsText) { yield return "figures as text with thousands separators"; }
        if (DashForEmpty) { yield return "'-' in empty optional cells"; }
        if (Subtotals) { yield return "小计 and 合计 rows"; }
        if (Footer) { yield return "footer lines"; }
        if (PeriodColumn is not null) { yield return $"报告期 column '{PeriodColumn}'"; }
        if (AliasHeaders) { yield return "header aliases 单位名称/镇街/税收(万元)"; }
        if (Dates != DateStyle.DateCell) { yield return $"dates as {Dates} text"; }
        if (FullWidthQualifications) { yield return "full-width punctuation in 资质"; }
    }
}

/// <summary>
/// One row of a filing as written. Text fields are strings (not <see cref="CreditCode"/>) so that the
/// broken correction can carry an invalid code or an unknown town; figures are exact decimals in 万元
/// and 亩, YTD of <see cref="Period"/>.
/// </summary>
public sealed record SampleRow
{
    /// <summary>The generator's firm id (stable across periods, also across a 个转企 conversion).</summary>
    public required int FirmId { get; init; }

    public required Period Period { get; init; }

    public required string CreditCode { get; init; }

    public required string Name { get; init; }

    public required string Town { get; init; }

    public required bool AboveScale { get; init; }

    public int? AboveScaleSince { get; init; }

    public required decimal Revenue { get; init; }

    public decimal? RevenueSamePeriodLastYear { get; init; }

    public decimal? RevenueLastYear { get; init; }

    public required decimal Tax { get; init; }

    /// <summary>Null: the cell is empty (rented premises); 0 is written as 0.</summary>
    public decimal? LandMu { get; init; }

    public decimal? ResearchSpending { get; init; }

    public int? Employees { get; init; }

    public IReadOnlyList<Recognition> Recognitions { get; init; } = [];

    public string? FormerCreditCode { get; init; }

    public DateOnly? ConversionDate { get; init; }

    public RemediationStatus Remediation { get; init; }

    /// <summary>Whether 整治状态 is written even when it is 无 (firms on the remediation list).</summary>
    public bool RemediationListed { get; init; }

    public DateOnly? RemediationDate { get; init; }

    public string? IndustryCode { get; init; }

    /// <summary>GB/T 4754 divisions 06–46 (or no code): counts for 规上工业 figures.</summary>
    public bool IsIndustrial => IndustryCode is null || (int.TryParse(IndustryCode.AsSpan(0, 2), out var d) && d is >= 6 and <= 46);

    /// <summary>资质 as written: <c>专精特新:2022;高新技术企业:2019</c>.</summary>
    public string Qualifications => string.Join(';', Recognitions.Select(r => $"{r.Name}:{r.Year}"));
}

/// <summary>One file of one source and period.</summary>
public sealed record SampleFiling
{
    public required Period Period { get; init; }

    /// <summary>A town or 统计局.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<SampleRow> Rows { get; init; }

    public FilingPlacement Placement { get; init; } = FilingPlacement.Regular;

    public FilingFormat Format { get; init; } = FilingFormat.Xlsx;

    public FilingStyle Style { get; init; } = FilingStyle.Clean;

    public string Extension => Format switch
    {
        FilingFormat.Xls => "xls",
        FilingFormat.CsvUtf8Bom or FilingFormat.CsvGb18030 => "csv",
        _ => "xlsx",
    };

    /// <summary>The blob name inside the <c>filings</c> container: <c>2022/Q2/东城街道.xlsx</c>.</summary>
    public string BlobName => $"{Period.Year}/Q{Period.Quarter}/{Source}.{Extension}";

    /// <summary>Path under the output folder: <c>filings/2022/Q2/东城街道.xlsx</c> (or filings-late, filings-bad).</summary>
    public string RelativePath => Placement switch
    {
        FilingPlacement.Late => "filings-late/" + BlobName,
        FilingPlacement.Bad => "filings-bad/" + BlobName,
        FilingPlacement.Life => "filings-life/" + BlobName,
        _ => "filings/" + BlobName,
    };
}

/// <summary>A firm of the sample city and the roles the generator gave it (for documentation and tests).</summary>
public sealed record SampleFirm
{
    public required int Id { get; init; }

    /// <summary>The code the firm files under at the end (after a 个转企 conversion, the new 91… code).</summary>
    public required string CreditCode { get; init; }

    public required string Name { get; init; }

    public required string Town { get; init; }

    /// <summary>The town, or 统计局 for the largest firms.</summary>
    public required string Source { get; init; }

    public required string IndustryCode { get; init; }

    /// <summary>Designed roles, e.g. <c>upgrade-Q1</c>, <c>low-efficiency-cleared-Q2</c>, <c>conversion-Q3</c>.</summary>
    public required IReadOnlyList<string> Roles { get; init; }
}

/// <summary>The whole sample city in memory: its firms and every filing (regular, late and broken).</summary>
public sealed record SampleCity
{
    public required ulong Seed { get; init; }

    public required CityOptions City { get; init; }

    public required IReadOnlyList<Period> Periods { get; init; }

    public required IReadOnlyList<SampleFirm> Firms { get; init; }

    public required IReadOnlyList<SampleFiling> Filings { get; init; }

    /// <summary>The rows of a period from every valid filing (regular and late), not the broken one nor the filing-life story (which leaves them as they are).</summary>
    public IEnumerable<SampleRow> RowsOf(Period period) =>
        Filings.Where(f => f.Period == period && f.Placement is FilingPlacement.Regular or FilingPlacement.Late).SelectMany(f => f.Rows);
}
