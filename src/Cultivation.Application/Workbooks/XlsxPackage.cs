using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.Application.Workbooks;

/// <summary>
/// An xlsx written part by part straight into its zip, so that a 200,000-row sheet never sits in memory.
/// The Open XML SDK's <c>SpreadsheetDocument</c> cannot do that on .NET (its package opens the zip in update
/// mode, which buffers every part: 700 MB for 200,000 rows), so the package is System.IO.Packaging's in
/// write-only mode and every part's XML is written by the SDK's <see cref="OpenXmlWriter"/>. In that mode
/// each part is written once and one at a time; the workbook part, which lists the sheets, comes last.
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    private const string RelationshipTypes = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string ContentTypes = "application/vnd.openxmlformats-officedocument.";

    private readonly Package _package;
    private readonly List<(string Name, Uri Part, SheetStateValues State)> _sheets = [];
    private readonly List<DefinedName> _names = [];

    public XlsxPackage(Stream output)
    {
        _package = Package.Open(output, FileMode.Create, FileAccess.Write);
    }

    /// <summary>Starts the next worksheet (sheets appear in the order they are added); dispose the writer before the next part.</summary>
    public SheetWriter AddSheet(string name, SheetStateValues? state = null)
    {
        var uri = PartUri($"/xl/worksheets/sheet{_sheets.Count + 1}.xml");
        var part = _package.CreatePart(uri, ContentTypes + "spreadsheetml.worksheet+xml", CompressionOption.Normal);
        _sheets.Add((name, uri, state ?? SheetStateValues.Visible));
        return new SheetWriter(this, part);
    }

    /// <summary>A workbook-wide name, e.g. the range a drop-down list takes its values from.</summary>
    public void DefineName(string name, string reference) => _names.Add(new DefinedName(reference) { Name = name });

    /// <summary>Adds a part related to <paramref name="owner"/> and writes it with <paramref name="write"/>.</summary>
    internal PackagePart AddRelatedPart(PackagePart owner, string relationshipId, string relationshipType, string path, string contentType, Action<Stream> write)
    {
        var part = AddPart(path, contentType, write);
        Relate(owner, part, relationshipType, relationshipId);
        return part;
    }

    /// <summary>Writes the styles and the workbook part; the package's relationships and content types follow on dispose.</summary>
    public void Complete()
    {
        // Each part is created and written at once: in write-only mode a part created earlier cannot be written later.
        var styles = AddPart("/xl/styles.xml", ContentTypes + "spreadsheetml.styles+xml", stream => WriteElement(stream, WorkbookStyles.Build()));

        var sheets = new Sheets();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var (name, _, state) = _sheets[i];
            var sheet = new Sheet { Name = name, SheetId = (uint)(i + 1), Id = SheetRelationship(i) };
            if (state != SheetStateValues.Visible)
            {
                sheet.State = state;
            }

            sheets.Append(sheet);
        }

        var root = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
        if (_names.Count > 0)
        {
            root.Append(new DefinedNames(_names));
        }

        var workbook = AddPart("/xl/workbook.xml", ContentTypes + "spreadsheetml.sheet.main+xml", stream => WriteElement(stream, root));
        _package.CreateRelationship(workbook.Uri, TargetMode.Internal, RelationshipTypes + "officeDocument", "rId1");
        for (var i = 0; i < _sheets.Count; i++)
        {
            workbook.CreateRelationship(PackUriHelper.GetRelativeUri(workbook.Uri, _sheets[i].Part), TargetMode.Internal, RelationshipTypes + "worksheet", SheetRelationship(i));
        }

        Relate(workbook, styles, "styles", "rIdStyles");
    }

    public void Dispose()
    {
        // Also when incomplete: the caller throws such output away.
        _package.Close();
    }

    internal static void WriteElement(Stream stream, OpenXmlElement element)
    {
        using var writer = OpenXmlWriter.Create(stream, System.Text.Encoding.UTF8);
        writer.WriteStartDocument(true);
        writer.WriteElement(element);
        writer.Close();
    }

    private PackagePart AddPart(string path, string contentType, Action<Stream> write)
    {
        var part = _package.CreatePart(PartUri(path), contentType, CompressionOption.Normal);
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        write(stream);
        return part;
    }

    private static void Relate(PackagePart owner, PackagePart target, string relationshipType, string relationshipId) =>
        owner.CreateRelationship(PackUriHelper.GetRelativeUri(owner.Uri, target.Uri), TargetMode.Internal, RelationshipTypes + relationshipType, relationshipId);

    private static string SheetRelationship(int index) => "rId" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Uri PartUri(string path) => PackUriHelper.CreatePartUri(new Uri(path, UriKind.Relative));
}
