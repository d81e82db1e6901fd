using Cultivation.Application.Reading;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Tests.Builders;

namespace Cultivation.Domain.Tests.Reading;

/// <summary>Reads bytes as a filing of 2022Q2 from 东城街道, with the reference city's towns.</summary>
internal static class ReaderHarness
{
    public static FilingReadResult Read(byte[] bytes, string blobName = SampleFiling.BlobName, ReadingOptions? options = null)
    {
        Assert.True(FilingName.TryParse(blobName, out var name, out _));
        using var stream = new MemoryStream(bytes, writable: false);
        return new FilingReader(new CityOptions(), options).Read(stream, name);
    }

    public static FilingReadResult ReadXlsx(IEnumerable<object?[]> rows) => Read(new XlsxBuilder().Rows(rows).Build());

    /// <summary>The only error of a rejected file.</summary>
    public static FilingError SingleError(FilingReadResult result)
    {
        Assert.Empty(result.Rows);
        return Assert.Single(result.Errors);
    }

    /// <summary>Asserts an accepted file and returns its rows.</summary>
    public static IReadOnlyList<Firms.FirmRow> Accepted(FilingReadResult result)
    {
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        Assert.True(result.IsAccepted);
        return result.Rows;
    }
}
