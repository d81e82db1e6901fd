namespace Cultivation.Infrastructure.Storage;

/// <summary>
/// Names of the tables and containers. Section <c>Storage</c>. <see cref="Prefix"/> lets tests and
/// benchmarks run side by side in one account without seeing each other's data.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Letters and digits put before every table and container name (empty in production).</summary>
    public string Prefix { get; set; } = string.Empty;

    public string Table(string name) => Prefix + name;

    /// <summary>Container names are lower case; the prefix is joined with a dash.</summary>
    public string Container(string name) => Prefix.Length == 0 ? name : $"{Prefix.ToLowerInvariant()}-{name}";
}

/// <summary>The tables and containers of the product (docs/storage.md explains their keys).</summary>
public static class StorageNames
{
    public const string FilingsContainer = "filings";
    public const string ReportsContainer = "filings-reports";
    public const string ArchiveContainer = "filings-archive";

    public const string FilingsTable = "Filings";
    public const string FilingVersionsTable = "FilingVersions";
    public const string FirmRowsTable = "FirmRows";
    public const string FirmClaimsTable = "FirmClaims";
    public const string TargetsTable = "Targets";
    public const string ProgressTable = "Progress";
    public const string ProgressItemsTable = "ProgressItems";
    public const string DigestsTable = "Digests";
    public const string NoticesTable = "Notices";
    public const string EnterpriseIndexTable = "EnterpriseIndex";
    public const string LocksTable = "Locks";
}
