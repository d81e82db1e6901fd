using Cultivation.Domain.Filings;

namespace Cultivation.Domain.Tests.Lifecycle;

/// <summary>SPEC §2: of a source's files for a period, the one uploaded last is its filing; at the same time xlsx, then xls, then csv.</summary>
public sealed class FilingPrecedenceTests
{
    private static readonly DateTimeOffset Monday = new(2022, 10, 17, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_file_uploaded_later_takes_precedence_whatever_its_format()
    {
        Assert.True(FilingPrecedence.Precedes(Name("2022/Q3/东城街道.csv"), Monday.AddSeconds(1), Name("2022/Q3/东城街道.xlsx"), Monday));
        Assert.False(FilingPrecedence.Precedes(Name("2022/Q3/东城街道.xlsx"), Monday, Name("2022/Q3/东城街道.csv"), Monday.AddSeconds(1)));
    }

    [Theory]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q3/东城街道.xls")]
    [InlineData("2022/Q3/东城街道.xls", "2022/Q3/东城街道.csv")]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q3/东城街道.csv")]
    [InlineData("2022/Q3/东城街道.XLSX", "2022/Q3/东城街道.xls")]
    [InlineData("2022/Q3/东城街道.XLSX", "2022/Q3/东城街道.xlsx")]
    public void At_the_same_time_xlsx_comes_before_xls_and_xls_before_csv(string first, string second)
    {
        Assert.True(FilingPrecedence.Precedes(Name(first), Monday, Name(second), Monday));
        Assert.False(FilingPrecedence.Precedes(Name(second), Monday, Name(first), Monday));
    }

    [Fact]
    public void An_unknown_upload_time_counts_as_the_earliest()
    {
        Assert.True(FilingPrecedence.Precedes(Name("2022/Q3/东城街道.csv"), DateTimeOffset.MinValue.AddTicks(1), Name("2022/Q3/东城街道.xlsx"), null));
    }

    [Theory]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q3/东城街道.csv", true)]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q4/东城街道.xlsx", false)]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q3/西城街道.xlsx", false)]
    [InlineData("2022/Q3/东城街道.xlsx", "2022/Q3/x/东城街道.xlsx", false)]
    public void Files_are_one_filing_when_source_and_period_agree(string a, string b, bool same) =>
        Assert.Equal(same, FilingPrecedence.SameFiling(a, b));

    private static FilingName Name(string blobName)
    {
        Assert.True(FilingName.TryParse(blobName, out var name, out _));
        return name;
    }
}
