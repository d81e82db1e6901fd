using System.Diagnostics;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests.Lifecycle;

/// <summary>What a clerk does to the <c>filings</c> container that the pipeline never does: upload after another file, delete.</summary>
internal static class ClerkActions
{
    public static Task UploadAsync(TestStorage storage, string name, byte[] bytes) =>
        storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);

    /// <summary>Uploads <paramref name="name"/> until its Last-Modified is later than <paramref name="earlier"/>'s (whole seconds).</summary>
    public static async Task UploadAfterAsync(TestStorage storage, string name, byte[] bytes, string earlier)
    {
        var before = (await Blob(storage, earlier).GetPropertiesAsync()).Value.LastModified;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await UploadAsync(storage, name, bytes);
            if ((await Blob(storage, name).GetPropertiesAsync()).Value.LastModified > before)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"{name} never got a later Last-Modified than {earlier}");
            await Task.Delay(200);
        }
    }

    public static Task DeleteAsync(TestStorage storage, string name) => Blob(storage, name).DeleteAsync();

    private static Azure.Storage.Blobs.BlobClient Blob(TestStorage storage, string name) =>
        storage.Clients.Blobs.GetBlobContainerClient(storage.Prefix.ToLowerInvariant() + "-" + StorageNames.FilingsContainer).GetBlobClient(name);
}
