// A stock WebSocket client (Node's built-in, undici): reads public events from the start,
// drops the connection after the first two, reconnects with the last id it saw and reads
// until it has an event with id >= TARGET (events keep coming: heartbeats, sessions).
// Prints "id N" for every event, in the order received. Exit 1 on an error or after 20 s.
const port = process.argv[2];
const target = Number(process.argv[3]);
const seen = [];

function read(afterId, dropAfter) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/stream?after_id=${afterId}`);
    const timer = setTimeout(() => reject(new Error(`no event ${target} within 20 s`)), 20000);
    const done = () => { clearTimeout(timer); ws.close(); resolve(); };
    ws.onerror = (e) => reject(new Error(`websocket error: ${e.message ?? e.type}`));
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data);
      if (event.error) return reject(new Error(JSON.stringify(event.error)));
      seen.push(event.id);
      console.log(`id ${event.id}`);
      if (dropAfter !== undefined ? seen.length >= dropAfter : event.id >= target) done();
    };
  });
}

try {
  await read(0, 2);
  await read(seen.length ? seen[seen.length - 1] : 0);
  process.exit(0);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
