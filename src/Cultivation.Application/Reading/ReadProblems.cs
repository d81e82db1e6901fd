using System.Globalization;
using Cultivation.Domain;

namespace Cultivation.Application.Reading;

/// <summary>What the reader says about a file it cannot read, in Chinese and English.</summary>
internal static class ReadProblems
{
    public const string DamagedChinese = "文件已损坏";

    public static Problem Damaged() => new(
        DamagedChinese + "或不完整，无法读取，请重新保存后再报送", "the file is damaged or incomplete and cannot be read; save it again and resend");

    public static Problem NotASpreadsheet() => new(
        "不是电子表格文件（应为 xlsx、xls 或 csv）", "not a spreadsheet (xlsx, xls or csv expected)");

    public static Problem Encrypted() => new(
        "文件已加密（设置了打开密码），请取消密码后再报送", "the file is encrypted (password protected); remove the password and resend");

    public static Problem TooComplex() => new(
        "文件过于复杂，读取时超出了内存或结构的上限，未能读完；请删去不需要的工作表、列或内容后重新保存再报送",
        "the file is too complex: reading it went beyond the memory or structure limits and was stopped; remove sheets, columns or content that are not needed, save it again and resend");

    public static Problem TooManyColumns(int columns) => new(
        string.Create(CultureInfo.InvariantCulture, $"工作表有 {columns:N0} 列，超过 Excel 的上限 16,384 列（文件可能已损坏），未读取"),
        string.Create(CultureInfo.InvariantCulture, $"the sheet has {columns:N0} columns, more than Excel's limit of 16,384 (the file may be damaged); it was not read"));
}
