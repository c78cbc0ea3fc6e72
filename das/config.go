package das

import (
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/l2node/l2node/internal/units"
)

// Config is the [das] section of config.toml.
type Config struct {
	// Producers may publish DA headers (peer IDs). Until sequencing lands
	// this is how a network says whose squares count.
	Producers []string `toml:"producers"`
	// Confidence is the light node's target: the chance that it would notice
	// an unrecoverable square. It sets the number of samples per header.
	Confidence float64 `toml:"confidence"`
	// PruningWindow: headers, data and verdicts older than this are deleted.
	PruningWindow units.Duration `toml:"pruning_window"`
	// CachedSquares extended squares are kept in memory on DA nodes.
	CachedSquares int `toml:"cached_squares"`
	// SampleTimeout bounds one header's sampling round.
	SampleTimeout units.Duration `toml:"sample_timeout"`
	// AttestationKeyFile holds a DA node's secp256k1 key for availability
	// attestations (created on first start, mode 0600).
	AttestationKeyFile string `toml:"attestation_key_file"`
	// Attesters, if set, are the only attestation signers (addresses) kept;
	// empty keeps every valid signature (the relayer checks the L1 set).
	Attesters []string `toml:"attesters"`
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Producers:          []string{},
		Confidence:         0.9999,
		PruningWindow:      units.Duration(7 * 24 * time.Hour),
		CachedSquares:      2,
		SampleTimeout:      units.Duration(20 * time.Second),
		AttestationKeyFile: "attest.key",
		Attesters:          []string{},
	}
}

// Validate checks the section.
func (c Config) Validate() error {
	for _, p := range c.Producers {
		if _, err := peer.Decode(p); err != nil {
			return fmt.Errorf("das.producers: %q is not a peer ID: %v", p, err)
		}
	}
	if c.Confidence <= 0 || c.Confidence >= 1 {
		return fmt.Errorf("das.confidence: %v, want 0 < confidence < 1", c.Confidence)
	}
	if c.PruningWindow.Std() < time.Minute {
		return fmt.Errorf("das.pruning_window: %s is too short (at least 1m)", c.PruningWindow)
	}
	if c.CachedSquares < 1 {
		return fmt.Errorf("das.cached_squares: %d, want >= 1", c.CachedSquares)
	}
	for _, a := range c.Attesters {
		if !common.IsHexAddress(a) {
			return fmt.Errorf("das.attesters: %q is not an address", a)
		}
	}
	if c.AttestationKeyFile == "" {
		return fmt.Errorf("das.attestation_key_file: empty")
	}
	if c.SampleTimeout.Std() < time.Second {
		return fmt.Errorf("das.sample_timeout: %s is too short (at least 1s)", c.SampleTimeout)
	}
	return nil
}
