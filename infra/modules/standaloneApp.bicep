// Hosting 'standalone': the functions/ project's own ASP.NET Core host, with the project's Azure
// Storage backend, on App Service for Linux. Deployed as a zip of `dotnet publish`.
// App settings are set by appSettings.bicep once the roles exist.

@description('Azure region.')
param location string

@description('Web app name; its default host is {name}.azurewebsites.net.')
param name string

@description('Tags for every resource.')
param tags object

@description('App Service plan SKU (Linux). B1 has no deployment slots; P0v3 has.')
@allowed(['B1', 'B2', 'P0v3', 'P1v3'])
param sku string = 'P0v3'

@description('Instances of the plan. Several share the task hub through partition leases.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: sku, capacity: instanceCount }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet HaH.Orchestration.Functions.dll'
      // Durable timers and the Service Bus command processor run in the process: it must stay up.
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/health'
    }
  }
}

resource basicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

@description('Web app name.')
output name string = site.name

@description('Default host name, e.g. {name}.azurewebsites.net.')
output hostName string = site.properties.defaultHostName

@description('The app\'s system-assigned identity.')
output principalId string = site.identity.principalId
