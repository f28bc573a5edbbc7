using System.Security.Cryptography;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Registry;

/// <summary>
/// The one contract every <see cref="IModelRegistry"/> passes (in-memory and Azure Storage). Each test uses its own
/// model names, so a backend may be shared by the tests of one class.
/// </summary>
public abstract class ModelRegistryContract
{
    protected const string Actor = "tester";

    protected abstract IModelRegistry Registry { get; }

    /// <summary>How many artifacts the backend holds for <paramref name="model"/>.</summary>
    protected abstract Task<int> CountArtifactsAsync(string model);

    [Fact]
    public async Task RegisterVersion_NewModel_IsVersionOneAndReady()
    {
        var name = NewModelName();
        var bytes = RegistryTestModels.Model(name);
        var before = DateTimeOffset.UtcNow;

        var version = await RegisterAsync(name, bytes);

        Assert.Equal(name, version.Name);
        Assert.Equal(1, version.Version);
        Assert.Equal(ModelVersionStatus.Ready, version.Status);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), version.Sha256);
        Assert.Equal(bytes.Length, version.SizeBytes);
        Assert.Equal(Actor, version.CreatedBy);
        Assert.InRange(version.CreatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(Json(RegistryTestModels.Signature), Json(version.Signature));
        Assert.EndsWith($"{name}/sha256/{version.Sha256}.onnx", version.ArtifactUri, StringComparison.Ordinal);
        AssertSame(version, await Registry.GetVersionAsync(name, 1));
        var model = await Registry.GetModelAsync(name);
        Assert.Equal(1, model.LatestVersion);
        Assert.Empty(model.Aliases);
        Assert.Equal(version.CreatedAt, model.CreatedAt);
    }

    [Fact]
    public async Task ListVersions_SeveralVersions_NewestFirst()
    {
        var name = NewModelName();
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync(name);
        }

        var versions = await ToListAsync(Registry.ListVersionsAsync(name));

        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal(3, versions.Select(v => v.Sha256).Distinct().Count());
    }

    [Fact]
    public async Task RegisterVersion_TwentyConcurrent_GetExactlyOneToTwenty()
    {
        var name = NewModelName();
        var models = Enumerable.Range(0, 20).Select(i => RegistryTestModels.Model($"{name}-{i}")).ToList();

        var registered = await Task.WhenAll(models.Select(bytes => Task.Run(() => RegisterAsync(name, bytes))));

        Assert.Equal(Enumerable.Range(1, 20), registered.Select(v => v.Version).Order());
        var listed = await ToListAsync(Registry.ListVersionsAsync(name));
        Assert.Equal(Enumerable.Range(1, 20).Reverse(), listed.Select(v => v.Version));
        foreach (var version in registered)
        {
            Assert.Equal(version.Sha256, listed.Single(v => v.Version == version.Version).Sha256);
        }

        Assert.Equal(20, listed.Select(v => v.Sha256).Distinct().Count());
        Assert.Equal(20, (await Registry.GetModelAsync(name)).LatestVersion);
        var audit = await ToListAsync(Registry.ListAuditAsync(name, 100));
        Assert.Equal(20, audit.Count(a => a.Action == "version.registered"));
    }

    [Fact]
    public async Task OpenArtifact_AfterRegister_ReturnsSameBytesAndHash()
    {
        var name = NewModelName();
        var bytes = RegistryTestModels.Large(75_000);
        var version = await RegisterAsync(name, bytes);

        await using var stream = await Registry.OpenArtifactAsync(await Registry.GetVersionAsync(name, version.Version));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(version.Sha256, Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())));
    }

    [Fact]
    public async Task RegisterVersion_SameBytesTwice_TwoVersionsShareOneArtifact()
    {
        var name = NewModelName();
        var bytes = RegistryTestModels.Model(name);

        var first = await RegisterAsync(name, bytes);
        var second = await RegisterAsync(name, bytes);

        Assert.Equal([1, 2], new[] { first.Version, second.Version });
        Assert.Equal(first.ArtifactUri, second.ArtifactUri);
        Assert.Equal(1, await CountArtifactsAsync(name));
        await using var stream = await Registry.OpenArtifactAsync(second);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task RegisterVersion_InvalidOnnxForNewModel_Is422AndStoresNothing()
    {
        var name = NewModelName();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name, "definitely not onnx"u8.ToArray()));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        Assert.Equal("model", ex.Field);
        Assert.Null(await Registry.FindModelAsync(name));
        Assert.Empty(await ToListAsync(Registry.ListVersionsAsync(name)));
        Assert.Empty(await ToListAsync(Registry.ListAuditAsync(name)));
        Assert.Equal(0, await CountArtifactsAsync(name));
        Assert.DoesNotContain(await ToListAsync(Registry.ListModelsAsync()), m => m.Name == name);
    }

    [Fact]
    public async Task RegisterVersion_InvalidOnnxForExistingModel_CounterAndVersionsUnchanged()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        var before = await Registry.GetModelAsync(name);

        var ex = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name, Onnx.TestModels.UnknownOperator()));

        Assert.Equal(ErrorCategory.Unprocessable, ex.Category);
        var after = await Registry.GetModelAsync(name);
        Assert.Equal(1, after.LatestVersion);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Single(await ToListAsync(Registry.ListVersionsAsync(name)));
        Assert.Single(await ToListAsync(Registry.ListAuditAsync(name)));
        Assert.Equal(1, await CountArtifactsAsync(name));
        Assert.Equal(2, (await RegisterAsync(name)).Version);
    }

    [Fact]
    public async Task RegisterVersion_Metadata_RoundTrips()
    {
        var name = NewModelName();
        var metadata = new NewModelVersion
        {
            Description = "Gradient-boosted churn model, weekly retrain.",
            Tags = new Dictionary<string, string> { ["team"] = "growth", ["stage"] = "candidate" },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.8731, ["logloss"] = 0.3125 },
            Parameters = new Dictionary<string, string> { ["trees"] = "200", ["learningRate"] = "0.05" },
            Lineage = new ModelLineage(
                TrainingDataUri: "https://account/datasets/churn/2024-06-01.csv",
                TrainingDataDigest: new string('a', 64),
                CodeRevision: "3f2c1d0",
                RunId: "run-42",
                Environment: new Dictionary<string, string> { ["dotnet"] = "10.0.12", ["Microsoft.ML"] = "5.0.1" }),
        };

        var registered = await RegisterAsync(name, metadata: metadata);
        var stored = await Registry.GetVersionAsync(name, registered.Version);

        Assert.Equal(metadata.Description, stored.Description);
        Assert.Equal(Json(metadata.Tags), Json(stored.Tags));
        Assert.Equal(Json(metadata.Metrics), Json(stored.Metrics));
        Assert.Equal(Json(metadata.Parameters), Json(stored.Parameters));
        Assert.Equal(Json(metadata.Lineage), Json(stored.Lineage));
        AssertSame(registered, stored);
    }

    [Fact]
    public async Task RegisterVersion_Profile_RoundTrips()
    {
        var name = NewModelName();
        var metadata = new NewModelVersion
        {
            ProfileUri = $"https://account.blob.core.windows.net/models/{name}/profiles/sha256/{new string('b', 64)}.json",
            ProfileSha256 = new string('b', 64),
        };

        var registered = await RegisterAsync(name, metadata: metadata);
        var stored = await Registry.GetVersionAsync(name, registered.Version);

        Assert.Equal(metadata.ProfileUri, stored.ProfileUri);
        Assert.Equal(metadata.ProfileSha256, stored.ProfileSha256);
        AssertSame(registered, stored);
    }

    [Fact]
    public async Task RegisterVersion_NoProfile_HasNone()
    {
        var name = NewModelName();

        var registered = await RegisterAsync(name);

        var stored = await Registry.GetVersionAsync(name, registered.Version);
        Assert.Null(stored.ProfileUri);
        Assert.Null(stored.ProfileSha256);
    }

    [Theory]
    [InlineData("https://account/models/p.json", null, "metadata.profileSha256")]
    [InlineData(null, "bbbb", "metadata.profileUri")]
    [InlineData("not a uri", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "metadata.profileUri")]
    [InlineData("https://account/models/p.json", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "metadata.profileSha256")]
    public async Task RegisterVersion_BadProfileReference_Is400NamingFieldAndStoresNothing(string? uri, string? sha256, string field)
    {
        var name = NewModelName();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name, metadata: new NewModelVersion { ProfileUri = uri, ProfileSha256 = sha256 }));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(field, ex.Field);
        Assert.Null(await Registry.FindModelAsync(name));
    }

    [Fact]
    public async Task RegisterVersion_DescriptionAtStringLimit_IsStored()
    {
        var name = NewModelName();
        var description = new string('d', 32 * 1024);

        var version = await RegisterAsync(name, metadata: new NewModelVersion { Description = description });

        Assert.Equal(description, (await Registry.GetVersionAsync(name, version.Version)).Description);
    }

    [Theory]
    [InlineData("description", "metadata.description")]
    [InlineData("tags", "metadata.tags")]
    [InlineData("parameters", "metadata.parameters")]
    [InlineData("lineage", "metadata.lineage")]
    public async Task RegisterVersion_OversizedMetadata_Is400NamingFieldAndStoresNothing(string what, string field)
    {
        var name = NewModelName();
        var big = new string('x', (32 * 1024) + 1);
        var metadata = what switch
        {
            "description" => new NewModelVersion { Description = big },
            "tags" => new NewModelVersion { Tags = new Dictionary<string, string> { ["note"] = big } },
            "parameters" => new NewModelVersion { Parameters = new Dictionary<string, string> { ["grid"] = big } },
            _ => new NewModelVersion { Lineage = new ModelLineage(TrainingDataUri: big) },
        };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name, metadata: metadata));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal(field, ex.Field);
        Assert.Null(await Registry.FindModelAsync(name));
        Assert.Equal(0, await CountArtifactsAsync(name));
    }

    [Fact]
    public async Task RegisterVersion_NonFiniteMetric_Is400NamingMetric()
    {
        var name = NewModelName();

        var ex = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name, metadata: new NewModelVersion
        {
            Metrics = new Dictionary<string, double> { ["auc"] = double.NaN },
        }));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("metadata.metrics.auc", ex.Field);
        Assert.Null(await Registry.FindModelAsync(name));
    }

    [Fact]
    public async Task Aliases_SetMoveResolveDelete_AuditRecordsFromAndTo()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        await RegisterAsync(name);

        var set = await Registry.SetAliasAsync(name, "champion", 1, "alice");
        var resolvedFirst = await Registry.ResolveAsync(name, ModelReference.Champion);
        var moved = await Registry.SetAliasAsync(name, "champion", 2, "bob");
        var resolvedMoved = await Registry.ResolveAsync(name, new ModelReference(null, "champion"));
        var model = await Registry.GetModelAsync(name);
        await Registry.DeleteAliasAsync(name, "champion", "carol");

        Assert.Equal(new ModelAlias(name, "champion", 1, set.UpdatedAt, "alice"), set);
        Assert.Equal(1, resolvedFirst.Version);
        Assert.Equal(2, moved.Version);
        Assert.Equal("bob", moved.UpdatedBy);
        Assert.Equal(2, resolvedMoved.Version);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 2 }, model.Aliases);
        Assert.Null(await Registry.FindAliasAsync(name, "champion"));
        var notFound = await Assert.ThrowsAsync<MlopsException>(() => Registry.ResolveAsync(name, ModelReference.Champion));
        Assert.Equal(ErrorCategory.NotFound, notFound.Category);
        Assert.Equal("alias", notFound.Field);

        var audit = await ToListAsync(Registry.ListAuditAsync(name));
        Assert.Equal(
            [
                ("carol", "alias.deleted", "champion", "2", null),
                ("bob", "alias.set", "champion", "1", "2"),
                ("alice", "alias.set", "champion", null, "1"),
                (Actor, "version.registered", "2", null, "sha256:" + (await Registry.GetVersionAsync(name, 2)).Sha256),
                (Actor, "version.registered", "1", null, "sha256:" + (await Registry.GetVersionAsync(name, 1)).Sha256),
            ],
            audit.Select(a => (a.Actor, a.Action, a.Target, a.From, a.To)));
        Assert.All(audit, a => Assert.Equal(name, a.Model));
        Assert.True(audit.Zip(audit.Skip(1)).All(pair => pair.First.Timestamp >= pair.Second.Timestamp));
        Assert.True((await Registry.GetModelAsync(name)).UpdatedAt >= audit[0].Timestamp);
    }

    [Fact]
    public async Task SetAlias_SameVersionAgain_IsNoOpWithoutAuditEntry()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        var first = await Registry.SetAliasAsync(name, "challenger", 1, "alice");

        var again = await Registry.SetAliasAsync(name, "challenger", 1, "bob");

        Assert.Equal(first, again);
        Assert.Single(await ToListAsync(Registry.ListAuditAsync(name)), a => a.Action == "alias.set");
    }

    [Fact]
    public async Task SetAlias_UnknownVersion_Is404NamingVersion()
    {
        var name = NewModelName();
        await RegisterAsync(name);

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Registry.SetAliasAsync(name, "champion", 2, Actor));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Equal("version", ex.Field);
        Assert.Null(await Registry.FindAliasAsync(name, "champion"));
    }

    [Fact]
    public async Task SetAlias_UnknownModel_Is404NamingModel()
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => Registry.SetAliasAsync(NewModelName(), "champion", 1, Actor));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Equal("name", ex.Field);
    }

    [Fact]
    public async Task DeleteAlias_Absent_Is404()
    {
        var name = NewModelName();
        await RegisterAsync(name);

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Registry.DeleteAliasAsync(name, "champion", Actor));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Equal("alias", ex.Field);
        Assert.DoesNotContain(await ToListAsync(Registry.ListAuditAsync(name)), a => a.Action == "alias.deleted");
    }

    [Fact]
    public async Task Resolve_ExplicitVersion_ReturnsItAndMissingVersionIs404()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        await RegisterAsync(name);

        var resolved = await Registry.ResolveAsync(name, new ModelReference(1, null));
        var missing = await Assert.ThrowsAsync<MlopsException>(() => Registry.ResolveAsync(name, new ModelReference(3, null)));

        Assert.Equal(1, resolved.Version);
        Assert.Equal(ErrorCategory.NotFound, missing.Category);
        Assert.Equal("version", missing.Field);
    }

    [Fact]
    public async Task Find_Absent_ReturnsNullAndGetIs404()
    {
        var name = NewModelName();

        Assert.Null(await Registry.FindModelAsync(name));
        Assert.Null(await Registry.FindVersionAsync(name, 1));
        Assert.Null(await Registry.FindAliasAsync(name, "champion"));
        Assert.Equal("name", (await Assert.ThrowsAsync<MlopsException>(() => Registry.GetModelAsync(name))).Field);
        Assert.Equal("version", (await Assert.ThrowsAsync<MlopsException>(() => Registry.GetVersionAsync(name, 1))).Field);
        Assert.Equal("alias", (await Assert.ThrowsAsync<MlopsException>(() => Registry.GetAliasAsync(name, "champion"))).Field);
    }

    [Fact]
    public async Task ListModels_TwoModels_ListsEachWithLatestVersionAndAliases()
    {
        var first = NewModelName();
        var second = NewModelName();
        await RegisterAsync(first);
        await RegisterAsync(first);
        await RegisterAsync(second);
        await Registry.SetAliasAsync(first, "champion", 2, Actor);
        await Registry.SetAliasAsync(first, "challenger", 1, Actor);

        var models = await ToListAsync(Registry.ListModelsAsync());

        var a = Assert.Single(models, m => m.Name == first);
        var b = Assert.Single(models, m => m.Name == second);
        Assert.Equal(2, a.LatestVersion);
        Assert.Equal(new Dictionary<string, int> { ["challenger"] = 1, ["champion"] = 2 }, a.Aliases);
        Assert.Equal(1, b.LatestVersion);
        Assert.Empty(b.Aliases);
        Assert.Equal(models.Select(m => m.Name).Order(StringComparer.Ordinal), models.Select(m => m.Name));
    }

    [Fact]
    public async Task ListAudit_AllModels_NewestFirstAcrossModelsWithLimit()
    {
        var first = NewModelName();
        var second = NewModelName();
        await RegisterAsync(first);
        await RegisterAsync(second);
        await Registry.SetAliasAsync(first, "champion", 1, "alice");

        var latest = await ToListAsync(Registry.ListAuditAsync(null, 2));
        var onlySecond = await ToListAsync(Registry.ListAuditAsync(second, 10));

        Assert.Equal([(first, "alias.set"), (second, "version.registered")], latest.Select(a => (a.Model, a.Action)));
        Assert.Equal([(second, "version.registered")], onlySecond.Select(a => (a.Model, a.Action)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ListAudit_LimitOutOfRange_Is400(int limit)
    {
        var ex = await Assert.ThrowsAsync<MlopsException>(() => ToListAsync(Registry.ListAuditAsync(null, limit)));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("limit", ex.Field);
    }

    [Theory]
    [InlineData("../models")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a..b")]
    [InlineData("..")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("")]
    public async Task Operations_ModelNameWithPathTricks_Are400BeforeStorage(string name)
    {
        var register = await Assert.ThrowsAsync<MlopsException>(() => RegisterAsync(name));
        var find = await Assert.ThrowsAsync<MlopsException>(() => Registry.FindModelAsync(name));
        var version = await Assert.ThrowsAsync<MlopsException>(() => Registry.GetVersionAsync(name, 1));
        var alias = await Assert.ThrowsAsync<MlopsException>(() => Registry.SetAliasAsync(name, "champion", 1, Actor));
        var audit = await Assert.ThrowsAsync<MlopsException>(() => ToListAsync(Registry.ListAuditAsync(name)));

        Assert.All([register, find, version, alias], ex => Assert.Equal((ErrorCategory.Validation, "name"), (ex.Category, ex.Field)));
        Assert.Equal((ErrorCategory.Validation, "model"), (audit.Category, audit.Field));
    }

    [Theory]
    [InlineData("../champion")]
    [InlineData("Champion")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Aliases_AliasWithPathTricks_Are400(string alias)
    {
        var name = NewModelName();
        await RegisterAsync(name);

        var set = await Assert.ThrowsAsync<MlopsException>(() => Registry.SetAliasAsync(name, alias, 1, Actor));
        var get = await Assert.ThrowsAsync<MlopsException>(() => Registry.GetAliasAsync(name, alias));
        var delete = await Assert.ThrowsAsync<MlopsException>(() => Registry.DeleteAliasAsync(name, alias, Actor));

        Assert.All([set, get, delete], ex => Assert.Equal((ErrorCategory.Validation, "alias"), (ex.Category, ex.Field)));
        Assert.Empty((await Registry.GetModelAsync(name)).Aliases);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Versions_NonPositiveNumber_Is400(int number)
    {
        var name = NewModelName();

        var find = await Assert.ThrowsAsync<MlopsException>(() => Registry.FindVersionAsync(name, number));
        var alias = await Assert.ThrowsAsync<MlopsException>(() => Registry.SetAliasAsync(name, "champion", number, Actor));

        Assert.All([find, alias], ex => Assert.Equal((ErrorCategory.Validation, "version"), (ex.Category, ex.Field)));
    }

    [Fact]
    public async Task UpdateVersion_DescriptionAndTags_StoresThemAuditsFromToAndKeepsTheRest()
    {
        var name = NewModelName();
        var bytes = RegistryTestModels.Model(name);
        var registered = await RegisterAsync(name, bytes, new NewModelVersion
        {
            Description = "first",
            Tags = new Dictionary<string, string> { ["team"] = "growth", ["stage"] = "candidate" },
            Metrics = new Dictionary<string, double> { ["auc"] = 0.9 },
            Parameters = new Dictionary<string, string> { ["trees"] = "200" },
            Lineage = new ModelLineage(RunId: "run-1"),
        });

        var updated = await Registry.UpdateVersionAsync(name, 1, new ModelVersionUpdate
        {
            Description = "second",
            Tags = new Dictionary<string, string?> { ["stage"] = "production", ["owner"] = "ana", ["team"] = null },
        }, "alice");

        Assert.Equal("second", updated.Description);
        Assert.Equal(new Dictionary<string, string> { ["stage"] = "production", ["owner"] = "ana" }, updated.Tags);
        AssertSame(updated, await Registry.GetVersionAsync(name, 1));
        AssertSame(registered with { Description = updated.Description, Tags = updated.Tags }, updated);
        await using (var stream = await Registry.OpenArtifactAsync(updated))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        var audit = (await ToListAsync(Registry.ListAuditAsync(name))).Where(a => a.Actor == "alice").OrderBy(a => a.Action, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                ("version.description.updated", "1", "first", "second"),
                ("version.tags.updated", "1", """{"owner":null,"stage":"candidate","team":"growth"}""", """{"owner":"ana","stage":"production","team":null}"""),
            ],
            audit.Select(a => (a.Action, a.Target, a.From, a.To)));
        Assert.True((await Registry.GetModelAsync(name)).UpdatedAt >= audit[0].Timestamp);
    }

    [Fact]
    public async Task UpdateVersion_MembersLeftOut_AreUnchanged()
    {
        var name = NewModelName();
        await RegisterAsync(name, metadata: new NewModelVersion { Description = "first", Tags = new Dictionary<string, string> { ["team"] = "growth" } });

        var tagsOnly = await Registry.UpdateVersionAsync(name, 1, new ModelVersionUpdate { Tags = new Dictionary<string, string?> { ["stage"] = "staging" } }, Actor);
        var descriptionOnly = await Registry.UpdateVersionAsync(name, 1, new ModelVersionUpdate { Description = "second" }, Actor);

        Assert.Equal("first", tagsOnly.Description);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "growth", ["stage"] = "staging" }, tagsOnly.Tags);
        Assert.Equal("second", descriptionOnly.Description);
        Assert.Equal(tagsOnly.Tags, descriptionOnly.Tags);
        AssertSame(descriptionOnly, await Registry.GetVersionAsync(name, 1));
    }

    [Fact]
    public async Task UpdateVersion_EmptyDescription_RemovesIt()
    {
        var name = NewModelName();
        await RegisterAsync(name, metadata: new NewModelVersion { Description = "first" });

        var updated = await Registry.UpdateVersionAsync(name, 1, new ModelVersionUpdate { Description = string.Empty }, Actor);

        Assert.Null(updated.Description);
        Assert.Null((await Registry.GetVersionAsync(name, 1)).Description);
        Assert.Contains(await ToListAsync(Registry.ListAuditAsync(name)), a => (a.Action, a.From, a.To) == ("version.description.updated", "first", null));
    }

    [Fact]
    public async Task UpdateVersion_NothingActuallyChanges_IsNoOpWithoutAuditEntry()
    {
        var name = NewModelName();
        var registered = await RegisterAsync(name, metadata: new NewModelVersion { Description = "same", Tags = new Dictionary<string, string> { ["team"] = "growth" } });

        var updated = await Registry.UpdateVersionAsync(name, 1, new ModelVersionUpdate
        {
            Description = "same",
            Tags = new Dictionary<string, string?> { ["team"] = "growth", ["absent"] = null },
        }, Actor);

        AssertSame(registered, updated);
        Assert.Equal(["version.registered"], (await ToListAsync(Registry.ListAuditAsync(name))).Select(a => a.Action));
    }

    [Fact]
    public async Task UpdateVersion_TenConcurrentTagUpdates_AllLand()
    {
        var name = NewModelName();
        await RegisterAsync(name, metadata: new NewModelVersion { Description = "first" });

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Registry.UpdateVersionAsync(
            name, 1, new ModelVersionUpdate { Tags = new Dictionary<string, string?> { [$"k{i}"] = $"v{i}" } }, $"writer-{i}"))));

        var stored = await Registry.GetVersionAsync(name, 1);
        Assert.Equal(Enumerable.Range(0, 10).ToDictionary(i => $"k{i}", i => $"v{i}"), stored.Tags);
        Assert.Equal("first", stored.Description);
        var audit = (await ToListAsync(Registry.ListAuditAsync(name))).Where(a => a.Action == "version.tags.updated").ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"writer-{i}"), audit.Select(a => a.Actor).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateVersion_UnknownVersionOrModel_Is404NamingIt()
    {
        var name = NewModelName();
        await RegisterAsync(name);
        var update = new ModelVersionUpdate { Description = "x" };

        var version = await Assert.ThrowsAsync<MlopsException>(() => Registry.UpdateVersionAsync(name, 2, update, Actor));
        var model = await Assert.ThrowsAsync<MlopsException>(() => Registry.UpdateVersionAsync(NewModelName(), 1, update, Actor));

        Assert.Equal((ErrorCategory.NotFound, "version"), (version.Category, version.Field));
        Assert.Equal((ErrorCategory.NotFound, "name"), (model.Category, model.Field));
    }

    [Theory]
    [InlineData("empty", "body")]
    [InlineData("description", "description")]
    [InlineData("emptyKey", "tags")]
    [InlineData("blankKey", "tags")]
    [InlineData("tagsTooLarge", "tags")]
    public async Task UpdateVersion_InvalidUpdate_Is400NamingFieldAndChangesNothing(string what, string field)
    {
        var name = NewModelName();
        var registered = await RegisterAsync(name, metadata: new NewModelVersion
        {
            Description = "first",
            Tags = new Dictionary<string, string> { ["note"] = new string('n', 16 * 1024) },
        });
        var update = what switch
        {
            "empty" => new ModelVersionUpdate { Tags = new Dictionary<string, string?>() },
            "description" => new ModelVersionUpdate { Description = new string('d', (32 * 1024) + 1), Tags = new Dictionary<string, string?> { ["ok"] = "v" } },
            "emptyKey" => new ModelVersionUpdate { Description = "second", Tags = new Dictionary<string, string?> { [string.Empty] = "v" } },
            "blankKey" => new ModelVersionUpdate { Tags = new Dictionary<string, string?> { ["ok"] = "v", [" "] = "v" } },
            _ => new ModelVersionUpdate { Description = "second", Tags = new Dictionary<string, string?> { ["more"] = new string('m', 16 * 1024) } },
        };

        var ex = await Assert.ThrowsAsync<MlopsException>(() => Registry.UpdateVersionAsync(name, 1, update, Actor));

        Assert.Equal((ErrorCategory.Validation, field), (ex.Category, ex.Field));
        AssertSame(registered, await Registry.GetVersionAsync(name, 1));
        Assert.Equal(["version.registered"], (await ToListAsync(Registry.ListAuditAsync(name))).Select(a => a.Action));
    }

    protected static string NewModelName() => "m-" + Guid.NewGuid().ToString("N")[..12];

    protected Task<ModelVersion> RegisterAsync(string name, byte[]? bytes = null, NewModelVersion? metadata = null) =>
        Registry.RegisterVersionAsync(name, new MemoryStream(bytes ?? RegistryTestModels.Model(Guid.NewGuid().ToString("N"))), metadata ?? new NewModelVersion(), Actor);

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, MlopsJson.Options);

    private static void AssertSame(ModelVersion expected, ModelVersion actual) => Assert.Equal(Json(expected), Json(actual));
}
