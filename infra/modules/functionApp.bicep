// Hosting 'functions': the Azure Functions isolated-worker project on Flex Consumption (FC1), with
// Durable Functions' own backend. App settings are set by appSettings.bicep once the roles exist.

@description('Azure region (one where Flex Consumption is offered).')
param location string

@description('Function App name; its default host is {name}.azurewebsites.net.')
param name string

@description('Tags for every resource.')
param tags object

@description('Blob endpoint of the storage account the package is deployed to.')
param blobEndpoint string

@description('Blob container the package is deployed to.')
param deploymentContainerName string

@description('Most instances Flex Consumption scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance, MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

resource basicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

@description('Function App name.')
output name string = site.name

@description('Default host name, e.g. {name}.azurewebsites.net.')
output hostName string = site.properties.defaultHostName

@description('The app\'s system-assigned identity.')
output principalId string = site.identity.principalId
