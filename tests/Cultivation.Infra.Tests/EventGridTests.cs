using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

public sealed class EventGridTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    private static JsonObject SubscriptionModule => s_template.Module("eventgrid-subscription");

    private static JsonObject Subscription => SubscriptionModule.Template().Resource("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    private static JsonObject DeletionsModule => s_template.Module("eventgrid-deletions");

    private static JsonObject Deletions => DeletionsModule.Template().Resource("Microsoft.EventGrid/systemTopics/eventSubscriptions");

    [Fact]
    public void System_topic_watches_the_storage_account_and_carries_the_identity_and_one_of_its_own()
    {
        var topic = s_template.OfType("Microsoft.EventGrid/systemTopics").Single();

        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);
        // The app's identity dead-letters; the topic's own delivers deletions to the queue, the one thing it may do.
        Assert.Equal("SystemAssigned, UserAssigned", (string?)topic["identity"]!["type"]);
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

    [Fact]
    public void Deleted_filings_go_to_the_queue_the_withdrawal_function_reads()
    {
        var properties = Deletions["properties"]!;
        var filter = properties["filter"]!;

        Assert.Equal(["Microsoft.Storage.BlobDeleted"], filter["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('filingsContainerName'))]", (string?)filter["subjectBeginsWith"]);
        Assert.Equal("[variables('filingsContainerName')]", (string?)DeletionsModule.Argument("filingsContainerName"));
        Assert.Equal("EventGridSchema", (string?)properties["eventDeliverySchema"]);
        Assert.Null(properties["destination"]);
        var delivery = properties["deliveryWithResourceIdentity"]!;
        Assert.Equal("StorageQueue", (string?)delivery["destination"]!["endpointType"]);
        Assert.Equal("[parameters('queueName')]", (string?)delivery["destination"]!["properties"]!["queueName"]);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", (string?)delivery["destination"]!["properties"]!["resourceId"]);
        Assert.Equal("[variables('deletionsQueueName')]", (string?)DeletionsModule.Argument("queueName"));
        Assert.Equal("filings-deleted", s_template.Variable("deletionsQueueName"));
    }

    [Fact]
    public void Deletions_are_delivered_by_the_system_topics_own_identity_and_dead_lettered_by_the_app_identity()
    {
        var properties = Deletions["properties"]!;

        Assert.Equal("SystemAssigned", (string?)properties["deliveryWithResourceIdentity"]!["identity"]!["type"]);
        Assert.Null(properties["deliveryWithResourceIdentity"]!["identity"]!["userAssignedIdentity"]);
        var deadLetter = properties["deadLetterWithResourceIdentity"]!;
        Assert.Equal("UserAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)deadLetter["identity"]!["userAssignedIdentity"]);
        Assert.Equal("[variables('deadLetterContainerName')]", (string?)DeletionsModule.Argument("deadLetterContainerName"));
        Assert.Equal(30, (int)properties["retryPolicy"]!["maxDeliveryAttempts"]!);
    }

    [Fact]
    public void The_deletions_subscription_is_part_of_every_provision_after_the_topics_role()
    {
        // No key of the app is needed to write to a queue: unlike the BlobCreated webhook, no postdeploy hook.
        Assert.Null(DeletionsModule["condition"]);
        // Symbolic names (languageVersion 2): the modules rbac and systemTopic of main.bicep.
        var dependsOn = DeletionsModule["dependsOn"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Contains("rbac", dependsOn);
        Assert.Contains("systemTopic", dependsOn);
    }
}
