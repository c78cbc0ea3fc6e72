// Package deploy holds no code: it is the home of the deployment files of
// l2node and of the tests that keep them true to the code.
//
//   - ../Dockerfile builds the image (the l2node binary, non-root, /data).
//   - compose/ runs the devnet of `l2node devnet` in a container with
//     Prometheus (prometheus.yml, alerts.yml) and Grafana.
//   - grafana/ is the dashboard over the nodes' metrics and its provisioning.
//   - k8s/ is a testnet on Kubernetes, applied with `kubectl apply -k`.
//
// docs/deploy.md explains how to use them. The tests parse every file, check
// that the manifests refer only to objects, ports and config keys that exist,
// that every config.toml of the ConfigMap loads and validates as the node
// would load it, and that every metric the dashboard and the alerts query is
// one the code registers. They must never start a network or reach the
// internet: they stay fast enough for `go test ./...`.
package deploy
