// The SDK's status names are the backend's: stored as text, they read the same in Durable Functions' terms.
global using OrchestrationRuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;
