using System.Text.Json;
using System.Text.Json.Serialization;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// What ingestion decided about one version of a file, and all its follow-up steps need to act on it: the report (its
/// status: accepted, rejected, failed, superseded or withdrawn), the version that stopped counting, and for a superseded
/// file the one in force instead. Kept (<see cref="IFilingBlobs.WriteVerdictAsync"/>)
/// before the ledger entry names it, so that a step left undone can be finished later by another worker.
/// </summary>
public sealed record FilingVerdict
{
    public required string Id { get; init; }

    /// <summary>The report of the version; it names the file, the version, the status and when it was decided.</summary>
    public required FilingReport Report { get; init; }

    /// <summary>
    /// The version of this file that the verdict put out of force, whose rows are no longer read: for an accepted version the
    /// one it replaced, for a superseded or withdrawn file the version it had in force (null when none).
    /// </summary>
    public string? Replaced { get; init; }

    public int ReplacedShards { get; init; }

    /// <summary>For a version rejected only because other files hold its firms: those files' versions (it is evaluated again once one goes).</summary>
    public IReadOnlyList<FiledVersion> LostTo { get; init; } = [];

    [JsonIgnore]
    public string BlobName => Report.Name;

    /// <summary>The version decided on (SHA-256 of the content; of the name, for a name that is not a filing name).</summary>
    [JsonIgnore]
    public string Version => Report.Version;

    /// <summary>Accepted, Rejected, Failed for a version given up after its last attempt, Superseded or Withdrawn.</summary>
    [JsonIgnore]
    public FilingStatus Status => Report.Status;

    /// <summary>For a superseded file: the file of the same source and period in force instead (a blob name).</summary>
    [JsonIgnore]
    public string? SupersededBy => Report.SupersededBy;

    /// <summary>Whether the verdict changed which rows of the period count: a version came into force or one went out of it.</summary>
    [JsonIgnore]
    public bool ChangesRowsInForce => Status == FilingStatus.Accepted || Replaced is not null;

    [JsonIgnore]
    public DateTimeOffset DecidedAt => Report.IngestedAt;

    /// <summary>Null when the blob name is not a filing name.</summary>
    [JsonIgnore]
    public FilingName? Name => FilingName.TryParse(BlobName, out var name, out _) ? name : null;

    /// <summary>A verdict of its own, with a new id (a version decided on again, e.g. after a lost lease, gets another).</summary>
    /// <remarks>The id is hex only, like the versions: it shows in storage URLs, where no figure from a filing may seem to appear.</remarks>
    public static FilingVerdict Of(FilingReport report) => new() { Id = Guid.NewGuid().ToString("N"), Report = report };

    public string ToJson() => JsonSerializer.Serialize(this, CultivationJson.Options);

    public static FilingVerdict FromJson(string json) =>
        JsonSerializer.Deserialize<FilingVerdict>(json, CultivationJson.Options) ?? throw new JsonException("empty verdict record");
}
