using NPOI.HSSF.UserModel;
using NPOI.SS.UserModel;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>
/// Builds a legacy Excel 97–2003 workbook (.xls, BIFF8) in memory with NPOI. Cells as for
/// <see cref="XlsxBuilder"/>: text, numbers, dates (with a date format), booleans; null leaves the cell out.
/// </summary>
public sealed class XlsBuilder
{
    private readonly List<(string Name, List<object?[]> Rows)> _sheets = [];

    public XlsBuilder Sheet(string name)
    {
        _sheets.Add((name, []));
        return this;
    }

    public XlsBuilder Row(params object?[] cells)
    {
        if (_sheets.Count == 0)
        {
            Sheet("Sheet1");
        }

        _sheets[^1].Rows.Add(cells);
        return this;
    }

    public XlsBuilder Rows(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            Row(row);
        }

        return this;
    }

    public byte[] Build()
    {
        if (_sheets.Count == 0)
        {
            Sheet("Sheet1");
        }

        var workbook = new HSSFWorkbook();
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = HSSFDataFormat.GetBuiltinFormat("m/d/yy");
        foreach (var (name, rows) in _sheets)
        {
            var sheet = workbook.CreateSheet(name);
            for (var r = 0; r < rows.Count; r++)
            {
                var row = sheet.CreateRow(r);
                for (var c = 0; c < rows[r].Length; c++)
                {
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case string s:
                            row.CreateCell(c).SetCellValue(s);
                            break;
                        case DateTime dt:
                            var cell = row.CreateCell(c);
                            cell.SetCellValue(dt);
                            cell.CellStyle = dateStyle;
                            break;
                        case bool b:
                            row.CreateCell(c).SetCellValue(b);
                            break;
                        case IConvertible number:
                            row.CreateCell(c, CellType.Numeric).SetCellValue(number.ToDouble(System.Globalization.CultureInfo.InvariantCulture));
                            break;
                        default:
                            throw new ArgumentException($"unsupported cell value {rows[r][c]!.GetType()}");
                    }
                }
            }
        }

        using var stream = new MemoryStream();
        workbook.Write(stream);
        return stream.ToArray();
    }
}
