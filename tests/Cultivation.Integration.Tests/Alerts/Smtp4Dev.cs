using System.Text.Json;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>
/// The smtp4dev that the test command started (its REST API). Tests share it, so each test sends to
/// a recipient of its own and looks only at that recipient's messages. Fails, never skips, when unset.
/// </summary>
public sealed class Smtp4Dev
{
    public const string PortVariable = "CULTIVATION_TEST_SMTP_PORT";
    public const string UrlVariable = "CULTIVATION_TEST_SMTP4DEV_URL";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Smtp4Dev()
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(port) || string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException(
                $"{PortVariable} and {UrlVariable} must be set: alert tests need smtp4dev. Run them with 'bash scripts/test.sh', which starts it.");
        }

        Port = port;
        Url = url.TrimEnd('/');
    }

    public string Port { get; }

    public string Url { get; }

    public static string NewRecipient() => $"leaders-{Guid.NewGuid():N}@test.example";

    /// <summary>The messages delivered to <paramref name="recipient"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string recipient)
    {
        var list = new List<ReceivedMail>();
        using var page = JsonDocument.Parse(await s_http.GetStringAsync($"{Url}/api/messages?pageSize=1000"));
        foreach (var m in page.RootElement.GetProperty("results").EnumerateArray())
        {
            var to = m.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? string.Empty).ToList();
            if (to.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(await ReadAsync(m.GetProperty("id").GetString()!));
            }
        }

        return [.. list.OrderBy(m => m.ReceivedDate)];
    }

    /// <summary>The message as it was delivered (its MIME source), for what the JSON API does not show, such as attachments.</summary>
    public async Task<MimeKit.MimeMessage> SourceAsync(string id)
    {
        await using var source = await s_http.GetStreamAsync($"{Url}/api/messages/{id}/download");
        using var copy = new MemoryStream();
        await source.CopyToAsync(copy);
        copy.Position = 0;
        return await MimeKit.MimeMessage.LoadAsync(copy);
    }

    private async Task<ReceivedMail> ReadAsync(string id)
    {
        using var detail = JsonDocument.Parse(await s_http.GetStringAsync($"{Url}/api/messages/{id}"));
        var root = detail.RootElement;
        var headers = root.GetProperty("headers").EnumerateArray()
            .Select(h => (Name: h.GetProperty("name").GetString()!, Value: h.GetProperty("value").GetString() ?? string.Empty))
            .ToList();
        return new ReceivedMail(
            id,
            root.GetProperty("subject").GetString() ?? string.Empty,
            root.GetProperty("from").GetString() ?? string.Empty,
            [.. root.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? string.Empty)],
            headers.FirstOrDefault(h => h.Name.Equals("Message-ID", StringComparison.OrdinalIgnoreCase)).Value,
            await s_http.GetStringAsync($"{Url}/api/messages/{id}/html"),
            await s_http.GetStringAsync($"{Url}/api/messages/{id}/plaintext"),
            root.GetProperty("receivedDate").GetDateTimeOffset());
    }
}

public sealed record ReceivedMail(string Id, string Subject, string From, IReadOnlyList<string> To, string? MessageId, string Html, string Text, DateTimeOffset ReceivedDate);
