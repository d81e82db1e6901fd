using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cultivation.Application.Alerts;
using Cultivation.Application.Notices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Extensions.Http;
using Polly.Timeout;

namespace Cultivation.Infrastructure.Alerts;

public enum WebhookKind
{
    DingTalk,
    WeCom,
}

/// <summary>Section <c>Webhook</c>: the optional group-chat robot. No <see cref="Url"/>, no message.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    public string? Url { get; set; }

    /// <summary>DingTalk 加签 secret (<c>SEC…</c>); when set, every request is signed.</summary>
    public string? Secret { get; set; }

    public WebhookKind Kind { get; set; } = WebhookKind.DingTalk;

    public int RetryCount { get; set; } = 4;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed tries in a row after which the breaker opens.</summary>
    public int BreakAfter { get; set; } = 5;

    public TimeSpan BreakFor { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);
}

/// <summary>
/// The webhook's resilience, one instance per process so that the breakers see every call: retry (jittered
/// exponential backoff) around a circuit breaker around a per-try timeout. Each robot has a breaker of its own
/// (the digest's, and every source's in <c>City:Contacts</c>), so one town's broken robot stops calls to it alone.
/// </summary>
public sealed class WebhookPolicies
{
    public const string ClientName = "cultivation-webhook";

    private readonly ConcurrentDictionary<string, AsyncCircuitBreakerPolicy<HttpResponseMessage>> _breakers = new(StringComparer.Ordinal);
    private readonly WebhookOptions _options;

    public WebhookPolicies(IOptions<WebhookOptions> options)
    {
        var o = _options = options.Value;
        Retry = Transient().WaitAndRetryAsync(Math.Max(0, o.RetryCount), attempt => Backoff(o.FirstRetryDelay, attempt));
        Timeout = Policy.TimeoutAsync<HttpResponseMessage>(o.TryTimeout);
    }

    public IAsyncPolicy<HttpResponseMessage> Retry { get; }

    public IAsyncPolicy<HttpResponseMessage> Timeout { get; }

    /// <summary>The breaker of the robot a request goes to: its address without the signature's timestamp and sign.</summary>
    public AsyncCircuitBreakerPolicy<HttpResponseMessage> BreakerFor(Uri? url) =>
        _breakers.GetOrAdd(RobotKey(url), _ => Transient().CircuitBreakerAsync(Math.Max(1, _options.BreakAfter), _options.BreakFor));

    private static string RobotKey(Uri? url)
    {
        if (url is null)
        {
            return string.Empty;
        }

        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("timestamp=", StringComparison.Ordinal) && !p.StartsWith("sign=", StringComparison.Ordinal));
        return url.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query);
    }

    /// <summary>5xx, 408, network errors, a try that timed out, and rate limits (429, or a 200 whose errcode says so).</summary>
    private static PolicyBuilder<HttpResponseMessage> Transient() =>
        HttpPolicyExtensions.HandleTransientHttpError()
            .Or<TimeoutRejectedException>()
            .OrResult(r => r.StatusCode == HttpStatusCode.TooManyRequests);

    /// <summary>first × 2^(attempt−1), each ±25 % so that many senders do not retry in step.</summary>
    public static TimeSpan Backoff(TimeSpan first, int attempt)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(exponential * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }
}

/// <summary>
/// DingTalk and WeCom answer HTTP 200 with an <c>errcode</c>. A rate-limit errcode is turned into a 429 here,
/// inside the policies, so that the retry policy handles it like any rate limit.
/// </summary>
public sealed class WebhookErrcodeHandler : DelegatingHandler
{
    private static readonly HashSet<int> s_rateLimited = [130101, 660026, 45009, 45033];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (WebhookNotifier.ReadErrcode(body).Code is { } code && s_rateLimited.Contains(code))
            {
                response.StatusCode = HttpStatusCode.TooManyRequests;
            }
        }

        return response;
    }
}

/// <summary>
/// Posts markdown to a group chat: the digest's summary to the robot of <see cref="WebhookOptions"/>, and a filer's result to
/// the robot of its contact. Never throws for a delivery problem.
/// </summary>
public sealed partial class WebhookNotifier(
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookNotifier> logger) : IGroupChatNotifier, IChatWebhooks
{
    private readonly WebhookOptions _options = options.Value;

    public Task<NotifyResult> NotifyAsync(string title, string markdown, CancellationToken cancellationToken) =>
        _options.IsConfigured
            ? SendAsync(_options.Url!, _options.Kind, _options.Secret, title, markdown, cancellationToken)
            : Task.FromResult(NotifyResult.NotConfigured);

    public Task<NotifyResult> PostAsync(ChatRobot robot, string title, string markdown, CancellationToken cancellationToken) =>
        SendAsync(robot.Url, KindOf(robot.Url), robot.Secret, title, markdown, cancellationToken);

    /// <summary>WeCom's robots live under qyapi.weixin.qq.com; any other is taken for DingTalk's.</summary>
    public static WebhookKind KindOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Equals("qyapi.weixin.qq.com", StringComparison.OrdinalIgnoreCase)
            ? WebhookKind.WeCom
            : WebhookKind.DingTalk;

    private async Task<NotifyResult> SendAsync(string robotUrl, WebhookKind kind, string? secret, string title, string markdown, CancellationToken cancellationToken)
    {
        object payload = kind == WebhookKind.WeCom
            ? new { msgtype = "markdown", markdown = new { content = markdown } }
            : new { msgtype = "markdown", markdown = new { title, text = markdown } };
        var url = kind == WebhookKind.DingTalk && !string.IsNullOrEmpty(secret)
            ? Sign(robotUrl, secret, clock.GetUtcNow().ToUnixTimeMilliseconds())
            : robotUrl;

        try
        {
            var client = clients.CreateClient(WebhookPolicies.ClientName);
            using var response = await client.PostAsJsonAsync(url, payload, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return Failed($"HTTP {(int)response.StatusCode}");
            }

            var (code, message) = ReadErrcode(body);
            return code is null or 0 && response.IsSuccessStatusCode
                ? new NotifyResult(true, true, null)
                : Failed($"errcode {code}: {message}");
        }
        catch (BrokenCircuitException ex)
        {
            return Failed($"circuit open: {ex.Message}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // Nothing reached the robot.
            return Failed(ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            // The request went out and no answer came back: it may have been posted.
            return Failed(ex.Message) with { MaybeDelivered = true };
        }
    }

    private NotifyResult Failed(string error)
    {
        LogFailed(error);
        return new NotifyResult(false, true, error);
    }

    /// <summary>DingTalk 加签: <c>sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))</c>.</summary>
    public static string Sign(string url, string secret, long timestampMs)
    {
        var timestamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        var sign = Uri.EscapeDataString(Convert.ToBase64String(hash));
        return $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={timestamp}&sign={sign}";
    }

    public static (int? Code, string? Message) ReadErrcode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value))
            {
                return (value, json.RootElement.TryGetProperty("errmsg", out var msg) ? msg.ToString() : null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group-chat webhook not delivered: {Error}")]
    private partial void LogFailed(string error);
}
