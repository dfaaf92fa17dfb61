// Key Vault (RBAC authorization) holding the API keys, the phone pseudonym key and the Communication
// Services connection string. The app reads them through @Microsoft.KeyVault(SecretUri=...) references.

@description('Azure region.')
param location string

@description('Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags object

@description('Auth:Keys:integrator:Key.')
@secure()
param integratorKey string

@description('Auth:Keys:sms:Key.')
@secure()
param smsKey string

@description('Auth:Keys:ehospital:Key.')
@secure()
param ehospitalKey string

@description('Auth:Keys:admin:Key.')
@secure()
param adminKey string

@description('Sms:PseudonymKey: the secret phone line ids are made from. Never change it while admissions run.')
@secure()
param smsPseudonymKey string

@description('Name of the Communication Services resource whose connection string is stored (Sms:ConnectionString).')
param communicationServiceName string

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' existing = {
  name: communicationServiceName
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource integratorSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'auth-key-integrator'
  properties: { value: integratorKey, contentType: 'Auth:Keys:integrator:Key' }
}

resource smsKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'auth-key-sms'
  properties: { value: smsKey, contentType: 'Auth:Keys:sms:Key' }
}

resource ehospitalSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'auth-key-ehospital'
  properties: { value: ehospitalKey, contentType: 'Auth:Keys:ehospital:Key' }
}

resource adminSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'auth-key-admin'
  properties: { value: adminKey, contentType: 'Auth:Keys:admin:Key' }
}

resource pseudonymSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'sms-pseudonym-key'
  properties: {
    value: smsPseudonymKey
    contentType: 'Sms:PseudonymKey'
  }
}

resource acsSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: 'sms-connection-string'
  properties: {
    value: communication.listKeys().primaryConnectionString
    contentType: 'Sms:ConnectionString (Azure Communication Services)'
  }
}

@description('Vault name.')
output name string = vault.name

@description('Vault resource id.')
output id string = vault.id

@description('Versionless secret URIs (the app follows rotation) of the API keys, by key name.')
output apiKeySecretUris object = {
  integrator: integratorSecret.properties.secretUri
  sms: smsKeySecret.properties.secretUri
  ehospital: ehospitalSecret.properties.secretUri
  admin: adminSecret.properties.secretUri
}

@description('Versionless secret URI of Sms:PseudonymKey.')
output pseudonymKeySecretUri string = pseudonymSecret.properties.secretUri

@description('Versionless secret URI of Sms:ConnectionString.')
output smsConnectionSecretUri string = acsSecret.properties.secretUri
