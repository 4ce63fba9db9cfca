#include "phantompool/crypto/generators.h"

namespace phantompool::crypto {

const PedersenGens& PedersenGens::Default() {
  static const PedersenGens gens{Point::Base(), Point::HashToGroup(kPedersenHLabel)};
  return gens;
}

}  // namespace phantompool::crypto
