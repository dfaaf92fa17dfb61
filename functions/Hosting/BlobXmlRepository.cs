using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// ASP.NET Core data protection's key ring in one blob (<c>&lt;repository&gt;</c> with a <c>&lt;key&gt;</c>
/// element per key), shared by every instance on the storage account, written with ETag conditions so
/// that two instances adding a key at once both keep theirs.
/// </summary>
/// <remarks>
/// The shape of Microsoft's Azure.Extensions.AspNetCore.DataProtection.Blobs, which the package
/// registry here does not serve; over the Azure.Storage.Blobs client the host already has. Data
/// protection calls it synchronously, rarely (on start, on a key's creation and when the ring is
/// refreshed, about once a day), and serialises its calls.
/// </remarks>
internal sealed class BlobXmlRepository(BlobContainerClient container, string blobName) : IXmlRepository
{
    private const string RootName = "repository";
    private const int MaxAttempts = 10;

    private readonly BlobClient _blob = container.GetBlobClient(blobName);
    private bool _containerExists;

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. (Download()?.Document ?? new XDocument(new XElement(RootName))).Root!.Elements()];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        for (var attempt = 1; ; attempt++)
        {
            var current = Download();
            var document = current?.Document ?? new XDocument(new XElement(RootName));
            document.Root!.Add(new XElement(element));
            var conditions = current is { } existing ? new BlobRequestConditions { IfMatch = existing.ETag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                EnsureContainer();
                _blob.Upload(
                    BinaryData.FromString(document.ToString(SaveOptions.DisableFormatting)),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml; charset=utf-8" } });
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance wrote the ring in between: read it again and add the key to theirs.
            }
        }
    }

    private (XDocument Document, ETag ETag)? Download()
    {
        try
        {
            var content = _blob.DownloadContent().Value;
            return (XDocument.Parse(content.Content.ToString()), content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private void EnsureContainer()
    {
        if (!_containerExists)
        {
            container.CreateIfNotExists();
            _containerExists = true;
        }
    }
}
