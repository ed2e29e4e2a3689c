#include "common/crypto/aead.h"

#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "common/crypto/hash.h"

namespace ap {
namespace {

constexpr char kVersion = 0x01;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
static_assert(kAeadOverheadBytes == 1 + kNonceBytes + kTagBytes);
// OpenSSL lengths are int; sealed secrets are tiny, so a generous bound.
constexpr size_t kMaxInputBytes = INT_MAX / 2;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* Uc(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* Uc(char* p) { return reinterpret_cast<unsigned char*>(p); }

Status InvalidSealed() {
  return BadRequest("sealed_data_invalid", "The sealed data failed to open.");
}

Status CheckSizes(std::string_view key, std::string_view data,
                  std::string_view associated_data) {
  if (key.size() != kAeadKeyBytes) {
    return Internal("AES-256-GCM needs a 32-byte key.");
  }
  if (data.size() > kMaxInputBytes || associated_data.size() > kMaxInputBytes) {
    return Internal("AES-256-GCM input too large.");
  }
  return Status::Ok();
}

// Feeds the version byte, then the caller's associated data, as AAD. The
// version has a fixed length, so the two cannot be confused.
bool AddAad(EVP_CIPHER_CTX* ctx, std::string_view ad) {
  int len = 0;
  const unsigned char version = kVersion;
  if (EVP_CipherUpdate(ctx, nullptr, &len, &version, 1) != 1) return false;
  return ad.empty() || EVP_CipherUpdate(ctx, nullptr, &len, Uc(ad),
                                        static_cast<int>(ad.size())) == 1;
}

// A context keyed for one message; `encrypt` picks the direction.
CipherCtx NewCtx(bool encrypt, std::string_view key, std::string_view nonce,
                 std::string_view ad) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return nullptr;
  // GCM's default IV length is the 12 bytes we use.
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Uc(key),
                        Uc(nonce), encrypt ? 1 : 0) != 1 ||
      !AddAad(ctx.get(), ad)) {
    return nullptr;
  }
  return ctx;
}

bool IsHex(std::string_view text) {
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
               (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

std::string HexDecode(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(HexValue(hex[i]) << 4 | HexValue(hex[i + 1]));
  }
  return out;
}

std::string_view TrimSpace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

}  // namespace

Result<std::string> Seal(std::string_view key, std::string_view plaintext,
                         std::string_view associated_data) {
  AP_RETURN_IF_ERROR(CheckSizes(key, plaintext, associated_data));
  std::string out(1, kVersion);
  out += RandomBytes(kNonceBytes);
  CipherCtx ctx =
      NewCtx(true, key, std::string_view(out).substr(1), associated_data);
  if (!ctx) return Internal("AES-256-GCM setup failed.");

  const size_t header = out.size();
  out.resize(header + plaintext.size() + kTagBytes);
  unsigned char* body = Uc(out.data() + header);
  int len = 0;
  if ((!plaintext.empty() &&
       EVP_EncryptUpdate(ctx.get(), body, &len, Uc(plaintext),
                         static_cast<int>(plaintext.size())) != 1) ||
      EVP_EncryptFinal_ex(ctx.get(), body + plaintext.size(), &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          body + plaintext.size()) != 1) {
    return Internal("AES-256-GCM encryption failed.");
  }
  return out;
}

Result<std::string> Open(std::string_view key, std::string_view sealed,
                         std::string_view associated_data) {
  AP_RETURN_IF_ERROR(CheckSizes(key, sealed, associated_data));
  if (sealed.size() < kAeadOverheadBytes || sealed[0] != kVersion) {
    return InvalidSealed();
  }
  std::string_view nonce = sealed.substr(1, kNonceBytes);
  std::string_view body = sealed.substr(1 + kNonceBytes);
  std::string_view ciphertext = body.substr(0, body.size() - kTagBytes);
  std::string tag(body.substr(ciphertext.size()));
  CipherCtx ctx = NewCtx(false, key, nonce, associated_data);
  if (!ctx) return Internal("AES-256-GCM setup failed.");

  std::string plaintext(ciphertext.size(), '\0');
  unsigned char* out = Uc(plaintext.data());
  int len = 0;
  if ((!ciphertext.empty() &&
       EVP_DecryptUpdate(ctx.get(), out, &len, Uc(ciphertext),
                         static_cast<int>(ciphertext.size())) != 1) ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + ciphertext.size(), &len) != 1) {
    return InvalidSealed();
  }
  return plaintext;
}

Result<std::string> KeyFromConfigText(std::string_view text) {
  text = TrimSpace(text);
  std::string key;
  if (text.size() == 2 * kAeadKeyBytes && IsHex(text)) {
    key = HexDecode(text);
  } else if (!Base64Decode(text, &key) || key.size() != kAeadKeyBytes) {
    return BadRequest("invalid_key",
                      "An encryption key must be 64 hex digits or the "
                      "base64 of 32 bytes.");
  }
  if (key.find_first_not_of('\0') == std::string::npos) {
    return BadRequest("invalid_key",
                      "The encryption key is all zeros: a placeholder, "
                      "not a key.");
  }
  return key;
}

}  // namespace ap
