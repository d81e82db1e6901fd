using System.Globalization;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Cultivation.Application.Workbooks;

/// <summary>A series of a line chart: its name and values, and the cells they come from (so Excel redraws it when they change).</summary>
internal sealed record ChartSeries(string Name, string NameCell, string ValuesRange, IReadOnlyList<double?> Values);

/// <summary>
/// A line chart placed over cells of its sheet (0-based columns and rows of the anchor's corners), drawn from ranges of
/// the workbook with their values cached, so that a reader that does not recalculate (a viewer, a phone) shows it too.
/// Written through the Open XML SDK's chart classes (DrawingML), never as hand-written XML.
/// </summary>
internal sealed record LineChart(
    string Title,
    string CategoriesRange,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    string NumberFormat,
    (int Column, int Row) From,
    (int Column, int Row) To)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
    public const string DrawingContentType = "application/vnd.openxmlformats-officedocument.drawing+xml";
    private const string ChartRelationship = "rIdChart1";

    /// <summary>The drawing part of a sheet: the chart's frame anchored between two cells.</summary>
    public void WriteDrawing(Stream stream) => XlsxPackage.WriteElement(stream, new Xdr.WorksheetDrawing(
        new Xdr.TwoCellAnchor(
            new Xdr.FromMarker(new Xdr.ColumnId(Text(From.Column)), new Xdr.ColumnOffset("0"), new Xdr.RowId(Text(From.Row)), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId(Text(To.Column)), new Xdr.ColumnOffset("0"), new Xdr.RowId(Text(To.Row)), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(
                    new Xdr.NonVisualDrawingProperties { Id = 2U, Name = Title },
                    new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = 0L, Cy = 0L }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = ChartRelationship }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { Macro = string.Empty },
            new Xdr.ClientData())));

    /// <summary>Relates the chart part to the drawing part written with <see cref="WriteDrawing"/>.</summary>
    public static string DrawingToChart => ChartRelationship;

    public void WriteChart(Stream stream)
    {
        const uint categoryAxis = 48650112U;
        const uint valueAxis = 48672768U;
        var lines = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });
        for (var i = 0; i < Series.Count; i++)
        {
            lines.Append(SeriesElement(i, Series[i]));
        }

        lines.Append(new C.ShowMarker { Val = true }, new C.AxisId { Val = categoryAxis }, new C.AxisId { Val = valueAxis });
        var chart = new C.Chart(
            new C.Title(
                new C.ChartText(new C.RichText(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.RunProperties { Language = "zh-CN", FontSize = 1200, Bold = true }, new A.Text(Title))))),
                new C.Overlay { Val = false }),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(
                new C.Layout(),
                lines,
                new C.CategoryAxis(
                    new C.AxisId { Val = categoryAxis },
                    new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                    new C.Delete { Val = false },
                    new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                    new C.NumberingFormat { FormatCode = "General", SourceLinked = true },
                    new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                    new C.CrossingAxis { Val = valueAxis },
                    new C.Crosses { Val = C.CrossesValues.AutoZero },
                    new C.AutoLabeled { Val = true },
                    new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                    new C.LabelOffset { Val = 100 },
                    new C.NoMultiLevelLabels { Val = false }),
                new C.ValueAxis(
                    new C.AxisId { Val = valueAxis },
                    new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }, new C.MinAxisValue { Val = 0 }),
                    new C.Delete { Val = false },
                    new C.AxisPosition { Val = C.AxisPositionValues.Left },
                    new C.MajorGridlines(),
                    new C.NumberingFormat { FormatCode = NumberFormat, SourceLinked = false },
                    new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                    new C.CrossingAxis { Val = categoryAxis },
                    new C.Crosses { Val = C.CrossesValues.AutoZero },
                    new C.CrossBetween { Val = C.CrossBetweenValues.Between })),
            new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
            new C.PlotVisibleOnly { Val = true },
            new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });
        XlsxPackage.WriteElement(stream, new C.ChartSpace(new C.EditingLanguage { Val = "zh-CN" }, new C.RoundedCorners { Val = false }, chart));
    }

    private C.LineChartSeries SeriesElement(int index, ChartSeries series)
    {
        var categories = new C.StringCache(new C.PointCount { Val = (uint)Categories.Count });
        for (var i = 0; i < Categories.Count; i++)
        {
            categories.Append(new C.StringPoint(new C.NumericValue(Categories[i])) { Index = (uint)i });
        }

        var values = new C.NumberingCache(new C.FormatCode(NumberFormat), new C.PointCount { Val = (uint)series.Values.Count });
        for (var i = 0; i < series.Values.Count; i++)
        {
            if (series.Values[i] is { } v)
            {
                values.Append(new C.NumericPoint(new C.NumericValue(v.ToString("R", CultureInfo.InvariantCulture))) { Index = (uint)i });
            }
        }

        return new C.LineChartSeries(
            new C.Index { Val = (uint)index },
            new C.Order { Val = (uint)index },
            new C.SeriesText(new C.StringReference(new C.Formula(series.NameCell), new C.StringCache(new C.PointCount { Val = 1U }, new C.StringPoint(new C.NumericValue(series.Name)) { Index = 0U }))),
            new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.Circle }, new C.Size { Val = 5 }),
            new C.CategoryAxisData(new C.StringReference(new C.Formula(CategoriesRange), categories)),
            new C.Values(new C.NumberReference(new C.Formula(series.ValuesRange), values)),
            new C.Smooth { Val = false });
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
