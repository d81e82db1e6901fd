using System.Text.Json;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Functions.Api;
using Cultivation.Integration.Tests.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Enterprises;

/// <summary>
/// The enterprise index through a filing's life (SPEC §2, §4): a re-save as xls supersedes the xlsx, deleting the xls puts the
/// xlsx back, deleting the xlsx withdraws it, the same bytes again reinstate it; each lookup answers the file in force.
/// </summary>
public sealed class EnterpriseIndexLifeTests : IDisposable
{
    private const string EastXlsx = "2022/Q1/东城街道.xlsx";
    private const string EastXls = "2022/Q1/东城街道.xls";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Lookups_follow_the_file_in_force_through_supersede_delete_withdraw_and_reinstate()
    {
        var xlsx = Filings.Csv(Filings.Row(1), Filings.Row(2, revenue: 1000m), Filings.Row(3));
        await ClerkActions.UploadAsync(_storage, EastXlsx, xlsx);
        Assert.Equal(IngestionResult.Accepted, (await Reconcile()).Single().Result);
        await _storage.Get<IEnterpriseIndex>().MarkBuiltAsync(DateTimeOffset.UnixEpoch, default);
        Assert.Equal([("2022Q1", 1000m)], await PeriodsOfAsync(Filings.Code(2)));

        // Re-saved as xls with firm 2's revenue corrected and firm 3 left out: the xls answers, firm 3 is gone.
        await ClerkActions.UploadAfterAsync(_storage, EastXls, Filings.Csv(Filings.Row(1), Filings.Row(2, revenue: 2000m)), EastXlsx);
        await Reconcile();
        Assert.Equal([("2022Q1", 2000m)], await PeriodsOfAsync(Filings.Code(2)));
        Assert.Empty(await PeriodsOfAsync(Filings.Code(3)));

        // The xls deleted: the xlsx is in force again, with firm 3 and firm 2's first figure.
        await ClerkActions.DeleteAsync(_storage, EastXls);
        Assert.Contains(await Reconcile(), o => o.Result == IngestionResult.Withdrawn);
        Assert.Equal([("2022Q1", 1000m)], await PeriodsOfAsync(Filings.Code(2)));
        Assert.Equal([("2022Q1", 2500m)], await PeriodsOfAsync(Filings.Code(3)));

        // The xlsx deleted too: withdrawn, no firm of it is answered.
        await ClerkActions.DeleteAsync(_storage, EastXlsx);
        Assert.Equal(IngestionResult.Withdrawn, (await Reconcile()).Single().Result);
        Assert.Empty(await PeriodsOfAsync(Filings.Code(1)));
        Assert.Empty(await PeriodsOfAsync(Filings.Code(2)));
        Assert.Empty(await PeriodsOfAsync(Filings.Code(3)));

        // The same bytes uploaded again reinstate it.
        await ClerkActions.UploadAsync(_storage, EastXlsx, xlsx);
        await Reconcile();
        Assert.Equal([("2022Q1", 1000m)], await PeriodsOfAsync(Filings.Code(2)));
    }

    private async Task<IReadOnlyList<IngestionOutcome>> Reconcile()
    {
        var outcomes = await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
        Assert.All(outcomes, o => Assert.Empty(o.FollowUpsDue));
        return outcomes;
    }

    /// <summary>The periods and revenue the firm is answered with; none when it is not found.</summary>
    private async Task<List<(string Period, decimal Revenue)>> PeriodsOfAsync(string code)
    {
        var result = Assert.IsType<ContentResult>(await new EnterprisesApi(_storage.Get<EnterpriseQueries>()).Run(new DefaultHttpContext().Request, code, default));
        using var body = JsonDocument.Parse(result.Content!);
        return result.StatusCode == 404
            ? []
            : [.. body.RootElement.GetProperty("periods").EnumerateArray().Select(p => (p.GetProperty("period").GetString()!, p.GetProperty("revenue").GetDecimal()))];
    }
}
