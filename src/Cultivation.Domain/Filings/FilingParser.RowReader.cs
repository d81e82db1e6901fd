using System.Globalization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Filings;

/// <summary>The reading of one firm row's fields, beside the parser that walks the sheet.</summary>
public sealed partial class FilingParser
{
    /// <summary>Reads the fields of one firm row, recording a problem per bad cell.</summary>
    private ref struct RowReader(FilingParser parser, int row, ReadOnlySpan<object?> cells, HeaderMap map)
    {
        private readonly ReadOnlySpan<object?> _cells = cells;
        private int _failed;

        public readonly object? Cell(FilingField field)
        {
            var i = map.IndexOf(field);
            return i >= 0 && i < _cells.Length ? _cells[i] : null;
        }

        /// <summary>False once a problem was recorded for the field.</summary>
        public readonly bool IsValid(FilingField field) => (_failed & (1 << (int)field)) == 0;

        public void Fail(FilingField field, Problem problem)
        {
            _failed |= 1 << (int)field;
            parser.Add(new FilingError(parser._sheet, row, map.HeaderOf(field), Budgets.Quote(CellValues.Display(Cell(field))), problem.Chinese, problem.English));
        }

        public CreditCode? CreditCode()
        {
            var cell = Cell(FilingField.CreditCode);
            if (CellValues.IsEmpty(cell))
            {
                Missing(FilingField.CreditCode);
                return null;
            }

            if (cell is double)
            {
                Fail(FilingField.CreditCode, new Problem(
                    "统一社会信用代码被存成了数字，可能已丢失位数，请把该列设为文本格式后重新填写",
                    "the credit code was stored as a number and may have lost digits; format the column as text"));
                return null;
            }

            if (Firms.CreditCode.TryParse(CellValues.Text(cell), out var code, out var problem))
            {
                return code;
            }

            Fail(FilingField.CreditCode, problem);
            return null;
        }

        public CreditCode? FormerCreditCode()
        {
            var text = CellValues.Text(Cell(FilingField.FormerCreditCode));
            if (text is null)
            {
                return null;
            }

            if (!Firms.CreditCode.TryParse(text, out var code, out var problem))
            {
                Fail(FilingField.FormerCreditCode, problem);
                return null;
            }

            if (!code.IsIndividualBusiness)
            {
                Fail(FilingField.FormerCreditCode, new Problem(
                    "原统一社会信用代码应为个体工商户代码（以92开头）", "the former credit code must be an individual business code (92…)"));
                return null;
            }

            return code;
        }

        public string? Name()
        {
            var cell = Cell(FilingField.Name);
            if (CellValues.IsEmpty(cell))
            {
                Missing(FilingField.Name);
                return null;
            }

            var name = CellValues.Display(cell).Trim();
            if (name.Length > Budgets.MaxNameLength)
            {
                Fail(FilingField.Name, new Problem(
                    $"企业名称超过{Budgets.MaxNameLength}个字符（共 {name.Length} 字）", $"the name is longer than {Budgets.MaxNameLength} characters ({name.Length})"));
                return null;
            }

            foreach (var c in name)
            {
                if (c < '\u0020' || c is >= '\u007F' and <= '\u009F')
                {
                    Fail(FilingField.Name, new Problem("企业名称含有控制字符（如换行符）", "the name contains control characters (such as a line break)"));
                    return null;
                }
            }

            return name;
        }

        public string? Town()
        {
            var cell = Cell(FilingField.Town);
            if (CellValues.IsEmpty(cell))
            {
                Missing(FilingField.Town);
                return null;
            }

            var town = CellValues.Text(cell)!;
            if (parser._city.IsTown(town))
            {
                return parser.Shared(town);
            }

            // "东城 街道" as some filers space it.
            town = HeaderMap.Normalise(town);
            if (parser._city.IsTown(town))
            {
                return parser.Shared(town);
            }

            Fail(FilingField.Town, new Problem(
                $"所属镇街“{Budgets.Quote(town)}”不是本市的镇街（应为：{string.Join("、", parser._city.Towns)}）",
                $"'{Budgets.QuoteEnglish(town)}' is not one of the city's towns ({string.Join(", ", parser._city.Towns)})"));
            return null;
        }

        public bool? YesNo(FilingField field)
        {
            var cell = Cell(field);
            if (CellValues.IsEmpty(cell))
            {
                Missing(field);
                return null;
            }

            switch (cell)
            {
                case bool b:
                    return b;
                case double d when d is 1 or 0:
                    return d == 1;
                case string s:
                    var text = s.Length == 1 ? s : HeaderMap.Normalise(s);
                    if (text is "是" or "1")
                    {
                        return true;
                    }

                    if (text is "否" or "0")
                    {
                        return false;
                    }

                    break;
            }

            Fail(field, new Problem($"“{Budgets.Quote(CellValues.Display(cell))}”应填“是”或“否”", $"'{Budgets.QuoteEnglish(CellValues.Display(cell))}' must be 是 (yes) or 否 (no)"));
            return null;
        }

        public int? Year(FilingField field)
        {
            if (CellValues.TryYear(Cell(field), MinYear, MaxYear, out var year, out var problem))
            {
                return year;
            }

            Fail(field, problem!);
            return null;
        }

        public decimal? Amount(FilingField field, bool required = false)
        {
            var cell = Cell(field);
            if (!CellValues.TryDecimal(cell, out var value, out var problem))
            {
                Fail(field, problem!);
                return null;
            }

            if (value is null)
            {
                if (required)
                {
                    Missing(field);
                }

                return null;
            }

            if (value < 0)
            {
                Fail(field, new Problem($"“{Budgets.Quote(CellValues.Display(cell))}”不能为负数", $"'{Budgets.QuoteEnglish(CellValues.Display(cell))}' must not be negative"));
                return null;
            }

            var unit = map.UnitOf(field);
            var scaled = value.Value * unit.Factor;
            if (scaled > MaxAmount)
            {
                var (zh, en) = unit.Quantity == Quantity.Land ? ("亩", "亩 (mu)") : ("万元", "万元 (10,000 yuan)");
                Fail(field, new Problem(
                    $"数值“{Budgets.Quote(CellValues.Display(cell))}”过大（超过 {MaxAmount.ToString("N0", CultureInfo.InvariantCulture)} {zh}）",
                    $"the value '{Budgets.QuoteEnglish(CellValues.Display(cell))}' exceeds {MaxAmount.ToString("N0", CultureInfo.InvariantCulture)} {en}"));
                return null;
            }

            return scaled;
        }

        public int? Count(FilingField field)
        {
            var cell = Cell(field);
            if (!CellValues.TryInteger(cell, out var value, out var problem))
            {
                Fail(field, problem!);
                return null;
            }

            if (value is null)
            {
                return null;
            }

            if (value < 0 || value > int.MaxValue)
            {
                Fail(field, new Problem($"“{Budgets.Quote(CellValues.Display(cell))}”应为不小于0的整数", $"'{Budgets.QuoteEnglish(CellValues.Display(cell))}' must be a whole number of at least 0"));
                return null;
            }

            return (int)value.Value;
        }

        public DateOnly? Date(FilingField field)
        {
            if (CellValues.TryDate(Cell(field), out var date, out var problem))
            {
                return date;
            }

            Fail(field, problem!);
            return null;
        }

        public IReadOnlyList<Recognition> Recognitions()
        {
            var text = CellValues.Text(Cell(FilingField.Recognitions));
            if (text is null)
            {
                return [];
            }

            if (text.Length > Budgets.MaxRecognitionsLength)
            {
                Fail(FilingField.Recognitions, new Problem(
                    $"资质超过{Budgets.MaxRecognitionsLength}个字符（共 {text.Length} 字）", $"资质 is longer than {Budgets.MaxRecognitionsLength} characters ({text.Length})"));
                return [];
            }

            var list = new List<Recognition>();
            foreach (var item in text.Split([';', ',', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = item.IndexOf(':');
                var name = colon > 0 ? item[..colon].Trim() : item;
                var yearText = colon > 0 ? item[(colon + 1)..].Trim() : string.Empty;
                if (!Recognition.KnownNames.Contains(name))
                {
                    Fail(FilingField.Recognitions, new Problem(
                        $"资质“{Budgets.Quote(name)}”无法识别（应为：{string.Join("、", Recognition.KnownNames)}）",
                        $"the recognition '{Budgets.QuoteEnglish(name)}' is not one of {string.Join(", ", Recognition.KnownNames)}"));
                    return [];
                }

                if (!CellValues.TryYear(yearText, MinYear, MaxYear, out var year, out _) || year is null)
                {
                    Fail(FilingField.Recognitions, new Problem(
                        $"资质“{Budgets.Quote(item)}”应写成“名称:年份”，如“专精特新:2022”", $"the recognition '{Budgets.QuoteEnglish(item)}' must read name:year, e.g. 专精特新:2022"));
                    return [];
                }

                list.Add(new Recognition(parser.Shared(name), year.Value));
            }

            return list;
        }

        /// <summary>整治状态; null when the cell is empty (an earlier row's status then stands).</summary>
        public RemediationStatus? Remediation()
        {
            var text = CellValues.Text(Cell(FilingField.Remediation));
            if (text is null)
            {
                return null;
            }

            if (RemediationStatusNames.TryParseChinese(text.Length <= 3 ? text : HeaderMap.Normalise(text), out var status))
            {
                return status;
            }

            Fail(FilingField.Remediation, new Problem(
                $"整治状态“{Budgets.Quote(text)}”无法识别（应为：无、整治中、已整治、已关停）", $"the remediation status '{Budgets.QuoteEnglish(text)}' must be 无, 整治中, 已整治 or 已关停"));
            return null;
        }

        public string? IndustryCode()
        {
            var text = CellValues.Text(Cell(FilingField.IndustryCode));
            if (text is null)
            {
                return null;
            }

            var valid = text.Length <= MaxIndustryCodeLength;
            foreach (var c in text)
            {
                valid &= char.IsAsciiLetterOrDigit(c);
            }

            if (valid)
            {
                return parser.Shared(RestoreLeadingZero(text));
            }

            Fail(FilingField.IndustryCode, new Problem(
                $"行业代码“{Budgets.Quote(text)}”应由字母和数字组成（GB/T 4754，如 C3311 或 3311）", $"the industry code '{Budgets.QuoteEnglish(text)}' must be letters and digits (GB/T 4754, e.g. C3311 or 3311)"));
            return null;
        }

        /// <summary>
        /// GB/T 4754 codes in filings are 2-digit divisions or 4-digit classes. A class of divisions 01–09
        /// (agriculture, mining) typed into a number cell loses its leading zero (0610 becomes 610, then reads
        /// as division 61), so an all-digit code of 1 or 3 digits gets it back.
        /// </summary>
        private static string RestoreLeadingZero(string code) =>
            code.Length is 1 or 3 && code.All(char.IsAsciiDigit) ? "0" + code : code;

        public void PeriodMatches(Period period)
        {
            var cell = Cell(FilingField.Period);
            var text = CellValues.Text(cell);
            if (text is null)
            {
                return;
            }

            if (!PeriodCell.TryRead(cell, out var written))
            {
                Fail(FilingField.Period, new Problem(
                    $"报告期“{Budgets.Quote(text)}”无法识别（应如 2022Q2、2022年2季度、2022年1-6月、2022年6月、2022年上半年；月份应为季末的3、6、9、12月）",
                    $"the period '{Budgets.QuoteEnglish(text)}' is not recognised (use e.g. 2022Q2, 2022年2季度, 2022年1-6月, 2022年6月, 2022年上半年; a month must end a quarter: 3, 6, 9 or 12)"));
            }
            else if (written != period)
            {
                Fail(FilingField.Period, new Problem(
                    $"报告期“{Budgets.Quote(text)}”与文件路径的报告期 {period} 不符", $"the period '{Budgets.QuoteEnglish(text)}' does not match the period {period} of the file's path"));
            }
        }

        private void Missing(FilingField field)
        {
            Fail(field, new Problem(
                $"“{Budgets.Quote(map.HeaderOf(field))}”为必填项，不能为空（“-”“/”也视为空）", $"'{Budgets.QuoteEnglish(map.HeaderOf(field))}' is required and must not be empty (- and / count as empty)"));
        }
    }
}
