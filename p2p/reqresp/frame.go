package reqresp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Code is the first byte of a response chunk.
type Code byte

// Response codes.
const (
	CodeOK             Code = 0
	CodeInvalidRequest Code = 1
	CodeServerError    Code = 2
	CodeRateLimited    Code = 3
	CodeUnavailable    Code = 4
)

func (c Code) String() string {
	switch c {
	case CodeOK:
		return "ok"
	case CodeInvalidRequest:
		return "invalid request"
	case CodeServerError:
		return "server error"
	case CodeRateLimited:
		return "rate limited"
	case CodeUnavailable:
		return "unavailable"
	}
	return fmt.Sprintf("code %d", byte(c))
}

// maxReasonLen caps the text of an error chunk.
const maxReasonLen = 256

// Errors of the framing layer.
var (
	ErrTooLarge  = errors.New("message exceeds its size cap")
	ErrBadLength = errors.New("malformed length prefix")
	ErrBadCode   = errors.New("unknown response code")
	// ErrTruncated: the stream ended (or was reset) mid-message. On the
	// server it is not held against the peer: a client may give up.
	ErrTruncated = errors.New("message truncated")
)

// writeMsg writes uvarint(len) || b.
func writeMsg(w io.Writer, b []byte) error {
	var hdr [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(hdr[:], uint64(len(b)))
	if _, err := w.Write(hdr[:n]); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}

// readMsg reads uvarint(len) || payload, refusing lengths above max before
// allocating anything.
func readMsg(r *bufio.Reader, max int) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: in the length prefix", ErrTruncated)
		}
		if strings.Contains(err.Error(), "overflows") { // encoding/binary's unexported errOverflow
			return nil, fmt.Errorf("%w: %v", ErrBadLength, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	if n > uint64(max) {
		return nil, fmt.Errorf("%w: %d > %d bytes", ErrTooLarge, n, max)
	}
	// Memory follows the bytes that actually arrive, not the declared length:
	// a peer that announces 4 MiB and sends nothing costs us nothing.
	const step = 64 << 10
	buf := make([]byte, 0, min(n, step))
	for uint64(len(buf)) < n {
		chunk := min(n-uint64(len(buf)), step)
		buf = slices.Grow(buf, int(chunk))
		got, err := io.ReadFull(r, buf[len(buf):len(buf)+int(chunk)])
		buf = buf[:len(buf)+got]
		if err != nil {
			return nil, fmt.Errorf("%w: payload truncated at %d of %d bytes: %v", ErrTruncated, len(buf), n, err)
		}
	}
	return buf, nil
}

// writeChunk writes one response chunk.
func writeChunk(w io.Writer, c Code, b []byte) error {
	if _, err := w.Write([]byte{byte(c)}); err != nil {
		return err
	}
	return writeMsg(w, b)
}

// readChunk reads one response chunk; io.EOF means the response ended cleanly.
func readChunk(r *bufio.Reader, max int) (Code, []byte, error) {
	c, err := r.ReadByte()
	if err != nil {
		return 0, nil, err // io.EOF: end of response
	}
	code := Code(c)
	limit := max
	switch code {
	case CodeOK:
	case CodeInvalidRequest, CodeServerError, CodeRateLimited, CodeUnavailable:
		limit = maxReasonLen
	default:
		return 0, nil, fmt.Errorf("%w %d", ErrBadCode, c)
	}
	b, err := readMsg(r, limit)
	if errors.Is(err, io.EOF) {
		err = fmt.Errorf("%w: chunk without length", ErrTruncated)
	}
	return code, b, err
}
