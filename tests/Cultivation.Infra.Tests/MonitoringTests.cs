using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cultivation.Application.Telemetry;

namespace Cultivation.Infra.Tests;

/// <summary>
/// SPEC 7: alert rules fire on a failed or given-up filing, on many rejected files and on a week without a
/// digest; a workbook shows the operations. All of them read the events the worker emits, by name: the
/// names are read here from the C# constants, so renaming an event without its queries fails this test
/// instead of silently disarming an alert.
/// </summary>
public sealed partial class MonitoringTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;
    private static readonly JsonObject s_alerts = s_template.Module("alerts").Template();
    private static readonly JsonObject s_workbook = s_template.Module("operations-workbook").Template();

    /// <summary>The event names the code emits: every public constant string of <see cref="TelemetryEvents"/>.</summary>
    private static readonly HashSet<string> s_emitted =
    [
        .. typeof(TelemetryEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    private static IEnumerable<JsonObject> Rules => s_alerts.Variable("rules")!.AsArray().Select(r => r!.AsObject());

    private static string Query(string rule) => (string)Rules.Single(r => (string?)r["name"] == rule)["query"]!;

    /// <summary>Every KQL query the monitoring resources run: the alert rules' and the workbook's.</summary>
    private static Dictionary<string, string> AllQueries()
    {
        var queries = Rules.ToDictionary(r => "alert " + (string)r["name"]!, r => (string)r["query"]!);
        foreach (var item in Workbook()["items"]!.AsArray().Where(i => (int)i!["type"]! == 3))
        {
            queries["workbook " + (string)item!["name"]!] = (string)item["content"]!["query"]!;
        }

        return queries;
    }

    /// <summary>The workbook's content with its query items, as serializedData carries it.</summary>
    private static JsonObject Workbook()
    {
        var workbook = s_workbook.Variable("workbook")!.AsObject();
        var queries = s_workbook.Variable("queries")!.AsArray();
        Assert.Equal("[string(variables('workbook'))]", (string?)s_workbook.Resource("Microsoft.Insights/workbooks")["properties"]!["serializedData"]);
        // items = concat([heading], map(queries, …)): rebuilt here from the same two variables.
        Assert.StartsWith("[concat(", (string?)workbook["items"], StringComparison.Ordinal);
        var items = new JsonArray(JsonNode.Parse("""{ "type": 1, "name": "heading" }"""));
        foreach (var query in queries)
        {
            var value = (string)query!["query"]!;
            var text = (string)s_workbook.Variable(value["[variables('".Length..^"')]".Length])!;
            items.Add(new JsonObject { ["type"] = 3, ["name"] = (string)query["name"]!, ["content"] = new JsonObject { ["query"] = text, ["title"] = (string)query["title"]! } });
        }

        return new JsonObject { ["items"] = items };
    }

    [Fact]
    public void The_code_emits_the_eight_operations_events()
    {
        Assert.Equal(8, s_emitted.Count);
        Assert.Equal(s_emitted.Order(), TelemetryEvents.All.Order());
    }

    [Fact]
    public void Every_alert_and_workbook_query_names_only_events_the_code_emits()
    {
        foreach (var (where, query) in AllQueries())
        {
            var named = EventName().Matches(query).Select(m => m.Value).ToList();
            Assert.True(named.Count > 0, $"{where} reads no operations event");
            Assert.All(named, name => Assert.True(s_emitted.Contains(name), $"{where} queries '{name}', which the code does not emit"));
        }
    }

    [Theory]
    [InlineData("filing-failed", TelemetryEvents.FilingFailed)]
    [InlineData("filing-gave-up", TelemetryEvents.FilingGaveUp)]
    [InlineData("filings-rejected-rate", TelemetryEvents.FilingRejected)]
    [InlineData("filings-rejected-rate", TelemetryEvents.FilingAccepted)]
    [InlineData("digest-missing", TelemetryEvents.DigestSent)]
    public void Each_alert_reads_the_event_it_is_about(string rule, string eventName)
    {
        Assert.Contains($"\"{eventName}\"", Query(rule), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_or_given_up_filing_alerts_within_a_quarter_hour_per_blob()
    {
        foreach (var name in new[] { "filing-failed", "filing-gave-up" })
        {
            var rule = Rules.Single(r => (string?)r["name"] == name);
            Assert.Equal(("PT15M", "PT15M"), ((string?)rule["frequency"], (string?)rule["window"]));
            Assert.Equal("Count", (string?)rule["aggregation"]);
            Assert.Equal(0, (int)rule["threshold"]!);
            Assert.Equal(["blob"], rule["dimensions"]!.AsArray().Select(d => (string)d!));
            Assert.Contains("customDimensions.blob", (string)rule["query"]!, StringComparison.Ordinal);
        }

        Assert.Equal(1, (int)Rules.Single(r => (string?)r["name"] == "filing-gave-up")["severity"]!);
    }

    [Fact]
    public void The_rejected_rate_alert_compares_a_days_share_with_the_threshold_parameter()
    {
        var rule = Rules.Single(r => (string?)r["name"] == "filings-rejected-rate");

        Assert.Equal("[parameters('rejectedRateThresholdPercent')]", (string?)rule["threshold"]);
        Assert.Equal("rejectedPercent", (string?)rule["measure"]);
        Assert.Equal("P1D", (string?)rule["window"]);
        Assert.Contains("100.0 * rejected / verdicts", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Contains("'MINIMUM', string(parameters('rejectedRateMinimumFilings'))", (string)rule["query"]!, StringComparison.Ordinal);
        Assert.Equal("[int(parameters('rejectedRateThresholdPercent'))]", (string?)s_template.Module("alerts").Argument("rejectedRateThresholdPercent"));
        Assert.Equal("50", (string?)s_template.Root.Default("rejectedRateThresholdPercent"));
    }

    [Fact]
    public void A_week_without_a_digest_alerts_once_in_mondays_noon_hour_china_time()
    {
        var rule = Rules.Single(r => (string?)r["name"] == "digest-missing");
        var query = (string)rule["query"]!;

        Assert.Contains("let chinaNow = now() + 8h;", query, StringComparison.Ordinal);
        // Days since Monday (dayofweek counts from Sunday): Monday 0 … Sunday 6.
        Assert.Contains("((toint(dayofweek(chinaNow) / 1d) + 6) % 7) * 1d", query, StringComparison.Ordinal);
        Assert.Contains("let deadline = monday + 12h;", query, StringComparison.Ordinal);
        Assert.Contains("timestamp + 8h >= monday", query, StringComparison.Ordinal);
        Assert.Contains("chinaNow >= deadline and chinaNow < deadline + 1h and sent == 0", query, StringComparison.Ordinal);
        // Hourly runs: exactly one falls in the noon hour; stateless, so it mails once that week.
        Assert.Equal(("PT1H", "P1D"), ((string?)rule["frequency"], (string?)rule["window"]));
        Assert.False((bool)rule["autoMitigate"]!);
        Assert.Equal(1, (int)rule["severity"]!);
    }

    [Fact]
    public void Alerts_watch_application_insights_and_email_the_addresses_of_the_parameter()
    {
        var rules = s_alerts.Resource("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]", (string?)rules["properties"]!["scopes"]![0]);
        Assert.Equal("[variables('actions')]", (string?)rules["properties"]!["actions"]);
        Assert.Equal("[if(empty(parameters('emails')), createObject(), createObject('actionGroups', createArray(resourceId('Microsoft.Insights/actionGroups', parameters('actionGroupName')))))]", (string?)s_alerts.Variable("actions"));

        var group = s_alerts.Resource("Microsoft.Insights/actionGroups");
        var receivers = group["properties"]!["copy"]!.AsArray().Single()!;
        Assert.Equal("emailReceivers", (string?)receivers["name"]);
        Assert.Equal("[parameters('emails')[copyIndex('emailReceivers')]]", (string?)receivers["input"]!["emailAddress"]);
        Assert.Contains("parameters('opsAlertEmails')", (string?)s_template.Module("alerts").Argument("emails"), StringComparison.Ordinal);
        Assert.Equal(4, Rules.Count());
    }

    [Fact]
    public void The_workbook_shows_verdicts_per_quarter_ingestion_duration_and_digest_history()
    {
        var queries = AllQueries();

        Assert.Contains("customDimensions.period", queries["workbook filings-by-verdict"], StringComparison.Ordinal);
        Assert.Contains("by 报告期", queries["workbook filings-by-verdict"], StringComparison.Ordinal);
        Assert.Contains("customDimensions.durationMs", queries["workbook ingestion-duration"], StringComparison.Ordinal);
        Assert.Contains("percentile(seconds, 95)", queries["workbook ingestion-duration"], StringComparison.Ordinal);
        Assert.Contains(TelemetryEvents.DigestSent, queries["workbook digest-history"], StringComparison.Ordinal);
        Assert.Contains(TelemetryEvents.DigestFailed, queries["workbook digest-history"], StringComparison.Ordinal);
        Assert.Contains("customDimensions.week", queries["workbook digest-history"], StringComparison.Ordinal);
        var workbook = s_workbook.Resource("Microsoft.Insights/workbooks");
        Assert.Equal("workbook", (string?)workbook["properties"]!["category"]);
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('applicationInsightsName'))]", (string?)workbook["properties"]!["sourceId"]);
    }

    [Fact]
    public void The_workspace_keeps_a_year_so_quarters_can_be_compared()
    {
        Assert.Equal(365, (int)s_template.Root.Default("logRetentionDays")!);
        Assert.Equal("[parameters('logRetentionDays')]", (string?)s_template.Module("monitoring").Argument("retentionInDays"));
    }

    [Fact]
    public void The_host_sends_its_own_telemetry_through_open_telemetry_too()
    {
        using var host = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(CompiledTemplate.RepositoryRoot, "host.json")));

        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
    }

    [GeneratedRegex(@"Cultivation\.\w+")]
    private static partial Regex EventName();
}
