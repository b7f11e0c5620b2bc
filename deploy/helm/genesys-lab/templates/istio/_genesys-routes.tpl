{{/*
The sidecar's virtual hosts of the Genesys API, as "<host>:<port>" (Envoy's outbound vhost names): each service's
Toxiproxy port to mock-genesys in mock mode, the region's API host in real mode. Returns JSON: {"vhosts": [...]}
*/}}
{{- define "lab.genesysVhosts" -}}
{{- $vhosts := list -}}
{{- if eq .Values.genesys.mode "real" -}}
{{- $vhosts = append $vhosts (printf "%s:80" (include "lab.genesysApiHost" .)) -}}
{{- else -}}
{{- $deps := include "lab.dependencies" . | fromJson -}}
{{- range (get $deps "mock-genesys").ports -}}
{{- $vhosts = append $vhosts (printf "%s:%v" (include "lab.fqdn" (dict "root" $ "name" "toxiproxy")) .) -}}
{{- end -}}
{{- end -}}
{{- toJson (dict "vhosts" $vhosts) -}}
{{- end -}}

{{/* The one descriptor every Genesys call carries: all callers share one bucket, the org's. */}}
{{- define "lab.rateLimitDescriptor" -}}
genesys_org
{{- end -}}
