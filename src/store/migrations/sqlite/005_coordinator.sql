-- What the coordinator records of a session so that anyone can re-check it (docs/executor.md,
-- "What is recorded where"): the draw's inputs, every executor's signed response with its
-- verdict, every order's opening (kept for the sessions it carries into: an order is opened
-- once), every excluded order with its reason and combined K, and the key sets of the
-- executors' DKG runs. The same logical schema as migrations/postgres/005_coordinator.sql.
ALTER TABLE matching_sessions ADD COLUMN batch_digest BLOB
  CONSTRAINT matching_sessions__batch_digest__ck CHECK (batch_digest IS NULL OR length(batch_digest) = 32);
ALTER TABLE matching_sessions ADD COLUMN previous_vrf_output BLOB
  CONSTRAINT matching_sessions__previous_vrf_output__ck
  CHECK (previous_vrf_output IS NULL OR length(previous_vrf_output) = 32);
ALTER TABLE matching_sessions ADD COLUMN key_epoch INTEGER
  CONSTRAINT matching_sessions__key_epoch__ck CHECK (key_epoch IS NULL OR key_epoch > 0);
ALTER TABLE executor_nodes ADD COLUMN key_epoch INTEGER
  CONSTRAINT executor_nodes__key_epoch__ck CHECK (key_epoch IS NULL OR key_epoch > 0);

CREATE TABLE key_sets (
  key_epoch INTEGER CONSTRAINT key_sets__key_epoch__pk PRIMARY KEY
    CONSTRAINT key_sets__key_epoch__ck CHECK (key_epoch > 0),
  threshold INTEGER NOT NULL CONSTRAINT key_sets__threshold__ck CHECK (threshold BETWEEN 1 AND 255),
  participants INTEGER NOT NULL,
  joint_public_key BLOB NOT NULL CONSTRAINT key_sets__joint_public_key__ck CHECK (length(joint_public_key) = 32),
  public_key_set BLOB NOT NULL CONSTRAINT key_sets__public_key_set__ck CHECK (length(public_key_set) BETWEEN 1 AND 65536),
  created_at INTEGER NOT NULL,
  CONSTRAINT key_sets__participants__ck CHECK (participants BETWEEN threshold AND 255)
);

CREATE TABLE quorum_responses (
  id INTEGER CONSTRAINT quorum_responses__id__pk PRIMARY KEY,
  matching_session_id INTEGER NOT NULL
    CONSTRAINT quorum_responses__matching_session_id__fk REFERENCES matching_sessions(id),
  attempt INTEGER NOT NULL CONSTRAINT quorum_responses__attempt__ck CHECK (attempt > 0),
  node_index INTEGER NOT NULL CONSTRAINT quorum_responses__node_index__ck CHECK (node_index BETWEEN 1 AND 255),
  executor_node_id INTEGER CONSTRAINT quorum_responses__executor_node_id__fk REFERENCES executor_nodes(id),
  asked INTEGER NOT NULL CONSTRAINT quorum_responses__asked__ck CHECK (asked IN (0, 1)),
  is_valid INTEGER NOT NULL CONSTRAINT quorum_responses__is_valid__ck CHECK (is_valid IN (0, 1)),
  combined INTEGER NOT NULL CONSTRAINT quorum_responses__combined__ck CHECK (combined IN (0, 1)),
  reason TEXT CONSTRAINT quorum_responses__reason__ck CHECK (reason IS NULL OR length(reason) <= 4096),
  latency_ms INTEGER NOT NULL CONSTRAINT quorum_responses__latency_ms__ck CHECK (latency_ms >= 0),
  response BLOB CONSTRAINT quorum_responses__response__ck CHECK (response IS NULL OR length(response) BETWEEN 1 AND 67108864),
  created_at INTEGER NOT NULL,
  CONSTRAINT quorum_responses__node_index__uq UNIQUE (matching_session_id, attempt, node_index),
  CONSTRAINT quorum_responses__is_valid__response_ck CHECK (is_valid = 0 OR response IS NOT NULL)
);
CREATE INDEX quorum_responses_node_idx ON quorum_responses (executor_node_id, is_valid);

CREATE TABLE order_openings (
  order_id INTEGER CONSTRAINT order_openings__order_id__pk PRIMARY KEY
    CONSTRAINT order_openings__order_id__fk REFERENCES encrypted_orders(id),
  matching_session_id INTEGER NOT NULL
    CONSTRAINT order_openings__matching_session_id__fk REFERENCES matching_sessions(id),
  size INTEGER NOT NULL CONSTRAINT order_openings__size__ck CHECK (size > 0),
  limit_price INTEGER CONSTRAINT order_openings__limit_price__ck CHECK (limit_price IS NULL OR limit_price > 0),
  min_fill INTEGER NOT NULL CONSTRAINT order_openings__min_fill__ck CHECK (min_fill >= 0 AND min_fill <= size),
  opening BLOB NOT NULL CONSTRAINT order_openings__opening__ck CHECK (length(opening) BETWEEN 1 AND 65536),
  created_at INTEGER NOT NULL
);

CREATE TABLE excluded_orders (
  order_id INTEGER CONSTRAINT excluded_orders__order_id__pk PRIMARY KEY
    CONSTRAINT excluded_orders__order_id__fk REFERENCES encrypted_orders(id),
  matching_session_id INTEGER NOT NULL
    CONSTRAINT excluded_orders__matching_session_id__fk REFERENCES matching_sessions(id),
  reason TEXT NOT NULL CONSTRAINT excluded_orders__reason__ck CHECK (length(reason) BETWEEN 1 AND 1024),
  shared_point BLOB CONSTRAINT excluded_orders__shared_point__ck CHECK (shared_point IS NULL OR length(shared_point) = 32),
  created_at INTEGER NOT NULL
);
CREATE INDEX excluded_orders_session_idx ON excluded_orders (matching_session_id);
