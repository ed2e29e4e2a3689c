// QR codes for the two-factor enrolment page (the otpauth:// URI), drawn
// with libqrencode at error-correction level M.
#pragma once

#include <string>
#include <string_view>

#include "common/base/status.h"

namespace ap {

// An SVG image: a white background and one black <path> holding every dark
// module, a viewBox in module units and crispEdges so it scales sharply.
// `module_px` (1 to 32) sets the width and height attributes;
// `quiet_zone` (0 to 16 modules; the standard asks for 4) is the margin.
// Fails on empty text, text too long for a QR code, or sizes out of range.
Result<std::string> QrSvg(std::string_view text, int module_px = 8,
                          int quiet_zone = 4);

// The same code as an 8-bit greyscale PNG, `scale` (1 to 32) pixels per
// module, at most 4096 pixels a side.
Result<std::string> QrPng(std::string_view text, int scale = 8,
                          int quiet_zone = 4);

}  // namespace ap
