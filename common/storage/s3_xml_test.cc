#include "common/storage/s3_xml.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace ap {
namespace {

// Shaped like a real AWS answer: namespace, quoted ETags as entities, an
// Owner block, keys that need entity and character references.
const char kListPage[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>ap-attachments</Name>
  <Prefix>t1/</Prefix>
  <KeyCount>3</KeyCount>
  <MaxKeys>3</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents>
    <Key>t1/a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;.txt</Key>
    <LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>
    <Size>434234</Size>
    <Owner>
      <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
      <DisplayName>mtd@amazon.com</DisplayName>
    </Owner>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents><Key>t1/line&#13;&#x0A;end</Key><Size>0</Size>
    <LastModified>2024-02-29T23:59:59Z</LastModified><ETag>"x"</ETag></Contents>
  <!-- a comment -->
  <Contents>
    <Key><![CDATA[t1/caf]]>&#xE9;&#x1F600;</Key><Size>7</Size>
  </Contents>
  <NextContinuationToken>1ueGcxLPRx1Tr/XY+ExHnhbYL=</NextContinuationToken>
</ListBucketResult>
)";

bool Fails(std::string_view document) { return !ParseXml(document).ok(); }

}  // namespace

class S3XmlTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(S3XmlTest);
  CPPUNIT_TEST(testListPageObjects);
  CPPUNIT_TEST(testListPageDecodesKeys);
  CPPUNIT_TEST(testListPageContinuation);
  CPPUNIT_TEST(testEmptyListPage);
  CPPUNIT_TEST(testTruncatedPageWithoutTokenFails);
  CPPUNIT_TEST(testListRejectsOtherRoot);
  CPPUNIT_TEST(testListRejectsBadSize);
  CPPUNIT_TEST(testParseRejectsMalformedXml);
  CPPUNIT_TEST(testParseRejectsDoctype);
  CPPUNIT_TEST(testParseRejectsBadReferences);
  CPPUNIT_TEST(testParseLimitsNesting);
  CPPUNIT_TEST(testErrorSummary);
  CPPUNIT_TEST(testIso8601);
  CPPUNIT_TEST(testHttpDate);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testListPageObjects() {
    Result<S3ListPage> page = ParseListObjectsV2(kListPage);
    CPPUNIT_ASSERT_MESSAGE(page.status().message(), page.ok());
    CPPUNIT_ASSERT_EQUAL(size_t{3}, page->objects.size());
    const ObjectInfo& first = page->objects[0];
    CPPUNIT_ASSERT_EQUAL(int64_t{434234}, first.size);
    CPPUNIT_ASSERT_EQUAL(std::string("fba9dede5f27731c9771645a39863328"),
                         first.etag);
    CPPUNIT_ASSERT_EQUAL(int64_t{1255369830}, first.last_modified);
    CPPUNIT_ASSERT_EQUAL(int64_t{1709251199}, page->objects[1].last_modified);
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, page->objects[2].last_modified);
  }

  void testListPageDecodesKeys() {
    Result<S3ListPage> page = ParseListObjectsV2(kListPage);
    CPPUNIT_ASSERT(page.ok());
    CPPUNIT_ASSERT_EQUAL(std::string("t1/a&b <c> \"d\" 'e'.txt"),
                         page->objects[0].key);
    CPPUNIT_ASSERT_EQUAL(std::string("t1/line\r\nend"), page->objects[1].key);
    CPPUNIT_ASSERT_EQUAL(std::string("t1/caf\xC3\xA9\xF0\x9F\x98\x80"),
                         page->objects[2].key);
  }

  void testListPageContinuation() {
    Result<S3ListPage> page = ParseListObjectsV2(kListPage);
    CPPUNIT_ASSERT(page.ok());
    CPPUNIT_ASSERT(page->truncated);
    CPPUNIT_ASSERT_EQUAL(std::string("1ueGcxLPRx1Tr/XY+ExHnhbYL="),
                         page->next_token);
  }

  void testEmptyListPage() {
    Result<S3ListPage> page = ParseListObjectsV2(
        "<ListBucketResult><Name>b</Name><Prefix/><KeyCount>0</KeyCount>"
        "<IsTruncated>false</IsTruncated></ListBucketResult>");
    CPPUNIT_ASSERT(page.ok());
    CPPUNIT_ASSERT(page->objects.empty());
    CPPUNIT_ASSERT(!page->truncated);
  }

  void testTruncatedPageWithoutTokenFails() {
    CPPUNIT_ASSERT(!ParseListObjectsV2("<ListBucketResult><IsTruncated>true"
                                       "</IsTruncated></ListBucketResult>")
                        .ok());
  }

  void testListRejectsOtherRoot() {
    Result<S3ListPage> page =
        ParseListObjectsV2("<Error><Code>AccessDenied</Code></Error>");
    CPPUNIT_ASSERT(!page.ok());
    CPPUNIT_ASSERT(page.status().code() == Code::kInternal);
  }

  void testListRejectsBadSize() {
    CPPUNIT_ASSERT(!ParseListObjectsV2("<ListBucketResult><Contents><Key>k"
                                       "</Key><Size>-1</Size></Contents>"
                                       "</ListBucketResult>")
                        .ok());
  }

  void testParseRejectsMalformedXml() {
    CPPUNIT_ASSERT(Fails(""));
    CPPUNIT_ASSERT(Fails("<a>"));
    CPPUNIT_ASSERT(Fails("<a></b>"));
    CPPUNIT_ASSERT(Fails("<a><b></a></b>"));
    CPPUNIT_ASSERT(Fails("<a></a><b/>"));
    CPPUNIT_ASSERT(Fails("<a x=\"1></a>"));
    CPPUNIT_ASSERT(Fails("text"));
    CPPUNIT_ASSERT(!Fails("<?xml version=\"1.0\"?><a x='1' y=\"/>\"/>"));
  }

  void testParseRejectsDoctype() {
    CPPUNIT_ASSERT(Fails("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>"));
  }

  void testParseRejectsBadReferences() {
    CPPUNIT_ASSERT(Fails("<a>&nbsp;</a>"));
    CPPUNIT_ASSERT(Fails("<a>&amp</a>"));
    CPPUNIT_ASSERT(Fails("<a>&#0;</a>"));
    CPPUNIT_ASSERT(Fails("<a>&#xD800;</a>"));
    CPPUNIT_ASSERT(Fails("<a>&#x110000;</a>"));
    CPPUNIT_ASSERT(Fails("<a>&#12a;</a>"));
  }

  void testParseLimitsNesting() {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "<a>";
    CPPUNIT_ASSERT(Fails(deep));
  }

  void testErrorSummary() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("SignatureDoesNotMatch: The request signature we "
                    "calculated does not match"),
        S3ErrorSummary("<?xml version=\"1.0\"?><Error><Code>"
                       "SignatureDoesNotMatch</Code><Message>The request "
                       "signature we calculated does not match</Message>"
                       "<RequestId>1</RequestId></Error>"));
    CPPUNIT_ASSERT_EQUAL(std::string(), S3ErrorSummary("Bad Gateway"));
  }

  void testIso8601() {
    CPPUNIT_ASSERT_EQUAL(int64_t{1255369830},
                         ParseIso8601Utc("2009-10-12T17:50:30.000Z"));
    CPPUNIT_ASSERT_EQUAL(int64_t{0}, ParseIso8601Utc("1970-01-01T00:00:00Z"));
    CPPUNIT_ASSERT_EQUAL(int64_t{4107542400},
                         ParseIso8601Utc("2100-03-01T00:00:00Z"));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, ParseIso8601Utc("2009-10-12 17:50:30Z"));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, ParseIso8601Utc("2009-13-12T17:50:30Z"));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, ParseIso8601Utc("2009-10-12T17:50:30."));
  }

  void testHttpDate() {
    CPPUNIT_ASSERT_EQUAL(int64_t{1255369830},
                         ParseHttpDate("Mon, 12 Oct 2009 17:50:30 GMT"));
    CPPUNIT_ASSERT_EQUAL(int64_t{1709251199},
                         ParseHttpDate("Thu, 29 Feb 2024 23:59:59 GMT"));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1},
                         ParseHttpDate("Mon, 12 Okt 2009 17:50:30 GMT"));
    CPPUNIT_ASSERT_EQUAL(int64_t{-1}, ParseHttpDate("1255369830"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(S3XmlTest);

}  // namespace ap
