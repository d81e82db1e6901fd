using System.Text.Json.Nodes;
using Cultivation.Application.Storage;
using Cultivation.Domain.Tests.Builders;

namespace Cultivation.Integration.Tests.Cli;

/// <summary>
/// SPEC §7, <c>report &lt;blob&gt; --xlsx [--out FILE]</c> and <c>template &lt;year&gt; Q&lt;q&gt; &lt;source&gt; [--out FILE]</c>: the
/// filers' workbooks from the command line, run as a user runs the tool, with their exit codes.
/// </summary>
public sealed class WorkbookCommandsTests : IDisposable
{
    private const string Xiangzhu = "2022/Q2/象珠镇.xlsx";
    private const string Dongcheng = "2022/Q2/东城街道.xlsx";
    private const string Red = "FFFFC7CE";

    private readonly TestStorage _storage = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cultivation-cli-");

    public void Dispose()
    {
        _storage.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Report_xlsx_writes_the_annotated_workbook_of_a_rejected_file_and_exits_1()
    {
        await UploadAsync(Xiangzhu, Seed("filings-bad", Xiangzhu));
        Assert.Equal(1, (await RunAsync("ingest", Xiangzhu)).Exit);
        var file = Path.Combine(_folder.FullName, "marked.xlsx");

        var run = await RunAsync("report", Xiangzhu, "--xlsx", "--out", file);

        Assert.Equal(1, run.Exit);
        Assert.Contains("错误标注版已写入 / the annotated workbook was written to: " + file, run.Out);
        using var book = new XlsxInspector(await File.ReadAllBytesAsync(file));
        Assert.Equal(["Sheet1", "处理结果"], book.Sheets.Select(s => s.Name));
        var sheet = book.Sheet(0);
        Assert.Equal(["A6", "C10", "I15"], sheet.CommentedCells.Order());
        Assert.All(sheet.CommentedCells, c => Assert.Equal(Red, sheet.Fill(c)));
        Assert.Equal("错误说明", sheet.Text("S1"));
    }

    [Fact]
    public async Task Report_xlsx_of_an_accepted_file_exits_0_and_without_out_takes_the_workbooks_own_name_and_json_says_where()
    {
        await UploadAsync(Dongcheng, Seed("filings", Dongcheng));
        Assert.Equal(0, (await RunAsync("ingest", Dongcheng)).Exit);

        var run = await RunAsync(["report", Dongcheng, "--xlsx", "--json"], _folder.FullName);

        Assert.True(run.Exit == 0, run.All);
        var expected = Path.Combine(_folder.FullName, "东城街道-2022Q2-核验结果.xlsx");
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal(expected, json["file"]!.GetValue<string>());
        Assert.Equal(new FileInfo(expected).Length, json["bytes"]!.GetValue<long>());
        using var book = new XlsxInspector(await File.ReadAllBytesAsync(expected));
        Assert.Empty(book.Sheet(0).CommentedCells);
        Assert.Equal(429, book.Sheet(0).RowCount);
    }

    [Fact]
    public async Task Report_xlsx_of_a_blob_without_a_report_exits_1_and_out_without_xlsx_is_a_usage_error()
    {
        var missing = await RunAsync("report", "2022/Q1/西城街道.csv", "--xlsx", "--out", Path.Combine(_folder.FullName, "x.xlsx"));
        var outAlone = await RunAsync("report", Dongcheng, "--out", Path.Combine(_folder.FullName, "y.xlsx"));

        Assert.Equal(1, missing.Exit);
        Assert.Contains("没有 2022/Q1/西城街道.csv 的处理报告", missing.Err);
        Assert.Equal(2, outAlone.Exit);
        Assert.StartsWith("cultivation: --out 只用于 --xlsx（错误标注版）/ --out goes with --xlsx", outAlone.Err, StringComparison.Ordinal);
        Assert.Empty(_folder.GetFiles());
    }

    [Fact]
    public async Task Template_writes_the_sources_template_prefilled_from_its_last_accepted_filing()
    {
        await UploadAsync(Dongcheng, Seed("filings", Dongcheng));
        Assert.Equal(0, (await RunAsync("ingest", Dongcheng)).Exit);
        var file = Path.Combine(_folder.FullName, "模板.xlsx");

        var run = await RunAsync("template", "2022", "Q3", "东城街道", "--out", file);

        Assert.True(run.Exit == 0, run.All);
        Assert.Contains("填报模板已写入 / the template was written to: " + file, run.Out);
        using var book = new XlsxInspector(await File.ReadAllBytesAsync(file));
        Assert.Equal("数据", book.Sheets[0].Name);
        Assert.Contains(book.Sheets, s => s.Name == "填报说明");

        // 428 firm rows in 东城街道's Q2 file, 6 of them 已关停: 422 prefilled under the header, figures left empty.
        Assert.Equal(423, book.Sheet(0).RowCount);
        Assert.Equal(["91330784MAELME6J8G", "永康市豪顺汽配有限公司", "东城街道", "是", "2013"], book.Sheet(0).Row(2, 5));
        Assert.Null(book.Sheet(0).Text("F2"));
    }

    [Fact]
    public async Task Template_without_out_takes_its_own_name_and_a_source_not_of_the_city_exits_1_naming_the_nearest()
    {
        var statistics = await RunAsync(["template", "2022Q1", "统计局"], _folder.FullName);
        var unknown = await RunAsync("template", "2022", "Q3", "东城", "--out", Path.Combine(_folder.FullName, "x.xlsx"));
        var badQuarter = await RunAsync("template", "2022", "Q5", "东城街道");

        Assert.True(statistics.Exit == 0, statistics.All);
        Assert.True(File.Exists(Path.Combine(_folder.FullName, "统计局-2022Q1-填报模板.xlsx")));
        Assert.Equal(1, unknown.Exit);
        Assert.Equal(
            "cultivation: “东城”不是本市的镇街或统计局，没有它的填报模板 / '东城' is not one of the city's towns or 统计局: no template\n" +
            "cultivation: 是否要用 东城街道？/ did you mean 东城街道?\n",
            unknown.Err);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "x.xlsx")));
        Assert.Equal(2, badQuarter.Exit);
        Assert.StartsWith("cultivation: 季度只能是 1–4", badQuarter.Err, StringComparison.Ordinal);
    }

    private static byte[] Seed(string folder, string blob) => File.ReadAllBytes(Path.Combine(Repository.Root(), "seeds", folder, blob));

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, null);

    private Task<CliRun> RunAsync(string[] args, string? workingDirectory) =>
        CliProcess.RunAsync(args, Environment.GetEnvironmentVariable(TestStorage.ConnectionVariable), _storage.Prefix, workingDirectory);

    private Task UploadAsync(string name, byte[] content) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(content), default);
}
