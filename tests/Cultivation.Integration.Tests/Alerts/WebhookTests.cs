using System.Text.Json;
using Cultivation.Application.Alerts;
using Cultivation.Application.Notices;
using Cultivation.Infrastructure.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cultivation.Integration.Tests.Alerts;

public sealed class WebhookTests
{
    [Fact]
    public async Task Retries_server_errors_until_the_message_is_delivered_once()
    {
        await using var robot = await FakeRobot.StartAsync((503, ""), (503, ""), (503, ""), (200, Ok));
        using var services = Services(robot.Url);

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);

        Assert.True(result.Delivered);
        Assert.Equal(4, robot.Requests.Count);
        Assert.Equal(1, robot.Delivered);
    }

    [Fact]
    public async Task Retries_a_rate_limit_errcode_in_a_200_answer()
    {
        await using var robot = await FakeRobot.StartAsync((200, Err(130101)), (200, Err(130101)), (200, Ok));
        using var services = Services(robot.Url);

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);

        Assert.True(result.Delivered);
        Assert.Equal(3, robot.Requests.Count);
        Assert.Equal(1, robot.Delivered);
    }

    [Fact]
    public async Task A_try_that_hangs_times_out_and_is_retried()
    {
        await using var robot = await FakeRobot.StartAsync((Hang, ""), (200, Ok));
        using var services = Services(robot.Url, new() { ["Webhook:TryTimeout"] = "00:00:00.500" });

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);

        Assert.True(result.Delivered);
        Assert.Equal(2, robot.Requests.Count);
    }

    [Fact]
    public async Task Reports_other_errcodes_without_retrying()
    {
        await using var robot = await FakeRobot.StartAsync((200, Err(310000, "sign not match")));
        using var services = Services(robot.Url);

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);

        Assert.False(result.Delivered);
        Assert.True(result.Configured);
        Assert.Contains("310000", result.Error, StringComparison.Ordinal);
        Assert.Single(robot.Requests);
    }

    [Fact]
    public async Task Breaker_opens_when_the_robot_keeps_failing_and_stops_calling_it()
    {
        await using var robot = await FakeRobot.StartAsync((500, ""));
        using var services = Services(robot.Url, new() { ["Webhook:RetryCount"] = "5", ["Webhook:BreakAfter"] = "3" });
        var notifier = services.GetRequiredService<IGroupChatNotifier>();

        var first = await notifier.NotifyAsync("周报", "### 周报", default);
        var second = await notifier.NotifyAsync("周报", "### 周报", default);

        Assert.False(first.Delivered);
        Assert.Contains("circuit", first.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, robot.Requests.Count);
        Assert.False(second.Delivered);
        Assert.Equal(3, robot.Requests.Count);
    }

    [Fact]
    public async Task DingTalk_signed_mode_appends_timestamp_and_signature()
    {
        await using var robot = await FakeRobot.StartAsync((200, Ok));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1600000000000));
        using var services = Services(robot.Url + "?access_token=abc", new() { ["Webhook:Secret"] = "SEC0123456789abcdef" }, clock);

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报标题", "### 周报", default);

        Assert.True(result.Delivered);
        var request = Assert.Single(robot.Requests);

        // Computed independently: urlencode(base64(HMAC-SHA256("SEC0123456789abcdef", "1600000000000\nSEC0123456789abcdef"))).
        Assert.Equal("?access_token=abc&timestamp=1600000000000&sign=PPcRl2tf%2BBNekAadmEb8Cx1rGmXjHN8H%2B%2F0mvy5rUJk%3D", request.Query);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("markdown", body.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal("周报标题", body.RootElement.GetProperty("markdown").GetProperty("title").GetString());
        Assert.Equal("### 周报", body.RootElement.GetProperty("markdown").GetProperty("text").GetString());
    }

    [Fact]
    public async Task WeCom_markdown_carries_the_content_and_is_not_signed()
    {
        await using var robot = await FakeRobot.StartAsync((200, Err(45009)), (200, Ok));
        using var services = Services(robot.Url, new() { ["Webhook:Kind"] = "WeCom", ["Webhook:Secret"] = "ignored" });

        var result = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);

        Assert.True(result.Delivered);
        Assert.Equal(2, robot.Requests.Count);
        Assert.Equal(string.Empty, robot.Requests[1].Query);
        using var body = JsonDocument.Parse(robot.Requests[1].Body);
        Assert.Equal("### 周报", body.RootElement.GetProperty("markdown").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_robot_that_keeps_failing_opens_only_its_own_breaker()
    {
        await using var broken = await FakeRobot.StartAsync((500, ""));
        await using var town = await FakeRobot.StartAsync((200, Ok));
        using var services = Services(broken.Url, new() { ["Webhook:RetryCount"] = "5", ["Webhook:BreakAfter"] = "3" });

        var digest = await services.GetRequiredService<IGroupChatNotifier>().NotifyAsync("周报", "### 周报", default);
        var told = await services.GetRequiredService<IChatWebhooks>().PostAsync(new ChatRobot(town.Url + "?access_token=t", null), "结果", "### 结果", default);

        Assert.Contains("circuit", digest.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, broken.Requests.Count);
        Assert.True(told.Delivered);
        Assert.Equal(1, town.Delivered);
    }

    [Fact]
    public async Task A_robot_that_never_answers_may_have_posted_and_one_nobody_listens_on_did_not()
    {
        await using var silent = await FakeRobot.StartAsync((Hang, ""));
        using var services = Services(silent.Url, new() { ["Webhook:TryTimeout"] = "00:00:00.300", ["Webhook:RetryCount"] = "1" });
        var webhooks = services.GetRequiredService<IChatWebhooks>();

        var unanswered = await webhooks.PostAsync(new ChatRobot(silent.Url, null), "结果", "### 结果", default);
        var refused = await webhooks.PostAsync(new ChatRobot($"http://127.0.0.1:{LoopbackPort.Free()}/robot/send", null), "结果", "### 结果", default);

        Assert.Equal((false, true), (unanswered.Delivered, unanswered.MaybeDelivered));
        Assert.Equal(2, silent.Requests.Count);
        Assert.Equal((false, false), (refused.Delivered, refused.MaybeDelivered));
    }

    [Fact]
    public async Task A_failing_webhook_never_stops_the_email()
    {
        await using var robot = await FakeRobot.StartAsync((503, ""));
        using var h = new AlertsHarness(settings: new Dictionary<string, string?>
        {
            ["Webhook:Url"] = robot.Url,
            ["Webhook:FirstRetryDelay"] = "00:00:00.010",
            ["Webhook:BreakAfter"] = "2",
        });
        h.Progress.Seed();

        var outcome = await h.Service.SendAsync(default);

        Assert.Equal(DigestSendResult.Sent, outcome.Result);
        Assert.False(outcome.GroupChat!.Delivered);
        Assert.Single(await h.MailsAsync());
    }

    /// <summary>A scripted answer that takes longer than any try may.</summary>
    private const int Hang = FakeRobot.HangStatus;

    private const string Ok = """{"errcode":0,"errmsg":"ok"}""";

    private static string Err(int code, string message = "error") => $$"""{"errcode":{{code}},"errmsg":"{{message}}"}""";

    private static ServiceProvider Services(string url, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Webhook:Url"] = url,
            ["Webhook:FirstRetryDelay"] = "00:00:00.010",
            ["Webhook:TryTimeout"] = "00:00:05",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddCultivationAlerts(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }
}
