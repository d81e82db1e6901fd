using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cultivation.Reliability.Tests;

/// <summary>Hostile files built by code: a zip bomb with honest sizes, an encrypted workbook, a PDF, a stream of any length.</summary>
public static class Hostile
{
    public const long BombBytes = 2L * 1024 * 1024 * 1024;

    private const int Chunk = 1024 * 1024;

    /// <summary>
    /// An xlsx whose sheet part inflates to <paramref name="expanded"/> bytes of zeros (2 GiB by default) while
    /// the file stays about 2 MB. The deflate data is one compressed mebibyte repeated: after a sync flush each
    /// block is byte-aligned and refers back only to zeros, so the chunks concatenate into a valid stream.
    /// Local and central headers declare the true sizes and CRC: the guard must refuse it for what it is.
    /// </summary>
    public static byte[] ZipBomb(long expanded = BombBytes)
    {
        if (expanded % Chunk != 0 || expanded < 2 * Chunk || expanded > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(expanded));
        }

        var (first, repeated) = DeflatedZeros();
        var deflated = new MemoryStream();
        deflated.Write(first);
        for (long i = 1; i < expanded / Chunk; i++)
        {
            deflated.Write(repeated);
        }

        // An empty final block with fixed codes ends the stream.
        deflated.Write([0x03, 0x00]);

        var workbook = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        var types = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
        return StoredZip(
            ("[Content_Types].xml", types, 0, types.Length, Crc32(types)),
            ("xl/workbook.xml", workbook, 0, workbook.Length, Crc32(workbook)),
            ("xl/worksheets/sheet1.xml", deflated.ToArray(), 8, expanded, Crc32OfZeros(expanded)));
    }

    /// <summary>An OLE2 container as Excel writes for a workbook with an open password: EncryptionInfo and EncryptedPackage streams.</summary>
    public static byte[] EncryptedWorkbook()
    {
        var fs = new NPOI.POIFS.FileSystem.POIFSFileSystem();
        fs.CreateDocument(new MemoryStream([4, 0, 4, 0, 0x40, 0, 0, 0]), "EncryptionInfo");
        fs.CreateDocument(new MemoryStream(new byte[4096]), "EncryptedPackage");
        using var stream = new MemoryStream();
        fs.WriteFileSystem(stream);
        return stream.ToArray();
    }

    /// <summary>The start of a real PDF, binary stream and all.</summary>
    public static byte[] Pdf() =>
    [
        .. "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Length 64 /Filter /FlateDecode >>\nstream\n"u8,
        .. Enumerable.Range(0, 64).Select(i => (byte)(i * 37)),
        .. "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8,
    ];

    /// <summary>CRC-32 (zip) of <paramref name="length"/> zero bytes, by squaring the zero-byte operator as zlib's crc32_combine does.</summary>
    public static uint Crc32OfZeros(long length)
    {
        var op = new uint[32];
        op[0] = 0xEDB88320u;
        for (var i = 1; i < 32; i++)
        {
            op[i] = 1u << (i - 1);
        }

        for (var i = 0; i < 3; i++)
        {
            op = Square(op); // one zero bit → one zero byte
        }

        var register = 0xFFFFFFFFu;
        for (var n = length; n > 0; n >>= 1)
        {
            if ((n & 1) != 0)
            {
                register = Times(op, register);
            }

            op = Square(op);
        }

        return ~register;

        static uint Times(uint[] matrix, uint vector)
        {
            uint sum = 0;
            for (var i = 0; vector != 0; i++, vector >>= 1)
            {
                if ((vector & 1) != 0)
                {
                    sum ^= matrix[i];
                }
            }

            return sum;
        }

        static uint[] Square(uint[] matrix) => [.. matrix.Select(column => Times(matrix, column))];
    }

    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static (byte[] First, byte[] Repeated) DeflatedZeros()
    {
        var output = new MemoryStream();
        using var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        var zeros = new byte[Chunk];
        deflate.Write(zeros);
        deflate.Flush();
        var first = output.ToArray();
        deflate.Write(zeros);
        deflate.Flush();
        return (first, output.ToArray()[first.Length..]);
    }

    private static byte[] StoredZip(params (string Name, byte[] Data, ushort Method, long Size, uint Crc)[] entries)
    {
        var zip = new MemoryStream();
        var central = new MemoryStream();
        foreach (var (name, data, method, size, crc) in entries)
        {
            var offset = (uint)zip.Position;
            var nameBytes = Encoding.UTF8.GetBytes(name);
            Header(zip, 0x04034b50, central: false, method, crc, (uint)data.Length, (uint)size, nameBytes, 0);
            zip.Write(data);
            Header(central, 0x02014b50, central: true, method, crc, (uint)data.Length, (uint)size, nameBytes, offset);
        }

        var centralOffset = (uint)zip.Position;
        central.Position = 0;
        central.CopyTo(zip);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], centralOffset);
        zip.Write(end);
        return zip.ToArray();
    }

    private static void Header(Stream to, uint signature, bool central, ushort method, uint crc, uint compressed, uint size, byte[] name, uint offset)
    {
        var header = new byte[central ? 46 : 30];
        var s = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, signature);
        var at = central ? 6 : 4;
        if (central)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[4..], 20);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(s[at..], 20); // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 2)..], 1 << 11); // UTF-8 names
        BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 4)..], method);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 10)..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 14)..], compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 18)..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 22)..], (ushort)name.Length);
        if (central)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[42..], offset);
        }

        to.Write(header);
        to.Write(name);
    }
}

/// <summary>A read-only stream of <paramref name="length"/> bytes of CSV-looking text, generated as it is read (nothing held in memory).</summary>
public sealed class GeneratedStream(long length) : Stream
{
    private static readonly byte[] s_line = Encoding.UTF8.GetBytes("91330784MA00000000,永康市很长的文件有限公司,东城街道,是,2500,120,20\n");
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = s_line[(_position + i) % s_line.Length];
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
