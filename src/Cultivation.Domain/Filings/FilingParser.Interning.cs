namespace Cultivation.Domain.Filings;

/// <summary>One string per value for the fields whose values repeat from row to row.</summary>
public sealed partial class FilingParser
{
    // Industry codes are some 1,400 GB/T 4754 classes; past this many values a hostile file gains nothing.
    private const int MaxSharedValues = 10_000;

    // A town, an industry code and the names of recognitions per row, as a reader hands them over (an xlsx of inline
    // strings makes a string of every cell), would be 200,000 copies of a few dozen values, held with the rows until
    // they are stored.
    private readonly Dictionary<string, string> _sharedValues = new(StringComparer.Ordinal);

    private string Shared(string value)
    {
        if (_sharedValues.TryGetValue(value, out var same))
        {
            return same;
        }

        if (_sharedValues.Count < MaxSharedValues)
        {
            _sharedValues.Add(value, value);
        }

        return value;
    }
}
