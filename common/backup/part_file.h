// The encrypted file of one backup part (one schema's SQL).
//
// Format 1: "APBK" 0x01, then chunks, each a 4-byte big-endian length and
// what common/crypto/aead.h Seal made of up to 4 MiB of the gzip-compressed
// SQL. Each chunk's associated data names the backup, the part, the chunk's
// index and whether it is the last, so chunks cannot be swapped between
// parts or backups, reordered, dropped or cut off at the end without Open
// failing. Memory stays at a few chunks whatever the part's size.
//
// Not thread-safe; one writer or reader per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap::backup {

constexpr size_t kChunkBytes = 4 << 20;

class PartWriter {
 public:
  PartWriter();
  ~PartWriter();

  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;

  // Creates `path` (0600). `key` is 32 bytes.
  Status Open(const std::string& path, std::string key, std::string backup_id,
              std::string part_name);

  // Adds plain SQL.
  Status Write(std::string_view data);

  // Compresses the rest, seals the last chunk and closes the file.
  Status Finish();

  // After Finish: the file's SHA-256 (hex) and size.
  const std::string& sha256_hex() const { return sha256_hex_; }

  int64_t size() const { return size_; }

 private:
  struct State;

  Status Deflate(int flush);
  Status SealChunk(std::string_view plain, bool final);

  std::unique_ptr<State> state_;
  std::string sha256_hex_;
  int64_t size_ = 0;
};

// Decrypts and decompresses the part file at `path`, handing the plain SQL
// to `out` piece by piece. Any failure to open a chunk, a cut-off file or a
// broken compressed stream is an error with code kUnprocessable
// ("integrity_failed"). A caller that must not act on unchecked data reads
// the whole file once with a sink that discards, then again.
Status ReadPart(const std::string& path, std::string_view key,
                const std::string& backup_id, const std::string& part_name,
                const std::function<Status(std::string_view)>& out);

// SHA-256 (hex) of a file's content.
Result<std::string> FileSha256Hex(const std::string& path);

// The associated data of one chunk (exposed for tests).
std::string ChunkAssociatedData(const std::string& backup_id,
                                const std::string& part_name, uint64_t index,
                                bool final);

}  // namespace ap::backup
