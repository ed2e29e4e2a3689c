#include "common/crypto/qr.h"

#include <png.h>
#include <qrencode.h>

#include <climits>
#include <memory>
#include <vector>

namespace ap {
namespace {

constexpr int kMaxModulePx = 32;
constexpr int kMaxQuietZone = 16;
constexpr int kMaxPngSide = 4096;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// The symbol's modules, row-major, with the quiet zone around them.
struct QrMatrix {
  int side = 0;  // in modules, quiet zone included
  std::vector<bool> dark;

  bool IsDark(int x, int y) const {
    return dark[static_cast<size_t>(y) * static_cast<size_t>(side) +
                static_cast<size_t>(x)];
  }
};

Status CheckGeometry(int module_px, int quiet_zone) {
  if (module_px < 1 || module_px > kMaxModulePx || quiet_zone < 0 ||
      quiet_zone > kMaxQuietZone) {
    return Internal("QR module size or quiet zone out of range.");
  }
  return Status::Ok();
}

Result<QrMatrix> Encode(std::string_view text, int quiet_zone) {
  if (text.empty() || text.size() > INT_MAX) {
    return BadRequest("qr_invalid_text", "Nothing to put in a QR code.");
  }
  // encodeData takes the bytes as they are: no mode guessing, and a NUL
  // cannot cut the text short.
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(
      static_cast<int>(text.size()),
      reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (!code) {
    return BadRequest("qr_too_long", "The text does not fit in a QR code.");
  }
  QrMatrix m;
  m.side = code->width + 2 * quiet_zone;
  m.dark.assign(static_cast<size_t>(m.side) * static_cast<size_t>(m.side),
                false);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      // Bit 0 of each libqrencode byte is the module's colour.
      bool dark = code->data[y * code->width + x] & 1;
      m.dark[static_cast<size_t>((y + quiet_zone) * m.side + x + quiet_zone)] =
          dark;
    }
  }
  return m;
}

// One subpath per horizontal run of dark modules keeps the SVG small.
std::string PathData(const QrMatrix& m) {
  std::string d;
  for (int y = 0; y < m.side; ++y) {
    for (int x = 0; x < m.side;) {
      if (!m.IsDark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.side && m.IsDark(x + run, y)) ++run;
      std::string r = std::to_string(run);
      d += "M" + std::to_string(x) + " " + std::to_string(y) + "h" + r +
           "v1h-" + r + "z";
      x += run;
    }
  }
  return d;
}

std::vector<unsigned char> Pixels(const QrMatrix& m, int scale) {
  const size_t side = static_cast<size_t>(m.side * scale);
  std::vector<unsigned char> px(side * side, 0xff);
  for (size_t y = 0; y < side; ++y) {
    for (size_t x = 0; x < side; ++x) {
      if (m.IsDark(static_cast<int>(x) / scale, static_cast<int>(y) / scale)) {
        px[y * side + x] = 0;
      }
    }
  }
  return px;
}

}  // namespace

Result<std::string> QrSvg(std::string_view text, int module_px,
                          int quiet_zone) {
  AP_RETURN_IF_ERROR(CheckGeometry(module_px, quiet_zone));
  Result<QrMatrix> m = Encode(text, quiet_zone);
  if (!m.ok()) return m.status();

  const std::string n = std::to_string(m->side);
  const std::string px = std::to_string(m->side * module_px);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px +
         "\" height=\"" + px + "\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n +
         "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         PathData(*m) + "\"/></svg>";
}

Result<std::string> QrPng(std::string_view text, int scale, int quiet_zone) {
  AP_RETURN_IF_ERROR(CheckGeometry(scale, quiet_zone));
  Result<QrMatrix> m = Encode(text, quiet_zone);
  if (!m.ok()) return m.status();
  if (m->side * scale > kMaxPngSide) {
    return Internal("QR PNG would exceed 4096 pixels a side.");
  }

  std::vector<unsigned char> pixels = Pixels(*m, scale);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = image.height = static_cast<png_uint_32>(m->side * scale);
  image.format = PNG_FORMAT_GRAY;
  // The simplified API reports errors by return value (no longjmp through
  // our frames) and frees its own state. First pass: the size needed.
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(image, size, 0, pixels.data(), 0,
                                       nullptr)) {
    return Internal("libpng could not size the QR PNG.");
  }
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0,
                                 nullptr)) {
    return Internal("libpng could not write the QR PNG.");
  }
  png.resize(size);
  return png;
}

}  // namespace ap
