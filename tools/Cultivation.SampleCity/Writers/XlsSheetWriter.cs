using NPOI.HSSF.UserModel;

namespace Cultivation.SampleCity.Writers;

/// <summary>Writes a one-sheet legacy .xls (Excel 97–2003, BIFF8) with NPOI's HSSF, as WPS and old Excel save.</summary>
public static class XlsSheetWriter
{
    public static void Write(Stream output, IEnumerable<IReadOnlyList<SheetCell>> rows)
    {
        var workbook = new HSSFWorkbook();
        var sheet = workbook.CreateSheet("Sheet1");
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = HSSFDataFormat.GetBuiltinFormat("m/d/yy");
        var r = 0;
        foreach (var row in rows)
        {
            var sheetRow = sheet.CreateRow(r++);
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                switch (cell.Kind)
                {
                    case SheetCellKind.Text:
                        sheetRow.CreateCell(c).SetCellValue(cell.Text);
                        break;
                    case SheetCellKind.Number:
                        sheetRow.CreateCell(c).SetCellValue((double)cell.Number);
                        break;
                    case SheetCellKind.Date:
                        var dateCell = sheetRow.CreateCell(c);
                        dateCell.SetCellValue(cell.Date.ToDateTime(TimeOnly.MinValue));
                        dateCell.CellStyle = dateStyle;
                        break;
                    default:
                        break;
                }
            }
        }

        workbook.Write(output);
    }
}
