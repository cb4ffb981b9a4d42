package speech

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// CacheKey identifies one synthesized prompt.
type CacheKey struct {
	// Engine is Engine.ID(): the program, its version and its settings.
	Engine string
	Voice  string
	Rate   Rate
	// Text is the prompt. It is hashed into the file name; the file never
	// contains it.
	Text string
}

// sum is the SHA-256 of the key's fields, each length-prefixed.
func (k CacheKey) sum() [sha256.Size]byte {
	h := sha256.New()
	for _, f := range []string{"hallkiosk speech cache 1", k.Engine, k.Voice, string(k.Rate), k.Text} {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	var s [sha256.Size]byte
	copy(s[:], h.Sum(nil))
	return s
}

// cacheMagic starts every cache file.
const cacheMagic = "HKSPCH1\n"

// cacheHeaderSize is the size of a cache file's header: magic (8), sample
// rate (4), channels (2), reserved (2), data length (4), CRC-32 of the data
// (4), first 8 bytes of the key's hash (8).
const cacheHeaderSize = 32

// tmpPrefix starts the names of files being written.
const tmpPrefix = ".tmp-"

// Cache keeps synthesized prompts on disk, one file per CacheKey, named by
// the key's SHA-256. Writes are atomic (a temporary file renamed into
// place); every read checks the file's header, length, checksum and key,
// and a file that fails is removed and reported as a miss, so the caller
// synthesizes it again. Cache is safe for concurrent use, also by several
// processes.
//
// Never put private text (ID numbers, names, phone numbers) in the cache:
// Speaker keeps Private utterances out of it.
type Cache struct {
	dir     string
	corrupt atomic.Int64
}

// OpenCache opens (and creates, mode 0700) the cache directory dir and
// removes temporary files left by an interrupted write.
func OpenCache(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("speech: cache: no directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("speech: cache: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("speech: cache: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return &Cache{dir: dir}, nil
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

// path is the file of key.
func (c *Cache) path(sum [sha256.Size]byte) string {
	return filepath.Join(c.dir, hex.EncodeToString(sum[:])+".pcm")
}

// Get returns the prompt stored for key. ok is false when there is none or
// the stored file was damaged (it is then removed).
func (c *Cache) Get(key CacheKey) (pcm PCM, ok bool, err error) {
	sum := key.sum()
	path := c.path(sum)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return PCM{}, false, nil
	}
	if err != nil {
		return PCM{}, false, fmt.Errorf("speech: cache: read: %w", err)
	}
	pcm, err = decodeCacheFile(b, sum)
	if err != nil {
		c.corrupt.Add(1)
		if rmErr := os.Remove(path); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
			return PCM{}, false, fmt.Errorf("speech: cache: remove damaged entry: %w", rmErr)
		}
		return PCM{}, false, nil
	}
	return pcm, true, nil
}

// Has reports whether an entry for key is stored, reading only its header
// (magic, key and length against the file's size) so that checking
// hundreds of prompts at start costs little; a damaged header removes the
// file. Get still checks the whole entry before it is played.
func (c *Cache) Has(key CacheKey) (bool, error) {
	sum := key.sum()
	path := c.path(sum)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("speech: cache: %w", err)
	}
	var h [cacheHeaderSize]byte
	_, err = io.ReadFull(f, h[:])
	info, statErr := f.Stat()
	f.Close()
	if err == nil && statErr == nil && string(h[0:8]) == cacheMagic && bytes.Equal(h[24:32], sum[:8]) &&
		int64(binary.LittleEndian.Uint32(h[16:20]))+cacheHeaderSize == info.Size() {
		return true, nil
	}
	c.corrupt.Add(1)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("speech: cache: remove damaged entry: %w", err)
	}
	return false, nil
}

// Corrupt counts the damaged entries Get found and removed since Open.
func (c *Cache) Corrupt() int64 { return c.corrupt.Load() }

// Put stores pcm under key, atomically: readers see the old entry, no
// entry, or the whole new one.
func (c *Cache) Put(key CacheKey, pcm PCM) error {
	if err := pcm.Validate(); err != nil {
		return fmt.Errorf("speech: cache: %w", err)
	}
	sum := key.sum()
	var h [cacheHeaderSize]byte
	copy(h[0:8], cacheMagic)
	binary.LittleEndian.PutUint32(h[8:12], uint32(pcm.Format.SampleRate))
	binary.LittleEndian.PutUint16(h[12:14], uint16(pcm.Format.Channels))
	binary.LittleEndian.PutUint32(h[16:20], uint32(len(pcm.Data)))
	binary.LittleEndian.PutUint32(h[20:24], crc32.ChecksumIEEE(pcm.Data))
	copy(h[24:32], sum[:8])

	f, err := os.CreateTemp(c.dir, tmpPrefix+"*")
	if err != nil {
		return fmt.Errorf("speech: cache: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(h[:])
	if err == nil {
		_, err = f.Write(pcm.Data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, c.path(sum))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("speech: cache: write: %w", err)
	}
	return nil
}

// decodeCacheFile checks a cache file against the key's hash.
func decodeCacheFile(b []byte, sum [sha256.Size]byte) (PCM, error) {
	if len(b) < cacheHeaderSize || string(b[0:8]) != cacheMagic {
		return PCM{}, errors.New("bad header")
	}
	f := Format{
		SampleRate: int(binary.LittleEndian.Uint32(b[8:12])),
		Channels:   int(binary.LittleEndian.Uint16(b[12:14])),
	}
	n := binary.LittleEndian.Uint32(b[16:20])
	data := b[cacheHeaderSize:]
	switch {
	case !bytes.Equal(b[24:32], sum[:8]):
		return PCM{}, errors.New("key mismatch")
	case uint64(n) != uint64(len(data)):
		return PCM{}, errors.New("length mismatch")
	case crc32.ChecksumIEEE(data) != binary.LittleEndian.Uint32(b[20:24]):
		return PCM{}, errors.New("checksum mismatch")
	}
	pcm := PCM{Format: f, Data: data}
	if err := pcm.Validate(); err != nil {
		return PCM{}, err
	}
	return pcm, nil
}

// Prune removes the oldest entries (by modification time) until the cache
// holds at most maxBytes. Removed prompts are synthesized again when next
// needed.
func (c *Cache) Prune(maxBytes int64) error {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return fmt.Errorf("speech: cache: prune: %w", err)
	}
	type file struct {
		name string
		size int64
		mod  int64
	}
	var files []file
	var total int64
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".pcm") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		files = append(files, file{e.Name(), info.Size(), info.ModTime().UnixNano()})
		total += info.Size()
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod < files[j].mod })
	for _, f := range files {
		if total <= maxBytes {
			break
		}
		if err := os.Remove(filepath.Join(c.dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("speech: cache: prune: %w", err)
		}
		total -= f.size
	}
	return nil
}
