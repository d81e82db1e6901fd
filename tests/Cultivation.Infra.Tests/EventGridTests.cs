using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

public sealed class EventGridTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    private static JsonObject SubscriptionModule => s_template.Module("eventgrid-subscription");

    private static JsonObject Subscription => s_template.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").Single();

    [Fact]
    public void System_topic_watches_the_storage_account_and_carries_the_identity()
    {
        var topic = s_template.OfType("Microsoft.EventGrid/systemTopics").Single();

        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);
        Assert.Equal("UserAssigned", (string?)topic["identity"]!["type"]);
        Assert.Contains("storage", (string?)s_template.Module("eventgrid-system-topic").Argument("storageAccountId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_takes_only_blob_created_events_in_the_filings_container()
    {
        var filter = Subscription["properties"]!["filter"]!;

        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('filingsContainerName'))]", (string?)filter["subjectBeginsWith"]);
        Assert.Equal("[variables('filingsContainerName')]", (string?)SubscriptionModule.Argument("filingsContainerName"));
        Assert.Equal("filings", s_template.Variable("filingsContainerName"));
        Assert.Equal("filings", (string?)SubscriptionModule.Template().Default("filingsContainerName"));
    }

    [Fact]
    public void Subscription_delivers_to_the_blob_extension_webhook_of_the_ingest_function()
    {
        var destination = Subscription["properties"]!["destination"]!;
        var url = (string?)destination["properties"]!["endpointUrl"];

        Assert.Equal("WebHook", (string?)destination["endpointType"]);
        Assert.Equal(
            "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}', reference(resourceId('Microsoft.Web/sites', parameters('functionAppName')), '2024-04-01').defaultHostName, parameters('functionName'), parameters('blobsExtensionKey'))]",
            url);
        Assert.Equal("IngestFilingOnBlobCreated", (string?)SubscriptionModule.Template().Default("functionName"));
        Assert.Equal("securestring", (string?)SubscriptionModule.Template()["parameters"]!["blobsExtensionKey"]!["type"]);
    }

    [Fact]
    public void Subscription_retries_for_a_day_then_dead_letters_with_the_identity()
    {
        var properties = Subscription["properties"]!;

        Assert.Equal(30, (int)properties["retryPolicy"]!["maxDeliveryAttempts"]!);
        Assert.Equal(1440, (int)properties["retryPolicy"]!["eventTimeToLiveInMinutes"]!);
        var deadLetter = properties["deadLetterWithResourceIdentity"]!;
        Assert.Equal("UserAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)deadLetter["identity"]!["userAssignedIdentity"]);
        Assert.Equal("StorageBlob", (string?)deadLetter["deadLetterDestination"]!["endpointType"]);
        Assert.Equal("[parameters('deadLetterContainerName')]", (string?)deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]);
        Assert.Equal("[variables('deadLetterContainerName')]", (string?)SubscriptionModule.Argument("deadLetterContainerName"));
    }

    [Fact]
    public void Subscription_is_deployed_by_main_only_when_the_webhook_key_is_given()
    {
        Assert.Equal("[not(empty(parameters('blobsExtensionKey')))]", (string?)SubscriptionModule["condition"]);
        Assert.Equal("securestring", (string?)s_template.Root["parameters"]!["blobsExtensionKey"]!["type"]);
    }

    [Fact]
    public void Postdeploy_hook_deploys_the_subscription_module_with_the_blobs_extension_key()
    {
        var hook = File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/postdeploy.sh"));

        Assert.Contains("systemKeys.blobs_extension", hook, StringComparison.Ordinal);
        Assert.Contains("infra/app/eventgrid-subscription.bicep", hook, StringComparison.Ordinal);
        Assert.Contains("blobsExtensionKey=", hook, StringComparison.Ordinal);
    }
}
