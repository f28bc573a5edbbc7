using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Core.Hosting;
using Mlops.Functions.Checks.Infrastructure;

namespace Mlops.Functions.Checks.Deployment;

/// <summary>
/// What infra/main.bicep deploys, read from its compiled ARM template: identity-only access, the settings the app and its
/// host read, the Flex Consumption runtime, and the outputs the azd hooks use.
/// </summary>
public sealed partial class InfraTemplateTests
{
    [Fact]
    public async Task AppSettings_StorageConnection_IsByManagedIdentity()
    {
        var settings = await AppSettingsAsync();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("identityClientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Contains($"primaryEndpoints.{service}", settings[$"AzureWebJobsStorage__{service}ServiceUri"], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_ReadsNoKeyOrConnectionString()
    {
        var text = (await BicepCli.MainTemplateAsync()).RootElement.GetRawText();

        foreach (var secret in new[] { "listKeys", "AccountKey", "SharedAccessSignature", "listAccountSas", "InstrumentationKey=" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AppSettings_EveryTimerSchedule_SetToTheCatalogDefault()
    {
        var settings = await AppSettingsAsync();

        Assert.All(FunctionCatalog.Timers, timer =>
        {
            Assert.True(settings.TryGetValue(timer.ScheduleSetting, out var schedule),
                $"Timer {timer.Name} reads %{timer.ScheduleSetting}%, which infra/modules/functionapp.bicep does not set; without it the host cannot index the function.");
            Assert.Equal(timer.DefaultSchedule, schedule);
        });
    }

    [Fact]
    public async Task AppSettings_EveryHostJsonPlaceholder_IsSet()
    {
        var settings = await AppSettingsAsync();
        var hostJson = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "host.json"));

        var placeholders = Placeholder().Matches(hostJson).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("TASKHUB_NAME", placeholders);
        Assert.All(placeholders, name => Assert.Contains(name, settings.Keys));
    }

    [Fact]
    public async Task AppSettings_FunctionsHostDefaults_MatchProgram()
    {
        var settings = await AppSettingsAsync();

        Assert.Equal("None", settings["Workflows__Engine"]);
        Assert.Equal("false", settings["Security__RequireKeys"]);
    }

    [Fact]
    public async Task FunctionApp_IsFlexConsumptionDotnetIsolated10WithIdentityDeployment()
    {
        var template = (await BicepCli.MainTemplateAsync()).RootElement;
        var plan = ArmTemplate.Single(template, "Microsoft.Web/serverfarms");
        var site = ArmTemplate.Single(template, "Microsoft.Web/sites");
        var config = ArmTemplate.Path(site, "properties", "functionAppConfig");

        Assert.Equal("FC1", ArmTemplate.Path(plan, "sku", "name").GetString());
        Assert.Equal("FlexConsumption", ArmTemplate.Path(plan, "sku", "tier").GetString());
        Assert.Equal("dotnet-isolated", ArmTemplate.Path(config, "runtime", "name").GetString());
        Assert.Equal("10.0", ArmTemplate.Path(config, "runtime", "version").GetString());
        Assert.Equal("blobContainer", ArmTemplate.Path(config, "deployment", "storage", "type").GetString());
        Assert.Equal("UserAssignedIdentity", ArmTemplate.Path(config, "deployment", "storage", "authentication", "type").GetString());
        Assert.Equal("UserAssigned", ArmTemplate.Path(site, "identity", "type").GetString());
        Assert.Contains("azd-service-name", ArmTemplate.Path(site, "tags").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionApp_ServiceTag_IsTheAzureYamlService()
    {
        var template = (await BicepCli.MainTemplateAsync()).RootElement;
        var module = ArmTemplate.Resources(template, "Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == "functionapp");

        var serviceName = ArmTemplate.Path(module, "properties", "parameters", "serviceName", "value").GetString();

        Assert.Contains(serviceName!, AzureYaml.Load().Services);
    }

    [Fact]
    public async Task Storage_SharedKeyOff_BlobQueueAndTableServices()
    {
        var template = (await BicepCli.MainTemplateAsync()).RootElement;
        var account = ArmTemplate.Single(template, "Microsoft.Storage/storageAccounts");

        Assert.False(ArmTemplate.Path(account, "properties", "allowSharedKeyAccess").GetBoolean());
        Assert.False(ArmTemplate.Path(account, "properties", "allowBlobPublicAccess").GetBoolean());
        Assert.Single(ArmTemplate.Resources(template, "Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Single(ArmTemplate.Resources(template, "Microsoft.Storage/storageAccounts/queueServices"));
        Assert.Single(ArmTemplate.Resources(template, "Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public async Task Storage_Containers_IncludeEveryBlobTriggerContainer()
    {
        var storage = ArmTemplate.Module((await BicepCli.MainTemplateAsync()).RootElement, "storage");

        var containers = ArmTemplate.Path(storage, "variables", "platformContainers").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.All(FunctionCatalog.Blobs, blob => Assert.Contains(BlobContainer(blob), containers));
    }

    [Fact]
    public async Task Monitoring_ApplicationInsights_LocalAuthOff()
    {
        var insights = ArmTemplate.Single((await BicepCli.MainTemplateAsync()).RootElement, "Microsoft.Insights/components");

        Assert.True(ArmTemplate.Path(insights, "properties", "DisableLocalAuth").GetBoolean());
    }

    [Fact]
    public async Task EventGrid_SystemTopic_OnTheStorageAccount()
    {
        var topic = ArmTemplate.Single((await BicepCli.MainTemplateAsync()).RootElement, "Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", ArmTemplate.Path(topic, "properties", "topicType").GetString());
    }

    [Fact]
    public async Task PlatformEventsTopic_Optional_CloudEventsWithoutKeys()
    {
        var template = (await BicepCli.MainTemplateAsync()).RootElement;
        var module = ArmTemplate.Resources(template, "Microsoft.Resources/deployments").Single(d => d.GetProperty("name").GetString() == "platform-events");
        var topic = ArmTemplate.Single(module, "Microsoft.EventGrid/topics");

        Assert.Equal("[parameters('publishEventsToEventGrid')]", module.GetProperty("condition").GetString());
        Assert.Equal("CloudEventSchemaV1_0", ArmTemplate.Path(topic, "properties", "inputSchema").GetString());
        Assert.True(ArmTemplate.Path(topic, "properties", "disableLocalAuth").GetBoolean());
        Assert.Contains("d5a91429-5739-47e2-a06b-3470a27159e7", module.GetRawText(), StringComparison.Ordinal); // EventGrid Data Sender
        Assert.Contains("Events__TopicEndpoint", (await AppSettingsAsync()).Keys);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")] // Storage Table Data Contributor
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    public async Task Roles_AppIdentity_GetsTheDataRole(string roleDefinitionId)
    {
        var roles = ArmTemplate.Module((await BicepCli.MainTemplateAsync()).RootElement, "roles-app");

        Assert.Contains(roleDefinitionId, roles.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_EverythingTheHooksRead()
    {
        var outputs = ArmTemplate.Path((await BicepCli.MainTemplateAsync()).RootElement, "outputs").EnumerateObject().Select(o => o.Name).ToHashSet();
        // azd sets these itself; the hooks' own knobs start with MLOPS_.
        var fromAzd = new HashSet<string>(StringComparer.Ordinal) { "AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID", "AZURE_PRINCIPAL_ID" };

        var read = Directory.EnumerateFiles(RepositoryPaths.Hooks)
            .SelectMany(file => HookVariable().Matches(File.ReadAllText(file)).Select(m => m.Value))
            .Where(name => !fromAzd.Contains(name))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("AZURE_FUNCTION_APP_NAME", read);
        Assert.All(read, name => Assert.True(outputs.Contains(name), $"infra/hooks read {name}, which main.bicep does not output."));
    }

    internal static string BlobContainer(BlobFunction blob) => blob.Path[..blob.Path.IndexOf('/', StringComparison.Ordinal)];

    private static async Task<Dictionary<string, string>> AppSettingsAsync()
    {
        var template = (await BicepCli.MainTemplateAsync()).RootElement;
        var settings = ArmTemplate.Single(template, "Microsoft.Web/sites/config");
        Assert.EndsWith("'appsettings')]", settings.GetProperty("name").GetString(), StringComparison.Ordinal);
        return settings.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b(?:AZURE|TASKHUB)_[A-Z_]+\b")]
    private static partial Regex HookVariable();
}
