-- PhantomPool schema v1 (SQLite: the same logical schema as migrations/postgres/001). Times: microseconds since the Unix epoch (INTEGER),
-- from the store's clock, so both back ends and the audit hash see the same values.
-- Money: INTEGER >= 0 in base units or ticks (the 63-bit bound). Constraint names follow
-- <table>__<field>__<kind>: the store maps them to "table.field" in its errors.

CREATE TABLE users (
  id INTEGER CONSTRAINT users__id__pk PRIMARY KEY,
  wallet_address TEXT NOT NULL CONSTRAINT users__wallet_address__uq UNIQUE
    CONSTRAINT users__wallet_address__ck CHECK (length(wallet_address) BETWEEN 32 AND 44 AND wallet_address NOT GLOB '*[^1-9A-HJ-NP-Za-km-z]*'),
  public_key BLOB NOT NULL CONSTRAINT users__public_key__uq UNIQUE
    CONSTRAINT users__public_key__ck CHECK (length(public_key) = 32),
  username TEXT CONSTRAINT users__username__uq UNIQUE
    CONSTRAINT users__username__ck CHECK (length(username) BETWEEN 1 AND 64),
  email TEXT,
  kyc_status TEXT NOT NULL DEFAULT 'pending'
    CONSTRAINT users__kyc_status__ck CHECK (kyc_status IN ('pending', 'verified', 'rejected')),
  risk_score INTEGER NOT NULL DEFAULT 0
    CONSTRAINT users__risk_score__ck CHECK (risk_score BETWEEN 0 AND 10000),
  trading_tier TEXT NOT NULL DEFAULT 'basic'
    CONSTRAINT users__trading_tier__ck CHECK (trading_tier IN ('basic', 'premium', 'institutional')),
  max_order_size INTEGER NOT NULL DEFAULT 1000000
    CONSTRAINT users__max_order_size__ck CHECK (max_order_size > 0),
  daily_volume_limit INTEGER NOT NULL DEFAULT 10000000
    CONSTRAINT users__daily_volume_limit__ck CHECK (daily_volume_limit > 0),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_login INTEGER,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
);

CREATE TABLE user_balances (
  id INTEGER CONSTRAINT user_balances__id__pk PRIMARY KEY,
  user_id INTEGER NOT NULL CONSTRAINT user_balances__user_id__fk REFERENCES users(id),
  token TEXT NOT NULL CONSTRAINT user_balances__token__ck CHECK (length(token) BETWEEN 1 AND 64),
  balance INTEGER NOT NULL DEFAULT 0 CONSTRAINT user_balances__balance__ck CHECK (balance >= 0),
  balance_commitment BLOB NOT NULL
    CONSTRAINT user_balances__balance_commitment__ck CHECK (length(balance_commitment) = 32),
  locked_commitment BLOB NOT NULL
    CONSTRAINT user_balances__locked_commitment__ck CHECK (length(locked_commitment) = 32),
  available_commitment BLOB NOT NULL
    CONSTRAINT user_balances__available_commitment__ck CHECK (length(available_commitment) = 32),
  open_obligations INTEGER NOT NULL DEFAULT 0
    CONSTRAINT user_balances__open_obligations__ck CHECK (open_obligations >= 0),
  last_solvency_proof INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CONSTRAINT user_balances__token__uq UNIQUE (user_id, token)
);

CREATE TABLE trading_pairs (
  id INTEGER CONSTRAINT trading_pairs__id__pk PRIMARY KEY,
  symbol TEXT NOT NULL CONSTRAINT trading_pairs__symbol__uq UNIQUE,
  base_token TEXT NOT NULL,
  quote_token TEXT NOT NULL,
  base_token_name TEXT NOT NULL,
  quote_token_name TEXT NOT NULL,
  base_decimals INTEGER NOT NULL DEFAULT 9
    CONSTRAINT trading_pairs__base_decimals__ck CHECK (base_decimals BETWEEN 0 AND 18),
  quote_decimals INTEGER NOT NULL DEFAULT 6
    CONSTRAINT trading_pairs__quote_decimals__ck CHECK (quote_decimals BETWEEN 0 AND 18),
  -- Units shared with the order and auction modules (docs/order.md, docs/auction.md): a size
  -- is a count of lots of base_lot base ledger units; a price is a count of ticks; a trade
  -- of `size` lots at `price` is worth floor(size * price * quote_per_tick / base_scale)
  -- quote ledger units and moves size * base_lot base ledger units.
  base_lot INTEGER NOT NULL DEFAULT 1 CONSTRAINT trading_pairs__base_lot__ck CHECK (base_lot > 0),
  quote_per_tick INTEGER NOT NULL DEFAULT 1
    CONSTRAINT trading_pairs__quote_per_tick__ck CHECK (quote_per_tick > 0),
  base_scale INTEGER NOT NULL DEFAULT 1 CONSTRAINT trading_pairs__base_scale__ck CHECK (base_scale > 0),
  tick_size INTEGER NOT NULL DEFAULT 1 CONSTRAINT trading_pairs__tick_size__ck CHECK (tick_size > 0),
  min_price INTEGER NOT NULL DEFAULT 1 CONSTRAINT trading_pairs__min_price__ck CHECK (min_price > 0),
  max_price INTEGER NOT NULL,
  collar_low INTEGER NOT NULL,   -- floor for market sells, ticks
  collar_price INTEGER NOT NULL, -- ceiling for market buys (the market-buy collar), ticks
  min_order_size INTEGER NOT NULL DEFAULT 1
    CONSTRAINT trading_pairs__min_order_size__ck CHECK (min_order_size > 0),
  max_order_size INTEGER NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL,
  CONSTRAINT trading_pairs__base_token__uq UNIQUE (base_token, quote_token),
  CONSTRAINT trading_pairs__max_order_size__ck CHECK (max_order_size >= min_order_size),
  CONSTRAINT trading_pairs__collar_price__ck CHECK
    (min_price <= collar_low AND collar_low <= collar_price AND collar_price <= max_price),
  CONSTRAINT trading_pairs__quote_token__ck CHECK (base_token <> quote_token)
);

CREATE TABLE market_stats (
  id INTEGER CONSTRAINT market_stats__id__pk PRIMARY KEY,
  trading_pair_id INTEGER NOT NULL CONSTRAINT market_stats__trading_pair_id__uq UNIQUE
    CONSTRAINT market_stats__trading_pair_id__fk REFERENCES trading_pairs(id),
  last_price INTEGER CONSTRAINT market_stats__last_price__ck CHECK (last_price > 0),
  volume_24h INTEGER NOT NULL DEFAULT 0 CONSTRAINT market_stats__volume_24h__ck CHECK (volume_24h >= 0),
  high_24h INTEGER,
  low_24h INTEGER,
  price_change_bp INTEGER,  -- basis points against the previous last_price
  total_orders INTEGER NOT NULL DEFAULT 0 CONSTRAINT market_stats__total_orders__ck CHECK (total_orders >= 0),
  active_buy_orders INTEGER NOT NULL DEFAULT 0
    CONSTRAINT market_stats__active_buy_orders__ck CHECK (active_buy_orders >= 0),
  active_sell_orders INTEGER NOT NULL DEFAULT 0
    CONSTRAINT market_stats__active_sell_orders__ck CHECK (active_sell_orders >= 0),
  total_sessions INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
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
  total_quote_volume INTEGER,
  vrf_seed BLOB NOT NULL CONSTRAINT matching_sessions__vrf_seed__ck CHECK (length(vrf_seed) = 32),
  vrf_output BLOB,
  vrf_proof BLOB,
  executor_assignments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(executor_assignments)),
  created_at INTEGER NOT NULL,
  settled_at INTEGER,
  CONSTRAINT matching_sessions__session_number__uq UNIQUE (trading_pair_id, session_number)
);

CREATE TABLE encrypted_orders (
  id INTEGER CONSTRAINT encrypted_orders__id__pk PRIMARY KEY,
  user_id INTEGER NOT NULL CONSTRAINT encrypted_orders__user_id__fk REFERENCES users(id),
  trading_pair_id INTEGER NOT NULL CONSTRAINT encrypted_orders__trading_pair_id__fk REFERENCES trading_pairs(id),
  order_type TEXT NOT NULL CONSTRAINT encrypted_orders__order_type__ck CHECK (order_type IN ('market', 'limit')),
  side TEXT NOT NULL CONSTRAINT encrypted_orders__side__ck CHECK (side IN ('buy', 'sell')),
  validity TEXT NOT NULL CONSTRAINT encrypted_orders__validity__ck CHECK (validity IN ('gtc', 'gtt', 'ioc')),
  expires_at INTEGER,
  format_version INTEGER NOT NULL CONSTRAINT encrypted_orders__format_version__ck CHECK (format_version > 0),
  ciphertexts BLOB NOT NULL CONSTRAINT encrypted_orders__ciphertexts__ck CHECK (length(ciphertexts) > 0),
  commitments BLOB NOT NULL CONSTRAINT encrypted_orders__commitments__ck CHECK (length(commitments) > 0),
  proof_bundle BLOB NOT NULL CONSTRAINT encrypted_orders__proof_bundle__ck CHECK (length(proof_bundle) > 0),
  signature BLOB NOT NULL CONSTRAINT encrypted_orders__signature__ck CHECK (length(signature) = 64),
  nonce BLOB NOT NULL CONSTRAINT encrypted_orders__nonce__ck CHECK (length(nonce) BETWEEN 16 AND 64),
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
  CONSTRAINT encrypted_orders__expires_at__ck CHECK ((validity = 'gtt') = (expires_at IS NOT NULL))
);

CREATE TABLE order_pools (
  id INTEGER CONSTRAINT order_pools__id__pk PRIMARY KEY,
  trading_pair_id INTEGER NOT NULL CONSTRAINT order_pools__trading_pair_id__fk REFERENCES trading_pairs(id),
  side TEXT NOT NULL CONSTRAINT order_pools__side__ck CHECK (side IN ('buy', 'sell')),
  open_orders INTEGER NOT NULL DEFAULT 0 CONSTRAINT order_pools__open_orders__ck CHECK (open_orders >= 0),
  waiting_orders INTEGER NOT NULL DEFAULT 0  -- open and not yet frozen into a session
    CONSTRAINT order_pools__waiting_orders__ck CHECK (waiting_orders >= 0),
  last_session_number INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  CONSTRAINT order_pools__side__uq UNIQUE (trading_pair_id, side)
);

CREATE TABLE trades (
  id INTEGER CONSTRAINT trades__id__pk PRIMARY KEY,
  matching_session_id INTEGER NOT NULL CONSTRAINT trades__matching_session_id__fk REFERENCES matching_sessions(id),
  trading_pair_id INTEGER NOT NULL CONSTRAINT trades__trading_pair_id__fk REFERENCES trading_pairs(id),
  buy_order_id INTEGER NOT NULL CONSTRAINT trades__buy_order_id__fk REFERENCES encrypted_orders(id),
  sell_order_id INTEGER NOT NULL CONSTRAINT trades__sell_order_id__fk REFERENCES encrypted_orders(id),
  buyer_id INTEGER NOT NULL CONSTRAINT trades__buyer_id__fk REFERENCES users(id),
  seller_id INTEGER NOT NULL CONSTRAINT trades__seller_id__fk REFERENCES users(id),
  amount INTEGER NOT NULL CONSTRAINT trades__amount__ck CHECK (amount > 0),
  price INTEGER NOT NULL CONSTRAINT trades__price__ck CHECK (price > 0),
  total_value INTEGER NOT NULL CONSTRAINT trades__total_value__ck CHECK (total_value >= 0),
  buyer_fee INTEGER NOT NULL DEFAULT 0 CONSTRAINT trades__buyer_fee__ck CHECK (buyer_fee >= 0),
  seller_fee INTEGER NOT NULL DEFAULT 0 CONSTRAINT trades__seller_fee__ck CHECK (seller_fee >= 0),
  protocol_fee INTEGER NOT NULL DEFAULT 0,
  settlement_status TEXT NOT NULL DEFAULT 'settled'
    CONSTRAINT trades__settlement_status__ck CHECK (settlement_status IN ('pending', 'settled', 'failed')),
  created_at INTEGER NOT NULL,
  settled_at INTEGER,
  CONSTRAINT trades__protocol_fee__ck CHECK (protocol_fee = buyer_fee + seller_fee),
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
  total_requests INTEGER NOT NULL DEFAULT 0,
  successful_requests INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  reputation INTEGER NOT NULL DEFAULT 10000
    CONSTRAINT executor_nodes__reputation__ck CHECK (reputation BETWEEN 0 AND 10000),
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
  CONSTRAINT threshold_operations__total_shares__ck CHECK (total_shares >= required_shares),
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
  is_valid INTEGER CHECK (is_valid IN (0, 1)),
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
  public_inputs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(public_inputs)),
  is_verified INTEGER NOT NULL DEFAULT 0 CHECK (is_verified IN (0, 1)),
  created_at INTEGER NOT NULL
);

-- Append-only and hash-chained: id is the position in the chain (1, 2, ...), assigned under
-- the chain_head row lock. No foreign keys: nothing may ever rewrite an audit row.
CREATE TABLE audit_log (
  id INTEGER NOT NULL CONSTRAINT audit_log__id__pk PRIMARY KEY,
  event_type TEXT NOT NULL,
  event_category TEXT NOT NULL CONSTRAINT audit_log__event_category__ck CHECK (event_category IN
    ('order', 'balance', 'matching', 'execution', 'admin', 'security', 'system')),
  user_id INTEGER,
  order_id INTEGER,
  matching_session_id INTEGER,
  event_data TEXT NOT NULL,  -- canonical JSON text, hashed byte for byte
  risk_level TEXT NOT NULL DEFAULT 'low'
    CONSTRAINT audit_log__risk_level__ck CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  created_at INTEGER NOT NULL,
  prev_hash BLOB NOT NULL CONSTRAINT audit_log__prev_hash__ck CHECK (length(prev_hash) = 32),
  entry_hash BLOB NOT NULL CONSTRAINT audit_log__entry_hash__ck CHECK (length(entry_hash) = 32),
  CONSTRAINT audit_log__event_data__ck CHECK (json_valid(event_data))
);

-- Outbox: id assigned under the chain_head lock, so ids appear in commit order and a reader
-- paging by id never skips an event committed later with a smaller id.
CREATE TABLE event_outbox (
  id INTEGER NOT NULL CONSTRAINT event_outbox__id__pk PRIMARY KEY,
  topic TEXT NOT NULL,
  event_type TEXT NOT NULL,
  user_id INTEGER,
  trading_pair_id INTEGER,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  created_at INTEGER NOT NULL
);

-- The single row every audited transaction locks last: the head of the audit chain and
-- the last outbox id.
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
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  last_check INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Indexes: composite for the hot paths, partial for the open book, json_valid CHECKs where JSON is stored.
CREATE INDEX users_kyc_pending_idx ON users (kyc_status) WHERE kyc_status <> 'verified';
CREATE INDEX encrypted_orders_user_idx ON encrypted_orders (user_id, id);
CREATE INDEX encrypted_orders_waiting_idx ON encrypted_orders (trading_pair_id, side, id)
  WHERE status IN ('active', 'partially_filled') AND matching_session_id IS NULL;
CREATE INDEX encrypted_orders_book_idx ON encrypted_orders (trading_pair_id, side)
  WHERE status IN ('active', 'matching', 'partially_filled');
CREATE INDEX encrypted_orders_pair_idx ON encrypted_orders (trading_pair_id);
CREATE INDEX encrypted_orders_expiry_idx ON encrypted_orders (expires_at)
  WHERE expires_at IS NOT NULL AND status IN ('active', 'partially_filled');
CREATE INDEX encrypted_orders_session_idx ON encrypted_orders (matching_session_id)
  WHERE matching_session_id IS NOT NULL;
CREATE INDEX matching_sessions_pair_idx ON matching_sessions (trading_pair_id, created_at DESC);
CREATE INDEX trades_session_idx ON trades (matching_session_id);
CREATE INDEX trades_buyer_idx ON trades (buyer_id, created_at DESC);
CREATE INDEX trades_seller_idx ON trades (seller_id, created_at DESC);
CREATE INDEX executor_nodes_status_idx ON executor_nodes (status, last_heartbeat DESC);
CREATE INDEX executor_responses_op_idx ON executor_responses (threshold_operation_id);
CREATE INDEX cryptographic_proofs_order_idx ON cryptographic_proofs (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX cryptographic_proofs_session_idx ON cryptographic_proofs (matching_session_id)
  WHERE matching_session_id IS NOT NULL;
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX audit_log_risk_idx ON audit_log (risk_level, id) WHERE risk_level IN ('high', 'critical');
CREATE INDEX event_outbox_user_idx ON event_outbox (user_id, id);
CREATE INDEX system_metrics_name_idx ON system_metrics (metric_name, period_start DESC);

CREATE INDEX matching_sessions_assign_idx ON matching_sessions (json_array_length(executor_assignments));

-- Views.
CREATE VIEW market_overview AS
SELECT tp.id AS trading_pair_id, tp.symbol, ms.last_price, ms.high_24h, ms.low_24h,
       COALESCE(ms.volume_24h, 0) AS volume_24h,
       (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = tp.id) AS total_orders,
       (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = tp.id AND o.side = 'buy'
          AND o.status IN ('active', 'matching', 'partially_filled')) AS active_buy_orders,
       (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = tp.id AND o.side = 'sell'
          AND o.status IN ('active', 'matching', 'partially_filled')) AS active_sell_orders,
       COALESCE(ms.total_sessions, 0) AS total_sessions
FROM trading_pairs tp LEFT JOIN market_stats ms ON ms.trading_pair_id = tp.id
WHERE tp.is_active = 1;

-- security_invoker: the caller's row-level security applies through the view.
CREATE VIEW user_trading_stats AS
SELECT u.id AS user_id,
       (SELECT count(*) FROM encrypted_orders o WHERE o.user_id = u.id) AS total_orders,
       (SELECT count(*) FROM encrypted_orders o WHERE o.user_id = u.id AND o.status = 'filled') AS filled_orders,
       (SELECT count(*) FROM trades t WHERE t.buyer_id = u.id OR t.seller_id = u.id) AS total_trades,
       (SELECT COALESCE(sum(t.total_value), 0) FROM trades t WHERE t.buyer_id = u.id OR t.seller_id = u.id) AS total_volume
FROM users u;

CREATE VIEW system_health_overview AS
SELECT component, status, health_score, response_time_ms, last_check,
       CASE WHEN last_check < CAST(strftime('%s', 'now') AS INTEGER) * 1000000 - 300000000
            THEN 'stale' ELSE 'current' END AS data_freshness
FROM system_health ORDER BY health_score ASC, component ASC;

-- Seed data: the three pairs of the seed, their statistics and pools, the health components.
INSERT INTO trading_pairs (symbol, base_token, quote_token, base_token_name, quote_token_name,
    base_decimals, quote_decimals, base_lot, quote_per_tick, base_scale, tick_size, min_price, max_price,
    collar_low, collar_price, min_order_size, max_order_size, created_at) VALUES
  ('SOL/USDC', 'So11111111111111111111111111111111111111112', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
   'SOL', 'USDC', 9, 6, 1000000, 10, 1, 1, 1, 10000000, 5000, 50000, 1, 1000000000, 0),
  ('USDT/USDC', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
   'USDT', 'USDC', 6, 6, 1000000, 100, 1, 1, 1, 100000, 9000, 11000, 1, 1000000000, 0),
  ('SOL/USDT', 'So11111111111111111111111111111111111111112', 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
   'SOL', 'USDT', 9, 6, 1000000, 10, 1, 1, 1, 10000000, 5000, 50000, 1, 1000000000, 0);
INSERT INTO market_stats (trading_pair_id, updated_at) SELECT id, 0 FROM trading_pairs ORDER BY id;
INSERT INTO order_pools (trading_pair_id, side, updated_at)
  SELECT tp.id, s.side, 0 FROM trading_pairs tp CROSS JOIN (SELECT 'buy' AS side UNION ALL SELECT 'sell') s ORDER BY tp.id, s.side;
INSERT INTO system_health (component, status, last_check, updated_at) VALUES
  ('matching_engine', 'healthy', 0, 0), ('threshold_network', 'healthy', 0, 0),
  ('crypto_services', 'healthy', 0, 0), ('api_gateway', 'healthy', 0, 0),
  ('websocket_service', 'healthy', 0, 0), ('database', 'healthy', 0, 0);
INSERT INTO chain_head (id, audit_seq, audit_hash, outbox_seq)
  VALUES (1, 0, zeroblob(32), 0);
