using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>
/// The host never sees the C# attributes, only the <c>functions.metadata</c> the worker SDK generates
/// at build time; Core Tools cannot run here, so these tests read that file as the host would.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    /// <summary>
    /// Every HTTP route the spec names, and the function that answers it. Add a line here when the spec
    /// gains a route (e.g. <c>["progress/{year}"] = "GetProgress"</c>); the tests below then cover it.
    /// </summary>
    private static readonly Dictionary<string, string> s_expectedRoutes = new(StringComparer.Ordinal)
    {
        ["filings/{year}/{quarter}"] = "GetFilings",
        ["filings/{year}/{quarter}/{source}/report"] = "GetFilingReport",
        ["filings/{year}/{quarter}/{source}/report.xlsx"] = "GetFilingReportWorkbook",
        ["templates/{year}/{quarter}/{source}"] = "GetFilingTemplate",
        ["health"] = "Health",
        ["openapi.json"] = "GetOpenApi",
        ["progress/{year}"] = "GetProgress",
        ["progress/{year}/{targetId}"] = "GetTargetProgress",
        ["enterprises/{creditCode}"] = "GetEnterprise",
        ["low-efficiency/{year}/{quarter}"] = "GetLowEfficiency",
        ["dashboard"] = "GetDashboard",
        ["exports/{year}"] = "GetLeadersWorkbook",
    };

    /// <summary>Timer functions and the schedule setting each must read (e.g. add the alert timer with <c>%AlertSchedule%</c>).</summary>
    private static readonly Dictionary<string, string> s_expectedTimers = new(StringComparer.Ordinal)
    {
        ["ReconcileFilings"] = "%ReconcileSchedule%",
        ["SendWeeklyDigest"] = "%AlertSchedule%",
        ["BuildEnterpriseIndex"] = "%ReconcileSchedule%",
    };

    /// <summary>The only HTTP functions open without a function key.</summary>
    private static readonly HashSet<string> s_anonymous = new(StringComparer.Ordinal) { "Health", "GetDashboard", "GetLeadersWorkbook", "GetFilingTemplate", "GetFilingReportWorkbook" };

    [Fact]
    public void Blob_trigger_listens_to_the_filings_container_through_event_grid()
    {
        var trigger = Trigger("IngestFilingOnBlobCreated");

        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("filings/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void Queue_trigger_takes_the_deletions_event_grid_writes_to_the_queue_infra_creates()
    {
        var trigger = Trigger("WithdrawFilingOnBlobDeleted");

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("filings-deleted", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Contains("'filings-deleted'", File.ReadAllText(Path.Combine(RepositoryRoot(), "infra/main.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void Host_hands_queue_messages_over_undecoded_and_tries_a_busy_one_again_later()
    {
        using var host = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot(), "host.json")));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");

        // Event Grid writes the event as it is; the function takes it either way, so the host must not insist on Base64.
        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal("00:00:30", queues.GetProperty("visibilityTimeout").GetString());
    }

    [Fact]
    public void Timer_functions_read_their_schedule_from_a_setting()
    {
        foreach (var (function, schedule) in s_expectedTimers)
        {
            var trigger = Trigger(function);
            Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
        }
    }

    [Fact]
    public void Http_routes_are_exactly_the_ones_the_spec_names()
    {
        var routes = HttpTriggers().ToDictionary(t => t.Trigger.GetProperty("route").GetString()!, t => t.Function, StringComparer.Ordinal);

        Assert.Equal(s_expectedRoutes.OrderBy(r => r.Key, StringComparer.Ordinal), routes.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_http_function_but_health_needs_a_function_key_and_answers_get_only()
    {
        var triggers = HttpTriggers().ToList();
        Assert.NotEmpty(triggers);

        foreach (var (function, trigger) in triggers)
        {
            var expected = s_anonymous.Contains(function) ? "Anonymous" : "Function";
            Assert.True(expected == trigger.GetProperty("authLevel").GetString(), $"{function}: authLevel should be {expected}, was {trigger.GetProperty("authLevel")}");
            Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        }

        Assert.Contains(triggers, t => t.Function == "Health");
    }

    [Fact]
    public void Host_json_next_to_the_metadata_is_the_repository_one_at_version_2()
    {
        var source = Path.Combine(RepositoryRoot(), "host.json");
        var copied = Path.Combine(Path.GetDirectoryName(MetadataPath())!, "host.json");
        Assert.True(File.Exists(copied), $"host.json was not copied next to the metadata ({copied}).");

        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copied));
        using var host = JsonDocument.Parse(File.ReadAllBytes(source));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void Sample_local_settings_reconcile_every_minute_on_the_isolated_worker()
    {
        var values = SampleSettings();

        Assert.Equal("0 */1 * * * *", values["ReconcileSchedule"]);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void Sample_local_settings_run_the_digest_timer_hourly_and_send_from_monday_0830()
    {
        var values = SampleSettings();

        // Hourly at half past, so that a failed send is retried within the week and the first run on Monday is on time.
        Assert.Equal("0 30 * * * *", values["AlertSchedule"]);
        Assert.Equal("Monday", values["Alerts__SendDay"]);
        Assert.Equal("08:30", values["Alerts__SendTime"]);
    }

    [Fact]
    public void Every_setting_the_metadata_names_exists_in_the_sample_local_settings()
    {
        var values = SampleSettings();
        var used = SettingReference().Matches(File.ReadAllText(MetadataPath())).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(used);

        foreach (var setting in used)
        {
            Assert.True(values.ContainsKey(setting), $"functions.metadata uses %{setting}% but local.settings.sample.json does not define it.");
        }
    }

    [GeneratedRegex("%([A-Za-z0-9_:.-]+)%")]
    private static partial Regex SettingReference();

    private static Dictionary<string, string?> SampleSettings()
    {
        using var settings = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot(), "local.settings.sample.json")));
        return settings.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
    }

    private static IEnumerable<(string Function, JsonElement Trigger)> HttpTriggers() =>
        Functions()
            .Select(f => (Function: f.GetProperty("name").GetString()!, Trigger: TriggerOf(f)))
            .Where(t => t.Trigger.GetProperty("type").GetString() == "httpTrigger");

    private static JsonElement Trigger(string function)
    {
        var match = Functions().Where(f => f.GetProperty("name").GetString() == function).ToList();
        Assert.True(match.Count == 1, $"functions.metadata should hold exactly one function named {function}; it holds {match.Count}.");
        return TriggerOf(match[0]);
    }

    private static JsonElement TriggerOf(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(),
            b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static List<JsonElement> Functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllBytes(MetadataPath()));
        return [.. metadata.RootElement.Clone().EnumerateArray()];
    }

    /// <summary><c>functions/bin/{Configuration}/net10.0/functions.metadata</c>, the configuration being this test assembly's own.</summary>
    private static string MetadataPath()
    {
        var assembly = typeof(FunctionsMetadataTests).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        Assert.False(string.IsNullOrEmpty(configuration), "The test assembly carries no AssemblyConfiguration (Debug or Release).");
        var path = Path.Combine(RepositoryRoot(), "functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path),
            $"functions.metadata not found at {path}. Build the functions project in {configuration} first (dotnet build functions -c {configuration}); the worker SDK writes it there.");
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(typeof(FunctionsMetadataTests).Assembly.Location)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No directory above the test assembly holds Cultivation.sln: cannot find the repository root.");
    }
}
