// The app settings of either hosting, in one place. Every name here is a setting the app reads
// (local.settings.sample.json, with __ for :) or a platform setting: tests/infra checks that.
// Secrets are Key Vault references, resolved by the platform with the app's identity.

@description('The web or function app.')
param siteName string

@description('functions (Flex Consumption, Durable Functions\' backend) or standalone (App Service, the project\'s backend).')
@allowed(['functions', 'standalone'])
param hosting string

@description('The app\'s host name (Http:PublicBaseUrl, AllowedHosts).')
param hostName string

@description('Storage account reached by identity (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Durable:TaskHub.')
param taskHub string

@description('Versionless Key Vault secret URIs of the API keys, by key name.')
param apiKeySecretUris object

@description('Versionless Key Vault secret URI of Sms:PseudonymKey.')
param pseudonymKeySecretUri string

@description('Versionless Key Vault secret URI of Sms:ConnectionString.')
param smsConnectionSecretUri string

@description('Sms:From; empty: SMS go to the local outbox (no ACS number bought yet).')
param smsFrom string

@description('Service Bus namespace host name.')
param serviceBusNamespace string

@description('Outbound queue.')
param outboundQueueName string

@description('Command queue.')
param commandQueueName string

@description('Escalation:* settings: nursePhone, doctorPhone, nurseHours.')
param escalation object

@description('EHospital:* settings: name, sorCode, eanNumber, phone.')
param eHospital object

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: siteName
}

var shared = {
  AzureWebJobsStorage__accountName: storageAccountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  Durable__TaskHub: taskHub
  Auth__Keys__integrator__Key: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUris.integrator})'
  Auth__Keys__integrator__Role: 'integrator'
  Auth__Keys__sms__Key: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUris.sms})'
  Auth__Keys__sms__Role: 'sms'
  Auth__Keys__ehospital__Key: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUris.ehospital})'
  Auth__Keys__ehospital__Role: 'ehospital'
  Auth__Keys__admin__Key: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUris.admin})'
  Auth__Keys__admin__Role: 'admin'
  Http__PublicBaseUrl: 'https://${hostName}'
  AllowedHosts: hostName
  Escalation__NursePhone: escalation.nursePhone
  Escalation__DoctorPhone: escalation.doctorPhone
  Escalation__NurseHours: escalation.nurseHours
  EHospital__Name: eHospital.name
  EHospital__SorCode: eHospital.sorCode
  EHospital__EanNumber: eHospital.eanNumber
  EHospital__Phone: eHospital.phone
  // Both or neither (the host refuses one without the other): until a number is bought, the outbox.
  Sms__ConnectionString: empty(smsFrom) ? '' : '@Microsoft.KeyVault(SecretUri=${smsConnectionSecretUri})'
  Sms__From: smsFrom
  Sms__PseudonymKey: '@Microsoft.KeyVault(SecretUri=${pseudonymKeySecretUri})'
  Integration__Channel: 'ServiceBus'
  Integration__ServiceBus__FullyQualifiedNamespace: serviceBusNamespace
  Integration__ServiceBus__Entity: outboundQueueName
  Clock__Mode: 'System'
}

// Flex Consumption takes the runtime from functionAppConfig (FUNCTIONS_WORKER_RUNTIME is not allowed there).
var functionsOnly = {
  // functions-app/host.json names Durable Functions' task hub "%TaskHub%"; the app's own tables take the same name.
  TaskHub: taskHub
}

var standaloneOnly = {
  // Only the standalone host reads the command queue: the Functions app would need the Service Bus
  // trigger extension, which this repository's registry does not serve (functions-app/README.md).
  Integration__Commands__Queue: commandQueueName
  // App Service sends requests to port 8080; the host listens on localhost:7071 unless told otherwise.
  ASPNETCORE_URLS: 'http://+:8080'
  WEBSITES_PORT: '8080'
  // The zip is the output of dotnet publish: nothing to build on the server.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  // App Service's .NET auto-instrumentation sends requests and logs to Application Insights.
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(shared, hosting == 'functions' ? functionsOnly : standaloneOnly)
}
