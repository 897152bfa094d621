package userhash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// Benchmarks for scripts/bench (scripts/bench.d/65-go.sh turns them into rows). Stdlib is
// the seed's snippet; every benchmark reports ns per hash.

const benchBatch = 100

var benchSink string

func forLengths(b *testing.B, run func(b *testing.B, id string)) {
	for _, n := range []int{7, 256} {
		id := strings.Repeat("u", n)
		b.Run(fmt.Sprintf("id=%d", n), func(b *testing.B) { run(b, id) })
	}
}

func BenchmarkStdlib(b *testing.B) {
	forLengths(b, func(b *testing.B, id string) {
		for i := 0; i < b.N; i++ {
			h := hmac.New(sha256.New, []byte(seedSecret))
			h.Write([]byte(id))
			benchSink = hex.EncodeToString(h.Sum(nil))
		}
	})
}

func BenchmarkSignKeyed(b *testing.B) {
	signer := mustSigner(b, seedSecret)
	forLengths(b, func(b *testing.B, id string) {
		for i := 0; i < b.N; i++ {
			benchSink, _ = signer.Sign(id)
		}
	})
}

func BenchmarkSignOneshot(b *testing.B) {
	forLengths(b, func(b *testing.B, id string) {
		for i := 0; i < b.N; i++ {
			benchSink, _ = Sign(seedSecret, id)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	signer := mustSigner(b, seedSecret)
	forLengths(b, func(b *testing.B, id string) {
		hash, _ := signer.Sign(id)
		for i := 0; i < b.N; i++ {
			signer.Verify(id, hash)
		}
	})
}

// BenchmarkSignManyItem signs b.N ids in batches of benchBatch: ns/op is per id.
func BenchmarkSignManyItem(b *testing.B) {
	signer := mustSigner(b, seedSecret)
	forLengths(b, func(b *testing.B, id string) {
		ids := make([]string, benchBatch)
		for i := range ids {
			ids[i] = fmt.Sprintf("%07d", i) + id[7:]
		}
		for done := 0; done < b.N; done += benchBatch {
			n := benchBatch
			if b.N-done < n {
				n = b.N - done
			}
			hashes, _ := signer.SignMany(ids[:n])
			benchSink = hashes[0]
		}
	})
}

func BenchmarkSignKeyedInteger(b *testing.B) {
	signer := mustSigner(b, seedSecret)
	b.Run("id=7", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchSink, _ = signer.SignInt(1234567)
		}
	})
}

func BenchmarkKeyringVerifyDetailed(b *testing.B) {
	k, err := NewKeyring("current", seedSecret)
	if err != nil {
		b.Fatal(err)
	}
	defer k.Close()
	forLengths(b, func(b *testing.B, id string) {
		hash, _ := k.Sign(id)
		for i := 0; i < b.N; i++ {
			k.VerifyDetailed(id, hash)
		}
	})
}
