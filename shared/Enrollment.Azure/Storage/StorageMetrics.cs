using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Counts every request the app makes to Cosmos DB and Blob Storage, by store, operation and
/// container: the round trips an operation costs, measured on every run and exported with the
/// other metrics. Tags never carry ids, keys or anything a parent typed.
/// </summary>
public sealed class StorageMetrics
{
    public const string MeterName = "Enrollment.Storage";
    public const string RequestsCounter = "enrollment.storage.requests";

    private readonly Counter<long> _requests;

    public StorageMetrics(IMeterFactory meters)
    {
        _requests = meters.Create(MeterName).CreateCounter<long>(RequestsCounter, "{request}", "Requests sent to Cosmos DB and Blob Storage.");
    }

    public void Count(string store, string operation, string container) =>
        _requests.Add(1, new("store", store), new("operation", operation), new("container", container));
}

/// <summary>Counts each Cosmos operation once, as the SDK hands it to the gateway (its own retries are not separate operations).</summary>
internal sealed class CosmosRequestCounter(StorageMetrics metrics) : RequestHandler
{
    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var (operation, container) = Describe(request);
        metrics.Count("cosmos", operation, container);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The operation from the method and headers, the container from "dbs/{db}/colls/{container}/docs/{id}".</summary>
    internal static (string Operation, string Container) Describe(RequestMessage request)
    {
        var segments = (request.RequestUri?.OriginalString ?? "").Trim('/').Split('/');
        var colls = Array.IndexOf(segments, "colls");
        var container = colls >= 0 && colls + 1 < segments.Length ? segments[colls + 1] : "-";
        var onItem = segments.Length > colls + 3 && segments[colls + 2] == "docs";
        var operation = request.Method.Method switch
        {
            "GET" => onItem ? "read" : "readfeed",
            "POST" when IsTrue(request, "x-ms-documentdb-isquery") || request.Headers.ContentType == "application/query+json" => "query",
            "POST" when IsTrue(request, "x-ms-documentdb-is-upsert") => "upsert",
            "POST" => "create",
            "PUT" => "replace",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "other",
        };
        return (operation, container);
    }

    private static bool IsTrue(RequestMessage request, string header) =>
        string.Equals(request.Headers[header], "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Counts every attempt the Blob client sends, retries included (it sits per retry in the pipeline).</summary>
internal sealed class BlobRequestCounter(StorageMetrics metrics) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var container = new BlobUriBuilder(uri).BlobContainerName;
        var query = uri.Query;
        var operation = request.Method.Method switch
        {
            "GET" when query.Contains("comp=list", StringComparison.Ordinal) => "list",
            "GET" => "read",
            "HEAD" => "properties",
            "PUT" when query.Contains("comp=block&", StringComparison.Ordinal) || query.EndsWith("comp=block", StringComparison.Ordinal) => "put-block",
            "PUT" when query.Contains("comp=blocklist", StringComparison.Ordinal) => "commit",
            "PUT" when request.Headers.Contains("x-ms-copy-source") => "copy",
            "PUT" when query.Contains("comp=", StringComparison.Ordinal) => "set",
            "PUT" => "create",
            "DELETE" => "delete",
            _ => "other",
        };
        metrics.Count("blob", operation, string.IsNullOrEmpty(container) ? "-" : container);
    }
}
