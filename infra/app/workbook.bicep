// A small Azure Monitor workbook for the bureau's engineer: filings by verdict per quarter, how long
// ingestions take, and the digest history. Its queries read the operations events (names from
// src/Cultivation.Application/Telemetry/TelemetryEvents.cs; a test checks them). Labels Chinese first.
param location string
param tags object = {}

@description('Name of the Application Insights component the worker sends its events to.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

param displayName string = '企业梯度培育 运行情况 Cultivation operations'

var filingsByVerdict = '''
customEvents
| where name in ("Cultivation.FilingAccepted", "Cultivation.FilingRejected", "Cultivation.FilingFailed", "Cultivation.FilingGaveUp")
| extend 报告期 = tostring(customDimensions.period), verdict = tostring(split(name, ".")[1])
| summarize 通过_accepted = countif(verdict == "FilingAccepted"), 退回_rejected = countif(verdict == "FilingRejected"),
    失败_failed = countif(verdict == "FilingFailed"), 放弃_gave_up = countif(verdict == "FilingGaveUp") by 报告期
| order by 报告期 desc
'''

var ingestionDuration = '''
customEvents
| where name in ("Cultivation.FilingAccepted", "Cultivation.FilingRejected", "Cultivation.FilingFailed", "Cultivation.FilingGaveUp")
| extend seconds = todouble(customDimensions.durationMs) / 1000.0
| summarize p50_s = percentile(seconds, 50), p95_s = percentile(seconds, 95), max_s = max(seconds) by bin(timestamp, 1d)
| order by timestamp asc
'''

var recentProblems = '''
customEvents
| where name in ("Cultivation.FilingRejected", "Cultivation.FilingFailed", "Cultivation.FilingGaveUp")
| project 时间_China = timestamp + 8h, 结果_verdict = tostring(split(name, ".")[1]), 文件_blob = tostring(customDimensions.blob),
    错误数_errors = toint(customDimensions.errors), 原因_failure = tostring(customDimensions.failure)
| order by 时间_China desc
| take 100
'''

var digestHistory = '''
customEvents
| where name in ("Cultivation.DigestSent", "Cultivation.DigestFailed")
| project 时间_China = timestamp + 8h, 周_week = tostring(customDimensions.week), 结果_result = tostring(customDimensions.result),
    收件人数_recipients = toint(customDimensions.recipients)
| order by 时间_China desc
'''

var queries = [
  { name: 'filings-by-verdict', title: '各报告期报送结果 Filings by verdict per quarter', query: filingsByVerdict, visualization: 'table' }
  { name: 'ingestion-duration', title: '入库耗时（秒）Ingestion duration (s)', query: ingestionDuration, visualization: 'timechart' }
  { name: 'recent-problems', title: '最近退回或失败的文件 Recent rejected or failed files', query: recentProblems, visualization: 'table' }
  { name: 'digest-history', title: '周报发送记录 Digest history', query: digestHistory, visualization: 'table' }
]

var workbook = {
  version: 'Notebook/1.0'
  items: concat([
    {
      type: 1
      name: 'heading'
      content: {
        json: '## 企业梯度培育 运行情况 Cultivation operations\n报送结果、入库耗时与周报发送记录（最近一年，时间为北京时间）。Filings, ingestion time and digests over the last year, China time.'
      }
    }
  ], map(queries, q => {
    type: 3
    name: q.name
    content: {
      version: 'KqlItem/1.0'
      title: q.title
      query: q.query
      size: 0
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: q.visualization
      // The last year: the workspace keeps the events that long (main.bicep).
      timeContext: {
        durationMs: 31536000000
      }
    }
  }))
  fallbackResourceIds: [applicationInsights.id]
}

resource operations 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsights.id, 'cultivation-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(workbook)
  }
}

output id string = operations.id
