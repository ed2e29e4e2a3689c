// Short link codes and aliases: how they are made and what they may be.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap::links {

// Digits and letters without the look-alikes 0/O, 1/l/I (and i, o): a code
// read off a printed page or typed from a phone stays unambiguous.
inline constexpr std::string_view kCodeAlphabet =
    "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
static_assert(kCodeAlphabet.size() == 55);

// 55^10 is about 2^57: guessing a live code takes ~10^17 tries.
inline constexpr size_t kCodeLength = 10;

inline constexpr size_t kMinAliasLength = 3;
inline constexpr size_t kMaxAliasLength = 64;

using RandomSource = std::function<std::string(size_t)>;

// A random code of kCodeLength characters of kCodeAlphabet, each chosen
// without bias (bytes that would favour the first letters are drawn again).
// `random` returns that many random bytes; the default is the CSPRNG.
std::string NewCode(const RandomSource& random);
std::string NewCode();

// True when `code` could be a code or an alias at all: letters, digits and
// '-', 1 to 64 characters. Anything else names no link.
bool IsCodeSyntax(std::string_view code);

// OK for an alias an admin may choose: 3 to 64 characters of [a-z0-9-],
// starting and ending with a letter or digit, and not a reserved word.
// 400 "invalid_alias" or 400 "reserved_alias" otherwise.
Status ValidateAlias(std::string_view alias);

}  // namespace ap::links
