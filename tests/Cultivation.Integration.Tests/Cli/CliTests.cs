using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Cli;

/// <summary>
/// The command-line tool as a user runs it (a process, its own configuration from the environment), against
/// the same isolated storage as the services: SPEC §7's exit codes and "--json is exactly the HTTP body".
/// </summary>
public sealed partial class CliTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Progress_json_is_exactly_the_http_body_and_an_accepted_file_exits_0()
    {
        Assert.Equal(0, (await RunAsync("targets", "load", Path.Combine(Repository.Root(), "seeds/targets/2022.json"))).Exit);
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        var ingest = await RunAsync("ingest", East);
        Assert.True(ingest.Exit == 0, ingest.All);

        var cli = await RunAsync("progress", "2022", "--json");

        Assert.Equal(0, cli.Exit);
        var http = await new ProgressApi(_storage.Get<ProgressQueries>()).Year(new DefaultHttpContext().Request, "2022", default);
        var body = Assert.IsType<ContentResult>(http).Content!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(cli.Out)), cli.Out);
        Assert.Equal(2022, JsonNode.Parse(cli.Out)!["year"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_writes_the_leaders_workbook_of_a_town_and_refuses_an_unknown_town()
    {
        Assert.Equal(0, (await RunAsync("targets", "load", Path.Combine(Repository.Root(), "seeds/targets/2022.json"))).Exit);
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        Assert.Equal(0, (await RunAsync("ingest", East)).Exit);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");

        var export = await RunAsync("export", "2022", "--town", "东城街道", "--out", file);
        var unknown = await RunAsync("export", "2022", "--town", "清溪镇", "--out", file + ".x");
        var noTargets = await RunAsync("export", "2031", "--out", file + ".y");

        Assert.True(export.Exit == 0, export.All);
        Assert.Contains(file, export.Out);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("清溪镇", unknown.Err);
        Assert.False(File.Exists(file + ".x"));
        Assert.Equal(1, noTargets.Exit);
    }

    [Fact]
    public async Task A_rejected_file_and_an_unknown_firm_exit_1_with_the_reason()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1, town: "不存在镇")));

        var rejected = await RunAsync("ingest", East);
        var unknown = await RunAsync("enterprise", Filings.Code(42));

        Assert.Equal(1, rejected.Exit);
        Assert.Contains("不存在镇", rejected.All);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains(Filings.Code(42), unknown.Err);
    }

    [Fact]
    public async Task Ingesting_a_rejected_file_again_exits_1_although_it_is_unchanged()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1, town: "不存在镇")));
        Assert.Equal(1, (await RunAsync("ingest", East)).Exit);

        var again = await RunAsync("ingest", East);

        Assert.Equal(1, again.Exit);
        Assert.Contains("未变化", again.Out);
        Assert.Contains("不存在镇", again.Out);
    }

    [Fact]
    public async Task The_filings_table_shows_when_each_file_was_ingested_in_china_time()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        Assert.Equal(0, (await RunAsync("ingest", East, "--now", "2022-04-12T23:30:00Z")).Exit);

        var table = await RunAsync("filings", "2022Q1");

        Assert.Equal(0, table.Exit);
        Assert.Contains("时间为北京时间 / China time", table.Out);
        Assert.Contains("2022-04-13", table.Out);
        Assert.Contains("07:30", table.Out);
        Assert.DoesNotContain("23:30", table.Out);
    }

    [Fact]
    public async Task Report_json_is_exactly_the_stored_report_and_an_accepted_file_exits_0()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        Assert.Equal(0, (await RunAsync("ingest", East)).Exit);

        var json = await RunAsync("report", East, "--json");
        var table = await RunAsync("report", East);

        Assert.Equal(0, json.Exit);
        Assert.Equal(await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".json", default), json.Out.TrimEnd('\n'));
        Assert.Equal("accepted", JsonNode.Parse(json.Out)!["status"]!.GetValue<string>());
        Assert.Equal(0, table.Exit);
        Assert.Contains("已接收 accepted", table.Out);
        Assert.Matches(@"企业数 Rows\s+3", table.Out);
    }

    [Fact]
    public async Task Report_of_a_rejected_file_lists_its_errors_and_exits_1_and_a_missing_report_exits_1()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1, town: "不存在镇")));
        await RunAsync("ingest", East);

        var rejected = await RunAsync("report", East);
        var missing = await RunAsync("report", "2022/Q1/西城街道.csv");

        Assert.Equal(1, rejected.Exit);
        Assert.Contains("已退回 rejected", rejected.Out);
        Assert.Contains("不存在镇", rejected.Out);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("没有 2022/Q1/西城街道.csv 的处理报告", missing.Err);
    }

    [Theory]
    [InlineData("progress")]
    [InlineData("ingest")]
    [InlineData("low-efficiency", "2022", "Q5")]
    [InlineData("enterprise", "91330784MA0000000X")]
    [InlineData("frobnicate")]
    [InlineData("alerts")]
    [InlineData("progress", "2022", "above-scale-upgrades", "extra")]
    [InlineData("progress", "2022", "--now", "yesterday")]
    [InlineData("low-efficiency", "2022", "Q2", "--town")]
    public async Task Usage_errors_exit_2_with_a_message_and_never_a_stack_trace(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("cultivation: ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--twon", "--town", "low-efficiency", "2022", "Q2", "--twon", "东城街道")]
    [InlineData("--twon", "--town", "low-efficiency", "--twon", "东城街道", "2022", "Q2")]
    [InlineData("--jsno", "--json", "progress", "2022", "--jsno")]
    [InlineData("'progres'", "progress", "progres", "2022")]
    [InlineData("'sned'", "send", "alerts", "sned")]
    public async Task An_unknown_command_or_option_is_a_usage_error_naming_the_nearest_valid_one(string typed, string nearest, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.Exit);
        var first = run.Err.Split('\n')[0];
        Assert.Contains(typed, first, StringComparison.Ordinal);
        Assert.Contains($"是否要用 {nearest}？", first, StringComparison.Ordinal);
        Assert.Contains($"did you mean {nearest}?", first, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifth_quarter_is_a_usage_error_saying_quarters_are_1_to_4()
    {
        var run = await RunAsync("filings", "2022", "Q5");

        Assert.Equal(2, run.Exit);
        Assert.Equal("cultivation: 季度只能是 1–4，'2022 Q5' 不是报告期 / quarters are 1–4: '2022 Q5' is not a period", run.Err.Split('\n')[0]);
    }

    [Fact]
    public async Task Recompute_rebuilds_a_stale_enterprise_index_and_enterprise_json_is_then_the_http_body()
    {
        Assert.Equal(0, (await RunAsync("targets", "load", Path.Combine(Repository.Root(), "seeds/targets/2022.json"))).Exit);
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        Assert.Equal(0, (await RunAsync("ingest", East)).Exit);

        // The index lost firm 2's period, as a stale one might have, and was never marked built.
        var index = _storage.Get<IEnterpriseIndex>();
        var q1 = new Period(2022, 1);
        await index.ClearAsync(q1, [.. (await index.SuppliedByAsync(q1, East, default)).Where(s => s.CreditCode == Filings.Code(2))], default);

        var recompute = await RunAsync("recompute", "2022");

        Assert.True(recompute.Exit == 0, recompute.All);
        Assert.Contains("企业索引已重建：1 个文件，写入 1 条、清除 0 条", recompute.Out, StringComparison.Ordinal);
        Assert.True(await index.IsBuiltAsync(default));
        var cli = await RunAsync("enterprise", Filings.Code(2), "--json");
        Assert.Equal(0, cli.Exit);
        var http = await new EnterprisesApi(_storage.Get<EnterpriseQueries>()).Run(new DefaultHttpContext().Request, Filings.Code(2), default);
        var body = Assert.IsType<ContentResult>(http).Content!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(cli.Out)), cli.Out);
        Assert.Equal("2022Q1", JsonNode.Parse(cli.Out)!["periods"]![0]!["period"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storage_that_refuses_the_key_exits_3_with_the_reason_and_no_stack_trace()
    {
        var wrongKey = AccountKey().Replace(Connection, "AccountKey=" + Convert.ToBase64String(new byte[64]) + ";");

        var progress = await RunAsync(["progress", "2022"], wrongKey);
        var ingest = await RunAsync(["ingest", East], wrongKey);

        Assert.Equal(3, progress.Exit);
        Assert.StartsWith("cultivation: 存储拒绝了请求（403", progress.Err, StringComparison.Ordinal);
        Assert.Contains("storage refused the request (403", progress.Err, StringComparison.Ordinal);
        Assert.Equal(3, ingest.Exit);
        Assert.DoesNotContain("   at ", progress.All + ingest.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_nobody_listens_on_exits_3_with_the_reason_and_no_stack_trace()
    {
        var port = LoopbackPort.Free();
        var unreachable = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var run = await RunAsync(["filings", "2022", "Q1"], unreachable);

        Assert.Equal(3, run.Exit);
        Assert.StartsWith("cultivation: 无法连接存储", run.Err, StringComparison.Ordinal);
        Assert.Contains("storage unreachable", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_storage_connection_outside_development_it_stops_with_a_clear_message()
    {
        var run = await RunAsync(["progress", "2022"], connection: null);

        Assert.Equal(2, run.Exit);
        Assert.Contains("AzureWebJobsStorage", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    private static string Connection => Environment.GetEnvironmentVariable(TestStorage.ConnectionVariable)!;

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, Connection);

    private Task<CliRun> RunAsync(string[] args, string? connection) => CliProcess.RunAsync(args, connection, _storage.Prefix);

    private Task UploadAsync(string name, byte[] content) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(content), default);

    [GeneratedRegex("AccountKey=[^;]*;")]
    private static partial Regex AccountKey();
}
