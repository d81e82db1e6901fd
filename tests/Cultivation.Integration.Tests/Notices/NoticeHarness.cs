using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure.Alerts;
using Cultivation.Integration.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cultivation.Integration.Tests.Notices;

/// <summary>
/// The real pipeline over Azurite with 象珠镇 and the bureau as contacts (addresses of their own in the shared smtp4dev),
/// and a mail sender that can be made to fail before the hand-over (a dead server) or after it (a broken connection).
/// </summary>
public sealed class NoticeHarness : IDisposable
{
    public const string Xiangzhu = "2022/Q2/象珠镇.xlsx";

    public NoticeHarness(IDictionary<string, string?>? settings = null, string? prefix = null)
    {
        Smtp = new Smtp4Dev();
        var id = Guid.NewGuid().ToString("N")[..12];
        Town = $"xiangzhu-{id}@town.example";
        Bureau = $"jxj-{id}@bureau.example";
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port,
            ["Smtp:From"] = "cultivation@yongkang.example",
            ["City:Contacts:0:Source"] = "象珠镇",
            ["City:Contacts:0:Email"] = Town,
            ["City:Contacts:1:Source"] = "经信局",
            ["City:Contacts:1:Email"] = Bureau,
        };
        if (prefix is not null)
        {
            values["Storage:Prefix"] = prefix;
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        Storage = new TestStorage(
            services => services.AddSingleton<IMailSender>(sp => new FlakySender(this, new SmtpMailSender(sp.GetRequiredService<IOptions<SmtpOptions>>()))),
            values);
    }

    public Smtp4Dev Smtp { get; }

    /// <summary>象珠镇's address.</summary>
    public string Town { get; }

    /// <summary>The bureau's address.</summary>
    public string Bureau { get; }

    public TestStorage Storage { get; }

    /// <summary>While set, sends go to a port nobody listens on: they fail before anything is handed over.</summary>
    public bool SmtpDown { get; set; }

    /// <summary>Sends that hand the message over and then break as if the connection dropped.</summary>
    public int BreakAfterHandOver { get; set; }

    public Task<IReadOnlyList<ReceivedMail>> MailsToAsync(string recipient) => Smtp.MessagesToAsync(recipient);

    public Task UploadAsync(string blob, byte[] bytes) => Storage.Get<IFilingBlobs>().UploadAsync(blob, new MemoryStream(bytes), default);

    /// <summary>One of the sample city's files, from <c>seeds/</c>.</summary>
    public static byte[] Seed(string folder, string blob) => File.ReadAllBytes(Path.Combine(Repository.Root(), "seeds", folder, blob));

    public Task<IReadOnlyList<IngestionOutcome>> ReconcileAsync() => Storage.Get<ReconcileService>().ReconcileAsync(null, default);

    public void Dispose() => Storage.Dispose();

    private sealed class FlakySender(NoticeHarness harness, IMailSender inner) : IMailSender
    {
        public string MessageIdFor(OutgoingMail mail) => inner.MessageIdFor(mail);

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            if (harness.SmtpDown)
            {
                await AlertsHarness.SendToDeadServerAsync(mail, cancellationToken);
                return;
            }

            await inner.SendAsync(mail, cancellationToken);
            if (harness.BreakAfterHandOver > 0)
            {
                harness.BreakAfterHandOver--;
                throw new IOException("connection reset after DATA");
            }
        }
    }
}
