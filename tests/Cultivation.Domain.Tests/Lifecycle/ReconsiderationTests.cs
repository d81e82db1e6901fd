using Cultivation.Application.Ingestion.Lifecycle;
using Cultivation.Application.Storage;

namespace Cultivation.Domain.Tests.Lifecycle;

/// <summary>Which files are evaluated again without a new upload (SPEC §4): their verdict depended on files that changed.</summary>
public sealed class ReconsiderationTests
{
    private const string East = "2022/Q1/东城街道.xlsx";
    private const string EastXls = "2022/Q1/东城街道.xls";
    private const string West = "2022/Q1/西城街道.xlsx";
    private static readonly DateTimeOffset July = new(2022, 7, 8, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_conflict_rejection_is_due_once_a_file_it_lost_to_is_no_longer_in_force()
    {
        var west = Entry(West, FilingStatus.Rejected) with { ConflictsWith = [new FiledVersion(East, "e1")] };

        Assert.Empty(Reconsideration.Due([Entry(East, FilingStatus.Accepted, current: "e1"), west]));
        Assert.Equal([West], Names(Reconsideration.Due([Entry(East, FilingStatus.Accepted, current: "e2"), west])));
        Assert.Equal([West], Names(Reconsideration.Due([Entry(East, FilingStatus.Withdrawn), west])));
        Assert.Equal([West], Names(Reconsideration.Due([west])));
    }

    [Fact]
    public void A_conflict_rejection_waits_while_the_version_it_lost_to_is_being_read()
    {
        var west = Entry(West, FilingStatus.Rejected) with { ConflictsWith = [new FiledVersion(East, "e2")] };
        var east = Entry(East, FilingStatus.Pending, current: "e1") with { LatestSha = "e2" };

        Assert.Empty(Reconsideration.Due([east, west]));
    }

    [Fact]
    public void A_rejection_for_a_problem_in_the_file_is_never_due()
    {
        Assert.Empty(Reconsideration.Due([Entry(West, FilingStatus.Rejected), Entry(East, FilingStatus.Withdrawn)]));
    }

    [Fact]
    public void A_superseded_file_is_due_once_no_file_of_its_source_uploaded_later_is_in_force()
    {
        var older = Entry(East, FilingStatus.Superseded) with { UploadedAt = July };
        var newer = Entry(EastXls, FilingStatus.Accepted, current: "x1") with { UploadedAt = July.AddDays(3) };

        Assert.Empty(Reconsideration.Due([older, newer]));
        Assert.Equal([East], Names(Reconsideration.Due([older, newer with { Status = FilingStatus.Withdrawn, CurrentSha = null }])));

        // A newer file rejected never came into force: the older one is the source's last accepted filing.
        Assert.Equal([East], Names(Reconsideration.Due([older, newer with { Status = FilingStatus.Rejected, CurrentSha = null }])));

        // A newer file being read may come into force: wait for it.
        Assert.Empty(Reconsideration.Due([older, newer with { Status = FilingStatus.Pending, CurrentSha = null }]));

        // Another town's file is no sibling.
        Assert.Equal([East], Names(Reconsideration.Due([older, Entry(West, FilingStatus.Accepted, current: "w1") with { UploadedAt = July.AddDays(3) }])));
    }

    private static LedgerEntry Entry(string blobName, FilingStatus status, string? current = null) =>
        new() { BlobName = blobName, Source = blobName.Split('/')[2].Split('.')[0], Status = status, LatestSha = current, CurrentSha = current };

    private static List<string> Names(IEnumerable<LedgerEntry> entries) => [.. entries.Select(e => e.BlobName)];
}
