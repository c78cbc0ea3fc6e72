// Package simulation runs the protocol cores on simulated networks for
// researchers: scenarios from a YAML file, a seeded discrete-event engine on
// a virtual clock, a network model (latency matrix, jitter, loss, uplink
// and downlink bandwidth, GossipSub), workloads and adversaries, and
// metrics files. The same scenario and seed give byte-identical outputs.
//
// Built so far: sequencers running the node's own consensus core
// (sequencing/consensus) and leader schedule (sequencing.Schedule), DA and
// light nodes running the sampling tracker (das/sampling) and the erasure
// code (das/erasure), a GossipSub model (gossipsub.go: meshes, heartbeats,
// IHAVE/IWANT, IDONTWANT, message cache) carrying consensus messages and DA
// headers over per-node uplink and downlink queues, the leader-crash and
// withholding adversaries, metrics.json, blocks.csv, das.csv,
// propagation.csv, bandwidth.csv and SVG plots, and parameter sweeps
// (Sweep). The subpackage export turns a scenario into a Shadow
// configuration or Kubernetes manifests. Further adversaries, churn and
// emulation come with the rest of the simulator issue (docs/simulator.md).
//
// It must never read the wall clock or a global random source inside a run:
// every draw comes from the scenario's seed, so outputs are byte-identical.
package simulation
