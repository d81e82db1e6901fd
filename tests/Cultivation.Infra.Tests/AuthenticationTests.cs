using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

/// <summary>
/// SPEC §5: App Service Authentication with Entra ID for the app, unauthenticated requests allowed through (Event Grid's
/// webhook and the keyed JSON routes have no user), the issuer from the cloud's login endpoint, the app roles Leader and
/// Analyst, the sources' groups, and a deployment that fails when a forged client principal is served.
/// </summary>
public sealed class AuthenticationTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    private static JsonObject AuthSettings => s_template.Resources.Single(r =>
        (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("'authsettingsV2'", StringComparison.Ordinal));

    [Fact]
    public void Sign_in_is_on_for_the_app_and_unauthenticated_requests_are_allowed_through()
    {
        var properties = AuthSettings["properties"]!;

        Assert.Equal("[not(empty(parameters('authClientId')))]", (string?)AuthSettings["condition"]);
        Assert.True((bool)properties["platform"]!["enabled"]!);
        Assert.False((bool)properties["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("AllowAnonymous", (string?)properties["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.True((bool)properties["httpSettings"]!["requireHttps"]!);
    }

    [Fact]
    public void Entra_id_signs_people_in_with_the_clouds_own_issuer_and_no_client_secret()
    {
        var entra = AuthSettings["properties"]!["identityProviders"]!["azureActiveDirectory"]!;

        Assert.True((bool)entra["enabled"]!);
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]", (string?)entra["registration"]!["openIdIssuer"]);
        Assert.Equal("[parameters('authClientId')]", (string?)entra["registration"]!["clientId"]);
        Assert.Equal("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", (string?)entra["registration"]!["clientSecretSettingName"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)s_template.AppSettings["OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"]);
        Assert.Equal("${AUTH_CLIENT_ID=}", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/main.parameters.json")))!["parameters"]!["authClientId"]!["value"]);
    }

    [Fact]
    public void The_app_registration_has_the_roles_leader_and_analyst_for_users()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/auth/app-roles.json")))!.AsArray();

        Assert.Equal(["Leader", "Analyst"], roles.Select(r => (string?)r!["value"]));
        Assert.All(roles, r => Assert.Equal(["User"], r!["allowedMemberTypes"]!.AsArray().Select(m => (string?)m)));
        Assert.All(roles, r => Assert.True(Guid.TryParse((string?)r!["id"], out _)));
        Assert.Equal(2, roles.Select(r => (string?)r!["id"]).Distinct().Count());
    }

    [Fact]
    public void The_sources_groups_reach_the_app_as_the_access_rule_reads_them()
    {
        Assert.Equal("[parameters('filerGroups')]", (string?)s_template.AppSettings["Access__SourceGroups"]);
        Assert.Equal("[parameters('filerGroups')]", (string?)s_template.Module("api").Argument("filerGroups"));
    }

    [Fact]
    public void Azd_creates_the_registration_before_provisioning_and_completes_it_after()
    {
        var yaml = File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "azure.yaml"));

        Assert.Contains("run: ./infra/hooks/preprovision.sh", yaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/preprovision.ps1", yaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postprovision.sh", yaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postprovision.ps1", yaml, StringComparison.Ordinal);
        Assert.Contains("check-browser-auth.sh", File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/postdeploy.sh")), StringComparison.Ordinal);
        Assert.Contains("X-MS-CLIENT-PRINCIPAL", File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/postdeploy.ps1")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(204, 1)]
    [InlineData(401, 0)]
    [InlineData(403, 0)]
    [InlineData(302, 0)]
    public async Task The_deployment_check_fails_when_a_forged_principal_is_served(int status, int exitCode)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var seen = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = Task.Run(async () =>
        {
            // Four requests: two routes, each as an API client and as a browser.
            for (var i = 0; i < 4; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream, stop.Token);
                seen.Add(request);
                var answer = $"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n" + (status == 302 ? "Location: /.auth/login/aad\r\n" : string.Empty) + "\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop.Token);
            }
        });

        var run = Process.Start(new ProcessStartInfo("bash", [Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/check-browser-auth.sh"), $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await run.StandardOutput.ReadToEndAsync() + await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync(stop.Token);
        await server;

        Assert.True(exitCode == run.ExitCode, output);
        Assert.Equal(4, seen.Count);
        Assert.Contains(seen, r => r.StartsWith("GET /api/dashboard ", StringComparison.Ordinal));
        Assert.Contains(seen, r => r.StartsWith("GET /api/exports/", StringComparison.Ordinal));
        Assert.All(seen, r => Assert.Contains("Leader", Principal(r), StringComparison.Ordinal));
    }

    /// <summary>The decoded <c>X-MS-CLIENT-PRINCIPAL</c> of a request head.</summary>
    private static string Principal(string head)
    {
        var line = head.Split("\r\n").Single(l => l.StartsWith("X-MS-CLIENT-PRINCIPAL:", StringComparison.OrdinalIgnoreCase));
        using var json = JsonDocument.Parse(Convert.FromBase64String(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()));
        return json.RootElement.GetRawText();
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!Encoding.ASCII.GetString([.. bytes]).EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, cancellationToken) == 1)
        {
            bytes.Add(buffer[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }
}
