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
	"time"
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

// staleTmp is the age after which Prune takes a temporary file for one
// abandoned by a crash: a Put writes its file in milliseconds.
const staleTmp = time.Hour

// touchAfter is how stale an entry's modification time (its last use) may
// get before a hit renews it: at most one metadata write per prompt per
// touchAfter, far finer than any age bound.
const touchAfter = 10 * time.Minute

// Cache keeps synthesized prompts on disk, one file per CacheKey, named by
// the key's SHA-256. Writes are atomic (a temporary file renamed into
// place); every read checks the file's header, length, checksum and key,
// and a file that fails is removed and reported as a miss, so the caller
// synthesizes it again. A file's modification time is its last use (a hit
// renews it), which Prune goes by. Cache is safe for concurrent use, also
// by several processes.
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
// A hit marks the entry used. The whole file is read into memory, so
// playing it never holds the file open and Prune may remove it meanwhile.
func (c *Cache) Get(key CacheKey) (pcm PCM, ok bool, err error) {
	sum := key.sum()
	path := c.path(sum)
	b, mod, err := readEntry(path)
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
	touch(path, mod)
	return pcm, true, nil
}

// readEntry reads a whole file and returns its modification time.
func readEntry(path string) ([]byte, time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead) // read in one go
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), info.ModTime(), err
}

// touch records a use of the entry at path, last used at mod, by setting
// its modification time to now, unless it was set less than touchAfter
// ago. Failing only makes the entry look older to Prune, so errors (the
// entry pruned meanwhile, a read-only disk) are ignored.
func touch(path string, mod time.Time) {
	if now := time.Now(); now.Sub(mod) >= touchAfter {
		_ = os.Chtimes(path, now, now)
	}
}

// Has reports whether an entry for key is stored, reading only its header
// (magic, key and length against the file's size) so that checking
// hundreds of prompts at start costs little; a damaged header removes the
// file. Get still checks the whole entry before it is played. Like a hit,
// a found entry is marked used: Speaker.Warm asks about every prompt the
// kiosk still says, so those are the ones Prune keeps.
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
		touch(path, info.ModTime())
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

// Limits bound a Cache on disk (config speech.cache_max_mb and
// speech.cache_max_age).
type Limits struct {
	// MaxBytes is the most the entries may hold together; 0 means no
	// bound by size.
	MaxBytes int64
	// MaxAge is how long an entry may go unused before it is removed; 0
	// means no bound by age.
	MaxAge time.Duration
}

// PruneResult tells what Prune did.
type PruneResult struct {
	// Expired entries went for their age, Evicted ones for the size bound.
	Expired, Evicted int
	// Freed is the size of the removed entries, in bytes.
	Freed int64
	// Files and Bytes are what the cache holds afterwards.
	Files int
	Bytes int64
}

// Prune brings the cache within lim, as of now: it removes every entry
// unused for longer than lim.MaxAge, then the least recently used ones
// until the rest holds at most lim.MaxBytes. Removed prompts are
// synthesized again when next needed. Prune never touches a file being
// written (a Put writes a temporary file and renames it into place; only
// temporary files older than an hour, left by a crash, are removed), and
// removing an entry being played is harmless: Get has read it whole. Prune
// reads the directory and removes files, so call it off the UI goroutine.
func (c *Cache) Prune(now time.Time, lim Limits) (PruneResult, error) {
	var res PruneResult
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return res, fmt.Errorf("speech: cache: prune: %w", err)
	}
	type file struct {
		name string
		size int64
		mod  time.Time
	}
	var files []file
	remove := func(name string) error {
		if err := os.Remove(filepath.Join(c.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("speech: cache: prune: %w", err)
		}
		return nil
	}
	for _, e := range entries {
		name := e.Name()
		isTmp := strings.HasPrefix(name, tmpPrefix)
		if !isTmp && !strings.HasSuffix(name, ".pcm") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed or renamed meanwhile
		}
		age := now.Sub(info.ModTime())
		switch {
		case isTmp:
			if age > staleTmp {
				if err := remove(name); err != nil {
					return res, err
				}
			}
		case lim.MaxAge > 0 && age > lim.MaxAge:
			if err := remove(name); err != nil {
				return res, err
			}
			res.Expired++
			res.Freed += info.Size()
		default:
			files = append(files, file{name, info.Size(), info.ModTime()})
			res.Files++
			res.Bytes += info.Size()
		}
	}
	// Oldest first; the name breaks ties so the order does not depend on
	// the directory's.
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.Before(files[j].mod)
		}
		return files[i].name < files[j].name
	})
	for _, f := range files {
		if lim.MaxBytes <= 0 || res.Bytes <= lim.MaxBytes {
			break
		}
		if err := remove(f.name); err != nil {
			return res, err
		}
		res.Evicted++
		res.Freed += f.size
		res.Files--
		res.Bytes -= f.size
	}
	return res, nil
}
