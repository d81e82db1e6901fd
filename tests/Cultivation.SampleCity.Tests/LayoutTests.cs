using Cultivation.SampleCity.City;
using Cultivation.SampleCity.Writers;

namespace Cultivation.SampleCity.Tests;

public class LayoutTests
{
    private static SampleFiling Filing(string period, string source) =>
        TestCity.Default.Filings.Single(f => f.Period.ToString() == period && f.Source == source && f.Placement is FilingPlacement.Regular or FilingPlacement.Late);

    private static List<IReadOnlyList<SheetCell>> Sheet(string period, string source) => FilingLayout.Rows(Filing(period, source)).ToList();

    private static int Column(IReadOnlyList<SheetCell> header, string text) => header.Select(c => c.Text).ToList().IndexOf(text);

    [Fact]
    public void Land_in_square_metres_is_whole_and_converts_back_exactly()
    {
        var sheet = Sheet("2022Q2", "龙山镇");
        var land = Column(sheet[0], "用地面积(平方米)");
        var rows = Filing("2022Q2", "龙山镇").Rows;

        Assert.True(land >= 0);
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = sheet[i + 1][land];
            if (rows[i].LandMu is { } mu)
            {
                Assert.Equal(decimal.Truncate(cell.Number), cell.Number);
                Assert.Equal(mu, cell.Number * 0.0015m);
            }
        }
    }

    [Fact]
    public void Amounts_in_yuan_are_whole_and_scale_back_to_wan_yuan()
    {
        var sheet = Sheet("2022Q1", "古山镇");
        var revenue = Column(sheet[0], "营业收入(元)");
        var rows = Filing("2022Q1", "古山镇").Rows;

        Assert.Equal(rows[0].Revenue, sheet[1][revenue].Number * 0.0001m);
        Assert.All(sheet.Skip(1), r => Assert.Equal(decimal.Truncate(r[revenue].Number), r[revenue].Number));
    }

    [Fact]
    public void Title_rows_stand_above_the_header()
    {
        var sheet = Sheet("2022Q2", "石柱镇");

        Assert.Equal("2022年第二季度企业梯度培育情况表", sheet[0][0].Text);
        Assert.Equal("填报单位：石柱镇  填报日期：2022年7月10日", sheet[1][0].Text);
        Assert.Equal("统一社会信用代码", sheet[2][0].Text);
    }

    [Fact]
    public void Subtotal_and_total_rows_sum_the_firm_rows()
    {
        var sheet = Sheet("2022Q4", "经济开发区");
        var revenue = Column(sheet[0], "营业收入(万元)");
        var rows = Filing("2022Q4", "经济开发区").Rows;

        Assert.Equal("合计", sheet[^1][0].Text);
        Assert.Equal(rows.Sum(r => r.Revenue), sheet[^1][revenue].Number);
        Assert.Equal(2, sheet.Count(r => r[1].Text?.Contains("小计", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Numbers_as_text_carry_thousands_separators()
    {
        var sheet = Sheet("2022Q4", "东城街道");
        var revenue = Column(sheet[0], "营业收入(万元)");

        Assert.All(sheet.Skip(1), r => Assert.Equal(SheetCellKind.Text, r[revenue].Kind));
        Assert.Contains(sheet.Skip(1), r => r[revenue].Text!.Contains(',', StringComparison.Ordinal));
    }

    [Fact]
    public void Every_source_files_every_period()
    {
        var city = TestCity.Default;

        foreach (var period in SampleCityGenerator.Periods)
        {
            var sources = city.Filings.Where(f => f.Period == period && f.Placement is FilingPlacement.Regular or FilingPlacement.Late).Select(f => f.Source).Order();
            Assert.Equal(city.City.Towns.Append("统计局").Order(), sources);
        }
    }
}
