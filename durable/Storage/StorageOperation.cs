using Azure.Core;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>Names the kind of a storage request from its method and address, for request counts.</summary>
internal static class StorageOperation
{
    public static string Classify(StorageService service, Request request)
    {
        var method = request.Method.Method.ToUpperInvariant();
        var path = Uri.UnescapeDataString(request.Uri.Path);
        var query = request.Uri.Query;
        return service switch
        {
            StorageService.Table => Table(method, path),
            StorageService.Queue => Queue(method, path, query),
            _ => Blob(method, query),
        };
    }

    private static string Table(string method, string path) => method switch
    {
        _ when path.EndsWith("/$batch", StringComparison.Ordinal) => "batch",
        _ when path.EndsWith("/Tables", StringComparison.Ordinal) => method == "GET" ? "list-tables" : "create-table",
        _ when path.Contains("/Tables(", StringComparison.Ordinal) => "delete-table",
        "GET" => path.Contains("PartitionKey=", StringComparison.Ordinal) ? "point-read" : "query",
        "POST" => "insert",
        "PUT" => "replace",
        "PATCH" or "MERGE" => "merge",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static string Queue(string method, string path, string query)
    {
        var onMessages = path.Contains("/messages", StringComparison.Ordinal);
        return method switch
        {
            "POST" when onMessages => "send",
            "GET" when onMessages => query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? "peek" : "receive",
            "DELETE" when onMessages => query.Contains("popreceipt", StringComparison.OrdinalIgnoreCase) ? "delete" : "clear",
            "PUT" when onMessages => "update",
            "GET" or "HEAD" when query.Contains("comp=metadata", StringComparison.OrdinalIgnoreCase) => "properties",
            "GET" when query.Contains("comp=list", StringComparison.OrdinalIgnoreCase) => "list-queues",
            "PUT" => "create-queue",
            "DELETE" => "delete-queue",
            _ => method.ToLowerInvariant(),
        };
    }

    private static string Blob(string method, string query) => query switch
    {
        _ when query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase) => "lease",
        _ when query.Contains("comp=metadata", StringComparison.OrdinalIgnoreCase) => "metadata",
        _ when query.Contains("comp=list", StringComparison.OrdinalIgnoreCase) => "list",
        _ when query.Contains("restype=container", StringComparison.OrdinalIgnoreCase) => "container",
        _ => method switch
        {
            "GET" => "download",
            "PUT" => "upload",
            "HEAD" => "properties",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        },
    };
}
