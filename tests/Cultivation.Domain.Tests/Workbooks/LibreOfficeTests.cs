using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Domain.Tests.Progress;
using Xunit.Abstractions;

namespace Cultivation.Domain.Tests.Workbooks;

/// <summary>The workbooks opened by LibreOffice, where it is installed (Debian: libreoffice-calc).</summary>
public sealed class LibreOfficeTests(ITestOutputHelper output)
{
    [Fact]
    public void LibreOffice_reads_the_template_header_and_keeps_codes_as_typed()
    {
        var template = FilingTemplateWriterTests.Write(new FilingTemplate(new Period(2022, 3), "东城街道", ["东城街道"], new CityOptions().Towns,
            new DateOnly(2022, 10, 15), null, [TemplateFirm.Of(FirmRowBuilder.Row(FirmRowBuilder.Code(1), name: "永康市测试一号工具有限公司", industry: "0610", since: 2019, land: 12.5m))]));

        var csv = LibreOffice.FirstSheetAsCsv(template);
        if (csv is null)
        {
            output.WriteLine("LibreOffice (soffice) is not installed: the template was not opened with it.");
            return;
        }

        var lines = csv.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "\"统一社会信用代码\",\"企业名称\",\"所属镇街\",\"是否规上\",\"规上纳入年份\",\"营业收入(万元)\",\"营业收入上年同期(万元)\",\"上年营业收入(万元)\","
            + "\"实缴税金(万元)\",\"用地面积(亩)\",\"研发费用(万元)\",\"从业人员(人)\",\"资质\",\"原统一社会信用代码\",\"转企日期\",\"整治状态\",\"整治完成日期\",\"行业代码\"",
            lines[0]);
        Assert.Equal($"\"{FirmRowBuilder.Code(1)}\",\"永康市测试一号工具有限公司\",\"东城街道\",\"是\",2019,,,,,12.5,,,,,,,,\"0610\"", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void LibreOffice_shows_formula_like_values_as_the_text_the_filer_typed()
    {
        var (book, _) = AnnotatedWorkbookTests.Annotate(new XlsxBuilder().Rows([
            [.. SampleFiling.Header, "备注"],
            [.. SampleFiling.Firm(1), "=1+1"],
            [.. SampleFiling.Firm(2), "@SUM(E2:E3)"],
        ]).Build());

        var csv = LibreOffice.FirstSheetAsCsv(book);
        if (csv is null)
        {
            output.WriteLine("LibreOffice (soffice) is not installed: the workbook was not opened with it.");
            return;
        }

        var lines = csv.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // The last column is the (empty) 错误说明 of these good rows.
        Assert.Equal($"\"{SampleFiling.EnterpriseCode(1)}\",\"永康市样例1有限公司\",\"东城街道\",\"是\",1200.5,60.25,12,\"=1+1\",", lines[1]);
        Assert.Equal($"\"{SampleFiling.EnterpriseCode(2)}\",\"永康市样例2有限公司\",\"东城街道\",\"是\",1200.5,60.25,12,\"@SUM(E2:E3)\",", lines[2]);
    }
}
