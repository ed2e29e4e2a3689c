// An e-mail as plain text and HTML alternatives, and its RFC 5322 form.
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {

struct MailMessage {
  std::string from;     // "Action Plan <no-reply@example.com>" or an address
  std::string to;       // one address
  std::string subject;  // UTF-8
  std::string text;     // UTF-8 plain text
  std::string html;     // UTF-8 HTML
};

// The bare address of "Name <addr>" (or the whole value when there are no
// angle brackets), as SMTP's MAIL FROM wants it.
std::string MailAddressOf(std::string_view from);

// "=?UTF-8?B?...?=" for headers that hold non-ASCII text; plain ASCII
// stays as it is.
std::string EncodeHeaderWord(std::string_view text);

// The whole message: headers (Date, From, To, Subject, Message-ID,
// MIME-Version) and a multipart/alternative body with both parts base64
// encoded. CR or LF in a header value is refused (header injection).
// `date` is RFC 5322 ("Thu, 03 Dec 2026 17:30:00 +0000").
Result<std::string> ComposeMessage(const MailMessage& message,
                                   std::string_view date,
                                   std::string_view message_id);

// The current time in RFC 5322 form, UTC.
std::string MailDateNow();

}  // namespace ap
