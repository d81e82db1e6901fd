// The plan the function app runs on (Linux in every case):
// - FlexConsumption (FC1): billed per execution, runs the package from a blob container. Not offered in
//   every region, nor in Azure operated by 21Vianet.
// - ElasticPremium (EP1…): pre-warmed, scales out on load; runs the package from a blob URL.
// - Dedicated (App Service, P1v3…): fixed instances, always on; runs the package from a blob URL.
param name string
param location string
param tags object = {}

@allowed(['FlexConsumption', 'ElasticPremium', 'Dedicated'])
param hostingPlan string = 'FlexConsumption'

@description('SKU name for ElasticPremium (EP1, EP2, EP3) or Dedicated (e.g. P1v3, P0v3, B1); ignored for FlexConsumption.')
param sku string = ''

@minValue(1)
@maxValue(100)
@description('ElasticPremium: the most instances the plan scales out to.')
param maximumElasticWorkerCount int = 10

var skus = {
  FlexConsumption: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  ElasticPremium: {
    name: empty(sku) ? 'EP1' : sku
    tier: 'ElasticPremium'
  }
  Dedicated: {
    name: empty(sku) ? 'P1v3' : sku
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: hostingPlan == 'FlexConsumption' ? 'functionapp' : (hostingPlan == 'ElasticPremium' ? 'elastic' : 'linux')
  sku: skus[hostingPlan]
  properties: {
    reserved: true
    maximumElasticWorkerCount: hostingPlan == 'ElasticPremium' ? maximumElasticWorkerCount : null
  }
}

output id string = plan.id
output name string = plan.name
