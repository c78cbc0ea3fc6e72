//go:build ignore

// gen_sha_amd64 writes sha_amd64.s: SHA-256 with the SHA-NI instructions
// of the two messages a square hashes by the million (leaves and inner
// nodes) and of plain shares (the benchmark's limit), two messages at a
// time with their rounds interleaved. The round sequence is the usual one
// for SHA-NI (the Go standard library's); what this adds is the second lane
// (SHA256RNDS2's latency is about twice its throughput, so one message
// leaves half of the SHA unit idle) and messages read in place, padding
// included, with no per-hash call.
//
//	go run gen_sha_amd64.go
package main

import (
	"fmt"
	"os"
	"strings"
)

// lane names the registers of one message: state (ABEF, CDGH), the four
// message-schedule registers, a temporary, the data pointer, and where the
// state is saved on the stack during a block. X0 is SHA256RNDS2's implicit
// operand and X8 the byte-swap mask, shared by both lanes.
type lane struct {
	abef, cdgh string
	msg        [4]string
	tmp        string
	data       string
	save       int
}

var lanes = []lane{
	{"X1", "X2", [4]string{"X3", "X4", "X5", "X6"}, "X7", "SI", 0},
	{"X9", "X10", [4]string{"X11", "X12", "X13", "X14"}, "X15", "R9", 32},
}

var k = [64]uint32{
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}

var b strings.Builder

func emit(format string, args ...any) { fmt.Fprintf(&b, "\t"+format+"\n", args...) }

// group emits rounds 4g..4g+3 of one lane with the message-schedule work
// that goes with them. X0 (the implicit operand of SHA256RNDS2) is live only
// inside a group, so groups of two lanes may follow each other.
func group(l lane, g int, load loader) {
	m := func(i int) string { return l.msg[((i%4)+4)%4] }
	if g < 4 {
		load(l, g)
		emit("PSHUFB X8, X0")
		emit("MOVO X0, %s", m(g))
	} else {
		emit("MOVO %s, X0", m(g))
	}
	emit("PADDD %d(AX), X0", 16*g)
	emit("SHA256RNDS2 X0, %s, %s", l.abef, l.cdgh)
	if g >= 3 && g <= 14 {
		emit("MOVO %s, %s", m(g), l.tmp)
		emit("PALIGNR $0x04, %s, %s", m(g-1), l.tmp)
		emit("PADDD %s, %s", l.tmp, m(g+1))
		emit("SHA256MSG2 %s, %s", m(g), m(g+1))
	}
	emit("PSHUFD $0x0e, X0, X0")
	emit("SHA256RNDS2 X0, %s, %s", l.cdgh, l.abef)
	if g >= 1 && g <= 12 {
		emit("SHA256MSG1 %s, %s", m(g), m(g-1))
	}
}

// A loader puts bytes 16g..16g+15 of a lane's current block into X0; it may
// use the lane's temporary register.
type loader func(l lane, g int)

// plain reads the block at the lane's data pointer.
func plain(l lane, g int) { emit("MOVOU %d(%s), X0", 16*g, l.data) }

// block emits one compression of every lane: save the state, 64 rounds,
// add the saved state.
func block(ls []lane, load loader) {
	for _, l := range ls {
		emit("MOVOU %s, %d(SP)", l.abef, l.save)
		emit("MOVOU %s, %d(SP)", l.cdgh, l.save+16)
	}
	for g := range 16 {
		for _, l := range ls {
			group(l, g, load)
		}
	}
	for _, l := range ls {
		emit("MOVOU %d(SP), %s", l.save, l.tmp)
		emit("PADDD %s, %s", l.tmp, l.abef)
		emit("MOVOU %d(SP), %s", l.save+16, l.tmp)
		emit("PADDD %s, %s", l.tmp, l.cdgh)
	}
}

// initIV loads the SHA-256 initial state into a lane.
func initIV(l lane) {
	emit("MOVOU iv<>(SB), %s", l.abef)
	emit("MOVOU iv<>+16(SB), %s", l.cdgh)
	emit("PSHUFD $0xb1, %s, %s", l.abef, l.abef)
	emit("PSHUFD $0x1b, %s, %s", l.cdgh, l.cdgh)
	emit("MOVO %s, %s", l.abef, l.tmp)
	emit("PALIGNR $0x08, %s, %s", l.cdgh, l.abef)
	emit("PBLENDW $0xf0, %s, %s", l.tmp, l.cdgh)
}

// storeDigest writes a lane's state as a big-endian digest at off(DI).
func storeDigest(l lane, off int) {
	emit("PSHUFD $0x1b, %s, %s", l.abef, l.abef)
	emit("PSHUFD $0xb1, %s, %s", l.cdgh, l.cdgh)
	emit("MOVO %s, %s", l.abef, l.tmp)
	emit("PBLENDW $0xf0, %s, %s", l.cdgh, l.abef)
	emit("PALIGNR $0x08, %s, %s", l.tmp, l.cdgh)
	emit("PSHUFB X8, %s", l.abef)
	emit("PSHUFB X8, %s", l.cdgh)
	emit("MOVOU %s, %d(DI)", l.abef, off)
	emit("MOVOU %s, %d(DI)", l.cdgh, off+16)
}

// prefixed loads bytes 16g..16g+15 of prefix || data[0:63], the first
// block of a message that is a domain byte followed by data: chunk 0 is
// shifted up one byte and gets the prefix, the others are read one byte
// early.
func prefixed(prefix string) loader {
	return func(l lane, g int) {
		if g > 0 {
			emit("MOVOU %d(%s), X0", 16*g-1, l.data)
			return
		}
		emit("MOVOU (%s), X0", l.data)
		emit("PSLLDQ $1, X0")
		if prefix != "" {
			emit("MOVOU %s(SB), %s", prefix, l.tmp)
			emit("POR %s, X0", l.tmp)
		}
	}
}

// last loads the final block of a message whose last byte is at 15(data):
// that byte, 0x80, zeros and the bit length from the constant length.
func last(length string) loader {
	return func(l lane, g int) {
		switch g {
		case 0:
			emit("MOVOU (%s), X0", l.data)
			emit("PSRLDQ $15, X0")
			emit("MOVOU pad80<>(SB), %s", l.tmp)
			emit("POR %s, X0", l.tmp)
		case 1, 2:
			emit("PXOR X0, X0")
		case 3:
			emit("MOVOU %s(SB), X0", length)
		}
	}
}

// pairLoop emits a function of n pairs of messages, two lanes at a time:
// the arguments (dst, the source pointer in srcReg, n), then per pair the
// lanes' data pointers (load), the initial state, the blocks, the two
// digests and the steps to the next pair (srcStep bytes of source).
func pairLoop(name, sig, srcArg, srcReg string, srcStep int, load, blocks func()) {
	fmt.Fprintf(&b, "// func %s(%s)\n", name, sig)
	fmt.Fprintf(&b, "TEXT ·%s(SB), NOSPLIT, $64-24\n", name)
	emit("MOVQ dst+0(FP), DI")
	emit("MOVQ %s, %s", srcArg, srcReg)
	emit("MOVQ n+16(FP), DX")
	emit("TESTQ DX, DX")
	emit("JEQ %s_done", name)
	emit("MOVOU flip_mask<>(SB), X8")
	emit("LEAQ k256<>(SB), AX")
	fmt.Fprintf(&b, "%s_loop:\n", name)
	load()
	for _, l := range lanes {
		initIV(l)
	}
	blocks()
	storeDigest(lanes[0], 0)
	storeDigest(lanes[1], 32)
	emit("ADDQ $%d, %s", srcStep, srcReg)
	emit("ADDQ $64, DI")
	emit("DECQ DX")
	emit("JNE %s_loop", name)
	fmt.Fprintf(&b, "%s_done:\n", name)
	emit("RET")
	b.WriteString("\n")
}

// loadShares points the lanes at the next two shares, through their slice
// headers at BX.
func loadShares() {
	emit("MOVQ (BX), SI")
	emit("MOVQ 24(BX), R9")
}

// leafPairs hashes 2n shares of ShareSize bytes as leaves, SHA-256(0x00 ||
// share), two at a time, reading the shares in place through their slice
// headers.
func leafPairs() {
	const name = "leafPairs"
	pairLoop(name, "dst *Hash, shares *[]byte, n int", "shares+8(FP)", "BX", 48, loadShares, func() {
		block(lanes, prefixed(""))
		// Blocks 1 to 7 are the share's bytes 63 to 510, read as they are.
		for _, l := range lanes {
			emit("ADDQ $63, %s", l.data)
		}
		emit("MOVQ $7, CX")
		fmt.Fprintf(&b, "%s_middle:\n", name)
		block(lanes, plain)
		for _, l := range lanes {
			emit("ADDQ $0x40, %s", l.data)
		}
		emit("DECQ CX")
		emit("JNE %s_middle", name)
		// The data pointers are at byte 511; the last block starts with it.
		for _, l := range lanes {
			emit("SUBQ $15, %s", l.data)
		}
		block(lanes, last("leafLen<>"))
	})
}

// sharePairs hashes 2n shares of ShareSize bytes as plain SHA-256 messages,
// two at a time, in place: the benchmark's limit, the same code as
// leafPairs without the prefix byte.
func sharePairs() {
	const name = "sharePairs"
	pairLoop(name, "dst *Hash, shares *[]byte, n int", "shares+8(FP)", "BX", 48, loadShares, func() {
		emit("MOVQ $8, CX")
		fmt.Fprintf(&b, "%s_blocks:\n", name)
		block(lanes, plain)
		for _, l := range lanes {
			emit("ADDQ $0x40, %s", l.data)
		}
		emit("DECQ CX")
		emit("JNE %s_blocks", name)
		block(lanes, func(l lane, g int) {
			switch g {
			case 0:
				emit("MOVOU pad0<>(SB), X0")
			case 1, 2:
				emit("PXOR X0, X0")
			case 3:
				emit("MOVOU shareLen<>(SB), X0")
			}
		})
	})
}

// nodePairs hashes 2n inner nodes, SHA-256(0x01 || left || right), from the
// 4n children at src, two at a time; dst may be src (a level in place): a
// pair's children are read before its digests are written, and later pairs
// read above what it writes.
func nodePairs() {
	pairLoop("nodePairs", "dst, src *Hash, n int", "src+8(FP)", "SI", 80, func() { emit("LEAQ 64(SI), R9") }, func() {
		block(lanes, prefixed("one<>"))
		// The second block starts with the last byte of the right child.
		for _, l := range lanes {
			emit("ADDQ $48, %s", l.data)
		}
		block(lanes, last("nodeLen<>"))
	})
}

func main() {
	b.WriteString("// Code generated by gen_sha_amd64.go. DO NOT EDIT.\n\n")
	b.WriteString("//go:build amd64 && !purego\n\n")
	b.WriteString("#include \"textflag.h\"\n\n")
	b.WriteString("// Requires: SHA, SSE2, SSSE3, SSE4.1.\n\n")
	leafPairs()
	nodePairs()
	sharePairs()
	fmt.Fprintf(&b, "// func cpuid(leaf, sub uint32) (a, b, c, d uint32)\n")
	fmt.Fprintf(&b, "TEXT ·cpuid(SB), NOSPLIT, $0-24\n")
	emit("MOVL leaf+0(FP), AX")
	emit("MOVL sub+4(FP), CX")
	emit("CPUID")
	emit("MOVL AX, a+8(FP)")
	emit("MOVL BX, b+12(FP)")
	emit("MOVL CX, c+16(FP)")
	emit("MOVL DX, d+20(FP)")
	emit("RET")
	b.WriteString("\n")
	// Byte swap of every 32-bit word.
	b.WriteString("DATA flip_mask<>+0(SB)/8, $0x0405060700010203\n")
	b.WriteString("DATA flip_mask<>+8(SB)/8, $0x0c0d0e0f08090a0b\n")
	b.WriteString("GLOBL flip_mask<>(SB), RODATA|NOPTR, $16\n\n")
	// Message constants, in message byte order: the node prefix, the padding
	// byte after a message's last byte (or at the start of a block), and the
	// bit lengths of a leaf (513 bytes), a share (512) and a node (65) in
	// the last 8 bytes.
	b.WriteString("DATA one<>+0(SB)/8, $0x01\nDATA one<>+8(SB)/8, $0x00\nGLOBL one<>(SB), RODATA|NOPTR, $16\n\n")
	b.WriteString("DATA pad80<>+0(SB)/8, $0x8000\nDATA pad80<>+8(SB)/8, $0x00\nGLOBL pad80<>(SB), RODATA|NOPTR, $16\n\n")
	b.WriteString("DATA leafLen<>+0(SB)/8, $0x00\nDATA leafLen<>+8(SB)/8, $0x0810000000000000\nGLOBL leafLen<>(SB), RODATA|NOPTR, $16\n\n")
	b.WriteString("DATA pad0<>+0(SB)/8, $0x80\nDATA pad0<>+8(SB)/8, $0x00\nGLOBL pad0<>(SB), RODATA|NOPTR, $16\n\n")
	b.WriteString("DATA shareLen<>+0(SB)/8, $0x00\nDATA shareLen<>+8(SB)/8, $0x0010000000000000\nGLOBL shareLen<>(SB), RODATA|NOPTR, $16\n\n")
	b.WriteString("DATA nodeLen<>+0(SB)/8, $0x00\nDATA nodeLen<>+8(SB)/8, $0x0802000000000000\nGLOBL nodeLen<>(SB), RODATA|NOPTR, $16\n\n")
	for i, v := range []uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {
		fmt.Fprintf(&b, "DATA iv<>+%d(SB)/4, $0x%08x\n", 4*i, v)
	}
	b.WriteString("GLOBL iv<>(SB), RODATA|NOPTR, $32\n\n")
	for i, v := range k {
		fmt.Fprintf(&b, "DATA k256<>+%d(SB)/4, $0x%08x\n", 4*i, v)
	}
	b.WriteString("GLOBL k256<>(SB), RODATA|NOPTR, $256\n")
	if err := os.WriteFile("sha_amd64.s", []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
