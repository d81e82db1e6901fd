using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Vml.Spreadsheet;
using Vml = DocumentFormat.OpenXml.Vml;

namespace Cultivation.Application.Workbooks;

/// <summary>A note on a cell: its reference, 1-based row, 0-based column and text.</summary>
internal sealed record CellComment(string Reference, int Row, int Column, string Text);

/// <summary>
/// Notes are two parts beside the sheet: the comments themselves, and the legacy VML drawing of the boxes
/// Excel shows them in (without it Excel drops the notes).
/// </summary>
internal static class CellComments
{
    private const string ShapeType = "_x0000_t202";
    private const string Author = "报送核验 Cultivation";

    public static void WriteComments(Stream stream, IReadOnlyList<CellComment> comments)
    {
        using var writer = OpenXmlWriter.Create(stream, System.Text.Encoding.UTF8);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Comments());
        writer.WriteElement(new Authors(new Author(Author)));
        writer.WriteStartElement(new CommentList());
        foreach (var comment in comments)
        {
            writer.WriteElement(new Comment(new CommentText(new Run(
                new DocumentFormat.OpenXml.Spreadsheet.Text(CellText.ForXml(CellText.Fit(comment.Text, out _))) { Space = SpaceProcessingModeValues.Preserve })))
            {
                Reference = comment.Reference,
                AuthorId = 0,
            });
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
    }

    public static void WriteDrawing(Stream stream, IReadOnlyList<CellComment> comments)
    {
        // The VML part's root (<xml>) has no class in the SDK; the shapes are the SDK's VML elements.
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), CloseOutput = false });
        xml.WriteStartElement("xml");
        xml.WriteAttributeString("xmlns", "v", null, "urn:schemas-microsoft-com:vml");
        xml.WriteAttributeString("xmlns", "o", null, "urn:schemas-microsoft-com:office:office");
        xml.WriteAttributeString("xmlns", "x", null, "urn:schemas-microsoft-com:office:excel");
        new Vml.Shapetype(
            new Vml.Stroke { JoinStyle = Vml.StrokeJoinStyleValues.Miter },
            new Vml.Path { AllowGradientShape = true, ConnectionPointType = DocumentFormat.OpenXml.Vml.Office.ConnectValues.Rectangle })
        {
            Id = ShapeType,
            CoordinateSize = "21600,21600",
            OptionalNumber = 202,
            EdgePath = "m,l,21600r21600,l21600,xe",
        }.WriteTo(xml);

        var id = 1025;
        foreach (var comment in comments)
        {
            var row = comment.Row - 1;
            var anchor = string.Join(", ", new[] { comment.Column + 1, 15, Math.Max(0, row - 1), 10, comment.Column + 4, 15, row + 4, 4 }
                .Select(n => n.ToString(CultureInfo.InvariantCulture)));
            new Vml.Shape(
                new Vml.Fill { Color2 = "#ffffe1" },
                new Vml.Shadow { On = true, Color = "black", Obscured = true },
                new Vml.Path { ConnectionPointType = DocumentFormat.OpenXml.Vml.Office.ConnectValues.None },
                new Vml.TextBox { Style = "mso-direction-alt:auto" },
                new ClientData(
                    new MoveWithCells(),
                    new ResizeWithCells(),
                    new Anchor(anchor),
                    new AutoFill("False"),
                    new CommentRowTarget(row.ToString(CultureInfo.InvariantCulture)),
                    new CommentColumnTarget(comment.Column.ToString(CultureInfo.InvariantCulture)))
                { ObjectType = ObjectValues.Note })
            {
                Id = "_x0000_s" + (id++).ToString(CultureInfo.InvariantCulture),
                Type = "#" + ShapeType,
                Style = "position:absolute;margin-left:80pt;margin-top:2pt;width:220pt;height:80pt;z-index:1;visibility:hidden",
                FillColor = "#ffffe1",
                InsetMode = DocumentFormat.OpenXml.Vml.Office.InsetMarginValues.Auto,
            }.WriteTo(xml);
        }

        xml.WriteEndElement();
    }
}
