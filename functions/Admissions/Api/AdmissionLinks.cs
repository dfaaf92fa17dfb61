using HaH.Orchestration.Functions.Http;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// The 202 answer to a start, as Durable Functions answers, plus the admission's own link. The links
/// begin with the host's public address (<see cref="HttpEdge.BaseUrl"/>), never an unchecked Host header.
/// </summary>
internal sealed record AdmissionLinks(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string RestartPostUri,
    string PurgeHistoryDeleteUri,
    string AdmissionUri)
{
    public static AdmissionLinks For(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = HttpEdge.BaseUrl(request);
        var instance = $"{root}/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}";
        return new AdmissionLinks(
            id,
            instance,
            instance + "/raiseEvent/{eventName}",
            instance + "/terminate?reason={text}",
            instance + "/suspend?reason={text}",
            instance + "/resume?reason={text}",
            instance + "/restart",
            instance,
            $"{root}/api/admissions/{Uri.EscapeDataString(id)}");
    }
}
