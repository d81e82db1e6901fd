using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Domain.Tests.Reports;

public sealed class FilingReportTextTests
{
    [Fact]
    public void The_text_report_gives_the_time_in_china_time()
    {
        Assert.True(FilingName.TryParse("2022/Q2/东城街道.xlsx", out var name, out _));
        var report = FilingReport.From(name.Value, name, new string('0', 64), FilingStatus.Accepted, "xlsx", "Sheet1", 3, [], 1000, null,
            new DateTimeOffset(2022, 7, 15, 18, 5, 9, TimeSpan.Zero));

        // 18:05 UTC on the 15th is 02:05 on the 16th in Shanghai.
        Assert.Contains("处理时间 At:    2022-07-16 02:05:09（北京时间）", report.ToText());
        Assert.Equal(new DateTimeOffset(2022, 7, 15, 18, 5, 9, TimeSpan.Zero), report.IngestedAt);
    }
}
