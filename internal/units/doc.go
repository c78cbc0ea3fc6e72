// Package units holds small value types shared by configuration files: a
// time.Duration that reads and writes as "30s" in TOML.
//
// It must never grow behaviour beyond parsing and printing values.
package units
