// A deployment in Azure operated by 21Vianet (mainland China), where Flex Consumption is not offered:
// a Linux Elastic Premium plan that runs the app from its package in Blob Storage, fetched with the
// managed identity, with no Azure Files content share. docs/deploy.md ("Mainland China") says how:
//   az cloud set --name AzureChinaCloud && az login
//   az deployment sub create --location chinanorth3 --parameters infra/mainland-china.bicepparam
// With azd, the same is `azd env set AZURE_FUNCTIONS_PLAN ElasticPremium` (main.parameters.json).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'cultivation-cn')
param location = readEnvironmentVariable('AZURE_LOCATION', 'chinanorth3')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param hostingPlan = 'ElasticPremium'
param planSku = 'EP1'
param smtpHost = readEnvironmentVariable('SMTP_HOST', '')
param smtpFrom = readEnvironmentVariable('SMTP_FROM', '')
param smtpUserName = readEnvironmentVariable('SMTP_USERNAME', '')
param alertsTo = readEnvironmentVariable('ALERTS_TO', '')
param opsAlertEmails = readEnvironmentVariable('OPS_ALERT_EMAILS', '')
param filerGroups = readEnvironmentVariable('FILER_GROUPS', '')
param authClientId = readEnvironmentVariable('AUTH_CLIENT_ID', '')
param cityContacts = readEnvironmentVariable('CITY_CONTACTS', '')
