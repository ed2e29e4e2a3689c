// The texts of the invitation and password-reset mails. Each mail carries
// Polish first, then English (users have no language setting), as plain
// text and as HTML. Links are built from the configured public URL only.
#pragma once

#include <string>

#include "common/mail/mail_message.h"

namespace ap::login {

struct InvitationFields {
  std::string public_url;  // no trailing slash
  std::string token;
  std::string to;
  std::string display_name;
  std::string organisation;
};

struct ResetFields {
  std::string public_url;
  std::string token;
  std::string to;
  std::string login;
};

// <public_url>/set-password?token=... and <public_url>/reset-password?...
std::string InvitationLink(const std::string& public_url,
                           const std::string& token);
std::string ResetLink(const std::string& public_url, const std::string& token);

// Messages without From (the sender's settings give it).
MailMessage InvitationMail(const InvitationFields& f);
MailMessage ResetMail(const ResetFields& f);

// &, <, >, " and ' as entities.
std::string HtmlEscape(const std::string& text);

}  // namespace ap::login
