#include "modules/login/mail_templates.h"

namespace ap::login {
namespace {

std::string HtmlPage(const std::string& body) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>"
         "<body style=\"font-family: sans-serif\">\n" +
         body + "</body></html>\n";
}

std::string HtmlLink(const std::string& link, const std::string& label) {
  std::string href = HtmlEscape(link);
  return "<p><a href=\"" + href + "\">" + HtmlEscape(label) + "</a></p>\n" +
         "<p style=\"font-size: small\">" + href + "</p>\n";
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string InvitationLink(const std::string& public_url,
                           const std::string& token) {
  return public_url + "/set-password?token=" + token;
}

std::string ResetLink(const std::string& public_url, const std::string& token) {
  return public_url + "/reset-password?token=" + token;
}

MailMessage InvitationMail(const InvitationFields& f) {
  std::string link = InvitationLink(f.public_url, f.token);
  MailMessage m;
  m.to = f.to;
  m.subject = "Zaproszenie do Action Plan / Invitation to Action Plan";
  m.text =
      "Dzień dobry " + f.display_name + ",\n\n" +
      "zaproszono Cię do organizacji „" + f.organisation +
      "” w Action Plan. Ustaw hasło, otwierając link (ważny 7 dni):\n\n" +
      link + "\n\n" +
      "Jeśli nie spodziewasz się tego zaproszenia, zignoruj tę wiadomość.\n" +
      "\n-- English --\n\n" + "Hello " + f.display_name + ",\n\n" +
      "you have been invited to the organisation \"" + f.organisation +
      "\" in Action Plan. Set your password by opening this link (valid for "
      "7 days):\n\n" +
      link + "\n\n" +
      "If you did not expect this invitation, ignore this message.\n";
  m.html = HtmlPage(
      "<p>Dzień dobry " + HtmlEscape(f.display_name) + ",</p>\n" +
      "<p>zaproszono Cię do organizacji „" + HtmlEscape(f.organisation) +
      "” w Action Plan. Ustaw hasło (link ważny 7 dni):</p>\n" +
      HtmlLink(link, "Ustaw hasło") +
      "<p>Jeśli nie spodziewasz się tego zaproszenia, zignoruj tę "
      "wiadomość.</p>\n<hr>\n" +
      "<p>Hello " + HtmlEscape(f.display_name) + ",</p>\n" +
      "<p>you have been invited to the organisation \"" +
      HtmlEscape(f.organisation) +
      "\" in Action Plan. Set your password (the link is valid for 7 "
      "days):</p>\n" +
      HtmlLink(link, "Set your password") +
      "<p>If you did not expect this invitation, ignore this message.</p>\n");
  return m;
}

MailMessage ResetMail(const ResetFields& f) {
  std::string link = ResetLink(f.public_url, f.token);
  MailMessage m;
  m.to = f.to;
  m.subject = "Reset hasła w Action Plan / Action Plan password reset";
  m.text =
      "Dzień dobry,\n\n"
      "ktoś (być może Ty) poprosił o nowe hasło do konta „" +
      f.login + "” w Action Plan. Aby je ustawić, otwórz link (ważny 30 " +
      "minut, działa raz):\n\n" + link + "\n\n" +
      "Po zmianie hasła wszystkie sesje konta zostaną zakończone. Jeśli to " +
      "nie Ty, zignoruj tę wiadomość: hasło pozostanie bez zmian.\n" +
      "\n-- English --\n\n" + "Hello,\n\n" +
      "someone (perhaps you) asked for a new password for the account \"" +
      f.login + "\" in Action Plan. To set it, open this link (valid for 30 " +
      "minutes, works once):\n\n" + link + "\n\n" +
      "Changing the password ends every session of the account. If it was " +
      "not you, ignore this message: the password stays as it is.\n";
  m.html = HtmlPage(
      "<p>Dzień dobry,</p>\n<p>ktoś (być może Ty) poprosił o nowe hasło do "
      "konta „" +
      HtmlEscape(f.login) +
      "” w Action Plan. Link jest ważny 30 minut i działa raz:</p>\n" +
      HtmlLink(link, "Ustaw nowe hasło") +
      "<p>Po zmianie hasła wszystkie sesje konta zostaną zakończone. Jeśli "
      "to nie Ty, zignoruj tę wiadomość.</p>\n<hr>\n" +
      "<p>Hello,</p>\n<p>someone (perhaps you) asked for a new password for "
      "the account \"" +
      HtmlEscape(f.login) +
      "\" in Action Plan. The link is valid for 30 minutes and works "
      "once:</p>\n" +
      HtmlLink(link, "Set a new password") +
      "<p>Changing the password ends every session of the account. If it "
      "was not you, ignore this message.</p>\n");
  return m;
}

}  // namespace ap::login
