#include "common/mail/mail_message.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/crypto/hash.h"

namespace ap {

class MailMessageTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MailMessageTest);
  CPPUNIT_TEST(testAddressOf);
  CPPUNIT_TEST(testHeaderWordEncoding);
  CPPUNIT_TEST(testComposedMessageShape);
  CPPUNIT_TEST(testHeaderInjectionIsRefused);
  CPPUNIT_TEST(testDateFormat);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAddressOf() {
    CPPUNIT_ASSERT_EQUAL(std::string("a@b.pl"),
                         MailAddressOf("Action Plan <a@b.pl>"));
    CPPUNIT_ASSERT_EQUAL(std::string("a@b.pl"), MailAddressOf("a@b.pl"));
  }

  void testHeaderWordEncoding() {
    CPPUNIT_ASSERT_EQUAL(std::string("Hello"), EncodeHeaderWord("Hello"));
    CPPUNIT_ASSERT_EQUAL("=?UTF-8?B?" + Base64Encode("Zażółć") + "?=",
                         EncodeHeaderWord("Zażółć"));
  }

  void testComposedMessageShape() {
    MailMessage m{"Plan Działań <no-reply@x.pl>", "jan@example.pl",
                  "Reset hasła", "tekst ąę", "<p>html</p>"};
    Result<std::string> text =
        ComposeMessage(m, "Thu, 03 Dec 2026 17:30:00 +0000", "id@x.pl");
    CPPUNIT_ASSERT(text.ok());
    const std::string& s = *text;
    CPPUNIT_ASSERT(s.find("To: <jan@example.pl>\r\n") != std::string::npos);
    CPPUNIT_ASSERT(s.find("Subject: =?UTF-8?B?") != std::string::npos);
    CPPUNIT_ASSERT(s.find("From: =?UTF-8?B?") != std::string::npos);
    CPPUNIT_ASSERT(s.find("<no-reply@x.pl>\r\n") != std::string::npos);
    CPPUNIT_ASSERT(s.find("multipart/alternative") != std::string::npos);
    CPPUNIT_ASSERT(s.find("text/plain; charset=UTF-8") != std::string::npos);
    CPPUNIT_ASSERT(s.find("text/html; charset=UTF-8") != std::string::npos);
    CPPUNIT_ASSERT(s.find(Base64Encode("tekst ąę")) != std::string::npos);
    CPPUNIT_ASSERT(s.find("Message-ID: <id@x.pl>") != std::string::npos);
    // No bare LF: every line ends in CRLF.
    for (size_t i = s.find('\n'); i != std::string::npos;
         i = s.find('\n', i + 1)) {
      CPPUNIT_ASSERT(i > 0 && s[i - 1] == '\r');
    }
  }

  void testHeaderInjectionIsRefused() {
    MailMessage m{"a@b.pl", "x@y.pl\r\nBcc: z@z.pl", "s", "t", "h"};
    CPPUNIT_ASSERT(!ComposeMessage(m, "d", "id").ok());
    MailMessage n{"a@b.pl", "x@y.pl", "s\nBcc: z@z.pl", "t", "h"};
    CPPUNIT_ASSERT(!ComposeMessage(n, "d", "id").ok());
  }

  void testDateFormat() {
    std::string date = MailDateNow();
    CPPUNIT_ASSERT(date.size() >= 30);
    CPPUNIT_ASSERT(date.ends_with(" +0000"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailMessageTest);

}  // namespace ap
