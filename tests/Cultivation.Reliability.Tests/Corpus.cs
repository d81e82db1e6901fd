using Cultivation.Domain.Firms;
using Cultivation.Domain.Tests.Builders;

namespace Cultivation.Reliability.Tests;

/// <summary>What the product must read from an accepted file, firm by firm (amounts in 万元, land in 亩).</summary>
public sealed record ExpectedFirm(string Code, string Name, string Town, bool AboveScale, decimal Revenue, decimal Tax, decimal? Land)
{
    public DateOnly? RemediationDate { get; init; }

    public decimal? ResearchSpending { get; init; }

    public int? Employees { get; init; }
}

/// <summary>
/// One file of the corpus: how to build its bytes, the blob name it is dropped under, and beside it what
/// must come of it: the exact rows of an accepted file, or the reason (Chinese and English) of a rejected one.
/// </summary>
public sealed record CorpusCase(string Name, string BlobName, Func<byte[]> Bytes)
{
    public IReadOnlyList<ExpectedFirm>? Firms { get; init; }

    public string? ReasonZh { get; init; }

    public string? ReasonEn { get; init; }

    /// <summary>Settings of the storage the case runs in (e.g. a small Reading:MaxFileBytes).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether an accepted version can exist under the same name, so the case also runs as a correction.</summary>
    public bool CanCorrect { get; init; } = true;

    public bool IsAccept => Firms is not null;

    public override string ToString() => Name;
}

/// <summary>The corpus of SPEC section 2, built by code: files the product must accept with exact values, and files it must reject whole.</summary>
public static class Corpus
{
    public const string Blob = "2022/Q1/东城街道.xlsx";
    public const string Town = "东城街道";

    private static readonly string[] s_header = SampleFiling.Header;

    public static string Code(int n) => SampleFiling.EnterpriseCode(n);

    public static IReadOnlyList<CorpusCase> Accept { get; } =
    [
        new("thousands-separators", Blob, () => Xlsx(
            Row(1, "1,234,567.89", "12,345.6", "1,200"),
            Row(2, "2,500", "0.5", "3"))) { Firms = [Firm(1, 1_234_567.89m, 12_345.6m, 1200m), Firm(2, 2500m, 0.5m, 3m)] },

        new("full-width-digits-and-punctuation", Blob, () => Xlsx(
            [FullWidth(Code(1)), "永康市全角五金有限公司", Town, "是", "１，２３４．５", "６７．８９", "１２．５"],
            [Code(2), "永康市样例2有限公司", Town, "否", "３０００", "１５０．２５", "８"]))
        {
            Firms = [Firm(1, 1234.5m, 67.89m, 12.5m) with { Name = "永康市全角五金有限公司" }, Firm(2, 3000m, 150.25m, 8m) with { AboveScale = false }],
        },

        new("numbers-stored-as-text", Blob, () => Xlsx(Row(1, "2500", "120.5", "20"), Row(2, "0.1", "0.01", "0"))) { Firms = [Firm(1, 2500m, 120.5m, 20m), Firm(2, 0.1m, 0.01m, 0m)] },

        new("dash-slash-in-optional-cells", Blob, () => Xlsx(
            [.. s_header, "研发费用(万元)", "从业人员(人)"],
            [.. Row(1, 2500.0, 120.0, "-"), "—", "/"],
            [.. Row(2, 2600.0, 130.0, "/"), "-", "-"],
            [.. Row(3, 2700.0, 140.0, 30.0), 55.5, 120]))
        {
            Firms = [Firm(1, 2500m, 120m, null), Firm(2, 2600m, 130m, null), Firm(3, 2700m, 140m, 30m) with { ResearchSpending = 55.5m, Employees = 120 }],
        },

        new("dates-as-cells-and-every-text-form", Blob, () => Xlsx(
            [.. s_header, "整治状态", "整治完成日期"],
            [.. Row(1, 900.0, 10.0, 5.0), "已整治", new DateTime(2022, 3, 15)],
            [.. Row(2, 900.0, 10.0, 5.0), "已整治", "2022-03-15"],
            [.. Row(3, 900.0, 10.0, 5.0), "已关停", "2022/3/15"],
            [.. Row(4, 900.0, 10.0, 5.0), "已整治", "2022年3月15日"]))
        {
            Firms = [.. Enumerable.Range(1, 4).Select(n => Firm(n, 900m, 10m, 5m) with { RemediationDate = new DateOnly(2022, 3, 15) })],
        },

        new("formulas-with-cached-values", Blob, () => Xlsx(
            [Code(1), "永康市公式五金有限公司", Town, "是", new XlsxBuilder.Formula("SUM(H2:I2)", 3000.25), new XlsxBuilder.Formula("E2*0.05", 150.0125), new XlsxBuilder.Formula("10+2.5", 12.5), 1000.0, 2000.25],
            [Code(2), "永康市样例2有限公司", Town, "是", 2500.0, new XlsxBuilder.Formula("ROUND(E3*0.04,2)", 100.0), 20.0]))
        {
            Firms = [Firm(1, 3000.25m, 150.0125m, 12.5m) with { Name = "永康市公式五金有限公司" }, Firm(2, 2500m, 100m, 20m)],
        },

        new("units-yuan-thousand-yuan-square-metres", Blob, () => Xlsx(
            ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(元)", "实缴税金(千元)", "用地面积(平方米)"],
            Row(1, 12_345_678.0, 1234.0, 6667.0),
            Row(2, "25,000,000", "1,500", "20000")))
        {
            Firms = [Firm(1, 1234.5678m, 123.4m, 10.0005m), Firm(2, 2500m, 150m, 30m)],
        },

        new("titles-a-total-on-top-and-subtotals", Blob, () => Xlsx(
            ["2022年1-3月企业梯度培育情况表"],
            ["填报单位：东城街道", null, null, "填报日期：2022年4月10日"],
            s_header,
            [null, "合计", null, null, 9999.0, 999.0, 99.0],
            Row(1, 2500.0, 120.0, 20.0),
            Row(2, 2600.0, 130.0, 21.0),
            [null, "规上企业小计", null, null, 5100.0, 250.0, 41.0],
            Row(3, 800.0, 10.0, 4.0, aboveScale: "否"),
            ["小计", null, null, null, 800.0, 10.0, 4.0]))
        {
            Firms = [Firm(1, 2500m, 120m, 20m), Firm(2, 2600m, 130m, 21m), Firm(3, 800m, 10m, 4m) with { AboveScale = false }],
        },

        new("footer-lines", Blob, () => Xlsx(
            s_header,
            Row(1, 2500.0, 120.0, 20.0),
            Row(2, 2600.0, 130.0, 21.0),
            [],
            ["单位负责人：张三", null, "统计负责人：李四", "填表人：王五"],
            ["报出日期：2022年4月10日"],
            ["说明：1. 本表金额单位为万元。"],
            ["2. 用地面积按不动产权证填写。"],
            ["注：租用厂房的企业用地面积填0。"]))
        {
            Firms = [Firm(1, 2500m, 120m, 20m), Firm(2, 2600m, 130m, 21m)],
        },

        new("gbk-csv", "2022/Q1/东城街道.csv", () => Csv(Row(1, 2500.5, 120.25, 20.0), Row(2, 2600.0, 130.0, 21.0)).Gb18030())
        {
            Firms = [Firm(1, 2500.5m, 120.25m, 20m), Firm(2, 2600m, 130m, 21m)],
        },

        new("utf8-csv-with-bom", "2022/Q1/东城街道.csv", () => Csv(Row(1, "1,250.5", 60.0, 12.0), Row(2, 2600.0, 130.0, 21.0)).Utf8WithBom())
        {
            Firms = [Firm(1, 1250.5m, 60m, 12m), Firm(2, 2600m, 130m, 21m)],
        },

        new("legacy-xls", "2022/Q1/东城街道.xls", () => new XlsBuilder().Rows([s_header, Row(1, 2500.5, 120.25, 20.0), Row(2, "2,600", "130", "21")]).Build())
        {
            Firms = [Firm(1, 2500.5m, 120.25m, 20m), Firm(2, 2600m, 130m, 21m)],
        },

        new("second-worksheet-is-not-read", Blob, () => new XlsxBuilder()
            .Sheet("2022年一季度").Rows([s_header, Row(1, 2500.0, 120.0, 20.0)])
            .Sheet("上期数据").Rows([s_header, Row(2, 1.0, 1.0, 1.0), Row(3, -5.0, "NaN", "x")])
            .Build())
        {
            Firms = [Firm(1, 2500m, 120m, 20m)],
        },
    ];

    public static IReadOnlyList<CorpusCase> Reject { get; } =
    [
        new("empty-file", Blob, () => []) { ReasonZh = "文件为空", ReasonEn = "empty" },

        new("truncated-xlsx", Blob, () => Truncated(Xlsx(Row(1, 2500.0, 120.0, 20.0), Row(2, 2600.0, 130.0, 21.0))))
        {
            ReasonZh = "文件已损坏", ReasonEn = "damaged",
        },

        new("password-protected-xlsx", Blob, Hostile.EncryptedWorkbook) { ReasonZh = "文件已加密", ReasonEn = "encrypted" },

        new("pdf-named-xlsx", Blob, Hostile.Pdf) { ReasonZh = "不是电子表格文件", ReasonEn = "not a spreadsheet" },

        new("zip-bomb", Blob, () => Hostile.ZipBomb()) { ReasonZh = "压缩炸弹", ReasonEn = "zip bomb" },

        new("over-the-size-limit", "2022/Q1/东城街道.csv", () => Csv([.. Enumerable.Range(1, 30_000).Select(n => Row(n, 2500.0, 120.0, 20.0))]).Utf8())
        {
            ReasonZh = "大小上限", ReasonEn = "larger than the limit",
            Settings = new Dictionary<string, string?> { ["Reading:MaxFileBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },

        new("two-row-merged-header", Blob, () => Xlsx(
            ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入", "实缴税金", "用地面积"],
            [null, null, null, null, "万元", "万元", "亩"],
            Row(1, 2500.0, 120.0, 20.0)))
        {
            ReasonZh = "表头占了两行", ReasonEn = "single header row",
        },

        new("unknown-unit", Blob, () => Xlsx(
            ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(美元)", "实缴税金(万元)", "用地面积(亩)"],
            Row(1, 2500.0, 120.0, 20.0)))
        {
            ReasonZh = "单位“美元”无法识别", ReasonEn = "unit '美元'",
        },

        new("nan-amount", Blob, () => Xlsx(Row(1, "NaN", 120.0, 20.0))) { ReasonZh = "“NaN”不是", ReasonEn = "'NaN' is not" },

        new("1e308-amount", Blob, () => Xlsx(Row(1, 1e308, 120.0, 20.0), Row(2, 2500.0, "1e308", 20.0))) { ReasonZh = "超出", ReasonEn = "out of range" },

        new("negative-amount", Blob, () => Xlsx(Row(1, 2500.0, -0.01, 20.0))) { ReasonZh = "不能为负数", ReasonEn = "must not be negative" },

        new("10000-character-name", Blob, () => Xlsx([Code(1), new string('厂', 10_000), Town, "是", 2500.0, 120.0, 20.0]))
        {
            ReasonZh = "企业名称超过", ReasonEn = "name is longer than",
        },

        // A line break typed with Alt+Enter, and an escape character as Excel writes it in XML (_x001B_).
        new("control-characters-in-name", Blob, () => Xlsx(
            [Code(1), "永康市五金\n有限公司", Town, "是", 2500.0, 120.0, 20.0],
            [Code(2), "永康市_x001B_[31m五金有限公司", Town, "是", 2500.0, 120.0, 20.0]))
        {
            ReasonZh = "控制字符", ReasonEn = "control characters",
        },

        new("invalid-check-digit", Blob, () => Xlsx(Row(1, 2500.0, 120.0, 20.0), [SampleFiling.WrongCheckCode(2), "永康市样例2有限公司", Town, "是", 2500.0, 120.0, 20.0]))
        {
            ReasonZh = "校验位错误", ReasonEn = "check character is wrong",
        },

        new("duplicate-credit-codes", Blob, () => Xlsx(Row(1, 2500.0, 120.0, 20.0), Row(2, 2600.0, 130.0, 21.0), Row(1, 2700.0, 140.0, 22.0)))
        {
            ReasonZh = "与第2行重复", ReasonEn = "already appears in row 2",
        },

        new("period-column-disagrees-with-path", Blob, () => Xlsx(
            [.. s_header, "报告期"],
            [.. Row(1, 2500.0, 120.0, 20.0), "2022年1-6月"]))
        {
            ReasonZh = "与文件路径的报告期 2022Q1 不符", ReasonEn = "does not match the period 2022Q1",
        },

        new("name-outside-year-quarter-source", "2022/一季度/东城街道.xlsx", () => Xlsx(Row(1, 2500.0, 120.0, 20.0)))
        {
            ReasonZh = "不符合“年份/Q季度/报送单位.xlsx”格式", ReasonEn = "is not of the form", CanCorrect = false,
        },

        new("unknown-town-in-a-row", Blob, () => Xlsx(Row(1, 2500.0, 120.0, 20.0), Row(2, 2600.0, 130.0, 21.0, town: "清溪镇")))
        {
            ReasonZh = "所属镇街“清溪镇”不是本市的镇街", ReasonEn = "'清溪镇' is not one of the city's towns",
        },

        new("unknown-source", "2022/Q1/清溪镇.xlsx", () => Xlsx(Row(1, 2500.0, 120.0, 20.0)))
        {
            ReasonZh = "报送单位“清溪镇”不是本市配置的镇街", ReasonEn = "is not a configured town", CanCorrect = false,
        },

        new("no-data-rows", Blob, () => Xlsx(["2022年1-3月企业梯度培育情况表"], s_header, [], ["填表人：王五"]))
        {
            ReasonZh = "没有企业数据行", ReasonEn = "no firm rows",
        },
    ];

    public static TheoryData<string> AcceptNames() => [.. Accept.Select(c => c.Name)];

    public static TheoryData<string> RejectNames() => [.. Reject.Select(c => c.Name)];

    public static TheoryData<string> CorrectionNames() => [.. Reject.Where(c => c.CanCorrect).Select(c => c.Name)];

    public static CorpusCase Find(string name) => Accept.Concat(Reject).Single(c => c.Name == name);

    /// <summary>A firm row under the standard header.</summary>
    public static object?[] Row(int n, object? revenue, object? tax, object? land, string town = Town, string aboveScale = "是") =>
        [Code(n), $"永康市样例{n}有限公司", town, aboveScale, revenue, tax, land];

    public static ExpectedFirm Firm(int n, decimal revenue, decimal tax, decimal? land) =>
        new(Code(n), $"永康市样例{n}有限公司", Town, true, revenue, tax, land);

    /// <summary>An xlsx whose first row is the standard header unless the first row given is a header or title.</summary>
    public static byte[] Xlsx(params object?[][] rows) =>
        new XlsxBuilder().Rows(rows.Length > 0 && rows[0].Length > 0 && rows[0][0] is string first && !first.StartsWith("91", StringComparison.Ordinal) && !first.StartsWith('９') ? rows : [s_header, .. rows]).Build();

    private static CsvBuilder Csv(params object?[][] rows) => new CsvBuilder().Rows([s_header, .. rows]);

    private static string FullWidth(string ascii) => string.Concat(ascii.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));

    private static byte[] Truncated(byte[] bytes) => bytes[..(bytes.Length / 2)];

    internal static string Describe(FirmRow r) => $"{r.CreditCode.Value} {r.Name} {r.Town} {r.AboveScale} {r.Revenue} {r.Tax} {r.LandMu}";
}
