// A TCP proxy that appends every byte each way to two files; run as its own process so it
// keeps forwarding while the test's thread blocks on a synchronous metastore call.
import net from 'node:net';
import { appendFileSync } from 'node:fs';

const [upstreamPort, sentFile, receivedFile] = process.argv.slice(2);
const server = net.createServer((client) => {
  const upstream = net.connect(Number(upstreamPort), '127.0.0.1');
  client.on('data', (d) => { appendFileSync(sentFile, d); upstream.write(d); });
  upstream.on('data', (d) => { appendFileSync(receivedFile, d); client.write(d); });
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(`proxy ${server.address().port}`));
