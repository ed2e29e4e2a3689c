// What S3 answers in XML (ListObjectsV2 pages, error bodies) and in dates.
//
// S3 answers in plain XML: elements, text, entities, no DTD. The reader here
// handles that subset correctly (entity and character references, CDATA,
// comments, processing instructions, attributes skipped, namespace prefixes
// dropped) into a tree, and refuses anything else rather than guessing.
// Nesting is limited so hostile input cannot exhaust the stack.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace ap {

struct XmlElement {
  std::string name;  // local name, without a namespace prefix
  std::string text;  // decoded character data directly inside this element
  std::vector<XmlElement> children;

  // The first child with this name, or null.
  const XmlElement* Child(std::string_view child_name) const;

  // The first such child's text, or "" when there is none.
  std::string ChildText(std::string_view child_name) const;
};

// Parses a whole document and returns its root element.
Result<XmlElement> ParseXml(std::string_view document);

struct ObjectInfo {
  std::string key;
  int64_t size = 0;
  std::string etag;           // without the surrounding quotes
  std::string content_type;   // from HEAD only; listings do not carry it
  int64_t last_modified = 0;  // Unix seconds; 0 when the store sent none
};

// One page of a ListObjectsV2 answer. `next_token` is set when truncated.
struct S3ListPage {
  std::vector<ObjectInfo> objects;
  bool truncated = false;
  std::string next_token;
};

Result<S3ListPage> ParseListObjectsV2(std::string_view document);

// "NoSuchKey: The specified key does not exist." from an S3 error body, or
// "" when the body is not one.
std::string S3ErrorSummary(std::string_view document);

// "2009-10-12T17:50:30.000Z" (listings) and "Mon, 12 Oct 2009 17:50:30 GMT"
// (Last-Modified header) as Unix seconds; -1 when malformed.
int64_t ParseIso8601Utc(std::string_view text);
int64_t ParseHttpDate(std::string_view text);

}  // namespace ap
