{{/*
Shared defines. Every Jobsprint component (a service, or the executor workers) is rendered from
its values block merged over `componentDefaults`, by one of three entry points:

  jobsprint.grpcService  a gRPC service: Deployment, headless Service, HPA, PDB, ServiceAccount,
                         NetworkPolicy, ServiceMonitor
  jobsprint.httpService  the same with a ClusterIP HTTP Service (the gateway)
  jobsprint.worker       no Service port of its own; scaled by KEDA on its queue when enabled

Each is called with (dict "root" $ "key" "<values key>" "name" "<component name>").
*/}}

{{- define "jobsprint.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "jobsprint.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "jobsprint.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's objects: <fullname>-<component>. Args: root, name. */}}
{{- define "jobsprint.componentName" -}}
{{- printf "%s-%s" (include "jobsprint.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. Args: root, name (component; optional). */}}
{{- define "jobsprint.labels" -}}
helm.sh/chart: {{ include "jobsprint.chart" .root }}
{{ include "jobsprint.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: jobsprint
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "jobsprint.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jobsprint.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}
{{- end -}}

{{/* A component's values: its block merged over componentDefaults, into .out.component.
A hand-written deep merge: sprig's merge/mergeOverwrite drop a `false` or `0` set over a default.
Args: root, key, out (a dict to receive the result). */}}
{{- define "jobsprint.resolveComponent" -}}
{{- $component := deepCopy .root.Values.componentDefaults -}}
{{- include "jobsprint.mergeInto" (dict "dst" $component "src" (deepCopy (index .root.Values .key))) -}}
{{- $_ := set .out "component" $component -}}
{{- end -}}

{{- define "jobsprint.mergeInto" -}}
{{- $dst := .dst -}}
{{- range $k, $v := .src -}}
{{- if and (kindIs "map" $v) (kindIs "map" (index $dst $k)) -}}
{{- include "jobsprint.mergeInto" (dict "dst" (index $dst $k) "src" $v) -}}
{{- else -}}
{{- $_ := set $dst $k $v -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A value as an env var string; whole numbers stay whole (Helm reads values' numbers as floats,
which print as 2.097152e+06). */}}
{{- define "jobsprint.envValue" -}}
{{- if and (kindIs "float64" .) (eq (. | int64 | float64) .) -}}
{{- . | int64 | toString | quote -}}
{{- else -}}
{{- . | toString | quote -}}
{{- end -}}
{{- end -}}

{{/* Settings prefix of a component: envPrefix, or its values key upper-cased. Args: root, key. */}}
{{- define "jobsprint.envPrefix" -}}
{{- $c := index .root.Values .key -}}
{{- default (upper .key) $c.envPrefix -}}
{{- end -}}

{{- define "jobsprint.image" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $repository := default (printf "%s/%s" $root.Values.image.repositoryPrefix $c.image.name) $c.image.repository -}}
{{- $tag := default (default $root.Chart.AppVersion $root.Values.image.tag) $c.image.tag -}}
{{- if $root.Values.image.registry -}}
{{- printf "%s/%s:%s" $root.Values.image.registry $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "jobsprint.secretName" -}}
{{- default (printf "%s-secrets" (include "jobsprint.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "jobsprint.configMapName" -}}
{{- printf "%s-config" (include "jobsprint.fullname" .) -}}
{{- end -}}

{{- define "jobsprint.anyInCluster" -}}
{{- if or .Values.postgresql.inCluster.enabled .Values.redis.inCluster.enabled .Values.rabbitmq.inCluster.enabled -}}true{{- end -}}
{{- end -}}

{{/* The services that own a schema (their blocks set `migrate: true`), as a YAML list of
{key, database}, in values-key order. */}}
{{- define "jobsprint.migratingComponents" -}}
{{- $found := list -}}
{{- range $key, $c := .Values -}}
{{- if and (kindIs "map" $c) (hasKey $c "dependsOn") $c.enabled $c.migrate -}}
{{- $found = append $found (dict "key" $key "database" $c.database) -}}
{{- end -}}
{{- end -}}
{{- toYaml $found -}}
{{- end -}}

{{/* The databases (schema and role names) of every enabled component, as a YAML list. */}}
{{- define "jobsprint.databases" -}}
{{- $found := list -}}
{{- range $key, $c := .Values -}}
{{- if and (kindIs "map" $c) (hasKey $c "dependsOn") $c.enabled $c.database -}}
{{- $found = append $found $c.database -}}
{{- end -}}
{{- end -}}
{{- toYaml ($found | uniq | sortAlpha) -}}
{{- end -}}

{{- define "jobsprint.postgresHost" -}}
{{- if .Values.postgresql.inCluster.enabled -}}
{{- printf "%s-postgresql" (include "jobsprint.fullname" .) -}}
{{- else -}}
{{- .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{- define "jobsprint.postgresSslMode" -}}
{{- if .Values.postgresql.inCluster.enabled -}}disable{{- else -}}{{ .Values.postgresql.sslMode }}{{- end -}}
{{- end -}}

{{/* gRPC target of a component through its headless Service: DNS gives every ready pod's
address and the client balances round-robin across them. Args: root, key. */}}
{{- define "jobsprint.grpcTarget" -}}
{{- $c := index .root.Values .key -}}
{{- printf "dns:///%s-headless.%s.svc.%s:%v" (include "jobsprint.componentName" (dict "root" .root "name" $c.name)) .root.Release.Namespace .root.Values.clusterDomain $c.port -}}
{{- end -}}

{{/* Settings every service reads (BaseServiceSettings) that are not secret: the ConfigMap's data,
and the migration Job's env (it runs before the ConfigMap exists). */}}
{{- define "jobsprint.sharedConfig" -}}
JOBSPRINT_ENVIRONMENT: {{ .Values.config.environment | quote }}
JOBSPRINT_LOG_LEVEL: {{ .Values.config.logLevel | quote }}
JOBSPRINT_JWT_ISSUER: {{ .Values.config.jwtIssuer | quote }}
JOBSPRINT_JWT_AUDIENCE: {{ .Values.config.jwtAudience | quote }}
JOBSPRINT_GRPC_MAX_WORKERS: {{ .Values.config.grpcMaxWorkers | quote }}
MALLOC_ARENA_MAX: {{ .Values.config.mallocArenaMax | quote }}
MALLOC_MMAP_THRESHOLD_: {{ .Values.config.mallocMmapThreshold | quote }}
{{- with .Values.config.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Secret settings every service reads, from the Secret. */}}
{{- define "jobsprint.secretEnv" -}}
{{- $secret := include "jobsprint.secretName" . -}}
{{- if .Values.jwtKeyRingFile.secretName }}
{{- /* A mounted file is re-read on change (ADR-025): keys rotate without restarts. */}}
- name: JOBSPRINT_JWT_KEYS_FILE
  value: {{ printf "%s/%s" .Values.jwtKeyRingFile.mountPath .Values.jwtKeyRingFile.key | quote }}
{{- else }}
- name: JOBSPRINT_JWT_KEYS
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: jwt-keys}
- name: JOBSPRINT_JWT_CURRENT_KID
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: jwt-current-kid}
{{- end }}
- name: JOBSPRINT_REDIS_URL
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: redis-url}
- name: JOBSPRINT_AMQP_URL
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: amqp-url}
{{- end -}}

{{/* A gRPC service's own settings: its database URL (the password from the Secret, spliced in by
Kubernetes' $(VAR) expansion), where it listens and serves metrics. Args: root, key, component. */}}
{{- define "jobsprint.serviceEnv" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $prefix := include "jobsprint.envPrefix" . -}}
{{- if $c.database }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "jobsprint.secretName" $root }}, key: {{ printf "%s-db-password" $c.database }}}
- name: {{ $prefix }}_DATABASE_URL
  value: {{ printf "postgresql+psycopg://jobsprint_%s:$(DB_PASSWORD)@%s:%v/%s?sslmode=%s" $c.database (include "jobsprint.postgresHost" $root) $root.Values.postgresql.port $root.Values.postgresql.database (include "jobsprint.postgresSslMode" $root) | quote }}
{{- end }}
{{- if eq $c.kind "http" }}
- name: {{ $prefix }}_HOST
  value: "0.0.0.0"
- name: {{ $prefix }}_PORT
  value: {{ $c.port | quote }}
{{- else }}
{{- if eq $c.kind "grpc" }}
- name: {{ $prefix }}_GRPC_HOST
  value: "0.0.0.0"
- name: {{ $prefix }}_GRPC_PORT
  value: {{ $c.port | quote }}
{{- end }}
- name: {{ $prefix }}_METRICS_HOST
  value: "0.0.0.0"
- name: {{ $prefix }}_METRICS_PORT
  value: {{ $c.metricsPort | quote }}
{{- end }}
{{- range $dependency := $c.dependsOn }}
- name: {{ printf "%s_%s_TARGET" $prefix (upper $dependency) }}
  value: {{ include "jobsprint.grpcTarget" (dict "root" $root "key" $dependency) | quote }}
{{- end }}
{{- range $name, $value := $c.settings }}
- name: {{ printf "%s_%s" $prefix $name }}
  value: {{ include "jobsprint.envValue" $value }}
{{- end }}
{{- range $name, $key := $c.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef: {name: {{ include "jobsprint.secretName" $root }}, key: {{ $key }}}
{{- end }}
{{- with $c.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The Deployment of a component. Args: root, key, name, component. */}}
{{- define "jobsprint.deployment" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $fullName := include "jobsprint.componentName" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  {{- if not (or $c.autoscaling.enabled (and $c.keda $c.keda.enabled)) }}
  replicas: {{ $c.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "jobsprint.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 25%
  template:
    metadata:
      labels:
        {{- include "jobsprint.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include "jobsprint.sharedConfig" $root | sha256sum }}
        {{- if not $root.Values.secrets.existingSecret }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- end }}
        {{- with $c.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $fullName }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml $c.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $c.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .name }}
          image: {{ include "jobsprint.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with $c.command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- toYaml $c.securityContext | nindent 12 }}
          envFrom:
            - configMapRef:
                name: {{ include "jobsprint.configMapName" $root }}
          env:
            {{- include "jobsprint.secretEnv" $root | nindent 12 }}
            {{- include "jobsprint.serviceEnv" . | trim | nindent 12 }}
          ports:
            {{- if eq $c.kind "http" }}
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
            {{- else }}
            {{- if eq $c.kind "grpc" }}
            - name: grpc
              containerPort: {{ $c.port }}
              protocol: TCP
            {{- end }}
            - name: metrics
              containerPort: {{ $c.metricsPort }}
              protocol: TCP
            {{- end }}
          {{- include "jobsprint.probes" . | trim | nindent 10 }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.jwtKeyRingFile.secretName }}
            - name: jwt-key-ring
              mountPath: {{ $root.Values.jwtKeyRingFile.mountPath }}
              readOnly: true
            {{- end }}
      volumes:
        {{- if $root.Values.jwtKeyRingFile.secretName }}
        - name: jwt-key-ring
          secret:
            secretName: {{ $root.Values.jwtKeyRingFile.secretName }}
        {{- end }}
        - name: tmp
          emptyDir:
            sizeLimit: {{ $c.tmpSizeLimit }}
      {{- if $c.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $c.topologySpread.topologyKeys }}
        - maxSkew: {{ $c.topologySpread.maxSkew }}
          topologyKey: {{ . }}
          whenUnsatisfiable: {{ $c.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "jobsprint.selectorLabels" (dict "root" $root "name" $.name) | nindent 14 }}
        {{- end }}
      {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* Probes on the real health endpoints: the standard gRPC health service, the gateway's
/healthz and /readyz, a worker's /metrics server (it has no other listener). */}}
{{- define "jobsprint.probes" -}}
{{- $c := .component -}}
{{- $p := $c.probes -}}
{{- if eq $c.kind "grpc" }}
{{- $check := dict "grpc" (dict "port" $c.port) }}
{{- /* Alive is not ready: a service whose database is down stays alive (gRPC health name
"liveness") and turns not ready (the overall name), so an outage is not a restart loop. */}}
{{- $alive := dict "grpc" (dict "port" $c.port "service" "liveness") }}
startupProbe:
  {{- toYaml (merge (deepCopy $alive) $p.startup) | nindent 2 }}
livenessProbe:
  {{- toYaml (merge (deepCopy $alive) $p.liveness) | nindent 2 }}
readinessProbe:
  {{- toYaml (merge (deepCopy $check) $p.readiness) | nindent 2 }}
{{- else if eq $c.kind "http" }}
startupProbe:
  {{- toYaml (merge (dict "httpGet" (dict "path" "/healthz" "port" "http")) $p.startup) | nindent 2 }}
livenessProbe:
  {{- toYaml (merge (dict "httpGet" (dict "path" "/healthz" "port" "http")) $p.liveness) | nindent 2 }}
readinessProbe:
  {{- toYaml (merge (dict "httpGet" (dict "path" "/readyz" "port" "http")) $p.readiness) | nindent 2 }}
{{- else }}
startupProbe:
  {{- toYaml (merge (dict "httpGet" (dict "path" "/metrics" "port" "metrics")) $p.startup) | nindent 2 }}
livenessProbe:
  {{- toYaml (merge (dict "httpGet" (dict "path" "/metrics" "port" "metrics")) $p.liveness) | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "jobsprint.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
  {{- with .component.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}

{{/* Services. gRPC: headless, so DNS answers every ready pod and clients balance round-robin
(a ClusterIP would pin each long-lived HTTP/2 connection to one pod). */}}
{{- define "jobsprint.service" -}}
{{- $c := .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "jobsprint.componentName" . }}{{ if ne $c.kind "http" }}-headless{{ end }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  {{- if eq $c.kind "http" }}
  type: ClusterIP
  {{- else }}
  clusterIP: None
  publishNotReadyAddresses: false
  {{- end }}
  selector:
    {{- include "jobsprint.selectorLabels" . | nindent 4 }}
  ports:
    {{- if eq $c.kind "http" }}
    - name: http
      port: {{ $c.port }}
      targetPort: http
      protocol: TCP
    {{- else }}
    {{- if eq $c.kind "grpc" }}
    - name: grpc
      port: {{ $c.port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    {{- end }}
    - name: metrics
      port: {{ $c.metricsPort }}
      targetPort: metrics
      protocol: TCP
    {{- end }}
{{- end -}}

{{- define "jobsprint.hpa" -}}
{{- $c := .component -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "jobsprint.componentName" . }}
  minReplicas: {{ $c.autoscaling.minReplicas }}
  maxReplicas: {{ $c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $c.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $c.autoscaling.scaleDownStabilizationSeconds }}
{{- end -}}

{{- define "jobsprint.pdb" -}}
{{- $c := .component -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  {{- if $c.pdb.minAvailable }}
  minAvailable: {{ $c.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $c.pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "jobsprint.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* Ingress to a component: only from the components that call it (those whose dependsOn names
it), the ingress controller for the gateway, and Prometheus to the metrics port. */}}
{{- define "jobsprint.networkPolicy" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $servingPort := ternary "http" "grpc" (eq $c.kind "http") -}}
{{- $metricsPort := ternary "http" "metrics" (eq $c.kind "http") -}}
{{- $rules := list -}}
{{- $callers := list -}}
{{- range $otherKey, $other := $root.Values -}}
{{- if and (kindIs "map" $other) (hasKey $other "dependsOn") $other.enabled (has $.key $other.dependsOn) -}}
{{- $callers = append $callers (dict "podSelector" (dict "matchLabels" (include "jobsprint.selectorLabels" (dict "root" $root "name" $other.name) | fromYaml))) -}}
{{- end -}}
{{- end -}}
{{- if and $callers (ne $c.kind "worker") -}}
{{- $rules = append $rules (dict "from" $callers "ports" (list (dict "port" $servingPort "protocol" "TCP"))) -}}
{{- end -}}
{{- if eq $c.kind "http" -}}
{{- $rules = append $rules (dict "from" $np.ingressControllerFrom "ports" (list (dict "port" "http" "protocol" "TCP"))) -}}
{{- end -}}
{{- if $np.metricsFrom -}}
{{- $rules = append $rules (dict "from" $np.metricsFrom "ports" (list (dict "port" $metricsPort "protocol" "TCP"))) -}}
{{- end -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "jobsprint.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  {{- if $rules }}
  ingress:
    {{- toYaml $rules | nindent 4 }}
  {{- else }}
  ingress: []
  {{- end }}
{{- end -}}

{{- define "jobsprint.serviceMonitor" -}}
{{- $c := .component -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
    {{- with .root.Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "jobsprint.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: {{ if eq $c.kind "http" }}http{{ else }}metrics{{ end }}
      path: /metrics
      interval: {{ .root.Values.serviceMonitor.interval }}
{{- end -}}

{{/* Every object of a component, separated by ---. Args: root, key (its values key). */}}
{{- define "jobsprint.component" -}}
{{- $out := dict -}}
{{- include "jobsprint.resolveComponent" (dict "root" .root "key" .key "out" $out) -}}
{{- $component := $out.component -}}
{{- if $component.enabled -}}
{{- $ctx := dict "root" .root "key" .key "name" $component.name "component" $component -}}
{{- $keda := and (hasKey $component "keda") $component.keda.enabled -}}
{{ include "jobsprint.serviceAccount" $ctx }}
---
{{ include "jobsprint.deployment" $ctx }}
---
{{ include "jobsprint.service" $ctx }}
{{- if and $component.autoscaling.enabled (not $keda) }}
---
{{ include "jobsprint.hpa" $ctx }}
{{- end }}
{{- if $keda }}
---
{{ include "jobsprint.kedaScaledObject" $ctx }}
{{- end }}
{{- if $component.pdb.enabled }}
---
{{ include "jobsprint.pdb" $ctx }}
{{- end }}
{{- if .root.Values.networkPolicy.enabled }}
---
{{ include "jobsprint.networkPolicy" $ctx }}
{{- end }}
{{- if .root.Values.serviceMonitor.enabled }}
---
{{ include "jobsprint.serviceMonitor" $ctx }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* KEDA: scale the workers on the depth of their RabbitMQ queue. KEDA reads the broker URL
from the Secret's amqp-url key through a TriggerAuthentication. */}}
{{- define "jobsprint.kedaScaledObject" -}}
{{- $c := .component -}}
{{- $k := $c.keda -}}
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  secretTargetRef:
    - parameter: host
      name: {{ include "jobsprint.secretName" .root }}
      key: amqp-url
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "jobsprint.componentName" . }}
  labels:
    {{- include "jobsprint.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ include "jobsprint.componentName" . }}
  minReplicaCount: {{ $k.minReplicas }}
  maxReplicaCount: {{ $k.maxReplicas }}
  pollingInterval: {{ $k.pollingInterval }}
  cooldownPeriod: {{ $k.cooldownPeriod }}
  triggers:
    - type: rabbitmq
      metadata:
        protocol: amqp
        queueName: {{ $k.queueName }}
        mode: QueueLength
        value: {{ $k.messagesPerReplica | quote }}
      authenticationRef:
        name: {{ include "jobsprint.componentName" . }}
{{- end -}}
