namespace Cultivation.Domain.Filings;

/// <summary>
/// One filing per source and period (SPEC §2): of <c>{year}/Q{q}/{source}.xlsx|xls|csv</c>, the file uploaded last is the
/// source's filing; at the same Last-Modified, xlsx comes before xls and xls before csv. A clerk who re-saves a file in
/// another format is correcting it, not filing a second time.
/// </summary>
public static class FilingPrecedence
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are files of one source for one period (they may be the same file).</summary>
    public static bool SameFiling(string a, string b) =>
        FilingName.TryParse(a, out var x, out _) && FilingName.TryParse(b, out var y, out _) && SameFiling(x, y);

    public static bool SameFiling(FilingName a, FilingName b) =>
        a.Period == b.Period && string.Equals(a.Source, b.Source, StringComparison.Ordinal);

    /// <summary>
    /// Whether the file <paramref name="a"/>, uploaded at <paramref name="uploadedA"/>, takes precedence over <paramref name="b"/>
    /// uploaded at <paramref name="uploadedB"/>: uploaded later, or at the same time in the preferred format. An unknown upload
    /// time counts as the earliest.
    /// </summary>
    public static bool Precedes(FilingName a, DateTimeOffset? uploadedA, FilingName b, DateTimeOffset? uploadedB)
    {
        var timeA = uploadedA ?? DateTimeOffset.MinValue;
        var timeB = uploadedB ?? DateTimeOffset.MinValue;
        if (timeA != timeB)
        {
            return timeA > timeB;
        }

        var rankA = Rank(a.Extension);
        var rankB = Rank(b.Extension);
        return rankA != rankB ? rankA < rankB : string.CompareOrdinal(a.Value, b.Value) < 0;
    }

    /// <summary>0 for xlsx, 1 for xls, 2 for csv: the order that breaks a tie of upload times.</summary>
    public static int Rank(string extension) => extension.ToLowerInvariant() switch
    {
        "xlsx" => 0,
        "xls" => 1,
        _ => 2,
    };
}
