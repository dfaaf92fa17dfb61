namespace HaH.Orchestration.Durable.Storage;

/// <summary>The three services of a storage account.</summary>
public enum StorageService
{
    /// <summary>Azure Tables.</summary>
    Table,

    /// <summary>Azure Queues.</summary>
    Queue,

    /// <summary>Azure Blobs.</summary>
    Blob,
}
