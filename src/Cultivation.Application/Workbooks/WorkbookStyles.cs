using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.Application.Workbooks;

/// <summary>The cell styles every workbook of the product uses; the value is the index into <c>cellXfs</c>.</summary>
internal enum CellStyle : uint
{
    Default,
    Date,
    DateTime,

    /// <summary>Number format <c>@</c>: what is typed stays text (18-character codes, leading zeros).</summary>
    Text,
    Header,

    /// <summary>The header of a required column.</summary>
    RequiredHeader,
    BadCell,
    BadDate,
    BadDateTime,
    BadText,

    /// <summary>A value cut at the cell budget.</summary>
    CutCell,

    /// <summary>The 错误说明 of a bad row.</summary>
    Message,
    MessageHeader,
    Title,
    Label,
    Wrapped,

    /// <summary>万元 or 亩: thousands separated, two decimals.</summary>
    Amount,

    /// <summary>万元/亩: one decimal.</summary>
    PerMu,

    /// <summary>A completion rate (a fraction shown as a percentage).</summary>
    Percent,

    /// <summary>A count or a year.</summary>
    Whole,

    /// <summary>A status in the digest's colours: achieved or on track, at risk, behind, no data.</summary>
    StatusGood,
    StatusAtRisk,
    StatusBehind,
    StatusNoData,
}

/// <summary>The stylesheet behind <see cref="CellStyle"/>: fonts, fills and formats in the order the enum names them.</summary>
internal static class WorkbookStyles
{
    private const uint DateFormat = 164;
    private const uint DateTimeFormat = 165;
    private const uint TextFormat = 49;
    private const uint AmountFormat = 166;
    private const uint PerMuFormat = 167;
    private const uint PercentFormat = 9;
    private const uint WholeFormat = 1;

    // Fonts.
    private const uint Plain = 0;
    private const uint Bold = 1;
    private const uint DarkRed = 2;
    private const uint BoldWhite = 3;
    private const uint Large = 4;
    private const uint BoldGreen = 5;
    private const uint BoldAmber = 6;
    private const uint BoldRed = 7;
    private const uint BoldGrey = 8;

    // Fills (0 and 1 are the two Excel requires).
    private const uint NoFill = 0;
    private const uint HeaderGrey = 2;
    private const uint RequiredBlue = 3;
    private const uint BadRed = 4;
    private const uint CutYellow = 5;
    private const uint MessageRed = 6;

    private const uint NoBorder = 0;
    private const uint Thin = 1;

    public static Stylesheet Build()
    {
        var formats = new[]
        {
            Format(0, Plain, NoFill, NoBorder),
            Format(DateFormat, Plain, NoFill, NoBorder),
            Format(DateTimeFormat, Plain, NoFill, NoBorder),
            Format(TextFormat, Plain, NoFill, NoBorder),
            Format(TextFormat, Bold, HeaderGrey, Thin, wrap: true),
            Format(TextFormat, Bold, RequiredBlue, Thin, wrap: true),
            Format(0, DarkRed, BadRed, Thin),
            Format(DateFormat, DarkRed, BadRed, Thin),
            Format(DateTimeFormat, DarkRed, BadRed, Thin),
            Format(TextFormat, DarkRed, BadRed, Thin),
            Format(TextFormat, Plain, CutYellow, Thin),
            Format(TextFormat, DarkRed, NoFill, NoBorder, wrap: true),
            Format(TextFormat, BoldWhite, MessageRed, Thin, wrap: true),
            Format(0, Large, NoFill, NoBorder),
            Format(0, Bold, NoFill, NoBorder, top: true),
            Format(0, Plain, NoFill, NoBorder, wrap: true),
            Format(AmountFormat, Plain, NoFill, NoBorder),
            Format(PerMuFormat, Plain, NoFill, NoBorder),
            Format(PercentFormat, Plain, NoFill, NoBorder),
            Format(WholeFormat, Plain, NoFill, NoBorder),
            Format(0, BoldGreen, NoFill, NoBorder),
            Format(0, BoldAmber, NoFill, NoBorder),
            Format(0, BoldRed, NoFill, NoBorder),
            Format(0, BoldGrey, NoFill, NoBorder),
        };

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = DateTimeFormat, FormatCode = "yyyy-mm-dd hh:mm:ss" },
                new NumberingFormat { NumberFormatId = AmountFormat, FormatCode = "#,##0.00" },
                new NumberingFormat { NumberFormatId = PerMuFormat, FormatCode = "#,##0.0" })
            { Count = 4 },
            new Fonts(
                Font(bold: false, color: null, size: 11),
                Font(bold: true, color: null, size: 11),
                Font(bold: false, color: "FF9C0006", size: 11),
                Font(bold: true, color: "FFFFFFFF", size: 11),
                Font(bold: true, color: null, size: 14),
                Font(bold: true, color: "FF2E7D32", size: 11),
                Font(bold: true, color: "FFB26A00", size: 11),
                Font(bold: true, color: "FFC62828", size: 11),
                Font(bold: true, color: "FF757575", size: 11))
            { Count = 9 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid("FFD9D9D9"),
                Solid("FFDDEBF7"),
                Solid("FFFFC7CE"),
                Solid("FFFFEB9C"),
                Solid("FFC00000"))
            { Count = 7 },
            new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(Side<LeftBorder>(), Side<RightBorder>(), Side<TopBorder>(), Side<BottomBorder>(), new DiagonalBorder()))
            { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(formats) { Count = (uint)formats.Length },
            new CellStyles(new DocumentFormat.OpenXml.Spreadsheet.CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    public static int Count => Enum.GetValues<CellStyle>().Length;

    /// <summary>The same look with the red fill of a bad cell.</summary>
    public static CellStyle Bad(CellStyle style) => style switch
    {
        CellStyle.Date => CellStyle.BadDate,
        CellStyle.DateTime => CellStyle.BadDateTime,
        CellStyle.Text => CellStyle.BadText,
        _ => CellStyle.BadCell,
    };

    private static CellFormat Format(uint numberFormat, uint font, uint fill, uint border, bool wrap = false, bool top = false)
    {
        var format = new CellFormat
        {
            NumberFormatId = numberFormat,
            FontId = font,
            FillId = fill,
            BorderId = border,
            FormatId = 0,
            ApplyNumberFormat = numberFormat != 0,
            ApplyFont = font != Plain,
            ApplyFill = fill != NoFill,
            ApplyBorder = border != NoBorder,
        };
        if (wrap || top)
        {
            format.ApplyAlignment = true;
            format.Append(new Alignment { WrapText = wrap, Vertical = VerticalAlignmentValues.Top });
        }

        return format;
    }

    private static Font Font(bool bold, string? color, double size)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        font.Append(new FontSize { Val = size });
        if (color is not null)
        {
            font.Append(new Color { Rgb = HexBinaryValue.FromString(color) });
        }

        // 等线 is what Chinese Excel uses by default; charset 134 is GB2312.
        font.Append(new FontName { Val = "等线" }, new FontFamilyNumbering { Val = 2 }, new FontCharSet { Val = 134 });
        return font;
    }

    private static Fill Solid(string argb) => new(new PatternFill(
        new ForegroundColor { Rgb = HexBinaryValue.FromString(argb) },
        new BackgroundColor { Indexed = 64 })
    { PatternType = PatternValues.Solid });

    private static T Side<T>()
        where T : BorderPropertiesType, new() => new() { Style = BorderStyleValues.Thin, Color = new Color { Rgb = HexBinaryValue.FromString("FFBFBFBF") } };
}
