using System.Globalization;
using System.Text;
using Cultivation.Domain;
using Cultivation.Domain.Firms;
using Cultivation.SampleCity.City;
using ExcelDataReader;

namespace Cultivation.SampleCity.Tests;

/// <summary>Every committed file opens with ExcelDataReader and holds the model's rows, whatever its mess.</summary>
public class ReadBackTests
{
    public static TheoryData<string> Filings => new(TestCity.Default.Filings.Select(f => f.RelativePath));

    [Theory]
    [MemberData(nameof(Filings))]
    public void Committed_file_reads_back_with_the_model_credit_codes_and_revenues(string relativePath)
    {
        var filing = TestCity.Default.Filings.Single(f => f.RelativePath == relativePath);
        var rows = ReadAll(Path.Combine(TestCity.RepositoryRoot(), "seeds", relativePath));

        var header = rows.FindIndex(r => r.Contains("统一社会信用代码"));
        Assert.True(header >= 0, "header row not found");
        var columns = rows[header].Select(h => Text.FoldWidth(h)).ToList();
        var codeColumn = columns.IndexOf("统一社会信用代码");
        var revenueColumn = columns.FindIndex(h => h.StartsWith("营业收入(", StringComparison.Ordinal));
        var scale = columns[revenueColumn] switch
        {
            "营业收入(元)" => 0.0001m,
            "营业收入(千元)" => 0.1m,
            _ => 1m,
        };

        var firms = rows.Skip(header + 1).Where(r => r.Count > codeColumn && r[codeColumn].Length == 18).ToList();

        Assert.Equal(filing.Rows.Select(r => r.CreditCode), firms.Select(r => r[codeColumn]));
        Assert.Equal(
            filing.Rows.Select(r => r.Revenue),
            firms.Select(r => decimal.Parse(Text.FoldWidth(r[revenueColumn]).Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture) * scale));
        if (filing.Placement != FilingPlacement.Bad)
        {
            Assert.All(firms, r => Assert.True(CreditCode.TryParse(r[codeColumn], out _)));
        }
    }

    [Theory]
    [InlineData("filings/2022/Q4/西城街道.xlsx")]
    [InlineData("filings/2022/Q1/西溪镇.xls")]
    public void Conversion_dates_are_real_date_cells(string relativePath)
    {
        var filing = TestCity.Default.Filings.Single(f => f.RelativePath == relativePath);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(Path.Combine(TestCity.RepositoryRoot(), "seeds", relativePath));
        using var reader = ExcelReaderFactory.CreateReader(stream);
        reader.Read();
        var column = Enumerable.Range(0, reader.FieldCount).Single(i => reader.GetString(i) == "转企日期");
        var dates = new List<DateOnly>();
        while (reader.Read())
        {
            if (reader.GetValue(column) is DateTime date)
            {
                dates.Add(DateOnly.FromDateTime(date));
            }
        }

        var expected = filing.Rows.Where(r => r.ConversionDate is not null).Select(r => r.ConversionDate!.Value).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, dates);
    }

    private static List<List<string>> ReadAll(string path)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(path);
        using var reader = path.EndsWith(".csv", StringComparison.Ordinal)
            ? ExcelReaderFactory.CreateCsvReader(stream, new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding("GB18030") })
            : ExcelReaderFactory.CreateReader(stream);
        var rows = new List<List<string>>();
        while (reader.Read())
        {
            var row = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Add(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty);
            }

            rows.Add(row);
        }

        return rows;
    }
}
