package node

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
)

// Files and directories of a datadir.
const (
	ConfigFile  = "config.toml"
	PeerBookDir = "peerbook"
)

// ErrDatadirExists is returned by Init for a datadir that already holds a node.
var ErrDatadirExists = errors.New("datadir already initialized")

// ErrKey marks a node key that is missing, unreadable, exposed or corrupt.
var ErrKey = errors.New("bad node key")

// Init writes a datadir: config.toml rendered from cfg and, unless one is
// already there, a fresh Ed25519 node key with mode 0600. It refuses a datadir
// that already holds a config or key unless force is set; with force the
// config is rewritten and an existing key is kept, so the peer ID survives.
func Init(dir string, cfg Config, force bool) (peer.ID, error) {
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	cfgPath := filepath.Join(dir, ConfigFile)
	keyPath := resolve(dir, cfg.Node.KeyFile)
	if !force {
		for _, p := range []string{cfgPath, keyPath} {
			if _, err := os.Lstat(p); err == nil {
				return "", fmt.Errorf("%w: %s exists (pass --force to rewrite config.toml; the node key is always kept)", ErrDatadirExists, p)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("datadir: %w", err)
	}
	lock, err := lockDatadir(dir) // never rewrite the config of a running node
	if err != nil {
		return "", err
	}
	defer lock.release()
	var key crypto.PrivKey
	if _, err := os.Lstat(keyPath); err == nil {
		if key, err = LoadKey(keyPath); err != nil {
			return "", err
		}
	} else {
		if key, err = writeNewKey(keyPath); err != nil {
			return "", err
		}
	}
	b, err := RenderConfig(cfg)
	if err != nil {
		return "", err
	}
	if err := writeFileAtomic(cfgPath, b, 0o644); err != nil {
		return "", fmt.Errorf("datadir: write %s: %w", cfgPath, err)
	}
	return peer.IDFromPrivateKey(key)
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func writeNewKey(path string) (crypto.PrivKey, error) {
	key, _, err := crypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("node key: generate: %w", err)
	}
	b, err := crypto.MarshalPrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("node key: encode: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	if err := writeFileAtomic(path, b, 0o600); err != nil {
		return nil, fmt.Errorf("node key: write %s: %w", path, err)
	}
	return key, nil
}

// writeFileAtomic writes to a temporary file, syncs it and renames it into
// place, so a crash leaves either the old file or the new one, never half.
func writeFileAtomic(path string, b []byte, mode fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// LoadKey reads the node key, refusing one that others may read.
func LoadKey(path string) (crypto.PrivKey, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist (run `l2node init` first)", ErrKey, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrKey, path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %04o, want 0600 (chmod 600 %s)", ErrKey, path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read %s: %v", ErrKey, path, err)
	}
	if len(b) > 1024 {
		return nil, fmt.Errorf("%w: %s is corrupt (%d bytes, an Ed25519 key is 68)", ErrKey, path, len(b))
	}
	key, err := crypto.UnmarshalPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is corrupt: %v", ErrKey, path, err)
	}
	if key.Type() != crypto.Ed25519 {
		return nil, fmt.Errorf("%w: %s holds a %s key, want Ed25519", ErrKey, path, key.Type())
	}
	return key, nil
}

// LoadDatadir reads config.toml of a datadir. A missing file is an error: a
// node only runs from an initialized datadir.
func LoadDatadir(dir string) (Config, error) {
	p := filepath.Join(dir, ConfigFile)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return Config{}, fmt.Errorf("%w: %s does not exist (run `l2node init --datadir %s` first)", ErrConfig, p, dir)
	}
	return LoadConfig(p)
}

// ChainDataDirs are the datadir's directories of chain data (everything but
// the config, the keys and the peer book).
var ChainDataDirs = []string{"exec", "sequencing", "das", "bridge"}

// ResetChainData deletes a datadir's chain data, keeping its config, keys and
// peer book: for a devnet whose L1 starts anew, where the L2 must too.
func ResetChainData(dir string) error {
	for _, d := range ChainDataDirs {
		if err := os.RemoveAll(filepath.Join(dir, d)); err != nil {
			return fmt.Errorf("reset chain data: %w", err)
		}
	}
	return nil
}
