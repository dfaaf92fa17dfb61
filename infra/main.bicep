// HaH.Orchestration in one resource group: storage, monitoring, Key Vault, Communication Services
// with its Event Grid topic, Service Bus, and the app on one of two hostings. See docs/deploy.md.

@description('functions: the Azure Functions project on Flex Consumption with Durable Functions\' backend. standalone: the functions/ host with the project\'s own backend on App Service for Linux. Admissions in flight do not move between the two.')
@allowed(['functions', 'standalone'])
param hosting string = 'functions'

@description('Azure region of the resources (Communication Services and its topic are global, data in Europe).')
param location string = resourceGroup().location

@description('Prefix of every resource name (letters and digits).')
@minLength(3)
@maxLength(8)
param prefix string = 'hah'

@description('Tags for every resource.')
param tags object = { product: 'HaH.Orchestration' }

@description('App Service plan SKU for the standalone hosting.')
@allowed(['B1', 'B2', 'P0v3', 'P1v3'])
param standaloneSku string = 'P0v3'

@description('Durable:TaskHub: prefixes the task hub\'s tables, queues and containers.')
param taskHub string = 'hah'

@description('API key of the integrator role (admissions API). At least 32 characters.')
@secure()
@minLength(32)
param integratorKey string

@description('API key of the sms role: Event Grid sends it as code= on the SMS webhook. At least 32 characters, URL-safe.')
@secure()
@minLength(32)
param smsKey string

@description('API key of the ehospital role (the nurses\' today board). At least 32 characters.')
@secure()
@minLength(32)
param ehospitalKey string

@description('API key of the admin role. At least 32 characters.')
@secure()
@minLength(32)
param adminKey string

@description('Sms:PseudonymKey (at least 32 characters). Never change it while admissions run.')
@secure()
@minLength(32)
param smsPseudonymKey string

@description('Sms:From: the Communication Services number (E.164) SMS go out from. Empty until one is bought: SMS then go to the outbox.')
param smsFrom string = ''

@description('Create the Event Grid subscription to the SMS webhook. Only once the code is published: Event Grid validates the endpoint on creation.')
param subscribeSmsEvents bool = false

@description('Escalation:NursePhone (E.164).')
param nursePhone string

@description('Escalation:DoctorPhone (E.164).')
param doctorPhone string

@description('Escalation:NurseHours, HH:mm-HH:mm local time.')
param nurseHours string = '07:30-19:30'

@description('EHospital:Name, the discharge letter\'s sender.')
param eHospitalName string

@description('EHospital:SorCode.')
param eHospitalSorCode string

@description('EHospital:EanNumber (13 digits).')
param eHospitalEanNumber string

@description('EHospital:Phone (E.164).')
param eHospitalPhone string

@description('Service Bus duplicate detection window: longer than the publish activity\'s retries (about 75 minutes), with room for a host that was down.')
param duplicateDetectionWindow string = 'P1D'

var suffix = uniqueString(resourceGroup().id)
var baseName = '${prefix}-${suffix}'
var appName = 'app-${baseName}'
var deploymentContainerName = 'app-package'
var deadLetterContainerName = 'sms-events-deadletter'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, baseName: baseName, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('st${prefix}${suffix}', 24)
    tags: tags
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: { name: 'acs-${baseName}', tags: tags }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: take('kv-${prefix}-${suffix}', 24)
    tags: tags
    integratorKey: integratorKey
    smsKey: smsKey
    ehospitalKey: ehospitalKey
    adminKey: adminKey
    smsPseudonymKey: smsPseudonymKey
    communicationServiceName: communication.outputs.name
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'serviceBus'
  params: {
    location: location
    name: 'sb-${baseName}'
    tags: tags
    outboundQueueName: 'outbound'
    commandQueueName: 'commands'
    duplicateDetectionWindow: duplicateDetectionWindow
  }
}

module functionApp 'modules/functionApp.bicep' = if (hosting == 'functions') {
  name: 'functionApp'
  params: {
    location: location
    name: appName
    tags: tags
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
  }
}

module standaloneApp 'modules/standaloneApp.bicep' = if (hosting == 'standalone') {
  name: 'standaloneApp'
  params: { location: location, name: appName, tags: tags, sku: standaloneSku }
}

var app = hosting == 'functions' ? functionApp!.outputs : standaloneApp!.outputs

module roles 'modules/roleAssignments.bicep' = {
  name: 'roleAssignments'
  params: {
    appPrincipalId: app.principalId
    hosting: hosting
    storageAccountName: storage.outputs.name
    serviceBusName: serviceBus.outputs.name
    outboundQueueName: serviceBus.outputs.outboundQueueName
    commandQueueName: serviceBus.outputs.commandQueueName
    keyVaultName: keyVault.outputs.name
    eventGridPrincipalId: communication.outputs.topicPrincipalId
  }
}

module settings 'modules/appSettings.bicep' = {
  name: 'appSettings'
  params: {
    siteName: app.name
    hosting: hosting
    hostName: app.hostName
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.connectionString
    taskHub: taskHub
    apiKeySecretUris: keyVault.outputs.apiKeySecretUris
    pseudonymKeySecretUri: keyVault.outputs.pseudonymKeySecretUri
    smsConnectionSecretUri: keyVault.outputs.smsConnectionSecretUri
    smsFrom: smsFrom
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    outboundQueueName: serviceBus.outputs.outboundQueueName
    commandQueueName: serviceBus.outputs.commandQueueName
    escalation: { nursePhone: nursePhone, doctorPhone: doctorPhone, nurseHours: nurseHours }
    eHospital: {
      name: eHospitalName
      sorCode: eHospitalSorCode
      eanNumber: eHospitalEanNumber
      phone: eHospitalPhone
    }
  }
  // Key Vault references resolve, and storage answers, only once the identity holds its roles.
  dependsOn: [roles]
}

module smsEvents 'modules/smsEvents.bicep' = if (subscribeSmsEvents) {
  name: 'smsEvents'
  params: {
    topicName: communication.outputs.topicName
    endpointUrl: 'https://${app.hostName}/api/sms/events?code=${uriComponent(smsKey)}'
    deadLetterStorageId: storage.outputs.id
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [settings]
}

@description('The app\'s address.')
output appUrl string = 'https://${app.hostName}'

@description('The web or function app\'s name (az functionapp / az webapp commands).')
output appName string = app.name

@description('Which hosting was deployed.')
output hosting string = hosting

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Key Vault name.')
output keyVaultName string = keyVault.outputs.name

@description('Communication Services resource name (buy the phone number on it).')
output communicationServiceName string = communication.outputs.name

@description('Service Bus namespace host name.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Outbound queue (medicine orders, discharge letters).')
output outboundQueueName string = serviceBus.outputs.outboundQueueName

@description('Command queue (admission commands).')
output commandQueueName string = serviceBus.outputs.commandQueueName

@description('Application Insights resource name.')
output appInsightsName string = monitoring.outputs.insightsName
