using System.Security.Cryptography;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// A filing's bytes copied once to a temporary file while their SHA-256 is computed: the readers
/// need a seekable stream, and the version must be known before anything is written.
/// </summary>
internal sealed class LocalCopy : IAsyncDisposable
{
    private LocalCopy(FileStream file, string sha, long length, bool tooLarge)
    {
        File = file;
        Sha = sha;
        Length = length;
        TooLarge = tooLarge;
    }

    public FileStream File { get; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha { get; }

    public long Length { get; }

    /// <summary>The content went past the size limit; only its hash was kept.</summary>
    public bool TooLarge { get; }

    public static async Task<LocalCopy> CreateAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "cultivation-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long length = 0;
            var tooLarge = false;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;

                // Past the limit the bytes are only hashed (so the version is still known), never kept.
                if (length > maxBytes)
                {
                    tooLarge = true;
                    continue;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return new LocalCopy(file, Convert.ToHexStringLower(hash.GetHashAndReset()), length, tooLarge);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
