// Package simulation runs the protocol cores on simulated networks for
// researchers: scenarios from a YAML file, a seeded discrete-event engine on
// a virtual clock, a network model (latency matrix, jitter, loss, uplink
// bandwidth), workloads and adversaries, and metrics files. The same
// scenario and seed give byte-identical outputs.
//
// Built so far: sequencers running the node's own consensus core
// (sequencing/consensus) and leader schedule (sequencing.Schedule), the
// leader-crash adversary with catch-up on restart, and metrics.json and
// blocks.csv. The GossipSub model, DA and light nodes, further adversaries,
// sweeps, plots, emulation and exports come with the rest of the simulator
// issue (docs/simulator.md).
package simulation
