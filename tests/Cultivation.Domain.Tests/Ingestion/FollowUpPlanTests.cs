using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cultivation.Domain.Tests.Ingestion;

/// <summary>What a new verdict leaves owed in the ledger entry: the steps earlier verdicts still owe, then its own, in step order.</summary>
public sealed class FollowUpPlanTests
{
    private static readonly FollowUpRunner Runner = new(null!, null!,
        [new Step("release", FollowUpScope.Verdict), new Step("report", FollowUpScope.File), new Step("version", FollowUpScope.Verdict),
         new Step("progress", FollowUpScope.File, FilingStatus.Accepted)],
        Options.Create(new IngestionOptions()), TimeProvider.System, NullLogger<FollowUpRunner>.Instance);

    [Fact]
    public void An_accepted_verdict_owes_every_step_that_applies_to_it_in_step_order()
    {
        var plan = Runner.Plan(Entry(), Verdict("v2", FilingStatus.Accepted));

        Assert.Equal("release@v2;report;version@v2;progress", DueFollowUp.Format(plan));
    }

    [Fact]
    public void What_an_earlier_verdict_still_owes_stays_and_a_step_for_the_files_derived_data_is_owed_once()
    {
        // 2022Q1 东城街道: the accepted v1's version record and progress refresh were not done when the rejected v2 came.
        var plan = Runner.Plan(Entry("version@v1;progress"), Verdict("v2", FilingStatus.Rejected));

        Assert.Equal("release@v2;report;version@v1;version@v2;progress", DueFollowUp.Format(plan));
    }

    [Fact]
    public void A_step_this_deployment_does_not_know_stays_owed()
    {
        var plan = Runner.Plan(Entry("tell@v1"), Verdict("v2", FilingStatus.Rejected));

        Assert.Equal("release@v2;report;version@v2;tell@v1", DueFollowUp.Format(plan));
    }

    [Fact]
    public void An_entry_owes_at_most_a_hundred_follow_ups_dropping_the_oldest_verdicts_first()
    {
        var owed = string.Join(';', Enumerable.Range(0, 100).Select(i => $"version@old{i}"));

        var plan = Runner.Plan(Entry(owed), Verdict("new", FilingStatus.Rejected));

        Assert.Equal(100, plan.Count);
        Assert.Equal(["release@new", "report", "version@old3", "version@old4"], plan.Take(4).Select(d => d.ToString()));
        Assert.Equal("version@new", plan[^1].ToString());
    }

    [Fact]
    public void The_stored_form_reads_back_as_written()
    {
        var due = DueFollowUp.Parse("release@0d9f3c2a7b1e4f6a8c5d2e1f0a9b8c7d;report;version@x");

        Assert.Equal([new DueFollowUp("release", "0d9f3c2a7b1e4f6a8c5d2e1f0a9b8c7d"), new DueFollowUp("report"), new DueFollowUp("version", "x")], due);
        Assert.Equal("release@0d9f3c2a7b1e4f6a8c5d2e1f0a9b8c7d;report;version@x", DueFollowUp.Format(due));
        Assert.Empty(DueFollowUp.Parse(null));
    }

    private static LedgerEntry Entry(string owed = "") => new() { BlobName = "2022/Q1/东城街道.csv", FollowUps = DueFollowUp.Parse(owed) };

    private static FilingVerdict Verdict(string id, FilingStatus status) => new()
    {
        Id = id,
        Report = new FilingReport { Name = "2022/Q1/东城街道.csv", Version = "sha-" + id, Status = status },
    };

    private sealed class Step(string name, FollowUpScope scope, FilingStatus? only = null) : IFilingFollowUp
    {
        public string Name => name;

        public FollowUpScope Scope => scope;

        public bool Batched => false;

        public bool AppliesTo(FilingVerdict verdict) => only is null || verdict.Status == only;

        public Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
