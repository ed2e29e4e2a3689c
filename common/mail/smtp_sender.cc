#include "common/mail/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>

#include "common/config/config.h"
#include "common/crypto/hash.h"
#include "common/http_client/http_post.h"
#include "common/log/log.h"

namespace ap {
namespace {

constexpr auto kRetryDelay = std::chrono::seconds(5);

struct Upload {
  const std::string* data = nullptr;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t room = size * count;
  size_t left = upload->data->size() - upload->offset;
  size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The domain of the sender's address, for Message-ID.
std::string DomainOf(const std::string& address) {
  size_t at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

}  // namespace

Result<SmtpSettings> SmtpSettingsFromConfig(const Config& config) {
  SmtpSettings s;
  s.url = config.GetString("mail.smtp_url");
  s.starttls = config.GetBool("mail.starttls", false);
  s.user = config.GetString("mail.user");
  s.password = config.GetString("mail.password");
  s.from = config.GetString("mail.from");
  s.timeout_seconds = config.GetInt("mail.timeout_seconds", 20);
  if (!s.enabled()) return s;
  if (!s.url.starts_with("smtp://") && !s.url.starts_with("smtps://")) {
    return Internal("mail.smtp_url must start with smtp:// or smtps://");
  }
  if (MailAddressOf(s.from).find('@') == std::string::npos) {
    return Internal("mail.from must hold an e-mail address");
  }
  if (s.timeout_seconds < 1) {
    return Internal("mail.timeout_seconds must be positive");
  }
  return s;
}

Status SendMail(const SmtpSettings& settings, const MailMessage& message) {
  if (!settings.enabled()) {
    return Unavailable("mail_off", "mail.smtp_url is not configured");
  }
  MailMessage m = message;
  if (m.from.empty()) m.from = settings.from;
  std::string sender = MailAddressOf(m.from);
  Result<std::string> text = ComposeMessage(
      m, MailDateNow(), HexEncode(RandomBytes(16)) + "@" + DomainOf(sender));
  if (!text.ok()) return text.status();

  InitCurlGlobal();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Internal("libcurl could not start a transfer");
  std::string rcpt_address = MailAddressOf(m.to);
  std::unique_ptr<curl_slist, ListDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + rcpt_address + ">").c_str()));
  std::string from_address = "<" + sender + ">";
  Upload upload{&*text, 0};
  char error[CURL_ERROR_SIZE] = {0};

  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, settings.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, settings.timeout_seconds);
  if (settings.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_address.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(text->size()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Unavailable(
        "mail_failed",
        std::string(error[0] != '\0' ? error : curl_easy_strerror(rc)));
  }
  return Status::Ok();
}

MailOutbox& MailOutbox::Instance() {
  static MailOutbox outbox;
  return outbox;
}

void MailOutbox::Start(const SmtpSettings& settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  settings_ = settings;
  stopping_ = false;
  InitCurlGlobal();
  thread_ = std::thread([this] { Run(); });
}

void MailOutbox::Enqueue(MailMessage message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) {
      LogError("mail to " + message.to + " dropped: the outbox is not started");
      return;
    }
    queue_.push_back(std::move(message));
  }
  wake_.notify_one();
}

void MailOutbox::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

MailOutbox::~MailOutbox() { Stop(); }

void MailOutbox::Run() {
  for (;;) {
    MailMessage message;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      message = std::move(queue_.front());
      queue_.pop_front();
    }
    std::string what = "mail to " + message.to + " (" + message.subject + ")";
    Status sent = SendMail(settings_, message);
    if (!sent.ok() && sent.error() != "mail_off") {
      LogWarn(what + " failed, retrying: " + sent.message());
      std::this_thread::sleep_for(kRetryDelay);
      sent = SendMail(settings_, message);
    }
    if (sent.ok()) {
      LogInfo(what + " sent");
    } else {
      LogError(what + " not sent: " + sent.message());
    }
  }
}

}  // namespace ap
