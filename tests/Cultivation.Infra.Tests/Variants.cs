using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cultivation.Infra.Tests;

/// <summary>
/// The template deployed with one value of <c>hostingPlan</c>: which of the api module's two function-app
/// modules runs and which plan SKU it gets, read from the compiled template by evaluating the (simple)
/// conditions Bicep emits for them.
/// </summary>
internal sealed partial class Variants
{
    public const string FlexConsumption = "FlexConsumption";
    public const string ElasticPremium = "ElasticPremium";
    public const string Dedicated = "Dedicated";

    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    private Variants(string hostingPlan)
    {
        HostingPlan = hostingPlan;
    }

    public static Variants Flex { get; } = new(FlexConsumption);

    public static Variants Premium { get; } = new(ElasticPremium);

    public static Variants Dedicate { get; } = new(Dedicated);

    public string HostingPlan { get; }

    /// <summary>The api module's function-app module that this plan deploys (exactly one does).</summary>
    public JsonObject SiteModule =>
        s_template.Module("api").Template().OwnResources()
            .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments")
            .Single(r => Holds((string)r["condition"]!));

    public JsonObject Site => SiteModule.Template().Resource("Microsoft.Web/sites");

    /// <summary>The settings resource of the deployed site module.</summary>
    public JsonObject Settings => SiteModule.Template().Resource("Microsoft.Web/sites/config");

    public JsonObject PlanSku
    {
        get
        {
            var plan = s_template.Module("plan").Template();
            Assert.Equal("[variables('skus')[parameters('hostingPlan')]]", (string?)plan.Resource("Microsoft.Web/serverfarms")["sku"]);
            return plan.Variable("skus")![HostingPlan]!.AsObject();
        }
    }

    /// <summary>Evaluates <c>[equals(parameters('hostingPlan'), 'X')]</c> and its negation for this plan.</summary>
    public bool Holds(string condition)
    {
        var match = PlanCondition().Match(condition);
        Assert.True(match.Success, $"not a hostingPlan condition: {condition}");
        var equal = match.Groups["plan"].Value == HostingPlan;
        return match.Groups["not"].Success ? !equal : equal;
    }

    [GeneratedRegex(@"^\[(?<not>not\()?equals\(parameters\('hostingPlan'\), '(?<plan>\w+)'\)\)?\]$")]
    private static partial Regex PlanCondition();
}
