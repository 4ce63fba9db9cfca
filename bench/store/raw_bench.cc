// The database's own ceiling, measured in the same run as the store: a plain order-shaped
// transaction through libpq — update a balance row, insert an order (1.5 KB, or as large as
// the store's real orders), an audit row and an outbox row, commit (fsync on) — with
// prepared statements and nothing else in the way. pg_submit_8conn_ratio divides the
// store's rate by the 1.5 KB one's (8 connections each).
#include <atomic>
#include <chrono>
#include <thread>

#include "bench_db.h"
#include "harness.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::bench {

double RawRate(int connections, int per_connection, size_t order_bytes) {
  PgServer& pg = PgServer::Get();
  const std::string url = pg.Url(pg.FreshDatabase());
  {
    pqxx::connection c(url);
    pqxx::work tx(c);
    tx.exec(R"sql(
      CREATE TABLE raw_balances (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL, updated_at BIGINT);
      CREATE TABLE raw_orders (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, body BYTEA NOT NULL,
                               created_at BIGINT NOT NULL);
      CREATE TABLE raw_audit (id BIGSERIAL PRIMARY KEY, data TEXT NOT NULL, hash BYTEA NOT NULL);
      CREATE TABLE raw_outbox (id BIGSERIAL PRIMARY KEY, user_id BIGINT, payload JSONB NOT NULL);
      INSERT INTO raw_balances SELECT g, 1000000, 0 FROM generate_series(1, 64) g;)sql");
    tx.commit();
  }
  std::vector<std::string> bodies(64);
  crypto::DeterministicRng rng(5);
  for (std::string& b : bodies) {
    std::vector<uint8_t> raw(order_bytes);
    rng.Fill(raw);
    b.assign(raw.begin(), raw.end());
  }
  std::atomic<int> failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      try {
        pqxx::connection c(url);
        c.prepare("bal",
                  "UPDATE raw_balances SET balance = balance - 1, updated_at = $2 WHERE id = $1");
        c.prepare("ord", "INSERT INTO raw_orders (user_id, body, created_at) VALUES ($1, $2, $3)");
        c.prepare("aud", "INSERT INTO raw_audit (data, hash) VALUES ($1, $2)");
        c.prepare("out", "INSERT INTO raw_outbox (user_id, payload) VALUES ($1, $2::jsonb)");
        const std::string hash(32, 'h');
        for (int i = 0; i < per_connection; ++i) {
          pqxx::work tx(c);
          tx.exec_prepared("bal", t + 1, i);
          tx.exec_prepared("ord", t + 1, pqxx::binarystring(bodies[i % 64]), i);
          tx.exec_prepared("aud", "{\"event\":\"order_submitted\",\"order_id\":1}",
                           pqxx::binarystring(hash));
          tx.exec_prepared("out", t + 1, "{\"order_id\":1}");
          tx.commit();
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  if (failures) Die("raw transactions failed");
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return connections * per_connection / secs;
}

}  // namespace phantompool::bench
