using System.Net.Sockets;
using Azure;
using Azure.Identity;

namespace Cultivation.Cli.Framework;

/// <summary>
/// Tells an exception that means storage could not be reached, or refused the tool (401/403, no credential),
/// from any other, and says it in Chinese and English: exit code 3 with that message, not a stack trace.
/// </summary>
public static class StorageFailure
{
    /// <summary>The message for a storage failure; null when <paramref name="exception"/> is not one.</summary>
    public static string? Describe(Exception exception)
    {
        var chain = Flatten(exception).ToList();
        if (chain.OfType<RequestFailedException>().FirstOrDefault(e => e.Status is 401 or 403) is { } refused)
        {
            var status = string.Join(' ', new[] { refused.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.ErrorCode }.Where(s => !string.IsNullOrEmpty(s)));
            return $"存储拒绝了请求（{status}）：请检查 AzureWebJobsStorage 的账户密钥或身份在存储账户上的角色 / " +
                $"storage refused the request ({status}): check the account key in AzureWebJobsStorage or the identity's role on the account";
        }

        if (chain.OfType<AuthenticationFailedException>().FirstOrDefault() is { } credential)
        {
            return $"无法取得访问存储的身份凭据 / no credential to reach storage: {FirstLine(credential.Message)}";
        }

        if (chain.FirstOrDefault(e => e is RequestFailedException { Status: 0 } or HttpRequestException or SocketException) is { } unreachable)
        {
            return $"无法连接存储，请检查 AzureWebJobsStorage 和网络 / storage unreachable, check AzureWebJobsStorage and the network: {FirstLine(Innermost(unreachable).Message)}";
        }

        return null;
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Flatten))
        {
            yield return e;
        }
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
