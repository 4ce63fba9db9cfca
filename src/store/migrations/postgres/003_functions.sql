-- The functions that write money, orders, sessions and the journal. Each runs inside the
-- caller's transaction, checks its own invariants (NULL-safe: a NULL never passes a check)
-- and raises a PhantomPool error code (SQLSTATE PPxxx, message "table.field: reason") that
-- the store maps to a Status:
--   PP400 invalid argument, PP402 insufficient funds, PP403 permission denied, PP404 not
--   found, PP409 conflict, PP410 already exists, PP412 failed precondition, PP500 invariant.
-- Commitment arithmetic (ristretto255) is the store's, in C++; these functions take the
-- expected old value of every commitment they replace and refuse if it changed
-- (compare-and-set under the row lock). SECURITY DEFINER: they run as the owner, with
-- search_path pinned; EXECUTE is granted per function at the end (no default for PUBLIC).

CREATE FUNCTION pp_raise(p_code TEXT, p_field TEXT, p_why TEXT) RETURNS VOID
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_field || ': ' || p_why;
END $$;

-- The audit chain's canonical encoding, version 2 (src/store/journal.cc builds the same
-- bytes): big-endian integers, u32-length-prefixed byte strings, presence-flagged ids.
CREATE FUNCTION pp_lp(p BYTEA) RETURNS BYTEA LANGUAGE sql IMMUTABLE
  AS $$ SELECT int4send(length(p)) || p $$;
CREATE FUNCTION pp_opt_id(p BIGINT) RETURNS BYTEA LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN p IS NULL THEN '\x000000000000000000'::bytea
                    ELSE '\x01'::bytea || int8send(p) END $$;
CREATE FUNCTION pp_audit_hash(p_id BIGINT, p_prev BYTEA, p_type TEXT, p_category TEXT,
    p_risk TEXT, p_user BIGINT, p_order BIGINT, p_session BIGINT, p_data TEXT, p_created BIGINT)
RETURNS BYTEA LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(pp_lp(convert_to('phantompool/audit/v2', 'UTF8')) || int8send(p_id) || pp_lp(p_prev)
         || pp_lp(convert_to(p_type, 'UTF8')) || pp_lp(convert_to(p_category, 'UTF8'))
         || pp_lp(convert_to(p_risk, 'UTF8')) || pp_opt_id(p_user) || pp_opt_id(p_order)
         || pp_opt_id(p_session) || pp_lp(convert_to(p_data, 'UTF8')) || int8send(p_created))
$$;

-- The one way into audit_log, event_outbox and chain_head. Takes the head lock, gives each
-- audit entry the next id and its hash, each event the next outbox id, advances the head and
-- queues a NOTIFY (delivered at commit). Returns the last outbox id.
--   p_audits: [{event_type, event_category, risk_level, user_id, order_id,
--               matching_session_id, event_data}]   p_events: [{topic, event_type, user_id,
--               trading_pair_id, payload}]          (event_data and payload: JSON text)
CREATE FUNCTION pp_journal_append(p_audits JSON, p_events JSON, p_now BIGINT) RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_seq BIGINT;
  v_hash BYTEA;
  v_outbox BIGINT;
  v_events BIGINT;
  v_ids BIGINT[] := '{}';
  v_prev BYTEA[] := '{}';
  v_hashes BYTEA[] := '{}';
  a RECORD;
BEGIN
  IF p_now IS NULL OR p_now < 0 THEN
    PERFORM pp_raise('PP400', 'audit_log.created_at', 'must be a time');
  END IF;
  SELECT audit_seq, audit_hash, outbox_seq INTO v_seq, v_hash, v_outbox
    FROM chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP500', 'chain_head', 'missing'); END IF;
  -- Each hash depends on the one before: computed in order, then written in one statement.
  FOR a IN SELECT * FROM json_to_recordset(coalesce(p_audits, '[]'::json)) AS x(event_type TEXT,
      event_category TEXT, risk_level TEXT, user_id BIGINT, order_id BIGINT,
      matching_session_id BIGINT, event_data TEXT) LOOP
    v_seq := v_seq + 1;
    v_ids := v_ids || v_seq;
    v_prev := v_prev || v_hash;
    v_hash := pp_audit_hash(v_seq, v_hash, a.event_type, a.event_category, a.risk_level,
                            a.user_id, a.order_id, a.matching_session_id, a.event_data, p_now);
    v_hashes := v_hashes || v_hash;
  END LOOP;
  INSERT INTO audit_log (id, event_type, event_category, user_id, order_id, matching_session_id,
                         event_data, risk_level, created_at, prev_hash, entry_hash)
  SELECT v_ids[x.n], x.event_type, x.event_category, x.user_id, x.order_id, x.matching_session_id,
         x.event_data, x.risk_level, p_now, v_prev[x.n], v_hashes[x.n]
    FROM ROWS FROM (json_to_recordset(coalesce(p_audits, '[]'::json)) AS (event_type TEXT,
         event_category TEXT, risk_level TEXT, user_id BIGINT, order_id BIGINT,
         matching_session_id BIGINT, event_data TEXT))
         WITH ORDINALITY AS x(event_type, event_category, risk_level, user_id, order_id,
                              matching_session_id, event_data, n);
  INSERT INTO event_outbox (id, topic, event_type, user_id, trading_pair_id, payload, created_at)
  SELECT v_outbox + x.n, x.topic, x.event_type, x.user_id, x.trading_pair_id, x.payload::jsonb, p_now
    FROM ROWS FROM (json_to_recordset(coalesce(p_events, '[]'::json)) AS (topic TEXT,
         event_type TEXT, user_id BIGINT, trading_pair_id BIGINT, payload TEXT))
         WITH ORDINALITY AS x(topic, event_type, user_id, trading_pair_id, payload, n);
  GET DIAGNOSTICS v_events = ROW_COUNT;
  v_outbox := v_outbox + v_events;
  UPDATE chain_head SET audit_seq = v_seq, audit_hash = v_hash, outbox_seq = v_outbox WHERE id = 1;
  IF v_events > 0 THEN
    PERFORM pg_notify('pp_outbox', v_outbox::text);
  END IF;
  RETURN v_outbox;
END $$;

-- audit_log, event_outbox and chain_head are written by pp_journal_append alone (it runs as
-- the owner), or by the owner's own maintenance (restore). Every other INSERT, UPDATE,
-- DELETE or TRUNCATE is refused here, whatever grants a future migration might add.
CREATE FUNCTION pp_refuse_direct_write() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF (SELECT relowner FROM pg_class WHERE oid = TG_RELID)
     IS DISTINCT FROM (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = TG_TABLE_NAME || ': append-only; written through pp_journal_append alone';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION pp_refuse_direct_write();
CREATE TRIGGER event_outbox_append_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION pp_refuse_direct_write();
CREATE TRIGGER chain_head_append_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION pp_refuse_direct_write();

-- Locks the balance rows named by p_keys ([{user_id, token}]) in (user_id, token) order, the
-- order every writer of user_balances uses, so no two transactions wait on each other in a
-- cycle. With p_create, a missing row is created first (zero balance, identity
-- commitments); a concurrent creator is waited for, not raced.
CREATE FUNCTION pp_lock_balances(p_keys JSON, p_create BOOLEAN, p_now BIGINT)
RETURNS SETOF user_balances
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_create THEN
    INSERT INTO user_balances (user_id, token, balance, balance_commitment, available_commitment,
                               created_at, updated_at)
    SELECT k.user_id, k.token, 0, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'),
           p_now, p_now
      FROM (SELECT DISTINCT user_id, token FROM json_to_recordset(p_keys) AS x(user_id BIGINT, token TEXT)) k
     ORDER BY k.user_id, k.token COLLATE "C"
    ON CONFLICT ON CONSTRAINT user_balances__token__uq DO NOTHING;
  END IF;
  RETURN QUERY
    SELECT b.* FROM user_balances b
      JOIN (SELECT DISTINCT user_id, token FROM json_to_recordset(p_keys) AS x(user_id BIGINT, token TEXT)) k
        ON k.user_id = b.user_id AND k.token = b.token
     ORDER BY b.user_id, b.token COLLATE "C" FOR UPDATE OF b;
END $$;

-- A deposit or a withdrawal under the idempotency key p_reference. A reference already used
-- by this user returns that first transfer (replayed = true) if it names the same transfer,
-- and is refused otherwise. A withdrawal compares-and-sets the available-balance commitment
-- its proof was verified against (p_expected_available), so it can never take what open or
-- frozen orders have locked; a deposit compares-and-sets the value the store read.
CREATE FUNCTION change_balance(p_user BIGINT, p_token TEXT, p_kind TEXT, p_amount BIGINT,
    p_reference TEXT, p_expected_available BYTEA, p_new_balance_commitment BYTEA,
    p_new_available BYTEA, p_now BIGINT)
RETURNS TABLE (transfer_id BIGINT, balance_after BIGINT, created_at BIGINT, replayed BOOLEAN)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_row user_balances%ROWTYPE;
  v_prior balance_transfers%ROWTYPE;
  v_after BIGINT;
  v_id BIGINT;
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('deposit', 'withdrawal') THEN
    PERFORM pp_raise('PP400', 'balance_transfers.kind', 'must be deposit or withdrawal');
  END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    PERFORM pp_raise('PP400', 'balance_transfers.amount', 'must be positive');
  END IF;
  IF p_reference IS NULL OR p_reference !~ '^[!-~]{1,128}$' THEN
    PERFORM pp_raise('PP400', 'balance_transfers.reference', 'must be 1..128 printable ASCII characters');
  END IF;
  IF p_now IS NULL OR p_expected_available IS NULL OR p_new_balance_commitment IS NULL
     OR p_new_available IS NULL OR p_token IS NULL THEN
    PERFORM pp_raise('PP400', 'user_balances', 'every argument is required');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_user AND is_active) THEN
    PERFORM pp_raise('PP404', 'users.id', 'no active user ' || coalesce(p_user::text, 'NULL'));
  END IF;
  IF p_kind = 'deposit' THEN
    PERFORM 1 FROM pp_lock_balances(json_build_array(json_build_object('user_id', p_user, 'token', p_token)), true, p_now);
  END IF;
  SELECT * INTO v_row FROM user_balances WHERE user_id = p_user AND token = p_token FOR UPDATE;
  -- Under the row lock: a first attempt with this key that committed meanwhile is seen here.
  SELECT * INTO v_prior FROM balance_transfers WHERE user_id = p_user AND reference = p_reference;
  IF FOUND THEN
    IF v_prior.token IS DISTINCT FROM p_token OR v_prior.kind IS DISTINCT FROM p_kind
       OR v_prior.amount IS DISTINCT FROM p_amount THEN
      PERFORM pp_raise('PP410', 'balance_transfers.reference', 'already used for a different transfer');
    END IF;
    RETURN QUERY SELECT v_prior.id, v_prior.balance_after, v_prior.created_at, true;
    RETURN;
  END IF;
  IF v_row.id IS NULL THEN
    PERFORM pp_raise('PP402', 'user_balances.balance', 'no balance in this token');
  END IF;
  IF v_row.available_commitment IS DISTINCT FROM p_expected_available THEN
    PERFORM pp_raise('PP409', 'user_balances.available_commitment',
                     'changed since it was read; prove against the current one');
  END IF;
  IF p_new_available = p_expected_available THEN
    PERFORM pp_raise('PP400', 'user_balances.available_commitment', 'a transfer must change it');
  END IF;
  IF p_kind = 'withdrawal' THEN
    IF v_row.balance < p_amount THEN
      PERFORM pp_raise('PP402', 'user_balances.balance', 'withdrawal exceeds the balance');
    END IF;
    v_after := v_row.balance - p_amount;
  ELSE
    IF v_row.balance > 9223372036854775807 - p_amount THEN
      PERFORM pp_raise('PP400', 'user_balances.balance', 'would exceed the 63-bit bound');
    END IF;
    v_after := v_row.balance + p_amount;
  END IF;
  UPDATE user_balances SET balance = v_after, balance_commitment = p_new_balance_commitment,
         available_commitment = p_new_available, updated_at = p_now
   WHERE id = v_row.id;
  INSERT INTO balance_transfers (user_id, token, kind, amount, reference, balance_after, created_at)
  VALUES (p_user, p_token, p_kind, p_amount, p_reference, v_after, p_now) RETURNING id INTO v_id;
  RETURN QUERY SELECT v_id, v_after, p_now, false;
END $$;

-- Orders in one round trip (the store's group commit), as parallel arrays (byte strings
-- travel in binary): one result row per order, in input order. Every check runs first, for
-- the whole batch in one query; then, order by order, the balance row is compare-and-set on
-- p_expected[i], the available-balance commitment A the order's solvency proof was verified
-- against — two orders proven against the same A can never both lock — and the accepted
-- orders are written in one statement, their audit entries and events appended with them:
-- no order is accepted without its journal. A refused order writes nothing and the others go
-- on. The store recomputed each obligation commitment from its order; p_new[i] = A − it.
CREATE FUNCTION submit_encrypted_orders(p_users BIGINT[], p_pairs BIGINT[], p_sides TEXT[],
    p_types TEXT[], p_validities TEXT[], p_expires BIGINT[], p_nonces BYTEA[], p_orders BYTEA[],
    p_obligations BYTEA[], p_expected BYTEA[], p_new BYTEA[], p_now BIGINT)
RETURNS TABLE (n BIGINT, order_id BIGINT, code TEXT, field TEXT, message TEXT)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count INTEGER := coalesce(cardinality(p_users), 0);
  v_code TEXT[];
  v_field TEXT[];
  v_message TEXT[];
  v_token TEXT[];
  v_order_ids BIGINT[];
  v_accepted BIGINT[] := '{}';
  v_written BIGINT[];
  v_ids BIGINT[];
  v_audits JSON;
  v_events JSON;
  c RECORD;
BEGIN
  IF v_count = 0 OR v_count IS DISTINCT FROM cardinality(p_pairs) OR v_count IS DISTINCT FROM cardinality(p_sides)
     OR v_count IS DISTINCT FROM cardinality(p_types) OR v_count IS DISTINCT FROM cardinality(p_validities)
     OR v_count IS DISTINCT FROM cardinality(p_expires) OR v_count IS DISTINCT FROM cardinality(p_nonces)
     OR v_count IS DISTINCT FROM cardinality(p_orders) OR v_count IS DISTINCT FROM cardinality(p_obligations)
     OR v_count IS DISTINCT FROM cardinality(p_expected) OR v_count IS DISTINCT FROM cardinality(p_new)
     OR p_now IS NULL THEN
    PERFORM pp_raise('PP400', 'encrypted_orders', 'one value per order in every array');
  END IF;
  v_code := array_fill(NULL::text, ARRAY[v_count]);
  v_field := v_code;
  v_message := v_code;
  v_token := v_code;
  v_order_ids := array_fill(NULL::bigint, ARRAY[v_count]);
  -- The bulk of each order (its bytes) stays out of this query: a NULL there is refused for
  -- the whole batch, which the store never sends.
  IF array_position(p_orders, NULL) IS NOT NULL OR array_position(p_obligations, NULL) IS NOT NULL THEN
    PERFORM pp_raise('PP400', 'encrypted_orders', 'every order needs its bytes and obligation');
  END IF;
  FOR c IN
    SELECT x.i, x.user_id, x.side, u.id IS NOT NULL AS user_found, u.is_active, u.kyc_status,
           tp.id IS NOT NULL AS pair_found, tp.is_active AS pair_active,
           CASE x.side WHEN 'buy' THEN tp.quote_token ELSE tp.base_token END AS token,
           CASE WHEN x.side IS NULL OR x.side NOT IN ('buy', 'sell') OR x.type IS NULL
                  OR x.type NOT IN ('limit', 'market') OR x.validity IS NULL
                  OR x.validity NOT IN ('gtc', 'gtt', 'ioc') OR x.nonce IS NULL
                  OR x.expected IS NULL OR x.next IS NULL THEN 'missing'
                WHEN (x.validity = 'gtt') IS DISTINCT FROM (x.expires_at IS NOT NULL)
                  OR x.expires_at <= p_now THEN 'expiry'
                WHEN x.next = x.expected THEN 'no_obligation' END AS shape,
           EXISTS (SELECT 1 FROM encrypted_orders e WHERE e.user_id = x.user_id AND e.nonce = x.nonce) AS nonce_used
      FROM unnest(p_users, p_sides, p_types, p_validities, p_expires, p_nonces, p_expected, p_new,
                  p_pairs)
           WITH ORDINALITY AS x(user_id, side, type, validity, expires_at, nonce, expected, next,
                                pair_id, i)
      LEFT JOIN users u ON u.id = x.user_id
      LEFT JOIN trading_pairs tp ON tp.id = x.pair_id
     ORDER BY x.i
  LOOP
    IF c.shape = 'missing' THEN
      v_code[c.i] := 'PP400'; v_field[c.i] := 'encrypted_orders'; v_message[c.i] := 'every argument is required and valid';
    ELSIF NOT c.user_found THEN
      v_code[c.i] := 'PP404'; v_field[c.i] := 'users.id'; v_message[c.i] := 'no user ' || coalesce(c.user_id::text, 'NULL');
    ELSIF NOT c.is_active THEN
      v_code[c.i] := 'PP412'; v_field[c.i] := 'users.is_active'; v_message[c.i] := 'user is not active';
    ELSIF c.kyc_status <> 'verified' THEN
      v_code[c.i] := 'PP412'; v_field[c.i] := 'users.kyc_status'; v_message[c.i] := 'KYC is ' || c.kyc_status;
    ELSIF NOT c.pair_found THEN
      v_code[c.i] := 'PP404'; v_field[c.i] := 'trading_pairs.id'; v_message[c.i] := 'no trading pair';
    ELSIF NOT c.pair_active THEN
      v_code[c.i] := 'PP412'; v_field[c.i] := 'trading_pairs.is_active'; v_message[c.i] := 'pair is not active';
    ELSIF c.shape = 'expiry' THEN
      v_code[c.i] := 'PP400'; v_field[c.i] := 'encrypted_orders.expires_at';
      v_message[c.i] := 'required in the future for gtt orders, absent otherwise';
    ELSIF c.nonce_used THEN
      v_code[c.i] := 'PP410'; v_field[c.i] := 'encrypted_orders.nonce'; v_message[c.i] := 'nonce already used';
    ELSIF c.shape = 'no_obligation' THEN
      v_code[c.i] := 'PP400'; v_field[c.i] := 'user_balances.available_commitment';
      v_message[c.i] := 'an order must lock a non-zero obligation';
    ELSE
      UPDATE user_balances SET available_commitment = p_new[c.i],
             open_obligations = open_obligations + 1, updated_at = p_now
       WHERE user_id = c.user_id AND token = c.token AND available_commitment = p_expected[c.i];
      IF FOUND THEN
        v_token[c.i] := c.token;
        v_accepted := v_accepted || c.i;
      ELSIF EXISTS (SELECT 1 FROM user_balances WHERE user_id = c.user_id AND token = c.token) THEN
        v_code[c.i] := 'PP409'; v_field[c.i] := 'user_balances.available_commitment';
        v_message[c.i] := 'changed since the solvency proof was made; prove against the current one';
      ELSE
        v_code[c.i] := 'PP402'; v_field[c.i] := 'user_balances.balance';
        v_message[c.i] := 'no balance in ' || c.token;
      END IF;
    END IF;
  END LOOP;
  IF cardinality(v_accepted) > 0 THEN
    WITH written AS (
      INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity, expires_at,
          nonce, encrypted_order, obligation_token, obligation_commitment, status, created_at, updated_at)
      SELECT p_users[a.i], p_pairs[a.i], p_types[a.i], p_sides[a.i], p_validities[a.i], p_expires[a.i],
             p_nonces[a.i], p_orders[a.i], v_token[a.i], p_obligations[a.i], 'active', p_now, p_now
        FROM unnest(v_accepted) WITH ORDINALITY AS a(i, k) ORDER BY a.k
      RETURNING id, user_id, nonce)
    SELECT array_agg(a.i ORDER BY a.i), array_agg(w.id ORDER BY a.i) INTO v_written, v_ids
      FROM written w JOIN unnest(v_accepted) AS a(i) ON w.user_id = p_users[a.i] AND w.nonce = p_nonces[a.i];
    SELECT json_agg(json_build_object('event_type', 'order_submitted', 'event_category', 'order',
                      'risk_level', 'low', 'user_id', p_users[a.i], 'order_id', a.id,
                      'event_data', a.data) ORDER BY a.i),
           json_agg(json_build_object('topic', 'order', 'event_type', 'order_accepted',
                      'user_id', p_users[a.i], 'trading_pair_id', p_pairs[a.i], 'payload', a.data)
                    ORDER BY a.i)
      INTO v_audits, v_events
      FROM (SELECT a.i, a.id, json_build_object('order_id', a.id, 'trading_pair_id', p_pairs[a.i],
                     'side', p_sides[a.i], 'order_type', p_types[a.i],
                     'validity', p_validities[a.i])::text AS data
              FROM unnest(v_written, v_ids) AS a(i, id)) a;
    PERFORM pp_journal_append(v_audits, v_events, p_now);
    FOR k IN 1..cardinality(v_written) LOOP
      v_order_ids[v_written[k]] := v_ids[k];
    END LOOP;
  END IF;
  RETURN QUERY
    SELECT g.i::bigint, v_order_ids[g.i], v_code[g.i], v_field[g.i], v_message[g.i]
      FROM generate_series(1, v_count) AS g(i) ORDER BY g.i;
END $$;

CREATE FUNCTION submit_encrypted_order(p_user BIGINT, p_pair BIGINT, p_side TEXT, p_type TEXT,
    p_validity TEXT, p_expires_at BIGINT, p_nonce BYTEA, p_encrypted_order BYTEA,
    p_obligation BYTEA, p_expected_available BYTEA, p_new_available BYTEA, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r RECORD;
BEGIN
  SELECT * INTO r FROM submit_encrypted_orders(ARRAY[p_user], ARRAY[p_pair], ARRAY[p_side],
      ARRAY[p_type], ARRAY[p_validity], ARRAY[p_expires_at], ARRAY[p_nonce], ARRAY[p_encrypted_order],
      ARRAY[p_obligation], ARRAY[p_expected_available], ARRAY[p_new_available], p_now);
  IF r.code IS NOT NULL THEN PERFORM pp_raise(r.code, r.field, r.message); END IF;
  RETURN r.order_id;
END $$;

-- Cancels a waiting order of p_user and releases its obligation: p_new_available =
-- p_expected_available + obligation, compare-and-set.
CREATE FUNCTION cancel_encrypted_order(p_user BIGINT, p_order BIGINT, p_expected_available BYTEA,
    p_new_available BYTEA, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order encrypted_orders%ROWTYPE;
BEGIN
  SELECT * INTO v_order FROM encrypted_orders WHERE id = p_order FOR UPDATE;
  IF NOT FOUND OR v_order.user_id IS DISTINCT FROM p_user THEN
    PERFORM pp_raise('PP404', 'encrypted_orders.id', 'no order ' || coalesce(p_order::text, 'NULL') || ' of this user');
  END IF;
  IF v_order.status NOT IN ('active', 'partially_filled') THEN
    PERFORM pp_raise('PP412', 'encrypted_orders.status', 'order is ' || v_order.status);
  END IF;
  IF p_new_available IS NULL OR p_new_available = p_expected_available OR p_now IS NULL THEN
    PERFORM pp_raise('PP400', 'user_balances.available_commitment', 'a cancellation must release the obligation');
  END IF;
  UPDATE user_balances SET available_commitment = p_new_available,
         open_obligations = open_obligations - 1, updated_at = p_now
   WHERE user_id = p_user AND token = v_order.obligation_token AND available_commitment = p_expected_available;
  IF NOT FOUND THEN
    PERFORM pp_raise('PP409', 'user_balances.available_commitment', 'changed since the store read it');
  END IF;
  UPDATE encrypted_orders SET status = 'cancelled', updated_at = p_now WHERE id = p_order;
END $$;

-- p_orders: the ids the store found expired; p_balances: [{user_id, token, expected_available,
-- new_available, count}] (hex). Refuses unless p_orders is exactly the set of waiting GTT
-- orders expired at p_now and each balance row releases exactly its own orders.
CREATE FUNCTION cleanup_expired_orders(p_now BIGINT, p_orders BIGINT[], p_balances JSON)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count INTEGER;
  v_expected INTEGER;
  r RECORD;
BEGIN
  IF p_now IS NULL OR p_orders IS NULL OR p_balances IS NULL THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.expires_at', 'every argument is required');
  END IF;
  SELECT count(*) INTO v_expected FROM encrypted_orders
   WHERE status IN ('active', 'partially_filled') AND expires_at <= p_now;
  SELECT count(*) INTO v_count FROM encrypted_orders
   WHERE id = ANY(p_orders) AND status IN ('active', 'partially_filled') AND expires_at <= p_now;
  IF v_count <> v_expected OR v_count <> cardinality(p_orders) THEN
    PERFORM pp_raise('PP409', 'encrypted_orders.expires_at', 'expired set changed since the store read it');
  END IF;
  FOR r IN SELECT * FROM json_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT,
      expected_available TEXT, new_available TEXT, count BIGINT) ORDER BY user_id, token COLLATE "C" LOOP
    IF r.count IS DISTINCT FROM (SELECT count(*) FROM encrypted_orders WHERE id = ANY(p_orders)
                                  AND user_id = r.user_id AND obligation_token = r.token)
       OR r.count = 0 THEN
      PERFORM pp_raise('PP500', 'user_balances.open_obligations', 'released obligations do not match the orders');
    END IF;
    v_count := v_count - r.count;
    UPDATE user_balances SET available_commitment = decode(r.new_available, 'hex'),
           open_obligations = open_obligations - r.count, updated_at = p_now
     WHERE user_id = r.user_id AND token = r.token
       AND available_commitment = decode(r.expected_available, 'hex');
    IF NOT FOUND THEN
      PERFORM pp_raise('PP409', 'user_balances.available_commitment', 'changed since the store read it');
    END IF;
  END LOOP;
  IF v_count <> 0 THEN
    PERFORM pp_raise('PP500', 'user_balances.open_obligations', 'released obligations do not match the orders');
  END IF;
  UPDATE encrypted_orders SET status = 'expired', updated_at = p_now WHERE id = ANY(p_orders);
  RETURN cardinality(p_orders);
END $$;

-- Freezes the pair's waiting orders, oldest first and at most batch_max_orders, into a new
-- session; returns its id.
CREATE FUNCTION create_matching_session(p_pair BIGINT, p_vrf_seed BYTEA, p_executors JSONB, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_pair trading_pairs%ROWTYPE;
  v_number BIGINT;
  v_id BIGINT;
  v_buys INTEGER;
  v_sells INTEGER;
BEGIN
  SELECT * INTO v_pair FROM trading_pairs WHERE id = p_pair AND is_active FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'trading_pairs.id', 'no active trading pair'); END IF;
  IF p_now IS NULL OR p_vrf_seed IS NULL OR length(p_vrf_seed) <> 32 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.vrf_seed', 'must be 32 bytes');
  END IF;
  IF p_executors IS NULL OR jsonb_typeof(p_executors) <> 'array' OR jsonb_array_length(p_executors) = 0
     OR jsonb_array_length(p_executors) > 255 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.executor_assignments', 'must name 1..255 executors');
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_executors) e
              WHERE jsonb_typeof(e) <> 'number'
                 OR NOT EXISTS (SELECT 1 FROM executor_nodes n WHERE n.id = (e #>> '{}')::numeric)) THEN
    PERFORM pp_raise('PP404', 'matching_sessions.executor_assignments', 'names an unknown executor');
  END IF;
  SELECT coalesce(max(session_number), 0) + 1 INTO v_number FROM matching_sessions WHERE trading_pair_id = p_pair;
  INSERT INTO matching_sessions (trading_pair_id, session_number, status, vrf_seed, executor_assignments, created_at)
  VALUES (p_pair, v_number, 'frozen', p_vrf_seed, p_executors, p_now) RETURNING id INTO v_id;
  UPDATE encrypted_orders SET status = 'matching', matching_session_id = v_id, updated_at = p_now
   WHERE id IN (SELECT id FROM encrypted_orders WHERE trading_pair_id = p_pair
                  AND status IN ('active', 'partially_filled') ORDER BY id LIMIT v_pair.batch_max_orders);
  SELECT count(*) FILTER (WHERE side = 'buy'), count(*) FILTER (WHERE side = 'sell') INTO v_buys, v_sells
    FROM encrypted_orders WHERE matching_session_id = v_id;
  IF v_buys + v_sells = 0 THEN
    PERFORM pp_raise('PP412', 'encrypted_orders', 'no orders waiting in this pair');
  END IF;
  UPDATE matching_sessions SET buy_orders_count = v_buys, sell_orders_count = v_sells WHERE id = v_id;
  RETURN v_id;
END $$;

-- Fails a frozen session: its orders go back on the book with their locks intact (nothing
-- was spent), its threshold operations fail. The store journals it.
CREATE FUNCTION fail_matching_session(p_session BIGINT, p_reason TEXT, p_now BIGINT)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_status TEXT;
  v_orders INTEGER;
BEGIN
  SELECT status INTO v_status FROM matching_sessions WHERE id = p_session FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'matching_sessions.id', 'no such session'); END IF;
  IF v_status <> 'frozen' THEN
    PERFORM pp_raise('PP412', 'matching_sessions.status', 'session is ' || v_status);
  END IF;
  IF p_reason IS NULL OR length(p_reason) NOT BETWEEN 1 AND 1024 OR p_now IS NULL THEN
    PERFORM pp_raise('PP400', 'matching_sessions.failure_reason', 'must be 1..1024 characters');
  END IF;
  UPDATE encrypted_orders SET status = CASE WHEN coalesce(filled_amount, 0) > 0 THEN 'partially_filled'
                                            ELSE 'active' END,
         matching_session_id = NULL, updated_at = p_now
   WHERE matching_session_id = p_session AND status = 'matching';
  GET DIAGNOSTICS v_orders = ROW_COUNT;
  UPDATE threshold_operations SET status = 'failed', completed_at = p_now
   WHERE matching_session_id = p_session AND status IN ('pending', 'ready');
  UPDATE matching_sessions SET status = 'failed', failure_reason = p_reason, failed_at = p_now
   WHERE id = p_session;
  RETURN v_orders;
END $$;

-- An executor's share for an operation of a session it is assigned to, written by the server
-- acting for it: a direct executor login is read-only, like every direct login. p_executor
-- must be the acting executor (pp_principal_id), and the audit entry is appended here, in
-- SQL, since an executor may not call the journal.
CREATE FUNCTION pp_require_request_login() RETURNS VOID
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM db_logins WHERE login = session_user AND role = 'service') THEN
    PERFORM pp_raise('PP403', 'db_logins', 'a direct login is read-only; writes go through the server');
  END IF;
END $$;

CREATE FUNCTION executor_submit_response(p_executor BIGINT, p_operation BIGINT, p_share BYTEA,
    p_proof BYTEA, p_signature BYTEA, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_op threshold_operations%ROWTYPE;
  v_id BIGINT;
BEGIN
  PERFORM pp_require_request_login();
  IF p_executor IS NULL OR p_executor IS DISTINCT FROM pp_principal_id('executor') THEN
    PERFORM pp_raise('PP403', 'executor_responses.executor_node_id', 'not the calling executor');
  END IF;
  SELECT * INTO v_op FROM threshold_operations WHERE id = p_operation FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'threshold_operations.id', 'no such operation'); END IF;
  IF NOT EXISTS (SELECT 1 FROM matching_sessions s WHERE s.id = v_op.matching_session_id
                  AND s.executor_assignments @> jsonb_build_array(p_executor)) THEN
    PERFORM pp_raise('PP403', 'threshold_operations.matching_session_id', 'executor not assigned to this session');
  END IF;
  IF v_op.status NOT IN ('pending', 'ready') THEN
    PERFORM pp_raise('PP412', 'threshold_operations.status', 'operation is ' || v_op.status);
  END IF;
  INSERT INTO executor_responses (threshold_operation_id, executor_node_id, share, proof, signature, created_at)
  VALUES (p_operation, p_executor, p_share, p_proof, p_signature, p_now) RETURNING id INTO v_id;
  PERFORM pp_journal_append(json_build_array(json_build_object(
      'event_type', 'executor_response', 'event_category', 'execution', 'risk_level', 'low',
      'matching_session_id', v_op.matching_session_id,
      'event_data', json_build_object('executor_id', p_executor, 'operation_id', p_operation,
                                      'response_id', v_id)::text)), NULL, p_now);
  RETURN v_id;
END $$;

CREATE FUNCTION executor_heartbeat(p_executor BIGINT, p_status TEXT, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pp_require_request_login();
  IF p_executor IS NULL OR p_executor IS DISTINCT FROM pp_principal_id('executor') THEN
    PERFORM pp_raise('PP403', 'executor_nodes.id', 'not the calling executor');
  END IF;
  UPDATE executor_nodes SET status = p_status, last_heartbeat = p_now, updated_at = p_now WHERE id = p_executor;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'executor_nodes.id', 'no such executor'); END IF;
END $$;

-- Metrics and health: plain writes with the caller's own rights (the service's grants).
CREATE FUNCTION record_metric(p_name TEXT, p_value DOUBLE PRECISION, p_unit TEXT, p_component TEXT,
    p_pair BIGINT, p_start BIGINT, p_end BIGINT, p_now BIGINT)
RETURNS BIGINT LANGUAGE sql SECURITY INVOKER SET search_path = public, pg_temp AS $$
  INSERT INTO system_metrics (metric_name, metric_value, metric_unit, component, trading_pair_id,
                              period_start, period_end, created_at)
  VALUES (p_name, p_value, p_unit, p_component, p_pair, p_start, p_end, p_now) RETURNING id
$$;

CREATE FUNCTION update_system_health(p_component TEXT, p_status TEXT, p_score INTEGER, p_response_ms INTEGER,
    p_throughput DOUBLE PRECISION, p_error_rate DOUBLE PRECISION, p_details JSONB, p_now BIGINT)
RETURNS VOID LANGUAGE sql SECURITY INVOKER SET search_path = public, pg_temp AS $$
  INSERT INTO system_health (component, status, health_score, response_time_ms, throughput, error_rate,
                             details, last_check, updated_at)
  VALUES (p_component, p_status, p_score, p_response_ms, p_throughput, p_error_rate, p_details, p_now, p_now)
  ON CONFLICT (component) DO UPDATE SET status = EXCLUDED.status, health_score = EXCLUDED.health_score,
     response_time_ms = EXCLUDED.response_time_ms, throughput = EXCLUDED.throughput,
     error_rate = EXCLUDED.error_rate, details = EXCLUDED.details, last_check = p_now, updated_at = p_now
$$;

GRANT EXECUTE ON FUNCTION pp_journal_append(JSON, JSON, BIGINT), pp_lock_balances(JSON, BOOLEAN, BIGINT),
  change_balance(BIGINT, TEXT, TEXT, BIGINT, TEXT, BYTEA, BYTEA, BYTEA, BIGINT),
  submit_encrypted_order(BIGINT, BIGINT, TEXT, TEXT, TEXT, BIGINT, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BIGINT),
  submit_encrypted_orders(BIGINT[], BIGINT[], TEXT[], TEXT[], TEXT[], BIGINT[], BYTEA[], BYTEA[],
                          BYTEA[], BYTEA[], BYTEA[], BIGINT),
  cancel_encrypted_order(BIGINT, BIGINT, BYTEA, BYTEA, BIGINT),
  cleanup_expired_orders(BIGINT, BIGINT[], JSON),
  create_matching_session(BIGINT, BYTEA, JSONB, BIGINT), fail_matching_session(BIGINT, TEXT, BIGINT),
  record_metric(TEXT, DOUBLE PRECISION, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT),
  update_system_health(TEXT, TEXT, INTEGER, INTEGER, DOUBLE PRECISION, DOUBLE PRECISION, JSONB, BIGINT)
  TO pp_service;
GRANT EXECUTE ON FUNCTION executor_submit_response(BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, BIGINT),
  executor_heartbeat(BIGINT, TEXT, BIGINT) TO pp_executor;
