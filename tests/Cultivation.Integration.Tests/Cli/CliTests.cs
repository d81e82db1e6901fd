using System.Diagnostics;
using System.Text.Json.Nodes;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Cli;

/// <summary>
/// The command-line tool as a user runs it (a process, its own configuration from the environment), against
/// the same isolated storage as the services: SPEC §7's exit codes and "--json is exactly the HTTP body".
/// </summary>
public sealed class CliTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Progress_json_is_exactly_the_http_body_and_an_accepted_file_exits_0()
    {
        Assert.Equal(0, (await RunAsync("targets", "load", Path.Combine(Repository.Root(), "seeds/targets/2022.json"))).Exit);
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.CsvOf([1, 2, 3])), default);
        var ingest = await RunAsync("ingest", East);
        Assert.True(ingest.Exit == 0, ingest.Out + ingest.Err);

        var cli = await RunAsync("progress", "2022", "--json");

        Assert.Equal(0, cli.Exit);
        var http = await new ProgressApi(_storage.Get<ProgressQueries>()).Year(new DefaultHttpContext().Request, "2022", default);
        var body = Assert.IsType<ContentResult>(http).Content!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(cli.Out)), cli.Out);
        Assert.Equal(2022, JsonNode.Parse(cli.Out)!["year"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_rejected_file_and_an_unknown_firm_exit_1_with_the_reason()
    {
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.Csv(Filings.Row(1, town: "不存在镇"))), default);

        var rejected = await RunAsync("ingest", East);
        var unknown = await RunAsync("enterprise", Filings.Code(42));

        Assert.Equal(1, rejected.Exit);
        Assert.Contains("不存在镇", rejected.Out + rejected.Err);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains(Filings.Code(42), unknown.Err);
    }

    [Theory]
    [InlineData("progress")]
    [InlineData("low-efficiency", "2022", "Q5")]
    [InlineData("enterprise", "91330784MA0000000X")]
    [InlineData("frobnicate")]
    [InlineData("progress", "2022", "--now", "yesterday")]
    public async Task Usage_errors_exit_2_with_a_message_and_never_a_stack_trace(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("cultivation: ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out + run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_storage_connection_outside_development_it_stops_with_a_clear_message()
    {
        var run = await RunAsync(["progress", "2022"], connection: null);

        Assert.Equal(2, run.Exit);
        Assert.Contains("AzureWebJobsStorage", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out + run.Err, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) =>
        RunAsync(args, Environment.GetEnvironmentVariable(TestStorage.ConnectionVariable));

    private async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? connection)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // No local.settings.json above a temporary folder: the environment is the whole configuration.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("AzureWebJobsStorage");
        if (connection is not null)
        {
            start.Environment["AzureWebJobsStorage"] = connection;
        }

        start.Environment["Storage__Prefix"] = _storage.Prefix;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The tool built beside this test assembly, in the same configuration.</summary>
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(Repository.Root(), "tools", "Cultivation.Cli", "bin", configuration, "net10.0", "cultivation.dll");
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }
}
