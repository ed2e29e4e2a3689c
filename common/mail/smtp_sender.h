// Sending mail over SMTP with libcurl, and an outbox that sends in the
// background so that a request never waits for (or reveals through its
// timing) the mail server.
//
// Configuration: mail.smtp_url (smtp://host:port, or smtps:// for TLS from
// the first byte; empty: mail is off and each message is only logged as
// not sent), mail.starttls (require STARTTLS on smtp://), mail.user,
// mail.password, mail.from, mail.timeout_seconds.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "common/base/status.h"
#include "common/mail/mail_message.h"

namespace ap {

class Config;

struct SmtpSettings {
  std::string url;
  bool starttls = false;
  std::string user;
  std::string password;
  std::string from;
  long timeout_seconds = 20;

  bool enabled() const { return !url.empty(); }
};

// Reads and checks the mail.* keys (scheme smtp or smtps, a From address).
Result<SmtpSettings> SmtpSettingsFromConfig(const Config& config);

// Sends one message now; the message's own `from` wins over the settings'.
Status SendMail(const SmtpSettings& settings, const MailMessage& message);

// One background sender per process. Start() before threads start;
// Enqueue() from any thread. Failures are logged (recipient and subject,
// never the body: it holds links with tokens) and retried once.
class MailOutbox {
 public:
  static MailOutbox& Instance();

  void Start(const SmtpSettings& settings);
  void Enqueue(MailMessage message);

  // Sends what is queued and stops the thread (at exit, and in tests).
  void Stop();

  const SmtpSettings& settings() const { return settings_; }

  ~MailOutbox();

 private:
  MailOutbox() = default;
  void Run();

  SmtpSettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<MailMessage> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ap
