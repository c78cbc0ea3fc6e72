// Package simulation runs the protocol cores of sequencing and das on
// thousands of simulated peers: scenarios from a file, a seeded discrete-event
// engine on a virtual clock, a GossipSub model over a simulated network,
// adversaries, metrics and plots. Nothing is built here yet; the simulator
// issue fills it.
package simulation
