// rogue_executor: a dishonest executor operator, for the tests that run the quorum as real
// processes. It stands in front of a real `phantompool executor` process (the roster lists the
// rogue's address; the honest process listens on an upstream port), holds that executor's
// identity key as its operator does, and rewrites what the executor says. Every lie is signed
// again with the executor's own key, so it arrives as the executor's word, and only the
// cryptography can expose it:
//   --wrong-shares      every decryption response carries one altered share D_i1 + G; the
//                       batched DLEQ proof then fails and the coordinator must say so.
//   --bad-dealing-to J  its DKG dealing seals a wrong share to executor J, and it never
//                       answers J's complaint: the dealer must be disqualified, the key agreed.
// Everything else is passed through unchanged.
//
// usage: rogue_executor --listen PORT --upstream PORT --state-dir DIR --roster FILE
//                       [--wrong-shares] [--bad-dealing-to J]
// The passphrase that unseals the identity comes from $PP_EXECUTOR_PASSPHRASE.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "phantompool/common/thread_pool.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/threshold/dealing.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/executor/dkg_relay.h"
#include "phantompool/executor/executor_node.h"
#include "phantompool/executor/roster.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/net/http_client.h"
#include "phantompool/net/http_server.h"

namespace phantompool::rogue {
namespace {

namespace th = crypto::threshold;
using executor::Roster;

struct Options {
  uint16_t listen = 0;
  uint16_t upstream = 0;
  std::string state_dir;
  std::string roster;
  bool wrong_shares = false;
  std::optional<uint32_t> bad_dealing_to;
};

Result<Options> ParseArgs(int argc, char** argv) {
  Options o;
  auto number = [](const std::string& flag, const char* text) -> Result<uint32_t> {
    char* end = nullptr;
    const unsigned long v = std::strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v > 65535) {
      return Status::InvalidArgument(flag, "must be a number up to 65535");
    }
    return static_cast<uint32_t>(v);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--wrong-shares") {
      o.wrong_shares = true;
      continue;
    }
    if (i + 1 == argc) return Status::InvalidArgument(flag, "needs a value");
    const char* value = argv[++i];
    if (flag == "--listen") {
      PP_ASSIGN_OR_RETURN(uint32_t v, number(flag, value));
      o.listen = static_cast<uint16_t>(v);
    } else if (flag == "--upstream") {
      PP_ASSIGN_OR_RETURN(uint32_t v, number(flag, value));
      o.upstream = static_cast<uint16_t>(v);
    } else if (flag == "--state-dir") {
      o.state_dir = value;
    } else if (flag == "--roster") {
      o.roster = value;
    } else if (flag == "--bad-dealing-to") {
      PP_ASSIGN_OR_RETURN(uint32_t v, number(flag, value));
      o.bad_dealing_to = v;
    } else {
      return Status::InvalidArgument(flag, "unknown option");
    }
  }
  if (o.listen == 0 || o.upstream == 0 || o.state_dir.empty() || o.roster.empty()) {
    return Status::InvalidArgument("usage", "--listen, --upstream, --state-dir, --roster");
  }
  return o;
}

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class Rogue {
 public:
  Rogue(Options options, Roster roster, th::ParticipantKey identity, uint32_t index)
      : options_(std::move(options)),
        roster_(std::move(roster)),
        identity_(std::move(identity)),
        index_(index) {}

  // The upstream's answer to `req`, lied about where the options say.
  net::HttpResponse Handle(const net::HttpRequest& req) {
    net::HttpClient upstream(net::Url{"127.0.0.1", options_.upstream}, std::chrono::minutes(2),
                             512 * 1024 * 1024);
    net::Headers headers;
    if (!req.Header("content-type").empty()) {
      headers.emplace_back("content-type", req.Header("content-type"));
    }
    auto answer = upstream.Send(req.method, req.target, req.body, headers);
    if (!answer.ok()) return {502, "application/json", "{\"error\": \"upstream\"}", {}};
    net::HttpResponse out = std::move(answer).value();
    if (out.status != 200) return out;
    Result<std::vector<uint8_t>> lie = std::vector<uint8_t>{};
    if (req.path == "/v1/decrypt" && options_.wrong_shares) {
      lie = WrongShares(Bytes(out.body));
    } else if (req.path == "/v1/dkg/start" && options_.bad_dealing_to) {
      lie = BadDealing(Bytes(out.body), *options_.bad_dealing_to);
    } else if (req.path == "/v1/dkg/complaints" && options_.bad_dealing_to) {
      lie = executor::SerializeMessageList({});  // the dealer stays silent on the complaint
    } else {
      return out;
    }
    if (!lie.ok()) {
      std::cerr << "rogue_executor: cannot rewrite " << req.path << ": " << lie.status().ToString()
                << std::endl;
      return out;
    }
    std::cerr << "rogue_executor " << index_ << ": lied on " << req.path << std::endl;
    out.body.assign(lie->begin(), lie->end());
    return out;
  }

 private:
  Result<std::vector<uint8_t>> WrongShares(std::span<const uint8_t> body) {
    PP_ASSIGN_OR_RETURN(auto response,
                        executor::DecryptResponse::Parse(body, identity_.public_key()));
    if (!response.shares) return Status::FailedPrecondition("shares", "none to alter");
    std::vector<uint8_t> shares = response.shares->Serialize();
    constexpr size_t kFirstShare = 7;  // kind, version, index, count (decryption_share.h)
    PP_ASSIGN_OR_RETURN(crypto::Point first,
                        crypto::Point::Decode(std::span(shares).subspan(kFirstShare, 32), "D"));
    const auto altered = (first + crypto::Point::Base()).Encode();
    std::copy(altered.begin(), altered.end(), shares.begin() + kFirstShare);
    PP_ASSIGN_OR_RETURN(response.shares, th::DecryptionShares::Parse(shares));
    return response.Serialize(identity_);
  }

  Result<std::vector<uint8_t>> BadDealing(std::span<const uint8_t> body, uint32_t recipient) {
    PP_ASSIGN_OR_RETURN(auto messages, executor::ParseMessageList(body, "start"));
    if (messages.size() != 1) return Status::InvalidArgument("start", "one dealing expected");
    PP_ASSIGN_OR_RETURN(auto dealing, th::DealingMessage::Parse(messages[0]));
    if (recipient == 0 || recipient > roster_.participants()) {
      return Status::InvalidArgument("--bad-dealing-to", "not an executor of the roster");
    }
    const auto wrong = crypto::Scalar::Random(rng_).ToBytes();
    const auto box = identity_.Seal(roster_.Keys()[recipient - 1], wrong, rng_);
    std::vector<uint8_t> bytes = dealing.Serialize();
    const size_t offset = dealing.SealedShare(recipient).data() - dealing.Serialize().data();
    std::copy(box.begin(), box.end(), bytes.begin() + offset);
    const size_t signed_bytes = bytes.size() - th::kSignatureBytes;
    const th::Signature sig =
        identity_.Sign(th::DealingMessage::kSignatureDomain, std::span(bytes).first(signed_bytes));
    std::copy(sig.begin(), sig.end(), bytes.begin() + signed_bytes);
    PP_ASSIGN_OR_RETURN(auto resigned, th::DealingMessage::Parse(bytes));
    return executor::SerializeMessageList({resigned.Serialize()});
  }

  Options options_;
  Roster roster_;
  th::ParticipantKey identity_;
  uint32_t index_;
  crypto::SystemRng rng_;
};

Status Run(int argc, char** argv) {
  PP_ASSIGN_OR_RETURN(Options options, ParseArgs(argc, argv));
  PP_ASSIGN_OR_RETURN(Roster roster, executor::Roster::Load(options.roster));
  PP_ASSIGN_OR_RETURN(auto passphrase, executor::LoadPassphrase("", "PP_EXECUTOR_PASSPHRASE"));
  executor::ExecutorPaths paths{options.state_dir};
  PP_ASSIGN_OR_RETURN(auto seed, executor::ReadSealedFile(paths.identity(),
                                                          executor::kIdentityPurpose, passphrase));
  PP_ASSIGN_OR_RETURN(auto identity, th::ParticipantKey::FromSeed(seed.ExposeSecret(), "identity"));
  std::optional<uint32_t> index;
  for (const auto& e : roster.executors()) {
    if (e.public_key == identity.public_key()) index = e.index;
  }
  if (!index) return Status::NotFound("identity", "not an executor of the roster");
  Rogue rogue(options, roster, std::move(identity), *index);

  // The DKG and decryption block on the upstream: they run on workers, off the io threads.
  ThreadPool workers(4);
  net::HttpServerOptions http;
  http.address = "127.0.0.1";
  http.port = options.listen;
  http.max_body_bytes = 256 * 1024 * 1024;
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before the server's threads start
  PP_ASSIGN_OR_RETURN(
      auto server, net::HttpServer::Start(
                       http,
                       [&](net::HttpRequest req, net::Respond respond) {
                         workers.Post([&rogue, req = std::move(req), respond = std::move(respond)] {
                           respond(rogue.Handle(req));
                         });
                       },
                       std::nullopt));
  std::cerr << "rogue_executor " << *index << " on 127.0.0.1:" << server->port()
            << " in front of 127.0.0.1:" << options.upstream << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  server->Stop();
  return Status::Ok();
}

}  // namespace
}  // namespace phantompool::rogue

int main(int argc, char** argv) {
  const phantompool::Status s = phantompool::rogue::Run(argc, argv);
  if (!s.ok()) {
    std::cerr << "rogue_executor: " << s.ToString() << std::endl;
    return 2;
  }
  return 0;
}
