using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>The field names of the HTTP bodies (SPEC section 5) are the contract.</summary>
public class SerializationTests
{
    // What the lead serializes with: web defaults (camelCase), nulls omitted.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonElement Json<T>(T value) => JsonDocument.Parse(JsonSerializer.Serialize(value, s_json)).RootElement;

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static Scenario Year() => new Scenario()
        .Quarter("2022Q1", Row(Code(1), since: 2022, tax: 20m), Row(Code(2), aboveScale: false, revenue: 800m))
        .Quarter("2022Q2", Row(Code(1), since: 2022, tax: 60m), Row(Code(2), aboveScale: false, revenue: 800m))
        .Filed("2022Q3", [East])
        .Target(TargetRules.AboveScaleUpgrades, 100m, id: "above-scale-upgrades")
        .Target(TargetRules.TaxPerMuAverage, 30m, id: "tax-per-mu-average", baseline: 23.5m)
        .Target(TargetRules.LowEfficiencyCleared, null, id: "low-efficiency-cleared");

    [Fact]
    public void Writes_the_progress_body_with_the_contracts_field_names()
    {
        var body = Json(Year().Compute().Progress);

        Assert.Equal(["year", "asOf", "computedAt", "nextPeriod", "statisticsBureauFiled", "targets", "history", "lastYear"], Names(body));
        Assert.False(body.GetProperty("statisticsBureauFiled").GetBoolean());
        Assert.Equal(["period", "targets"], Names(body.GetProperty("history")[0]));
        Assert.Equal(["2022Q1", "2022Q2"], body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("period").GetString()));
        Assert.Equal(["id", "achieved", "expected", "status"], Names(body.GetProperty("history")[1].GetProperty("targets")[0]));
        Assert.Equal(["id", "value", "status"], Names(body.GetProperty("history")[1].GetProperty("targets")[1]));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("lastYear").ValueKind);
        Assert.Equal(2022, body.GetProperty("year").GetInt32());
        Assert.Equal("2022Q2", body.GetProperty("asOf").GetString());
        Assert.Equal("2022-07-18T08:00:00Z", body.GetProperty("computedAt").GetString());
        Assert.Equal(["period", "filed", "of", "missing"], Names(body.GetProperty("nextPeriod")));
        Assert.Equal("""["西城街道","江南街道"]""", body.GetProperty("nextPeriod").GetProperty("missing").GetRawText());

        var count = body.GetProperty("targets")[0];
        Assert.Equal(["id", "name", "kind", "unit", "target", "achieved", "expected", "status", "statusName", "byTown"], Names(count));
        Assert.Equal("count", count.GetProperty("kind").GetString());
        Assert.Equal("50", count.GetProperty("expected").GetRawText());
        Assert.Equal("100", count.GetProperty("target").GetRawText());
        Assert.Equal(["town", "achieved"], Names(count.GetProperty("byTown")[0]));

        var ratio = body.GetProperty("targets")[1];
        Assert.Equal(["id", "name", "kind", "unit", "target", "value", "gap", "baseline", "baselinePeriod", "status", "statusName"], Names(ratio));
        Assert.Equal("ratio", ratio.GetProperty("kind").GetString());
        Assert.Equal("12", ratio.GetProperty("value").GetRawText());
        Assert.Equal("18", ratio.GetProperty("gap").GetRawText());
        Assert.Equal("23.5", ratio.GetProperty("baseline").GetRawText());

        var all = body.GetProperty("targets")[2];
        Assert.Equal("all", all.GetProperty("targetText").GetString());
        Assert.Equal(JsonValueKind.Number, all.GetProperty("target").ValueKind);
    }

    [Fact]
    public void Writes_null_as_of_and_next_period_rather_than_leaving_them_out()
    {
        var body = Json(new Scenario().Target(TargetRules.AboveScaleUpgrades).Compute().Progress);

        Assert.Equal(JsonValueKind.Null, body.GetProperty("asOf").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextPeriod").ValueKind);
    }

    [Fact]
    public void Writes_a_target_detail_with_its_firms_and_pool()
    {
        var result = Year().Compute();

        var detail = Json(result.Detail("above-scale-upgrades"));

        Assert.Equal(["id", "name", "kind", "unit", "target", "achieved", "expected", "status", "statusName", "byTown", "firms", "pool"], Names(detail));
        Assert.Equal(["creditCode", "name", "town", "aboveScaleSince", "revenue", "annualisedRevenue"], Names(detail.GetProperty("firms")[0]));
        Assert.Equal("5000", detail.GetProperty("firms")[0].GetProperty("annualisedRevenue").GetRawText());
        Assert.Equal(["rank", "creditCode", "name", "town", "annualisedRevenue"], Names(detail.GetProperty("pool")[0]));
        Assert.Equal("1600", detail.GetProperty("pool")[0].GetProperty("annualisedRevenue").GetRawText());
    }

    [Fact]
    public void Writes_the_lists_of_the_revenue_and_clearing_targets()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), tax: 1m, land: 10m))
            .Quarter("2022Q1", Row(Code(2), revenue: 30_000m, revenueLastYear: 90_000m), Row(Code(3), revenue: 30_000m))
            .Target(TargetRules.RevenueOverThreshold, 3m, id: "revenue-over-1bn")
            .Target(TargetRules.LowEfficiencyCleared, null, id: "low-efficiency-cleared");
        var result = scenario.Compute();

        var revenue = Json(result.Detail("revenue-over-1bn"));
        var clearing = Json(result.Detail("low-efficiency-cleared"));

        Assert.Equal(["creditCode", "name", "town", "annualisedRevenue", "lastYearRevenue"], Names(revenue.GetProperty("projected")[0]));
        Assert.Equal(["creditCode", "name", "town", "annualisedRevenue"], Names(revenue.GetProperty("unknown")[0]));
        Assert.Equal(["creditCode", "name", "town", "reason", "reasonEn"], Names(clearing.GetProperty("notCleared")[0]));
        Assert.Contains("targetText", Names(clearing));
    }

    [Fact]
    public void Writes_the_low_efficiency_body()
    {
        var list = LowEfficiencyList.For(new Period(2022, 2), [Row(Code(1), tax: 10m, land: 10m), Row(Code(2), land: null)], new RuleOptions());

        var body = Json(list);

        Assert.Equal(["period", "threshold", "firms", "dataGaps"], Names(body));
        Assert.Equal("5", body.GetProperty("threshold").GetRawText());
        Assert.Equal(["creditCode", "name", "town", "taxPerMu", "landMu", "annualisedTax"], Names(body.GetProperty("firms")[0]));
        Assert.Equal("2", body.GetProperty("firms")[0].GetProperty("taxPerMu").GetRawText());
        Assert.Equal(["creditCode", "name", "town", "reason", "reasonEn"], Names(body.GetProperty("dataGaps")[0]));
    }

    [Fact]
    public void Writes_the_enterprise_body()
    {
        var rows = new[]
        {
            new FiledRow(new Period(2022, 1), East, Row(Code(1), remediation: RemediationStatus.Remediated, remediated: "2022-03-01")),
        };

        var body = Json(EnterpriseHistory.Build(rows, new RuleOptions()));

        Assert.Equal(["creditCode", "name", "town", "periods", "events"], Names(body));
        var period = Names(body.GetProperty("periods")[0]);
        Assert.Equal(["period", "source"], period[..2]);
        Assert.Contains("taxPerMu", period);
        Assert.Contains("lowEfficiency", period);
        Assert.Contains("annualisedRevenue", period);
        Assert.Equal("2022-03-01", body.GetProperty("periods")[0].GetProperty("remediationDate").GetString());
        Assert.Equal(["period", "kind", "description"], Names(body.GetProperty("events")[0]));
    }
}
