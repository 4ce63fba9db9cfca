#include "phantompool/crypto/bulletproof_gens.h"

#include <array>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>

#include "phantompool/common/check.h"
#include "phantompool/crypto/generators.h"

namespace phantompool::crypto {
namespace {

constexpr size_t kChunk = 64;
constexpr size_t kPointChunks = BulletproofGens::kCapacity / kChunk;
constexpr size_t kTableChunks = BulletproofGens::kTableCapacity / kChunk;
static_assert(BulletproofGens::kCapacity % kChunk == 0);
static_assert(BulletproofGens::kTableCapacity % kChunk == 0);

size_t ChunksFor(size_t n) {
  return (n + kChunk - 1) / kChunk;
}

}  // namespace

// One family (G or H): points and tables in fixed storage that never moves, so spans
// handed out stay valid while later chunks are built.
struct BulletproofGens::Family {
  explicit Family(std::string_view prefix) : label_prefix(prefix) {
    // Raw storage: tables are constructed chunk by chunk, so untouched chunks cost no
    // resident memory. WnafTable is trivially destructible (checked below).
    tables = static_cast<WnafTable*>(
        ::operator new (sizeof(WnafTable) * kTableCapacity, std::align_val_t{alignof(WnafTable)}));
  }
  ~Family() { ::operator delete (tables, std::align_val_t{alignof(WnafTable)}); }

  std::span<const Point> Points(size_t n) {
    PP_CHECK(n <= kCapacity);
    for (size_t c = 0; c < ChunksFor(n); ++c) {
      std::call_once(point_once[c], [&] {
        for (size_t i = c * kChunk; i < (c + 1) * kChunk; ++i) {
          points[i] = Point::HashToGroup(std::string(label_prefix) + std::to_string(i));
        }
      });
    }
    return {points.get(), n};
  }

  std::span<const WnafTable> Tables(size_t n) {
    PP_CHECK(n <= kTableCapacity);
    const auto pts = Points(n);
    for (size_t c = 0; c < ChunksFor(n); ++c) {
      std::call_once(table_once[c], [&] {
        for (size_t i = c * kChunk; i < (c + 1) * kChunk; ++i) {
          new (&tables[i]) WnafTable(points[i]);
        }
      });
    }
    (void)pts;
    return {tables, n};
  }

  std::string_view label_prefix;
  std::unique_ptr<Point[]> points = std::make_unique<Point[]>(kCapacity);
  std::array<std::once_flag, kPointChunks> point_once;
  WnafTable* tables;
  std::array<std::once_flag, kTableChunks> table_once;
};
static_assert(std::is_trivially_destructible_v<WnafTable>);

struct BulletproofGens::Pedersen {
  Pedersen() : g_table(PedersenGens::Default().G), h_table(PedersenGens::Default().H) {}
  WnafTable g_table;
  WnafTable h_table;
};

BulletproofGens::BulletproofGens()
    : g_(std::make_unique<Family>(kBulletproofGLabelPrefix)),
      h_(std::make_unique<Family>(kBulletproofHLabelPrefix)),
      pedersen_(std::make_unique<Pedersen>()) {}

BulletproofGens::~BulletproofGens() = default;

const BulletproofGens& BulletproofGens::Default() {
  // Never destroyed: spans into it may be in use by other static objects at exit.
  static const BulletproofGens* gens = new BulletproofGens();
  return *gens;
}

std::span<const Point> BulletproofGens::G(size_t n) const {
  return g_->Points(n);
}
std::span<const Point> BulletproofGens::H(size_t n) const {
  return h_->Points(n);
}
std::span<const WnafTable> BulletproofGens::GTables(size_t n) const {
  return g_->Tables(n);
}
std::span<const WnafTable> BulletproofGens::HTables(size_t n) const {
  return h_->Tables(n);
}
const WnafTable& BulletproofGens::PedersenGTable() const {
  return pedersen_->g_table;
}
const WnafTable& BulletproofGens::PedersenHTable() const {
  return pedersen_->h_table;
}

}  // namespace phantompool::crypto
