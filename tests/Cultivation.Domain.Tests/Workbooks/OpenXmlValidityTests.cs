using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Domain.Tests.Progress;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Cultivation.Domain.Tests.Workbooks;

/// <summary>
/// Excel refuses (or "repairs") a workbook whose parts break the schema; the SDK's validator checks the same
/// schema, element order included, so that what a clerk downloads opens cleanly.
/// </summary>
public sealed class OpenXmlValidityTests
{
    [Fact]
    public void The_template_is_valid_spreadsheetml()
    {
        var template = FilingTemplateWriterTests.Write(new FilingTemplate(new Period(2022, 3), "统计局", new CityOptions().Towns, new CityOptions().Towns,
            new DateOnly(2022, 10, 15), "2022/Q2/统计局.xlsx", [TemplateFirm.Of(FirmRowBuilder.Row(FirmRowBuilder.Code(1), industry: "C3311", since: 2020))]));

        Assert.Empty(Problems(template));
    }

    [Fact]
    public void The_annotated_workbook_with_its_notes_is_valid_spreadsheetml()
    {
        var (book, _) = AnnotatedWorkbookTests.Annotate(new XlsxBuilder()
            .Row("2022年二季度报表")
            .Rows(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2, town: "北京"), SampleFiling.Firm(3, revenue: "abc")))
            .Build());

        Assert.Empty(Problems(book));
    }

    private static List<string> Problems(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return [.. new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")];
    }
}
