#include "common/backup/dump_text.h"

#include <cstdlib>

#include "common/crypto/hash.h"

namespace ap::backup {
namespace {

constexpr std::string_view kMarker = "-- Current Database: ";
constexpr std::string_view kDataComment = "-- Dumping data for table ";
constexpr std::string_view kInsert = "INSERT INTO ";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The first number after "VALUES (" of a schema_version row.
int FirstNumber(std::string_view line) {
  size_t at = line.find("VALUES (");
  if (at == std::string_view::npos) return 0;
  return std::atoi(std::string(line.substr(at + 8, 12)).c_str());
}

}  // namespace

std::string CurrentDatabaseMarker(std::string_view line) {
  if (!StartsWith(line, kMarker)) return "";
  std::string name;
  size_t consumed = 0;
  if (!ReadIdentifier(line.substr(kMarker.size()), &name, &consumed)) {
    return "";
  }
  return name;
}

bool ReadIdentifier(std::string_view text, std::string* name,
                    size_t* consumed) {
  if (text.empty() || text[0] != '`') return false;
  name->clear();
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] != '`') {
      *name += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '`') {
      *name += '`';
      ++i;
    } else {
      *consumed = i + 1;
      return true;
    }
  }
  return false;
}

Status DumpSplitter::Feed(std::string_view line) {
  std::string schema = CurrentDatabaseMarker(line);
  if (!schema.empty()) {
    if (in_part_) AP_RETURN_IF_ERROR(sink_->EndPart());
    in_part_ = true;
    skipped_create_ = skipped_use_ = false;
    AP_RETURN_IF_ERROR(sink_->BeginPart(schema));
    for (const std::string& h : header_) AP_RETURN_IF_ERROR(sink_->Line(h));
    return sink_->Line(line);
  }
  if (!in_part_) {
    header_.emplace_back(line);
    return Status::Ok();
  }

  // The part must not name its schema: a restore picks the target.
  if (!skipped_create_ && StartsWith(line, "CREATE DATABASE ")) {
    skipped_create_ = true;
    return Status::Ok();
  }
  if (!skipped_use_ && StartsWith(line, "USE `")) {
    skipped_use_ = true;
    return Status::Ok();
  }
  return sink_->Line(line);
}

Status DumpSplitter::Finish() {
  if (!in_part_) return Internal("the dump holds no schema");
  in_part_ = false;
  return sink_->EndPart();
}

std::string TableStats::ChecksumHex() const {
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(sum.data()), sum.size()));
}

void TableStats::AddRow(std::string_view line) {
  std::string digest = Sha256(line);
  unsigned carry = 0;
  for (size_t i = sum.size(); i-- > 0;) {
    unsigned total = sum[i] + static_cast<unsigned char>(digest[i]) + carry;
    sum[i] = static_cast<unsigned char>(total & 0xff);
    carry = total >> 8;
  }
  ++rows;
}

void PartStats::Line(std::string_view line) {
  std::string table;
  size_t consumed = 0;
  if (StartsWith(line, kDataComment)) {
    if (ReadIdentifier(line.substr(kDataComment.size()), &table, &consumed)) {
      tables_[table];
    }
    return;
  }
  if (!StartsWith(line, kInsert)) return;
  if (!ReadIdentifier(line.substr(kInsert.size()), &table, &consumed)) return;

  tables_[table].AddRow(line);
  if (table == "schema_version") {
    int version = FirstNumber(line);
    if (version > schema_version_) schema_version_ = version;
  }
}

}  // namespace ap::backup
