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
// IHAVE/IWANT, IDONTWANT, message cache, and the invalid-message part of
// the node's peer score) carrying consensus messages, evidence, DA headers
// and optionally transactions over per-node uplink and downlink queues;
// churn of DA and light groups (churn.go); the adversaries: a leader crash,
// withholding, an equivocating leader caught by the core's evidence
// (equivocate.go), an eclipse and sybil peers (attack.go); metrics.json,
// blocks.csv, das.csv, propagation.csv, bandwidth.csv, evidence.csv,
// churn.csv and SVG plots, and parameter sweeps (Sweep). The subpackage
// export turns a scenario into a Shadow configuration or Kubernetes
// manifests. Emulate runs a small scenario on real libp2p hosts (go-libp2p's
// mock network) with the node's own GossipSub router in real time, replaying
// the model's publications, and Calibrate compares the two (emulate.go,
// calibrate.go).
//
// A model run must never read the wall clock or a global random source:
// every draw comes from the scenario's seed, so outputs are byte-identical.
// The emulation is the one exception, by design: it runs in real time, and
// its outputs are reproducible statistically, not byte for byte.
package simulation
