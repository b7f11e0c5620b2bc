{{/* The topology, generated from packages/topology/src/topology.json (never edited by hand). */}}
{{- define "lab.topology" -}}
{{- .Files.Get "files/topology.generated.json" -}}
{{- end -}}

{{- define "lab.labels" -}}
app.kubernetes.io/part-of: genesys-lab
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{- define "lab.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* Pod labels: in the mesh, ask for a sidecar explicitly (works with or without a labelled namespace). */}}
{{- define "lab.podLabels" -}}
{{ include "lab.selector" . }}
app.kubernetes.io/part-of: genesys-lab
{{- /* Istio's telemetry labels: the workload's name and version in its metrics and traces (and Kiali's graph). */}}
app: {{ .name }}
version: {{ .root.Chart.AppVersion | quote }}
{{- if .root.Values.istio.enabled }}
sidecar.istio.io/inject: "true"
{{- end }}
{{- end -}}

{{/* A host's name inside the cluster: <service>.<namespace>.svc.cluster.local */}}
{{- define "lab.fqdn" -}}
{{ .name }}.{{ .root.Release.Namespace }}.svc.cluster.local
{{- end -}}

{{/* The Genesys API host of the region (real mode) */}}
{{- define "lab.genesysApiHost" -}}
api.{{ .Values.genesys.region }}
{{- end -}}
{{- define "lab.genesysLoginHost" -}}
login.{{ .Values.genesys.region }}
{{- end -}}

{{/* The pod's security context; the argument is the user id to run as, numeric so that the kubelet can check
runAsNonRoot (the app images say USER node, a name it cannot check). */}}
{{- define "lab.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ . }}
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{- define "lab.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  capabilities:
    drop: ["ALL"]
{{- end -}}
