package das

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"

	"github.com/ipfs/boxo/bitswap"
	bsnet "github.com/ipfs/boxo/bitswap/network/bsnet"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/protocol"
	mh "github.com/multiformats/go-multihash"

	"github.com/l2node/l2node/das/erasure"
	"github.com/l2node/l2node/das/sampling"
)

// Bitswap is the fallback source of shares: DA nodes offer the blocks of
// their squares' row trees over bitswap (protocol prefix /l2/<network>, so it
// never mixes with IPFS), and a light node that cannot get a sample over the
// sample protocol walks from the row root in the header down to the share,
// one block per level, each block checked by its content hash.
//
// Blocks are raw (codec 0x55) with multihashes of our own, in the private
// multicodec range: a leaf is the share, hashed SHA-256(0x00 || share)
// (code 0x3f0001); an inner node is its two children's hashes, hashed
// SHA-256(0x01 || left || right) (code 0x3f0002) — the same hashes as the
// row trees, so the header's row roots are CIDs.
const (
	MultihashLeaf = 0x3f0001
	MultihashNode = 0x3f0002
)

type prefixedSHA256 struct {
	hash.Hash
	prefix byte
}

func newPrefixed(p byte) hash.Hash {
	h := &prefixedSHA256{Hash: sha256.New(), prefix: p}
	h.Reset()
	return h
}

func (h *prefixedSHA256) Reset() {
	h.Hash.Reset()
	h.Hash.Write([]byte{h.prefix})
}

func init() {
	mh.Register(MultihashLeaf, func() hash.Hash { return newPrefixed(0x00) })
	mh.Register(MultihashNode, func() hash.Hash { return newPrefixed(0x01) })
}

func hashCID(code uint64, h erasure.Hash) cid.Cid {
	m, _ := mh.Encode(h[:], code)
	return cid.NewCidV1(cid.Raw, m)
}

// blockSource serves the row-tree blocks of the squares a store holds in
// memory (cached and partial); it never stores anything.
type blockSource struct{ store *Store }

var errReadOnly = errors.New("das: the bitswap block source is read-only")

func (b blockSource) lookup(c cid.Cid) ([]byte, bool) {
	d, err := mh.Decode(c.Hash())
	if err != nil || (d.Code != MultihashLeaf && d.Code != MultihashNode) || len(d.Digest) != 32 {
		return nil, false
	}
	var h erasure.Hash
	copy(h[:], d.Digest)
	for _, sq := range b.store.inMemory() {
		if data, ok := sq.Block(h); ok {
			return data, true
		}
	}
	return nil, false
}

func (b blockSource) Has(_ context.Context, c cid.Cid) (bool, error) {
	_, ok := b.lookup(c)
	return ok, nil
}

func (b blockSource) Get(_ context.Context, c cid.Cid) (blocks.Block, error) {
	data, ok := b.lookup(c)
	if !ok {
		return nil, fmt.Errorf("das: block %s: %w", c, ErrNotFound)
	}
	return blocks.NewBlockWithCid(data, c)
}

func (b blockSource) GetSize(ctx context.Context, c cid.Cid) (int, error) {
	data, ok := b.lookup(c)
	if !ok {
		return 0, fmt.Errorf("das: block %s: %w", c, ErrNotFound)
	}
	return len(data), nil
}

func (blockSource) DeleteBlock(context.Context, cid.Cid) error    { return errReadOnly }
func (blockSource) Put(context.Context, blocks.Block) error       { return errReadOnly }
func (blockSource) PutMany(context.Context, []blocks.Block) error { return errReadOnly }
func (blockSource) AllKeysChan(context.Context) (<-chan cid.Cid, error) {
	ch := make(chan cid.Cid)
	close(ch)
	return ch, nil
}

// NewBitswap starts bitswap on h for a network: serving the store's blocks
// when serve is true (DA nodes), asking only otherwise (light nodes).
func NewBitswap(ctx context.Context, h host.Host, network string, store *Store, serve bool) *bitswap.Bitswap {
	net := bsnet.NewFromIpfsHost(h, bsnet.Prefix(protocol.ID("/l2/"+network)))
	return bitswap.New(ctx, net, nil, blockSource{store: store}, bitswap.WithServerEnabled(serve))
}

// fetchByBitswap gets one share of a square by walking its row tree from the
// row root in the header, and returns it with its proof.
func fetchByBitswap(ctx context.Context, bs *bitswap.Bitswap, h Header, rows, cols []erasure.Hash, c sampling.Coord) (Sample, error) {
	w := 2 * h.K
	depth := depthOf(w)
	node := rows[c.Row]
	var path []erasure.Hash // top-down, reversed below
	for level := depth; level > 0; level-- {
		blk, err := bs.GetBlock(ctx, hashCID(MultihashNode, node))
		if err != nil {
			return Sample{}, fmt.Errorf("das: bitswap node of row %d: %w", c.Row, err)
		}
		data := blk.RawData()
		if len(data) != 64 {
			return Sample{}, fmt.Errorf("das: bitswap node of %d bytes", len(data))
		}
		var left, right erasure.Hash
		copy(left[:], data[:32])
		copy(right[:], data[32:])
		if (c.Col>>(level-1))&1 == 0 {
			node, path = left, append(path, right)
		} else {
			node, path = right, append(path, left)
		}
	}
	blk, err := bs.GetBlock(ctx, hashCID(MultihashLeaf, node))
	if err != nil {
		return Sample{}, fmt.Errorf("das: bitswap share (%d,%d): %w", c.Row, c.Col, err)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	proof := erasure.ShareProof{Axis: erasure.RowAxis, LineRoot: rows[c.Row], LinePath: path,
		RootPath: erasure.RootPath(rows, cols, c.Row)}
	share := append([]byte(nil), blk.RawData()...)
	if err := erasure.VerifyShare(h.Root, h.K, c.Row, c.Col, share, proof); err != nil {
		return Sample{}, err
	}
	return Sample{Coord: c, Share: share, Proof: proof}, nil
}
