using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Tests;

/// <summary>SPEC §2: a name is a filing name only in exactly the form {year}/Q{quarter}/{source}.{xlsx|xls|csv}, with ASCII digits.</summary>
public class FilingNameTests
{
    [Theory]
    [InlineData("2022/Q2/东城街道.xlsx", 2022, 2, "东城街道", "xlsx")]
    [InlineData("2021/Q4/统计局.XLS", 2021, 4, "统计局", "xls")]
    [InlineData("2022/Q1/经济开发区.csv", 2022, 1, "经济开发区", "csv")]
    public void Reads_period_source_and_extension_of_a_filing_name(string blobName, int year, int quarter, string source, string extension)
    {
        Assert.True(FilingName.TryParse(blobName, out var name, out var problem));
        Assert.Null(problem);
        Assert.Equal(new Period(year, quarter), name.Period);
        Assert.Equal(source, name.Source);
        Assert.Equal(extension, name.Extension);
        Assert.Equal(blobName, name.Value);
    }

    [Theory]
    [InlineData("2022/Q٢/东城街道.xlsx")] // Arabic-Indic two: \d matched it, then parsing the quarter threw
    [InlineData("٢٠٢٢/Q2/东城街道.xlsx")]
    [InlineData("２０２２/Q2/东城街道.xlsx")] // full-width digits
    [InlineData("x/%2E%2E/2022/Q1/西城街道.xlsx")]
    [InlineData("x/../2022/Q1/西城街道.xlsx")]
    [InlineData("2022/Q1/../Q1/西城街道.xlsx")]
    [InlineData("2022/Q1/%2E%2E.xlsx")]
    [InlineData("2022/Q1/西城街道..xlsx")]
    [InlineData("2022/Q1/sub/西城街道.xlsx")]
    [InlineData("2022/Q1/西城\\街道.xlsx")]
    [InlineData("2022/Q1/西城\u0001街道.xlsx")]
    [InlineData("2022/Q1/西城街道\n.xlsx")]
    [InlineData("2022/Q1/西城\u200B街道.xlsx")] // zero-width space: looks like 西城街道, is not
    [InlineData("2022/Q1/西城街道.xlsx.pdf")]
    [InlineData("2022/Q5/西城街道.xlsx")]
    [InlineData("2022/Q0/西城街道.xlsx")]
    [InlineData("2022/第一季度/东城街道.csv")]
    [InlineData("")]
    public void Refuses_every_other_name_without_throwing(string blobName)
    {
        Assert.False(FilingName.TryParse(blobName, out var name, out var problem));
        Assert.Null(name);
        Assert.NotEmpty(problem.Chinese);
        Assert.NotEmpty(problem.English);
    }
}
