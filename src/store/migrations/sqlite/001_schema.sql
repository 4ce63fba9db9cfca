-- PhantomPool schema (SQLite): the same logical schema as migrations/postgres/001, column for
-- column, so a backup moves between the two. Times: microseconds since the Unix epoch
-- (INTEGER) from the store's clock. Money: INTEGER >= 0 (the 63-bit bound). Constraint names
-- follow <table>__<field>__<kind>: the store maps them to "table.field" in its errors.

CREATE TABLE users (
  id INTEGER CONSTRAINT users__id__pk PRIMARY KEY,
  wallet_address TEXT NOT NULL CONSTRAINT users__wallet_address__uq UNIQUE
    CONSTRAINT users__wallet_address__ck CHECK (length(wallet_address) BETWEEN 32 AND 44 AND wallet_address NOT GLOB '*[^1-9A-HJ-NP-Za-km-z]*'),
  public_key BLOB NOT NULL CONSTRAINT users__public_key__uq UNIQUE
    CONSTRAINT users__public_key__ck CHECK (length(public_key) = 32),
  username TEXT CONSTRAINT users__username__uq UNIQUE
    CONSTRAINT users__username__ck CHECK (length(username) BETWEEN 1 AND 64),
  kyc_status TEXT NOT NULL DEFAULT 'pending'
    CONSTRAINT users__kyc_status__ck CHECK (kyc_status IN ('pending', 'verified', 'rejected')),
  trading_tier TEXT NOT NULL DEFAULT 'basic'
    CONSTRAINT users__trading_tier__ck CHECK (trading_tier IN ('basic', 'premium', 'institutional')),
  max_order_size INTEGER NOT NULL DEFAULT 1000000
    CONSTRAINT users__max_order_size__ck CHECK (max_order_size > 0),
  daily_volume_limit INTEGER NOT NULL DEFAULT 10000000
    CONSTRAINT users__daily_volume_limit__ck CHECK (daily_volume_limit > 0),
  is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT users__is_active__ck CHECK (is_active IN (0, 1)),
  metadata TEXT NOT NULL DEFAULT '{}' CONSTRAINT users__metadata__ck CHECK (json_valid(metadata)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE user_balances (
  id INTEGER CONSTRAINT user_balances__id__pk PRIMARY KEY,
  user_id INTEGER NOT NULL CONSTRAINT user_balances__user_id__fk REFERENCES users(id),
  token TEXT NOT NULL CONSTRAINT user_balances__token__ck CHECK (length(token) BETWEEN 1 AND 64),
  balance INTEGER NOT NULL DEFAULT 0 CONSTRAINT user_balances__balance__ck CHECK (balance >= 0),
  balance_commitment BLOB NOT NULL
    CONSTRAINT user_balances__balance_commitment__ck CHECK (length(balance_commitment) = 32),
  available_commitment BLOB NOT NULL
    CONSTRAINT user_balances__available_commitment__ck CHECK (length(available_commitment) = 32),
  open_obligations INTEGER NOT NULL DEFAULT 0
    CONSTRAINT user_balances__open_obligations__ck CHECK (open_obligations >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CONSTRAINT user_balances__token__uq UNIQUE (user_id, token)
);

CREATE TABLE balance_transfers (
  id INTEGER CONSTRAINT balance_transfers__id__pk PRIMARY KEY,
  user_id INTEGER NOT NULL CONSTRAINT balance_transfers__user_id__fk REFERENCES users(id),
  token TEXT NOT NULL,
  kind TEXT NOT NULL CONSTRAINT balance_transfers__kind__ck CHECK (kind IN ('deposit', 'withdrawal')),
  amount INTEGER NOT NULL CONSTRAINT balance_transfers__amount__ck CHECK (amount > 0),
  reference TEXT NOT NULL
    CONSTRAINT balance_transfers__reference__ck CHECK (length(reference) BETWEEN 1 AND 128 AND reference NOT GLOB '*[^!-~]*'),
  balance_after INTEGER NOT NULL CONSTRAINT balance_transfers__balance_after__ck CHECK (balance_after >= 0),
  created_at INTEGER NOT NULL,
  CONSTRAINT balance_transfers__reference__uq UNIQUE (user_id, reference)
);

CREATE TABLE trading_pairs (
  id INTEGER CONSTRAINT trading_pairs__id__pk PRIMARY KEY,
  symbol TEXT NOT NULL CONSTRAINT trading_pairs__symbol__uq UNIQUE,
  base_token TEXT NOT NULL,
  quote_token TEXT NOT NULL,
  base_token_name TEXT NOT NULL,
  quote_token_name TEXT NOT NULL,
  base_decimals INTEGER NOT NULL
    CONSTRAINT trading_pairs__base_decimals__ck CHECK (base_decimals BETWEEN 0 AND 18),
  quote_decimals INTEGER NOT NULL
    CONSTRAINT trading_pairs__quote_decimals__ck CHECK (quote_decimals BETWEEN 0 AND 18),
  base_lot INTEGER NOT NULL CONSTRAINT trading_pairs__base_lot__ck CHECK (base_lot > 0),
  quote_per_tick INTEGER NOT NULL CONSTRAINT trading_pairs__quote_per_tick__ck CHECK (quote_per_tick > 0),
  tick_size INTEGER NOT NULL CONSTRAINT trading_pairs__tick_size__ck CHECK (tick_size > 0),
  min_price INTEGER NOT NULL CONSTRAINT trading_pairs__min_price__ck CHECK (min_price > 0),
  max_price INTEGER NOT NULL,
  market_sell_collar INTEGER NOT NULL,
  market_buy_collar INTEGER NOT NULL,
  min_order_size INTEGER NOT NULL CONSTRAINT trading_pairs__min_order_size__ck CHECK (min_order_size > 0),
  max_order_size INTEGER NOT NULL,
  fee_bps INTEGER NOT NULL CONSTRAINT trading_pairs__fee_bps__ck CHECK (fee_bps BETWEEN 0 AND 1000),
  batch_period_ms INTEGER NOT NULL,
  batch_max_orders INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CONSTRAINT trading_pairs__is_active__ck CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL,
  CONSTRAINT trading_pairs__base_token__uq UNIQUE (base_token, quote_token),
  CONSTRAINT trading_pairs__max_order_size__ck CHECK (max_order_size >= min_order_size),
  CONSTRAINT trading_pairs__market_buy_collar__ck CHECK (min_price <= market_sell_collar
    AND market_sell_collar <= market_buy_collar AND market_buy_collar <= max_price),
  CONSTRAINT trading_pairs__quote_token__ck CHECK (base_token <> quote_token)
);

CREATE TABLE matching_sessions (
  id INTEGER CONSTRAINT matching_sessions__id__pk PRIMARY KEY,
  trading_pair_id INTEGER NOT NULL CONSTRAINT matching_sessions__trading_pair_id__fk REFERENCES trading_pairs(id),
  session_number INTEGER NOT NULL CONSTRAINT matching_sessions__session_number__ck CHECK (session_number > 0),
  status TEXT NOT NULL DEFAULT 'frozen'
    CONSTRAINT matching_sessions__status__ck CHECK (status IN ('frozen', 'settled', 'failed')),
  buy_orders_count INTEGER NOT NULL DEFAULT 0,
  sell_orders_count INTEGER NOT NULL DEFAULT 0,
  clearing_price INTEGER CONSTRAINT matching_sessions__clearing_price__ck CHECK (clearing_price > 0),
  total_volume INTEGER CONSTRAINT matching_sessions__total_volume__ck CHECK (total_volume >= 0),
  total_quote_volume INTEGER CONSTRAINT matching_sessions__total_quote_volume__ck CHECK (total_quote_volume >= 0),
  vrf_seed BLOB NOT NULL CONSTRAINT matching_sessions__vrf_seed__ck CHECK (length(vrf_seed) = 32),
  vrf_output BLOB,
  vrf_proof BLOB,
  executor_assignments TEXT NOT NULL DEFAULT '[]'
    CONSTRAINT matching_sessions__executor_assignments__ck CHECK (json_valid(executor_assignments)),
  failure_reason TEXT,
  created_at INTEGER NOT NULL,
  settled_at INTEGER,
  failed_at INTEGER,
  CONSTRAINT matching_sessions__session_number__uq UNIQUE (trading_pair_id, session_number),
  CONSTRAINT matching_sessions__status__closed_ck CHECK (
    (status = 'frozen' AND settled_at IS NULL AND failed_at IS NULL) OR
    (status = 'settled' AND settled_at IS NOT NULL AND clearing_price IS NOT NULL) OR
    (status = 'failed' AND failed_at IS NOT NULL AND failure_reason IS NOT NULL))
);

CREATE TABLE encrypted_orders (
  id INTEGER CONSTRAINT encrypted_orders__id__pk PRIMARY KEY,
  user_id INTEGER NOT NULL CONSTRAINT encrypted_orders__user_id__fk REFERENCES users(id),
  trading_pair_id INTEGER NOT NULL CONSTRAINT encrypted_orders__trading_pair_id__fk REFERENCES trading_pairs(id),
  order_type TEXT NOT NULL CONSTRAINT encrypted_orders__order_type__ck CHECK (order_type IN ('market', 'limit')),
  side TEXT NOT NULL CONSTRAINT encrypted_orders__side__ck CHECK (side IN ('buy', 'sell')),
  validity TEXT NOT NULL CONSTRAINT encrypted_orders__validity__ck CHECK (validity IN ('gtc', 'gtt', 'ioc')),
  expires_at INTEGER,
  nonce BLOB NOT NULL CONSTRAINT encrypted_orders__nonce__ck CHECK (length(nonce) = 32),
  encrypted_order BLOB NOT NULL
    CONSTRAINT encrypted_orders__encrypted_order__ck CHECK (length(encrypted_order) BETWEEN 1 AND 1048576),
  obligation_token TEXT NOT NULL,
  obligation_commitment BLOB NOT NULL
    CONSTRAINT encrypted_orders__obligation_commitment__ck CHECK (length(obligation_commitment) = 32),
  status TEXT NOT NULL DEFAULT 'active'
    CONSTRAINT encrypted_orders__status__ck CHECK (status IN
      ('active', 'matching', 'partially_filled', 'filled', 'cancelled', 'expired')),
  min_fill_amount INTEGER CONSTRAINT encrypted_orders__min_fill_amount__ck CHECK (min_fill_amount >= 0),
  filled_amount INTEGER CONSTRAINT encrypted_orders__filled_amount__ck CHECK (filled_amount >= 0),
  remaining_amount INTEGER CONSTRAINT encrypted_orders__remaining_amount__ck CHECK (remaining_amount >= 0),
  matching_session_id INTEGER CONSTRAINT encrypted_orders__matching_session_id__fk REFERENCES matching_sessions(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CONSTRAINT encrypted_orders__nonce__uq UNIQUE (user_id, nonce),
  CONSTRAINT encrypted_orders__expires_at__ck CHECK ((validity = 'gtt') = (expires_at IS NOT NULL)),
  CONSTRAINT encrypted_orders__matching_session_id__ck CHECK (
    (status <> 'matching' OR matching_session_id IS NOT NULL) AND
    (status NOT IN ('active', 'partially_filled') OR matching_session_id IS NULL))
);

CREATE TABLE trades (
  id INTEGER CONSTRAINT trades__id__pk PRIMARY KEY,
  matching_session_id INTEGER NOT NULL CONSTRAINT trades__matching_session_id__fk REFERENCES matching_sessions(id),
  trading_pair_id INTEGER NOT NULL,  -- the session's (as on PostgreSQL: no key of its own)
  buy_order_id INTEGER NOT NULL CONSTRAINT trades__buy_order_id__fk REFERENCES encrypted_orders(id),
  sell_order_id INTEGER NOT NULL CONSTRAINT trades__sell_order_id__fk REFERENCES encrypted_orders(id),
  buyer_id INTEGER NOT NULL,  -- the orders' owners
  seller_id INTEGER NOT NULL,
  amount INTEGER NOT NULL CONSTRAINT trades__amount__ck CHECK (amount > 0),
  price INTEGER NOT NULL CONSTRAINT trades__price__ck CHECK (price > 0),
  total_value INTEGER NOT NULL CONSTRAINT trades__total_value__ck CHECK (total_value > 0),
  buyer_fee INTEGER NOT NULL CONSTRAINT trades__buyer_fee__ck CHECK (buyer_fee >= 0),
  seller_fee INTEGER NOT NULL CONSTRAINT trades__seller_fee__ck CHECK (seller_fee >= 0),
  created_at INTEGER NOT NULL,
  CONSTRAINT trades__seller_id__ck CHECK (buyer_id <> seller_id)
);

CREATE TABLE executor_nodes (
  id INTEGER CONSTRAINT executor_nodes__id__pk PRIMARY KEY,
  node_index INTEGER NOT NULL CONSTRAINT executor_nodes__node_index__uq UNIQUE
    CONSTRAINT executor_nodes__node_index__ck CHECK (node_index BETWEEN 1 AND 255),
  share_public_key BLOB NOT NULL CONSTRAINT executor_nodes__share_public_key__uq UNIQUE
    CONSTRAINT executor_nodes__share_public_key__ck CHECK (length(share_public_key) = 32),
  signing_key BLOB NOT NULL CONSTRAINT executor_nodes__signing_key__ck CHECK (length(signing_key) = 32),
  endpoint_url TEXT NOT NULL CONSTRAINT executor_nodes__endpoint_url__ck CHECK (endpoint_url GLOB 'http://*' OR endpoint_url GLOB 'https://*'),
  status TEXT NOT NULL DEFAULT 'offline'
    CONSTRAINT executor_nodes__status__ck CHECK (status IN ('online', 'offline', 'degraded', 'maintenance')),
  last_heartbeat INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE threshold_operations (
  id INTEGER CONSTRAINT threshold_operations__id__pk PRIMARY KEY,
  matching_session_id INTEGER NOT NULL
    CONSTRAINT threshold_operations__matching_session_id__fk REFERENCES matching_sessions(id),
  operation_type TEXT NOT NULL CONSTRAINT threshold_operations__operation_type__ck
    CHECK (operation_type IN ('partial_decrypt', 'vrf')),
  required_shares INTEGER NOT NULL CONSTRAINT threshold_operations__required_shares__ck CHECK (required_shares > 0),
  total_shares INTEGER NOT NULL,
  shares_received INTEGER NOT NULL DEFAULT 0,
  valid_shares INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending'
    CONSTRAINT threshold_operations__status__ck CHECK (status IN ('pending', 'ready', 'completed', 'failed')),
  created_at INTEGER NOT NULL,
  completed_at INTEGER,
  CONSTRAINT threshold_operations__total_shares__ck CHECK (total_shares >= required_shares AND total_shares <= 255),
  CONSTRAINT threshold_operations__operation_type__uq UNIQUE (matching_session_id, operation_type)
);

CREATE TABLE executor_responses (
  id INTEGER CONSTRAINT executor_responses__id__pk PRIMARY KEY,
  threshold_operation_id INTEGER NOT NULL
    CONSTRAINT executor_responses__threshold_operation_id__fk REFERENCES threshold_operations(id),
  executor_node_id INTEGER NOT NULL
    CONSTRAINT executor_responses__executor_node_id__fk REFERENCES executor_nodes(id),
  share BLOB NOT NULL CONSTRAINT executor_responses__share__ck CHECK (length(share) > 0),
  proof BLOB NOT NULL CONSTRAINT executor_responses__proof__ck CHECK (length(proof) > 0),
  signature BLOB NOT NULL CONSTRAINT executor_responses__signature__ck CHECK (length(signature) = 64),
  is_valid INTEGER CONSTRAINT executor_responses__is_valid__ck CHECK (is_valid IN (0, 1)),
  reason TEXT,
  created_at INTEGER NOT NULL,
  CONSTRAINT executor_responses__executor_node_id__uq UNIQUE (threshold_operation_id, executor_node_id)
);

CREATE TABLE cryptographic_proofs (
  id INTEGER CONSTRAINT cryptographic_proofs__id__pk PRIMARY KEY,
  proof_type TEXT NOT NULL CONSTRAINT cryptographic_proofs__proof_type__ck CHECK (proof_type IN
    ('range', 'solvency', 'equality', 'vrf', 'decryption_share', 'dleq', 'matching', 'settlement')),
  order_id INTEGER CONSTRAINT cryptographic_proofs__order_id__fk REFERENCES encrypted_orders(id),
  matching_session_id INTEGER
    CONSTRAINT cryptographic_proofs__matching_session_id__fk REFERENCES matching_sessions(id),
  user_id INTEGER CONSTRAINT cryptographic_proofs__user_id__fk REFERENCES users(id),
  proof_data BLOB NOT NULL CONSTRAINT cryptographic_proofs__proof_data__ck CHECK (length(proof_data) > 0),
  public_inputs TEXT NOT NULL DEFAULT '{}' CONSTRAINT cryptographic_proofs__public_inputs__ck CHECK (json_valid(public_inputs)),
  created_at INTEGER NOT NULL
);

-- Append-only and hash-chained: id is the position in the chain (1, 2, ...). SQLite has no
-- roles: whoever can write the file can write this table; the chain shows it.
CREATE TABLE audit_log (
  id INTEGER NOT NULL CONSTRAINT audit_log__id__pk PRIMARY KEY,
  event_type TEXT NOT NULL CONSTRAINT audit_log__event_type__ck CHECK (length(event_type) BETWEEN 1 AND 64),
  event_category TEXT NOT NULL CONSTRAINT audit_log__event_category__ck CHECK (event_category IN
    ('order', 'balance', 'matching', 'execution', 'admin', 'security', 'system')),
  user_id INTEGER,
  order_id INTEGER,
  matching_session_id INTEGER,
  event_data TEXT NOT NULL CONSTRAINT audit_log__event_data__ck CHECK (json_valid(event_data)),
  risk_level TEXT NOT NULL DEFAULT 'low'
    CONSTRAINT audit_log__risk_level__ck CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  created_at INTEGER NOT NULL,
  prev_hash BLOB NOT NULL CONSTRAINT audit_log__prev_hash__ck CHECK (length(prev_hash) = 32),
  entry_hash BLOB NOT NULL CONSTRAINT audit_log__entry_hash__ck CHECK (length(entry_hash) = 32)
);

CREATE TABLE event_outbox (
  id INTEGER NOT NULL CONSTRAINT event_outbox__id__pk PRIMARY KEY,
  topic TEXT NOT NULL CONSTRAINT event_outbox__topic__ck CHECK (length(topic) BETWEEN 1 AND 64),
  event_type TEXT NOT NULL CONSTRAINT event_outbox__event_type__ck CHECK (length(event_type) BETWEEN 1 AND 64),
  user_id INTEGER,
  trading_pair_id INTEGER,
  payload TEXT NOT NULL CONSTRAINT event_outbox__payload__ck CHECK (json_valid(payload)),
  created_at INTEGER NOT NULL
);

CREATE TABLE chain_head (
  id INTEGER NOT NULL CONSTRAINT chain_head__id__pk PRIMARY KEY CONSTRAINT chain_head__id__ck CHECK (id = 1),
  audit_seq INTEGER NOT NULL,
  audit_hash BLOB NOT NULL,
  outbox_seq INTEGER NOT NULL
);

CREATE TABLE system_metrics (
  id INTEGER CONSTRAINT system_metrics__id__pk PRIMARY KEY,
  metric_name TEXT NOT NULL CONSTRAINT system_metrics__metric_name__ck CHECK (length(metric_name) BETWEEN 1 AND 128),
  metric_value REAL NOT NULL,
  metric_unit TEXT NOT NULL DEFAULT '',
  component TEXT NOT NULL DEFAULT '',
  trading_pair_id INTEGER CONSTRAINT system_metrics__trading_pair_id__fk REFERENCES trading_pairs(id),
  period_start INTEGER NOT NULL,
  period_end INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  CONSTRAINT system_metrics__period_end__ck CHECK (period_end >= period_start)
);

CREATE TABLE system_health (
  id INTEGER CONSTRAINT system_health__id__pk PRIMARY KEY,
  component TEXT NOT NULL CONSTRAINT system_health__component__uq UNIQUE,
  status TEXT NOT NULL CONSTRAINT system_health__status__ck CHECK (status IN ('healthy', 'degraded', 'unhealthy', 'offline')),
  health_score INTEGER NOT NULL DEFAULT 10000
    CONSTRAINT system_health__health_score__ck CHECK (health_score BETWEEN 0 AND 10000),
  response_time_ms INTEGER CONSTRAINT system_health__response_time_ms__ck CHECK (response_time_ms >= 0),
  throughput REAL,
  error_rate REAL CONSTRAINT system_health__error_rate__ck CHECK (error_rate BETWEEN 0 AND 1),
  details TEXT NOT NULL DEFAULT '{}' CONSTRAINT system_health__details__ck CHECK (json_valid(details)),
  last_check INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Kept so that a backup moves between the back ends; SQLite has no logins, so it stays empty.
CREATE TABLE db_logins (
  login TEXT NOT NULL CONSTRAINT db_logins__login__pk PRIMARY KEY,
  role TEXT NOT NULL CONSTRAINT db_logins__role__ck CHECK (role IN ('trader', 'auditor', 'executor', 'service')),
  principal_id INTEGER,
  created_at INTEGER NOT NULL,
  CONSTRAINT db_logins__principal_id__ck CHECK ((role IN ('trader', 'executor')) = (principal_id IS NOT NULL))
);

CREATE INDEX users_kyc_pending_idx ON users (kyc_status) WHERE kyc_status <> 'verified';
CREATE INDEX encrypted_orders_user_idx ON encrypted_orders (user_id, id);
CREATE INDEX encrypted_orders_waiting_idx ON encrypted_orders (trading_pair_id, side, id)
  WHERE status IN ('active', 'partially_filled');
CREATE INDEX encrypted_orders_expiry_idx ON encrypted_orders (expires_at)
  WHERE expires_at IS NOT NULL AND status IN ('active', 'partially_filled');
CREATE INDEX encrypted_orders_session_idx ON encrypted_orders (matching_session_id)
  WHERE matching_session_id IS NOT NULL;
CREATE INDEX matching_sessions_pair_idx ON matching_sessions (trading_pair_id, session_number DESC);
CREATE INDEX matching_sessions_settled_idx ON matching_sessions (trading_pair_id, settled_at)
  WHERE status = 'settled';
CREATE INDEX trades_session_idx ON trades (matching_session_id);
CREATE INDEX trades_buyer_idx ON trades (buyer_id, id);
CREATE INDEX trades_seller_idx ON trades (seller_id, id);
CREATE INDEX executor_nodes_status_idx ON executor_nodes (status, last_heartbeat DESC);
CREATE INDEX executor_responses_op_idx ON executor_responses (threshold_operation_id);
CREATE INDEX executor_responses_node_idx ON executor_responses (executor_node_id);
CREATE INDEX cryptographic_proofs_order_idx ON cryptographic_proofs (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX cryptographic_proofs_session_idx ON cryptographic_proofs (matching_session_id)
  WHERE matching_session_id IS NOT NULL;
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX audit_log_risk_idx ON audit_log (risk_level, id) WHERE risk_level IN ('high', 'critical');
CREATE INDEX event_outbox_user_idx ON event_outbox (user_id, id);
CREATE INDEX system_metrics_name_idx ON system_metrics (metric_name, period_start DESC);

-- Views: as on PostgreSQL (market_stats is computed from the sessions of the last 24 hours
-- by the database's clock).
CREATE VIEW market_stats AS
SELECT tp.id AS trading_pair_id,
       (SELECT s.clearing_price FROM matching_sessions s
         WHERE s.trading_pair_id = tp.id AND s.status = 'settled' AND s.total_volume > 0
         ORDER BY s.settled_at DESC, s.id DESC LIMIT 1) AS last_price,
       coalesce(sum(s.total_volume), 0) AS volume_24h,
       coalesce(sum(s.total_quote_volume), 0) AS quote_volume_24h,
       max(CASE WHEN s.total_volume > 0 THEN s.clearing_price END) AS high_24h,
       min(CASE WHEN s.total_volume > 0 THEN s.clearing_price END) AS low_24h,
       count(s.id) AS sessions_24h
FROM trading_pairs tp
LEFT JOIN matching_sessions s ON s.trading_pair_id = tp.id AND s.status = 'settled'
  AND s.settled_at >= CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER) - 86400000000
GROUP BY tp.id;

CREATE VIEW market_overview AS
SELECT tp.id AS trading_pair_id, tp.symbol, ms.last_price, ms.high_24h, ms.low_24h,
       ms.volume_24h, ms.quote_volume_24h, ms.sessions_24h,
       (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = tp.id AND o.side = 'buy'
          AND o.status IN ('active', 'matching', 'partially_filled')) AS active_buy_orders,
       (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = tp.id AND o.side = 'sell'
          AND o.status IN ('active', 'matching', 'partially_filled')) AS active_sell_orders
FROM trading_pairs tp JOIN market_stats ms ON ms.trading_pair_id = tp.id
WHERE tp.is_active = 1;

CREATE VIEW user_trading_stats AS
SELECT u.id AS user_id,
       (SELECT count(*) FROM encrypted_orders o WHERE o.user_id = u.id) AS total_orders,
       (SELECT count(*) FROM encrypted_orders o WHERE o.user_id = u.id AND o.status = 'filled') AS filled_orders,
       (SELECT count(*) FROM trades t WHERE t.buyer_id = u.id OR t.seller_id = u.id) AS total_trades,
       (SELECT COALESCE(sum(t.total_value), 0) FROM trades t WHERE t.buyer_id = u.id OR t.seller_id = u.id) AS total_volume
FROM users u;

CREATE VIEW system_health_overview AS
SELECT component, status, health_score, response_time_ms, last_check,
       CASE WHEN last_check < CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER) - 300000000
            THEN 'stale' ELSE 'current' END AS data_freshness
FROM system_health ORDER BY health_score ASC, component ASC;

-- Seed data. The trading pairs come from order::BuiltinPairs(), inserted by the store's
-- Migrate (src/store/pair_rows.cc).
INSERT INTO system_health (component, status, last_check, updated_at) VALUES
  ('matching_engine', 'healthy', 0, 0), ('threshold_network', 'healthy', 0, 0),
  ('crypto_services', 'healthy', 0, 0), ('api_gateway', 'healthy', 0, 0),
  ('websocket_service', 'healthy', 0, 0), ('database', 'healthy', 0, 0);
INSERT INTO chain_head (id, audit_seq, audit_hash, outbox_seq) VALUES (1, 0, zeroblob(32), 0);
