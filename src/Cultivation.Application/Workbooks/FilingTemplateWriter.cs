using System.Globalization;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.Application.Workbooks;

/// <summary>
/// Writes a 填报模板: the data sheet first (the reader takes the first worksheet), with the header of SPEC 2,
/// drop-down lists, text-formatted code columns, a frozen header and the source's firms prefilled; then the
/// 填报说明; then the hidden sheet the drop-down lists take their values from.
/// </summary>
public static class FilingTemplateWriter
{
    public const string DataSheet = "数据";
    public const string InstructionsSheet = "填报说明";
    public const string ListsSheet = "下拉列表";

    private const string TownList = "TownList";
    private const string YesNoList = "YesNoList";
    private const string RemediationList = "RemediationList";

    // Two lines of a wrapped header such as 营业收入上年同期(万元).
    private const double HeaderHeight = 33;

    private const double TextWidth = 80;

    public static void Write(Stream output, FilingTemplate template)
    {
        using var package = new XlsxPackage(output);
        using (var sheet = package.AddSheet(DataSheet))
        {
            WriteData(sheet, template);
        }

        using (var sheet = package.AddSheet(InstructionsSheet))
        {
            WriteInstructions(sheet, template);
        }

        using (var sheet = package.AddSheet(ListsSheet, SheetStateValues.Hidden))
        {
            WriteLists(package, sheet, template);
        }

        package.Complete();
    }

    private static void WriteData(SheetWriter sheet, FilingTemplate template)
    {
        var columns = TemplateColumns.All;
        sheet.Begin(frozenRows: 1, columns.Select((c, i) => new ColumnLayout(i, c.Width, c.Style)));
        sheet.StartRow(1, HeaderHeight);
        for (var i = 0; i < columns.Count; i++)
        {
            var required = FilingColumns.Get(columns[i].Field).Required;
            sheet.Text(i, TemplateColumns.Header(columns[i].Field), required ? CellStyle.RequiredHeader : CellStyle.Header);
        }

        var row = 1;
        foreach (var firm in template.Firms)
        {
            sheet.StartRow(++row);
            sheet.Text(Column(FilingField.CreditCode), firm.CreditCode, CellStyle.Text);
            sheet.Text(Column(FilingField.Name), firm.Name);
            sheet.Text(Column(FilingField.Town), firm.Town);
            sheet.Text(Column(FilingField.AboveScale), firm.AboveScale ? "是" : "否");
            if (firm.AboveScaleSince is { } since)
            {
                sheet.Number(Column(FilingField.AboveScaleSince), (decimal)since);
            }

            if (firm.LandMu is { } land)
            {
                sheet.Number(Column(FilingField.LandArea), land);
            }

            if (firm.IndustryCode is { } industry)
            {
                sheet.Text(Column(FilingField.IndustryCode), industry, CellStyle.Text);
            }
        }

        sheet.End(Validations());
    }

    private static DataValidations Validations()
    {
        var list = new List<DataValidation>
        {
            Choice(FilingField.Town, TownList, "所属镇街", "请从下拉列表选择镇街。"),
            Choice(FilingField.AboveScale, YesNoList, "是否规上", "请选择“是”或“否”。"),
            Choice(FilingField.Remediation, RemediationList, "整治状态", "请选择：无、整治中、已整治、已关停。"),
            Bounded(FilingField.AboveScaleSince, DataValidationValues.Whole, "1980", "2100", "纳入规上的年份", "请填写四位年份，如 2022。"),
            Bounded(FilingField.Employees, DataValidationValues.Whole, "0", "2147483647", "从业人员(人)", "请填写不小于0的整数。"),
            Bounded(FilingField.ConversionDate, DataValidationValues.Date, Serial(1980, 1, 1), Serial(2100, 12, 31), "转企日期", "请填写日期，如 2022-05-16。"),
            Bounded(FilingField.RemediationDate, DataValidationValues.Date, Serial(1980, 1, 1), Serial(2100, 12, 31), "整治完成日期", "请填写日期，如 2022-05-16。"),
            Prompt(FilingField.CreditCode, "统一社会信用代码", "18位代码；本列为文本格式，请勿改成数字。"),
            Prompt(FilingField.FormerCreditCode, "原统一社会信用代码", "个转企企业转企前的92开头代码。"),
            Prompt(FilingField.Recognitions, "资质", "名称:年份，多项用 ; 分隔，如 专精特新:2022;高新技术企业:2021"),
        };
        foreach (var field in new[]
                 {
                     FilingField.Revenue, FilingField.RevenueSamePeriodLastYear, FilingField.RevenueLastYear, FilingField.Tax,
                     FilingField.LandArea, FilingField.ResearchSpending,
                 })
        {
            list.Add(Bounded(field, DataValidationValues.Decimal, "0", FilingParser.MaxAmount.ToString(CultureInfo.InvariantCulture),
                TemplateColumns.Header(field), "请填写不小于0的数字（1月至本季度末累计）。"));
        }

        return new DataValidations(list) { Count = (uint)list.Count };
    }

    private static DataValidation Choice(FilingField field, string listName, string title, string error) =>
        Refusing(new DataValidation(new Formula1(listName)) { Type = DataValidationValues.List }, field, title, error);

    private static DataValidation Bounded(FilingField field, DataValidationValues type, string min, string max, string title, string error) =>
        Refusing(new DataValidation(new Formula1(min), new Formula2(max)) { Type = type, Operator = DataValidationOperatorValues.Between }, field, title, error);

    /// <summary>A rule that stops a value typed against it, with the reason, on the column's cells below the header.</summary>
    private static DataValidation Refusing(DataValidation validation, FilingField field, string title, string error)
    {
        validation.AllowBlank = true;
        validation.ShowInputMessage = true;
        validation.ShowErrorMessage = true;
        validation.ErrorStyle = DataValidationErrorStyleValues.Stop;
        validation.ErrorTitle = title;
        validation.Error = error;
        validation.SequenceOfReferences = Range(field);
        return validation;
    }

    private static DataValidation Prompt(FilingField field, string title, string prompt) => new()
    {
        Type = DataValidationValues.None,
        AllowBlank = true,
        ShowInputMessage = true,
        PromptTitle = title,
        Prompt = prompt,
        SequenceOfReferences = Range(field),
    };

    /// <summary>The column below the header, down to as many rows as a filing may hold.</summary>
    private static ListValue<StringValue> Range(FilingField field)
    {
        var letters = HeaderMap.ColumnLetters(Column(field));
        return new ListValue<StringValue> { InnerText = string.Create(CultureInfo.InvariantCulture, $"{letters}2:{letters}{WorkbookLimits.MaxRows + 1}") };
    }

    private static string Serial(int year, int month, int day) =>
        (new DateOnly(year, month, day).DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture);

    private static int Column(FilingField field) => TemplateColumns.IndexOf(field);

    private static void WriteInstructions(SheetWriter sheet, FilingTemplate template)
    {
        var p = template.Period;
        var months = p.Quarter == 1 ? "1–3月" : $"1–{p.MonthsToDate}月";
        sheet.Begin(columns: [new ColumnLayout(0, 22), new ColumnLayout(1, TextWidth, CellStyle.Wrapped), new ColumnLayout(2, 8), new ColumnLayout(3, 8)], fitToWidth: true);
        var row = 0;
        sheet.StartRow(++row, 24);
        sheet.Text(0, $"{p.Year}年第{p.Quarter}季度 企业梯度培育季度报表 填报说明（{template.Source}）", CellStyle.Title);

        var notes = new List<(string Label, string Text)>
        {
            ("报送单位", template.Source),
            ("报告期", $"{p.Year}年第{p.Quarter}季度；表中金额为{p.Year}年{months}的累计数。"),
            ("报送截止", $"{template.Deadline.Year}年{template.Deadline.Month}月{template.Deadline.Day}日（季度结束后次月{template.Deadline.Day}日）前。"),
            ("文件名", $"上传到存储容器 filings 的 {p.Year}/Q{p.Quarter}/ 文件夹，文件名为“{template.Source}.xlsx”，即 {template.BlobName}（也可另存为 .xls 或 .csv，文件名不变）。"),
            ("怎么填", "只填第一个工作表“数据”：表头一行，不要改列名、不要合并单元格；一家企业一行；多出的列不会被读取。蓝色表头的列为必填。"),
            ("预填内容", template.PrefilledFrom is null
                ? "没有找到本单位此前已接收的报表，请逐家填写企业。"
                : $"已预填本单位已接收报表 {template.PrefilledFrom} 中的企业（已关停的企业未列入）：统一社会信用代码、企业名称、所属镇街、是否规上、规上纳入年份、用地面积、行业代码。请核对后填写本季度数字；新增企业在下方空行续填，本季度不再报送的企业删除整行。"),
            ("空值", "选填列可以留空，或填“-”“/”表示无；必填列不能为空，填“-”“/”也视为未填。"),
            ("更正与撤回", "重新上传同名文件即为更正（以最后上传的为准）；删除文件即为撤回，已计入的数据随之撤销。"),
            ("处理结果", "上传后系统自动核验，结果会告知本单位。被退回时，下载带错误标注的报表（出错的单元格标红并注明原因），改正后直接上传该文件即可。"),
        };
        foreach (var (label, text) in notes)
        {
            sheet.StartRow(++row, SheetWriter.HeightFor(text, TextWidth));
            sheet.Text(0, label, CellStyle.Label);
            sheet.Text(1, text, CellStyle.Wrapped);
        }

        row++;
        sheet.StartRow(++row);
        sheet.Text(0, "列名", CellStyle.Header);
        sheet.Text(1, "说明与可填的值", CellStyle.Header);
        sheet.Text(2, "必填", CellStyle.Header);
        sheet.Text(3, "单位", CellStyle.Header);
        foreach (var column in TemplateColumns.All)
        {
            var definition = FilingColumns.Get(column.Field);
            var text = column.Meaning + Allowed(column.Field, template);
            sheet.StartRow(++row, SheetWriter.HeightFor(text, TextWidth));
            sheet.Text(0, TemplateColumns.Header(column.Field), CellStyle.Label);
            sheet.Text(1, text, CellStyle.Wrapped);
            sheet.Text(2, definition.Required ? "必填" : "选填", CellStyle.Wrapped);
            sheet.Text(3, definition.Quantity == Quantity.None ? "—" : Units.DefaultFor(definition.Quantity).Name, CellStyle.Wrapped);
        }

        sheet.End();
    }

    private static string Allowed(FilingField field, FilingTemplate template) => field switch
    {
        FilingField.Town => $"可选：{string.Join("、", template.Towns)}。",
        FilingField.AboveScale => "可选：是、否。",
        FilingField.Recognitions => $"资质名称限：{string.Join("、", Recognition.KnownNames)}。",
        FilingField.Remediation => $"可选：{string.Join("、", TemplateColumns.RemediationStates)}。",
        FilingField.Revenue or FilingField.RevenueSamePeriodLastYear or FilingField.RevenueLastYear or FilingField.Tax
            or FilingField.ResearchSpending or FilingField.LandArea =>
            $"不超过 {FilingParser.MaxAmount.ToString("N0", CultureInfo.InvariantCulture)}。",
        _ => string.Empty,
    };

    private static void WriteLists(XlsxPackage package, SheetWriter sheet, FilingTemplate template)
    {
        IReadOnlyList<string>[] lists = [template.Towns, TemplateColumns.YesNo, TemplateColumns.RemediationStates];
        string[] names = [TownList, YesNoList, RemediationList];
        sheet.Begin();
        var rows = lists.Max(l => l.Count);
        for (var r = 0; r < rows; r++)
        {
            sheet.StartRow(r + 1);
            for (var c = 0; c < lists.Length; c++)
            {
                if (r < lists[c].Count)
                {
                    sheet.Text(c, lists[c][r]);
                }
            }
        }

        sheet.End();
        for (var c = 0; c < lists.Length; c++)
        {
            var letters = HeaderMap.ColumnLetters(c);
            package.DefineName(names[c], string.Create(CultureInfo.InvariantCulture, $"'{ListsSheet}'!${letters}$1:${letters}${Math.Max(1, lists[c].Count)}"));
        }
    }
}
