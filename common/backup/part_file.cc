#include "common/backup/part_file.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "common/crypto/aead.h"
#include "common/crypto/hash.h"

namespace ap::backup {
namespace {

constexpr std::string_view kMagic("APBK\x01", 5);
constexpr size_t kMaxSealedBytes = kChunkBytes + kAeadOverheadBytes;

Status Integrity(const std::string& what) {
  return Status(Code::kUnprocessable, "integrity_failed", what);
}

struct DigestFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

std::string BigEndian32(uint32_t n) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) {
    out[static_cast<size_t>(i)] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
  }
  return out;
}

uint32_t ReadBigEndian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

}  // namespace

std::string ChunkAssociatedData(const std::string& backup_id,
                                const std::string& part_name, uint64_t index,
                                bool final) {
  std::string ad = "ap-backup/1";
  ad += '\0' + backup_id + '\0' + part_name + '\0' + std::to_string(index);
  ad += final ? std::string_view("\0final", 6) : std::string_view("\0more", 5);
  return ad;
}

struct PartWriter::State {
  std::string key, backup_id, part_name;
  FILE* file = nullptr;
  z_stream zs{};
  bool zs_ready = false;
  std::string compressed;  // not yet sealed
  uint64_t index = 0;
  std::unique_ptr<EVP_MD_CTX, DigestFree> digest{EVP_MD_CTX_new()};
};

PartWriter::PartWriter() : state_(std::make_unique<State>()) {}

PartWriter::~PartWriter() {
  if (state_->zs_ready) deflateEnd(&state_->zs);
  if (state_->file != nullptr) fclose(state_->file);
}

Status PartWriter::Open(const std::string& path, std::string key,
                        std::string backup_id, std::string part_name) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Internal("cannot create " + path + ": " + strerror(errno));
  state_->file = fdopen(fd, "wb");
  state_->key = std::move(key);
  state_->backup_id = std::move(backup_id);
  state_->part_name = std::move(part_name);
  // windowBits 15 + 16: a gzip stream, readable by gunzip once decrypted.
  if (deflateInit2(&state_->zs, 6, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK ||
      EVP_DigestInit_ex(state_->digest.get(), EVP_sha256(), nullptr) != 1) {
    return Internal("compression setup failed");
  }
  state_->zs_ready = true;
  if (fwrite(kMagic.data(), 1, kMagic.size(), state_->file) != kMagic.size()) {
    return Internal("cannot write " + path);
  }
  EVP_DigestUpdate(state_->digest.get(), kMagic.data(), kMagic.size());
  size_ = static_cast<int64_t>(kMagic.size());
  return Status::Ok();
}

Status PartWriter::Write(std::string_view data) {
  State& s = *state_;
  s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.zs.avail_in = static_cast<uInt>(data.size());
  AP_RETURN_IF_ERROR(Deflate(Z_NO_FLUSH));

  // Seal full chunks; the last one waits for Finish to be marked final.
  while (s.compressed.size() > kChunkBytes) {
    AP_RETURN_IF_ERROR(SealChunk(
        std::string_view(s.compressed).substr(0, kChunkBytes), false));
    s.compressed.erase(0, kChunkBytes);
  }
  return Status::Ok();
}

Status PartWriter::Deflate(int flush) {
  State& s = *state_;
  char buffer[64 * 1024];
  int rc = Z_OK;
  do {
    s.zs.next_out = reinterpret_cast<Bytef*>(buffer);
    s.zs.avail_out = sizeof buffer;
    rc = deflate(&s.zs, flush);
    if (rc == Z_STREAM_ERROR) return Internal("compression failed");
    s.compressed.append(buffer, sizeof buffer - s.zs.avail_out);
  } while (s.zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  return Status::Ok();
}

Status PartWriter::SealChunk(std::string_view plain, bool final) {
  State& s = *state_;
  Result<std::string> sealed =
      Seal(s.key, plain,
           ChunkAssociatedData(s.backup_id, s.part_name, s.index++, final));
  if (!sealed.ok()) return sealed.status();
  std::string frame = BigEndian32(static_cast<uint32_t>(sealed->size()));
  frame += *sealed;
  if (fwrite(frame.data(), 1, frame.size(), s.file) != frame.size()) {
    return Internal("cannot write the backup part: " +
                    std::string(strerror(errno)));
  }
  EVP_DigestUpdate(s.digest.get(), frame.data(), frame.size());
  size_ += static_cast<int64_t>(frame.size());
  return Status::Ok();
}

Status PartWriter::Finish() {
  State& s = *state_;
  s.zs.next_in = nullptr;
  s.zs.avail_in = 0;
  AP_RETURN_IF_ERROR(Deflate(Z_FINISH));
  while (s.compressed.size() > kChunkBytes) {
    AP_RETURN_IF_ERROR(SealChunk(
        std::string_view(s.compressed).substr(0, kChunkBytes), false));
    s.compressed.erase(0, kChunkBytes);
  }
  AP_RETURN_IF_ERROR(SealChunk(s.compressed, true));

  bool flushed = fflush(s.file) == 0 && fsync(fileno(s.file)) == 0;
  bool closed = fclose(s.file) == 0;
  s.file = nullptr;
  if (!flushed || !closed) return Internal("cannot write the backup part");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_DigestFinal_ex(s.digest.get(), md, &md_len);
  sha256_hex_ =
      HexEncode(std::string_view(reinterpret_cast<char*>(md), md_len));
  return Status::Ok();
}

namespace {

// Reads whole chunks of a part file; knows whether a chunk is the last.
class ChunkReader {
 public:
  explicit ChunkReader(FILE* file) : file_(file) {}

  // Reads the next chunk into `sealed`; false at the end of the file.
  Result<bool> Next(std::string* sealed, bool* final) {
    if (!have_length_ && !ReadLength()) return false;
    if (next_length_ == 0 || next_length_ > kMaxSealedBytes) {
      return Integrity("a chunk has an impossible length");
    }
    sealed->resize(next_length_);
    if (fread(sealed->data(), 1, next_length_, file_) != next_length_) {
      return Integrity("the file ends inside a chunk");
    }
    have_length_ = false;
    *final = !ReadLength();
    return true;
  }

 private:
  bool ReadLength() {
    unsigned char buffer[4];
    size_t n = fread(buffer, 1, 4, file_);
    if (n != 4) {
      truncated_ = n != 0;
      return false;
    }
    next_length_ = ReadBigEndian32(buffer);
    have_length_ = true;
    return true;
  }

 public:
  bool truncated_ = false;

 private:
  FILE* file_;
  bool have_length_ = false;
  size_t next_length_ = 0;
};

struct InflateStream {
  z_stream zs{};
  bool ready = false;

  ~InflateStream() {
    if (ready) inflateEnd(&zs);
  }
};

Status Inflate(InflateStream& in, std::string_view data, bool* ended,
               const std::function<Status(std::string_view)>& out) {
  in.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  in.zs.avail_in = static_cast<uInt>(data.size());
  char buffer[64 * 1024];
  while (in.zs.avail_in > 0 && !*ended) {
    in.zs.next_out = reinterpret_cast<Bytef*>(buffer);
    in.zs.avail_out = sizeof buffer;
    int rc = inflate(&in.zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return Integrity("the compressed data is broken");
    }
    *ended = rc == Z_STREAM_END;
    AP_RETURN_IF_ERROR(
        out(std::string_view(buffer, sizeof buffer - in.zs.avail_out)));
  }
  if (*ended && in.zs.avail_in > 0) {
    return Integrity("data follows the compressed stream");
  }
  return Status::Ok();
}

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};

}  // namespace

Status ReadPart(const std::string& path, std::string_view key,
                const std::string& backup_id, const std::string& part_name,
                const std::function<Status(std::string_view)>& out) {
  std::unique_ptr<FILE, FileCloser> file(fopen(path.c_str(), "rb"));
  if (!file) return Internal("cannot read " + path + ": " + strerror(errno));
  char magic[5];
  if (fread(magic, 1, 5, file.get()) != 5 ||
      std::string_view(magic, 5) != kMagic) {
    return Integrity("not a backup part of format 1");
  }

  InflateStream in;
  if (inflateInit2(&in.zs, 15 + 16) != Z_OK) return Internal("zlib setup");
  in.ready = true;
  ChunkReader chunks(file.get());
  std::string sealed;
  bool final = false, ended = false;
  for (uint64_t index = 0;; ++index) {
    Result<bool> more = chunks.Next(&sealed, &final);
    if (!more.ok()) return more.status();
    if (!*more) break;
    Result<std::string> plain = Open(
        key, sealed, ChunkAssociatedData(backup_id, part_name, index, final));
    if (!plain.ok()) {
      return Integrity("chunk " + std::to_string(index) + " does not open");
    }
    AP_RETURN_IF_ERROR(Inflate(in, *plain, &ended, out));
    if (final) break;
  }
  if (chunks.truncated_ || !final || !ended) {
    return Integrity("the part is cut off");
  }
  return Status::Ok();
}

Result<std::string> FileSha256Hex(const std::string& path) {
  std::unique_ptr<FILE, FileCloser> file(fopen(path.c_str(), "rb"));
  if (!file) return Internal("cannot read " + path + ": " + strerror(errno));
  std::unique_ptr<EVP_MD_CTX, DigestFree> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buffer, n);
  }
  if (ferror(file.get())) return Internal("cannot read " + path);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &md_len);
  return HexEncode(std::string_view(reinterpret_cast<char*>(md), md_len));
}

}  // namespace ap::backup
