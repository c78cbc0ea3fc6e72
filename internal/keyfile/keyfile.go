// Package keyfile loads the node's secp256k1 keys (the DA attestation key,
// the sequencer key) from files, creating them with mode 0600 on first use
// and refusing files others can read.
package keyfile

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/crypto"
)

// LoadOrCreateSecp256k1 loads the hex-encoded secp256k1 key at path, or
// creates it (mode 0600) if there is none. what names the key in errors.
func LoadOrCreateSecp256k1(path, what string) (*ecdsa.PrivateKey, error) {
	if st, err := os.Stat(path); err == nil {
		if perm := st.Mode().Perm(); perm&0o077 != 0 {
			return nil, fmt.Errorf("%s %s has mode %04o, want 0600", what, path, perm)
		}
		key, err := crypto.LoadECDSA(path)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", what, path, err)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, err
	}
	if err := crypto.SaveECDSA(path, key); err != nil { // writes with mode 0600
		return nil, fmt.Errorf("%s: save: %w", what, err)
	}
	return key, nil
}
