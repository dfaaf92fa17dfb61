// Parameters of main.bicep. Secrets come from environment variables of the shell that runs
// `az deployment group create` (never from this file): see docs/deploy.md.
using 'main.bicep'

param hosting = 'functions'
param prefix = 'hah'
param standaloneSku = 'P0v3'
param taskHub = 'hah'

param integratorKey = readEnvironmentVariable('HAH_INTEGRATOR_KEY')
param smsKey = readEnvironmentVariable('HAH_SMS_KEY')
param ehospitalKey = readEnvironmentVariable('HAH_EHOSPITAL_KEY')
param adminKey = readEnvironmentVariable('HAH_ADMIN_KEY')
param smsPseudonymKey = readEnvironmentVariable('HAH_SMS_PSEUDONYM_KEY')

// Set once a number is bought on the Communication Services resource (docs/deploy.md, step 6).
param smsFrom = ''
// true only once the code is published: Event Grid validates the webhook when subscribing.
param subscribeSmsEvents = false

// Replace with the eHospital's own numbers and identifiers.
param nursePhone = '+4570000001'
param doctorPhone = '+4570000002'
param nurseHours = '07:30-19:30'
param eHospitalName = 'eHospital'
param eHospitalSorCode = '123456789012340'
param eHospitalEanNumber = '5790000000012'
param eHospitalPhone = '+4570000000'
