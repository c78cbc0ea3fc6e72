package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrDatadirInUse is returned when another process runs a node on the datadir.
var ErrDatadirInUse = errors.New("datadir in use by another l2node")

// dirLock is an advisory lock on <datadir>/LOCK, held while a node runs and
// released by the kernel if the process dies.
type dirLock struct{ f *os.File }

func lockDatadir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, "LOCK")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("datadir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder := strings.TrimSpace(string(b))
			if _, perr := strconv.Atoi(holder); perr == nil {
				return nil, fmt.Errorf("%w: %s (pid %s)", ErrDatadirInUse, dir, holder)
			}
			return nil, fmt.Errorf("%w: %s", ErrDatadirInUse, dir)
		}
		return nil, fmt.Errorf("datadir: lock %s: %w", path, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &dirLock{f: f}, nil
}

func (l *dirLock) release() {
	if l == nil || l.f == nil {
		return
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}
