using System.Net.Sockets;
using Cultivation.Application.Alerts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Cultivation.Infrastructure.Alerts;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>Section <c>Smtp</c>. Authentication only when <see cref="UserName"/> is set.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string From { get; set; } = "cultivation@localhost";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A Key Vault reference the platform did not resolve is no password.</summary>
    public bool HasPassword => !string.IsNullOrEmpty(Password) && !Password.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Sends through MailKit. Connect, authenticate and a command the server refuses are failures known to
/// lie before the hand-over (<see cref="MailDelivery.NotSent"/>); a connection that breaks while the
/// message is being sent leaves the outcome unknown (any other exception).
/// </summary>
public sealed class SmtpMailSender(IOptions<SmtpOptions> options) : IMailSender
{
    private readonly SmtpOptions _options = options.Value;

    public string MessageIdFor(OutgoingMail mail) => $"{mail.MessageIdLocalPart}@{Domain(_options.From)}";

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var message = Build(mail);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, Map(_options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                if (!_options.HasPassword)
                {
                    throw new MailSendException(MailDelivery.NotSent, "Smtp:Password 未配置 (SMTP password not configured)");
                }

                await client.AuthenticateAsync(_options.UserName, _options.Password!, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not MailSendException and not OperationCanceledException)
        {
            throw new MailSendException(MailDelivery.NotSent, $"SMTP connect/authenticate failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new MailSendException(MailDelivery.NotSent, "SMTP connect cancelled", ex);
        }

        try
        {
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException ex)
        {
            // The server answered with a refusal (sender, recipient or the data): it did not take the message.
            throw new MailSendException(MailDelivery.NotSent, $"SMTP server refused the message: {ex.Message}", ex);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ServiceNotConnectedException or SmtpProtocolException)
        {
            // Sent; a QUIT that fails changes nothing.
        }
    }

    public MimeMessage Build(OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in mail.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = mail.Subject;
        message.MessageId = MessageIdFor(mail);
        var body = new BodyBuilder { HtmlBody = mail.Html, TextBody = mail.Text };
        foreach (var attachment in mail.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static string Domain(string from)
    {
        var address = MailboxAddress.TryParse(from, out var mailbox) ? mailbox.Address : from;
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "localhost";
    }

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.None,
    };
}
