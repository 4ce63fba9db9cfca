-- Which orders each session froze, kept after they move on (see
-- migrations/postgres/006_session_orders.sql): written by a trigger when an order is frozen.
CREATE TABLE session_orders (
  matching_session_id INTEGER NOT NULL
    CONSTRAINT session_orders__matching_session_id__fk REFERENCES matching_sessions(id),
  order_id INTEGER NOT NULL CONSTRAINT session_orders__order_id__fk REFERENCES encrypted_orders(id),
  CONSTRAINT session_orders__pk PRIMARY KEY (matching_session_id, order_id)
) WITHOUT ROWID;

INSERT INTO session_orders (matching_session_id, order_id)
SELECT matching_session_id, id FROM encrypted_orders WHERE matching_session_id IS NOT NULL;
INSERT OR IGNORE INTO session_orders (matching_session_id, order_id)
SELECT matching_session_id, order_id FROM order_openings;

CREATE TRIGGER encrypted_orders__frozen__record AFTER UPDATE OF matching_session_id
  ON encrypted_orders FOR EACH ROW
  WHEN NEW.matching_session_id IS NOT NULL AND NEW.status = 'matching'
BEGIN
  INSERT OR IGNORE INTO session_orders (matching_session_id, order_id)
  VALUES (NEW.matching_session_id, NEW.id);
END;
