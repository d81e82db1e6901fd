using Cultivation.Application.Storage;
using Cultivation.Cli.Framework;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Cli.Services;

/// <summary>Local files put into the <c>filings</c> container under their canonical names, with a progress display.</summary>
public sealed class FilingUploads(IFilingBlobs blobs, StorageProvider storage, CliOutput output)
{
    private static readonly string[] s_extensions = [".xlsx", ".xls", ".csv"];

    /// <summary>A file, or every filing under a folder, with the name each gets in the container.</summary>
    public static IEnumerable<(string File, string Name)> Expand(string path, Period? period)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => s_extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, CanonicalName(f, period)));
        }

        if (File.Exists(path))
        {
            return [(path, CanonicalName(path, period))];
        }

        throw new UsageException($"没有这个文件或文件夹 / no such file or folder: {path}");
    }

    /// <summary><c>…/2022/Q2/东城街道.xlsx</c> keeps its period; any other file needs <c>--period</c>.</summary>
    public static string CanonicalName(string file, Period? period)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var parts = full.Split('/');
        var fileName = parts[^1];
        if (period is { } p)
        {
            return FilingName.Canonical(p, Path.GetFileNameWithoutExtension(fileName), Path.GetExtension(fileName));
        }

        if (parts.Length >= 3)
        {
            var candidate = string.Join('/', parts[^3..]);
            if (FilingName.TryParse(candidate, out var name, out _))
            {
                return name.Value;
            }
        }

        throw new UsageException($"'{file}' 不在 {{年}}/Q{{季度}}/ 文件夹下，请给出 --period，如 --period 2022Q2 / is not under a {{year}}/Q{{quarter}}/ folder: give --period, e.g. --period 2022Q2");
    }

    public async Task<List<(string File, string Name)>> UploadAllAsync(IReadOnlyList<(string File, string Name)> uploads, CancellationToken cancellationToken)
    {
        var done = new List<(string File, string Name)>();
        await output.WithProgressAsync("上传 Uploading", uploads.Count, async tick =>
        {
            foreach (var (file, name) in uploads)
            {
                await using var stream = File.OpenRead(file);
                await blobs.UploadAsync(name, stream, cancellationToken);
                done.Add((file, name));
                tick(name);
            }
        });
        return done;
    }

    /// <summary>
    /// Deletes a filing from the <c>filings</c> container, as a clerk does to withdraw it (SPEC §2). Only people do this:
    /// the pipeline itself never deletes an original, so the deletion is here and not on <see cref="IFilingBlobs"/>.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.FilingsContainer, cancellationToken);
        await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
