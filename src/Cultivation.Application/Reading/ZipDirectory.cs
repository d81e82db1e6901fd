using System.Buffers.Binary;

namespace Cultivation.Application.Reading;

/// <summary>
/// Finds how large a zip's central directory is from its end records alone, before any zip library reads the
/// directory and makes an object of every entry in it.
/// </summary>
internal static class ZipDirectory
{
    private const int EndRecordBytes = 22;
    private const int Zip64LocatorBytes = 20;
    private const int Zip64EndRecordBytes = 56;

    // The end record may be followed by a comment of up to 65,535 bytes.
    private const int MaxTail = EndRecordBytes + ushort.MaxValue + Zip64LocatorBytes;

    private static ReadOnlySpan<byte> EndSignature => "PK\u0005\u0006"u8;

    private static ReadOnlySpan<byte> Zip64LocatorSignature => "PK\u0006\u0007"u8;

    private static ReadOnlySpan<byte> Zip64EndSignature => "PK\u0006\u0006"u8;

    /// <summary>
    /// The bytes from the start of the central directory to the end record (what a reader walks entry by entry),
    /// or null when the end records cannot be found or make no sense. Leaves the stream anywhere.
    /// </summary>
    public static long? Size(Stream zip)
    {
        var tailLength = (int)Math.Min(zip.Length, MaxTail);
        var tail = new byte[tailLength];
        zip.Position = zip.Length - tailLength;
        zip.ReadExactly(tail);

        var end = tail.AsSpan().LastIndexOf(EndSignature);
        while (end >= 0 && tailLength - end < EndRecordBytes)
        {
            end = tail.AsSpan(0, end).LastIndexOf(EndSignature);
        }

        if (end < 0)
        {
            return null;
        }

        var record = tail.AsSpan(end);
        long directoryStart = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        long directoryEnd = zip.Length - tailLength + end;
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        if (directoryStart == uint.MaxValue || entries == ushort.MaxValue)
        {
            // Zip64: the locator before the end record points at the Zip64 end record, which holds the real offset.
            var locator = end - Zip64LocatorBytes;
            if (locator < 0 || !tail.AsSpan(locator).StartsWith(Zip64LocatorSignature))
            {
                return null;
            }

            var zip64End = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(locator + 8));
            if (zip64End < 0 || zip64End > zip.Length - Zip64EndRecordBytes)
            {
                return null;
            }

            var zip64 = new byte[Zip64EndRecordBytes];
            zip.Position = zip64End;
            zip.ReadExactly(zip64);
            if (!zip64.AsSpan().StartsWith(Zip64EndSignature))
            {
                return null;
            }

            directoryStart = BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(48));
            directoryEnd = zip64End;
        }

        return directoryStart >= 0 && directoryStart <= directoryEnd ? directoryEnd - directoryStart : null;
    }
}
