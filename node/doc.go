// Package node assembles one l2node: it reads the datadir (config.toml, the
// node key, the stores), builds the p2p host and the services of each
// configured role with plain constructors, serves /metrics, /healthz, /readyz
// and /status, and shuts everything down in reverse order.
//
// How a caller drives it:
//
//  1. Init writes a datadir once (config.toml from the template, node.key).
//  2. LoadDatadir reads config.toml strictly; the caller layers environment
//     variables and flags over it with Config.Set and calls Validate.
//  3. New binds every port and opens every store, so that a bad port or key
//     fails before the node talks to anyone; Start joins the network.
//  4. Close on SIGINT/SIGTERM.
//
// Nothing below node imports it.
package node
