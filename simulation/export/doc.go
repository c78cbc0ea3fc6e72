// Package export turns a simulator scenario into configurations that run
// the real l2node binary beyond one process: a Shadow simulation (Shadow,
// https://shadow.github.io: shadow.yaml with a host per node, a GML graph of
// the regions, the latency matrix and the loss, and init.sh to make the
// datadirs) and Kubernetes manifests for a multi-machine testnet (K8s:
// StatefulSets per node group, Services, the network's ConfigMap and
// keys.sh), following the hand-written testnet in deploy/k8s.
//
// The exports are plain files, the same for the same scenario. What the
// real nodes cannot be told — the simulator's adversaries, jitter — is
// named in a comment of the output rather than silently dropped. It never
// runs the binaries or talks to a cluster; the scripts it writes do that.
package export
