{{/*
The external dependencies of the services, from the topology: each upstream of a proxy that a service calls
through (mock-genesys, mock-crm, mock-notifier), with the Toxiproxy ports those calls go to. Returns JSON:
{"mock-genesys": {"ports": [18201, ...]}, ...}
*/}}
{{- define "lab.dependencies" -}}
{{- $t := include "lab.topology" . | fromJson -}}
{{- $deps := dict -}}
{{- range $name, $app := $t.apps -}}
{{- range $app.calls -}}
{{- $d := get $deps .upstream | default (dict "ports" list) -}}
{{- $_ := set $d "ports" (append $d.ports .port) -}}
{{- $_ := set $deps .upstream $d -}}
{{- end -}}
{{- end -}}
{{- toJson $deps -}}
{{- end -}}

{{/* The traffic policy of one external dependency: connection pool and outlier detection (values.istio). */}}
{{- define "lab.dependencyPolicy" -}}
connectionPool:
  tcp:
    maxConnections: {{ .Values.istio.connectionPool.maxConnections }}
  http:
    http1MaxPendingRequests: {{ .Values.istio.connectionPool.http1MaxPendingRequests }}
    http2MaxRequests: {{ .Values.istio.connectionPool.http2MaxRequests }}
    idleTimeout: {{ .Values.istio.connectionPool.idleTimeout }}
outlierDetection:
  # 10, not 5: a maintenance window's burst of 503s should not eject the host on its first seconds.
  consecutiveGatewayErrors: {{ .Values.istio.outlierDetection.consecutiveGatewayErrors }}
  # 5xx that are not gateway errors (a 500 from the API) do not eject: only 502, 503, 504 count.
  consecutive5xxErrors: 0
  interval: {{ .Values.istio.outlierDetection.interval }}
  # 30 s: short, so the path comes back soon after the window; the app's breaker and fallbacks cover it meanwhile.
  baseEjectionTime: {{ .Values.istio.outlierDetection.baseEjectionTime }}
  maxEjectionPercent: {{ .Values.istio.outlierDetection.maxEjectionPercent }}
{{- end -}}
