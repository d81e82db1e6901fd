// What tells the bureau's engineer that something needs doing: an email (action group) when a filing
// failed or gave up, when too many files are rejected, and when a week's digest has not left by Monday
// 12:00 China time. The queries read the operations events the worker emits; their names are the
// constants of src/Cultivation.Application/Telemetry/TelemetryEvents.cs (a test fails on any name here
// that the code does not emit).
param location string
param tags object = {}

@description('Name of the Application Insights component the worker sends its events to.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

@description('Short name of the action group (at most 12 characters, shown in the email).')
@maxLength(12)
param actionGroupShortName string = 'cultivation'

param actionGroupName string

@description('Who is emailed; empty for alerts that show only in the portal.')
param emails string[] = []

@minValue(1)
@maxValue(100)
@description('Rejected files, in percent of the files that reached a verdict in the last day, above which the rate alert fires.')
param rejectedRateThresholdPercent int = 50

@minValue(1)
@description('The rate alert needs at least this many verdicts in the day (two rejected files of two is no trend).')
param rejectedRateMinimumFilings int = 5

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(emails)) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: actionGroupShortName
    enabled: true
    emailReceivers: [
      for (email, i) in emails: {
        name: 'email-${i}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(emails) ? {} : { actionGroups: [actionGroup.id] }

var rules = [
  {
    name: 'filing-failed'
    displayName: '报送文件处理失败 A filing failed'
    description: '一个报送文件因基础设施问题处理失败，对账将重试。A filing failed on infrastructure; reconciliation retries it (docs/deploy.md, Operations).'
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    autoMitigate: false
    query: '''
customEvents
| where name == "Cultivation.FilingFailed"
| extend blob = tostring(customDimensions.blob)
'''
    measure: ''
    aggregation: 'Count'
    threshold: 0
    dimensions: ['blob']
  }
  {
    name: 'filing-gave-up'
    displayName: '报送文件已放弃处理 A filing gave up'
    description: '一个报送文件五次处理失败，已停止重试，需重新上传。A filing failed five times and is final until a new version is uploaded.'
    severity: 1
    frequency: 'PT15M'
    window: 'PT15M'
    autoMitigate: false
    query: '''
customEvents
| where name == "Cultivation.FilingGaveUp"
| extend blob = tostring(customDimensions.blob)
'''
    measure: ''
    aggregation: 'Count'
    threshold: 0
    dimensions: ['blob']
  }
  {
    name: 'filings-rejected-rate'
    displayName: '报送文件退回比例过高 Many filings rejected'
    description: '过去一天被退回的报送文件比例超过阈值：可能是模板或规则的问题。The share of rejected files in the last day is above the threshold: a template or rule problem?'
    severity: 2
    frequency: 'PT1H'
    window: 'P1D'
    autoMitigate: true
    query: replace('''
customEvents
| where name in ("Cultivation.FilingAccepted", "Cultivation.FilingRejected")
| summarize rejected = countif(name == "Cultivation.FilingRejected"), verdicts = count()
| where verdicts >= MINIMUM
| extend rejectedPercent = 100.0 * rejected / verdicts
''', 'MINIMUM', string(rejectedRateMinimumFilings))
    measure: 'rejectedPercent'
    aggregation: 'Maximum'
    threshold: rejectedRateThresholdPercent
    dimensions: []
  }
  {
    // Evaluated hourly; only the run in Monday's 12:00-13:00 China-time hour can fire, once a week.
    name: 'digest-missing'
    displayName: '本周周报未发出 No weekly digest by Monday 12:00'
    description: '北京时间周一12:00前本周（ISO周）周报没有发出。The ISO week\'s digest had not been sent by Monday 12:00 China time.'
    severity: 1
    frequency: 'PT1H'
    window: 'P1D'
    autoMitigate: false
    query: '''
let chinaNow = now() + 8h;
let monday = startofday(chinaNow) - ((toint(dayofweek(chinaNow) / 1d) + 6) % 7) * 1d;
let deadline = monday + 12h;
let sent = toscalar(customEvents | where name == "Cultivation.DigestSent" | where timestamp + 8h >= monday | count);
print missing = iff(chinaNow >= deadline and chinaNow < deadline + 1h and sent == 0, 1, 0)
| where missing == 1
'''
    measure: ''
    aggregation: 'Count'
    threshold: 0
    dimensions: []
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: rule.name
    location: location
    tags: tags
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      autoMitigate: rule.autoMitigate
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.aggregation
            metricMeasureColumn: empty(rule.measure) ? null : rule.measure
            operator: 'GreaterThan'
            threshold: rule.threshold
            dimensions: [
              for dimension in rule.dimensions: {
                name: dimension
                operator: 'Include'
                values: ['*']
              }
            ]
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: actions
    }
  }
]

output actionGroupId string = empty(emails) ? '' : actionGroup.id
output ruleNames string[] = [for (rule, i) in rules: alertRules[i].name]
