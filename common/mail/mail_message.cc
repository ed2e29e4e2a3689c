#include "common/mail/mail_message.h"

#include <ctime>

#include "common/crypto/hash.h"

namespace ap {
namespace {

constexpr size_t kBase64LineLength = 76;

bool HasLineBreak(std::string_view s) {
  return s.find('\r') != std::string_view::npos ||
         s.find('\n') != std::string_view::npos;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Base64 in lines of 76 characters, CRLF-terminated (RFC 2045).
std::string Base64Lines(std::string_view data) {
  std::string encoded = Base64Encode(data);
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += kBase64LineLength) {
    out += encoded.substr(i, kBase64LineLength);
    out += "\r\n";
  }
  return out;
}

std::string Part(std::string_view boundary, std::string_view type,
                 std::string_view body) {
  std::string out = "--" + std::string(boundary) + "\r\n";
  out += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += Base64Lines(body);
  return out;
}

// "Name <addr>" with the name encoded when it is not ASCII.
std::string EncodeAddressHeader(std::string_view value) {
  size_t open = value.rfind('<');
  if (open == std::string_view::npos || open == 0) return std::string(value);
  std::string_view name = value.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return EncodeHeaderWord(name) + " " + std::string(value.substr(open));
}

}  // namespace

std::string MailAddressOf(std::string_view from) {
  size_t open = from.rfind('<');
  size_t close = from.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos ||
      close < open) {
    return std::string(from);
  }
  return std::string(from.substr(open + 1, close - open - 1));
}

std::string EncodeHeaderWord(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  return "=?UTF-8?B?" + Base64Encode(text) + "?=";
}

Result<std::string> ComposeMessage(const MailMessage& message,
                                   std::string_view date,
                                   std::string_view message_id) {
  if (HasLineBreak(message.from) || HasLineBreak(message.to) ||
      HasLineBreak(message.subject) || HasLineBreak(message_id)) {
    return BadRequest("invalid_mail_header",
                      "a mail header may not contain a line break");
  }
  std::string boundary = "=_ap_" + HexEncode(RandomBytes(12));

  std::string out;
  out += "Date: " + std::string(date) + "\r\n";
  out += "From: " + EncodeAddressHeader(message.from) + "\r\n";
  out += "To: <" + MailAddressOf(message.to) + ">\r\n";
  out += "Subject: " + EncodeHeaderWord(message.subject) + "\r\n";
  out += "Message-ID: <" + std::string(message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary +
         "\"\r\n\r\n";
  out += Part(boundary, "text/plain", message.text);
  out += Part(boundary, "text/html", message.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string MailDateNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  size_t n =
      std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return std::string(buffer, n);
}

}  // namespace ap
