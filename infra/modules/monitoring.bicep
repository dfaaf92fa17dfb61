// Log Analytics workspace and a workspace-based Application Insights resource.

@description('Azure region.')
param location string

@description('Name prefix shared by the deployment\'s resources.')
param baseName string

@description('Tags for every resource.')
param tags object

@description('Days Log Analytics keeps data (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${baseName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    // A cap against a logging storm; raise it if the daily volume grows (estimate: well under 0.1 GB).
    workspaceCapping: { dailyQuotaGb: 1 }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${baseName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Application Insights connection string (an identifier, not a secret: it only lets telemetry in).')
output connectionString string = insights.properties.ConnectionString

@description('Application Insights resource name.')
output insightsName string = insights.name

@description('Log Analytics workspace name.')
output workspaceName string = workspace.name
