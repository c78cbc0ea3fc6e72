package consensus

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// Hash is a 32-byte digest: block hashes, payload hashes, the genesis.
type Hash = common.Hash

// Domain separators. Every hash and every signed byte string starts with
// one, so no byte string means two things.
const (
	blockDomain   = "l2node/consensus/block/v1"
	payloadDomain = "l2node/consensus/payload/v1"
	signDomain    = "l2node/consensus/sign/v1"
)

// MaxView bounds view numbers (a view a millisecond would take a hundred
// million years to reach it), so that view arithmetic never overflows.
const MaxView = 1 << 62

// Block is what a leader proposes: a payload (opaque to consensus) placed
// after a parent. Height is the parent's height plus one; the genesis has
// height 0 and view 0. Views skipped by ⊥ are not blocks: a block's view may
// be more than one above its parent's.
type Block struct {
	View        uint64
	Height      uint64
	Parent      Hash
	PayloadHash Hash
	Payload     []byte
}

// Hash is SHA-256(blockDomain || view || height || parent || payload_hash),
// integers as 8 bytes big-endian. The payload enters only through its hash,
// so headers and certificates can be checked without the payload.
func (b Block) Hash() Hash {
	var buf [len(blockDomain) + 8 + 8 + 32 + 32]byte
	n := copy(buf[:], blockDomain)
	binary.BigEndian.PutUint64(buf[n:], b.View)
	binary.BigEndian.PutUint64(buf[n+8:], b.Height)
	copy(buf[n+16:], b.Parent[:])
	copy(buf[n+48:], b.PayloadHash[:])
	return sha256.Sum256(buf[:])
}

// Ref returns the block's hash, view and height.
func (b Block) Ref() BlockRef { return BlockRef{Hash: b.Hash(), View: b.View, Height: b.Height} }

// DefaultPayloadHash is SHA-256(payloadDomain || payload), the payload hash
// used when Config.PayloadHash (or Checker.PayloadHash) is nil.
func DefaultPayloadHash(payload []byte) Hash {
	h := sha256.New()
	h.Write([]byte(payloadDomain))
	h.Write(payload)
	var out Hash
	h.Sum(out[:0])
	return out
}

// BlockRef names a block by hash, view and height: the genesis ({Genesis,
// 0, 0}), the last final block, the start of a range to verify.
type BlockRef struct {
	Hash   Hash
	View   uint64
	Height uint64
}

// MsgType is the kind of a consensus message.
type MsgType uint8

const (
	// MsgProposal carries a leader's block for its view, signed by the leader.
	MsgProposal MsgType = 1
	// MsgVote is a signed vote for (view, hash); the zero hash votes ⊥,
	// the dummy block that skips the view.
	MsgVote MsgType = 2
	// MsgFinalize is a signed Finalize(view, hash): the signer saw the block
	// notarized in view and never voted ⊥ there, nor will.
	MsgFinalize MsgType = 3
	// MsgNotarization is a certificate: votes for (view, hash) from a quorum.
	MsgNotarization MsgType = 4
	// MsgFinalization is a certificate: Finalize(view, hash) from a quorum.
	MsgFinalization MsgType = 5
)

func (t MsgType) String() string {
	switch t {
	case MsgProposal:
		return "proposal"
	case MsgVote:
		return "vote"
	case MsgFinalize:
		return "finalize"
	case MsgNotarization:
		return "notarization"
	case MsgFinalization:
		return "finalization"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// Sig is one signer's signature inside a certificate.
type Sig struct {
	Signer    common.Address
	Signature []byte
}

// Message is every consensus message. Which fields are set depends on Type:
//
//	proposal:      From (the leader), View, Block, Hash (= Block.Hash()), Signature
//	vote:          From, View, Hash (zero = ⊥), Signature
//	finalize:      From, View, Hash (non-zero), Signature
//	notarization:  View, Hash (zero = ⊥ notarized), Sigs
//	finalization:  View, Hash (non-zero), Sigs
//
// Signatures are opaque bytes over SigningBytes; the core never checks them
// (a Checker does), and trusts From as the authenticated signer.
type Message struct {
	Type      MsgType
	ChainID   uint64
	View      uint64
	From      common.Address
	Hash      Hash
	Block     *Block
	Sigs      []Sig
	Signature []byte
}

// NeedsSignature reports whether the caller must sign the message before
// sending it: proposals, votes and finalizes. Certificates are not signed
// (their Sigs are the signatures).
func (m *Message) NeedsSignature() bool {
	return m.Type == MsgProposal || m.Type == MsgVote || m.Type == MsgFinalize
}

// SigningBytes is what a signature in this message covers:
//
//	signDomain || type (1 byte) || chain_id (8) || view (8) || hash (32)
//
// For a proposal the hash is the block hash; for a notarization the bytes
// are those of the votes it gathers (type = vote), for a finalization those
// of the Finalize messages (type = finalize).
func (m *Message) SigningBytes() []byte {
	t := m.Type
	switch t {
	case MsgNotarization:
		t = MsgVote
	case MsgFinalization:
		t = MsgFinalize
	}
	return signingBytes(t, m.ChainID, m.View, m.Hash)
}

func signingBytes(t MsgType, chainID, view uint64, h Hash) []byte {
	b := make([]byte, len(signDomain)+1+8+8+32)
	n := copy(b, signDomain)
	b[n] = byte(t)
	binary.BigEndian.PutUint64(b[n+1:], chainID)
	binary.BigEndian.PutUint64(b[n+9:], view)
	copy(b[n+17:], h[:])
	return b
}

// Certificate returns the certificate a notarization or finalization
// message carries.
func (m *Message) Certificate() Certificate {
	return Certificate{Type: m.Type, ChainID: m.ChainID, View: m.View, Hash: m.Hash, Sigs: m.Sigs}
}

// check tests the shape of a message: the fields its type needs and no
// others. It does not look at membership, views or signatures.
func (m *Message) check() error {
	if m.View == 0 || m.View > MaxView {
		return fmt.Errorf("%w: %s for view %d", ErrMalformed, m.Type, m.View)
	}
	switch m.Type {
	case MsgProposal:
		if m.Block == nil || m.Sigs != nil {
			return fmt.Errorf("%w: proposal without a block", ErrMalformed)
		}
		if m.Block.View != m.View || m.Block.Height == 0 {
			return fmt.Errorf("%w: proposal for view %d carries a block of view %d, height %d",
				ErrMalformed, m.View, m.Block.View, m.Block.Height)
		}
		if m.Hash != m.Block.Hash() {
			return fmt.Errorf("%w: proposal hash is not its block's", ErrMalformed)
		}
		if len(m.Block.Payload) > MaxPayloadBytes {
			return fmt.Errorf("%w: payload of %d bytes", ErrMalformed, len(m.Block.Payload))
		}
	case MsgVote, MsgFinalize:
		if m.Block != nil || m.Sigs != nil {
			return fmt.Errorf("%w: %s with a block or certificate", ErrMalformed, m.Type)
		}
		if m.Type == MsgFinalize && m.Hash == (Hash{}) {
			return fmt.Errorf("%w: finalize of ⊥", ErrMalformed)
		}
	case MsgNotarization, MsgFinalization:
		if m.Block != nil || m.Signature != nil {
			return fmt.Errorf("%w: %s with a block or signature", ErrMalformed, m.Type)
		}
		return m.Certificate().checkShape()
	default:
		return fmt.Errorf("%w: unknown type %d", ErrMalformed, m.Type)
	}
	if len(m.Signature) > MaxSignatureBytes {
		return fmt.Errorf("%w: signature of %d bytes", ErrMalformed, len(m.Signature))
	}
	return nil
}

// Certificate is a quorum's signatures over one (view, hash): a notarization
// (votes; the zero hash notarizes ⊥) or a finalization (Finalize messages).
// Sigs are sorted by signer, strictly ascending.
type Certificate struct {
	Type    MsgType // MsgNotarization or MsgFinalization
	ChainID uint64
	View    uint64
	Hash    Hash
	Sigs    []Sig
}

// Message wraps the certificate for sending.
func (c Certificate) Message() Message {
	return Message{Type: c.Type, ChainID: c.ChainID, View: c.View, Hash: c.Hash, Sigs: c.Sigs}
}

// SigningBytes is what each of the certificate's signatures covers.
func (c Certificate) SigningBytes() []byte {
	m := c.Message()
	return m.SigningBytes()
}

func (c Certificate) checkShape() error {
	if c.Type != MsgNotarization && c.Type != MsgFinalization {
		return fmt.Errorf("%w: %s is not a certificate", ErrMalformed, c.Type)
	}
	if c.View == 0 || c.View > MaxView {
		return fmt.Errorf("%w: certificate for view %d", ErrMalformed, c.View)
	}
	if c.Type == MsgFinalization && c.Hash == (Hash{}) {
		return fmt.Errorf("%w: finalization of ⊥", ErrMalformed)
	}
	if len(c.Sigs) == 0 || len(c.Sigs) > MaxValidators {
		return fmt.Errorf("%w: certificate with %d signatures", ErrMalformed, len(c.Sigs))
	}
	for i, s := range c.Sigs {
		if i > 0 && bytes.Compare(c.Sigs[i-1].Signer[:], s.Signer[:]) >= 0 {
			return fmt.Errorf("%w: certificate signers not strictly ascending", ErrMalformed)
		}
		if len(s.Signature) > MaxSignatureBytes {
			return fmt.Errorf("%w: signature of %d bytes", ErrMalformed, len(s.Signature))
		}
	}
	return nil
}

// stakeIn checks that every signer is a member and sums their stake.
func (c Certificate) stakeIn(set *ValidatorSet) (uint64, error) {
	var stake uint64
	for _, s := range c.Sigs {
		st := set.StakeOf(s.Signer)
		if st == 0 {
			return 0, fmt.Errorf("%w: %s signed a %s of view %d", ErrNotMember, s.Signer, c.Type, c.View)
		}
		stake += st // cannot overflow: distinct members of a set whose total fits
	}
	return stake, nil
}

// FinalBlock is a final block with its proof: the block's own notarization
// and the finalization that made it final, which names this block or a
// descendant of it.
type FinalBlock struct {
	Block        Block
	Notarization Certificate
	Finalization Certificate
}

// NeedPayload asks the caller for the payload of the block this node leads
// in View; answer with Core.Propose.
type NeedPayload struct {
	View   uint64
	Height uint64
	Parent Hash
}

// EvidenceKind names a combination of signed messages an honest validator
// never produces.
type EvidenceKind uint8

const (
	// EvidenceProposals: two different proposals for one view by its leader.
	EvidenceProposals EvidenceKind = 1
	// EvidenceVotes: votes for two different blocks in one view.
	EvidenceVotes EvidenceKind = 2
	// EvidenceFinalizes: Finalize of two different blocks in one view.
	EvidenceFinalizes EvidenceKind = 3
	// EvidenceFinalizeBottom: Finalize and a ⊥ vote in one view.
	EvidenceFinalizeBottom EvidenceKind = 4
)

func (k EvidenceKind) String() string {
	switch k {
	case EvidenceProposals:
		return "two proposals"
	case EvidenceVotes:
		return "two block votes"
	case EvidenceFinalizes:
		return "two finalizes"
	case EvidenceFinalizeBottom:
		return "finalize and ⊥ vote"
	}
	return fmt.Sprintf("evidence(%d)", uint8(k))
}

// Evidence is proof that Signer broke the protocol in View: two messages,
// both signed by Signer, that no honest validator sends together. Check it
// with Checker.VerifyEvidence.
type Evidence struct {
	Kind   EvidenceKind
	Signer common.Address
	View   uint64
	A, B   Message
}
