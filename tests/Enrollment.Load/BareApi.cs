using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Enrollment.Azure.Cosmos;
using Enrollment.Azure.Storage;
using Enrollment.Core.Applications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrollment.Load;

/// <summary>
/// The floor to compare with: a bare minimal API making the same storage calls as our two hot routes,
/// through the same storage registration (so the same Cosmos client settings and counters), and nothing
/// else: no sign-in, no validation, no rules, no encryption, no checks. Submit = read the county, the
/// guardian's account and the child's claim, create the claim and the application, record it on the
/// account (3 reads, 3 writes, as ours); status = one point read. The ratio is then our pipeline's cost,
/// not a different storage design's.
/// </summary>
public sealed class BareApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareApi(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BareApi> StartAsync(LocalEmulators emulators)
    {
        var database = "load-bare-" + Guid.NewGuid().ToString("N")[..8];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Storage:Cosmos:AccountEndpoint"] = emulators.CosmosEndpoint;
        builder.Configuration["Storage:CosmosDatabase"] = database;
        builder.Configuration["Storage:Blob:ConnectionString"] = emulators.BlobConnectionString;
        builder.Configuration["Uploads:QuarantineContainer"] = "quarantine-" + database;
        builder.Configuration["Uploads:DocumentsContainer"] = "documents-" + database;
        builder.Services.AddEnrollmentStorage();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        await app.Services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var containers = app.Services.GetRequiredService<EnrollmentContainers>();
        app.MapPost("/bare/applications", (ApplicationForm form, CancellationToken ct) => SubmitAsync(containers, form, ct));
        app.MapGet("/bare/applications/{schoolId}/{applicationId}", (string schoolId, string applicationId, CancellationToken ct) => StatusAsync(containers, schoolId, applicationId, ct));
        await app.StartAsync();
        return new BareApi(app);
    }

    private static readonly ItemRequestOptions NoContentBack = new() { EnableContentResponseOnWrite = false };

    private static async Task<IResult> SubmitAsync(EnrollmentContainers containers, ApplicationForm form, CancellationToken cancellationToken)
    {
        var schoolId = form.SchoolIds?.FirstOrDefault() ?? "";
        var accountId = "bare-" + (form.Family?.FirstOrDefault()?.Mobile ?? "");
        var claimId = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(form.Child?.DocumentNumber ?? "")));
        using (await containers.CountiesContainer.ReadItemStreamAsync(form.CountyId ?? "", new PartitionKey(form.CountyId ?? ""), cancellationToken: cancellationToken))
        using (await containers.ParentsContainer.ReadItemStreamAsync(accountId, new PartitionKey(accountId), cancellationToken: cancellationToken))
        using (var existing = await containers.ClaimsContainer.ReadItemStreamAsync(claimId, new PartitionKey(claimId), cancellationToken: cancellationToken))
        {
            if (existing.IsSuccessStatusCode)
            {
                return Results.Conflict();
            }
        }

        var claim = new ChildClaim(claimId, ApplicationNumber.New(), schoolId, null, DateTimeOffset.UtcNow);
        try
        {
            await containers.ClaimsContainer.CreateItemAsync(claim, new PartitionKey(claim.Id), NoContentBack, cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return Results.Conflict();
        }

        var application = new BareApplication(claim.ApplicationId, schoolId, claimId, form);
        await containers.ApplicationsContainer.CreateItemAsync(application, new PartitionKey(schoolId), NoContentBack, cancellationToken);
        await containers.ParentsContainer.UpsertItemAsync(new { id = accountId, applications = new[] { new { application.Id, application.SchoolId } } }, new PartitionKey(accountId), NoContentBack, cancellationToken);
        return Results.Created($"/bare/applications/{schoolId}/{application.Id}", new { application.Id, application.SchoolId });
    }

    private static async Task<IResult> StatusAsync(EnrollmentContainers containers, string schoolId, string applicationId, CancellationToken cancellationToken)
    {
        try
        {
            var read = await containers.ApplicationsContainer.ReadItemAsync<BareApplication>(applicationId, new PartitionKey(schoolId), cancellationToken: cancellationToken);
            return Results.Ok(new { read.Resource.Id, read.Resource.SchoolId });
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return Results.NotFound();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record BareApplication(string Id, string SchoolId, string ClaimId, ApplicationForm Form);
}
