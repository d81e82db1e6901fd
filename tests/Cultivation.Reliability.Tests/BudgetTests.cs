using System.Text.Json;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Infrastructure.Storage;
using Xunit.Abstractions;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// SPEC §2 Budgets with the files of issue 13, built here: each is rejected with a reason in Chinese and English
/// (never failed or retried), nothing of it is stored, and the peak working set of its ingestion, measured in a
/// fresh process, stays under 300 MB. One class, so the children run one after another.
/// </summary>
public sealed class BudgetTests(ITestOutputHelper output) : IDisposable
{
    private const double MaxPeakMb = 300;
    private const string Name = "2022/Q2/东城街道.xlsx";

    private readonly Pipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Theory]
    [InlineData(7)]
    [InlineData(3)]
    public async Task A_100000_character_shared_string_filling_1000_rows_is_rejected_at_its_first_cell(int columns)
    {
        // Issue 13: 385 s and 10.8 GB (7 columns), 1.2 GB in the reader and 3.1 GB in the report (3 columns).
        var bytes = HostileWorkbooks.LongSharedString(100_000, columns, 1_000);

        var child = await IngestAsync(bytes);

        var error = await SingleReportedErrorAsync();
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Equal("A", error.GetProperty("column").GetString());
        Assert.Contains("有 100,000 个字符，超过 Excel 单元格的上限 32,767 个字符", error.GetProperty("reason").GetString());
        Assert.Contains("holds 100,000 characters, more than Excel's limit of 32,767", error.GetProperty("reasonEn").GetString());

        // The value is quoted, not copied: its first 100 characters and the mark of the cut.
        var value = error.GetProperty("value").GetString()!;
        Assert.EndsWith("…（共 100000 字）", value);
        Assert.Equal(100 + "…（共 100000 字）".Length, value.Length);
        Assert.True(child.Seconds < 30, child.ToString());
    }

    [Theory]
    [InlineData(25, 4)] // just over the 24 MiB budget: 3.9 MB on disk
    [InlineData(200, 32)] // issue 13's 14.8 MB file, accepted today at 0.5 GB
    public async Task A_shared_string_table_beyond_the_budget_is_refused_before_it_is_loaded(int mebibytes, int itemLength)
    {
        var bytes = HostileWorkbooks.SharedStrings(mebibytes * 1024L * 1024, itemLength);

        var child = await IngestAsync(bytes);

        var error = await SingleReportedErrorAsync();
        Assert.Contains("共享字符串表）解压后超过 24 MB", error.GetProperty("reason").GetString());
        Assert.Contains("shared-string table) expands to more than 24 MB", error.GetProperty("reasonEn").GetString());
        Assert.True(child.Seconds < 30, child.ToString());
    }

    [Fact]
    public async Task A_shared_string_table_just_within_the_budget_is_read_and_its_file_accepted_within_300_MB()
    {
        // The costliest shape per byte (millions of separate short strings), as large as the budget lets it be.
        var bytes = HostileWorkbooks.SharedStrings(23L * 1024 * 1024, itemLength: 4);

        var child = await IngestAsync(bytes, expected: IngestionResult.Accepted);

        Assert.Equal(0, child.Errors);
        Assert.Single(await _pipeline.RowsInForceAsync(Name));
    }

    [Fact]
    public async Task A_150_KB_qualification_cell_is_rejected_and_never_becomes_a_table_property()
    {
        // Today it is accepted, and stored as a 166,658-byte property that Azure refuses (64 KiB) while Azurite keeps it.
        var bytes = HostileWorkbooks.LongRecognitions(83_000);

        await IngestAsync(bytes);

        var error = await SingleReportedErrorAsync();
        Assert.Equal("H", error.GetProperty("column").GetString());
        Assert.Contains("有 83,000 个字符，超过 Excel 单元格的上限", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_row_of_more_cells_than_Excel_has_columns_is_refused_before_it_is_read()
    {
        // Two million cells in one row (250 KB on disk): the reader gathers a row's cells before handing it out.
        var bytes = HostileWorkbooks.CrowdedRow(2_000_000);

        await IngestAsync(bytes);

        var error = await SingleReportedErrorAsync();
        Assert.Contains("有一行的单元格超过 Excel 的上限（16,384 个）", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_cell_beyond_Excels_last_column_is_refused_before_any_row_is_read()
    {
        // Column ZZZZZ would make every row an array of 12 million cells.
        var bytes = HostileWorkbooks.WideSheet("ZZZZZ");

        await IngestAsync(bytes);

        var error = await SingleReportedErrorAsync();
        Assert.Contains("列，超过 Excel 的上限 16,384 列", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_file_that_still_exhausts_memory_is_rejected_with_a_report_not_failed_and_retried()
    {
        // Under a heap of 40 MB the shared strings within the budget do not fit (under 64 MB they sometimes do):
        // the reader runs out of memory for real, and the file is what is at fault.
        var bytes = HostileWorkbooks.SharedStrings(23L * 1024 * 1024, itemLength: 4);
        var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x2800000" };

        await IngestAsync(bytes, environment: limit);

        var error = await SingleReportedErrorAsync();
        Assert.Contains("文件过于复杂", error.GetProperty("reason").GetString());
        var entry = await _pipeline.Ledger.GetAsync(Name, default);
        Assert.Equal(FilingStatus.Rejected, entry!.Status);
        Assert.Equal(0, entry.Attempts);
    }

    /// <summary>Ingests in a child process; asserts the verdict, that nothing was stored, and the peak.</summary>
    private async Task<ChildIngestion> IngestAsync(byte[] bytes, IngestionResult expected = IngestionResult.Rejected,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = await IngestOnce.RunAsync(_pipeline.Storage, Name, bytes, environment);
        output.WriteLine(child.ToString());

        Assert.Equal(expected, child.Result);
        Assert.True(child.PeakMb < MaxPeakMb, child.ToString());
        if (expected == IngestionResult.Rejected)
        {
            Assert.Empty(await _pipeline.Storage.EntitiesAsync(StorageNames.FirmRowsTable));
            var entry = await _pipeline.Ledger.GetAsync(Name, default);
            Assert.Equal((FilingStatus.Rejected, 0), (entry!.Status, entry.Attempts));
        }

        return child;
    }

    private async Task<JsonElement> SingleReportedErrorAsync()
    {
        using var report = await _pipeline.ReportAsync(Name);
        Assert.Equal(1, report.RootElement.GetProperty("errorCount").GetInt32());
        return Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray()).Clone();
    }
}
